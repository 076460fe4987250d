import Foundation

/// Renders an `AnalysisReport` as text (for a terminal), Markdown, or JSON.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, markdown, json
}

public enum ReportRenderer {
    public static func render(_ report: AnalysisReport, as format: ReportFormat) -> String {
        switch format {
        case .json: return json(report)
        case .text: return ReportDocument(report).text()
        case .markdown: return ReportDocument(report).markdown()
        }
    }

    /// Stable JSON: keys sorted, two-space indent, no escaped slashes, ending in a newline.
    public static func json(_ report: AnalysisReport) -> String {
        String(decoding: jsonData(report), as: UTF8.self)
    }

    /// The same JSON as bytes, for writing out without another copy of a large document.
    /// The JSON report, written piece by piece: the same bytes as `jsonData`, without ever
    /// holding the whole document (on a 300,000-step case it is hundreds of megabytes, and
    /// the encoder's working copy several times that). The report's four long lists
    /// (partners, patients, handoffs, alerts) are encoded one element at a time into the
    /// skeleton that the encoder writes for the rest. `write` gets the text in order.
    public static func writeJSON(_ report: AnalysisReport, to write: ([UInt8]) -> Void) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var skeleton = report
        skeleton.partners = []
        skeleton.patients = []
        skeleton.handoffs = []
        skeleton.alerts = []
        guard let data = try? encoder.encode(skeleton) else { return write(Array("{}\n".utf8)) }
        let text = [UInt8](data)
        var at = 0
        let newline = UInt8(ascii: "\n")
        // Written in pieces of about a megabyte.
        var out: [UInt8] = []
        out.reserveCapacity(1 << 20)
        func elements<T: Encodable>(_ items: [T]) {
            // A batch of elements per encoding (an encoder call per element costs more than
            // the element): the encoder writes a list as `[`, its elements two spaces in,
            // `]`; two more spaces make them four in, as inside the report.
            var first = true
            for start in stride(from: 0, to: items.count, by: 64) {
                guard let d = try? encoder.encode(Array(items[start..<min(items.count, start + 64)])) else { continue }
                let bytes = [UInt8](d)
                // Between "[\n" and "\n]".
                guard bytes.count >= 4 else { continue }
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                out.append(newline)
                var lineStart = true
                for b in bytes[2..<(bytes.count - 2)] {
                    if b == newline {
                        out.append(b)
                        lineStart = true
                        continue
                    }
                    if lineStart { out.append(contentsOf: [0x20, 0x20]) }
                    lineStart = false
                    out.append(b)
                }
                if out.count >= 1 << 20 {
                    write(out)
                    out.removeAll(keepingCapacity: true)
                }
            }
        }
        // The keys are sorted, so the lists come in alphabetical order in the skeleton: each
        // sits as a top-level key (two spaces in) with an empty list.
        for key in ["alerts", "handoffs", "partners", "patients"] {
            let marker = Array("\n  \"\(key)\" : [\n\n  ]".utf8)
            guard let r = find(marker, in: text, from: at) else { continue }
            let count = key == "alerts" ? report.alerts.count : key == "handoffs" ? report.handoffs.count
                : key == "partners" ? report.partners.count : report.patients.count
            guard count > 0 else { continue }  // written with the skeleton's text
            out.append(contentsOf: text[at..<r])
            out.append(contentsOf: Array("\n  \"\(key)\" : [".utf8))
            switch key {
            case "alerts": elements(report.alerts)
            case "handoffs": elements(report.handoffs)
            case "partners": elements(report.partners)
            default: elements(report.patients)
            }
            out.append(contentsOf: Array("\n  ]".utf8))
            at = r + marker.count
        }
        out.append(contentsOf: text[at...])
        out.append(newline)
        write(out)
    }

    /// The first index of `needle` in `haystack` at or after `from`.
    private static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        var i = from
        while i <= haystack.count - needle.count {
            if haystack[i] == needle[0], haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    public static func jsonData(_ report: AnalysisReport) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard var data = try? encoder.encode(report) else { return Data("{}\n".utf8) }
        data.append(0x0A)
        return data
    }
}

/// A report as blocks that render the same way to text and to Markdown.
struct ReportDocument {
    enum Block {
        case heading(Int, String)
        case paragraph(String)
        case bullets([String])
        case table([String], [[String]])
    }

    var blocks: [Block] = []

    init(_ r: AnalysisReport) {
        let names = Dictionary(r.partners.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let patientNames = Dictionary(r.patients.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let days = { (d: Double) in d == d.rounded() ? "\(Int(d))" : String(format: "%.1f", d) }
        let dayCount = { (d: Double) in days(d) == "1" ? "1 day" : "\(days(d)) days" }
        let money = { (v: Double) in String(format: "%.2f %@", v, r.metrics.currency) }

        blocks.append(.heading(1, r.case.title))
        blocks.append(.paragraph("Step \(r.step) of \(r.steps) · day \(r.day) · \(r.date)"))
        if let c = r.current {
            var lines = ["Now: " + (c.patient.map { "\(patientNames[$0] ?? $0): " } ?? "") + c.sentence]
            if let n = c.note { lines.append("Note: \(n)") }
            if let q = c.question { lines.append("Question: \(q)") }
            blocks.append(.paragraph(lines.joined(separator: "\n")))
        }

        if let w = r.whatIf { blocks += ReportDocument.whatIfBlocks(w) }

        let active = r.alerts.filter(\.active)
        blocks.append(.heading(2, "Alerts: \(active.count) active, \(r.alerts.count) raised so far"))
        if r.alerts.isEmpty {
            blocks.append(.paragraph("None."))
        } else {
            // Every alert raised so far, newest first, as in the JSON: active, or resolved at a step.
            blocks.append(.bullets(r.alerts.flatMap { a in
                let status = a.active ? "active" : "resolved at step \(a.clearedStep ?? a.step)" + (a.resolution.map { ": \($0)" } ?? "")
                let concerns = a.partners.map { names[$0] ?? $0 }.joined(separator: ", ")
                return ["\(ReportDocument.glyph(a.severity)) \(a.rule.rawValue) (step \(a.step), day \(a.day)) · \(status) · \(concerns)",
                        "  \(a.message)"]
            }))
        }

        let h = r.metrics.handoffs
        let median = r.metrics.medianHandoffLatencyDays.map { "; median latency \(dayCount($0))" } ?? ""
        blocks.append(.heading(2, "Handoffs: \(h.clean) clean, \(h.late) late, \(h.omitted) omitted, \(h.pending) pending\(median)"))
        if !r.handoffs.isEmpty {
            blocks.append(.table(["status", "patient", "from → to", "knowledge", "step", "due day", "latency"], r.handoffs.map { x in
                ["\(ReportDocument.glyph(x.status)) \(x.status.rawValue)" + (x.supersededDay.map { x.status == .omitted ? " (never sent; superseded on day \($0))" : " (superseded on day \($0))" } ?? ""), patientNames[x.patient] ?? x.patient,
                 "\(names[x.from] ?? x.from) → \(names[x.to] ?? x.to)", x.knowledge, "\(x.triggeredStep)", "\(x.dueDay)",
                 x.latencyDays.map { "\(days($0)) d" } ?? "—"]
            }))
        }

        blocks.append(.heading(2, "Routines"))
        var routineLines: [String] = []
        for d in r.routines.designed {
            let state = d.inForce ? (d.adoptedStep.map { "adopted at step \($0)" } ?? "designed") : "proposed"
            routineLines.append("\(d.name) (\(state)): \(d.instances.count) run(s)")
            for i in d.instances {
                let steps = i.steps.map { s in
                    let done = s.status == .onTime || s.status == .late
                    return "\(done ? s.activity : s.activities.joined(separator: " or ")) \(ReportDocument.glyph(s.status))"
                }.joined(separator: " · ")
                routineLines.append("  \(patientNames[i.patient] ?? i.patient): \(steps)")
            }
        }
        for e in r.routines.emergent {
            let status = e.status == .formalised ? "formalised at step \(e.formalisedStep ?? 0)" : "emergent since step \(e.flaggedStep)"
            routineLines.append("★ \(e.description): \(Plural.count(e.occurrences, "time")), \(Plural.count(e.patients.count, "patient")), \(status)")
        }
        blocks.append(.bullets(routineLines.isEmpty ? ["None declared."] : routineLines))

        blocks.append(.heading(2, "Patients"))
        blocks.append(.paragraph("Knowledge: ● held · ● NEW arrived at this step · ◐ old: only an older version held · ✗ missing: needed, exists elsewhere, missing here · ○ needed, not yet produced · · not needed"))
        for p in r.patients {
            let therapy = p.therapies.last.map { t in
                t.status == .active ? "on \(t.therapy) since day \(t.startDay) (\(dayCount(t.days)))" : "\(t.therapy) ended on day \(t.endDay ?? 0) after \(dayCount(t.days))"
            } ?? "no therapy"
            let unneeded = p.unneededDays > 0 ? "; unneeded: \(dayCount(p.unneededDays)), \(money(p.unneededCost))" : ""
            blocks.append(.heading(3, "\(p.name)\(p.profile.isEmpty ? "" : " (\(p.profile))")"))
            blocks.append(.paragraph("\(therapy)\(unneeded); \(Plural.count(p.alerts, "active alert")); \(Plural.count(p.journey.count, "step")) so far"))
            if !p.knowledge.isEmpty {
                blocks.append(.table(["knowledge"] + r.partners.map(\.name), p.knowledge.map { row in
                    [row.knowledge] + row.cells.map { ReportDocument.glyph(cell: $0.status) }
                }))
            }
        }

        blocks.append(.heading(2, "Partners"))
        for p in r.partners {
            var lines = ["people: " + p.actors.map { "\($0.name) (\($0.role))" }.joined(separator: ", ")]
            if let t = p.thisStep {
                let who = t.actors.count > 1 ? t.sentence : "\(t.actorName ?? "") \(t.activityLabel ?? "")"
                lines.append("▶ this step: \(who)" + (t.patient.map { " (\(patientNames[$0] ?? $0))" } ?? ""))
            }
            for k in p.knowledge {
                lines.append("knows of \(patientNames[k.patient] ?? k.patient): " + k.items.map { item in
                    (item.value.isEmpty ? item.knowledge : "\(item.knowledge) \(item.value)") + (item.new ? " NEW" : "")
                }.joined(separator: ", "))
            }
            lines.append("open obligations: " + (p.openObligations.isEmpty ? "—" : p.openObligations.map {
                "\($0.decision) for \(patientNames[$0.patient] ?? $0.patient) by day \($0.dueDay)\($0.overdue ? " (OVERDUE)" : "")"
            }.joined(separator: ", ")))
            lines.append("active alerts: \(p.alerts)")
            blocks.append(.heading(3, p.name))
            blocks.append(.bullets(lines))
        }

        let m = r.metrics
        var metricLines = [
            "handoffs: \(h.clean) clean, \(h.late) late, \(h.omitted) omitted, \(h.pending) pending",
            "median handoff latency: " + (m.medianHandoffLatencyDays.map { dayCount($0) } ?? "—"),
            "routine steps: \(m.routineStepsOnTime) of \(m.routineStepsDue) due on time; \(m.routineStepsLate) late, \(m.routineStepsSkipped) skipped, \(m.routineStepsOverdue) overdue",
            "unneeded therapy: \(dayCount(m.unneededTherapyDays)), \(money(m.unneededCost))",
        ]
        for s in m.sharedKnowledge {
            metricLines.append("shared knowledge, \(names[s.partner] ?? s.partner) from \(names[s.from] ?? s.from): \(s.held) of \(s.needed) (\(Int((s.index * 100).rounded())) %)")
        }
        blocks.append(.heading(2, "Alliance metrics"))
        blocks.append(.bullets(metricLines))
        appendAnnotations(r)
    }

    static func glyph(_ s: AlertSeverity) -> String {
        switch s {
        case .critical: "!"
        case .warning: "▲"
        case .info: "i"
        }
    }

    // The dashboard's glyphs (one glyph, one meaning, in the reports too: `✗` is only
    // "missing here", `…` only "cut").
    static func glyph(_ s: HandoffStatus) -> String {
        switch s {
        case .clean: "✓"
        case .late: "◔"
        case .omitted: "⊘"
        case .pending: "◇"
        }
    }

    static func glyph(_ s: RoutineStepStatus) -> String {
        switch s {
        case .onTime: "✓"
        case .late: "◔"
        case .skipped: "⊘"
        case .overdue: "!"
        case .pending: "░"
        }
    }

    static func glyph(cell status: String) -> String {
        switch status {
        case "held": "●"
        case "new": "● NEW"
        case "outdated": "◐ old"
        case "missing": "✗"
        case "not-yet-produced": "○"
        default: "·"
        }
    }

    func text() -> String {
        var out: [String] = []
        for block in blocks {
            switch block {
            case let .heading(level, title):
                let t = TextSanitizer.singleLine(title)
                out.append(level == 3 ? t : t + "\n" + String(repeating: level == 1 ? "=" : "-", count: t.count))
            case let .paragraph(p):
                out.append(TextSanitizer.multiLine(p))
            case let .bullets(lines):
                out.append(lines.map { "  " + TextSanitizer.singleLine($0) }.joined(separator: "\n"))
            case let .table(header, rows):
                let all = ([header] + rows).map { $0.map(TextSanitizer.singleLine) }
                let widths = header.indices.map { i in all.map { $0[i].count }.max() ?? 0 }
                out.append(all.map { row in
                    "  " + row.enumerated().map { i, cell in cell + String(repeating: " ", count: widths[i] - cell.count) }
                        .joined(separator: "  ").trimmingTrailingSpaces()
                }.joined(separator: "\n"))
            }
        }
        return out.joined(separator: "\n\n") + "\n"
    }

    func markdown() -> String {
        func escape(_ s: String) -> String {
            TextSanitizer.singleLine(s).replacingOccurrences(of: "|", with: "\\|")
        }
        var out: [String] = []
        for block in blocks {
            switch block {
            case let .heading(level, title):
                out.append(String(repeating: "#", count: level) + " " + TextSanitizer.singleLine(title))
            case let .paragraph(p):
                out.append(TextSanitizer.multiLine(p).split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "  \n"))
            case let .bullets(lines):
                out.append(lines.map { line -> String in
                    let indent = line.prefix { $0 == " " }.count
                    return String(repeating: " ", count: indent) + "- " + TextSanitizer.singleLine(String(line.dropFirst(indent)))
                }.joined(separator: "\n"))
            case let .table(header, rows):
                var lines = ["| " + header.map(escape).joined(separator: " | ") + " |"]
                lines.append("|" + String(repeating: " --- |", count: header.count))
                lines += rows.map { "| " + $0.map(escape).joined(separator: " | ") + " |" }
                out.append(lines.joined(separator: "\n"))
            }
        }
        return out.joined(separator: "\n\n") + "\n"
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
