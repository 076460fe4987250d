import AllianceCore

/// Renders the presenter view, `(state, glyphs) → Grid`, pure like the dashboard: the clock,
/// what the room sees, the step just shown with its note and question, a preview of the next
/// step with the alerts it will raise (the facilitator sees them before the room does), and
/// the pause points ahead.
public enum PresenterRenderer {
    public static let minimumSize = Size(width: 60, height: 16)

    /// The keys the presenter view takes, as its footer shows them.
    public static let footerHints = ["n/→ next", "p/← back", "s play", "+/- pace", "b blank", "r staged", "a note", "g/G ends", "[ ] patient", "q quit presenter"]

    public static func render(_ p: PresenterState, glyphs: Glyphs = .unicode) -> Grid {
        var c = Canvas(grid: Grid(width: p.size.width, height: p.size.height), glyphs: glyphs)
        let w = p.size.width, h = p.size.height
        guard w >= minimumSize.width, h >= minimumSize.height else {
            DashboardRenderer.tooSmall(&c, p.size, glyphs, minimum: minimumSize)
            return c.grid
        }
        let k = p.step
        let analysis = p.analysis
        let patient = analysis.model.patients.firstIndex { $0.id == p.position.patient }
        let frame = Frame(app: AppState(analysis: analysis, step: k, patient: patient, size: p.size), glyphs: glyphs)
        let sep = " \(glyphs.separator) "

        // Header: the case and the session; the room's pace on the right.
        c.fill(Rect(x: 0, y: 0, width: w, height: 1), with: Cell(" ", role: .header))
        let pace = p.position.playing ? "\(glyphs.now) playing \(paceText(p.position.pace))/step" : "\(glyphs.paused) paused"
        let right = " \(pace) "
        c.draw(Line(right, .header, [.bold], atomic: true), x: w - DisplayWidth.of(right), y: 0, maxX: w)
        c.draw(Line(" Presenter\(sep)\(TextSanitizer.singleLine(analysis.model.info.title))\(sep)session \(p.session)", .header, [.bold]),
               x: 0, y: 0, maxX: w - DisplayWidth.of(right))

        // The clock.
        let clock = p.clock
        var spans = [Span(" elapsed ", .muted), Span(PresenterState.minutes(clock.elapsed), .normal, [.bold], atomic: true),
                     Span(sep + "this step ", .muted), Span(PresenterState.minutes(clock.onStep), .normal, [.bold], atomic: true)]
        if let d = p.position.duration, let left = clock.left {
            spans += [Span(sep + "left ", .muted), Span(PresenterState.minutes(left), left < 0 ? .critical : .normal, [.bold], atomic: true),
                      Span(" of \(PresenterState.minutes(d))", .muted)]
            if clock.overrun, let projected = clock.projected {
                spans += [Span(sep, .muted), Span("\(glyphs.warning) at this pace \(PresenterState.minutes(projected)), "
                                                   + "\(PresenterState.minutes(projected - d)) over", .warning, [.bold], atomic: true)]
            } else if let projected = clock.projected {
                spans += [Span(sep + "at this pace ", .muted), Span(PresenterState.minutes(projected), .clean, [.bold], atomic: true)]
            }
        }
        c.draw(Line(spans), x: 0, y: 1, maxX: w)

        // What the room sees.
        var room = [Span(" Room: ", .muted), Span("step \(Plural.grouped(k))/\(Plural.grouped(analysis.stepCount))", .title, [.bold], atomic: true)]
        if let x = patient { room += [Span(sep, .muted), Span(analysis.patientName(x), .normal)] }
        if p.position.blank { room += [Span(sep, .muted), Span("blank card shown", .warning, [.bold])] }
        if p.position.staged { room += [Span(sep, .muted), Span(p.position.held ? "consequences held back" : "staged reveal", .new, [.bold])] }
        c.draw(Line(room), x: 0, y: 2, maxX: w)

        // The boxes: now, next, pause points ahead.
        let inner = w - 4
        let top = 3, bottom = h - 1
        let pauses = p.pausePoints(after: k, limit: 6)
        let pauseHeight = min(2 + max(1, pauses.count), max(3, (bottom - top) / 4))
        let rest = bottom - top - pauseHeight
        let nowLines = k == 0 ? caseLines(frame, width: inner) : stepLines(frame, k, raised: "Raised here", width: inner)
        let nextTitle: String
        let nextLines: [Line]
        if k < analysis.stepCount {
            nextTitle = "Next: step \(k + 1)\(sep)day \(analysis.day(of: analysis.time(ofStep: k + 1)))"
            nextLines = stepLines(frame, k + 1, raised: "It will raise", width: inner)
        } else {
            nextTitle = "Next"
            nextLines = [Line("This was the last step.", .muted)]
        }
        // Heights from content: each box what it needs, the step just shown first, up to 55%.
        func wanted(_ lines: [Line]) -> Int {
            2 + lines.reduce(0) { $0 + ($1.width > inner ? $1.wrapped(inner, ellipsis: glyphs.ellipsis, indent: "  ").count : 1) }
        }
        let nowHeight = PanelLayout.solve(total: rest, panels: [
            .init(minimum: 4, wanted: wanted(nowLines), maximum: max(4, rest * 55 / 100)),
            .init(minimum: 4, wanted: .max),
        ])[0]
        box(&c, Rect(x: 0, y: top, width: w, height: nowHeight),
            title: k == 0 ? "Now: before the first step" : "Now: step \(k) of \(analysis.stepCount)\(sep)day \(analysis.day(of: analysis.time(ofStep: k)))",
            lines: nowLines, glyphs: glyphs)
        box(&c, Rect(x: 0, y: top + nowHeight, width: w, height: rest - nowHeight), title: nextTitle, lines: nextLines, glyphs: glyphs)
        var pauseLines: [Line] = pauses.map { s in
            let st = analysis.model.timeline[s - 1]
            let q = st.question.map { TextSanitizer.singleLine($0) } ?? "pause"
            // One line each, so that several fit.
            let label = "step \(s)", day = sep + "day \(analysis.day(of: st.time))" + sep
            let room = inner - DisplayWidth.of(label) - DisplayWidth.of(day)
            return Line([Span(label, .key, [.bold], atomic: true), Span(day, .muted),
                         Span(TextFit.truncate(q, max(8, room), ellipsis: glyphs.ellipsis), .normal)])
        }
        if pauseLines.isEmpty { pauseLines = [Line("none ahead", .muted)] }
        box(&c, Rect(x: 0, y: top + rest, width: w, height: pauseHeight), title: "Pause points ahead", lines: pauseLines, glyphs: glyphs)

        // Footer: the input line, a notice, or the keys.
        if let input = p.input {
            let who = patient.map { " \(glyphs.separator) \(analysis.patientName($0))" } ?? ""
            InputLineWidget.draw(&c, input, prompt: "Note for the room, step \(k)\(who):", hint: "Enter send \(glyphs.separator) Esc cancel",
                                 y: h - 1, width: w, glyphs: glyphs)
        } else if let notice = p.notice {
            c.draw(Line(" " + notice, .warning, [.bold]), x: 0, y: h - 1, maxX: w)
        } else {
            var hints = footerHints.map(glyphs.keyLabel)
            for drop in ["[ ] patient", "g/G ends", "a note", "r staged", "+/- pace"].map(glyphs.keyLabel)
            where hints.reduce(1, { $0 + DisplayWidth.of($1) + 2 }) - 2 > w {
                hints.removeAll { $0 == drop }
            }
            var x = 1
            for hint in hints {
                guard x + DisplayWidth.of(hint) <= w else { break }
                let split = hint.firstIndex(of: " ") ?? hint.endIndex
                x = c.put(String(hint[..<split]), x: x, y: h - 1, role: .key, attributes: [.bold])
                x = c.put(String(hint[split...]) + "  ", x: x, y: h - 1, maxX: w, role: .muted)
            }
        }
        return c.grid
    }

    static func paceText(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
    }

    /// A step for the facilitator, most useful first: what happens, the question for the
    /// room, the note, the alerts, then what the step produces and sends.
    private static func stepLines(_ frame: Frame, _ k: Int, raised: String, width: Int) -> [Line] {
        let st = frame.model.timeline[k - 1]
        var lines = [Line(frame.stepSpans(k))]
        if let q = st.question {
            lines.append(Line([Span("Ask: ", .key, [.bold], atomic: true), Span(TextSanitizer.singleLine(q), .new, [.bold])]))
        }
        if let note = st.note {
            lines.append(Line([Span("Note: ", .key, [.bold], atomic: true), Span(TextSanitizer.singleLine(note), .normal)]))
        }
        let alerts = frame.analysis.state(at: k).alertsRaisedNow
        if !alerts.isEmpty {
            lines.append(Line("\(raised): \(alerts.count) alert\(alerts.count == 1 ? "" : "s")", .title, [.bold]))
            for a in alerts {
                lines.append(Line([Span(frame.severityGlyph(a.severity) + " ", frame.severityRole(a.severity), [.bold], atomic: true),
                                   Span(TextSanitizer.singleLine(a.message), frame.severityRole(a.severity))]))
            }
        }
        let details = frame.stepLines(k, width: width).dropFirst(2).prefix { !$0.isEmpty }
        if !details.isEmpty {
            lines.append(.empty)
            lines += details.map { Line($0.spans.map { Span($0.text, .muted, [], atomic: $0.atomic) }) }
        }
        return lines
    }

    /// Step 0: the case's question for the room and its summary.
    private static func caseLines(_ frame: Frame, width: Int) -> [Line] {
        let info = frame.model.info
        var lines: [Line] = []
        if !info.question.isEmpty {
            lines.append(frame.heading("Question for the room"))
            lines += frame.text(info.question, .new, [.bold], width: width)
        }
        if !info.summary.isEmpty {
            if !lines.isEmpty { lines.append(.empty) }
            lines += frame.text(info.summary, width: width)
        }
        return lines.isEmpty ? [Line("Nothing has happened yet.", .muted)] : lines
    }

    /// A box with wrapped lines; what does not fit is counted on its bottom border.
    private static func box(_ c: inout Canvas, _ r: Rect, title: String, lines raw: [Line], glyphs: Glyphs) {
        guard r.height >= 2 else { return }
        let inner = Rect(x: r.x + 2, y: r.y + 1, width: r.width - 4, height: r.height - 2)
        let lines = raw.flatMap { $0.width > inner.width ? $0.wrapped(inner.width, ellipsis: glyphs.ellipsis, indent: "  ") : [$0] }
        c.box(r, title: title)
        for (i, line) in lines.prefix(inner.height).enumerated() {
            c.draw(line, x: inner.x, y: inner.y + i, maxX: inner.maxX)
        }
        if lines.count > inner.height {
            c.draw(Line(" \(glyphs.moreBelow) \(lines.count - inner.height) more lines ", .muted), x: r.x + 2, y: r.maxY - 1, maxX: r.maxX - 1)
        }
    }
}
