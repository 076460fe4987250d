import AllianceCore

/// What the presenter view shows: the room's position (mirrored from the room, never
/// changed here: keys are sent to the room, and the room's answer moves this view), the
/// case analysed locally, and the clock.
public struct PresenterState: Sendable {
    /// The case, analysed here; replaced when the room reads its case again (`--watch`).
    public var analysis: Analysis {
        didSet { pausePointSteps = PresenterState.pausePointSteps(analysis) }
    }
    /// The steps where play stops, in order: found once per case, not on every frame.
    private var pausePointSteps: [Int]
    /// The session's id (the name of its socket).
    public var session: String
    public var position: RoomPosition
    /// Unix time now (seconds); ticks move it.
    public var now: Double
    public var size: Size
    /// A one-line message (the room has gone, a key the room cannot take).
    public var notice: String?
    /// The open input line (`a`): an annotation for the room's current step.
    public var input: TextInput?

    public init(analysis: Analysis, session: String, position: RoomPosition, now: Double, size: Size = Size(width: 100, height: 30)) {
        self.analysis = analysis
        pausePointSteps = PresenterState.pausePointSteps(analysis)
        self.session = session
        self.position = position
        self.now = now
        self.size = size
    }

    /// The room's step, clamped to this case (a room and a presenter always hold the same case).
    public var step: Int { min(max(0, position.step), analysis.stepCount) }

    /// Steps after `step` where play stops: a question for the room, or a declared pause.
    public func pausePoints(after step: Int, limit: Int) -> [Int] {
        // The first pause point after `step` (binary search), and the next ones.
        var lo = 0, hi = pausePointSteps.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if pausePointSteps[mid] <= step { lo = mid + 1 } else { hi = mid }
        }
        return Array(pausePointSteps[lo..<min(pausePointSteps.count, lo + max(0, limit))])
    }

    private static func pausePointSteps(_ analysis: Analysis) -> [Int] {
        analysis.model.timeline.indices.filter { isPausePoint(analysis.model.timeline[$0]) }.map { $0 + 1 }
    }

    public static func isPausePoint(_ s: Step) -> Bool { s.isPausePoint }

    /// The session clock: elapsed, on this step, left (with a planned duration), and the
    /// projected length at the pace so far.
    public struct Clock: Equatable, Sendable {
        public var elapsed: Double
        public var onStep: Double
        public var left: Double?
        /// Elapsed plus the remaining steps at the average time per step so far; nil before
        /// two steps are done (too early to tell).
        public var projected: Double?
        /// The projection exceeds the planned duration.
        public var overrun: Bool

        public init(elapsed: Double, onStep: Double, left: Double?, projected: Double?, overrun: Bool) {
            self.elapsed = elapsed
            self.onStep = onStep
            self.left = left
            self.projected = projected
            self.overrun = overrun
        }
    }

    public var clock: Clock {
        let elapsed = max(0, now - position.startedAt)
        let onStep = max(0, now - position.stepShownAt)
        let left = position.duration.map { $0 - elapsed }
        var projected: Double?
        let done = step, total = analysis.stepCount
        if done >= 2, done < total {
            projected = elapsed + elapsed / Double(done) * Double(total - done)
        } else if done >= total {
            projected = elapsed
        }
        let overrun = position.duration.map { d in (projected ?? 0) > d || elapsed > d } ?? false
        return Clock(elapsed: elapsed, onStep: onStep, left: left, projected: projected, overrun: overrun)
    }

    /// `1:05`, `12:34`, `1:02:03`; negative as `-3:10`.
    public static func minutes(_ seconds: Double) -> String {
        let sign = seconds < 0 ? "-" : ""
        let s = Int(abs(seconds).rounded(.down))
        let h = s / 3600, m = (s % 3600) / 60, r = s % 60
        let mm = h > 0 && m < 10 ? "0\(m)" : "\(m)"
        let rr = r < 10 ? "0\(r)" : "\(r)"
        return h > 0 ? "\(sign)\(h):\(mm):\(rr)" : "\(sign)\(mm):\(rr)"
    }
}
