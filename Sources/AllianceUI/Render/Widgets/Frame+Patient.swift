import Foundation
import AllianceCore

/// The selected patient: the patient tabs, therapy, journey, and the knowledge matrix.
extension Frame {
    /// What the patient panel shows: lines that always stay (therapy, journey, the matrix
    /// header) and the matrix rows, which scroll under the header.
    struct PatientContent {
        var fixed: [Line]
        var rows: [Block]
        /// Rows the panel would like, borders included.
        var wanted: Int { 2 + fixed.count + rows.count }
    }

    /// `roomy`: a tall panel, where the profile gets its own line and the journey up to three.
    func patientContent(width: Int, roomy: Bool) -> PatientContent {
        let x = app.patient
        var fixed: [Line] = []
        let profile = model.patients[x].profile
        if roomy, !profile.isEmpty { fixed += Line(profile, .muted).wrapped(width, maxLines: 2, ellipsis: glyphs.ellipsis) }
        fixed += therapyLines(x, width: width)
        fixed += patientWhatIfLines(x, width: width)
        fixed += journeyLines(x, width: width, rows: roomy ? 3 : 1)
        let (header, rows) = matrix(x, width: width)
        if let header { fixed.append(header) }
        return PatientContent(fixed: fixed, rows: rows)
    }

    func patientPanel(_ c: inout Canvas, _ r: Rect, content: PatientContent) {
        let x = app.patient
        let focused = app.focus == .patient
        let p = model.patients[x]
        c.box(r, title: "", focused: focused)
        var title = Line(analysis.patientName(x), .title, [.bold])
        // The profile rides in the title unless the panel gave it a line of its own.
        if !p.profile.isEmpty, content.fixed.first?.text != p.profile { title.append(Span(" \(glyphs.separator) \(p.profile)", .title)) }
        patientTabs(&c, r, title: title, focused: focused)
        let inner = Rect(x: r.x + 2, y: r.y + 1, width: r.width - 4, height: r.height - 2)
        // The matrix header stays when its rows scroll.
        var y = inner.y
        for line in content.fixed.prefix(inner.height) {
            c.draw(line, x: inner.x, y: y, maxX: inner.maxX)
            y += 1
        }
        let rest = Rect(x: inner.x, y: y, width: inner.width, height: inner.maxY - y)
        drawBlocks(&c, content.rows, in: rest, skip: focused ? app.scroll[.patient] ?? 0 : 0)
        if !app.followStep {
            c.put(" pinned ", x: r.maxX - 10, y: r.maxY - 1, maxX: r.maxX - 1, role: .muted)
        }
        if held, !model.knowledge.isEmpty {
            c.put(" knowledge as at step \(state.step) ", x: r.x + 2, y: r.maxY - 1, maxX: r.maxX - 11, role: .warning, attributes: [.bold])
        }
    }

    /// `Joan Ferrer • 60, COPD … ─── ◁ Joan ▲2 │ Maria !1 │ Pere ▷`
    private func patientTabs(_ c: inout Canvas, _ r: Rect, title: Line, focused: Bool) {
        // The tabs: as many patients around the selected one as fit in half the width.
        let n = model.patients.count
        let budget = r.width / 2
        var order: [Int] = [app.patient]
        var offset = 1
        // A tab is at least 4 columns wide: never more candidates than fit (not all 10,000).
        let most = min(n, budget / 4 + 1)
        while order.count < most, offset < n {
            if app.patient + offset < n { order.append(app.patient + offset) }
            if order.count < most, app.patient - offset >= 0 { order.append(app.patient - offset) }
            offset += 1
        }
        var shown: [Int] = []
        var width = 0
        for i in order {
            let w = DisplayWidth.of(short(patient: i)) + (badge(state.alertTally(patient: i)).map { $0.width + 1 } ?? 0) + 3
            if width + w > budget, !shown.isEmpty { break }
            shown.append(i)
            width += w
        }
        shown.sort()
        var tabs = Line()
        tabs.append(Span(shown.first == 0 ? "  " : "\(glyphs.back) ", .muted))
        for (j, i) in shown.enumerated() {
            if j > 0 { tabs.append(Span(" \(glyphs.vertical) ", .border)) }
            let selected = i == app.patient
            tabs.append(Span(short(patient: i), selected ? .selected : .normal, selected ? [.bold] : [], atomic: true))
            if let b = badge(state.alertTally(patient: i)) { tabs.append(Span(" ")); tabs.append(b) }
        }
        tabs.append(Span(shown.last == n - 1 ? "  " : " \(glyphs.arrow)", .muted))
        let tabsX = r.maxX - 2 - tabs.width
        c.titleLine(Rect(x: r.x, y: r.y, width: tabsX - r.x, height: 1), title: title, focused: focused)
        c.put(" ", x: tabsX - 1, y: r.y, role: .border)
        c.draw(tabs, x: tabsX, y: r.y, maxX: r.maxX - 1)
    }

    /// `on home oxygen therapy since day 18 (31 d)  46 unneeded days • 239.20 EUR`: on one
    /// line where it fits, else the unneeded days and cost get a line of their own (never cut).
    private func therapyLines(_ x: Int, width: Int) -> [Line] {
        let episodes = stepState.therapies(patient: x)
        guard let (e, status) = episodes.last else { return [Line("no therapy yet", .muted)] }
        let label = model.therapies[e.therapy].label
        let days = Int(stepState.daysOnTherapy(e))
        let main: Line
        if status == .active {
            main = Line([Span("on \(label)", .routine, [.bold]), Span(" since day \(day(e.startTime)) (\(days) d)", .routine, [.bold], atomic: true)])
        } else {
            main = Line([Span(label, .muted), Span(" ended on day \(day(e.endTime!)) after \(Plural.count(days, "day"))", .muted, [], atomic: true)])
        }
        let unneeded = stepState.unneeded(patient: x)
        guard unneeded.days > 0 else { return [main] }
        let cost = String(format: "%.2f", unneeded.cost)
        let figure = Line("\(Int(unneeded.days)) unneeded \(Int(unneeded.days) == 1 ? "day" : "days") \(glyphs.separator) \(cost) \(model.info.currency)", .critical, [.bold], atomic: true)
        if main.width + 2 + figure.width <= width { return [main + Line("  ") + figure] }
        return [main, figure]
    }

    /// `refer ─ lung-tests ─ prescribe-o2 ─▷ install`, the newest step last, on up to `rows`
    /// lines; when it does not fit, the oldest steps give way to a leading ellipsis.
    private func journeyLines(_ x: Int, width: Int, rows: Int) -> [Line] {
        let steps = stepState.journey(patient: x)
        guard !steps.isEmpty else { return [Line("journey: not started", .muted)] }
        let ids = steps.map { s in analysis.activity(ofStep: s).map { model.activities[$0].id } ?? "" }
        let now = steps.last == stepState.step
        func line(from first: Int) -> Line {
            var spans: [Span] = first > 0 ? [Span("\(glyphs.ellipsis) \(glyphs.horizontal) ", .muted)] : []
            for i in first..<ids.count {
                let last = i == ids.count - 1
                if i > first { spans.append(Span(last ? " \(glyphs.horizontal)\(glyphs.arrow) " : " \(glyphs.horizontal) ")) }
                spans.append(Span(ids[i], last && now ? .new : .normal, last && now ? [.bold] : []))
            }
            var l = Line(spans)
            l.wasCut = first > 0
            return l
        }
        // Drop the oldest steps until the rest wraps into the rows: the fewest dropped, found
        // by halving (dropping more never needs more rows), so a long journey costs
        // O(log steps) wraps, not one per step.
        func fits(_ first: Int) -> [Line]? {
            let wrapped = line(from: first).wrapped(width, ellipsis: glyphs.ellipsis, indent: "  ")
            return wrapped.count <= rows && !wrapped.contains(where: { $0.width > width }) ? wrapped : nil
        }
        if let all = fits(0) { return all }
        var lo = 1, hi = ids.count - 1  // the answer is in lo...hi, or nothing fits
        guard fits(hi) != nil else { return line(from: ids.count - 1).wrapped(width, maxLines: rows, ellipsis: glyphs.ellipsis) }
        while lo < hi {
            let mid = (lo + hi) / 2
            if fits(mid) != nil { hi = mid } else { lo = mid + 1 }
        }
        var out = fits(lo)!
        out[0].wasCut = true
        return out
    }

    /// The knowledge matrix: a header row, then a row per knowledge type, a column per partner.
    /// Columns sit next to their labels; rows with something to see rank above all-`·` rows.
    private func matrix(_ x: Int, width: Int) -> (Line?, [Block]) {
        guard !model.knowledge.isEmpty else { return (nil, []) }
        let newMark = " NEW", oldMark = " old"
        let cellWidth = DisplayWidth.of(glyphs.held) + DisplayWidth.of(newMark)
        let all = model.partners.indices
        let widest = max(cellWidth, all.map { DisplayWidth.of(short(partner: $0)) }.max() ?? 0) + 2
        var colWidth = max(cellWidth + 1, min(widest, (width - 10) / max(1, all.count)))
        // More partners than columns: the ones that matter at this step, and "+N more".
        var partners = Array(all)
        var moreLabel = ""
        let labelMinimum = 12
        if (width - labelMinimum) / (cellWidth + 1) < all.count {
            colWidth = min(widest, 12)
            let plus = "+\(all.count) more"
            let fit = max(1, (width - labelMinimum - DisplayWidth.of(plus) - 1) / colWidth)
            partners = Array(partnersByRelevance().prefix(fit))
            moreLabel = "+\(all.count - partners.count) more"
        }
        let longest = max(DisplayWidth.of("knowledge"), model.knowledge.map { DisplayWidth.of($0.label) }.max() ?? 0)
        let labelWidth = max(8, min(longest + 2, width - colWidth * partners.count - (moreLabel.isEmpty ? 0 : DisplayWidth.of(moreLabel) + 1)))
        var cut = false
        func pad(_ s: String, _ w: Int) -> String {
            let t = TextFit.pad(s, w, ellipsis: glyphs.ellipsis)
            if DisplayWidth.of(s) > w { cut = true }
            return t
        }
        var header = Line([Span(pad("knowledge", labelWidth), .muted, [.underline])])
        for p in partners { header.append(Span(pad(short(partner: p), colWidth - 1) + " ", Role.accent(p), [.bold])) }
        if !moreLabel.isEmpty { header.append(Span(moreLabel, .muted, [.bold], atomic: true)) }
        header.wasCut = cut
        var rows: [Block] = []
        for kt in model.knowledge.indices {
            cut = false
            var row = Line([Span(pad(model.knowledge[kt].label, labelWidth - 1) + " ")])
            var interesting = false
            var fresh = false
            for p in partners {
                let cell = state.knowledgeCell(patient: x, partner: p, knowledge: kt)
                let (g, role, attrs, extra): (String, Role, Attributes, String) = switch cell {
                // Held back (staged reveal), the matrix is the one before this step: nothing new.
                case .held(_, let arrived): (glyphs.held, arrived && !held ? .new : .clean, [.bold], arrived && !held ? newMark : "")
                case .outdated: (glyphs.outdated, .late, [.bold], oldMark)
                case .missing(let exists): exists ? (glyphs.missing, .critical, [.bold], "") : (glyphs.notYet, .pending, [], "")
                case .notNeeded: (glyphs.notNeeded, .muted, [], "")
                }
                if case .notNeeded = cell {} else { interesting = true }
                if extra == newMark { fresh = true }
                if case .missing(true) = cell { fresh = true }
                row.append(Span(" " + g, role, attrs, atomic: true))
                row.append(Span(extra, role, extra == newMark ? [.bold, .reverse] : attrs, atomic: true))
                row.append(Span(String(repeating: " ", count: max(0, colWidth - 2 - DisplayWidth.of(extra)))))
            }
            row.wasCut = cut
            rows.append(Block(row, fresh ? .important : interesting ? .normal : .context))
        }
        return (header, rows)
    }
}
