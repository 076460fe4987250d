/// An item of a panel (an alert, a handoff, a partner's obligations): its lines and how
/// much it matters at this step. Panels list blocks in reading order, what changed at
/// this step first; when they do not all fit, the least important go first.
struct Block {
    var lines: [Line]
    var priority: Priority
    /// A shorter form (fewer lines, nothing cut) to use when the whole block does not fit.
    var compact: [Line]?

    /// How much a block matters at this step (higher is kept longer).
    enum Priority: Int, Comparable {
        /// Context that can go first (people, routine progress).
        case context = 0
        case normal = 1
        /// Overdue obligations, critical alerts, the therapy line with unneeded days.
        case important = 2
        /// What this step changed: NEW alerts, this step's handoffs, the actor's own line.
        case now = 3
        static func < (a: Priority, b: Priority) -> Bool { a.rawValue < b.rawValue }
    }

    init(_ lines: [Line], _ priority: Priority = .normal, compact: [Line]? = nil) {
        self.lines = lines
        self.priority = priority
        self.compact = compact.flatMap { $0.count < lines.count ? $0 : nil }
    }
    init(_ line: Line, _ priority: Priority = .normal) { self.init([line], priority) }
}

/// Fits a panel's blocks into its rows.
enum BlockFit {
    /// The lines to show in `height` rows, skipping the first `skip` blocks (scrolling).
    /// When not everything fits, the least important blocks are dropped (ties: the later
    /// ones first), the rest keep their order, and the last row says how many are hidden
    /// (`↓ 3 more`). A block taller than the rows left is shown in part, its last row
    /// ending with the ellipsis.
    static func lines(_ all: [Block], height: Int, skip: Int = 0, width: Int, glyphs: Glyphs) -> [Line] {
        guard height > 0 else { return [] }
        var blocks = Array(all.dropFirst(min(skip, all.count)))
        var total = blocks.reduce(0) { $0 + $1.lines.count }
        // Too long: use the compact forms, most important block last, until it fits.
        let order = blocks.indices.sorted { (blocks[$0].priority, $0) < (blocks[$1].priority, $1) }
        for i in order where total > height {
            guard let compact = blocks[i].compact else { continue }
            total -= blocks[i].lines.count - compact.count
            blocks[i].lines = compact
        }
        if total <= height, skip == 0 { return blocks.flatMap(\.lines) }
        if total < height { return blocks.flatMap(\.lines) + [more(0, above: skip, glyphs: glyphs)] }
        let room = height - 1
        // Most important first; among equals, the earlier first.
        let keepOrder = blocks.indices.sorted { (blocks[$0].priority, -$0) > (blocks[$1].priority, -$1) }
        var keep = [Int: Int]()  // block index → lines kept
        var used = 0
        for i in keepOrder {
            let n = blocks[i].lines.count
            if used + n <= room {
                keep[i] = n
                used += n
            } else if keep.isEmpty, room > 0 {
                keep[i] = room  // the most important block, in part
                used = room
            }
        }
        var out: [Line] = []
        var hidden = 0
        for (i, b) in blocks.enumerated() {
            guard let n = keep[i] else { hidden += 1; continue }
            if n < b.lines.count {
                var part = Array(b.lines.prefix(n))
                var last = part[n - 1]
                last = (Line(last.spans) + Line(glyphs.ellipsis, .muted)).fitted(width, ellipsis: glyphs.ellipsis)
                last.wasCut = true
                part[n - 1] = last
                out += part
            } else {
                out += b.lines
            }
        }
        if hidden > 0 || skip > 0 { out.append(more(hidden, above: skip, glyphs: glyphs)) }
        return out
    }

    /// `↓ 3 more`, and how many are scrolled off above.
    static func more(_ below: Int, above: Int, glyphs: Glyphs) -> Line {
        var parts: [String] = []
        if below > 0 { parts.append("\(glyphs.moreBelow) \(below) more") }
        if above > 0 { parts.append("\(above) above") }
        return Line(parts.joined(separator: " \(glyphs.separator) "), .muted, [.bold], atomic: true)
    }
}
