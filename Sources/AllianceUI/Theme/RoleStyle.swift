/// One role's entry in a theme file: colours (nil when the file leaves them out, so they
/// come from `normal` or the theme's background) and attributes.
public struct RoleStyle: Hashable, Sendable {
    /// `fg`: nil inherits `normal`'s foreground.
    public var foreground: ThemeColor?
    /// `bg`: nil inherits `normal`'s background, and that the theme's `background`.
    public var background: ThemeColor?
    /// `bold`, `underline`, `reverse`, `dim`.
    public var attributes: Attributes

    public init(foreground: ThemeColor? = nil, background: ThemeColor? = nil, attributes: Attributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }
}
