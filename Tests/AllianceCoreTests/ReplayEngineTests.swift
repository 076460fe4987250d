import AllianceCore
import Testing

@Suite("Replay engine: stepping, seeking and deltas agree")
struct ReplayEngineTests {
    static let cases: [(String, CaseModel)] = [
        ("built-in", BuiltinCase.model),
        ("synthetic", SyntheticCase.make(patients: 40, steps: 1_200, seed: 7)),
    ]

    @Test(arguments: [0, 1])
    func steppingForwardAndBackwardEqualsSeekingAtEveryStep(_ which: Int) throws {
        let analysis = try Analysis(Self.cases[which].1)
        var engine = ReplayEngine(analysis)
        var accumulated = StateSnapshot()
        #expect(accumulated == analysis.state(at: 0).snapshot())
        var forward: [StateSnapshot] = [accumulated]
        while let delta = engine.stepForward() {
            accumulated.apply(delta, analysis: analysis)
            let seeked = analysis.state(at: engine.position).snapshot()
            #expect(accumulated == seeked, "forward to step \(engine.position) of \(Self.cases[which].0)")
            forward.append(accumulated)
            if accumulated != seeked { return }
        }
        #expect(engine.position == analysis.stepCount)
        while let delta = engine.stepBackward() {
            accumulated.apply(delta, analysis: analysis)
            #expect(accumulated == forward[engine.position], "backward to step \(engine.position)")
            if accumulated != forward[engine.position] { return }
        }
        #expect(engine.position == 0)
        #expect(accumulated == StateSnapshot())
    }

    @Test func seekingIsClampedAndStepsStopAtTheEnds() throws {
        let analysis = try Analysis(BuiltinCase.model)
        var engine = ReplayEngine(analysis)
        #expect(engine.stepBackward() == nil)
        engine.seek(to: 10_000)
        #expect(engine.position == analysis.stepCount)
        #expect(engine.stepForward() == nil)
        engine.seek(to: -3)
        #expect(engine.position == 0)
    }

    /// The state after step k is computed independently: by analysing only the case's first
    /// k steps, a case that ends there. Catches a view over stamped facts that lets a later
    /// step's fact leak into an earlier state (or an analysis that looks ahead).
    @Test(arguments: [0, 1])
    func theStateAfterAStepIsTheAnalysisOfTheCaseCutThere(_ which: Int) throws {
        let model = Self.cases[which].1
        let full = try Analysis(model)
        var engine = ReplayEngine(full)
        var rng = SplitMix64(seed: 11)
        var ks = [0, 1, full.stepCount / 2, full.stepCount]
        for _ in 0..<12 { ks.append(Int(rng.below(UInt64(full.stepCount + 1)))) }
        for k in ks {
            // Reached by seeking after a detour through an unrelated step.
            engine.seek(to: Int(rng.below(UInt64(full.stepCount + 1))))
            engine.seek(to: k)
            var cut = model
            cut.timeline = Array(model.timeline.prefix(k))
            let alone = try Analysis(cut)
            var expected = AnalysisReport(alone.state(at: k))
            var actual = AnalysisReport(engine.state)
            // Only the total number of steps may differ: nothing later in the case shows.
            #expect(expected.steps == k)
            #expect(actual.steps == full.stepCount)
            expected.steps = 0
            actual.steps = 0
            let e = ReportRenderer.json(expected).split(separator: "\n"), a = ReportRenderer.json(actual).split(separator: "\n")
            let differing = zip(e, a).enumerated().filter { $0.element.0 != $0.element.1 }.prefix(3).map { "line \($0.offset + 1): \($0.element.1) instead of \($0.element.0)" }
            #expect(differing == [], "step \(k) of \(Self.cases[which].0)")
            #expect(e.count == a.count, "step \(k) of \(Self.cases[which].0)")
            #expect(engine.state.snapshot() == alone.state(at: k).snapshot(), "step \(k) of \(Self.cases[which].0)")
        }
    }

    @Test func deltasNameWhatChanged() throws {
        let text = TestCases.yaml(
            knowledge: "  - { id: rx, label: prescription }\n",
            handoffs: "  - { id: h, from: a, to: b, knowledge: rx, trigger: [act], within: 1 }\n",
            timeline: """
              - { day: 0, patient: x, actor: a1, activity: act, produces: [{ knowledge: rx }] }
              - { day: 3, patient: y, actor: c1, activity: look }
              - { day: 5, patient: x, actor: a1, activity: call, sends: [{ knowledge: rx, to: b }] }

            """)
        let analysis = try TestCases.analyze(text)
        var engine = ReplayEngine(analysis)
        let first = engine.stepForward()!
        #expect(first.learned.map(\.partner) == [0])
        #expect(first.handoffChanges.map(\.to) == [.pending])
        let second = engine.stepForward()!
        #expect(second.handoffChanges.map(\.to) == [.omitted])
        #expect(second.alertsRaised.map { analysis.alerts[$0].rule } == [.omittedHandoff])
        let third = engine.stepForward()!
        #expect(third.handoffChanges.map(\.to) == [.late])
        #expect(third.alertsRaised.map { analysis.alerts[$0].rule } == [.lateHandoff])
        #expect(third.alertsCleared.map { analysis.alerts[$0].rule } == [.omittedHandoff])
        #expect(third.learned.map(\.partner) == [1])
        let back = engine.stepBackward()!
        #expect(back.direction == .backward)
        #expect(back.step == 3)
        #expect(engine.position == 2)
    }
}
