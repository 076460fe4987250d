import AllianceCore
import AllianceUI
import ArgumentParser
import Foundation

/// A developer's tool, hidden from help: renders frames in a loop, to profile the renderer
/// (`perf record alliance profile-render --frames 2000`). Benchmarks live in Benchmarks/.
struct ProfileRenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile-render", abstract: "Render frames in a loop (for profiling).", shouldDisplay: false)

    @Argument var file: String?
    @Option var frames = 1_000
    @Option var size = "200x60"
    /// Instead of stepping: focus the alerts at the last step, put the cursor here, and move it down each frame.
    @Option var alertCursor: Int?
    /// Instead of stepping: open this overlay (help, partner, handoffs, debrief) at the last step and scroll it down each frame.
    @Option var overlay: String?

    func run() throws {
        let (model, _) = try loadCase(file)
        let analysisStart = Date()
        let analysis = Analysis(validated: model)
        print("analysis: \(String(format: "%.3f", Date().timeIntervalSince(analysisStart))) s")
        var state = AppState(analysis: analysis, step: analysis.stepCount / 2, size: parseSize(size) ?? Size(width: 200, height: 60))
        if let alertCursor {
            state.step = analysis.stepCount
            state.focus = .alerts
            state.alertCursor = alertCursor
            print("active alerts: \(state.caseState.alertTally.total)")
        }
        if let overlay {
            state.step = analysis.stepCount
            state.overlay = overlay == "partner" ? .partner(0) : overlay == "handoffs" ? .handoffs(patient: 0) : overlay == "debrief" ? .debrief : .help
        }
        var previous = DashboardRenderer.render(state)
        var runs = 0
        let start = Date()
        for _ in 0..<frames {
            if overlay != nil {
                Reducer.reduce(&state, .scrollDown)
            } else if alertCursor != nil {
                Reducer.reduce(&state, .scrollDown)
            } else {
                Reducer.reduce(&state, state.step >= analysis.stepCount ? .first : .next)
            }
            let grid = DashboardRenderer.render(state)
            runs += grid.changedRuns(from: previous).count
            previous = grid
        }
        let elapsed = Date().timeIntervalSince(start)
        print("\(frames) frames in \(String(format: "%.3f", elapsed)) s: \(String(format: "%.3f", elapsed / Double(frames) * 1000)) ms per frame (\(runs) runs)")
    }
}
