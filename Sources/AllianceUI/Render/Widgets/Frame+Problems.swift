import AllianceCore

/// `--watch`: the case file on disk has errors. A panel over the lower part of the screen
/// shows the first few as `alliance check` prints them (`path:line:column: error: …`, the
/// line, the caret) and how many more; the last good case stays on screen above it.
extension Frame {
    static let problemsShown = 3

    func problemsPanel(_ c: inout Canvas, _ problems: [String]) {
        let w = c.grid.width, h = c.grid.height
        var lines: [Line] = []
        let width = max(10, w - 6)
        for block in problems.prefix(Self.problemsShown) {
            for (i, raw) in block.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                // The first line says where and what, wrapped whole; the source line and its
                // caret keep their columns (cut at the right edge if they must be).
                let text = TextSanitizer.singleLine(String(raw))
                if i == 0 {
                    lines += Line(text, .critical, [.bold]).wrapped(width, ellipsis: glyphs.ellipsis, indent: "    ")
                } else {
                    lines.append(Line(text, .normal))
                }
            }
        }
        if problems.count > Self.problemsShown {
            let more = problems.count - Self.problemsShown
            lines.append(Line("and \(more) more problem\(more == 1 ? "" : "s"): `alliance check` lists them all", .muted))
        }
        lines.append(Line(app.followingLog ? "Rows that cannot be read are passed over; the rows after them are read as they come."
                                           : "Fix the file and save: this panel goes, and the case reloads.", .key))
        let height = min(max(5, h / 2), lines.count + 2)
        let r = Rect(x: 1, y: h - 1 - height, width: w - 2, height: height)
        c.fill(r, with: Cell(" "))
        c.box(r, title: app.followingLog ? "Following the log: problems (newest first)" : "The case file has errors: the last good version stays on screen",
              titleRole: .critical, focused: true)
        let inner = Rect(x: r.x + 2, y: r.y + 1, width: r.width - 4, height: r.height - 2)
        for (i, line) in lines.prefix(inner.height).enumerated() {
            c.draw(line, x: inner.x, y: inner.y + i, maxX: inner.maxX)
        }
        if lines.count > inner.height {
            c.draw(Line(" \(glyphs.moreBelow) \(lines.count - inner.height) more lines ", .muted), x: r.x + 2, y: r.maxY - 1, maxX: r.maxX - 1)
        }
    }
}
