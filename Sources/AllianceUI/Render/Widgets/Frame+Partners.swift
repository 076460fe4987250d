import AllianceCore

/// One panel per partner, stacked on the left, all visible at once. Each panel's height
/// follows what it has to say at this step; when panels are too short, each one keeps
/// what changed now and its overdue obligations, and says how much it hides.
extension Frame {
    func partners(_ c: inout Canvas, _ r: Rect) {
        let count = model.partners.count
        let focused = app.focus == .partners
        let inner = r.width - 4
        // Content rows: the stack shares its borders (count + 1 of them).
        let room = r.height - (count + 1)
        guard count > 0, room / count >= 2 else {
            compactPartners(&c, r, focused: focused)
            return
        }
        let contents = model.partners.indices.map { partnerBlocks($0, width: inner) }
        let heights = share(room, wanted: contents.map { $0.reduce(0) { $0 + $1.lines.count } })
        var top = r.y
        for p in 0..<count {
            let height = p == count - 1 ? r.maxY - top : heights[p] + 2
            partnerPanel(&c, p, Rect(x: r.x, y: top, width: r.width, height: height), blocks: contents[p], focused: focused, first: p == 0)
            top += heights[p] + 1
        }
    }

    /// Shares `room` rows: an equal part each, then what is left to those that want more, in order.
    func share(_ room: Int, wanted: [Int]) -> [Int] {
        let n = wanted.count
        let base = room / n
        var heights = wanted.map { min($0, base) }
        var left = room - heights.reduce(0, +)
        while left > 0 {
            var gave = false
            for i in 0..<n where left > 0 && heights[i] < wanted[i] {
                heights[i] += 1
                left -= 1
                gave = true
            }
            if !gave { break }
        }
        // Spare rows go to the panels evenly, so the stack fills the column.
        var i = 0
        while left > 0 { heights[i % n] += 1; left -= 1; i += 1 }
        return heights
    }

    private func partnerPanel(_ c: inout Canvas, _ p: Int, _ r: Rect, blocks: [Block], focused: Bool, first: Bool) {
        let selected = focused && app.partnerCursor == p
        var right = Line()
        if let b = badge(state.alertTally(partner: p)) { right.append(b) }
        c.box(r, title: analysis.partnerName(p), titleRole: Role.accent(p), right: right, focused: selected)
        if !first {
            // Join with the panel above: tees instead of corners.
            c.put(glyphs.teeLeft, x: r.x, y: r.y, role: selected ? .focus : .border)
            c.put(glyphs.teeRight, x: r.maxX - 1, y: r.y, role: selected ? .focus : .border)
        }
        let inner = Rect(x: r.x + 2, y: r.y + 1, width: r.width - 4, height: r.height - 2)
        drawBlocks(&c, blocks, in: inner, skip: selected ? app.scroll[.partners] ?? 0 : 0)
    }

    /// The content of a partner panel: what it did now, what it knows about the selected
    /// patient (new knowledge marked), its open obligations, its people.
    func partnerBlocks(_ p: Int, width: Int) -> [Block] {
        var blocks: [Block] = []
        let k = state.step
        func wrap(_ line: Line, _ priority: Block.Priority, maxLines: Int = .max) -> Block {
            Block(line.wrapped(width, maxLines: maxLines, ellipsis: glyphs.ellipsis, indent: "  "), priority)
        }
        // What it did is the step itself, shown even while its consequences are held back.
        if let (who, what) = partnerAction(p, at: stepState.step) {
            var spans = [Span("\(glyphs.now) \(who): \(what)", .new, [.bold])]
            if let x = analysis.patient(ofStep: stepState.step) { spans.append(Span(" (\(short(patient: x)))", .new, [.bold], atomic: true)) }
            blocks.append(wrap(Line(spans), .now, maxLines: 3))
        }

        // Its totals over all patients so far, when there are many patients (the panel's other
        // lines are about one of them); with a few, each patient's story is on screen.
        if model.patients.count > Self.partnerOverlayPatients {
            // Steps and patients first (in a short panel, steps alone); then handovers and alerts.
            let brief = totalsLine(p, brief: true).wrapped(width, ellipsis: glyphs.ellipsis)
            let steps = Line(Plural.grouped(state.partnerTotals(p).steps, "step"), .normal, [], atomic: true)
            blocks.append(Block(brief, .important, compact: [steps]))
            let more = totalsLine(p, rest: true)
            if !more.spans.isEmpty { blocks.append(Block(more.wrapped(width, ellipsis: glyphs.ellipsis), .normal)) }
        }

        let x = app.patient
        // What it knows: labels, with the value of what just arrived (compact form: labels only).
        var known = Line([Span("knows of \(short(patient: x)): ", .normal, [], atomic: true)])
        var labelsOnly = known
        var any = false, anyNew = false
        for kt in model.knowledge.indices {
            guard let item = state.latestHeld(patient: x, partner: p, knowledge: kt) else { continue }
            let since = item.holders.first { $0.partner == p }!.step
            let isNew = since == k && !held
            let value = isNew && !item.value.isEmpty ? " " + item.value : ""
            // The separator rides on the previous item, so lines break after commas.
            func add(_ l: inout Line, _ text: String) {
                if any { l.spans[l.spans.count - 1].text += ","; l.append(Span(" ")) }
                l.append(Span(text, isNew ? .new : .normal, isNew ? [.bold] : []))
                if isNew { l.append(Span(" NEW", .new, [.bold, .reverse], atomic: true)) }
            }
            add(&known, model.knowledge[kt].label + value)
            add(&labelsOnly, model.knowledge[kt].label)
            any = true
            anyNew = anyNew || isNew
        }
        if !any { known.append(Span(glyphs.dash, .muted)) }
        let knownLines = known.wrapped(width, ellipsis: glyphs.ellipsis, indent: "  ")
        // A case without a knowledge layer (one read from an event log) has nothing to say here.
        if !model.knowledge.isEmpty {
            blocks.append(Block(knownLines, anyNew ? .now : .normal,
                            compact: any ? labelsOnly.wrapped(width, ellipsis: glyphs.ellipsis, indent: "  ") : nil))
        }

        // Counted, and a few listed (a large case has thousands): overdue ones first, then the
        // selected patient's, then the rest, and how many more there are.
        let (openCount, _) = state.openDecisionCount(partner: p)
        if openCount == 0 {
            // "open: —" only where the case declares decisions at all.
            if !model.decisions.isEmpty { blocks.append(Block(Line("open: \(glyphs.dash)", .muted), .context)) }
        } else {
            let shown = state.someOpenDecisions(partner: p, patient: x, limit: 6)
            let unshown = openCount - shown.count
            for d in shown {
                let overdue = d.status(at: k) == .overdue
                var line = Line([Span("open: ", .normal, [], atomic: true),
                                 Span(model.decisions[d.decision].label + ",", overdue ? .critical : .normal, overdue ? [.bold] : []),
                                 Span(" \(short(patient: d.patient)) by day \(day(d.dueTime))", overdue ? .critical : .normal, overdue ? [.bold] : [], atomic: true)])
                if overdue { line.append(Span(" OVERDUE", .critical, [.bold, .reverse], atomic: true)) }
                blocks.append(wrap(line, overdue ? .important : d.patient == x ? .normal : .context))
            }
            if unshown > 0 { blocks.append(Block(Line("and \(unshown) more open", .muted, [], atomic: true), .context)) }
        }
        let people = model.partners[p].actors.map(\.name).joined(separator: " \(glyphs.separator) ")
        blocks.append(wrap(Line(people, .muted), .context, maxLines: 2))
        return blocks
    }

    /// `31,250 steps • 9,870 patients`, then `handovers out 4,503 • in 4,410 • 80,000 alerts raised`:
    /// partner p's totals over all patients up to this step (`PartnerActivity`), in O(log steps).
    /// `brief`: steps and patients only; `rest`: all but those.
    func totalsLine(_ p: Int, brief: Bool = false, rest: Bool = false) -> Line {
        let t = state.partnerTotals(p)
        var parts = [Plural.grouped(t.steps, "step")]
        if t.patients > 0 { parts.append(Plural.grouped(t.patients, "patient")) }
        if rest { parts = [] }
        if !brief {
            if t.handedOn + t.received > 0 { parts += ["handovers out \(Plural.grouped(t.handedOn))", "in \(Plural.grouped(t.received))"] }
            let alerts = state.alertsRaised(partner: p)
            if alerts > 0 { parts.append("\(Plural.grouped(alerts, "alert")) raised") }
        }
        // Each figure whole; lines break after a separator.
        var line = Line()
        for (i, part) in parts.enumerated() {
            line.append(Span(part + (i < parts.count - 1 ? " \(glyphs.separator)" : ""), .normal, [], atomic: true))
            if i < parts.count - 1 { line.append(Span(" ")) }
        }
        return line
    }

    /// One line per partner when there is no room for panels (small terminals, many partners).
    private func compactPartners(_ c: inout Canvas, _ r: Rect, focused: Bool) {
        c.box(r, title: "Partners", focused: focused)
        // More partners than rows: those that matter at this step come first (see
        // `partnersByRelevance`); the rest are counted in the last line.
        let rows = r.height - 2
        let order = model.partners.count > rows
            ? partnersByRelevance(first: focused ? app.partnerCursor : nil)
            : Array(model.partners.indices)
        var blocks: [Block] = []
        for p in order {
            let action = partnerAction(p, at: stepState.step), acted = action != nil
            let selected = focused && app.partnerCursor == p
            var line = Line([Span(acted ? "\(glyphs.now) " : "  ", .new, [.bold]),
                             Span(short(partner: p), selected ? .selected : Role.accent(p), [.bold], atomic: true)])
            if let b = badge(state.alertTally(partner: p)) { line.append(Span(" ")); line.append(b) }
            if let action { line.append(Span(": \(action.what)", .new)) }
            blocks.append(Block(line, acted ? .now : state.alertTally(partner: p).total > 0 ? .normal : .context))
        }
        drawBlocks(&c, blocks, in: Rect(x: r.x + 1, y: r.y + 1, width: r.width - 2, height: r.height - 2))
    }
}
