/// One row of spans, and how it fits a width: cut with an ellipsis, or wrapped.
///
/// ```swift
/// let line = Line([Span("open: set the review date", .normal), Span(" OVERDUE", .critical, [.bold], atomic: true)])
/// line.fitted(20, ellipsis: "…").text   // "open: set the… OVERDUE"
/// ```
/// Every cut the text model makes ends with the ellipsis, so `wasCut` tells a reader (and
/// the renderer's cut log) that something is hidden.
struct Line: Equatable {
    var spans: [Span]
    /// True when fitting or wrapping cut text from this line (it then ends in, or holds, an ellipsis).
    var wasCut = false

    init(_ spans: [Span] = []) { self.spans = spans }
    init(_ text: String, _ role: Role = .normal, _ attributes: Attributes = [], atomic: Bool = false) {
        spans = [Span(text, role, attributes, atomic: atomic)]
    }

    static let empty = Line()

    var width: Int { spans.reduce(0) { $0 + $1.width } }
    var text: String { spans.map(\.text).joined() }
    var isEmpty: Bool { spans.allSatisfy { $0.text.isEmpty } }

    static func + (a: Line, b: Line) -> Line {
        var l = Line(a.spans + b.spans)
        l.wasCut = a.wasCut || b.wasCut
        return l
    }

    mutating func append(_ span: Span) { spans.append(span) }

    /// The line in at most `width` columns. Atomic spans are kept whole: the first text
    /// that does not fit is cut with `ellipsis` and the plain spans after it are dropped,
    /// while the atomic ones after it stay. When even the atomic spans do not fit, the
    /// last ones are dropped and the line ends with the ellipsis.
    func fitted(_ width: Int, ellipsis: String) -> Line {
        guard self.width > width else { return self }
        let e = DisplayWidth.of(ellipsis)
        let widths = spans.map(\.width)
        var atomicAfter = [Int](repeating: 0, count: spans.count + 1)
        for i in stride(from: spans.count - 1, through: 0, by: -1) {
            atomicAfter[i] = atomicAfter[i + 1] + (spans[i].atomic ? widths[i] : 0)
        }
        var out = Line()
        out.wasCut = true
        if atomicAfter[0] > width {
            // Not even the atomic spans fit: keep what fits whole, then the ellipsis.
            var used = 0
            for (i, s) in spans.enumerated() {
                if used + widths[i] + e > width { break }
                out.append(s)
                used += widths[i]
            }
            if used + e <= width { out.append(Span(ellipsis, out.spans.last?.role ?? .muted)) }
            return out
        }
        var used = 0
        var cutDone = false
        for (i, s) in spans.enumerated() {
            if s.atomic { out.append(s); used += widths[i]; continue }
            if cutDone { continue }
            let room = width - used - atomicAfter[i + 1]
            // Whole when the plain text after it fits too, or when a later span can take the cut.
            let plainAfter = spans[(i + 1)...].reduce(0) { $0 + ($1.atomic ? 0 : $1.width) }
            if widths[i] + plainAfter <= room || widths[i] + e <= room {
                out.append(s)
                used += widths[i]
                continue
            }
            // The cut shows: this span cut with the ellipsis, or whole and followed by it
            // when what is dropped comes after it.
            if widths[i] + e <= room {
                out.append(s)
                out.append(Span(ellipsis, s.role, s.attributes))
                used += widths[i] + e
            } else if room >= e {
                out.append(s.cutShowing(room, ellipsis: ellipsis))
                used += out.spans.last!.width
            }
            cutDone = true
        }
        // Dropping only spaces hides nothing.
        out.wasCut = out.text.filter { !$0.isWhitespace } != text.filter { !$0.isWhitespace }
        return out
    }

    /// The line word-wrapped to `width` columns, at most `maxLines` lines; an atomic span is
    /// never split across lines. Text beyond `maxLines` is dropped and the last line ends
    /// with `ellipsis`; a word wider than a line is cut with `ellipsis`.
    func wrapped(_ width: Int, maxLines: Int = .max, ellipsis: String, indent: String = "") -> [Line] {
        guard width > 0, maxLines > 0 else { return [] }
        // Tokens: words (keeping the spaces after them) of plain spans, whole atomic spans.
        // (Pieces of a span's text are already sanitized: no second pass over them.)
        var tokens: [Span] = []
        for s in spans {
            if s.atomic { tokens.append(s); continue }
            var current = ""
            for ch in s.text {
                current.append(ch)
                if ch == " " { tokens.append(Span(sanitized: current, s.role, s.attributes)); current = "" }
            }
            if !current.isEmpty { tokens.append(Span(sanitized: current, s.role, s.attributes)) }
        }
        var lines: [Line] = [Line()]
        var used = 0, start = 0  // columns used on the current line, and by its indent
        let indentWidth = DisplayWidth.of(indent)
        // The width of a token without the spaces after it (a space is one column), without
        // building the trimmed string.
        func trimmedWidth(_ s: String) -> Int {
            var trailing = 0
            for ch in s.reversed() { if ch == " " { trailing += 1 } else { break } }
            return DisplayWidth.of(s) - trailing
        }
        for t in tokens {
            // One line more than can be kept is enough to know the rest is cut.
            if lines.count > maxLines { break }
            if used > start, used + trimmedWidth(t.text) > width {
                lines.append(Line(indent.isEmpty ? [] : [Span(indent, t.role)]))
                used = indentWidth
                start = indentWidth
            }
            var token = t
            // A continuation line does not start with the spaces that separated it.
            if lines.count > 1, used == start, token.text.hasPrefix(" ") {
                token.text = String(token.text.drop { $0 == " " })
                if token.text.isEmpty { continue }
            }
            if used + trimmedWidth(token.text) > width {
                token = token.cut(to: width - used, ellipsis: ellipsis)
                lines[lines.count - 1].wasCut = true
            }
            lines[lines.count - 1].append(token)
            used += token.width
        }
        // No line ends in the spaces that separated it from the next.
        for i in lines.indices {
            while let j = lines[i].spans.indices.last, lines[i].spans[j].text.hasSuffix(" ") {
                lines[i].spans[j].text = lines[i].spans[j].text.trimmingTrailingSpace()
                if lines[i].spans[j].text.isEmpty, lines[i].spans.count > 1 { lines[i].spans.removeLast() } else { break }
            }
        }
        if lines.count > maxLines {
            var last = lines[maxLines - 1]
            // Room for the ellipsis after the last kept word.
            var trimmed = Line(last.spans)
            if let i = trimmed.spans.indices.last { trimmed.spans[i].text = trimmed.spans[i].text.trimmingTrailingSpace() }
            last = (trimmed + Line(ellipsis, trimmed.spans.last?.role ?? .normal)).fitted(width, ellipsis: ellipsis)
            last.wasCut = true
            lines = Array(lines.prefix(maxLines - 1)) + [last]
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
