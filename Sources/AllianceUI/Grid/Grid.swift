import AllianceCore

/// A rectangle of cells.
public struct Rect: Equatable, Sendable {
    public var x: Int, y: Int, width: Int, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    /// The rectangle shrunk by `n` cells on every side.
    public func inset(_ n: Int) -> Rect { Rect(x: x + n, y: y + n, width: width - 2 * n, height: height - 2 * n) }
}

/// A terminal size in cells.
public struct Size: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var width: Int, height: Int
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
    public var description: String { "\(width)×\(height)" }
}

/// An in-memory screen: what a frame looks like, independent of any terminal.
///
/// Every string goes through `put`, which sanitizes it (no control characters, escape
/// sequences or bidi overrides reach a terminal), measures it in display columns, and
/// never splits a wide character at a clipping edge.
public struct Grid: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: fill, count: self.width * self.height)
    }

    public var size: Size { Size(width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Writes one line of text from (x, y), stopping before column `maxX` (default: the
    /// grid's right edge). Returns the column after the last one written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, maxX: Int? = nil, role: Role = .normal, attributes: Attributes = []) -> Int {
        guard y >= 0, y < height else { return x }
        let limit = min(maxX ?? width, width)
        var col = x
        // Writes one grapheme of width w; false when it does not fit (and the rest is padded:
        // a wide character is never split).
        func emit(_ g: String, _ w: Int) -> Bool {
            if col + w > limit {
                while col < limit { set(col, y, Cell(" ", role: role, attributes: attributes)); col += 1 }
                return false
            }
            if col >= 0 {
                set(col, y, Cell(g, role: role, attributes: attributes))
                if w == 2 { set(col + 1, y, Cell("", role: role, attributes: attributes)) }
            }
            col += w
            return true
        }
        // Fast path: text whose every scalar is its own grapheme (most chrome and names).
        if text.unicodeScalars.allSatisfy({ DisplayWidth.standsAlone($0.value) }) {
            for u in text.unicodeScalars where !emit(String(u), DisplayWidth.isWide(u.value) ? 2 : 1) { break }
            return col
        }
        outer: for c in TextSanitizer.singleLine(text) {
            guard c.unicodeScalars.count > 1, DisplayWidth.isEmojiSequence(c) else {
                let w = DisplayWidth.of(c)
                if w > 0, !emit(String(c), w) { break }
                continue
            }
            for (g, w) in DisplayWidth.cells(for: c) where !emit(g, w) { break outer }
        }
        return col
    }

    /// Sets one cell, repairing any wide character it cuts in half.
    private mutating func set(_ x: Int, _ y: Int, _ cell: Cell) {
        guard x >= 0, x < width else { return }
        let i = y * width + x
        if cells[i].isContinuation, !cell.isContinuation, x > 0 { cells[i - 1] = Cell(" ", role: cells[i - 1].role) }
        if !cell.isContinuation, x + 1 < width, cells[i + 1].isContinuation, !cells[i].isContinuation {
            cells[i + 1] = Cell(" ", role: cells[i + 1].role)
        }
        cells[i] = cell
    }

    /// Repeats one single-column glyph across a run of cells (borders, rules).
    public mutating func repeatGlyph(_ glyph: String, x: Int, y: Int, count: Int, role: Role = .normal, attributes: Attributes = []) {
        guard y >= 0, y < height, count > 0 else { return }
        let cell = Cell(TextSanitizer.singleLine(glyph), role: role, attributes: attributes)
        for cx in max(0, x)..<min(width, x + count) { set(cx, y, cell) }
    }

    /// Fills a rectangle with one cell.
    public mutating func fill(_ r: Rect, with cell: Cell = .blank) {
        for y in max(0, r.y)..<min(height, r.maxY) {
            for x in max(0, r.x)..<min(width, r.maxX) { cells[y * width + x] = cell }
        }
    }

    /// The text of each row (wide characters once, trailing blanks kept).
    public var textRows: [String] {
        (0..<height).map { y in
            var s = ""
            for x in 0..<width where !cells[y * width + x].isContinuation { s += cells[y * width + x].text }
            return s
        }
    }

    /// One letter per cell for its role (see `Role.letter`); attributes are not shown.
    public var styleRows: [String] {
        (0..<height).map { y in
            String((0..<width).map { x -> Character in cells[y * width + x].role.letter })
        }
    }

    /// The cells that differ from `old`, row by row as runs (a nil `old` or another size: everything).
    public func changedRuns(from old: Grid?) -> [(y: Int, x: Int, count: Int)] {
        var runs: [(Int, Int, Int)] = []
        let full = old == nil || old!.width != width || old!.height != height
        for y in 0..<height {
            var x = 0
            while x < width {
                let i = y * width + x
                if full || cells[i] != old!.cells[i] {
                    var end = x + 1
                    while end < width, full || cells[y * width + end] != old!.cells[y * width + end] { end += 1 }
                    // Never start a run on the right half of a wide character.
                    let start = x > 0 && cells[i].isContinuation ? x - 1 : x
                    runs.append((y, start, end - start))
                    x = end
                } else {
                    x += 1
                }
            }
        }
        return runs
    }
}
