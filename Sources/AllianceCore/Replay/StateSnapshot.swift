/// Every fact of a state, materialised as plain sets and maps: what a UI would keep if it
/// tracked the case by applying deltas. Two ways lead to it, and they must agree:
/// `CaseState.snapshot()` (asking the stamps at step k) and applying / reverting
/// `StepDelta`s one at a time.
public struct StateSnapshot: Sendable, Equatable {
    public struct Held: Hashable, Sendable {
        public var partner: Int
        public var item: Int
    }
    public var step = 0
    public var held = Set<Held>()
    public var raisedAlerts = Set<Int>()
    public var activeAlerts = Set<Int>()
    public var handoffs: [Int: HandoffStatus] = [:]
    public var routineSteps: [Int: [RoutineStepStatus]] = [:]
    public var emergent: [Int: EmergentStatus] = [:]
    public var decisions: [Int: DecisionStatus] = [:]
    public var therapies: [Int: TherapyStatus] = [:]
    public var adoptedRoutines = Set<Int>()

    public init() {}

    /// Applies a forward delta, or reverts a backward one.
    public mutating func apply(_ delta: StepDelta, analysis: Analysis) {
        switch delta.direction {
        case .forward:
            for change in delta.changes { forward(change, analysis) }
            step = delta.step
        case .backward:
            for change in delta.changes.reversed() { backward(change) }
            step = delta.step - 1
        }
    }

    private mutating func forward(_ change: StepChange, _ analysis: Analysis) {
        switch change {
        case let .learned(p, i): held.insert(Held(partner: p, item: i))
        case let .alertRaised(a): raisedAlerts.insert(a); activeAlerts.insert(a)
        case let .alertCleared(a): activeAlerts.remove(a)
        case let .handoff(i, _, to): handoffs[i] = to
        case let .routineStarted(i): routineSteps[i] = Array(repeating: .pending, count: analysis.routines[i].steps.count)
        case let .routineStep(i, x, _, to): routineSteps[i]![x] = to
        case let .emergent(p, _, to): emergent[p] = to
        case let .decision(i, _, to): decisions[i] = to
        case let .therapy(e, _, to): therapies[e] = to
        case let .routineAdopted(r): adoptedRoutines.insert(r)
        }
    }

    private mutating func backward(_ change: StepChange) {
        switch change {
        case let .learned(p, i): held.remove(Held(partner: p, item: i))
        case let .alertRaised(a): raisedAlerts.remove(a); activeAlerts.remove(a)
        case let .alertCleared(a): activeAlerts.insert(a)
        case let .handoff(i, from, _): handoffs[i] = from
        case let .routineStarted(i): routineSteps[i] = nil
        case let .routineStep(i, x, from, _): routineSteps[i]![x] = from
        case let .emergent(p, from, _): emergent[p] = from
        case let .decision(i, from, _): decisions[i] = from
        case let .therapy(e, from, _): therapies[e] = from
        case let .routineAdopted(r): adoptedRoutines.remove(r)
        }
    }
}

extension CaseState {
    /// Every fact true after this step, read from the stamps.
    public func snapshot() -> StateSnapshot {
        var s = StateSnapshot()
        s.step = step
        for item in analysis.items where item.step <= step {
            for h in item.holders where h.step <= step { s.held.insert(.init(partner: h.partner, item: item.id)) }
        }
        for a in alertsRaised {
            s.raisedAlerts.insert(a.id)
            if isActive(a) { s.activeAlerts.insert(a.id) }
        }
        for h in analysis.handoffs { if let st = h.status(at: step) { s.handoffs[h.id] = st } }
        for r in analysis.routines where r.startStep <= step { s.routineSteps[r.id] = r.steps.map { $0.status(at: step) } }
        for p in analysis.emergent { if let st = p.status(at: step) { s.emergent[p.id] = st } }
        for d in analysis.decisions { if let st = d.status(at: step) { s.decisions[d.id] = st } }
        for e in analysis.therapies { if let st = e.status(at: step) { s.therapies[e.id] = st } }
        for (r, adopted) in analysis.routineAdoptedStep.enumerated() {
            if let adopted, adopted > 0, adopted <= step { s.adoptedRoutines.insert(r) }
        }
        return s
    }
}
