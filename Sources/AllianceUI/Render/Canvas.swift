import AllianceCore

/// A place where the renderer cut text: marked (it ends with the ellipsis) or not.
/// `DashboardRenderer.renderChecked` returns them, so tests can fail on a silent cut.
public struct TextCut: Equatable, Sendable, CustomStringConvertible {
    public var x: Int, y: Int
    /// The whole text that did not fit.
    public var text: String
    /// Whether the cut is visible (the shown text ends with the ellipsis).
    public var marked: Bool
    public var description: String { "\(marked ? "cut" : "SILENT CUT") at \(x),\(y): \(text)" }
}

/// Drawing over a `Grid`: boxes with titles, and lines of spans, fitted with an ellipsis.
/// Widgets write text only through `draw` (which fits a `Line` and logs the cut) or
/// `put` (which logs any text it has to clip as a silent cut, a defect).
struct Canvas {
    private(set) var grid: Grid
    let glyphs: Glyphs
    private(set) var cuts: [TextCut] = []

    init(grid: Grid, glyphs: Glyphs) {
        self.grid = grid
        self.glyphs = glyphs
    }

    /// A box; the title sits in the top border, `right` at its right end.
    mutating func box(_ r: Rect, title: String, titleRole: Role = .title, right: Line = Line(), focused: Bool = false) {
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
        titleLine(r, title: Line(title, titleRole, [.bold]), right: right, focused: focused)
    }

    /// Writes a title (and right-hand badges, which are never cut) into the top border of `r`.
    mutating func titleLine(_ r: Rect, title: Line, right: Line = Line(), focused: Bool = false) {
        let rightWidth = right.isEmpty ? 0 : right.width + 2
        let titleMax = r.maxX - 1 - rightWidth
        let marker = focused ? "\(glyphs.focus) " : " "
        var x = put(marker, x: r.x + 1, y: r.y, maxX: titleMax, role: focused ? .focus : .border, attributes: focused ? [.bold] : [])
        if !title.isEmpty {
            x = draw(title, x: x, y: r.y, maxX: titleMax - 1)
            x = put(" ", x: x, y: r.y, maxX: titleMax, role: .border)
        }
        if rightWidth > 0 {
            var rx = r.maxX - 1 - rightWidth
            rx = put(" ", x: rx, y: r.y, maxX: r.maxX - 1, role: .border)
            rx = draw(right, x: rx, y: r.y, maxX: r.maxX - 2)
            put(" ", x: rx, y: r.y, maxX: r.maxX - 1, role: .border)
        }
    }

    /// Draws a line from (x, y), fitted before `maxX` with the ellipsis; returns the column after it.
    @discardableResult
    mutating func draw(_ line: Line, x: Int, y: Int, maxX: Int) -> Int {
        let available = maxX - x
        guard available > 0 else {
            if !line.isEmpty { cuts.append(TextCut(x: x, y: y, text: line.text, marked: false)) }
            return x
        }
        let fitted = line.fitted(available, ellipsis: glyphs.ellipsis)
        if fitted.wasCut || line.wasCut {
            cuts.append(TextCut(x: x, y: y, text: line.text, marked: fitted.text.contains(glyphs.ellipsis)))
        }
        var cx = x
        for s in fitted.spans where cx < maxX {
            cx = grid.put(s.text, x: cx, y: y, maxX: maxX, role: s.role, attributes: s.attributes)
        }
        return cx
    }

    /// Writes raw text (chrome, padding); text that does not fit is logged as a silent cut.
    @discardableResult
    mutating func put(_ text: String, x: Int, y: Int, maxX: Int? = nil, role: Role = .normal, attributes: Attributes = []) -> Int {
        let limit = min(maxX ?? grid.width, grid.width)
        if DisplayWidth.of(TextSanitizer.singleLine(text).trimmingTrailingSpace()) > limit - x {
            cuts.append(TextCut(x: x, y: y, text: text, marked: false))
        }
        return grid.put(text, x: x, y: y, maxX: maxX, role: role, attributes: attributes)
    }

    /// Fills a rectangle (an overlay covers what is under it, cuts included).
    mutating func fill(_ r: Rect, with cell: Cell = .blank) {
        grid.fill(r, with: cell)
        cuts.removeAll { $0.y >= r.y && $0.y < r.maxY && $0.x < r.maxX }
    }

    mutating func repeatGlyph(_ glyph: String, x: Int, y: Int, count: Int, role: Role = .normal, attributes: Attributes = []) {
        grid.repeatGlyph(glyph, x: x, y: y, count: count, role: role, attributes: attributes)
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
        return prefix(clean, width - DisplayWidth.of(ellipsis)) + ellipsis
    }

    /// The longest start of `text` that fits in `width` columns (a wide character is never split).
    static func prefix(_ text: String, _ width: Int) -> String {
        var out = "", used = 0
        for c in text {
            let w = DisplayWidth.of(c)
            if used + w > width { break }
            out.append(c)
            used += w
        }
        return out
    }

    /// Text padded with spaces (or cut) to exactly `width` columns.
    static func pad(_ text: String, _ width: Int, ellipsis: String) -> String {
        let t = truncate(text, width, ellipsis: ellipsis)
        return t + String(repeating: " ", count: max(0, width - DisplayWidth.of(t)))
    }
}

