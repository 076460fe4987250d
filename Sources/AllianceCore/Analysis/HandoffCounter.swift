/// How many handoff instances are in each status after any step, in O(log instances): the
/// sorted steps at which instances were triggered, became clean, late or omitted, and
/// stopped being omitted. (`HandoffInstance.status(at:)` per instance gives the same
/// counts in O(instances); a test checks both at every step.)
struct HandoffCounter: Sendable {
    private var triggered: [Int32] = []
    private var clean: [Int32] = []
    private var late: [Int32] = []
    private var omittedFrom: [Int32] = []
    private var omittedUntil: [Int32] = []

    init(_ handoffs: [HandoffInstance]) {
        add(handoffs, handoffs.indices, after: 0)
    }

    /// A grown case: what instances `touched` (new ones, or changed at the new steps) did
    /// after step `after`. New steps come after the old: the sorted lists stay sorted.
    mutating func extend(_ handoffs: [HandoffInstance], touched: some Sequence<Int>, after: Int) {
        add(handoffs, touched, after: after)
    }

    private mutating func add(_ handoffs: [HandoffInstance], _ ids: some Sequence<Int>, after k: Int) {
        var triggered: [Int32] = [], clean: [Int32] = [], late: [Int32] = [], omittedFrom: [Int32] = [], omittedUntil: [Int32] = []
        for id in ids {
            let h = handoffs[id]
            if h.triggerStep > k { triggered.append(Int32(h.triggerStep)) }
            if let r = h.receivedStep, r > k, let t = h.receivedTime {
                if t <= h.dueTime { clean.append(Int32(r)) } else { late.append(Int32(r)) }
            }
            // Omitted from its omission until it is received (if ever, and later).
            if let o = h.omittedStep, h.receivedStep.map({ $0 > o }) ?? true {
                if o > k { omittedFrom.append(Int32(o)) }
                if let r = h.receivedStep, r > k { omittedUntil.append(Int32(r)) }
            }
        }
        self.triggered += triggered.sorted()
        self.clean += clean.sorted()
        self.late += late.sorted()
        self.omittedFrom += omittedFrom.sorted()
        self.omittedUntil += omittedUntil.sorted()
    }

    func counts(at k: Int) -> [HandoffStatus: Int] {
        func n(_ steps: [Int32]) -> Int { AlertCounter.countAtOrBefore(steps, k) }
        let clean = n(clean), late = n(late), omitted = n(omittedFrom) - n(omittedUntil)
        return [.clean: clean, .late: late, .omitted: omitted, .pending: n(triggered) - clean - late - omitted]
    }
}
