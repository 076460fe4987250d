import Testing
@testable import AllianceCore

/// A case that grows (a room's `grow`): checked before it is taken, and then the analysis
/// it gives is the whole case's.
@Suite struct CaseGrowthTests {
    static func growth(of model: CaseModel, cutAt k: Int) -> (prefix: CaseModel, growth: CaseGrowth) {
        var prefix = model
        prefix.timeline = Array(model.timeline[..<k])
        return (prefix, CaseGrowth(stepsBefore: k, patientsBefore: model.patients.count, patients: [],
                                   steps: Array(model.timeline[k...]), info: model.info))
    }

    @Test func theBuiltInCaseGrownFromAnyStepIsTheWholeCase() throws {
        let model = BuiltinCase.model
        let whole = Analysis(validated: model)
        for k in [0, 1, 7, model.timeline.count / 2, model.timeline.count - 1] {
            let (prefix, g) = Self.growth(of: model, cutAt: k)
            let start = Analysis(validated: prefix, growable: true)
            let grown = try #require(start.growing(g))
            #expect(grown === start, "extended in place")
            #expect(grown.stepCount == whole.stepCount)
            #expect(grown.alerts == whole.alerts, "alerts when grown from step \(k)")
            #expect(grown.alerts.map(\.message) == whole.alerts.map(\.message))
            #expect(grown.handoffs == whole.handoffs)
            #expect(grown.decisions == whole.decisions)
            #expect(grown.therapies == whole.therapies)
            #expect(grown.changes == whole.changes)
            for s in 0...whole.stepCount {
                #expect(grown.state(at: s).alertTally == whole.state(at: s).alertTally)
                #expect(grown.state(at: s).handoffCounts == whole.state(at: s).handoffCounts)
            }
        }
    }

    /// An analysis not made growable let go of the pass's state: it is not extended, and
    /// growing it analyses the grown case anew (the same facts).
    @Test func anAnalysisNotMadeGrowableGrowsIntoANewOne() throws {
        let model = BuiltinCase.model
        let (prefix, g) = Self.growth(of: model, cutAt: 10)
        let fixed = Analysis(validated: prefix)
        #expect(!fixed.isGrowable)
        #expect(fixed.extend(g) == false)
        #expect(fixed.stepCount == 10)
        let grown = try #require(fixed.growing(g))
        #expect(grown !== fixed)
        #expect(grown.isGrowable)
        #expect(grown.alerts == Analysis(validated: model).alerts)
    }

    @Test func aGrowthThatDoesNotFitTheCaseIsRefused() throws {
        let model = BuiltinCase.model
        let k = model.timeline.count / 2
        func refused(_ change: (inout CaseGrowth) -> Void) -> Bool {
            var (prefix, g) = Self.growth(of: model, cutAt: k)
            change(&g)
            let a = Analysis(validated: prefix, growable: true)
            let refused = a.growing(g) == nil
            // Refused, it changed nothing; taken, it grew.
            #expect(a.stepCount == (refused ? k : model.timeline.count))
            return refused
        }
        #expect(refused { _ in } == false)
        #expect(refused { $0.stepsBefore += 1 })
        #expect(refused { $0.patientsBefore -= 1 })
        #expect(refused { $0.steps[0].actors = ["nobody-here"] })
        #expect(refused { $0.steps[0].patient = "no-such-patient" })
        #expect(refused { $0.steps[0].activity = "no-such-activity" })
        #expect(refused { $0.steps[0].produces = [Production(knowledge: "no-such-knowledge")] })
        #expect(refused { $0.steps[0].sends = [Sending(knowledge: model.knowledge[0].id, to: ["no-such-partner"])] })
        #expect(refused { $0.steps[0].time = Timestamp(seconds: 0) })
        #expect(refused { $0.steps[0].event = "Something happened" })
        #expect(refused { $0.patients = [Patient(id: model.patients[0].id, name: "Again")] })
    }
}
