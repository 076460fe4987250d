import AllianceCore

/// Overlays: the help (generated from the key bindings, with the glyph legend) and the
/// details of the focused item. Lines wrap to the overlay's width, so nothing is cut;
/// names and labels are shown, never ids.
extension Frame {
    func overlay(_ c: inout Canvas, _ overlay: Overlay) {
        if overlay == .annotations { return annotationsOverlay(&c) }
        if overlay == .patients { return patientListOverlay(&c) }
        let w = c.grid.width, h = c.grid.height
        let r = Rect(x: w / 10, y: 2, width: w - 2 * (w / 10), height: h - 4)
        c.fill(r, with: Cell(" "))
        let inner = Rect(x: r.x + 2, y: r.y + 1, width: r.width - 4, height: r.height - 2)
        let (title, raw) = overlayContent(overlay, width: inner.width)
        let lines = raw.flatMap { $0.width > inner.width ? $0.wrapped(inner.width, ellipsis: glyphs.ellipsis, indent: "  ") : [$0] }
        c.box(r, title: title, right: Line("Esc close", .key, [], atomic: true), focused: true)
        var scroll = min(app.overlayScroll, max(0, lines.count - inner.height))
        var scrollHint = "j/k scroll"
        // The mechanisms' list: j/k select, and the selected one (its name and sentence) stays in view.
        if overlay == .mechanisms, let first = lines.firstIndex(where: { $0.spans.first?.text == glyphs.focus + " " }) {
            let end = lines[(first + 1)...].firstIndex { !$0.text.hasPrefix("        ") } ?? lines.count
            scroll = max(0, min(first, end - inner.height))
            scrollHint = "j/k select \(glyphs.separator) Space on/off"
        }
        for (i, line) in lines.dropFirst(scroll).prefix(inner.height).enumerated() {
            c.draw(line, x: inner.x, y: inner.y + i, maxX: inner.maxX)
        }
        if lines.count > inner.height {
            c.draw(Line(" \(scroll + 1)-\(min(lines.count, scroll + inner.height)) of \(lines.count) \(glyphs.separator) \(scrollHint) ", .muted),
                   x: r.x + 2, y: r.maxY - 1, maxX: r.maxX - 1)
        }
    }

    func overlayContent(_ overlay: Overlay, width: Int) -> (String, [Line]) {
        switch overlay {
        case .help: return ("Help", helpLines(width: width))
        case .step(let s): return (s == 0 ? "Before the first step" : "Step \(Plural.grouped(s)) of \(Plural.grouped(state.stepCount))", stepLines(s, width: width))
        case .alert(let id): return ("Alert", alertDetailLines(analysis.alerts[id], width: width))
        case .handoffs(let x): return ("Handoffs of \(analysis.patientName(x))", handoffHistoryLines(x))
        case .partner(let p): return (analysis.partnerName(p), partnerDetailLines(p, width: width) + partnerWhatIfLines(p, width: width))
        case .annotations: return ("Annotations", [])  // drawn by `annotationsOverlay`
        case .patients: return ("Patients", [])  // drawn by `patientListOverlay`
        case .debrief: return ("Debrief", debriefLines(width: width))
        case .mechanisms: return ("What-if mechanisms", mechanismLines(width: width))
        }
    }

    func text(_ s: String, _ role: Role = .normal, _ attrs: Attributes = [], width: Int, indent: String = "") -> [Line] {
        TextSanitizer.multiLine(s).split(separator: "\n", omittingEmptySubsequences: false).flatMap { paragraph in
            Line([Span(indent), Span(String(paragraph), role, attrs)]).wrapped(width, ellipsis: glyphs.ellipsis, indent: indent)
        }
    }

    func heading(_ s: String) -> Line { Line(s, .title, [.bold, .underline]) }

    /// A label column and its text, the text wrapping under itself.
    private func labelled(_ label: String, _ labelRole: Role, _ meaning: String, labelWidth: Int, width: Int) -> [Line] {
        let pad = String(repeating: " ", count: labelWidth)
        let wrapped = Line(meaning).wrapped(max(10, width - labelWidth), ellipsis: glyphs.ellipsis)
        return wrapped.enumerated().map { i, l in
            Line([Span(i == 0 ? TextFit.pad(label, labelWidth, ellipsis: glyphs.ellipsis) : pad, labelRole, [.bold])] + l.spans)
        }
    }

    private func helpLines(width: Int) -> [Line] {
        var lines: [Line] = [heading("Keys")]
        // The key column as wide as its widest label (`Right l n Space PgDn` in ASCII), and a space.
        let keyWidth = min(24, (KeyBinding.all.map { DisplayWidth.of(glyphs.keyLabel($0.keyLabel)) }.max() ?? 14) + 2)
        for b in KeyBinding.all {
            let keys = glyphs.keyLabel(b.keyLabel)
            lines += labelled(keys, .key, b.help, labelWidth: keyWidth, width: width)
        }
        lines.append(.empty)
        lines.append(heading("Legend"))
        for (g, role, meaning) in glyphs.legend {
            lines += labelled(g, role, meaning, labelWidth: 6, width: width)
        }
        lines += labelled("NEW", .new, "arrived or raised at this step", labelWidth: 6, width: width)
        lines += labelled("old", .late, "an older version (in the matrix)", labelWidth: 6, width: width)
        lines += labelled("OVERDUE", .critical, "an obligation past its due day", labelWidth: 8, width: width)
        return lines
    }

    private func label(knowledge id: String) -> String { model.knowledge.first { $0.id == id }?.label ?? id }
    private func label(partner id: String) -> String { analysis.partnerIndex(id).map { model.partners[$0].name } ?? id }

    func stepLines(_ s: Int, width: Int, raisedHeading: String = "Alerts raised at this step") -> [Line] {
        guard s > 0 else { return text("Nothing has happened yet. Press n or \(glyphs.rightKey) to do the first step.", width: width) }
        let st = model.timeline[s - 1]
        var lines: [Line] = [
            Line("Day \(day(st.time)) \(glyphs.separator) \(analysis.humanDate(st.time))", .muted),
            Line(stepSpans(s)),
        ]
        if !st.contacts.isEmpty { lines.append(Line([Span("contacts ", .muted), Span(st.contacts.map(label(partner:)).joined(separator: ", "), .normal)])) }
        for p in st.produces {
            lines.append(Line([Span("produces ", .muted), Span(label(knowledge: p.knowledge), .clean, [.bold]),
                               Span(p.value.isEmpty ? "" : ": \(p.value)", .normal)]))
        }
        for send in st.sends {
            lines.append(Line([Span("sends ", .muted), Span(label(knowledge: send.knowledge), .clean, [.bold]),
                               Span(" to \(send.to.map(label(partner:)).joined(separator: ", "))", .normal)]))
        }
        if !st.consumes.isEmpty {
            lines.append(Line([Span("uses ", .muted), Span(st.consumes.map(label(knowledge:)).joined(separator: ", "), .normal)]))
        }
        if let f = st.formalizes {
            let name = model.routines.first { $0.id == f }?.name ?? f
            lines.append(Line([Span("formalizes the routine ", .muted), Span(name, .emergent, [.bold])]))
        }
        if let note = st.note, !app.presenterAttached {
            lines.append(.empty)
            lines.append(heading("Facilitator note"))
            lines += text(note, width: width)
        }
        if let q = st.question {
            lines.append(.empty)
            lines.append(heading("Question for the room"))
            lines += text(q, .new, [.bold], width: width)
        }
        // Held back (staged reveal): the record keeps the step's alerts until they are revealed.
        let raised = held && s == stepState.step ? [] : analysis.state(at: s).alertsRaisedNow
        if !raised.isEmpty {
            lines.append(.empty)
            lines.append(heading(raisedHeading))
            for a in raised {
                lines.append(Line(severityGlyph(a.severity) + " " + a.rule.rawValue, severityRole(a.severity), [.bold]))
                lines += text(a.message, width: width, indent: "  ")
            }
        }
        return lines
    }

    private func alertDetailLines(_ a: Alert, width: Int) -> [Line] {
        var lines: [Line] = [
            Line([Span(severityGlyph(a.severity) + " " + a.severity.rawValue, severityRole(a.severity), [.bold]),
                  Span("  \(a.rule.rawValue)", .title, [.bold])]),
            Line([Span("raised at step \(a.step), day \(day(a.time))", .muted),
                  Span(a.clearedStep.map { $0 <= state.step ? " \(glyphs.separator) resolved at step \($0)" : "" } ?? "", .clean)]),
        ]
        if let x = a.patient { lines.append(Line([Span("patient ", .muted), Span(analysis.patientName(x), .normal, [.bold])])) }
        lines.append(Line([Span("partners ", .muted), Span(a.partners.map(analysis.partnerName).joined(separator: ", "), .normal)]))
        lines.append(.empty)
        lines += text(a.message, width: width)
        if let r = a.resolution, let cleared = a.clearedStep, cleared <= state.step {
            lines += text("Resolved: \(r)", width: width)
        }
        if !a.evidence.isEmpty {
            lines.append(.empty)
            lines.append(heading("Evidence"))
            for e in a.evidence { lines += text("\(glyphs.bullet) " + e, width: width) }
        }
        return lines
    }

    private func handoffHistoryLines(_ x: Int) -> [Line] {
        let list = state.handoffs(patient: x)
        guard !list.isEmpty else { return [Line("No expected handoff has been triggered for this patient yet.", .muted)] }
        var lines: [Line] = []
        for (h, status) in list {
            lines.append(Line(handoffSpans(h, status)))
            var history = "triggered at step \(h.triggerStep) (day \(day(h.triggerTime))), due day \(day(h.dueTime))"
            if let o = h.omittedStep, o <= state.step { history += "; omitted at step \(o)" }
            if let r = h.receivedStep, r <= state.step { history += "; received at step \(r) (day \(day(h.receivedTime!)))" }
            if let sup = h.supersededStep, sup <= state.step, h.receivedStep.map({ $0 > state.step }) ?? true {
                history += "; never sent; superseded on day \(day(analysis.time(ofStep: sup))) (step \(sup))"
            }
            lines.append(Line("   " + history, .muted))
        }
        return lines
    }

    /// Up to this many patients, the partner overlay lists what it knows of each.
    static let partnerOverlayPatients = 12
    /// At most this many open obligations are listed in the partner overlay (then counted).
    static let partnerOverlayObligations = 40

    private func partnerDetailLines(_ p: Int, width: Int) -> [Line] {
        var lines: [Line] = [Line(model.partners[p].kind, .muted)]
        for a in model.partners[p].actors {
            lines.append(Line([Span("\(glyphs.bullet) \(a.name)", .normal, [.bold]), Span(" (\(a.role.split(separator: "-").joined(separator: " ")))", .muted)]))
        }
        lines.append(.empty)
        lines.append(heading("What it knows"))
        func items(_ x: Int) -> [String] {
            model.knowledge.indices.compactMap { kt -> String? in
                guard let item = state.latestHeld(patient: x, partner: p, knowledge: kt) else { return nil }
                return item.value.isEmpty ? model.knowledge[kt].label : "\(model.knowledge[kt].label): \(item.value)"
            }
        }
        // A few patients: all of them. Many: the selected patient in full and the others
        // counted and named (laying out thousands of items would make every key slow, and
        // each patient's own panel shows them).
        let many = model.patients.count > Self.partnerOverlayPatients
        var selectedKnown = false
        for x in many ? [app.patient] : Array(model.patients.indices) {
            let known = items(x)
            guard !known.isEmpty else { continue }
            if x == app.patient { selectedKnown = true }
            lines.append(Line(analysis.patientName(x), .title, [.bold]))
            for i in known { lines += text(i, width: width, indent: "  ") }
        }
        if many {
            // Counted and the first named from the analysis's index, not by asking every patient.
            let known = analysis.partnerActivity.patientsKnown(partner: p, at: state.step, limit: 20, excluding: app.patient)
            let count = known.count - (selectedKnown ? 1 : 0)
            if count > 0 {
                let others = known.first.map { short(patient: $0) }
                let list = others.joined(separator: ", ") + (count > others.count ? ", and \(count - others.count) more" : "")
                lines += text("It also knows of \(count) other patient\(count == 1 ? "" : "s"): \(list). Find one with / to see what.",
                              .muted, width: width)
            }
        }
        // Up to a screenful or two; a partner with thousands shows the overdue ones first and counts the rest.
        let (openCount, overdueCount) = state.openDecisionCount(partner: p)
        let limit = Self.partnerOverlayObligations
        let open = openCount <= limit ? state.openDecisions(partner: p, limit: limit) : state.someOpenDecisions(partner: p, patient: app.patient, limit: limit)
        lines.append(.empty)
        lines.append(heading("Open obligations"))
        if open.isEmpty { lines.append(Line("none", .muted)) }
        for d in open {
            let overdue = d.status(at: state.step) == .overdue
            var line = Line("\(model.decisions[d.decision].label) for \(analysis.patientName(d.patient)), due day \(day(d.dueTime))",
                            overdue ? .critical : .normal, overdue ? [.bold] : [])
            if overdue { line.append(Span(" OVERDUE", .critical, [.bold, .reverse], atomic: true)) }
            lines.append(line)
        }
        if openCount > open.count {
            lines.append(Line("and \(openCount - open.count) more (\(overdueCount) overdue in all)", .muted))
        }
        return lines
    }
}
