import AllianceCore
import AllianceTerminal
import AllianceUI
import Foundation
import Testing

@Suite("The backend writes only what changed", .serialized)
struct DiffDrawingTests {
    @Test func movingTheAlertSelectionWritesAFractionOfAFullRedraw() throws {
        setenv("LINES", "30", 1)
        setenv("COLUMNS", "100", 1)
        let meter = try #require(OutputMeter())
        let session = TerminalSession()
        try session.start(terminalType: "xterm-256color", output: meter.stream, input: meter.input)
        defer {
            session.stop()
            unsetenv("LINES")
            unsetenv("COLUMNS")
        }
        #expect(session.size == Size(width: 100, height: 30))
        var state = AppState(analysis: Analysis(validated: BuiltinCase.model), step: 25, size: session.size)
        state.focus = .alerts
        let theme = ThemeCatalog.defaultTheme
        let start = meter.bytesWritten
        let fullCells = session.draw(DashboardRenderer.render(state), theme: theme)
        let full = meter.bytesWritten - start
        Reducer.reduce(&state, .scrollDown)
        let before = meter.bytesWritten
        let panelCells = session.draw(DashboardRenderer.render(state), theme: theme)
        let onePanel = meter.bytesWritten - before
        #expect(fullCells > 2_500)
        #expect(panelCells > 0 && panelCells < 400)
        #expect(onePanel > 0 && onePanel * 5 < full, "one panel: \(onePanel) bytes, full redraw: \(full) bytes")
        // Nothing changed: nothing written but the flush.
        let idle = meter.bytesWritten
        #expect(session.draw(DashboardRenderer.render(state), theme: theme) == 0)
        #expect(meter.bytesWritten - idle < 16)
    }
}
