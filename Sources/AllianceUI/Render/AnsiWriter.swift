/// Writes a grid as text with ANSI SGR escape sequences (for `alliance snapshot --ansi`,
/// and for measuring what a full redraw costs).
public enum AnsiWriter {
    /// The grid, row by row, styled by `theme` at `depth`; each row ends with a reset.
    public static func render(_ grid: Grid, theme: any StyleResolver, depth: ColorDepth) -> String {
        var out = ""
        var cache: [Key: String] = [:]
        for y in 0..<grid.height {
            var current: String?
            for x in 0..<grid.width {
                let cell = grid[x, y]
                if cell.isContinuation { continue }
                let key = Key(role: cell.role, attributes: cell.attributes)
                let sgr = cache[key] ?? {
                    let s = sequence(theme.style(for: cell.role, depth: depth), extra: cell.attributes)
                    cache[key] = s
                    return s
                }()
                if sgr != current {
                    out += sgr
                    current = sgr
                }
                out += cell.text
            }
            out += "\u{1B}[0m\n"
        }
        return out
    }

    private struct Key: Hashable {
        var role: Role
        var attributes: Attributes
    }

    /// `ESC[0;1;38;5;196m`: a reset, then the attributes and colours of a style.
    public static func sequence(_ style: ResolvedStyle, extra: Attributes = []) -> String {
        var codes = ["0"]
        let attrs = style.attributes.union(extra)
        if attrs.contains(.bold) { codes.append("1") }
        if attrs.contains(.dim) { codes.append("2") }
        if attrs.contains(.underline) { codes.append("4") }
        if attrs.contains(.reverse) { codes.append("7") }
        if case .indexed(let i) = style.foreground { codes.append(i < 8 ? "\(30 + i)" : i < 16 ? "\(90 + i - 8)" : "38;5;\(i)") }
        if case .indexed(let i) = style.background { codes.append(i < 8 ? "\(40 + i)" : i < 16 ? "\(100 + i - 8)" : "48;5;\(i)") }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }
}
