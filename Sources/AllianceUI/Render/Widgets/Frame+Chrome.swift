import AllianceCore

/// The header, the "now" line, the timeline strip and the footer.
extension Frame {
    /// `Home oxygen therapy in Barcelona      step  19/33 • day  49 • 2024-02-26 • default`.
    /// Its form depends on the width only, never on the step: numbers are padded to the
    /// widest the case reaches, so nothing moves or changes format while stepping.
    func header(_ c: inout Canvas, y: Int) {
        let w = c.grid.width
        c.fill(Rect(x: 0, y: y, width: w, height: 1), with: Cell(" ", role: .header))
        let sep = " \(glyphs.separator) "
        let state = stepState
        let n = state.stepCount
        let lastDay = analysis.day(of: analysis.time(ofStep: n))
        // Digits grouped (`step 1,204/983,370`), to be read from the back of the room.
        func padded(_ v: Int, like widest: Int) -> String {
            let s = Plural.grouped(v)
            return String(repeating: " ", count: max(0, Plural.grouped(widest).count - s.count)) + s
        }
        let position = "step \(padded(state.step, like: n))/\(Plural.grouped(n))\(sep)day \(padded(state.day, like: max(lastDay, 0)))"
        let bases = [
            "\(position)\(sep)\(analysis.isoDate(state.time))\(sep)theme \(app.themeName) ",
            "\(position)\(sep)\(analysis.isoDate(state.time))\(sep)\(app.themeName) ",
            "\(position)\(sep)\(analysis.isoDate(state.time)) ",
            "\(position) ",
        ]
        // Autoplay (`▶ playing 4 s/step`, `▶ 4 s/step`, `▶ 4 s`; `❚❚ paused`, `❚❚`), each form
        // padded on the left to its widest so nothing moves when it toggles. The theme and
        // the date outlast the longer forms: at 100 columns the status may be `▶ 4 s`.
        let statuses = playStatus()
        let forms = bases.flatMap { base in statuses.map { " \($0)\(sep)\(base)" } }
        let title = TextSanitizer.singleLine(model.info.title)
        let titleWidth = DisplayWidth.of(title) + 2
        // The longest form that leaves the whole title, else the longest that leaves 36 columns.
        let right = forms.first { w - DisplayWidth.of($0) >= titleWidth }
            ?? forms.first { w - DisplayWidth.of($0) >= min(titleWidth, 36) } ?? forms.last!
        let rightWidth = DisplayWidth.of(right)
        c.draw(Line(" " + title, .header, [.bold]), x: 0, y: y, maxX: w - rightWidth)
        c.draw(Line(right, .header, [], atomic: true), x: max(0, w - rightWidth), y: y, maxX: w)
    }

    /// Autoplay's state, longest form first: `▶ playing 4 s/step`, `▶ 4 s/step`, `▶ 4 s` while
    /// playing; `❚❚ paused`, `❚❚ paused`, `❚❚` while paused. Each padded on the left to the
    /// widest it can be (at the slowest pace), so the header's form depends on the width only.
    func playStatus() -> [String] {
        func seconds(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(format: "%.1f", v) }
        let slowest = seconds(AppState.paces.max() ?? app.pace), pace = seconds(app.pace)
        let playing = ["\(glyphs.now) playing \(pace) s/step", "\(glyphs.now) \(pace) s/step", "\(glyphs.now) \(pace) s"]
        let widestPlaying = ["\(glyphs.now) playing \(slowest) s/step", "\(glyphs.now) \(slowest) s/step", "\(glyphs.now) \(slowest) s"]
        let paused = ["\(glyphs.paused) paused", "\(glyphs.paused) paused", glyphs.paused]
        return (0..<3).map { i in
            let shown = app.playing ? playing[i] : paused[i]
            let width = max(DisplayWidth.of(widestPlaying[i]), DisplayWidth.of(paused[i]))
            return String(repeating: " ", count: max(0, width - DisplayWidth.of(shown))) + shown
        }
    }

    /// The blanked room's screen: only the question for the room (the step's; before the
    /// first step, the case's), centred; without one, only the step's number.
    func blankCard(_ c: inout Canvas) {
        let w = c.grid.width, h = c.grid.height
        let k = stepState.step
        let question: String? = k > 0 ? model.timeline[k - 1].question
            : !model.info.question.isEmpty ? model.info.question : model.timeline.first { $0.question != nil }?.question
        guard let question, !question.trimmingSpaces().isEmpty else {
            let label = "\(Plural.grouped(k))/\(Plural.grouped(stepState.stepCount))"
            c.put(label, x: max(0, (w - DisplayWidth.of(label)) / 2), y: h / 2, role: .muted)
            return
        }
        let width = min(w - 8, 72)
        let text = Line(TextSanitizer.singleLine(question), .new, [.bold]).wrapped(width, maxLines: max(1, h - 6), ellipsis: glyphs.ellipsis)
        let lines = [Line("Question for the room", .title, [.bold, .underline]), .empty] + text
        let top = max(0, (h - lines.count) / 2)
        let left = (w - width) / 2
        for (i, line) in lines.enumerated() where top + i < h {
            // Centred line by line, as a slide would be.
            let x = left + max(0, (width - line.width) / 2)
            c.draw(line, x: x, y: top + i, maxX: left + width)
        }
    }

    /// What happened at this step, in one sentence: the most visible line on screen.
    func nowLine(_ c: inout Canvas, y: Int) {
        let state = stepState
        let w = c.grid.width
        guard let s = state.currentStep else {
            c.draw(Line(" Before the first step. Press n or \(glyphs.rightKey) to begin.", .muted),
                   x: 0, y: y, maxX: w)
            return
        }
        let k = state.step
        var hints: [String] = []
        if s.note != nil, !app.presenterAttached { hints.append("note") }
        if s.question != nil { hints.append("question") }
        // Enter opens the step's record when the patient panel has the focus (the default).
        let hint = hints.isEmpty ? "" : app.focus == .patient ? " [Enter: \(hints.joined(separator: ", "))]" : " [\(hints.joined(separator: ", "))]"
        let line = Line([Span(" \(glyphs.now) \(Plural.grouped(k)) ", .new, [.bold], atomic: true)] + stepSpans(k)
                        + [Span(hint, .key, [], atomic: true)])
        c.draw(line, x: 0, y: y, maxX: w)
    }

    /// `├──●──●───▲──!─────█──────┤  18/33`: the position in the case and the steps that raised
    /// alerts. The label's width is that of the longest one, so the strip never shifts.
    func timelineStrip(_ c: inout Canvas, y: Int) {
        let state = stepState
        let w = c.grid.width
        let n = state.stepCount
        let longest = " \(Plural.grouped(n))/\(Plural.grouped(n)) "
        let label = " \(Plural.grouped(state.step))/\(Plural.grouped(n)) "
        let labelWidth = DisplayWidth.of(longest)
        let trackStart = 1, trackEnd = w - labelWidth - 1  // exclusive
        let track = max(1, trackEnd - trackStart)
        c.put(glyphs.stripStart, x: 0, y: y, role: .border)
        let current = state.step == 0 ? -1 : Analysis.column(ofStep: state.step, steps: n, columns: track)
        c.repeatGlyph(glyphs.horizontal, x: trackStart, y: y, count: current + 1, role: .normal)
        c.repeatGlyph(glyphs.horizontal, x: trackStart + current + 1, y: y, count: track - current - 1, role: .muted)
        // The worst severity raised in each column, for the steps it covers.
        for (x, sev) in analysis.alertMarks(columns: track).enumerated() {
            guard let sev else { continue }
            let reached = x <= current
            let g = sev == .info ? glyphs.emergent : severityGlyph(sev)
            c.put(g, x: trackStart + x, y: y, role: reached ? severityRole(sev) : .muted, attributes: reached ? [.bold] : [])
        }
        if current >= 0 { c.put(glyphs.cursor, x: trackStart + current, y: y, role: .new, attributes: [.bold]) }
        c.put(glyphs.stripEnd, x: trackEnd, y: y, role: .border)
        let pad = String(repeating: " ", count: labelWidth - DisplayWidth.of(label))
        c.put(pad + label, x: trackEnd + 1, y: y, role: .title, attributes: [.bold])
    }

    func footer(_ c: inout Canvas, y: Int) {
        var w = c.grid.width
        // The input line, or a delete's question, takes the whole row.
        if annotationFooter(&c, y: y) { return }
        // The banner (how to join, or a follower's link) keeps its place on the right.
        if let banner = app.banner {
            // Its last parts go first (a follower count), never the middle of one (a join code).
            var parts = TextSanitizer.singleLine(banner).components(separatedBy: " \u{2022} ")
            let room = max(w / 2, w - 30)
            while parts.count > 1, DisplayWidth.of(" \(parts.joined(separator: " \u{2022} ")) ") > room { parts.removeLast() }
            let text = " \(parts.joined(separator: " \u{2022} ")) "
            let bw = min(DisplayWidth.of(text), room)
            c.draw(Line(text, .new, [.bold], atomic: bw == DisplayWidth.of(text)), x: w - bw, y: y, maxX: w)
            w -= bw
        }
        if let notice = app.notice {
            c.draw(Line(" " + notice, .warning, [.bold]), x: 0, y: y, maxX: w)
            return
        }
        // Annotations not on disk: said until they are.
        if annotationWarning(&c, y: y, maxX: w) { return }
        // The hints as drawn with these glyphs; drop the least important until the rest fit.
        func shown(_ key: String) -> String { glyphs.keyLabel(key) }
        // Annotations at this step are counted on their key's hint (`A notes ✎2`), never dropped.
        let noted = app.annotations.count(atStep: stepState.step)
        // The patient list has keys of its own (while typing, letters are the search's).
        let bindings = app.overlay == .patients ? KeyBinding.patientListFooter(typing: app.patientList.typing) : KeyBinding.footer(overlayOpen: app.overlay != nil)
        var hints = bindings.map { app.playing && $0 == "s play" ? "s pause" : $0 }
            .map { noted > 0 && $0 == "A notes" ? "A notes \(glyphs.annotation)\(noted)" : $0 }.map(shown)
        // The list's hints are in order of use: the last ones give way.
        var dropOrder = KeyBinding.footerDropOrder
        // With many patients, finding one (/) outlasts stepping through them ([ ]).
        if model.patients.count > Self.partnerOverlayPatients, let play = dropOrder.firstIndex(of: "s play") {
            dropOrder.removeAll { $0 == "/ find" }
            dropOrder.insert("/ find", at: play - 1)
        }
        let order = app.overlay == .patients ? [] : dropOrder.map(shown)
        while hints.reduce(1, { $0 + DisplayWidth.of($1) + 2 }) - 2 > w, let drop = order.first(where: hints.contains) {
            hints.removeAll { $0 == drop }
        }
        var x = 1
        for hint in hints {
            let width = DisplayWidth.of(hint)
            guard x + width <= w else { break }
            // The keys stand out from their meaning.
            let split = hint.firstIndex(of: " ") ?? hint.endIndex
            x = c.put(String(hint[..<split]), x: x, y: y, role: .key, attributes: [.bold])
            x = c.put(String(hint[split...]), x: x, y: y, maxX: w, role: .muted)
            x = c.put("  ", x: x, y: y, maxX: w, role: .muted)
        }
    }
}
