import AllianceCore
import Testing

@Suite("Handoff rules: omitted-handoff and late-handoff")
struct HandoffRuleTests {
    static let design = (
        knowledge: "  - { id: rx, label: prescription }\n",
        handoffs: "  - { id: rx-to-b, from: a, to: b, knowledge: rx, trigger: [act], within: 2 }\n"
    )

    func analyze(_ timeline: String) throws -> Analysis {
        try TestCases.analyze(TestCases.yaml(knowledge: Self.design.knowledge, handoffs: Self.design.handoffs, timeline: timeline))
    }

    @Test func receivedOnTheLastDayOfTheWindowIsClean() throws {
        let a = try analyze("""
          - { day: 0, patient: x, actor: a1, activity: act, produces: [{ knowledge: rx, value: 2 L/min }] }
          - { day: 2, patient: x, actor: a1, activity: call, sends: [{ knowledge: rx, to: b }] }
          - { day: 9, patient: x, actor: b1, activity: look }

        """)
        #expect(a.fired(.omittedHandoff).isEmpty)
        #expect(a.fired(.lateHandoff).isEmpty)
        #expect(a.handoffs.count == 1)
        #expect(a.handoffs[0].status(at: 1) == .pending)
        #expect(a.handoffs[0].status(at: 2) == .clean)
        #expect(a.handoffs[0].latencyDays(at: 3) == 2)
    }

    @Test func sentWithTheTriggerIsCleanWithZeroLatency() throws {
        let a = try analyze("""
          - { day: 0, patient: x, actor: a1, activity: act, produces: [{ knowledge: rx }], sends: [{ knowledge: rx, to: b }] }

        """)
        #expect(a.handoffs[0].status(at: 1) == .clean)
        #expect(a.handoffs[0].latencyDays(at: 1) == 0)
    }

    @Test func omittedIsRaisedAtTheFirstStepPastTheDeadlineStampedWithTheDeadline() throws {
        let a = try analyze("""
          - { day: 0, patient: x, actor: a1, activity: act, produces: [{ knowledge: rx }] }
          - { day: 1, patient: y, actor: c1, activity: look }
          - { day: 10, patient: y, actor: c1, activity: look }

        """)
        #expect(a.fired(.omittedHandoff) == [AlertHit(patient: "x", step: 3, day: 2)])
        #expect(a.handoffs[0].status(at: 2) == .pending)
        #expect(a.handoffs[0].status(at: 3) == .omitted)
        let alert = try #require(a.alerts.first { $0.rule == .omittedHandoff })
        #expect(alert.severity == .critical)
        #expect(alert.message == "Prescription from Alpha to Beta for Xavi was due by day 2 and never sent")
        #expect(alert.partners == [0, 1])
    }

    @Test func noStepAfterTheDeadlineMeansStillPending() throws {
        let a = try analyze("""
          - { day: 0, patient: x, actor: a1, activity: act, produces: [{ knowledge: rx }] }
          - { day: 2, patient: x, actor: c1, activity: look }

        """)
        #expect(a.fired(.omittedHandoff).isEmpty)
        #expect(a.handoffs[0].status(at: 2) == .pending)
    }

    @Test func lateArrivalTurnsOmittedIntoLateAndClearsTheOmittedAlert() throws {
        let a = try analyze("""
          - { day: 0, patient: x, actor: a1, activity: act, produces: [{ knowledge: rx }] }
          - { day: 4, patient: x, actor: c1, activity: look }
          - { day: 5, patient: x, actor: a1, activity: call, sends: [{ knowledge: rx, to: b }] }

        """)
        #expect(a.fired(.omittedHandoff) == [AlertHit(patient: "x", step: 2, day: 2)])
        #expect(a.fired(.lateHandoff) == [AlertHit(patient: "x", step: 3, day: 5)])
        let omitted = try #require(a.alerts.first { $0.rule == .omittedHandoff })
        #expect(omitted.clearedStep == 3)
        #expect(a.handoffs[0].status(at: 3) == .late)
        #expect(a.handoffs[0].latencyDays(at: 3) == 5)
        let late = try #require(a.alerts.first { $0.rule == .lateHandoff })
        #expect(late.message == "Prescription from Alpha to Beta for Xavi arrived on day 5, 3 days late (due by day 2)")
    }

    @Test func sendingToAnotherPartnerDoesNotFulfilTheHandoff() throws {
        let a = try analyze("""
          - { day: 0, patient: x, actor: a1, activity: act, produces: [{ knowledge: rx }], sends: [{ knowledge: rx, to: c }] }
          - { day: 3, patient: x, actor: c1, activity: look }

        """)
        #expect(a.fired(.omittedHandoff) == [AlertHit(patient: "x", step: 2, day: 2)])
    }

    @Test func knowledgeAboutAnotherPatientDoesNotFulfilTheHandoff() throws {
        let a = try analyze("""
          - { day: 0, patient: x, actor: a1, activity: act, produces: [{ knowledge: rx }] }
          - { day: 0, patient: y, actor: a1, activity: look, produces: [{ knowledge: rx }], sends: [{ knowledge: rx, to: b }] }
          - { day: 3, patient: x, actor: c1, activity: look }

        """)
        #expect(a.fired(.omittedHandoff) == [AlertHit(patient: "x", step: 3, day: 2)])
    }
}
