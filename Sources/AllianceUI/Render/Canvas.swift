import AllianceCore

/// Drawing helpers over a `Grid`: boxes with titles, wrapped text, truncation.
struct Canvas {
    var grid: Grid
    let glyphs: Glyphs

    /// A box; the title sits in the top border, `right` at its right end.
    mutating func box(_ r: Rect, title: String, titleRole: Role = .title, right: [(String, Role)] = [], focused: Bool = false) {
        guard r.width >= 2, r.height >= 2 else { return }
        let border: Role = focused ? .focus : .border
        let attrs: Attributes = focused ? [.bold] : []
        let h = glyphs.horizontal
        for (y, left, right) in [(r.y, glyphs.topLeft, glyphs.topRight), (r.maxY - 1, glyphs.bottomLeft, glyphs.bottomRight)] {
            grid.repeatGlyph(left, x: r.x, y: y, count: 1, role: border, attributes: attrs)
            grid.repeatGlyph(h, x: r.x + 1, y: y, count: r.width - 2, role: border, attributes: attrs)
            grid.repeatGlyph(right, x: r.maxX - 1, y: y, count: 1, role: border, attributes: attrs)
        }
        for y in (r.y + 1)..<(r.maxY - 1) {
            grid.repeatGlyph(glyphs.vertical, x: r.x, y: y, count: 1, role: border, attributes: attrs)
            grid.repeatGlyph(glyphs.vertical, x: r.maxX - 1, y: y, count: 1, role: border, attributes: attrs)
        }
        titleLine(r, title: title, titleRole: titleRole, right: right, focused: focused)
    }

    /// Writes a title (and right-hand badges) into the top border line of `r`.
    mutating func titleLine(_ r: Rect, title: String, titleRole: Role = .title, right: [(String, Role)] = [], focused: Bool = false) {
        var rightWidth = 0
        for (text, _) in right { rightWidth += DisplayWidth.of(text) }
        if rightWidth > 0 { rightWidth += 2 }
        let titleMax = r.maxX - 1 - rightWidth
        let marker = focused ? "\(glyphs.now) " : " "
        var x = grid.put(marker, x: r.x + 1, y: r.y, maxX: titleMax, role: focused ? .focus : .border, attributes: focused ? [.bold] : [])
        x = grid.put(truncate(title, titleMax - x - 1), x: x, y: r.y, maxX: titleMax, role: titleRole, attributes: [.bold])
        grid.put(" ", x: x, y: r.y, maxX: titleMax, role: .border)
        if rightWidth > 0 {
            var rx = r.maxX - 1 - rightWidth
            rx = grid.put(" ", x: rx, y: r.y, maxX: r.maxX - 1, role: .border)
            for (text, role) in right { rx = grid.put(text, x: rx, y: r.y, maxX: r.maxX - 1, role: role, attributes: [.bold]) }
            grid.put(" ", x: rx, y: r.y, maxX: r.maxX - 1, role: .border)
        }
    }

    /// Writes spans on one line, clipped at `maxX`; returns the column after the last.
    @discardableResult
    mutating func spans(_ parts: [(String, Role, Attributes)], x: Int, y: Int, maxX: Int) -> Int {
        var cx = x
        for (text, role, attrs) in parts where cx < maxX {
            cx = grid.put(text, x: cx, y: y, maxX: maxX, role: role, attributes: attrs)
        }
        return cx
    }

    func truncate(_ text: String, _ width: Int) -> String { TextFit.truncate(text, width, ellipsis: glyphs.ellipsis) }
}

/// Fitting text into a number of columns.
enum TextFit {
    /// Text cut to `width` columns, with an ellipsis when cut.
    static func truncate(_ text: String, _ width: Int, ellipsis: String) -> String {
        guard width > 0 else { return "" }
        let clean = TextSanitizer.singleLine(text)
        if DisplayWidth.of(clean) <= width { return clean }
        var out = "", used = 0
        let limit = width - DisplayWidth.of(ellipsis)
        for c in clean {
            let w = DisplayWidth.of(c)
            if used + w > limit { break }
            out.append(c)
            used += w
        }
        return out + ellipsis
    }

    /// Text cut from the left to `width` columns (keeps the end), with a leading ellipsis.
    static func truncateLeft(_ text: String, _ width: Int, ellipsis: String) -> String {
        guard width > 0 else { return "" }
        if DisplayWidth.of(text) <= width { return text }
        var out: [Character] = [], used = 0
        let limit = width - DisplayWidth.of(ellipsis)
        for c in text.reversed() {
            let w = DisplayWidth.of(c)
            if used + w > limit { break }
            out.append(c)
            used += w
        }
        return ellipsis + String(out.reversed())
    }

    /// Text padded with spaces (or cut) to exactly `width` columns.
    static func pad(_ text: String, _ width: Int, ellipsis: String) -> String {
        let t = truncate(text, width, ellipsis: ellipsis)
        return t + String(repeating: " ", count: max(0, width - DisplayWidth.of(t)))
    }
}

/// Word wrapping by display width.
enum TextWrap {
    static func lines(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var out: [String] = []
        for paragraph in TextSanitizer.multiLine(text).split(separator: "\n", omittingEmptySubsequences: false) {
            var line = "", lineWidth = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                var w = String(word), ww = DisplayWidth.of(w)
                if lineWidth > 0, lineWidth + 1 + ww > width {
                    out.append(line)
                    line = ""
                    lineWidth = 0
                }
                // A word longer than the line is cut into pieces.
                while ww > width {
                    var head = "", hw = 0
                    var rest = Substring(w)
                    while let c = rest.first, hw + DisplayWidth.of(c) <= width - lineWidth - (lineWidth > 0 ? 1 : 0) {
                        head.append(c)
                        hw += DisplayWidth.of(c)
                        rest = rest.dropFirst()
                    }
                    if head.isEmpty { out.append(line); line = ""; lineWidth = 0; continue }
                    out.append(lineWidth > 0 ? line + " " + head : head)
                    line = ""
                    lineWidth = 0
                    w = String(rest)
                    ww = DisplayWidth.of(w)
                }
                if lineWidth > 0 { line += " "; lineWidth += 1 }
                line += w
                lineWidth += ww
            }
            out.append(line)
        }
        return out
    }
}
