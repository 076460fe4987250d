import AllianceCore

/// Alerts, newest first: severity glyph, rule, patient, and the one-sentence explanation.
/// Alerts raised at this step are marked NEW.
extension Frame {
    func alertsPanel(_ c: inout Canvas, _ r: Rect) {
        let focused = app.focus == .alerts
        let tally = state.alertTally
        var right: [(String, Role)] = [("\(tally.total) active", .normal)]
        if !raisedNow.isEmpty { right.append((" \(glyphs.separator) \(raisedNow.count) new", .new)) }
        c.box(r, title: "Alerts", right: right, focused: focused)
        let inner = Rect(x: r.x + 1, y: r.y + 1, width: r.width - 2, height: r.height - 2)
        guard inner.height > 0 else { return }
        // Only what can be shown is read: the cursor's neighbourhood, newest first.
        let cursor = focused ? app.alertCursor : 0
        let alerts = state.newestActiveAlerts(limit: cursor + inner.height + 1)
        if alerts.isEmpty {
            c.grid.put(state.step == 0 ? "No alerts yet." : "No active alerts.", x: inner.x + 1, y: inner.y, role: .muted)
            return
        }
        var blocks: [(first: Int, lines: [[(String, Role, Attributes)]])] = []
        var total = 0
        for (i, a) in alerts.enumerated() {
            let lines = alertLines(a, selected: focused && i == cursor, width: inner.width)
            blocks.append((total, lines))
            total += lines.count
        }
        // Keep the selected alert in view.
        let selectedBlock = blocks[min(cursor, blocks.count - 1)]
        var top = 0
        if selectedBlock.first + selectedBlock.lines.count > inner.height {
            // Show the whole selected alert, or at least its first line.
            top = selectedBlock.lines.count >= inner.height ? selectedBlock.first
                : selectedBlock.first + selectedBlock.lines.count - inner.height
        }
        var y = inner.y
        for line in blocks.flatMap(\.lines).dropFirst(top) {
            guard y < inner.maxY else { break }
            c.spans(line, x: inner.x, y: y, maxX: inner.maxX)
            y += 1
        }
    }

    private func alertLines(_ a: Alert, selected: Bool, width: Int) -> [[(String, Role, Attributes)]] {
        let isNew = raisedNow.contains(a.id)
        let role = severityRole(a.severity)
        var first: [(String, Role, Attributes)] = [
            (selected ? glyphs.now : " ", .focus, [.bold]),
            (severityGlyph(a.severity) + " ", role, [.bold]),
            (a.rule.rawValue, selected ? .selected : role, [.bold]),
        ]
        if let x = a.patient { first.append(("  \(model.patients[x].name)", .title, [])) }
        first.append(("  step \(a.step)", .muted, []))
        if isNew { first.append(("  NEW", .new, [.bold, .reverse])) }
        var lines = [first]
        for l in TextWrap.lines(a.message, width: max(10, width - 4)).prefix(3) {
            lines.append([("    " + l, .normal, isNew ? [.bold] : [])])
        }
        return lines
    }
}
