import Foundation
import AllianceCore

/// The header, the "now" line, the timeline strip and the footer.
extension Frame {
    func header(_ c: inout Canvas, y: Int) {
        let w = c.grid.width
        c.grid.fill(Rect(x: 0, y: y, width: w, height: 1), with: Cell(" ", role: .header))
        let sep = " \(glyphs.separator) "
        let play = glyphs == .ascii ? (app.playing ? "> playing" : "|| paused") : (app.playing ? "▶ playing" : "❚❚ paused")
        let position = "step \(state.step)/\(state.stepCount)\(sep)day \(state.day)"
        // The longest form that leaves the title room.
        let forms = [
            " \(position)\(sep)\(state.time.humanDate)\(sep)\(play)\(sep)theme \(app.themeName) ",
            " \(position)\(sep)\(state.time.isoDate)\(sep)\(play)\(sep)\(app.themeName) ",
            " \(position)\(sep)\(state.time.isoDate)\(sep)\(play) ",
        ]
        let title = TextSanitizer.singleLine(model.info.title)
        let right = forms.first { w - DisplayWidth.of($0) >= min(DisplayWidth.of(title) + 2, 36) } ?? forms.last!
        let rightWidth = DisplayWidth.of(right)
        c.grid.put(" " + c.truncate(title, w - rightWidth - 2), x: 0, y: y, maxX: w - rightWidth, role: .header, attributes: [.bold])
        c.grid.put(right, x: max(0, w - rightWidth), y: y, role: .header)
    }

    /// What happened at this step, in one sentence: the most visible line on screen.
    func nowLine(_ c: inout Canvas, y: Int) {
        let w = c.grid.width
        guard let s = state.currentStep else {
            c.grid.put(" Before the first step. Press n or \(glyphs.rightKey) to begin.", x: 0, y: y, role: .muted)
            return
        }
        let k = state.step
        var parts: [(String, Role, Attributes)] = [(" \(glyphs.now) \(k) ", .new, [.bold])] + stepSpans(k)
        var hints: [String] = []
        if s.note != nil { hints.append("note") }
        if s.question != nil { hints.append("question") }
        // Enter opens the step's record when the patient panel has the focus (the default).
        let hint = hints.isEmpty ? "" : app.focus == .patient ? " [Enter: \(hints.joined(separator: ", "))]" : " [\(hints.joined(separator: ", "))]"
        let hintWidth = DisplayWidth.of(hint)
        // The sentence, cut with an ellipsis if it does not fit before the hint.
        let available = w - hintWidth
        var used = 0
        for i in parts.indices {
            let width = DisplayWidth.of(parts[i].0)
            if used + width > available {
                parts[i].0 = c.truncate(parts[i].0, available - used)
                parts.removeSubrange((i + 1)...)
                break
            }
            used += width
        }
        let end = c.spans(parts, x: 0, y: y, maxX: available)
        if !hint.isEmpty { c.grid.put(hint, x: end, y: y, maxX: w, role: .key) }
    }

    /// `├──●──●───▲──!─────█──────┤ 18/33`: the position in the case and the steps that raised alerts.
    func timelineStrip(_ c: inout Canvas, y: Int) {
        let w = c.grid.width
        let n = state.stepCount
        let label = " \(state.step)/\(n) "
        let trackStart = 1, trackEnd = w - DisplayWidth.of(label) - 1  // exclusive
        let track = max(1, trackEnd - trackStart)
        c.grid.put(glyphs.stripStart, x: 0, y: y, role: .border)
        let current = state.step == 0 ? -1 : Analysis.column(ofStep: state.step, steps: n, columns: track)
        c.grid.repeatGlyph(glyphs.horizontal, x: trackStart, y: y, count: current + 1, role: .normal)
        c.grid.repeatGlyph(glyphs.horizontal, x: trackStart + current + 1, y: y, count: track - current - 1, role: .muted)
        // The worst severity raised in each column, for the steps it covers.
        for (x, sev) in analysis.alertMarks(columns: track).enumerated() {
            guard let sev else { continue }
            let reached = x <= current
            let g = sev == .info ? glyphs.emergent : severityGlyph(sev)
            c.grid.put(g, x: trackStart + x, y: y, role: reached ? severityRole(sev) : .muted, attributes: reached ? [.bold] : [])
        }
        if current >= 0 { c.grid.put(glyphs.cursor, x: trackStart + current, y: y, role: .new, attributes: [.bold]) }
        c.grid.put(glyphs.stripEnd, x: trackEnd, y: y, role: .border)
        c.grid.put(label, x: trackEnd + 1, y: y, role: .title, attributes: [.bold])
    }

    func footer(_ c: inout Canvas, y: Int) {
        let w = c.grid.width
        if let notice = app.notice {
            c.grid.put(" " + c.truncate(notice, w - 2), x: 0, y: y, role: .warning, attributes: [.bold])
            return
        }
        // Drop the least important hints until the rest fit.
        var hints = KeyBinding.footer(overlayOpen: app.overlay != nil)
        while hints.count > 1, hints.reduce(1, { $0 + DisplayWidth.of($1) + 2 }) > w {
            let order = KeyBinding.footerDropOrder
            guard let drop = order.first(where: hints.contains) else { hints.removeLast(); continue }
            hints.removeAll { $0 == drop }
        }
        var x = 1
        for key in hints {
            let hint = glyphs == .unicode ? key : key.replacingOccurrences(of: "→", with: glyphs.rightKey).replacingOccurrences(of: "←", with: glyphs.leftKey)
            let width = DisplayWidth.of(hint)
            guard x + width <= w else { break }
            // The keys stand out from their meaning.
            let split = hint.firstIndex(of: " ") ?? hint.endIndex
            x = c.grid.put(String(hint[..<split]), x: x, y: y, role: .key, attributes: [.bold])
            x = c.grid.put(String(hint[split...]) + "  ", x: x, y: y, maxX: w, role: .muted)
        }
    }
}
