import AllianceCore

/// Where the room is, and how it is paced: everything the presenter view mirrors.
public struct RoomPosition: Codable, Equatable, Sendable {
    /// Steps done (0 = before the first step).
    public var step: Int
    public var stepCount: Int
    /// The id of the patient the room shows.
    public var patient: String
    public var playing: Bool
    /// Seconds per step while playing.
    public var pace: Double
    /// The room shows the blank card (only the question for the room).
    public var blank: Bool
    /// Staged reveal: the room shows what happened at the step but still holds back its
    /// consequences (alerts, handoff statuses, knowledge).
    public var held: Bool
    /// Whether staged reveal is on.
    public var staged: Bool
    /// When the session started and when the room first showed this step (Unix time, seconds).
    public var startedAt: Double
    public var stepShownAt: Double
    /// The planned length of the session (`alliance open --duration`), in seconds.
    public var duration: Double?

    public init(step: Int, stepCount: Int, patient: String, playing: Bool = false, pace: Double = 4, blank: Bool = false,
                held: Bool = false, staged: Bool = false, startedAt: Double, stepShownAt: Double, duration: Double? = nil) {
        self.step = step
        self.stepCount = stepCount
        self.patient = patient
        self.playing = playing
        self.pace = pace
        self.blank = blank
        self.held = held
        self.staged = staged
        self.startedAt = startedAt
        self.stepShownAt = stepShownAt
        self.duration = duration
    }
}

/// What a followed room sends.
public enum RoomUpdate: Sendable {
    case position(RoomPosition)
    /// The room read its case again (`--watch`).
    case caseChanged(Analysis)
    /// The room's case grew (a followed log): what it gained.
    case caseGrew(CaseGrowth)
}
