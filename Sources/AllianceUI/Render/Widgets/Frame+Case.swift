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
    /// partners, patients and the first question for the room. Partners and patients have a
    /// compact form (names only) for short panels.
    func caseBlocks(width: Int, height: Int) -> [Block] {
        func wrap(_ line: Line, indent: String = "  ") -> [Line] { line.wrapped(width, ellipsis: glyphs.ellipsis, indent: indent) }
        let heading = { (s: String) in [Line.empty, Line(s, .title, [.bold, .underline])] }
        var blocks: [Block] = [Block(wrap(Line(model.info.title, .title, [.bold]), indent: ""), .now)]

        var partners = heading("Partners"), partnerNames = Line()
        for (p, partner) in model.partners.enumerated() {
            var line = Line([Span(analysis.partnerName(p), Role.accent(p), [.bold])])
            if short(partner: p) != analysis.partnerName(p) { line.append(Span(" (\(short(partner: p)))", .muted)) }
            if !partner.kind.isEmpty { line.append(Span(", \(partner.kind)", .normal)) }
            partners += wrap(line)
            if p > 0 { partnerNames.append(Span(" \(glyphs.separator) ", .muted)) }
            partnerNames.append(Span(analysis.partnerName(p), Role.accent(p), [.bold]))
        }
        blocks.append(Block(partners, .important, compact: heading("Partners") + wrap(partnerNames)))

        var patients = heading("Patients"), patientNames = Line()
        for (x, patient) in model.patients.enumerated().prefix(12) {
            var line = Line([Span(analysis.patientName(x), .normal, [.bold])])
            if !patient.profile.isEmpty { line.append(Span(" \(glyphs.separator) \(patient.profile)", .normal)) }
            patients += wrap(line)
            if x > 0 { patientNames.append(Span(" \(glyphs.separator) ", .muted)) }
            patientNames.append(Span(analysis.patientName(x), .normal, [.bold]))
        }
        if model.patients.count > 12 {
            let more = Line("and \(model.patients.count - 12) more", .muted)
            patients.append(more)
            patientNames.append(Span(" \(glyphs.separator) and \(model.patients.count - 12) more", .muted))
        }
        blocks.append(Block(patients, .important, compact: heading("Patients") + wrap(patientNames)))

        // The case's opening question; without one, the first question the facilitator will put to the room.
        if !model.info.question.isEmpty {
            blocks.append(Block(heading("Question for the room") + wrap(Line(model.info.question, .new, [.bold]), indent: ""), .now))
        } else if let i = model.timeline.firstIndex(where: { $0.question != nil }), let q = model.timeline[i].question {
            blocks.append(Block(heading("Question for the room (step \(i + 1))") + wrap(Line(q, .new, [.bold]), indent: ""), .now))
        }
        if !model.info.summary.isEmpty {
            let full = blocks.reduce(0) { $0 + $1.lines.count }
            let compact = blocks.reduce(0) { $0 + ($1.compact ?? $1.lines).count }
            let rest = full + 2 <= height ? full : compact
            let summary = Line(model.info.summary).wrapped(width, maxLines: max(2, height - rest - (rest == full ? 0 : 1)), ellipsis: glyphs.ellipsis)
            blocks.insert(Block(summary, .important), at: 1)
        }
        return blocks
    }
}
