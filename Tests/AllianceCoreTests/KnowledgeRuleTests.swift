import AllianceCore
import Testing

@Suite("Knowledge rules: stranded-knowledge, uninformed-action, unaware-partner")
struct KnowledgeRuleTests {
    static let knowledge = """
      - id: meter
        label: hour-meter reading
        share-within: 7
        needed-by: [{ partner: b, for: [visit] }]

    """

    @Test func strandedWhenTheNeedingPartnerStillLacksItAfterTheWindow() throws {
        let a = try TestCases.analyze(TestCases.yaml(knowledge: Self.knowledge, timeline: """
          - { day: 0, patient: x, actor: a1, activity: look, produces: [{ knowledge: meter, value: 9 h/day }] }
          - { day: 8, patient: y, actor: c1, activity: look }
          - { day: 9, patient: x, actor: a1, activity: call, sends: [{ knowledge: meter, to: b }] }

        """))
        #expect(a.fired(.strandedKnowledge) == [AlertHit(patient: "x", step: 2, day: 7)])
        let alert = try #require(a.alerts.first { $0.rule == .strandedKnowledge })
        #expect(alert.message == "Hour-meter reading \"9 h/day\" about Xavi has stayed with Alpha since day 0; Beta needs it")
        #expect(alert.severity == .warning)
        #expect(alert.clearedStep == 3)
    }

    @Test func notStrandedWhenSharedWithinTheWindow() throws {
        let a = try TestCases.analyze(TestCases.yaml(knowledge: Self.knowledge, timeline: """
          - { day: 0, patient: x, actor: a1, activity: look, produces: [{ knowledge: meter, value: 9 h/day }] }
          - { day: 7, patient: x, actor: a1, activity: call, sends: [{ knowledge: meter, to: b }] }
          - { day: 30, patient: y, actor: c1, activity: look }

        """))
        #expect(a.fired(.strandedKnowledge).isEmpty)
    }

    @Test func notStrandedWhenADesignedHandoffCoversTheFlow() throws {
        let a = try TestCases.analyze(TestCases.yaml(
            knowledge: Self.knowledge,
            handoffs: "  - { id: h, from: a, to: b, knowledge: meter, trigger: [look], within: 3 }\n",
            timeline: """
              - { day: 0, patient: x, actor: a1, activity: look, produces: [{ knowledge: meter }] }
              - { day: 30, patient: y, actor: c1, activity: look }

            """))
        #expect(a.fired(.strandedKnowledge).isEmpty)
        #expect(a.fired(.omittedHandoff) == [AlertHit(patient: "x", step: 2, day: 3)])
    }

    @Test func uninformedActionNamesTheMissingKnowledgeAndWhoHoldsIt() throws {
        let a = try TestCases.analyze(TestCases.yaml(knowledge: Self.knowledge, timeline: """
          - { day: 0, patient: x, actor: a1, activity: look, produces: [{ knowledge: meter, value: 9 h/day }] }
          - { day: 3, patient: x, actor: b1, activity: visit }
          - { day: 4, patient: y, actor: b1, activity: visit }

        """))
        #expect(a.fired(.uninformedAction) == [AlertHit(patient: "x", step: 2, day: 3)])
        let alert = try #require(a.alerts.first { $0.rule == .uninformedAction })
        #expect(alert.message == "Xavi: Bob (Beta) visits without the hour-meter reading \"9 h/day\", held by Alpha since day 0")
        #expect(alert.partners == [1, 0])
    }

    @Test func notUninformedWhenHeldOrWhenNothingExistsOrNotNeeded() throws {
        let a = try TestCases.analyze(TestCases.yaml(knowledge: Self.knowledge, timeline: """
          - { day: 0, patient: x, actor: a1, activity: look, produces: [{ knowledge: meter }], sends: [{ knowledge: meter, to: b }] }
          - { day: 1, patient: x, actor: b1, activity: visit }
          - { day: 2, patient: y, actor: b1, activity: visit }
          - { day: 3, patient: x, actor: b1, activity: look }

        """))
        #expect(a.fired(.uninformedAction).isEmpty)
    }

    @Test func holdingOnlyAnOlderItemIsUninformed() throws {
        let a = try TestCases.analyze(TestCases.yaml(knowledge: Self.knowledge, timeline: """
          - { day: 0, patient: x, actor: a1, activity: look, produces: [{ knowledge: meter, value: 16 h/day }], sends: [{ knowledge: meter, to: b }] }
          - { day: 1, patient: x, actor: a1, activity: look, produces: [{ knowledge: meter, value: 9 h/day }] }
          - { day: 2, patient: x, actor: b1, activity: visit }

        """))
        #expect(a.fired(.uninformedAction) == [AlertHit(patient: "x", step: 3, day: 2)])
        let state = a.state(at: 3)
        guard case .outdated(let item) = state.knowledgeCell(patient: 0, partner: 1, knowledge: 0) else {
            Issue.record("expected an outdated cell")
            return
        }
        #expect(item.value == "16 h/day")
    }

    @Test func consumedKnowledgeCountsAsNeeded() throws {
        let a = try TestCases.analyze(TestCases.yaml(knowledge: Self.knowledge, timeline: """
          - { day: 0, patient: x, actor: a1, activity: look, produces: [{ knowledge: meter }] }
          - { day: 1, patient: x, actor: c1, activity: look, consumes: [meter] }

        """))
        #expect(a.fired(.uninformedAction) == [AlertHit(patient: "x", step: 2, day: 1)])
    }

    static let therapy = (
        knowledge: "  - { id: rx, label: prescription }\n",
        therapies: "  - { id: o2, label: home oxygen, starts-on: [start], ends-on: [stop], awareness: rx, aware-within: 10 }\n"
    )

    @Test func unawareResponsiblePartnerAfterTheWindow() throws {
        let a = try TestCases.analyze(TestCases.yaml(knowledge: Self.therapy.knowledge, therapies: Self.therapy.therapies, timeline: """
          - { day: 0, patient: x, actor: a1, activity: start, produces: [{ knowledge: rx }] }
          - { day: 11, patient: y, actor: c1, activity: look }
          - { day: 12, patient: x, actor: a1, activity: call, sends: [{ knowledge: rx, to: b }] }

        """))
        #expect(a.fired(.unawarePartner) == [AlertHit(patient: "x", step: 2, day: 10)])
        let alert = try #require(a.alerts.first { $0.rule == .unawarePartner })
        #expect(alert.message == "Beta is responsible for Xavi but does not know of the home oxygen that started on day 0")
        #expect(alert.clearedStep == 3)
    }

    @Test func unawarePartnerActingOnThePatientIsFlaggedAtOnceAndOnlyOnce() throws {
        let a = try TestCases.analyze(TestCases.yaml(knowledge: Self.therapy.knowledge, therapies: Self.therapy.therapies, timeline: """
          - { day: 0, patient: x, actor: a1, activity: start, produces: [{ knowledge: rx }] }
          - { day: 2, patient: x, actor: b1, activity: look }
          - { day: 20, patient: x, actor: b1, activity: look }

        """))
        #expect(a.fired(.unawarePartner) == [AlertHit(patient: "x", step: 2, day: 2)])
        #expect(a.alerts.first { $0.rule == .unawarePartner }?.message == "Xavi: Bob (Beta) looks not knowing of the home oxygen that started on day 0")
    }

    @Test func notUnawareWhenInformedInTimeOrNotResponsible() throws {
        let a = try TestCases.analyze(TestCases.yaml(knowledge: Self.therapy.knowledge, therapies: Self.therapy.therapies, timeline: """
          - { day: 0, patient: x, actor: a1, activity: start, produces: [{ knowledge: rx }] }
          - { day: 10, patient: x, actor: a1, activity: call, sends: [{ knowledge: rx, to: b }] }
          - { day: 10, patient: z, actor: a1, activity: start, produces: [{ knowledge: rx }] }
          - { day: 40, patient: y, actor: c1, activity: look }

        """))
        #expect(a.fired(.unawarePartner).isEmpty)
    }
}
