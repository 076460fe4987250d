import Foundation
import AllianceCore
import Benchmark
import Synchronization

/// The generated case of the core benchmark: 2,000 patients, 100,000 steps.
final class Fixture: Sendable {
    let model: CaseModel
    let yaml: String
    let analysis: Analysis

    init() {
        model = SyntheticCase.make(patients: 2_000, steps: 100_000, seed: 2024)
        yaml = CaseFileEncoder().encode(model)
        analysis = Analysis(validated: model)
    }
}

let fixture = Fixture()

/// A generated case for the analysis benchmarks, made on first use (so a filter that leaves
/// a size out does not pay for generating it).
final class AnalysisSize: Sendable {
    let label: String
    let steps: Int
    private let made = Mutex<CaseModel?>(nil)

    /// Nil: 50 steps per patient (the patients, and so those active at once, grow with the case).
    let patients: Int?

    init(_ label: String, steps: Int, patients: Int? = nil) {
        self.label = label
        self.steps = steps
        self.patients = patients
    }

    var model: CaseModel {
        made.withLock { made in
            if let made { return made }
            let model = SyntheticCase.make(patients: patients ?? steps / 50, steps: steps, seed: 2024)
            made = model
            return model
        }
    }

    static let all = [AnalysisSize("50k", steps: 50_000), AnalysisSize("100k", steps: 100_000), AnalysisSize("300k", steps: 300_000)]
    /// The same sizes with 2,000 patients throughout: longer journeys, the same number of
    /// patients at once.
    static let fixedPatients = [50_000, 100_000, 300_000].map {
        AnalysisSize("\($0 / 1000)k steps, 2,000 patients", steps: $0, patients: 2000)
    }
}

let benchmarks: @Sendable () -> Void = {
    // The allocator as the `alliance` command sets it up (see AllocatorTuning).
    AllocatorTuning.apply(environment: ProcessInfo.processInfo.environment)
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
        maxDuration: .seconds(10), maxIterations: 1_000)

    Benchmark("Load: decode and validate the case file (100k steps)",
              configuration: .init(maxIterations: 5)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try CaseFileDecoder().decode(yaml: fixture.yaml, path: "generated.yaml"))
        }
    }

    // The analysis at three sizes (50 steps per patient), to show that it grows linearly; then
    // at the same sizes with a fixed number of patients.
    for size in AnalysisSize.all + AnalysisSize.fixedPatients {
        Benchmark("Analysis: full pass (\(size.label)\(size.patients == nil ? " steps" : ""))",
                  configuration: .init(maxIterations: 20)) { benchmark in
            let model = size.model
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(Analysis(validated: model))
            }
        }
    }

    // A what-if mechanism turned on in the dashboard: apply it, re-run the analysis, match
    // the alerts against the baseline (`MechanismComparison`). The mechanism is built from the
    // generated case's own declarations: its unowned review decision gets an owner, and its
    // hour-meter readings are shared within 2 days (every item delivered to its needers).
    Benchmark("Mechanism: re-run with one mechanism on (100k steps)",
              configuration: .init(maxIterations: 20)) { benchmark in
        var model = fixture.model
        model.mechanisms = [Mechanism(id: "record", name: "A shared record, and an owner for every review", sentence: "",
                                      changes: [.share(knowledge: "hour-meter", within: 2),
                                                .owner(decision: "review-unowned", role: "pulmonologist")])]
        let baseline = Analysis(validated: model)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(MechanismComparison(baseline: baseline, mechanisms: ["record"]))
        }
    }

    Benchmark("Step forward (with its delta)",
              configuration: .init(scalingFactor: .kilo, maxIterations: 100)) { benchmark in
        var engine = ReplayEngine(fixture.analysis, at: 50_000)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            if engine.atEnd { engine.seek(to: 0) }
            blackHole(engine.stepForward())
        }
    }

    Benchmark("Step back (with its delta)",
              configuration: .init(scalingFactor: .kilo, maxIterations: 100)) { benchmark in
        var engine = ReplayEngine(fixture.analysis, at: 50_000)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            if engine.atStart { engine.seek(to: fixture.analysis.stepCount) }
            blackHole(engine.stepBackward())
        }
    }

    Benchmark("Seek to a random step and read its alerts",
              configuration: .init(scalingFactor: .kilo, maxIterations: 100)) { benchmark in
        var engine = ReplayEngine(fixture.analysis)
        var rng = SplitMix64(seed: 42)
        let n = UInt64(fixture.analysis.stepCount + 1)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            engine.seek(to: Int(rng.below(n)))
            let state = engine.state
            blackHole(state.alertsRaisedNow)
            blackHole(state.changes.count)
        }
    }

    Benchmark("Report at a random step (whole analysis as a document, rendered as text)",
              configuration: .init(maxIterations: 10)) { benchmark in
        var rng = SplitMix64(seed: 7)
        for _ in benchmark.scaledIterations {
            let report = AnalysisReport(fixture.analysis.state(at: Int(rng.below(UInt64(fixture.analysis.stepCount)))))
            blackHole(ReportRenderer.render(report, as: .text))
        }
    }
}
