import Foundation
import AllianceCore
import AllianceTerminal
import AllianceUI
import Benchmark
#if canImport(Glibc)
import Glibc
#endif

/// The built-in case, and the generated case of the core benchmark (2,000 patients, 100,000 steps).
final class Cases: Sendable {
    let builtIn = Analysis(validated: BuiltinCase.model)
    let large = Analysis(validated: SyntheticCase.make(patients: 2_000, steps: 100_000, seed: 2024))
}

let cases = Cases()
let size = Size(width: 200, height: 60)

/// An ncurses screen of 200×60 writing into memory (TERM=xterm-256color), to count bytes.
func meteredSession() -> (TerminalSession, OutputMeter) {
    let meter = OutputMeter()!
    let session = TerminalSession()
    try! session.start(terminalType: "xterm-256color", output: meter.stream, input: meter.input, size: size)
    return (session, meter)
}

let benchmarks: @Sendable () -> Void = {
    // The allocator as the `alliance` command sets it up (see AllocatorTuning).
    AllocatorTuning.apply(environment: ProcessInfo.processInfo.environment)
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(5), maxIterations: 2_000)

    for (name, analysis) in [("built-in case", cases.builtIn), ("100k-step case", cases.large)] {
        Benchmark("Render + diff one frame at 200×60, \(name)") { benchmark in
            var state = AppState(analysis: analysis, step: analysis.stepCount / 2, size: size)
            var previous = DashboardRenderer.render(state)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                Reducer.reduce(&state, state.step >= analysis.stepCount ? .first : .next)
                let grid = DashboardRenderer.render(state)
                blackHole(grid.changedRuns(from: previous))
                previous = grid
            }
        }

        Benchmark("A step, key to frame written (ncurses, in memory), \(name)",
                  configuration: .init(metrics: [.wallClock, .custom("bytes written", polarity: .prefersSmaller, useScalingFactor: false)])) { benchmark in
            let (session, meter) = meteredSession()
            defer { session.stop() }
            let theme = ThemeCatalog.defaultTheme
            var state = AppState(analysis: analysis, step: analysis.stepCount / 2, size: size)
            session.draw(DashboardRenderer.render(state), theme: theme)
            var bytes: [Int] = []
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                let before = meter.bytesWritten
                let action = KeyBinding.action(for: .character("n"), overlayOpen: false)!
                Reducer.reduce(&state, state.step >= analysis.stepCount ? .first : action)
                session.draw(DashboardRenderer.render(state), theme: theme)
                bytes.append(meter.bytesWritten - before)
            }
            benchmark.stopMeasurement()
            bytes.sort()
            benchmark.measurement(.custom("bytes written", polarity: .prefersSmaller, useScalingFactor: false), bytes[bytes.count / 2])
        }
    }

    Benchmark("Bytes written: full redraw vs one panel changed (built-in case, 200×60)",
              configuration: .init(metrics: [.custom("full redraw bytes", polarity: .prefersSmaller, useScalingFactor: false),
                                             .custom("one panel bytes", polarity: .prefersSmaller, useScalingFactor: false)],
                                   maxIterations: 20)) { benchmark in
        for _ in benchmark.scaledIterations {
            let (session, meter) = meteredSession()
            let theme = ThemeCatalog.defaultTheme
            var state = AppState(analysis: cases.builtIn, step: 25, size: size)
            state.focus = .alerts
            let start = meter.bytesWritten
            session.draw(DashboardRenderer.render(state), theme: theme)
            let full = meter.bytesWritten - start
            // Move the alert selection: only the alerts panel changes.
            Reducer.reduce(&state, .scrollDown)
            let before = meter.bytesWritten
            session.draw(DashboardRenderer.render(state), theme: theme)
            let onePanel = meter.bytesWritten - before
            session.stop()
            benchmark.measurement(.custom("full redraw bytes", polarity: .prefersSmaller, useScalingFactor: false), full)
            benchmark.measurement(.custom("one panel bytes", polarity: .prefersSmaller, useScalingFactor: false), onePanel)
        }
    }
}
