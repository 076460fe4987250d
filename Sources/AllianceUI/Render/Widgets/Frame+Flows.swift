import AllianceCore

/// Handoffs and routines: this step's handoffs as `From ──knowledge──▶ To`, the selected
/// patient's designed routines with their progress, and the emergent routines.
extension Frame {
    func flowsPanel(_ c: inout Canvas, _ r: Rect) {
        let focused = app.focus == .flows
        let counts = state.handoffCounts
        var right: [(String, Role)] = []
        if let n = counts[.clean], n > 0 { right.append(("\(glyphs.clean)\(n) ", .clean)) }
        if let n = counts[.late], n > 0 { right.append(("\(glyphs.late)\(n) ", .late)) }
        if let n = counts[.omitted], n > 0 { right.append(("\(glyphs.omitted)\(n) ", .broken)) }
        if let n = counts[.pending], n > 0 { right.append(("\(glyphs.pending)\(n)", .pending)) }
        c.box(r, title: "Handoffs & routines", right: right, focused: focused)
        let inner = Rect(x: r.x + 2, y: r.y + 1, width: r.width - 4, height: r.height - 2)
        // Wrap only as many lines as can be shown (a large case has many emergent patterns).
        let wanted = (app.scroll[.flows] ?? 0) + inner.height
        var lines: [[(String, Role, Attributes)]] = []
        for line in flowLines(width: inner.width) where lines.count < wanted {
            lines += wrapSpans(line, width: inner.width)
        }
        let scroll = min(app.scroll[.flows] ?? 0, max(0, lines.count - inner.height))
        for (i, line) in lines.dropFirst(scroll).prefix(inner.height).enumerated() {
            c.spans(line, x: inner.x, y: inner.y + i, maxX: inner.maxX)
        }
    }

    /// The last step at which a handoff instance changed, up to now.
    func latestStep(_ h: HandoffInstance) -> Int {
        [h.triggerStep, h.omittedStep ?? 0, h.receivedStep ?? 0].filter { $0 <= state.step }.max() ?? 0
    }

    func statusGlyph(_ s: HandoffStatus) -> (String, Role) {
        switch s {
        case .clean: (glyphs.clean, .clean)
        case .late: (glyphs.late, .late)
        case .omitted: (glyphs.omitted, .broken)
        case .pending: (glyphs.pending, .pending)
        }
    }

    /// `Hospital ──report──▶ Primary  ✓ clean in 0 d · Pere`
    func handoffSpans(_ h: HandoffInstance, _ status: HandoffStatus, withPatient: Bool) -> [(String, Role, Attributes)] {
        let spec = model.handoffs[h.spec]
        // A validated case declares every partner a handoff names.
        let from = analysis.partnerIndex(spec.from)!, to = analysis.partnerIndex(spec.to)!
        let (g, role) = statusGlyph(status)
        var detail: String
        switch status {
        case .clean, .late:
            let latency = h.latencyDays(at: state.step) ?? 0
            detail = "\(status.rawValue) in \(latency == latency.rounded() ? String(Int(latency)) : String(format: "%.1f", latency)) d"
        case .omitted: detail = "omitted, due day \(day(h.dueTime))"
        case .pending: detail = "pending, due day \(day(h.dueTime))"
        }
        var spans: [(String, Role, Attributes)] = [
            (shortName(partner: from), Role.accent(from), [.bold]),
            (" \(glyphs.horizontal)\(glyphs.horizontal)\(spec.knowledge)\(glyphs.horizontal)\(glyphs.horizontal)\(glyphs.arrow) ", role, []),
            (shortName(partner: to), Role.accent(to), [.bold]),
            ("  \(g) \(detail)", role, [.bold]),
        ]
        if withPatient { spans.append(("  \(glyphs.separator) \(firstName(patient: h.patient))", .muted, [])) }
        return spans
    }

    func flowLines(width: Int) -> [[(String, Role, Attributes)]] {
        var lines: [[(String, Role, Attributes)]] = []
        // This step's handoff changes.
        var changed: [(Int, HandoffStatus)] = []
        for change in state.changes {
            if case let .handoff(i, _, to) = change {
                if let at = changed.firstIndex(where: { $0.0 == i }) { changed[at].1 = to } else { changed.append((i, to)) }
            }
        }
        if changed.isEmpty {
            // Nothing now: the selected patient's latest handoff, for context.
            if let (h, status) = state.handoffs(patient: app.patient).max(by: { latestStep($0.instance) < latestStep($1.instance) }) {
                lines.append([("last: ", .muted, [])] + handoffSpans(h, status, withPatient: true))
            } else {
                lines.append([("this step: no handoff", .muted, [])])
            }
        } else {
            for (i, status) in changed {
                lines.append([("this step: ", .new, [.bold])] + handoffSpans(analysis.handoffs[i], status, withPatient: true))
            }
        }
        // Emergent routines, alliance-wide.
        for (p, status) in state.emergentPatterns {
            let now = p.flaggedStep == state.step || p.formalisedStep == state.step
            let patients = p.seen(at: state.step).patients
            let label = status == .formalised ? "formalised" : "emergent"
            lines.append([
                ("\(glyphs.emergent) \(label): ", .emergent, now ? [.bold, .reverse] : [.bold]),
                (analysis.describe(p), .emergent, []),
                (" (\(patients) patients)", .muted, []),
            ])
        }
        // The selected patient's routines.
        let x = app.patient
        for inst in state.routineInstances(patient: x) {
            let routine = model.routines[inst.routine]
            let statuses = inst.steps.map { $0.status(at: state.step) }
            let done = statuses.filter { $0 == .onTime || $0 == .late }.count
            var bar = ""
            for s in statuses {
                switch s {
                case .onTime: bar += glyphs.progressFull
                case .late: bar += glyphs.late
                case .skipped: bar += glyphs.omitted
                case .overdue: bar += glyphs.critical
                case .pending: bar += glyphs.progressEmpty
                }
            }
            let deviates = statuses.contains { $0 == .late || $0 == .skipped || $0 == .overdue }
            let advanced = state.changes.contains { if case let .routineStep(i, _, _, _) = $0 { return i == inst.id } else { return false } }
            let name = TextFit.truncate(routine.name, max(10, width - bar.count - 14), ellipsis: glyphs.ellipsis)
            lines.append([
                (advanced ? "\(glyphs.now) " : "  ", .new, [.bold]),
                (name + " ", .routine, []),
                (bar, deviates ? .warning : .routine, [.bold]),
                (" \(done) of \(statuses.count)", deviates ? .warning : .muted, []),
            ])
        }
        return lines
    }
}
