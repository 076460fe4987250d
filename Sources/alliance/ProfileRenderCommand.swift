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
    /// Instead of stepping: press these keys in turn (`n`, `G`, `g`, `/` then letters to search
    /// the patient list, `P`…; `<` is Backspace, `^` Esc, `>` Enter, a tab Tab), each reduced
    /// and rendered, and report the time per key.
    @Option var keys: String?
    /// The step to start from (default: the middle; `--keys` and stepping).
    @Option var at: Int?

    func run() throws {
        let (model, _) = try loadCase(file)
        let analysisStart = Date()
        let analysis = Analysis(validated: model)
        print("analysis: \(String(format: "%.3f", Date().timeIntervalSince(analysisStart))) s")
        var state = AppState(analysis: analysis, step: at ?? analysis.stepCount / 2, size: parseSize(size) ?? Size(width: 200, height: 60))
        if let keys {
            return pressKeys(keys, state)
        }
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

    /// Presses each key of `keys` (`frames` rounds of them), reducing and rendering after each,
    /// and prints per key the mean and slowest key-to-frame time (reduce + render + diff).
    func pressKeys(_ keys: String, _ initial: AppState) {
        var state = initial
        var previous = DashboardRenderer.render(state)
        var times: [Character: [Double]] = [:]
        var order: [Character] = []
        let rounds = max(1, frames / max(1, keys.count))
        for _ in 0..<rounds {
            state = initial
            for c in keys {
                let start = DispatchTime.now().uptimeNanoseconds
                let key: Key = switch c {
                case "<": .backspace
                case "^": .escape
                case ">": .enter
                case "\t": .tab
                default: .character(c)
                }
                if let action = KeyBinding.action(for: key, in: state) { Reducer.reduce(&state, action) }
                let grid = DashboardRenderer.render(state)
                _ = grid.changedRuns(from: previous)
                previous = grid
                let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
                if times[c] == nil { order.append(c) }
                times[c, default: []].append(ms)
            }
        }
        print("\(rounds) rounds of \"\(keys)\" at \(initial.size.width)x\(initial.size.height), from step \(initial.step) of \(initial.analysis.stepCount), \(initial.patientCount) patients")
        for c in order {
            let t = times[c]!.sorted()
            print("key \(c): \(t.count) presses, median \(String(format: "%.3f", t[t.count / 2])) ms, slowest \(String(format: "%.3f", t.last!)) ms")
        }
        if state.overlay == .patients { print("patient list: \(state.patientList.rows.count) rows for \"\(state.patientList.query.text)\"") }
    }
}
