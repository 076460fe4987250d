/// A colour as a theme file gives it: the terminal's own, or an exact RGB colour that is
/// mapped to the nearest colour the terminal can show.
public enum ThemeColor: Hashable, Sendable, CustomStringConvertible {
    /// `default` in a theme file: the terminal's own foreground or background.
    case terminalDefault
    /// A hex colour (`#rrggbb` or `#rgb`).
    case rgb(RGBColor)

    /// The RGB colour, or nil for the terminal's own.
    public var rgb: RGBColor? {
        if case .rgb(let color) = self { return color }
        return nil
    }

    /// As a theme file writes it: `default` or `#rrggbb`.
    public var description: String {
        switch self {
        case .terminalDefault: "default"
        case .rgb(let color): color.description
        }
    }
}
