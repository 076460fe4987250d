/// Ids to their positions, for the compiled case's per-step look-ups (a million-event log
/// resolves three ids a step): an open-addressing table hashed with FNV-1a over the id's
/// UTF-8 bytes, which costs a fraction of `Dictionary<String, Int>`'s seeded SipHash on the
/// short ids cases use. The first position of an id repeated wins, as `CaseValidator`
/// reports repeats before a case is compiled.
struct IDIndex: Sendable {
    private var ids: [String]
    /// -1: empty; else a position in `ids`.
    private var slots: [Int32]
    private var mask: Int

    init(_ ids: [String]) {
        self.ids = ids
        var size = 16
        while size < ids.count * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        for i in ids.indices { place(i) }
    }

    /// Puts position i in its slot (the first position of a repeated id keeps it).
    private mutating func place(_ i: Int) {
        var s = Int(truncatingIfNeeded: IDIndex.hash(ids[i])) & mask
        while slots[s] >= 0 {
            if ids[Int(slots[s])] == ids[i] { return }
            s = (s + 1) & mask
        }
        slots[s] = Int32(i)
    }

    /// Adds an id at the next position (a case that grows: a followed log's new patients).
    mutating func append(_ id: String) {
        ids.append(id)
        if ids.count * 2 > slots.count {
            slots = [Int32](repeating: -1, count: slots.count * 2)
            mask = slots.count - 1
            for i in ids.indices { place(i) }
        } else {
            place(ids.count - 1)
        }
    }

    subscript(id: String) -> Int? {
        var s = Int(truncatingIfNeeded: IDIndex.hash(id)) & mask
        while true {
            let e = Int(slots[s])
            if e < 0 { return nil }
            if ids[e] == id { return e }
            s = (s + 1) & mask
        }
    }

    @inline(__always)
    static func hash(_ id: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var text = id
        text.withUTF8 { bytes in
            for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        }
        return h ^ (h >> 29)
    }
}
