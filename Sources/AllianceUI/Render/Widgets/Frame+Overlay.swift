import AllianceCore

/// Overlays: the help (generated from the key bindings, with the glyph legend) and the
/// details of the focused item.
extension Frame {
    func overlay(_ c: inout Canvas, _ overlay: Overlay) {
        let w = c.grid.width, h = c.grid.height
        let r = Rect(x: w / 10, y: 2, width: w - 2 * (w / 10), height: h - 4)
        c.grid.fill(r, with: Cell(" "))
        let (title, lines) = overlayContent(overlay, width: r.width - 4)
        c.box(r, title: title, right: [("Esc close", .key)], focused: true)
        let inner = Rect(x: r.x + 2, y: r.y + 1, width: r.width - 4, height: r.height - 2)
        let scroll = min(app.overlayScroll, max(0, lines.count - inner.height))
        for (i, line) in lines.dropFirst(scroll).prefix(inner.height).enumerated() {
            c.spans(line, x: inner.x, y: inner.y + i, maxX: inner.maxX)
        }
        if lines.count > inner.height {
            c.grid.put(" \(scroll + 1)-\(min(lines.count, scroll + inner.height)) of \(lines.count) \(glyphs.separator) j/k scroll ", x: r.x + 2, y: r.maxY - 1, role: .muted)
        }
    }

    typealias Line = [(String, Role, Attributes)]

    func overlayContent(_ overlay: Overlay, width: Int) -> (String, [Line]) {
        switch overlay {
        case .help: return ("Help", helpLines())
        case .step(let s): return (s == 0 ? "Before the first step" : "Step \(s) of \(state.stepCount)", stepLines(s, width: width))
        case .alert(let id): return ("Alert", alertDetailLines(analysis.alerts[id], width: width))
        case .handoffs(let x): return ("Handoffs of \(model.patients[x].name)", handoffHistoryLines(x))
        case .partner(let p): return (model.partners[p].name, partnerDetailLines(p, width: width))
        }
    }

    private func text(_ s: String, _ role: Role = .normal, _ attrs: Attributes = [], width: Int, indent: String = "") -> [Line] {
        TextWrap.lines(s, width: max(10, width - DisplayWidth.of(indent))).map { [(indent + $0, role, attrs)] }
    }

    private func helpLines() -> [Line] {
        var lines: [Line] = [[("Keys", .title, [.bold, .underline])]]
        for b in KeyBinding.all {
            let line: Line = [(TextFit.pad(b.keyLabel, 14, ellipsis: glyphs.ellipsis), .key, [.bold]), (b.help, .normal, [])]
            lines.append(line)
        }
        lines.append([])
        lines.append([("Legend", .title, [.bold, .underline])])
        let legend: [(String, Role, String)] = [
            (glyphs.held, .clean, "held"), (glyphs.missing, .critical, "needed, exists elsewhere, but missing here"),
            (glyphs.notYet, .pending, "needed, but nobody has it yet"),
            (glyphs.outdated, .late, "only an older version held"), (glyphs.notNeeded, .muted, "not needed"),
            ("NEW", .new, "arrived or raised at this step"),
            (glyphs.clean, .clean, "handoff clean"), (glyphs.late, .late, "handoff late"),
            (glyphs.omitted, .broken, "handoff omitted"), (glyphs.pending, .pending, "handoff pending"),
            (glyphs.critical, .critical, "critical alert"), (glyphs.warning, .warning, "warning"), (glyphs.info, .info, "information"),
            (glyphs.emergent, .emergent, "emergent routine (a new pattern nobody designed)"),
            (glyphs.progressFull, .routine, "routine step done on time"), (glyphs.now, .new, "what happened at this step; the focused panel"),
        ]
        for (g, role, meaning) in legend {
            let line: Line = [(TextFit.pad(g, 6, ellipsis: glyphs.ellipsis), role, [.bold]), (meaning, .normal, [])]
            lines.append(line)
        }
        return lines
    }

    private func stepLines(_ s: Int, width: Int) -> [Line] {
        guard s > 0 else { return text("Nothing has happened yet. Press n or \(glyphs.rightKey) to do the first step.", width: width) }
        let st = model.timeline[s - 1]
        let partner = analysis.partner(ofStep: s)
        var lines: [Line] = [
            [("Day \(day(st.time)) \(glyphs.separator) \(st.time.humanDate)", .muted, [])],
            [(analysis.patientName(analysis.patient(ofStep: s)) + ": ", .title, [.bold]),
             (analysis.actorName(analysis.actor(ofStep: s)), Role.accent(partner), [.bold]),
             (" (\(model.partners[partner].name)) ", .normal, []), (analysis.activityLabel(analysis.activity(ofStep: s)), .normal, [.bold])],
        ]
        for p in st.produces {
            lines.append([("produces ", .muted, []), (p.knowledge, .clean, [.bold]), (p.value.isEmpty ? "" : ": \(p.value)", .normal, [])])
        }
        for send in st.sends {
            lines.append([("sends ", .muted, []), (send.knowledge, .clean, [.bold]), (" to \(send.to.joined(separator: ", "))", .normal, [])])
        }
        if !st.consumes.isEmpty { lines.append([("uses ", .muted, []), (st.consumes.joined(separator: ", "), .normal, [])]) }
        if let f = st.formalizes { lines.append([("formalizes the routine ", .muted, []), (f, .emergent, [.bold])]) }
        if let note = st.note {
            lines.append([])
            lines.append([("Facilitator note", .title, [.bold, .underline])])
            lines += text(note, width: width)
        }
        if let q = st.question {
            lines.append([])
            lines.append([("Question for the room", .title, [.bold, .underline])])
            lines += text(q, .new, [.bold], width: width)
        }
        let raised = analysis.alerts.filter { $0.step == s }
        if !raised.isEmpty {
            lines.append([])
            lines.append([("Alerts raised at this step", .title, [.bold, .underline])])
            for a in raised {
                lines.append([(severityGlyph(a.severity) + " " + a.rule.rawValue, severityRole(a.severity), [.bold])])
                lines += text(a.message, width: width, indent: "  ")
            }
        }
        return lines
    }

    private func alertDetailLines(_ a: Alert, width: Int) -> [Line] {
        var lines: [Line] = [
            [(severityGlyph(a.severity) + " " + a.severity.rawValue, severityRole(a.severity), [.bold]),
             ("  \(a.rule.rawValue)", .title, [.bold])],
            [("raised at step \(a.step), day \(day(a.time))", .muted, []),
             (a.clearedStep.map { $0 <= state.step ? " \(glyphs.separator) cleared at step \($0)" : "" } ?? "", .clean, [])],
        ]
        if let x = a.patient { lines.append([("patient ", .muted, []), (model.patients[x].name, .normal, [.bold])]) }
        lines.append([("partners ", .muted, []), (a.partners.map { model.partners[$0].name }.joined(separator: ", "), .normal, [])])
        lines.append([])
        lines += text(a.message, width: width)
        if !a.evidence.isEmpty {
            lines.append([])
            lines.append([("Evidence", .title, [.bold, .underline])])
            for e in a.evidence { lines += text("\(glyphs.bullet) " + e, width: width) }
        }
        return lines
    }

    private func handoffHistoryLines(_ x: Int) -> [Line] {
        let list = state.handoffs(patient: x)
        guard !list.isEmpty else { return [[("No expected handoff has been triggered for this patient yet.", .muted, [])]] }
        var lines: [Line] = []
        for (h, status) in list {
            lines.append(handoffSpans(h, status, withPatient: false))
            var history = "triggered at step \(h.triggerStep) (day \(day(h.triggerTime))), due day \(day(h.dueTime))"
            if let o = h.omittedStep, o <= state.step { history += "; omitted at step \(o)" }
            if let r = h.receivedStep, r <= state.step { history += "; received at step \(r) (day \(day(h.receivedTime!)))" }
            if let sup = h.supersededStep, sup <= state.step, h.receivedStep.map({ $0 > state.step }) ?? true {
                history += "; never sent; superseded on day \(day(analysis.time(ofStep: sup))) (step \(sup))"
            }
            lines.append([("   " + history, .muted, [])])
        }
        return lines
    }

    private func partnerDetailLines(_ p: Int, width: Int) -> [Line] {
        var lines: [Line] = [[(model.partners[p].kind, .muted, [])]]
        for a in model.partners[p].actors {
            lines.append([("\(glyphs.bullet) \(a.name)", .normal, [.bold]), (" (\(a.role))", .muted, [])])
        }
        lines.append([])
        lines.append([("What it knows", .title, [.bold, .underline])])
        for x in model.patients.indices {
            let items = model.knowledge.indices.compactMap { kt -> String? in
                guard let item = state.latestHeld(patient: x, partner: p, knowledge: kt) else { return nil }
                return item.value.isEmpty ? model.knowledge[kt].label : "\(model.knowledge[kt].label): \(item.value)"
            }
            guard !items.isEmpty else { continue }
            lines.append([(model.patients[x].name, .title, [.bold])])
            for i in items { lines += text(i, width: width, indent: "  ") }
        }
        let open = state.openDecisions(partner: p)
        lines.append([])
        lines.append([("Open obligations", .title, [.bold, .underline])])
        if open.isEmpty { lines.append([("none", .muted, [])]) }
        for d in open {
            let overdue = d.status(at: state.step) == .overdue
            lines.append([("\(model.decisions[d.decision].label) for \(model.patients[d.patient].name), due day \(day(d.dueTime))",
                           overdue ? .critical : .normal, overdue ? [.bold] : [])])
        }
        return lines
    }
}
