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

    @Test func reportsAtEveryStepAreTheSameBySeekingFromAnywhere() throws {
        let analysis = try Analysis(SyntheticCase.make(patients: 10, steps: 200, seed: 3))
        var engine = ReplayEngine(analysis)
        var rng = SplitMix64(seed: 11)
        for _ in 0..<50 {
            let k = Int(rng.below(UInt64(analysis.stepCount + 1)))
            engine.seek(to: k)
            // The same state reached after an unrelated detour.
            var detour = ReplayEngine(analysis, at: Int(rng.below(UInt64(analysis.stepCount + 1))))
            while detour.position < k { _ = detour.stepForward() }
            while detour.position > k { _ = detour.stepBackward() }
            #expect(AnalysisReport(engine.state) == AnalysisReport(detour.state))
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
