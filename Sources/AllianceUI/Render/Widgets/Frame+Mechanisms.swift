import Foundation
import AllianceCore

/// What-if mechanisms on screen: the `m` overlay (each mechanism, on or off), the line under
/// the "now" line while any is on (which, and what they saved so far), the alerts they avoid
/// in the alerts panel, and the savings of the selected patient and of a partner.
///
/// The panels draw the variant (`app.analysis`); the baseline's alerts that the variant does
/// not raise are added, marked `avoided`, where the case as it happened showed them.
extension Frame {
    /// The baseline's alerts that are avoided and that the alerts panel of the case as it
    /// happened shows at step k (raised at k, or raised before and still active), newest first.
    func avoidedShown(at k: Int) -> [Alert] {
        guard let c = app.comparison else { return [] }
        var out: [Alert] = []
        for id in c.avoided.reversed() {
            let a = c.baseline.alerts[id]
            guard a.step <= k else { continue }
            if a.step == k || (a.clearedStep.map { $0 > k } ?? true) { out.append(a) }
        }
        return out
    }

    /// ` ◌ What if: A shared care record + … • 2 avoided • 0 new • 46 days, 239.20 EUR saved so far   m: list`
    /// Its parts shorten before anything is cut: the names become a count, the figures their short form.
    func whatIfLine(_ c: inout Canvas, y: Int) {
        guard let comparison = app.comparison else { return }
        let w = c.grid.width
        let k = state.step
        let avoided = comparison.avoided(upTo: k).count, new = comparison.new(upTo: k).count
        var days = 0.0, cost = 0.0
        for x in model.patients.indices {
            let s = comparison.saved(patient: x, at: k)
            days += s.days
            cost += s.cost
        }
        let names = comparison.mechanisms.map { TextSanitizer.singleLine($0.name) }
        let sep = " \(glyphs.separator) "
        let money = String(format: "%.2f %@", cost, model.info.currency)
        let dayText = days == days.rounded() ? "\(Int(days))" : String(format: "%.1f", days)
        let figures = [
            "\(Plural.count(avoided, "alert")) avoided\(sep)\(new) new\(sep)\(dayText) unneeded \(dayText == "1" ? "day" : "days"), \(money) saved so far",
            "\(avoided) avoided\(sep)\(new) new\(sep)\(dayText) d, \(money) saved",
        ]
        let heads = [" \(glyphs.avoided) What if: \(names.joined(separator: " + "))", " \(glyphs.avoided) What if: \(Plural.count(names.count, "mechanism"))",
                     " \(glyphs.avoided) \(names.count) on"]
        let hint = "   m: list"
        var chosen: (String, String, String)?
        outer: for h in heads {
            for f in figures {
                for t in [hint, ""] where DisplayWidth.of(h + sep + f + t) <= w {
                    chosen = (h, f, t)
                    break outer
                }
            }
        }
        let (head, figure, tail) = chosen ?? (heads.last!, figures.last!, "")
        var line = Line([Span(head, .clean, [.bold], atomic: true), Span(sep, .muted), Span(figure, .clean, [], atomic: true)])
        if !tail.isEmpty { line.append(Span(tail, .key, [], atomic: true)) }
        c.draw(line, x: 0, y: y, maxX: w)
    }

    /// The lines of an avoided alert in the alerts panel: the glyph, the rule, `avoided`.
    func avoidedAlertLines(_ a: Alert, width: Int, maxLines: Int) -> [Line] {
        var first = Line([Span(" "), Span(glyphs.avoided + " ", .clean, [.bold], atomic: true), Span(a.rule.rawValue, .muted, [], atomic: true)])
        if let x = a.patient { first.append(Span("  \(short(patient: x))", .muted, [], atomic: true)) }
        first.append(Span("  step \(a.step)", .muted, [], atomic: true))
        first.append(Span("  avoided", .clean, [.bold], atomic: true))
        let message = Line([Span("    "), Span(a.message, .muted)])
        return [first] + message.wrapped(width, maxLines: maxLines, ellipsis: glyphs.ellipsis, indent: "    ")
    }

    /// The selected patient's savings: `what-if: 3 alerts avoided • 46 days, 239.20 EUR saved`.
    func patientWhatIfLines(_ x: Int, width: Int) -> [Line] {
        guard let c = app.comparison else { return [] }
        let k = state.step
        let avoided = c.avoided(upTo: k).filter { $0.patient == x }.count
        let new = c.new(upTo: k).filter { $0.patient == x }.count
        let saved = c.saved(patient: x, at: k)
        // The long form where it fits on one line, else the short one (`2 avoided • 0.4 d, 1.95 EUR saved`).
        var lines: [Line] = []
        for short in [false, true] {
            var parts = [short ? "\(avoided) avoided" : "\(Plural.count(avoided, "alert")) avoided"]
            if new > 0 { parts.append("\(new) new") }
            if saved.days != 0 {
                let d = saved.days == saved.days.rounded() ? "\(Int(saved.days))" : String(format: "%.1f", saved.days)
                let unit = short ? "d" : d == "1" ? "day" : "days"
                parts.append("\(d) \(unit), \(String(format: "%.2f", saved.cost)) \(model.info.currency) saved")
            }
            let line = Line([Span("\(glyphs.avoided) what-if: ", .clean, [.bold], atomic: true), Span(parts.joined(separator: " \(glyphs.separator) "), .clean)])
            lines = line.wrapped(width, maxLines: 2, ellipsis: glyphs.ellipsis, indent: "  ")
            if lines.count == 1 { break }
        }
        return lines
    }

    /// The partner overlay's what-if section: alerts that concern the partner, avoided and new.
    func partnerWhatIfLines(_ p: Int, width: Int) -> [Line] {
        guard let c = app.comparison else { return [] }
        let k = state.step
        let avoided = c.avoided(upTo: k).filter { $0.partners.contains(p) }
        let new = c.new(upTo: k).filter { $0.partners.contains(p) }
        var lines: [Line] = [.empty, heading("What if: " + c.mechanisms.map { TextSanitizer.singleLine($0.name) }.joined(separator: " + "))]
        lines += text("By step \(k): \(Plural.count(avoided.count, "alert")) that concern \(analysis.partnerName(p)) avoided, \(new.count) new.",
                      .clean, width: width)
        for a in avoided { lines += text("\(glyphs.avoided) \(a.rule.rawValue): \(a.message)", .muted, width: width, indent: "  ") }
        for a in new { lines += text("\(severityGlyph(a.severity)) new \(a.rule.rawValue): \(a.message)", severityRole(a.severity), width: width, indent: "  ") }
        return lines
    }

    /// The `m` overlay: each mechanism with its sentence, on or off, the selected one marked.
    func mechanismLines(width: Int) -> [Line] {
        let mechanisms = app.baseline.model.mechanisms
        guard !mechanisms.isEmpty else {
            return text("This case declares no what-if mechanisms. Add a 'mechanisms:' list to the case file (see docs/case-format.md).", .muted, width: width)
        }
        var lines = text("Turn a coordination mechanism on to see the case as if it had been in place: the alerts it avoids (\(glyphs.avoided)), the unneeded days and cost it saves.",
                         .muted, width: width)
        lines.append(.empty)
        for (i, m) in mechanisms.enumerated() {
            let on = app.activeMechanisms.contains(m.id)
            let selected = i == app.mechanismCursor
            lines.append(Line([
                Span(selected ? glyphs.focus + " " : "  ", .focus, [.bold]),
                Span(on ? "[on]  " : "[off] ", on ? .clean : .muted, [.bold], atomic: true),
                Span(TextSanitizer.singleLine(m.name), selected ? .selected : .title, [.bold]),
            ]))
            lines += text(m.sentence, .normal, width: width, indent: "        ")
        }
        lines.append(.empty)
        if let c = app.comparison {
            let s = c.savings(at: state.step)
            lines += text("On, by step \(s.step): \(Plural.count(s.avoided, "alert")) avoided, \(s.new) new; \(String(format: "%g", s.daysSaved)) unneeded days and \(String(format: "%.2f", s.costSaved)) \(s.currency) saved. At the end of the case: \(Plural.count(c.avoided.count, "alert")) avoided, \(String(format: "%g", c.savings(at: c.baseline.stepCount).daysSaved)) days saved.",
                          .clean, width: width)
        } else {
            lines += text("None is on: the dashboard shows the case as it happened.", .muted, width: width)
        }
        lines.append(Line("Space/Enter on/off \(glyphs.separator) j/k select \(glyphs.separator) m/Esc close", .key))
        return lines
    }
}
