import AllianceCore

/// Alerts: those raised at this step first (marked NEW, and `resolved` when cleared at the
/// same step), then the active ones, newest first; severity glyph, rule, patient, and the
/// one-sentence explanation.
extension Frame {
    func alertsPanel(_ c: inout Canvas, _ r: Rect) {
        let focused = app.focus == .alerts
        let tally = state.alertTally
        var right = Line([Span("\(Plural.grouped(tally.total)) active", .normal, [], atomic: true)])
        if !raisedNow.isEmpty { right.append(Span(" \(glyphs.separator) \(raisedNow.count) new", .new, [.bold], atomic: true)) }
        // What-if mechanisms on: the alerts the case as it happened showed here, and they avoid.
        let avoided = avoidedShown(at: state.step)
        if !avoided.isEmpty { right.append(Span(" \(glyphs.separator) \(avoided.count) avoided", .clean, [.bold], atomic: true)) }
        // Held back (staged reveal): the room guesses first; the next press reveals them.
        if held { right = Line("as at step \(state.step) \(glyphs.separator) press n to reveal", .warning, [.bold], atomic: true) }
        c.box(r, title: "Alerts", right: right, focused: focused)
        let inner = Rect(x: r.x + 1, y: r.y + 1, width: r.width - 3, height: r.height - 2)
        guard inner.height > 0 else { return }
        // Only what can be shown is laid out: the alerts from a screenful above the cursor to a
        // screenful below it (each takes a row at least), whatever the cursor's position.
        let cursor = focused ? app.alertCursor : 0
        let first = max(0, cursor - inner.height)
        let alerts = state.panelAlerts(from: first, limit: cursor - first + inner.height + 1)
        if alerts.isEmpty, avoided.isEmpty {
            c.draw(Line(state.step == 0 ? "No alerts yet." : "No active alerts.", .muted), x: inner.x + 1, y: inner.y, maxX: inner.maxX)
            return
        }
        // Whole explanations where there is room (the panel then drops whole alerts and says
        // how many); in a short panel, older alerts get one or two lines.
        var newLines = inner.height >= 20 ? 8 : inner.height >= 10 ? 6 : 3
        var oldLines = inner.height >= 10 ? newLines : inner.height >= 6 ? 2 : 1
        // Few alerts: when every one of them fits whole, show them whole (no row left blank
        // while a sentence ends in "…").
        if first == 0, state.panelAlertCount == alerts.count, alerts.count <= inner.height / 2 {
            let whole = alerts.enumerated().reduce(0) { sum, e in
                sum + alertLines(e.element, selected: focused && e.offset == cursor, width: inner.width, maxLines: 8).count
            }
            if whole <= inner.height { newLines = 8; oldLines = 8 }
        }
        var blocks = alerts.enumerated().map { j, a in
            let selected = focused && first + j == cursor
            return Block(alertLines(a, selected: selected, width: inner.width, maxLines: raisedNow.contains(a.id) || selected ? newLines : oldLines),
                         // The selected alert is never the one dropped to make room.
                         raisedNow.contains(a.id) || selected ? .now : a.severity == .critical ? .important : .normal,
                         // A short panel shows more alerts on two lines each; a tall one drops whole alerts instead.
                         compact: inner.height < 10 ? alertLines(a, selected: selected, width: inner.width, maxLines: 1) : nil)
        }
        // Avoided alerts after the list: those raised at this step kept like new ones.
        blocks += avoided.map { a in
            Block(avoidedAlertLines(a, width: inner.width, maxLines: a.step == state.step ? newLines : oldLines),
                  a.step == state.step ? .now : .context,
                  compact: inner.height < 10 ? avoidedAlertLines(a, width: inner.width, maxLines: 1) : nil)
        }
        // Keep the selected alert in view: skip the alerts above it when it would not fit.
        var skip = 0
        let at = cursor - first
        if at > 0, at < blocks.count {
            var used = blocks[at].lines.count + 1
            skip = at
            while skip > 0, used + blocks[skip - 1].lines.count <= inner.height { skip -= 1; used += blocks[skip].lines.count }
        }
        drawBlocks(&c, blocks, in: inner, skip: skip, hiddenAbove: first,
                   hiddenBelow: max(0, state.panelAlertCount - first - alerts.count))
    }

    private func alertLines(_ a: Alert, selected: Bool, width: Int, maxLines: Int) -> [Line] {
        let isNew = raisedNow.contains(a.id)
        let role = severityRole(a.severity)
        var first = Line([
            Span(selected ? glyphs.focus : " ", .focus, [.bold]),
            Span(severityGlyph(a.severity) + " ", role, [.bold], atomic: true),
            Span(a.rule.rawValue, selected ? .selected : role, [.bold], atomic: true),
        ])
        if let x = a.patient { first.append(Span("  \(short(patient: x))", .title, [], atomic: true)) }
        first.append(Span("  step \(a.step)", .muted, [], atomic: true))
        if isNew { first.append(Span("  NEW", .new, [.bold, .reverse], atomic: true)) }
        if let cleared = a.clearedStep, cleared <= state.step {
            first.append(Span(cleared == a.step ? "  resolved at once" : "  resolved at step \(cleared)", .clean, [.bold], atomic: true))
        }
        let message = Line([Span("    "), Span(a.message, .normal, isNew ? [.bold] : [])])
        return [first] + message.wrapped(width, maxLines: maxLines, ellipsis: glyphs.ellipsis, indent: "    ")
    }
}
