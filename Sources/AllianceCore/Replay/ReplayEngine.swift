/// Steps through an analysed case: forward, backward, or straight to any step.
///
/// Moving costs what changed at the steps crossed (their deltas are returned), and a
/// seek is O(1): the state after step k is a view over stamped facts (`CaseState`).
///
/// ```swift
/// var engine = ReplayEngine(analysis)
/// while let delta = engine.stepForward() { print(delta.step, delta.alertsRaised.count) }
/// engine.seek(to: 12)
/// ```
public struct ReplayEngine: Sendable {
    public let analysis: Analysis
    public private(set) var position: Int

    public init(_ analysis: Analysis, at position: Int = 0) {
        self.analysis = analysis
        self.position = min(max(0, position), analysis.stepCount)
    }

    public var state: CaseState { analysis.state(at: position) }
    public var atStart: Bool { position == 0 }
    public var atEnd: Bool { position == analysis.stepCount }

    /// Does the next step; returns what it changed, or nil at the end.
    public mutating func stepForward() -> StepDelta? {
        guard position < analysis.stepCount else { return nil }
        position += 1
        return StepDelta(step: position, direction: .forward, changes: Array(analysis.changes(at: position)))
    }

    /// Undoes the current step; returns what it changed (to be reverted), or nil at the start.
    public mutating func stepBackward() -> StepDelta? {
        guard position > 0 else { return nil }
        let delta = StepDelta(step: position, direction: .backward, changes: Array(analysis.changes(at: position)))
        position -= 1
        return delta
    }

    /// Goes to the state after step k (clamped to 0…stepCount).
    public mutating func seek(to k: Int) {
        position = min(max(0, k), analysis.stepCount)
    }
}

/// What one step changed. Going backward, the same changes are undone (in reverse order).
public struct StepDelta: Sendable, Equatable {
    public enum Direction: Sendable { case forward, backward }
    public let step: Int
    public let direction: Direction
    public let changes: [StepChange]

    /// Knowledge that arrived, as (partner, item).
    public var learned: [(partner: Int, item: Int)] {
        changes.compactMap { if case let .learned(p, i) = $0 { (p, i) } else { nil } }
    }
    public var alertsRaised: [Int] {
        changes.compactMap { if case let .alertRaised(a) = $0 { a } else { nil } }
    }
    public var alertsCleared: [Int] {
        changes.compactMap { if case let .alertCleared(a) = $0 { a } else { nil } }
    }
    public var handoffChanges: [(instance: Int, from: HandoffStatus?, to: HandoffStatus)] {
        changes.compactMap { if case let .handoff(i, f, t) = $0 { (i, f, t) } else { nil } }
    }
    public var routineChanges: [(instance: Int, index: Int, from: RoutineStepStatus, to: RoutineStepStatus)] {
        changes.compactMap { if case let .routineStep(i, x, f, t) = $0 { (i, x, f, t) } else { nil } }
    }
}
