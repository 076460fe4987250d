/// A colour theme: a style for every role, resolved for 256 colours, 16 colours, or
/// attributes only.
///
/// Colours are written as exact RGB and mapped to the nearest colour the terminal has:
/// the xterm cube and grey ramp at 256 colours, the ANSI colours at 16. Without colour
/// (monochrome terminals, `NO_COLOR`) only attributes remain, so roles that would
/// otherwise differ by colour alone get fallback attributes on top of the theme's own
/// (see `colorlessAttributes(for:)`).
///
/// Every style is resolved once, when the theme is made, so `style(for:depth:)` is a lookup.
public struct Theme: StyleResolver, Equatable, Sendable {
    /// The theme's name (`default`, `light`, …), as `--theme` takes it.
    public let name: String
    /// One line about when to use the theme.
    public let description: String
    /// The background of every role that sets none: the terminal's own, or a colour.
    public let background: ThemeColor
    /// The roles as the theme file sets them; missing roles inherit `normal`'s colours.
    public let roles: [Role: RoleStyle]
    /// Resolved styles by depth (`.none`, `.ansi16`, `.xterm256`) and role raw value.
    private let resolved: [[ResolvedStyle]]

    public init(name: String, description: String = "", background: ThemeColor = .terminalDefault, roles: [Role: RoleStyle]) {
        self.name = name
        self.description = description
        self.background = background
        self.roles = roles
        let specs = Role.allCases.map { Theme.effectiveStyle(for: $0, roles: roles, background: background) }
        resolved = [ColorDepth.none, .ansi16, .xterm256].map { depth in
            zip(Role.allCases, specs).map { role, spec in Theme.resolve(spec, role: role, depth: depth) }
        }
    }

    /// The style to draw `role` with on a terminal of `depth` colours.
    public func style(for role: Role, depth: ColorDepth) -> ResolvedStyle {
        let row: Int = switch depth {
        case .none: 0
        case .ansi16: 1
        case .xterm256: 2
        }
        return resolved[row][Int(role.rawValue)]
    }

    /// The role's style with every colour filled in: a role the file leaves out, or a colour
    /// a role leaves out, comes from `normal`; `normal`'s background from `background`;
    /// `normal`'s foreground defaults to the terminal's.
    public func effectiveStyle(for role: Role) -> RoleStyle {
        Theme.effectiveStyle(for: role, roles: roles, background: background)
    }

    private static func effectiveStyle(for role: Role, roles: [Role: RoleStyle], background: ThemeColor) -> RoleStyle {
        let normal = roles[.normal] ?? RoleStyle()
        let own = roles[role] ?? RoleStyle()
        return RoleStyle(
            foreground: own.foreground ?? normal.foreground ?? .terminalDefault,
            background: own.background ?? normal.background ?? background,
            attributes: own.attributes)
    }

    /// The attributes a role gets at depth `.none`, on top of the theme's own, so that states
    /// told apart by colour stay apart without it: critical and broken bold, warning
    /// underlined, new bold and underlined, selected reversed, focus bold, emergent underlined.
    public static func colorlessAttributes(for role: Role) -> Attributes {
        switch role {
        case .critical, .broken, .focus: [.bold]
        case .warning, .emergent: [.underline]
        case .new: [.bold, .underline]
        case .selected: [.reverse]
        default: []
        }
    }

    private static func resolve(_ spec: RoleStyle, role: Role, depth: ColorDepth) -> ResolvedStyle {
        let foreground = spec.foreground ?? .terminalDefault, background = spec.background ?? .terminalDefault
        guard depth != .none else {
            return ResolvedStyle(attributes: spec.attributes.union(colorlessAttributes(for: role)))
        }
        var fg = map(foreground, depth: depth)
        let bg = map(background, depth: depth)
        // Two different colours that collapse into one palette entry would hide the text:
        // draw it in black or white, whichever stands out more from the background.
        if fg == bg, foreground != background, case .indexed = bg, let backdrop = background.rgb {
            fg = .indexed(readableIndex(on: backdrop, depth: depth))
        }
        return ResolvedStyle(foreground: fg, background: bg, attributes: spec.attributes)
    }

    private static func map(_ color: ThemeColor, depth: ColorDepth) -> TerminalColor {
        guard let rgb = color.rgb else { return .terminalDefault }
        switch depth {
        case .none: return .terminalDefault
        case .ansi16: return .indexed(ColorMapping.nearest16(rgb))
        case .xterm256: return .indexed(ColorMapping.nearest256(rgb))
        }
    }

    private static func readableIndex(on backdrop: RGBColor, depth: ColorDepth) -> UInt8 {
        let (black, white): (UInt8, UInt8) = depth == .ansi16 ? (0, 15) : (16, 231)
        let onBlack = ColorMapping.contrastRatio(ColorMapping.rgb(ofIndex: black), backdrop)
        let onWhite = ColorMapping.contrastRatio(ColorMapping.rgb(ofIndex: white), backdrop)
        return onBlack >= onWhite ? black : white
    }
}
