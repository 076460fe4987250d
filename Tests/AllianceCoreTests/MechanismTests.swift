import AllianceCore
import Testing

/// What-if mechanisms on small cases: each kind of change removes exactly the alerts it
/// should, and no others; new obligations that fail are new alerts.
@Suite("Mechanisms: applying, comparing, avoided and new alerts")
struct MechanismTests {
    /// Knowledge `k` produced by Alpha, needed by Beta for `visit` (shared within 14 days).
    static let knowledge = """
      - id: k
        label: reading
        share-within: 14
        needed-by:
          - { partner: b, for: [visit] }

    """

    static func analyze(_ yaml: String, mechanisms: String) throws -> Analysis {
        try TestCases.analyze(yaml + "mechanisms:\n" + mechanisms)
    }

    static func identities(_ alerts: [Alert], _ a: Analysis) -> [String] {
        alerts.map { AlertIdentity($0).text(in: a) }
    }

    @Test func sharingAKnowledgeTypeDeliversEveryItemToItsNeedersAndAvoidsTheirAlerts() throws {
        let base = try Self.analyze(TestCases.yaml(knowledge: Self.knowledge, timeline: """
          - { day: 1, patient: x, actor: a1, activity: look, produces: [{ knowledge: k, value: "9" }] }
          - { day: 20, patient: x, actor: b1, activity: visit }
          - { day: 21, patient: y, actor: b1, activity: visit }

        """), mechanisms: """
          - id: share-k
            name: Share the reading
            sentence: Beta sees every reading within 2 days.
            changes:
              - share: { knowledge: k, within: 2 }

        """)
        #expect(Self.identities(base.alerts, base) == [
            "stranded-knowledge warning x knowledge:k@1", "uninformed-action critical x step:2",
        ])
        let c = MechanismComparison(baseline: base, mechanisms: ["share-k"])
        #expect(c.variant.model.knowledge[0].shareWithin == 2)
        #expect(c.variant.model.timeline[0].delivered == [Sending(knowledge: "k", to: ["b"])])
        // The timeline's own sends are unchanged: the delivery is the mechanism's, not a step's.
        #expect(c.variant.model.timeline[0].sends == [])
        #expect(c.variant.alerts.isEmpty)
        #expect(c.avoided == [0, 1])
        #expect(c.new == [])
        // The delivery is designed coordination, not a contact that could become an emergent routine.
        #expect(c.variant.emergent.isEmpty)
        let s = c.savings(at: 3)
        #expect(s.avoided == 2 && s.avoidedCritical == 1 && s.avoidedWarning == 1 && s.new == 0)
        #expect(s.patients.map(\.avoided) == [2, 0, 0])
        #expect(s.partners.map(\.avoided) == [2, 2, 0])
        // Before the stranded alert's deadline, nothing is avoided yet.
        #expect(c.savings(at: 1).avoided == 0)
    }

    @Test func anAddedHandoffIsCarriedOutAtItsTriggerOrAtTheSendersNextStepWithinItsWindow() throws {
        let base = try Self.analyze(TestCases.yaml(knowledge: Self.knowledge, timeline: """
          - { day: 1, patient: x, actor: a1, activity: look, produces: [{ knowledge: k, value: "9" }] }
          - { day: 2, patient: y, actor: a1, activity: look }
          - { day: 4, patient: y, actor: a1, activity: act, produces: [{ knowledge: k, value: "3" }] }
          - { day: 20, patient: x, actor: b1, activity: visit }
          - { day: 21, patient: y, actor: b1, activity: visit }

        """), mechanisms: """
          - id: hand
            name: Alpha hands the reading over
            sentence: After every look, Alpha sends the reading to Beta within 5 days.
            changes:
              - add-handoff: { id: k-to-b, from: a, to: b, knowledge: k, trigger: [look], within: 5 }

        """)
        #expect(Self.identities(base.alerts, base) == [
            "stranded-knowledge warning x knowledge:k@1", "stranded-knowledge warning y knowledge:k@3",
            "uninformed-action critical x step:4", "uninformed-action critical y step:5",
        ])
        let c = MechanismComparison(baseline: base, mechanisms: ["hand"])
        // x: Alpha holds the reading at the trigger; y: it produces it two days after the trigger.
        #expect(c.variant.model.timeline.map(\.delivered) == [[Sending(knowledge: "k", to: ["b"])], [], [Sending(knowledge: "k", to: ["b"])], [], []])
        #expect(c.variant.handoffs.map { $0.status(at: 5) } == [.clean, .clean])
        #expect(c.avoided == [0, 1, 2, 3])
        #expect(c.new == [])
    }

    @Test func anAddedHandoffWhoseKnowledgeNeverExistsIsANewOmittedHandoff() throws {
        let base = try Self.analyze(TestCases.yaml(knowledge: Self.knowledge, timeline: """
          - { day: 1, patient: x, actor: a1, activity: look }
          - { day: 20, patient: y, actor: b1, activity: act }

        """), mechanisms: """
          - id: hand
            name: Alpha hands the reading over
            sentence: After every look, Alpha sends the reading to Beta within 5 days.
            changes:
              - add-handoff: { id: k-to-b, from: a, to: b, knowledge: k, trigger: [look], within: 5 }

        """)
        #expect(base.alerts.isEmpty)
        let c = MechanismComparison(baseline: base, mechanisms: ["hand"])
        #expect(c.avoided == [])
        #expect(Self.identities(c.new.map { c.variant.alerts[$0] }, c.variant) == ["omitted-handoff critical x handoff:k-to-b@1"])
        #expect(c.savings(at: 2).new == 1)
        #expect(c.savings(at: 2).patients.map(\.new) == [1, 0, 0])
    }

    @Test func givingADecisionAnOwnerWhoTakesItWhenDueAvoidsTheOwnerlessAlertsAndSavesTheUnneededDays() throws {
        let base = try Self.analyze(TestCases.yaml(therapies: DecisionRuleTests.therapies, decisions: DecisionRuleTests.decision(owner: nil), timeline: """
          - { day: 0, patient: x, actor: a1, activity: start }
          - { day: 45, patient: x, actor: b1, activity: look }
          - { day: 60, patient: x, actor: a1, activity: stop }
          - { day: 61, patient: y, actor: a1, activity: start }
          - { day: 70, patient: y, actor: a1, activity: review }

        """), mechanisms: """
          - id: owner
            name: A named reviewer
            sentence: Beta's reviewer owns the review and takes it on time.
            changes:
              - owner: { decision: rev, role: rb }

        """)
        #expect(Self.identities(base.alerts, base) == [
            "ownerless-decision warning x decision:rev@1", "ownerless-decision critical x decision:rev@1",
            "ownerless-decision warning x decision:rev@1", "ownerless-decision warning y decision:rev@4",
        ])
        #expect(base.state(at: 5).unneeded(patient: 0).days == 29)
        let c = MechanismComparison(baseline: base, mechanisms: ["owner"])
        #expect(c.variant.model.decisions[0].owner == "rb")
        #expect(c.variant.alerts.isEmpty)
        #expect(c.avoided == [0, 1, 2, 3])
        #expect(c.new == [])
        // Taken by its owner when due (the deadline fires at step 2), not at the later stop.
        #expect(c.variant.decisions[0].decidedStep == 2)
        #expect(c.variant.decisions[0].decidedByOwner == true)
        #expect(c.variant.decisions[0].status(at: 5) == .decided)
        let s = c.savings(at: 5)
        #expect(s.daysSaved == 29)
        #expect(s.costSaved == 290)
        #expect(s.patients.map(\.daysSaved) == [29, 0, 0])
        #expect(c.savings(at: 2).daysSaved == 14)
    }

    @Test func aRoutineInForceFromDayZeroAvoidsItsEmergentAlertsAndFailsWhereItsStepsDoNotHappen() throws {
        let base = try Self.analyze(TestCases.yaml(routines: """
          - id: calls
            name: Alpha calls Beta, Beta visits
            in-force: false
            steps:
              - { partner: a, activity: call }
              - { partner: b, activity: visit, within: 7 }

        """, timeline: """
          - { day: 1, patient: x, actor: a1, activity: call, contacts: [b] }
          - { day: 3, patient: x, actor: b1, activity: visit }
          - { day: 10, patient: y, actor: a1, activity: call, contacts: [b] }
          - { day: 30, patient: y, actor: b1, activity: act }
          - { day: 40, actors: [a1, b1], activity: act, formalizes: calls }

        """), mechanisms: """
          - id: protocol
            name: The calling protocol from day 0
            sentence: Alpha calls Beta and Beta visits within a week, from the start.
            changes:
              - in-force: { routine: calls }

        """)
        #expect(Self.identities(base.alerts, base) == [
            "emergent-routine info y pattern:a/call/b/-",
            "emergent-routine info - pattern:a/call/b/-:formalised",
        ])
        let c = MechanismComparison(baseline: base, mechanisms: ["protocol"])
        #expect(c.variant.model.routines[0].inForce)
        #expect(c.variant.model.timeline[4].formalizes == nil)
        #expect(c.avoided == [0, 1])
        // Yolanda's visit never happens: the routine, now in force, is overdue for her.
        #expect(Self.identities(c.new.map { c.variant.alerts[$0] }, c.variant) == ["routine-deviation warning y routine:calls@3#1"])
    }

    @Test func anAlertThatMovesStepIsTheSameAlertNeitherAvoidedNorNew() throws {
        let yaml = TestCases.yaml(knowledge: Self.knowledge, timeline: """
          - { day: 1, patient: x, actor: a1, activity: look, produces: [{ knowledge: k, value: "9" }] }
          - { day: 10, patient: y, actor: a1, activity: look }
          - { day: 30, patient: y, actor: a1, activity: look }

        """)
        var shorter = try TestCases.analyze(yaml).model
        shorter.knowledge[0].shareWithin = 5
        let base = Analysis(validated: shorter)
        var longer = base.model
        longer.knowledge[0].shareWithin = 20
        let variant = Analysis(validated: longer)
        #expect(base.alerts.map(\.step) == [2])
        #expect(variant.alerts.map(\.step) == [3])
        let c = MechanismComparison(baseline: base, variant: variant, mechanisms: [])
        #expect(c.avoided == [] && c.new == [])
        #expect(c.moved.map { [$0.baseline, $0.variant] } == [[0, 0]])
    }

    @Test func applyingNothingOrAnUnknownIdLeavesTheCaseAsItIs() throws {
        let model = BuiltinCase.model
        #expect(model.applying(mechanisms: []) == model)
        #expect(model.applying(mechanisms: ["no-such"]) == model)
        #expect(model.unknownMechanisms(["shared-record", "no-such"]) == ["no-such"])
    }
}

/// The built-in case's mechanisms answer the article's failures: exactly these alerts go.
@Suite("Mechanisms of the built-in case")
struct BuiltinMechanismTests {
    static let baseline = Analysis(validated: BuiltinCase.model)

    static func avoided(_ ids: [String]) -> (avoided: [String], new: [String], savings: MechanismSavings) {
        let c = MechanismComparison(baseline: baseline, mechanisms: ids)
        return (c.avoided.map { AlertIdentity(c.baseline.alerts[$0]).text(in: c.baseline) },
                c.new.map { AlertIdentity(c.variant.alerts[$0]).text(in: c.variant) }, c.savings(at: baseline.stepCount))
    }

    /// The step (1-based) of the built-in case at which `patient` does `activity` (the first such).
    static func step(_ patient: String, _ activity: String) -> Int {
        BuiltinCase.model.timeline.firstIndex { $0.patient == patient && $0.activity == activity }! + 1
    }

    @Test func theBuiltInCaseDeclaresTheMechanismsTheArticleCallsFor() {
        #expect(BuiltinCase.model.mechanisms.map(\.id) == ["shared-record", "use-report", "named-reviewer", "call-protocol"])
        #expect(BuiltinCase.model.mechanisms[0].changes == [.share(knowledge: "home-obs", within: 2)])
        #expect(BuiltinCase.model.mechanisms[2].changes == [.owner(decision: "review-discharge-o2", role: "pulmonologist")])
    }

    @Test func aSharedCareRecordAvoidsTheStrandedHomeObservations() {
        let r = Self.avoided(["shared-record"])
        let joan = Self.step("joan", "nurse-visit"), maria = Self.step("maria", "nurse-visit")
        #expect(r.avoided == ["stranded-knowledge warning joan knowledge:home-obs@\(joan)", "stranded-knowledge warning maria knowledge:home-obs@\(maria)"])
        #expect(r.new == [])
        #expect(r.savings.daysSaved == 0 && r.savings.costSaved == 0)
        #expect(r.savings.partners.filter { $0.avoided > 0 }.map(\.id) == ["primary", "company"])
    }

    @Test func theTechniciansUseReportAvoidsTheStrandedHourMeterReadings() {
        let r = Self.avoided(["use-report"])
        let joan = Self.step("joan", "nurse-visit"), maria = Self.step("maria", "nurse-visit")
        #expect(r.avoided == ["stranded-knowledge warning joan knowledge:hour-meter@\(joan)", "stranded-knowledge warning maria knowledge:hour-meter@\(maria)"])
        #expect(r.new == [])
    }

    @Test func aNamedReviewerAvoidsTheOwnerlessDecisionAndSavesMariasUnneededDays() {
        let r = Self.avoided(["named-reviewer"])
        let opened = Self.step("maria", "discharge-o2")
        let id = "maria decision:review-discharge-o2@\(opened)"
        #expect(r.avoided == ["ownerless-decision warning \(id)", "ownerless-decision critical \(id)", "ownerless-decision warning \(id)"])
        #expect(r.new == [])
        // Due by day 93, stopped on day 140: days 94 to 139 at 5.20 EUR.
        #expect(r.savings.daysSaved == 46)
        #expect(r.savings.costSaved == 239.2)
        #expect(r.savings.patients.map(\.daysSaved) == [0, 46, 0])
        #expect(r.savings.partners.filter { $0.avoided > 0 }.map(\.id) == ["hospital"])
    }

    @Test func theCallProtocolFromDayZeroAvoidsTheEmergentRoutineAndShowsTheCallsNotFollowedByAVisit() {
        let r = Self.avoided(["call-protocol"])
        #expect(r.avoided == ["emergent-routine info pere pattern:company/phone-gp/primary/-",
                              "emergent-routine info - pattern:company/phone-gp/primary/-:formalised"])
        #expect(r.new == ["routine-deviation warning pere routine:tech-calls-gp@\(Self.step("pere", "phone-gp"))#1",
                          "routine-deviation warning maria routine:tech-calls-gp@\(Self.step("maria", "phone-gp"))#1"])
    }

    @Test func theCompareTableAgreesWithEachComparison() {
        let table = MechanismTable(baseline: Self.baseline)
        #expect(table.rows.map(\.id) == ["baseline", "shared-record", "use-report", "named-reviewer", "call-protocol", "all"])
        let base = table.rows[0]
        #expect([base.critical, base.warning, base.info] == [5, 8, 2])
        #expect(base.unneededDays == 46 && base.unneededCost == 239.2)
        for row in table.rows.dropFirst() {
            let c = MechanismComparison(baseline: Self.baseline, mechanisms: row.mechanisms)
            let s = c.savings(at: Self.baseline.stepCount)
            #expect(row.avoided == s.avoided && row.new == s.new && row.daysSaved == s.daysSaved && row.costSaved == s.costSaved)
            // Raised in the variant = raised in the baseline - avoided + new.
            #expect(row.critical + row.warning + row.info == base.critical + base.warning + base.info - row.avoided + row.new)
            #expect(row.unneededDays == base.unneededDays - row.daysSaved)
        }
        // All together: what each avoids alone, and two more: the GP's uninformed visits (Joan's and
        // Maria's) need both the home observations and the hour-meter readings, so only the shared
        // record and the use report together avoid them.
        let all = table.rows.last!, singles = table.rows.dropFirst().dropLast()
        #expect(all.mechanisms == BuiltinCase.model.mechanisms.map(\.id))
        #expect(all.avoided == singles.reduce(0) { $0 + $1.avoided } + 2)
        #expect(all.new == singles.reduce(0) { $0 + $1.new })
        #expect(all.daysSaved == 46)
    }
}
