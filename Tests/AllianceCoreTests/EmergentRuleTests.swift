import AllianceCore
import Testing

@Suite("Emergent routines")
struct EmergentRuleTests {
    static let knowledge = "  - { id: obs, label: home observation }\n"
    static let proposed = """
      - id: calls
        name: Alpha calls Beta
        in-force: false
        steps:
          - { partner: a, activity: call }
          - { partner: b, activity: visit }

    """

    @Test func aContactRecurringAcrossTwoPatientsIsFlaggedWhenItRecursThenFormalised() throws {
        let a = try TestCases.analyze(TestCases.yaml(knowledge: Self.knowledge, routines: Self.proposed, timeline: """
          - { day: 0, patient: x, actor: a1, activity: look, produces: [{ knowledge: obs }] }
          - { day: 1, patient: x, actor: a1, activity: call, sends: [{ knowledge: obs, to: b }] }
          - { day: 2, patient: y, actor: a1, activity: look, produces: [{ knowledge: obs }] }
          - { day: 3, patient: y, actor: a1, activity: call, sends: [{ knowledge: obs, to: b }] }
          - { day: 4, patient: z, actor: a1, activity: call, sends: [{ knowledge: obs, to: b }], produces: [{ knowledge: obs }] }
          - { day: 9, patient: x, actor: b1, activity: act, formalizes: calls }

        """))
        #expect(a.fired(.emergentRoutine) == [AlertHit(patient: "y", step: 4, day: 3), AlertHit(patient: nil, step: 6, day: 9)])
        #expect(a.emergent.count == 1)
        let p = a.emergent[0]
        #expect(p.occurrences.map(\.step) == [2, 4, 5])
        #expect(p.status(at: 3) == nil)
        #expect(p.status(at: 4) == .emergent)
        #expect(p.status(at: 6) == .formalised)
        #expect(a.describe(p) == "Alpha calls, reaching Beta")
        #expect(a.alerts[0].message == "New routine: Alpha calls, reaching Beta, seen 2 times across 2 patients (Xavi, Yolanda); no designed routine or handoff covers it")
        #expect(a.alerts[0].severity == .info)
        #expect(a.routineAdoptedStep == [6])
    }

    @Test func recurringForOnePatientOnlyIsNotEmergent() throws {
        let a = try TestCases.analyze(TestCases.yaml(knowledge: Self.knowledge, timeline: """
          - { day: 0, patient: x, actor: a1, activity: look, produces: [{ knowledge: obs }] }
          - { day: 1, patient: x, actor: a1, activity: call, sends: [{ knowledge: obs, to: b }] }
          - { day: 2, patient: x, actor: a1, activity: call, sends: [{ knowledge: obs, to: b }] }
          - { day: 3, patient: x, actor: a1, activity: call, sends: [{ knowledge: obs, to: b }] }

        """))
        #expect(a.fired(.emergentRoutine).isEmpty)
    }

    @Test func thresholdsComeFromTheCase() throws {
        let a = try TestCases.analyze(TestCases.yaml(knowledge: Self.knowledge, emergent: "  emergent-routines: { min-occurrences: 3, min-patients: 1 }", timeline: """
          - { day: 0, patient: x, actor: a1, activity: look, produces: [{ knowledge: obs }] }
          - { day: 1, patient: x, actor: a1, activity: call, sends: [{ knowledge: obs, to: b }] }
          - { day: 2, patient: x, actor: a1, activity: call, sends: [{ knowledge: obs, to: b }] }
          - { day: 3, patient: x, actor: a1, activity: call, sends: [{ knowledge: obs, to: b }] }

        """))
        #expect(a.fired(.emergentRoutine) == [AlertHit(patient: "x", step: 4, day: 3)])
    }

    @Test func designedTransitionsAndHandoffsAreNotEmergent() throws {
        let routine = """
          - id: path
            name: Pathway
            steps:
              - { partner: a, activity: act }
              - { partner: b, activity: look }
              - { partner: a, activity: call }

        """
        let a = try TestCases.analyze(TestCases.yaml(
            knowledge: Self.knowledge, routines: routine,
            handoffs: "  - { id: h, from: a, to: c, knowledge: obs, trigger: [call], within: 5 }\n",
            timeline: """
              - { day: 0, patient: x, actor: a1, activity: act, produces: [{ knowledge: obs }] }
              - { day: 1, patient: x, actor: b1, activity: look }
              - { day: 2, patient: y, actor: a1, activity: act, produces: [{ knowledge: obs }] }
              - { day: 3, patient: y, actor: b1, activity: look }
              - { day: 4, patient: x, actor: a1, activity: call, sends: [{ knowledge: obs, to: c }] }
              - { day: 5, patient: y, actor: a1, activity: call, sends: [{ knowledge: obs, to: c }] }

            """))
        #expect(a.fired(.emergentRoutine).isEmpty)
    }

    @Test func anUndesignedTransitionBetweenPartnersRecurringIsEmergent() throws {
        let a = try TestCases.analyze(TestCases.yaml(timeline: """
          - { day: 0, patient: x, actor: c1, activity: look }
          - { day: 1, patient: x, actor: b1, activity: visit }
          - { day: 2, patient: y, actor: c1, activity: look }
          - { day: 3, patient: y, actor: b1, activity: visit }

        """))
        #expect(a.fired(.emergentRoutine) == [AlertHit(patient: "y", step: 4, day: 3)])
        #expect(a.describe(a.emergent[0]) == "Gamma looks → Beta visits")
    }
}
