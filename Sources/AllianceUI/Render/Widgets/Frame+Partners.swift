import AllianceCore

/// One panel per partner, stacked on the left, all visible at once.
extension Frame {
    func partners(_ c: inout Canvas, _ r: Rect) {
        let count = model.partners.count
        let focused = app.focus == .partners
        // Each panel: a title line plus content lines; the stack shares borders.
        let perPanel = (r.height - 1) / max(1, count)
        if perPanel < 3 {
            compactPartners(&c, r, focused: focused)
            return
        }
        for p in 0..<count {
            let top = r.y + p * perPanel
            let height = p == count - 1 ? r.maxY - top : perPanel + 1
            partnerPanel(&c, p, Rect(x: r.x, y: top, width: r.width, height: height), focused: focused, first: p == 0)
        }
    }

    private func partnerPanel(_ c: inout Canvas, _ p: Int, _ r: Rect, focused: Bool, first: Bool) {
        let selected = focused && app.partnerCursor == p
        let tally = state.alertTally(partner: p)
        var right: [(String, Role)] = []
        if let b = badge(tally) { right.append(b) }
        c.box(r, title: model.partners[p].name, titleRole: Role.accent(p), right: right, focused: selected)
        if !first {
            // Join with the panel above: tees instead of corners.
            c.grid.put(glyphs.teeLeft, x: r.x, y: r.y, role: selected ? .focus : .border)
            c.grid.put(glyphs.teeRight, x: r.maxX - 1, y: r.y, role: selected ? .focus : .border)
        }
        let inner = Rect(x: r.x + 2, y: r.y + 1, width: r.width - 4, height: r.height - 2)
        var lines = partnerLines(p, width: inner.width)
        let scroll = selected ? min(app.scroll[.partners] ?? 0, max(0, lines.count - inner.height)) : 0
        lines = Array(lines.dropFirst(scroll))
        for (i, line) in lines.prefix(inner.height).enumerated() {
            c.spans(line, x: inner.x, y: inner.y + i, maxX: inner.maxX)
        }
    }

    /// The content of a partner panel: what it did now, its people, what it knows about the
    /// selected patient (new knowledge marked), its open obligations.
    func partnerLines(_ p: Int, width: Int) -> [[(String, Role, Attributes)]] {
        var lines: [[(String, Role, Attributes)]] = []
        let k = state.step
        if let (who, what) = partnerAction(p, at: k) {
            let text = "\(glyphs.now) \(who): \(what)" + (analysis.patient(ofStep: k).map { " (\(firstName(patient: $0)))" } ?? "")
            for (i, l) in TextWrap.lines(text, width: width).prefix(2).enumerated() {
                lines.append([((i == 0 ? "" : "  ") + l, .new, [.bold])])
            }
        }
        let people = model.partners[p].actors.map(\.name).joined(separator: " \(glyphs.separator) ")
        lines.append([(people, .muted, [])])

        let x = app.patient
        var known: [(String, Role, Attributes)] = [("knows of \(firstName(patient: x)): ", .normal, [])]
        var any = false
        for kt in model.knowledge.indices {
            guard let item = state.latestHeld(patient: x, partner: p, knowledge: kt) else { continue }
            let since = item.holders.first { $0.partner == p }!.step
            let isNew = since == k
            // Labels only; a value is shown when it just arrived (the details overlay has them all).
            let value = isNew && !item.value.isEmpty ? " " + TextFit.truncate(item.value, 24, ellipsis: glyphs.ellipsis) : ""
            let text = model.knowledge[kt].label + value
            // The separator rides on the previous item, so lines break after commas.
            if any { known[known.count - 1].0 += ", " }
            known.append((text, isNew ? .new : .normal, isNew ? [.bold] : []))
            if isNew { known.append((" NEW", .new, [.bold, .reverse])) }
            any = true
        }
        if !any { known.append((glyphs.dash, .muted, [])) }
        lines += wrapSpans(known, width: width)

        let open = state.openDecisions(partner: p)
        if open.isEmpty {
            lines.append([("open: \(glyphs.dash)", .muted, [])])
        } else {
            var spans: [(String, Role, Attributes)] = [("open: ", .normal, [])]
            for (i, d) in open.prefix(3).enumerated() {
                let overdue = d.status(at: k) == .overdue
                if i > 0 { spans[spans.count - 1].0 += "; " }
                spans.append(("\(model.decisions[d.decision].label), \(firstName(patient: d.patient)) by day \(day(d.dueTime))",
                              overdue ? .critical : .normal, overdue ? [.bold] : []))
                if overdue { spans.append((" OVERDUE", .critical, [.bold])) }
            }
            if open.count > 3 { spans.append((" +\(open.count - 3) more", .muted, [])) }
            lines += wrapSpans(spans, width: width)
        }
        return lines
    }

    /// One line per partner when there is no room for panels (small terminals, many partners).
    private func compactPartners(_ c: inout Canvas, _ r: Rect, focused: Bool) {
        c.box(r, title: "Partners", right: [], focused: focused)
        let k = state.step
        for p in model.partners.indices where r.y + 1 + p < r.maxY - 1 {
            let y = r.y + 1 + p
            var spans: [(String, Role, Attributes)] = []
            let action = partnerAction(p, at: k), acted = action != nil
            let selected = focused && app.partnerCursor == p
            spans.append((acted ? "\(glyphs.now) " : "  ", .new, [.bold]))
            spans.append((model.partners[p].name, selected ? .selected : Role.accent(p), [.bold]))
            if let b = badge(state.alertTally(partner: p)) { spans.append((" \(b.0)", b.1, [.bold])) }
            if let action { spans.append((": \(action.what)", .new, [])) }
            c.spans(spans, x: r.x + 1, y: y, maxX: r.maxX - 1)
        }
    }

    /// Wraps styled spans to a width, breaking at spaces.
    func wrapSpans(_ spans: [(String, Role, Attributes)], width: Int) -> [[(String, Role, Attributes)]] {
        guard width > 0 else { return [] }
        var lines: [[(String, Role, Attributes)]] = [[]]
        var used = 0
        for (text, role, attrs) in spans {
            // Split into words, keeping the spaces with the word before them.
            var words: [String] = []
            var current = ""
            for ch in TextSanitizer.singleLine(text) {
                current.append(ch)
                if ch == " " { words.append(current); current = "" }
            }
            if !current.isEmpty { words.append(current) }
            for word in words {
                let w = DisplayWidth.of(word)
                let trimmedWidth = DisplayWidth.of(word.trimmingTrailingSpace())
                if used > 0, used + trimmedWidth > width {
                    lines.append([])
                    used = 0
                    if word == " " { continue }
                }
                lines[lines.count - 1].append((word, role, attrs))
                used += w
            }
        }
        return lines
    }
}

extension String {
    func trimmingTrailingSpace() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
