import AllianceCore
@testable import AllianceUI
import Testing

@Suite("NO_COLOR and non-UTF-8 terminals")
struct ColorAndCharsetTests {
    @Test func themeKeySaysColoursAreOffUnderNoColor() {
        var state = AppState(analysis: Analysis(validated: BuiltinCase.model), themeNames: ["monochrome", "default"])
        state.colorsOff = true
        let effect = Reducer.reduce(&state, .nextTheme)
        #expect(effect == nil)
        #expect(state.themeName == "monochrome")
        #expect(state.notice == "Colours are off (NO_COLOR is set): themes do not apply. Unset NO_COLOR to use them.")
        state.colorsOff = false
        #expect(Reducer.reduce(&state, .nextTheme) == .themeChanged)
        #expect(state.themeName == "default")
        #expect(state.notice == nil)
    }

    @Test func asciiOnlyTransliteratesAndKeepsColumns() {
        var grid = Grid(width: 12, height: 1)
        grid.put("Núria·病ß€", x: 0, y: 0)
        let ascii = grid.asciiOnly()
        #expect(ascii.textRows == ["Nuria-? sE  "])
        #expect(ascii.cells.allSatisfy { $0.text.unicodeScalars.allSatisfy(\.isASCII) && !$0.isContinuation })
        #expect(ascii.width == grid.width)
    }

    @Test func everyBuiltInFrameIsPureASCIIAfterTransliteration() {
        let analysis = Analysis(validated: BuiltinCase.model)
        for step in 0...analysis.stepCount {
            let app = AppState(analysis: analysis, step: step, size: Size(width: 100, height: 30))
            let grid = DashboardRenderer.render(app, glyphs: .ascii).asciiOnly()
            #expect(grid.cells.allSatisfy { $0.text.unicodeScalars.allSatisfy(\.isASCII) }, "step \(step)")
        }
    }
}

@Suite("Redraw")
struct RedrawTests {
    @Test func ctrlLRedrawsEverythingWithOrWithoutAnOverlay() {
        #expect(KeyBinding.action(for: .character("\u{0C}"), overlayOpen: false) == .redraw)
        #expect(KeyBinding.action(for: .character("\u{0C}"), overlayOpen: true) == .redraw)
        var state = AppState(analysis: Analysis(validated: BuiltinCase.model), step: 5)
        #expect(Reducer.reduce(&state, .redraw) == .redraw)
        #expect(state.step == 5)
        state.overlay = .help
        #expect(Reducer.reduce(&state, .redraw) == .redraw)
        #expect(state.overlay == .help)
    }
}
