import AllianceCore

extension Glyphs {
    /// Marks an annotation (`✎`; `*` in ASCII).
    public var annotation: String { horizontal == "─" ? "\u{270E}" : "*" }
}

/// The input line (the dashboard's and the presenter view's) and its drawing.
public enum InputLineWidget {
    /// Draws `prompt text` on row y, the text scrolled so the cursor is always in view; the
    /// cursor is the character under it in reverse video. `hint` goes on the right when there is room.
    static func draw(_ c: inout Canvas, _ input: TextInput, prompt: String, hint: String, y: Int, width w: Int, glyphs: Glyphs) {
        c.fill(Rect(x: 0, y: y, width: w, height: 1), with: Cell(" "))
        var x = c.put(" \(glyphs.annotation) ", x: 0, y: y, role: .new, attributes: [.bold])
        let promptText = TextFit.truncate(TextSanitizer.singleLine(prompt), max(8, min(w * 2 / 5, w - 50)), ellipsis: glyphs.ellipsis) + " "
        x = c.put(promptText, x: x, y: y, maxX: w, role: .key, attributes: [.bold])
        let hintWidth = DisplayWidth.of(hint) + 2
        // The hint only where the text keeps 40 columns (at 80 columns the text needs them).
        let showHint = w - x - hintWidth >= 40
        let right = showHint ? w - hintWidth - 2 : w - 1
        if showHint { c.put(hint, x: w - hintWidth + 1, y: y, maxX: w, role: .muted) }
        let room = max(1, right - x)
        let chars = input.characters
        let widths = chars.map { max(1, DisplayWidth.of(String($0))) }
        // The first character shown: as far left as keeps the cursor (and the character under
        // it, or one cell at the end) in view.
        // A few cells of what follows the cursor stay in view too.
        let cursorWidth = (input.cursor < chars.count ? widths[input.cursor] : 1)
            + min(6, widths[min(chars.count, input.cursor + 1)...].reduce(0, +))
        var start = 0
        var used = widths[..<input.cursor].reduce(0, +) + cursorWidth
        while used > room, start < input.cursor {
            used -= widths[start]
            start += 1
        }
        if start > 0 {
            x = c.put(glyphs.ellipsis, x: x, y: y, maxX: right, role: .muted)
            // The ellipsis took cells: drop characters until the cursor fits again.
            var left = widths[start..<input.cursor].reduce(0, +) + cursorWidth + DisplayWidth.of(glyphs.ellipsis)
            while left > room, start < input.cursor {
                left -= widths[start]
                start += 1
            }
        }
        var i = start
        while i <= chars.count {
            let atCursor = i == input.cursor
            let text = i < chars.count ? String(chars[i]) : " "
            let cw = i < chars.count ? widths[i] : 1
            guard x + cw <= right else { break }
            x = c.put(text, x: x, y: y, maxX: right, role: atCursor ? .new : .normal, attributes: atCursor ? [.reverse, .bold] : [])
            i += 1
        }
    }
}

extension Frame {
    /// What the input line says it is for: `Note for step 12 • Ana Puig:`.
    func inputPrompt(_ input: TextInput) -> String {
        switch input.purpose {
        case .add(let step, let patient, let partner):
            let whom = partner.flatMap { id in analysis.partnerIndex(id).map { analysis.partnerName($0) } }
                ?? patient.flatMap { id in model.patients.firstIndex { $0.id == id }.map { analysis.patientName($0) } }
            return "Note for step \(step)" + (whom.map { " \(glyphs.separator) \($0)" } ?? "") + ":"
        case .edit(let id):
            let step = app.annotations.list.first { $0.id == id }?.step
            return "Edit note" + (step.map { " (step \($0))" } ?? "") + ":"
        case .search: return "Find a patient:"
        }
    }

    /// The footer's annotation states, most urgent first: the input line, the question before a
    /// delete. True when one was drawn (the footer then shows nothing else).
    func annotationFooter(_ c: inout Canvas, y: Int) -> Bool {
        let w = c.grid.width
        if let input = app.annotations.input {
            InputLineWidget.draw(&c, input, prompt: inputPrompt(input), hint: "Enter save \(glyphs.separator) Esc cancel", y: y, width: w, glyphs: glyphs)
            return true
        }
        if let id = app.annotations.confirmingDelete, let a = app.annotations.list.first(where: { $0.id == id }) {
            let text = TextFit.truncate(TextSanitizer.singleLine(a.text), max(10, w / 3), ellipsis: glyphs.ellipsis)
            c.draw(Line([Span(" Delete the note at step \(a.step) (\"\(text)\")? ", .warning, [.bold]),
                         Span("y deletes, any other key keeps it", .key, [.bold], atomic: true)]), x: 0, y: y, maxX: w)
            return true
        }
        return false
    }

    /// The journal's warning (changes not on disk), for the footer while there is one.
    func annotationWarning(_ c: inout Canvas, y: Int, maxX: Int) -> Bool {
        guard let warning = app.annotations.warning else { return false }
        c.draw(Line(" \(glyphs.warning) " + TextSanitizer.singleLine(warning), .critical, [.bold]), x: 0, y: y, maxX: maxX)
        return true
    }

    /// The list of annotations: each one's step, day, patient or partner, time and text;
    /// the selected one marked; unsaved ones say so.
    func annotationsOverlay(_ c: inout Canvas) {
        let w = c.grid.width, h = c.grid.height
        let r = Rect(x: w / 10, y: 2, width: w - 2 * (w / 10), height: h - 4)
        c.fill(r, with: Cell(" "))
        let inner = Rect(x: r.x + 2, y: r.y + 1, width: r.width - 4, height: r.height - 2)
        let notes = app.annotations.sorted
        c.box(r, title: "Annotations (\(notes.count))", right: Line("Esc close", .key, [], atomic: true), focused: true)
        let sep = " \(glyphs.separator) "
        guard !notes.isEmpty else {
            var lines = [Line("No annotations yet.", .muted), .empty]
            lines += text("Press a on the dashboard to note what the room says: it goes with the step on screen and the patient (or partner) in focus.",
                          width: inner.width)
            if let journal = app.annotations.journal {
                lines.append(.empty)
                lines += text("Saved in \(journal)", .muted, width: inner.width)
            }
            for (i, line) in lines.prefix(inner.height).enumerated() { c.draw(line, x: inner.x, y: inner.y + i, maxX: inner.maxX) }
            return
        }
        let cursor = min(app.annotations.cursor, notes.count - 1)
        let blocks: [[Line]] = notes.enumerated().map { i, a in
            let selected = i == cursor
            var head: [Span] = [Span(selected ? glyphs.focus + " " : "  ", .focus, [.bold], atomic: true),
                                Span(a.step == 0 ? "before step 1" : "step \(a.step)", selected ? .selected : .key, [.bold], atomic: true)]
            if a.step > 0, a.step <= analysis.stepCount {
                head.append(Span(sep + "day \(day(analysis.time(ofStep: a.step)))", .muted, [], atomic: true))
            }
            if let id = a.partner {
                head.append(Span(sep + (analysis.partnerIndex(id).map { analysis.partnerName($0) } ?? TextSanitizer.singleLine(id)), .normal))
            } else if let id = a.patient {
                head.append(Span(sep + (model.patients.firstIndex { $0.id == id }.map { analysis.patientName($0) } ?? TextSanitizer.singleLine(id)), .normal))
            }
            head.append(Span(sep + Annotation.clockTime(a.created) + (a.edited != nil ? " (edited)" : ""), .muted, [], atomic: true))
            if app.annotations.unsaved.contains(a.id) {
                head.append(Span(sep + "\(glyphs.warning) unsaved", .critical, [.bold], atomic: true))
            }
            let body = Line([Span("    "), Span(TextSanitizer.singleLine(a.text), selected ? .new : .normal)])
                .wrapped(inner.width, ellipsis: glyphs.ellipsis, indent: "    ")
            return [Line(head)] + body
        }
        // Keep the selected one in view: start at the first block from which it fits.
        var first = 0
        while first < cursor, blocks[first...cursor].reduce(0, { $0 + $1.count }) > inner.height { first += 1 }
        var y = inner.y
        for block in blocks[first...] {
            for line in block {
                guard y < inner.maxY else { break }
                c.draw(line, x: inner.x, y: y, maxX: inner.maxX)
                y += 1
            }
            if y >= inner.maxY { break }
        }
        let help = " \(cursor + 1)/\(notes.count)\(sep)Enter go to its step\(sep)e edit\(sep)x delete\(sep)a add "
        c.draw(Line(help, .muted), x: r.x + 2, y: r.maxY - 1, maxX: r.maxX - 1)
    }
}
