/// How many colours a terminal can show.
public enum ColorDepth: Int, Sendable, Comparable, CaseIterable {
    /// Attributes only (monochrome, NO_COLOR, or a terminal without colour).
    case none = 0
    case ansi16 = 16
    case xterm256 = 256
    public static func < (a: ColorDepth, b: ColorDepth) -> Bool { a.rawValue < b.rawValue }
}

/// A colour as a terminal takes it.
public enum TerminalColor: Hashable, Sendable {
    /// The terminal's own foreground or background.
    case terminalDefault
    /// A palette index: 0–15 for the ANSI colours, 16–255 for the xterm cube and greys.
    case indexed(UInt8)
}

/// A role's style, resolved for a colour depth: what the backend and the ANSI writer draw.
public struct ResolvedStyle: Hashable, Sendable {
    public var foreground: TerminalColor
    public var background: TerminalColor
    public var attributes: Attributes
    public init(foreground: TerminalColor = .terminalDefault, background: TerminalColor = .terminalDefault, attributes: Attributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }
}

/// Anything that can style a role at a colour depth (a theme).
public protocol StyleResolver: Sendable {
    func style(for role: Role, depth: ColorDepth) -> ResolvedStyle
}
