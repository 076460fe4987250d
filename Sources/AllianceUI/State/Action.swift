import AllianceCore

/// Everything that can happen to the dashboard: keys become actions, and so do ticks and resizes.
public enum Action: Equatable, Sendable {
    case next, previous, first, last
    case focusNext, focusPrevious
    case scrollUp, scrollDown, pageUp, pageDown
    case previousPatient, nextPatient, toggleFollow
    case open, close
    case nextTheme
    /// Repaint the whole screen (Ctrl-L), after something else wrote over it.
    case redraw
    case help
    /// Open (or close) the debrief view.
    case debrief
    case quit
    case resize(Size)
    /// The clock: the current monotonic time in seconds (any origin; only differences count).
    /// The terminal loop sends one before every other action and, while playing, when the
    /// next advance is due; tests send their own (a fake clock).
    case tick(now: Double)
    /// Autoplay: start, or pause.
    case togglePlay
    /// Shorter / longer pause between autoplay steps.
    case faster, slower
    /// Blank the room's screen to the question card (`b`, `.`); any key brings it back.
    case blank, unblank
    /// Staged reveal on or off: forward first shows the step, then reveals its consequences.
    case toggleStaged
    /// The case file was read again (`--watch`): show the new case (see `AppState.replaceCase`).
    case reload(ReloadedCase)
    /// The case file on disk has these problems (nil: none any more); the last good case stays.
    case caseProblems([String]?)
    /// Show step k (and patient x, when given) as the room does: a follower keeping in step.
    case show(step: Int, patient: Int?, held: Bool)
    // Annotations (see `Reducer+Annotations.swift`).
    /// Open the input line for a new annotation on this step and focus (`a`).
    case annotate
    /// The list of annotations (`A`); within it, edit (`e`) and delete (`x`, Delete) the selected one.
    case annotationList, editAnnotation, deleteAnnotation
    /// A key while the input line is open: the dashboard's bindings do not apply.
    case textInput(TextEdit)
    /// Enter in the input line: save it, stamped with a new id and the wall-clock time (ISO 8601).
    case confirmInput(id: String, at: String)
    /// The answer to "delete this annotation?".
    case confirmDelete(at: String), cancelDelete
    /// An annotation the presenter view sent, for the room's current step and patient.
    case addAnnotation(text: String, id: String, at: String)
    /// Open or close the list of what-if mechanisms (`m`).
    case mechanisms
    /// In that list: turn the selected mechanism on or off (Space, Enter).
    case toggleMechanism
    // The patient list (see `PatientList.swift`).
    /// Open (or close) the patient list (`P`).
    case patientList
    /// Open the patient list with a new search, keys going to it (`/`).
    case searchPatients
    /// A key for the list's search text.
    case patientListEdit(TextEdit)
    /// The next sort order (Tab in the list).
    case patientListSort
    /// Move the list's selection.
    case patientListMove(ListMove)
}

/// What the loop must do after a reduce, besides drawing.
public enum Effect: Equatable, Sendable {
    case quit
    case themeChanged
    /// Forget what is on screen and repaint all of it.
    case redraw
    /// Write this change to the annotations journal (and flush it) before drawing.
    case journal(AnnotationChange)
}

/// A case read again, as an action's value (compared by identity: two reads are two cases).
public struct ReloadedCase: Equatable, Sendable {
    public let analysis: Analysis
    /// Following an event log (`open LOG --follow`): how many events it gained. The view
    /// then moves on with the newest step if it was at the last one.
    public let appendedEvents: Int?
    /// When the analysis shown was extended in place (a followed log's new events): what it
    /// gained (the view was at the newest step if it was at `stepsBefore`).
    public let growth: CaseGrowth?
    public var stepsBefore: Int? { growth?.stepsBefore }
    public init(_ analysis: Analysis, appendedEvents: Int? = nil, growth: CaseGrowth? = nil) {
        self.analysis = analysis
        self.appendedEvents = appendedEvents
        self.growth = growth
    }
    public static func == (a: ReloadedCase, b: ReloadedCase) -> Bool { a.analysis === b.analysis }
}
