import AllianceCore
import AllianceTerminal
import AllianceUI
import Foundation
import Testing

/// Every test that starts a curses screen lives in this suite (extensions included), one at
/// a time: curses keeps global state.
@Suite("The backend in memory: what it writes, its colour pairs", .serialized)
struct DiffDrawingTests {
    @Test func movingTheAlertSelectionWritesAFractionOfAFullRedraw() throws {
        let meter = try #require(OutputMeter())
        let session = TerminalSession()
        // No process-wide state: the size is given, and a session installs no signal handler.
        try session.start(terminalType: "xterm-256color", output: meter.stream, input: meter.input, size: Size(width: 100, height: 30))
        defer { session.stop() }
        #expect(!SignalTrap.isInstalled)
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
