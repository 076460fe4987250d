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
}

/// Everything the dashboard shows, as one value. Changed only by `reduce`.
public struct AppState: Sendable {
    public let analysis: Analysis
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

    public init(analysis: Analysis, step: Int = 0, patient: Int? = nil, themeNames: [String] = ["default"], themeIndex: Int = 0,
                size: Size = Size(width: 100, height: 30)) {
        self.analysis = analysis
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
    public var themeName: String { themeNames[themeIndex] }
    public var patientCount: Int { analysis.model.patients.count }
}
