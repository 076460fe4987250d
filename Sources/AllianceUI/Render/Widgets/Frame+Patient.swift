import AllianceCore

/// The selected patient: the patient tabs, therapy, journey, and the knowledge matrix.
extension Frame {
    func patientPanel(_ c: inout Canvas, _ r: Rect) {
        let x = app.patient
        let focused = app.focus == .patient
        let p = model.patients[x]
        let title = p.profile.isEmpty ? p.name : "\(p.name) \(glyphs.separator) \(p.profile)"
        c.box(r, title: "", right: [], focused: focused)
        patientTabs(&c, r, title: title, focused: focused)

        let inner = Rect(x: r.x + 2, y: r.y + 1, width: r.width - 4, height: r.height - 2)
        var lines: [[(String, Role, Attributes)]] = []
        lines.append(therapyLine(x))
        lines.append(journeyLine(x, width: inner.width))
        lines += matrixLines(x, width: inner.width)
        let scroll = min(app.scroll[.patient] ?? 0, max(0, lines.count - inner.height))
        for (i, line) in lines.dropFirst(scroll).prefix(inner.height).enumerated() {
            c.spans(line, x: inner.x, y: inner.y + i, maxX: inner.maxX)
        }
    }

    /// `Joan Ferrer · 60, COPD … ─── ◀ Joan ▲2 │ Maria !1 │ Pere ▶`
    private func patientTabs(_ c: inout Canvas, _ r: Rect, title: String, focused: Bool) {
        // The tabs: as many patients around the selected one as fit in half the width.
        let n = model.patients.count
        var tabs: [(String, Role, Attributes)] = []
        var width = 0
        let budget = r.width / 2
        var order: [Int] = [app.patient]
        var offset = 1
        while order.count < n, offset < n {
            if app.patient + offset < n { order.append(app.patient + offset) }
            if order.count < n, app.patient - offset >= 0 { order.append(app.patient - offset) }
            offset += 1
        }
        var shown: [Int] = []
        for i in order {
            let tally = state.alertTally(patient: i)
            let w = DisplayWidth.of(firstName(patient: i)) + (badge(tally).map { DisplayWidth.of($0.0) + 1 } ?? 0) + 3
            if width + w > budget, !shown.isEmpty { break }
            shown.append(i)
            width += w
        }
        shown.sort()
        tabs.append((shown.first == 0 ? "  " : "\(glyphs.back) ", .muted, []))
        for (j, i) in shown.enumerated() {
            if j > 0 { tabs.append((" \(glyphs.vertical) ", .border, [])) }
            let selected = i == app.patient
            tabs.append((firstName(patient: i), selected ? .selected : .normal, selected ? [.bold] : []))
            if let b = badge(state.alertTally(patient: i)) { tabs.append((" " + b.0, b.1, [.bold])) }
        }
        tabs.append((shown.last == n - 1 ? "  " : " \(glyphs.arrow)", .muted, []))
        let tabsWidth = tabs.reduce(0) { $0 + DisplayWidth.of($1.0) }
        let tabsX = r.maxX - 2 - tabsWidth
        let marker = focused ? "\(glyphs.now) " : " "
        var tx = c.grid.put(marker, x: r.x + 1, y: r.y, maxX: tabsX - 1, role: focused ? .focus : .border, attributes: focused ? [.bold] : [])
        tx = c.grid.put(c.truncate(title, tabsX - tx - 2), x: tx, y: r.y, maxX: tabsX - 1, role: .title, attributes: [.bold])
        c.grid.put(" ", x: tx, y: r.y, maxX: tabsX, role: .border)
        c.grid.put(" ", x: tabsX - 1, y: r.y, role: .border)
        c.spans(tabs, x: tabsX, y: r.y, maxX: r.maxX - 1)
        if !app.followStep {
            c.grid.put(" pinned ", x: r.maxX - 10, y: r.maxY - 1, maxX: r.maxX - 1, role: .muted)
        }
    }

    private func therapyLine(_ x: Int) -> [(String, Role, Attributes)] {
        let episodes = state.therapies(patient: x)
        guard let (e, status) = episodes.last else { return [("no therapy yet", .muted, [])] }
        let label = model.therapies[e.therapy].label
        let days = Int(state.daysOnTherapy(e))
        var spans: [(String, Role, Attributes)]
        if status == .active {
            spans = [("on \(label) since day \(day(e.startTime)) (\(days) d)", .routine, [.bold])]
        } else {
            spans = [("\(label) ended on day \(day(e.endTime!)) after \(days) days", .muted, [])]
        }
        let unneeded = state.unneeded(patient: x)
        if unneeded.days > 0 {
            let cost = String(format: "%.2f", unneeded.cost)
            spans.append(("  \(Int(unneeded.days)) unneeded days \(glyphs.separator) \(cost) \(model.info.currency)", .critical, [.bold]))
        }
        return spans
    }

    /// `refer ─ lung-tests ─ prescribe-o2 ─▶ install`, the newest step last.
    private func journeyLine(_ x: Int, width: Int) -> [(String, Role, Attributes)] {
        let steps = state.journey(patient: x)
        guard !steps.isEmpty else { return [("journey: not started", .muted, [])] }
        let sep = " \(glyphs.horizontal) "
        var text = ""
        for (i, s) in steps.enumerated() {
            text += (i == 0 ? "" : (i == steps.count - 1 ? " \(glyphs.horizontal)\(glyphs.arrow) " : sep)) + (analysis.activity(ofStep: s).map { model.activities[$0].id } ?? "")
        }
        let now = steps.last == state.step
        let clipped = TextFit.truncateLeft(text, width, ellipsis: glyphs.ellipsis)
        guard now, let activity = analysis.activity(ofStep: state.step),
              let range = clipped.range(of: model.activities[activity].id, options: .backwards) else {
            return [(clipped, .normal, [])]
        }
        return [(String(clipped[..<range.lowerBound]), .normal, []), (String(clipped[range]), .new, [.bold])]
    }

    /// The knowledge matrix: a row per knowledge type, a column per partner.
    private func matrixLines(_ x: Int, width: Int) -> [[(String, Role, Attributes)]] {
        guard !model.knowledge.isEmpty else { return [] }
        let partners = model.partners.indices
        let colWidth = max(6, min(12, (width - 18) / max(1, partners.count)))
        let labelWidth = max(8, width - colWidth * partners.count)
        func pad(_ s: String, _ w: Int) -> String { TextFit.pad(s, w, ellipsis: glyphs.ellipsis) }
        var lines: [[(String, Role, Attributes)]] = []
        var header: [(String, Role, Attributes)] = [(pad("knowledge", labelWidth), .muted, [.underline])]
        for p in partners { header.append((pad(shortName(partner: p, max: colWidth - 1), colWidth), Role.accent(p), [.bold])) }
        lines.append(header)
        for kt in model.knowledge.indices {
            var row: [(String, Role, Attributes)] = [(pad(model.knowledge[kt].label, labelWidth - 1) + " ", .normal, [])]
            for p in partners {
                let cell = state.knowledgeCell(patient: x, partner: p, knowledge: kt)
                let (g, role, attrs, extra): (String, Role, Attributes, String) = switch cell {
                case .held(_, let new): (glyphs.held, new ? .new : .clean, [.bold], new ? " NEW" : "")
                case .outdated: (glyphs.outdated, .late, [.bold], " old")
                case .missing(let exists): exists ? (glyphs.missing, .critical, [.bold], "") : (glyphs.notYet, .pending, [], "")
                case .notNeeded: (glyphs.notNeeded, .muted, [], "")
                }
                row.append((" " + g, role, attrs))
                row.append((pad(extra, colWidth - 2), role, extra == " NEW" ? [.bold, .reverse] : attrs))
            }
            lines.append(row)
        }
        return lines
    }
}
