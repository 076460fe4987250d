import AllianceCore

/// Step 0: the case itself, so the room starts from the story, not from empty panels.
extension Frame {
    func casePanel(_ c: inout Canvas, _ r: Rect) {
        let focused = app.focus != .partners
        c.box(r, title: "The case", focused: focused)
        let inner = Rect(x: r.x + 2, y: r.y + 1, width: r.width - 4, height: r.height - 2)
        drawBlocks(&c, caseBlocks(width: inner.width, height: inner.height), in: inner, skip: focused ? app.scroll[app.focus] ?? 0 : 0)
    }

    /// The case's title, summary (shortened, with an ellipsis, to leave room for the rest),
    /// partners, patients and the first question for the room.
    func caseBlocks(width: Int, height: Int) -> [Block] {
        func wrap(_ line: Line, _ priority: Block.Priority, indent: String = "") -> Block {
            Block(line.wrapped(width, ellipsis: glyphs.ellipsis, indent: indent), priority)
        }
        var blocks: [Block] = [wrap(Line(model.info.title, .title, [.bold]), .now)]
        blocks.append(Block([.empty, Line("Partners", .title, [.bold, .underline])], .important))
        for (p, partner) in model.partners.enumerated() {
            var line = Line([Span(partner.name, Role.accent(p), [.bold])])
            if short(partner: p) != partner.name { line.append(Span(" (\(short(partner: p)))", .muted)) }
            if !partner.kind.isEmpty { line.append(Span(", \(partner.kind)", .normal)) }
            blocks.append(wrap(line, .important, indent: "  "))
        }
        blocks.append(Block([.empty, Line("Patients", .title, [.bold, .underline])], .important))
        for (x, patient) in model.patients.enumerated() {
            var line = Line([Span(patient.name, .normal, [.bold])])
            if !patient.profile.isEmpty { line.append(Span(" \(glyphs.separator) \(patient.profile)", .normal)) }
            blocks.append(wrap(line, x < 12 ? .important : .context, indent: "  "))
        }
        // The first question the facilitator will put to the room.
        if let i = model.timeline.firstIndex(where: { $0.question != nil }), let q = model.timeline[i].question {
            blocks.append(Block([.empty, Line("Question for the room (step \(i + 1))", .title, [.bold, .underline])], .important))
            blocks.append(wrap(Line(q, .new, [.bold]), .now))
        }
        if !model.info.summary.isEmpty {
            let rest = blocks.reduce(0) { $0 + $1.lines.count }
            let summary = Line(model.info.summary).wrapped(width, maxLines: max(2, height - rest), ellipsis: glyphs.ellipsis)
            blocks.insert(Block(summary, .important), at: 1)
        }
        return blocks
    }
}
