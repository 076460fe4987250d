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
        for h in handoffs {
            triggered.append(Int32(h.triggerStep))
            if let r = h.receivedStep, let t = h.receivedTime {
                if t <= h.dueTime { clean.append(Int32(r)) } else { late.append(Int32(r)) }
            }
            // Omitted from its omission until it is received (if ever, and later).
            if let o = h.omittedStep, h.receivedStep.map({ $0 > o }) ?? true {
                omittedFrom.append(Int32(o))
                if let r = h.receivedStep { omittedUntil.append(Int32(r)) }
            }
        }
        triggered.sort()
        clean.sort()
        late.sort()
        omittedFrom.sort()
        omittedUntil.sort()
    }

    func counts(at k: Int) -> [HandoffStatus: Int] {
        func n(_ steps: [Int32]) -> Int { AlertCounter.countAtOrBefore(steps, k) }
        let clean = n(clean), late = n(late), omitted = n(omittedFrom) - n(omittedUntil)
        return [.clean: clean, .late: late, .omitted: omitted, .pending: n(triggered) - clean - late - omitted]
    }
}
