import Foundation
import AllianceCore

/// Handoffs and routines: this step's handoffs as `From ─knowledge▷ To`, the patterns
/// flagged or formalised at this step, then the older patterns and the selected patient's
/// designed routines with their progress.
extension Frame {
    func flowsPanel(_ c: inout Canvas, _ r: Rect, blocks: [Block]) {
        let focused = app.focus == .flows
        let counts = state.handoffCounts
        var right = Line()
        for (status, g, role) in [(HandoffStatus.clean, glyphs.clean, Role.clean), (.late, glyphs.late, .late),
                                  (.omitted, glyphs.omitted, .broken), (.pending, glyphs.pending, .pending)] {
            guard let n = counts[status], n > 0 else { continue }
            if !right.isEmpty { right.append(Span(" ", .border)) }
            right.append(Span("\(g)\(Plural.grouped(n))", role, [.bold], atomic: true))
        }
        if held { right = Line("as at step \(state.step)", .warning, [.bold], atomic: true) }
        c.box(r, title: "Handoffs & routines", right: right, focused: focused)
        let inner = Rect(x: r.x + 2, y: r.y + 1, width: r.width - 4, height: r.height - 2)
        drawBlocks(&c, blocks, in: inner, skip: focused ? app.scroll[.flows] ?? 0 : 0)
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

    /// `Hospital ─hospital report▷ Primary  ✓ clean in 0 d`
    func handoffSpans(_ h: HandoffInstance, _ status: HandoffStatus) -> [Span] {
        let spec = model.handoffs[h.spec]
        // A validated case declares every partner and knowledge type a handoff names.
        let from = analysis.partnerIndex(spec.from)!, to = analysis.partnerIndex(spec.to)!
        let knowledge = model.knowledge.first { $0.id == spec.knowledge }?.label ?? spec.knowledge
        let (g, role) = statusGlyph(status)
        var detail: String
        switch status {
        case .clean, .late:
            let latency = h.latencyDays(at: state.step) ?? 0
            detail = "\(status.rawValue) in \(latency == latency.rounded() ? String(Int(latency)) : String(format: "%.1f", latency)) d"
        case .omitted: detail = "omitted, due day \(day(h.dueTime))"
        case .pending: detail = "pending, due day \(day(h.dueTime))"
        }
        return [
            Span(short(partner: from), Role.accent(from), [.bold], atomic: true),
            Span(" \(glyphs.horizontal)\(knowledge)", role),
            Span("\(glyphs.horizontal)\(glyphs.arrow) ", role, [], atomic: true),
            Span(short(partner: to), Role.accent(to), [.bold], atomic: true),
            Span("  \(g) \(detail)", role, [.bold], atomic: true),
        ]
    }

    func flowBlocks(width: Int) -> [Block] {
        // Wrapped where there is room; on one line, cut before its atomic parts, where there is not.
        func wrap(_ line: Line, _ priority: Block.Priority, maxLines: Int = 3) -> Block {
            Block(line.wrapped(width, maxLines: maxLines, ellipsis: glyphs.ellipsis, indent: "    "), priority,
                  compact: [line.fitted(width, ellipsis: glyphs.ellipsis)])
        }
        var now: [Block] = [], later: [Block] = []
        // This step's handoff changes.
        var changed: [(Int, HandoffStatus)] = []
        // Held back (staged reveal): the state before this step, with nothing marked new.
        let changes = held ? [] : state.changes
        for change in changes {
            if case let .handoff(i, _, to) = change {
                if let at = changed.firstIndex(where: { $0.0 == i }) { changed[at].1 = to } else { changed.append((i, to)) }
            }
        }
        for (i, status) in changed {
            let h = analysis.handoffs[i]
            now.append(wrap(Line([Span("\(glyphs.now) ", .new, [.bold]), Span(short(patient: h.patient) + ": ", .title, [.bold], atomic: true)]
                                 + handoffSpans(h, status)), .now, maxLines: 2))
        }
        if changed.isEmpty {
            later.append(Block(Line(held ? "this step's handoffs: press n to reveal" : "no handoff at this step", held ? .warning : .muted), .context))
            // The selected patient's latest handoff, for context, with its step: not news.
            if let (h, status) = state.handoffs(patient: app.patient).max(by: { latestStep($0.instance) < latestStep($1.instance) }) {
                let head = Span("\(short(patient: app.patient)), step \(latestStep(h)): ", .muted, [], atomic: true)
                // Context only: dropped whole rather than cut.
                later.append(Block(Line([head] + handoffSpans(h, status)).wrapped(width, maxLines: 2, ellipsis: glyphs.ellipsis, indent: "    "), .context))
            }
        }
        // Emergent routines, alliance-wide: those flagged or formalised now first; of the
        // older ones the newest few (a large case has many).
        let patterns = state.emergentPatterns
        let olderShown = 8
        var older = 0
        for (p, status) in patterns.reversed() {
            let isNow = !held && (p.flaggedStep == state.step || p.formalisedStep == state.step)
            if !isNow { older += 1; if older > olderShown { continue } }
            let patients = p.seen(at: state.step).patients
            let label = status == .formalised ? "formalised" : "emergent"
            let line = Line([
                Span("\(glyphs.emergent) \(label): ", .emergent, isNow ? [.bold, .reverse] : [.bold], atomic: true),
                Span(analysis.describe(p), .emergent),
                Span(" (\(Plural.count(patients, "patient")))", .muted, [], atomic: true),
            ])
            if isNow {
                now.append(wrap(line, .now))
            } else {
                later.append(Block(line.wrapped(width, maxLines: 2, ellipsis: glyphs.ellipsis, indent: "    "), .normal))
            }
        }
        if older > olderShown {
            later.append(Block(Line("\(glyphs.emergent) and \(older - olderShown) older patterns", .muted, [], atomic: true), .context))
        }
        // The selected patient's routines: those that advanced now first.
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
            let advanced = changes.contains { if case let .routineStep(i, _, _, _) = $0 { return i == inst.id } else { return false } }
            let line = Line([
                Span(advanced ? "\(glyphs.now) " : "  ", .new, [.bold]),
                Span(routine.name, .routine),
                Span(" " + bar, deviates ? .warning : .routine, [.bold], atomic: true),
                Span(" \(done) of \(statuses.count)", deviates ? .warning : .muted, [], atomic: true),
            ])
            let block = Block(line.wrapped(width, maxLines: 2, ellipsis: glyphs.ellipsis, indent: "    "), advanced ? .now : deviates ? .normal : .context,
                              compact: advanced ? [line.fitted(width, ellipsis: glyphs.ellipsis)] : nil)
            if advanced { now.append(block) } else { later.append(block) }
        }
        return now + later
    }
}
