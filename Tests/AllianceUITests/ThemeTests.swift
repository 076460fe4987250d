import AllianceCore
import AllianceUI
import Foundation
import Testing

@Suite("Themes: built-in files, colour mapping, degradation, errors")
struct ThemeTests {
    static let builtinOrder = ["default", "light", "high-contrast", "monochrome", "colorblind"]

    // MARK: Built-in themes

    @Test func theBuiltinThemesAreListedInOrder() {
        #expect(ThemeCatalog.builtinNames == Self.builtinOrder)
        #expect(ThemeCatalog.builtins.map(\.name) == Self.builtinOrder)
        #expect(ThemeCatalog.defaultTheme.name == "default")
    }

    @Test(arguments: builtinOrder)
    func everyBuiltinThemeDecodesAndSetsEveryRole(name: String) throws {
        let source = try #require(ThemeCatalog.builtinSource(named: name))
        let theme: Theme
        do {
            theme = try ThemeFileDecoder().decode(yaml: source, path: "\(name).yaml")
        } catch {
            Issue.record("\(error.rendered)")
            return
        }
        #expect(theme.name == name)
        #expect(!theme.description.isEmpty)
        let missing = Role.allCases.filter { theme.roles[$0] == nil }.map(\.themeKey)
        #expect(missing.isEmpty, "\(name) leaves out \(missing)")
        #expect(ThemeCatalog.builtin(named: name) == theme)
    }

    @Test(arguments: builtinOrder)
    func criticalIsBoldAtEveryDepth(name: String) throws {
        let theme = try #require(ThemeCatalog.builtin(named: name))
        for depth in ColorDepth.allCases {
            #expect(theme.style(for: .critical, depth: depth).attributes.contains(.bold), "\(name) at \(depth)")
        }
    }

    @Test(arguments: builtinOrder)
    func selectedAndNewStandOutWithoutColourInTheFileItself(name: String) throws {
        let theme = try #require(ThemeCatalog.builtin(named: name))
        let normal = theme.effectiveStyle(for: .normal).attributes
        let selected = theme.effectiveStyle(for: .selected).attributes
        let new = theme.effectiveStyle(for: .new).attributes
        #expect(selected != normal && new != normal && selected != new, "\(name): selected \(selected), new \(new)")
    }

    @Test(arguments: builtinOrder)
    func withoutColourStatesAreToldApartByAttributes(name: String) throws {
        let theme = try #require(ThemeCatalog.builtin(named: name))
        let styles = Role.allCases.map { theme.style(for: $0, depth: .none) }
        #expect(styles.allSatisfy { $0.foreground == .terminalDefault && $0.background == .terminalDefault })
        let key: [Role] = [.normal, .critical, .selected, .new]
        for (i, a) in key.enumerated() {
            for b in key[(i + 1)...] {
                #expect(theme.style(for: a, depth: .none) != theme.style(for: b, depth: .none), "\(name): \(a) and \(b)")
            }
        }
        let normal = theme.style(for: .normal, depth: .none)
        for role in [Role.warning, .focus, .emergent, .broken] {
            #expect(theme.style(for: role, depth: .none) != normal, "\(name): \(role) looks like normal text")
        }
    }

    @Test func monochromeHasNoColoursAtAnyDepth() throws {
        let theme = try #require(ThemeCatalog.builtin(named: "monochrome"))
        for depth in ColorDepth.allCases {
            for role in Role.allCases {
                let style = theme.style(for: role, depth: depth)
                #expect(style.foreground == .terminalDefault && style.background == .terminalDefault, "\(role) at \(depth)")
            }
        }
    }

    @Test func highContrastHasNoDimOrLowContrastText() throws {
        let theme = try #require(ThemeCatalog.builtin(named: "high-contrast"))
        for role in Role.allCases {
            let style = theme.effectiveStyle(for: role)
            #expect(!style.attributes.contains(.dim), "\(role) is dim")
            let fg = try #require(style.foreground?.rgb, "\(role) has no colour of its own")
            let bg = try #require(style.background?.rgb, "\(role) has no background colour")
            #expect(ColorMapping.contrastRatio(fg, bg) >= 7, "\(role): \(fg) on \(bg)")
        }
    }

    @Test(arguments: builtinOrder)
    func onlyMutedTextIsEverDim(name: String) throws {
        let theme = try #require(ThemeCatalog.builtin(named: name))
        let dim = Role.allCases.filter { theme.effectiveStyle(for: $0).attributes.contains(.dim) }
        #expect(dim.allSatisfy { $0 == .muted }, "\(name): \(dim) dim")
    }

    @Test func theColorblindThemeUsesOnlyTheOkabeItoPaletteAndItsGrey() throws {
        let theme = try #require(ThemeCatalog.builtin(named: "colorblind"))
        let palette = Set(["#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7", "#000000", "#999999"])
        let used = theme.roles.values.flatMap { [$0.foreground, $0.background] }.compactMap { $0?.rgb?.description }
        #expect(Set(used).subtracting(palette).isEmpty)
    }

    /// Fails when a theme file was edited without running `Themes/embed.sh`.
    @Test func theEmbeddedThemesAreTheFilesInThemes() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = root.appendingPathComponent("Themes")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }
        let names = files.map { String($0.dropLast(".yaml".count)) }
        #expect(Set(names) == Set(ThemeCatalog.builtinNames), "run Themes/embed.sh")
        for name in names {
            let text = try String(contentsOf: folder.appendingPathComponent("\(name).yaml"), encoding: .utf8)
            #expect(ThemeCatalog.builtinSource(named: name) == text, "Themes/\(name).yaml differs from BuiltinThemes.swift: run Themes/embed.sh")
        }
    }

    // MARK: Colour mapping

    @Test func hexColoursParse() {
        #expect(ColorMapping.parseHex("#ff0000") == RGBColor(red: 255, green: 0, blue: 0))
        #expect(ColorMapping.parseHex("#5F87aF") == RGBColor(red: 95, green: 135, blue: 175))
        #expect(ColorMapping.parseHex("#f80") == RGBColor(red: 255, green: 136, blue: 0))
        for bad in ["ff0000", "#ff00", "#ff00000", "#gg0000", "", "#", " #ff0000", "red"] {
            #expect(ColorMapping.parseHex(bad) == nil, "\(bad)")
        }
        #expect(RGBColor(red: 9, green: 160, blue: 255).description == "#09a0ff")
    }

    @Test func coloursMapToTheNearestOf256() {
        #expect(ColorMapping.nearest256(RGBColor(hex: "#ff0000")!) == 196)
        #expect(ColorMapping.nearest256(RGBColor(hex: "#000000")!) == 16)
        #expect(ColorMapping.nearest256(RGBColor(hex: "#ffffff")!) == 231)
        #expect(ColorMapping.nearest256(RGBColor(hex: "#5f87af")!) == 67)
        #expect(ColorMapping.nearest256(RGBColor(hex: "#808080")!) == 244)
        #expect(ColorMapping.nearest256(RGBColor(hex: "#1c1c1c")!) == 234)
        #expect(ColorMapping.nearest256(RGBColor(hex: "#fe0101")!) == 196)
        // Every entry of the cube and the grey ramp maps to itself.
        for index in 16...255 {
            #expect(ColorMapping.nearest256(ColorMapping.rgb(ofIndex: UInt8(index))) == UInt8(index))
        }
    }

    @Test func coloursMapToTheNearestOf16() {
        #expect(ColorMapping.nearest16(RGBColor(hex: "#ff0000")!) == 9)
        #expect(ColorMapping.nearest16(RGBColor(hex: "#cd0000")!) == 1)
        #expect(ColorMapping.nearest16(RGBColor(hex: "#000000")!) == 0)
        #expect(ColorMapping.nearest16(RGBColor(hex: "#ffffff")!) == 15)
        #expect(ColorMapping.nearest16(RGBColor(hex: "#808080")!) == 8)
        for index in 0...15 {
            #expect(ColorMapping.nearest16(ColorMapping.rgb(ofIndex: UInt8(index))) == UInt8(index))
        }
        // Pastels keep their hue, and light ones stay light.
        #expect(ColorMapping.nearest16(RGBColor(hex: "#ff5f5f")!) == 9)
        #expect(ColorMapping.nearest16(RGBColor(hex: "#d70000")!) == 1)
        #expect(ColorMapping.nearest16(RGBColor(hex: "#5fd75f")!) == 2)
        #expect(ColorMapping.nearest16(RGBColor(hex: "#5fffff")!) == 14)
        #expect(ColorMapping.nearest16(RGBColor(hex: "#8a8a8a")!) == 8)
        #expect(ColorMapping.nearest16(RGBColor(hex: "#fdf6e3")!) == 15)
    }

    @Test func aColourWithAHueNeverBecomesGreyAt16() {
        for index in 16...255 {
            let color = ColorMapping.rgb(ofIndex: UInt8(index))
            guard ColorMapping.chroma(ColorMapping.lab(color)) >= ColorMapping.greyChroma else { continue }
            #expect(![0, 7, 8, 15].contains(ColorMapping.nearest16(color)), "\(color)")
        }
    }

    @Test func labAndDistanceAreCIE76() {
        let white = ColorMapping.lab(RGBColor(red: 255, green: 255, blue: 255))
        #expect(abs(white.l - 100) < 0.01 && abs(white.a) < 0.01 && abs(white.b) < 0.01)
        #expect(abs(ColorMapping.distance(RGBColor(red: 0, green: 0, blue: 0), RGBColor(red: 255, green: 255, blue: 255)) - 100) < 0.01)
        #expect(ColorMapping.distance(RGBColor(hex: "#123456")!, RGBColor(hex: "#123456")!) == 0)
    }

    @Test func contrastRatiosFollowWCAG() {
        let black = RGBColor(red: 0, green: 0, blue: 0), white = RGBColor(red: 255, green: 255, blue: 255)
        #expect(abs(ColorMapping.contrastRatio(black, white) - 21) < 0.001)
        #expect(ColorMapping.contrastRatio(white, white) == 1)
    }

    @Test func aThemeResolvesAtEachDepth() {
        let theme = Theme(name: "t", roles: [
            .normal: RoleStyle(foreground: .rgb(RGBColor(hex: "#ff0000")!)),
            .critical: RoleStyle(background: .rgb(RGBColor(hex: "#808080")!), attributes: [.underline]),
        ])
        #expect(theme.style(for: .normal, depth: .xterm256) == ResolvedStyle(foreground: .indexed(196)))
        #expect(theme.style(for: .normal, depth: .ansi16) == ResolvedStyle(foreground: .indexed(9)))
        #expect(theme.style(for: .normal, depth: .none) == ResolvedStyle())
        // A missing colour comes from normal; the theme's own attributes stay at every depth,
        // and only at depth .none does critical get its fallback bold.
        #expect(theme.style(for: .critical, depth: .xterm256) == ResolvedStyle(foreground: .indexed(196), background: .indexed(244), attributes: [.underline]))
        #expect(theme.style(for: .critical, depth: .none) == ResolvedStyle(attributes: [.underline, .bold]))
        // A role the file leaves out: normal's colours, no attributes.
        #expect(theme.style(for: .accent3, depth: .ansi16) == ResolvedStyle(foreground: .indexed(9)))
        #expect(theme.style(for: .selected, depth: .none) == ResolvedStyle(attributes: [.reverse]))
    }

    @Test func theBackgroundFillsRolesWithoutOne() {
        let white = ThemeColor.rgb(RGBColor(hex: "#ffffff")!)
        let theme = Theme(name: "t", background: white, roles: [
            .normal: RoleStyle(foreground: .rgb(RGBColor(hex: "#000000")!)),
            .title: RoleStyle(background: .terminalDefault),
        ])
        #expect(theme.style(for: .muted, depth: .xterm256) == ResolvedStyle(foreground: .indexed(16), background: .indexed(231)))
        #expect(theme.style(for: .title, depth: .xterm256) == ResolvedStyle(foreground: .indexed(16), background: .terminalDefault))
    }

    @Test func textThatCollapsesIntoItsBackgroundIsMadeReadable() {
        let theme = Theme(name: "t", roles: [
            .normal: RoleStyle(foreground: .rgb(RGBColor(hex: "#101010")!), background: .rgb(RGBColor(hex: "#000000")!)),
        ])
        #expect(theme.style(for: .normal, depth: .ansi16) == ResolvedStyle(foreground: .indexed(15), background: .indexed(0)))
        #expect(theme.style(for: .normal, depth: .xterm256) == ResolvedStyle(foreground: .indexed(233), background: .indexed(16)))
    }

    // MARK: Theme files: errors

    @Test func everyProblemInAThemeFileIsReportedWithItsPosition() {
        let text = """
        theme: 2
        description: Broken on purpose
        backgound: default
        roles:
          normal: { fg: "#ff00zz" }
          alert-critcal: { bold: true }
          muted:
            fg: #808080
          selected: { reverse: yes please, fg: ff8800 }
          header: [bold]
          warning: { bold: true }
          new: { fg: default, blink: true }

        """
        #expect(problems(text, path: "broken.yaml") == """
        broken.yaml:1:1: error: missing required key 'name' in the theme file
         1 | theme: 2
           | ^
        broken.yaml:1:8: error: unsupported theme format version 2; this version of alliance reads 'theme: 1'
         1 | theme: 2
           |        ^
        broken.yaml:3:1: error: unknown key 'backgound' in the theme file (did you mean 'background'?)
         3 | backgound: default
           | ^
        broken.yaml:5:17: error: '#ff00zz' is not a colour for 'fg'; use "#rrggbb", "#rgb" or default
         5 |   normal: { fg: "#ff00zz" }
           |                 ^
        broken.yaml:6:3: error: unknown role 'alert-critcal' (did you mean 'alert-critical'?)
         6 |   alert-critcal: { bold: true }
           |   ^
        broken.yaml:8:9: error: expected 'fg' to be a colour ("#rrggbb", "#rgb" or default), found nothing; put hex colours in quotes, since an unquoted # starts a comment
         8 |     fg: #808080
           |         ^
        broken.yaml:9:24: error: expected 'reverse' to be true or false, found 'yes please'
         9 |   selected: { reverse: yes please, fg: ff8800 }
           |                        ^
        broken.yaml:9:40: error: 'ff8800' is not a colour for 'fg' (did you mean "#ff8800"?); use "#rrggbb", "#rgb" or default
         9 |   selected: { reverse: yes please, fg: ff8800 }
           |                                        ^
        broken.yaml:10:11: error: expected role 'header' as a mapping of keys to values, found a list
         10 |   header: [bold]
            |           ^
        broken.yaml:11:3: error: unknown role 'warning'; the roles are normal, muted, border, focus, title, header, selected, key, routine, handoff-clean, handoff-late, handoff-broken, handoff-pending, alert-critical, alert-warning, alert-info, emergent, new, partner-1, partner-2, partner-3, partner-4, partner-5, partner-6
         11 |   warning: { bold: true }
            |   ^
        broken.yaml:12:23: error: unknown key 'blink' in role 'new'
         12 |   new: { fg: default, blink: true }
            |                       ^
        """)
    }

    @Test func anUnquotedHexColourInBracesIsNamedAsTheCauseOfTheSyntaxError() {
        let text = """
        theme: 1
        name: oops
        roles:
          muted: { fg: #808080 }
          title: { bold: true }

        """
        #expect(problems(text, path: "oops.yaml") == """
        oops.yaml:4:16: error: unquoted hex colour for 'fg': an unquoted # starts a YAML comment; put the colour in quotes ("#rrggbb")
         4 |   muted: { fg: #808080 }
           |                ^
        oops.yaml:5:8: error: invalid YAML: did not find expected ',' or '}' (while parsing a flow mapping at 4:10)
         5 |   title: { bold: true }
           |        ^
        """)
    }

    @Test func syntaxErrorsAndEmptyFilesAreReported() {
        #expect(problems("", path: "empty.yaml") == "empty.yaml:1:1: error: the file is empty; expected a theme starting with 'theme: 1'")
        let duplicate = """
        theme: 1
        name: twice
        roles:
          normal: { bold: true }
          normal: { dim: true }

        """
        let rendered = problems(duplicate, path: "twice.yaml")
        #expect(rendered.hasPrefix("twice.yaml:"), "\(rendered)")
        #expect(rendered.contains("duplicate key 'normal'"), "\(rendered)")
    }

    @Test func aMinimalThemeFileIsEnough() throws {
        let theme = try ThemeFileDecoder().decode(yaml: "theme: 1\nname: plain\n", path: "plain.yaml")
        #expect(theme.name == "plain" && theme.roles.isEmpty && theme.background == .terminalDefault)
        #expect(theme.style(for: .new, depth: .xterm256) == ResolvedStyle())
    }

    // MARK: The catalog

    @Test func anUnknownThemeNameListsTheBuiltinThemes() {
        do {
            _ = try ThemeCatalog.load(nameOrPath: "hihg-contrast")
            Issue.record("loaded a theme that does not exist")
        } catch {
            #expect(error.rendered == "hihg-contrast: error: no built-in theme or theme file by this name (did you mean 'high-contrast'?); the built-in themes are default, light, high-contrast, monochrome, colorblind, or give the path of a theme file")
        }
        do {
            _ = try ThemeCatalog.load(nameOrPath: "no/such/theme.yaml")
            Issue.record("loaded a file that does not exist")
        } catch {
            #expect(error.rendered == "no/such/theme.yaml: error: no such file")
        }
    }

    @Test func themesLoadByNameOrPath() throws {
        #expect(try ThemeCatalog.load(nameOrPath: "light").name == "light")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("alliance-theme-\(UUID().uuidString).yaml").path
        try "theme: 1\nname: mine\nroles:\n  new: { bold: true }\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let theme = try ThemeCatalog.load(nameOrPath: path)
        #expect(theme.name == "mine" && theme.roles[.new] == RoleStyle(attributes: .bold))
    }

    @Test func noColorIsHonouredWhenSetAndNotEmpty() {
        #expect(!ThemeCatalog.noColorRequested(environment: [:]))
        #expect(!ThemeCatalog.noColorRequested(environment: ["NO_COLOR": ""]))
        #expect(ThemeCatalog.noColorRequested(environment: ["NO_COLOR": "1"]))
        #expect(ThemeCatalog.noColorRequested(environment: ["NO_COLOR": "0"]))
    }

    private func problems(_ text: String, path: String) -> String {
        do {
            _ = try ThemeFileDecoder().decode(yaml: text, path: path)
            return ""
        } catch {
            return error.rendered
        }
    }
}
