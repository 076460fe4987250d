import AllianceCore

/// The panels that take focus, in Tab order.
public enum Panel: Int, Sendable, CaseIterable {
    case partners, patient, flows, alerts

    public var title: String {
        switch self {
        case .partners: "Partners"
        case .patient: "Patient"
        case .flows: "Handoffs & routines"
        case .alerts: "Alerts"
        }
    }
}

/// What an overlay shows.
public enum Overlay: Equatable, Sendable {
    case help
    /// The full record of a step (its note and discussion question included).
    case step(Int)
    /// One alert and its evidence.
    case alert(Int)
    /// Every handoff of a patient so far, with its history.
    case handoffs(patient: Int)
    /// Everything a partner knows and owes.
    case partner(Int)
    /// The room's annotations, to jump to, edit or delete (`AnnotationState.cursor` selects).
    case annotations
    /// The debrief: charts of the whole analysis so far, full screen (`d`).
    case debrief
    /// The case's what-if mechanisms, each on or off (`m`).
    case mechanisms
    /// Every patient, searchable and sorted (`P`, `/`); see `AppState.patientList`.
    case patients
}

/// Everything the dashboard shows, as one value. Changed only by `reduce`.
public struct AppState: Sendable {
    /// The analysis every panel shows: the case as it happened, or, with mechanisms on, the
    /// variant with them applied (`comparison` then says what differs from `baseline`).
    public private(set) var analysis: Analysis
    /// The case as it happened.
    public private(set) var baseline: Analysis
    /// The mechanisms on (ids, in the case's order) and the comparison with the baseline;
    /// nil when none is on. Changed only through `setMechanisms`.
    public private(set) var activeMechanisms: [String] = []
    public private(set) var comparison: MechanismComparison?
    /// The selected row of the mechanisms overlay.
    public var mechanismCursor = 0
    /// The last comparisons run, by their set of mechanisms (toggling back is instant); a
    /// few only: on a large case each holds a whole analysis.
    private var comparisons: [(ids: [String], comparison: MechanismComparison)] = []
    static let keptComparisons = 4
    /// Steps done (0…stepCount).
    public var step: Int
    /// The selected patient.
    public var patient: Int
    /// When true, the selected patient follows the patient of the current step.
    public var followStep = true
    public var focus: Panel = .patient
    /// Lines scrolled, per panel.
    public var scroll: [Panel: Int] = [:]
    /// Index of the selected alert in the alert list (newest first).
    public var alertCursor = 0
    /// Index of the selected partner.
    public var partnerCursor = 0
    public var overlay: Overlay?
    public var overlayScroll = 0
    public var themeNames: [String]
    public var themeIndex: Int
    /// A one-line message (a theme that could not be loaded); cleared by the next key.
    public var notice: String?
    public var size: Size
    /// Colours are off (`NO_COLOR`): `t` says so instead of cycling themes.
    public var colorsOff = false
    /// A short line at the right of the footer: how to join a shared room
    /// (`join 10.0.0.5:7070 • code 7f3k-9q2m`), or a follower's link to its room.
    public var banner: String?
    /// A presenter view is attached: the facilitator's notes are on it, and the room's screen
    /// leaves them out (the step record, the hint on the "now" line).
    public var presenterAttached = false
    /// The case file on disk has errors (`--watch`): the last good case stays on screen, and a
    /// panel shows these, one block per problem as `alliance check` prints it.
    public var caseProblems: [String]?
    /// The case is an event log followed as it grows (`open LOG --follow`): its problems are
    /// the log's, not a case file's.
    public var followingLog = false

    // Pace: autoplay, blanking and staged reveal (see `Reducer` for the rules).
    /// Autoplay is on: a tick `pace` seconds after the last advance steps forward.
    public var playing = false
    /// Seconds between autoplay steps (one of `AppState.paces`).
    public var pace: Double = AppState.defaultPace
    /// When autoplay last advanced, or started (clock seconds, as ticks give them).
    public var lastAdvance: Double?
    /// The latest tick's time; nil before the first tick.
    public var now: Double?
    /// When the session started: the first tick's time.
    public var sessionStart: Double?
    /// When the current step was first shown: the latest tick's time when it was reached.
    public var stepShownAt: Double?
    /// The room's screen is blanked to the question card.
    public var blank = false
    /// Staged reveal: stepping forward shows a step, and the next press reveals its consequences.
    public var staged = false
    /// In staged mode, the current step is shown but its consequences (alerts raised, handoff
    /// statuses, knowledge changes) are held back: panels show them as at the previous step.
    public var held = false
    /// The room's annotations, the input line and the journal's warnings.
    public var annotations = AnnotationState()
    /// The patient list: its search, sort, selection and rows (`P`, `/`).
    public var patientList = PatientListState()

    /// The paces `+` and `-` step through, in seconds per step.
    public static let paces: [Double] = [1, 2, 3, 4, 6, 8, 10, 15, 20, 30]
    public static let defaultPace: Double = 4

    public init(analysis: Analysis, step: Int = 0, patient: Int? = nil, themeNames: [String] = ["default"], themeIndex: Int = 0,
                size: Size = Size(width: 100, height: 30)) {
        self.analysis = analysis
        baseline = analysis
        self.step = min(max(0, step), analysis.stepCount)
        self.themeNames = themeNames.isEmpty ? ["default"] : themeNames
        self.themeIndex = min(max(0, themeIndex), self.themeNames.count - 1)
        self.size = size
        if let patient {
            self.patient = patient
            followStep = false
        } else {
            self.patient = analysis.patient(atOrBefore: self.step) ?? 0
        }
    }

    public var caseState: CaseState { analysis.state(at: step) }
    /// The state the consequence panels show: the previous step's while they are held back.
    public var consequenceState: CaseState { held && step > 0 ? analysis.state(at: step - 1) : caseState }
    /// Autoplay stops once it has shown step k (`Step.isPausePoint`); the last step always.
    public func isPausePoint(_ k: Int) -> Bool {
        k >= analysis.stepCount || (k > 0 && analysis.model.timeline[k - 1].isPausePoint)
    }
    /// Seconds until autoplay's next advance is due (0 when overdue); nil when not playing,
    /// so the terminal loop can block on input.
    public func secondsUntilNextAdvance(now: Double) -> Double? {
        guard playing, !blank else { return nil }
        guard let last = lastAdvance else { return 0 }
        return max(0, last + pace - now)
    }
    /// Seconds since the session started and since this step was shown (nil before a tick).
    public var sessionElapsed: Double? { now.flatMap { n in sessionStart.map { n - $0 } } }
    public var stepElapsed: Double? { now.flatMap { n in stepShownAt.map { n - $0 } } }
    public var themeName: String { themeNames[themeIndex] }

    /// Turns on exactly the mechanisms `ids` (those the case declares, in its order) and
    /// shows the case with them applied; step, patient and focus stay.
    /// The case read again (`alliance open --watch`): the new case, on the same step (clamped
    /// to its length), patient (by id), focus and mechanisms (those it still declares).
    /// Overlays about one alert, partner or patient close: their numbering may have changed
    /// (not when the same analysis grew in place: a followed log).
    public mutating func replaceCase(_ new: Analysis) {
        // The same analysis, extended in place: its patients only grew, so indices hold.
        let grown = new === baseline
        let patientID = grown ? nil : analysis.model.patients.indices.contains(patient) ? analysis.model.patients[patient].id : nil
        baseline = new
        comparisons = []
        setMechanisms(activeMechanisms)
        step = min(step, new.stepCount)
        held = held && step > 0
        if grown {
            patient = min(patient, max(0, new.model.patients.count - 1))
        } else if let id = patientID, let x = new.model.patients.firstIndex(where: { $0.id == id }) {
            patient = x
        } else {
            patient = new.patient(atOrBefore: step) ?? 0
        }
        if followStep, let x = new.patient(atOrBefore: step) { patient = x }
        partnerCursor = min(partnerCursor, max(0, new.model.partners.count - 1))
        mechanismCursor = min(mechanismCursor, max(0, new.model.mechanisms.count - 1))
        // Grown in place (no mechanism re-analysing it), what was numbered keeps its number:
        // an alert or a step open in an overlay stays open while a followed log grows.
        if !(grown && activeMechanisms.isEmpty) {
            alertCursor = 0
            switch overlay {
            case .alert?, .partner?, .handoffs?, .step?: overlay = nil
            default: break
            }
        }
        caseProblems = nil
    }

    public mutating func setMechanisms(_ ids: [String]) {
        let active = baseline.model.mechanisms.map(\.id).filter(ids.contains)
        activeMechanisms = active
        guard !active.isEmpty else {
            comparison = nil
            analysis = baseline
            return
        }
        let c = comparisons.first { $0.ids == active }?.comparison ?? MechanismComparison(baseline: baseline, mechanisms: active)
        comparisons.removeAll { $0.ids == active }
        comparisons.append((active, c))
        if comparisons.count > Self.keptComparisons { comparisons.removeFirst() }
        comparison = c
        analysis = c.variant
    }
    public var patientCount: Int { analysis.model.patients.count }
}
