/// Ids to their positions, for the compiled case's per-step look-ups (a million-event log
/// resolves three ids a step): an open-addressing table hashed with FNV-1a over the id's
/// UTF-8 bytes, which costs a fraction of `Dictionary<String, Int>`'s seeded SipHash on the
/// short ids cases use. The first position of an id repeated wins, as `CaseValidator`
/// reports repeats before a case is compiled.
struct IDIndex: Sendable {
    private let ids: [String]
    /// -1: empty; else a position in `ids`.
    private let slots: [Int32]
    private let mask: Int

    init(_ ids: [String]) {
        self.ids = ids
        var size = 16
        while size < ids.count * 2 { size <<= 1 }
        var slots = [Int32](repeating: -1, count: size)
        let mask = size - 1
        for (i, id) in ids.enumerated() {
            var s = Int(truncatingIfNeeded: IDIndex.hash(id)) & mask
            var seen = false
            while slots[s] >= 0 {
                if ids[Int(slots[s])] == id { seen = true; break }
                s = (s + 1) & mask
            }
            if !seen { slots[s] = Int32(i) }
        }
        self.slots = slots
        self.mask = mask
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
