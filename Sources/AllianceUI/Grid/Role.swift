/// The semantic role of a cell. Themes give each role its colours and attributes; the
/// grid never holds a colour, so one rendered frame can be drawn in any theme.
public enum Role: UInt8, Sendable, CaseIterable, Codable {
    case normal, muted, border, focus, title, header, selected, key
    case routine, clean, late, broken, pending
    case critical, warning, info, emergent
    /// What changed at this step.
    case new
    case accent1, accent2, accent3, accent4, accent5, accent6

    /// The role of partner number `i` (accents cycle).
    public static func accent(_ i: Int) -> Role {
        [Role.accent1, .accent2, .accent3, .accent4, .accent5, .accent6][((i % 6) + 6) % 6]
    }

    /// The key used in theme files (`alert-critical`, `partner-1`, …).
    public var themeKey: String {
        switch self {
        case .normal: "normal"
        case .muted: "muted"
        case .border: "border"
        case .focus: "focus"
        case .title: "title"
        case .header: "header"
        case .selected: "selected"
        case .key: "key"
        case .routine: "routine"
        case .clean: "handoff-clean"
        case .late: "handoff-late"
        case .broken: "handoff-broken"
        case .pending: "handoff-pending"
        case .critical: "alert-critical"
        case .warning: "alert-warning"
        case .info: "alert-info"
        case .emergent: "emergent"
        case .new: "new"
        case .accent1: "partner-1"
        case .accent2: "partner-2"
        case .accent3: "partner-3"
        case .accent4: "partner-4"
        case .accent5: "partner-5"
        case .accent6: "partner-6"
        }
    }

    /// One letter per role, for snapshot style maps.
    public var letter: Character {
        switch self {
        case .normal: "."
        case .muted: "m"
        case .border: "b"
        case .focus: "F"
        case .title: "T"
        case .header: "H"
        case .selected: "S"
        case .key: "K"
        case .routine: "r"
        case .clean: "c"
        case .late: "l"
        case .broken: "x"
        case .pending: "p"
        case .critical: "!"
        case .warning: "w"
        case .info: "i"
        case .emergent: "e"
        case .new: "N"
        case .accent1: "1"
        case .accent2: "2"
        case .accent3: "3"
        case .accent4: "4"
        case .accent5: "5"
        case .accent6: "6"
        }
    }
}

/// Text attributes a cell asks for on top of its role's.
public struct Attributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = Attributes(rawValue: 1)
    public static let underline = Attributes(rawValue: 2)
    public static let reverse = Attributes(rawValue: 4)
    public static let dim = Attributes(rawValue: 8)
}
