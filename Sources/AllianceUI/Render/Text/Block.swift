import AllianceCore
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
    /// `hiddenAbove` / `hiddenBelow`: items of a long list that the caller did not even turn
    /// into blocks (they cannot be on screen), counted in the "more" line all the same.
    static func lines(_ all: [Block], height: Int, skip: Int = 0, width: Int, glyphs: Glyphs,
                      hiddenAbove: Int = 0, hiddenBelow: Int = 0) -> [Line] {
        guard height > 0 else { return [] }
        let blocks = Array(all.dropFirst(min(skip, all.count)))
        let total = blocks.reduce(0) { $0 + $1.lines.count }
        let skip = skip + hiddenAbove
        if total <= height, skip == 0, hiddenBelow == 0 { return blocks.flatMap(\.lines) }
        if total < height { return blocks.flatMap(\.lines) + [more(hiddenBelow, above: skip, glyphs: glyphs)] }
        // Everything, some blocks in their compact form; else hide some and say so.
        let room = skip == 0 ? height : height - 1
        let all = choose(blocks, room: room, width: width, ellipsis: glyphs.ellipsis)
        if all.count == blocks.count {
            if skip == 0, hiddenBelow == 0 { return blocks.indices.flatMap { all[$0]! } }
            let room = height - 1
            let fit = choose(blocks, room: room, width: width, ellipsis: glyphs.ellipsis)
            if fit.count == blocks.count {
                return blocks.indices.flatMap { fit[$0]! } + [more(hiddenBelow, above: skip, glyphs: glyphs)]
            }
        }
        let kept = choose(blocks, room: height - 1, width: width, ellipsis: glyphs.ellipsis)
        var out: [Line] = []
        var hidden = hiddenBelow
        for i in blocks.indices {
            if let lines = kept[i] { out += lines } else { hidden += 1 }
        }
        out.append(more(hidden, above: skip, glyphs: glyphs))
        return out
    }

    /// The lines kept per block in `room` rows, level by level from the most important:
    /// as many blocks of a level as fit in their short form (compact, else whole; the earlier
    /// first), then each of them whole where room is left; lower levels get what remains.
    /// When not even the first block fits, its first rows are kept, the last ending with
    /// the ellipsis.
    private static func choose(_ blocks: [Block], room: Int, width: Int, ellipsis: String) -> [Int: [Line]] {
        var kept: [Int: [Line]] = [:]
        var used = 0
        for level in Set(blocks.map(\.priority)).sorted(by: >) {
            let level = blocks.indices.filter { blocks[$0].priority == level }
            var placed: [Int] = []
            for i in level {
                let short = blocks[i].compact ?? blocks[i].lines
                if used + short.count <= room {
                    kept[i] = short
                    used += short.count
                    placed.append(i)
                } else if kept.isEmpty, room > 0 {
                    var part = Array(short.prefix(room))
                    var last = (Line(part[room - 1].spans) + Line(ellipsis, .muted)).fitted(width, ellipsis: ellipsis)
                    last.wasCut = true
                    part[room - 1] = last
                    kept[i] = part
                    used = room
                }
            }
            for i in placed where blocks[i].compact != nil {
                let extra = blocks[i].lines.count - kept[i]!.count
                if used + extra <= room {
                    kept[i] = blocks[i].lines
                    used += extra
                }
            }
        }
        return kept
    }

    /// `↓ 3 more`, and how many are scrolled off above.
    static func more(_ below: Int, above: Int, glyphs: Glyphs) -> Line {
        var parts: [String] = []
        if below > 0 { parts.append("\(glyphs.moreBelow) \(Plural.grouped(below)) more") }
        if above > 0 { parts.append("\(above) above") }
        return Line(parts.joined(separator: " \(glyphs.separator) "), .muted, [.bold], atomic: true)
    }
}
