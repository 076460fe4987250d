import AllianceCore
import AllianceUI
import Testing

@Suite("Rendered frames match their snapshots")
struct SnapshotTests {
    /// The sizes a room meets: a laptop's default, a projector, larger terminals.
    static let sizes = [Size(width: 80, height: 24), Size(width: 100, height: 30), Size(width: 120, height: 40), Size(width: 200, height: 60)]

    /// The steps 0, 12, 19, 26 and 33 of the 33-step case; an event step (day 93) was
    /// inserted before 26 since, so the last two are now 27 and 34.
    @Test(arguments: sizes, [0, 12, 19, 27, 34])
    func builtInCase(_ size: Size, _ step: Int) throws {
        let grid = DashboardRenderer.render(.builtIn(step: step, size: size))
        try Snapshot.assert(Snapshot.document(grid, title: "built-in case, step \(step)"),
                            named: "builtin-\(size.width)x\(size.height)-step\(step).txt")
    }

    @Test func tooSmallAt40x10() throws {
        let grid = DashboardRenderer.render(.builtIn(step: 15, size: Size(width: 40, height: 10)))
        try Snapshot.assert(Snapshot.document(grid, title: "too small"), named: "builtin-40x10.txt")
        #expect(grid.textRows.contains { $0.contains("Terminal too small: need 80×24") })
    }

    @Test func asciiGlyphsForNonUTF8Terminals() throws {
        let grid = DashboardRenderer.render(.builtIn(step: 19), glyphs: .ascii)
        try Snapshot.assert(Snapshot.document(grid, title: "ascii, step 19"), named: "builtin-100x30-step19-ascii.txt")
        #expect(AsciiFrameTests.nonASCII(grid, allowing: AsciiFrameTests.caseText(BuiltinCase.model)) == [])
    }

    @Test func overlays() throws {
        var help = AppState.builtIn(step: 15)
        Reducer.reduce(&help, .help)
        try Snapshot.assert(Snapshot.document(DashboardRenderer.render(help), title: "help"), named: "overlay-help.txt")
        var step = AppState.builtIn(step: 16)
        Reducer.reduce(&step, .open)
        try Snapshot.assert(Snapshot.document(DashboardRenderer.render(step), title: "step 16 record"), named: "overlay-step16.txt")
        var alert = AppState.builtIn(step: 15)
        Reducer.reduce(&alert, .focusNext)
        Reducer.reduce(&alert, .focusNext)
        Reducer.reduce(&alert, .open)
        try Snapshot.assert(Snapshot.document(DashboardRenderer.render(alert), title: "alert at step 15"), named: "overlay-alert15.txt")
    }

    @Test(arguments: ["default", "light", "high-contrast", "monochrome", "colorblind"])
    func ansiFramesPerTheme(_ name: String) throws {
        let theme = try #require(ThemeCatalog.builtin(named: name))
        let grid = DashboardRenderer.render(.builtIn(step: 19, size: Size(width: 80, height: 24), theme: name))
        let depth: ColorDepth = name == "monochrome" ? .none : .xterm256
        try Snapshot.assert(AnsiWriter.render(grid, theme: theme, depth: depth), named: "ansi-\(name)-80x24-step19.txt")
    }
}
