import AllianceCore
import AllianceTerminal
import AllianceUI
import Foundation
import Testing

/// Colour pairs are a scarce resource on small terminals (`xterm`, `screen`: 8 colours, 64 pairs).
/// In the same serialized suite as the other in-memory curses tests: curses is not thread-safe.
extension DiffDrawingTests {
    @Test func fiftyThemeSwitchesOnA64PairTerminalNeverRunOut() throws {
        let meter = try #require(OutputMeter())
        let session = TerminalSession()
        try session.start(terminalType: "xterm", output: meter.stream, input: meter.input, size: Size(width: 100, height: 30))
        defer { session.stop() }
        #expect(session.colorDepth == .ansi16)
        let themes = ThemeCatalog.builtins
        var state = AppState(analysis: Analysis(validated: BuiltinCase.model), step: 19, size: session.size)
        var most = 0
        for i in 0..<50 {
            let theme = themes[i % themes.count]
            session.invalidate(themeChanged: true)
            state.step = i % 34
            session.draw(DashboardRenderer.render(state), theme: theme)
            most = max(most, session.pairsInUse)
        }
        // Each switch starts again from the first pair: one theme's worth at most, never 50 themes' worth.
        #expect(most > 0 && most < 64)
        #expect(session.stylesWithoutPair == 0)
    }

    @Test func withoutResettingPairsTheyWouldAccumulate() throws {
        // The counterfactual the test above guards against: invalidating without a theme
        // change keeps the pairs, so cycling themes that way only ever adds pairs.
        let meter = try #require(OutputMeter())
        let session = TerminalSession()
        try session.start(terminalType: "xterm-256color", output: meter.stream, input: meter.input, size: Size(width: 100, height: 30))
        defer { session.stop() }
        let state = AppState(analysis: Analysis(validated: BuiltinCase.model), step: 19, size: session.size)
        var counts: [Int] = []
        for theme in ThemeCatalog.builtins {
            session.invalidate()
            session.draw(DashboardRenderer.render(state), theme: theme)
            counts.append(session.pairsInUse)
        }
        #expect(counts == counts.sorted())
        #expect(counts.last! > counts.first!)
        session.invalidate(themeChanged: true)
        session.draw(DashboardRenderer.render(state), theme: ThemeCatalog.builtins.last!)
        #expect(session.pairsInUse < counts.last!)
    }
}
