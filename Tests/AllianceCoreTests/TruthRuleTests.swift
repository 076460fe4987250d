import AllianceCore
import Testing

/// Every alert and figure is true (issue 6, section C): rule tests with near misses.

@Suite("A send that fulfils an expected handoff is designed, not emergent")
struct HandoffSendIsDesignedTests {
    static let knowledge = "  - { id: rx, label: prescription }\n  - { id: obs, label: observation }\n"
    static let handoffs = "  - { id: rx-to-b, from: a, to: b, knowledge: rx, trigger: [act], within: 3 }\n"

    func analyze(_ timeline: String) throws -> Analysis {
        try TestCases.analyze(TestCases.yaml(knowledge: Self.knowledge, handoffs: Self.handoffs, timeline: timeline))
    }

    @Test func aLaterSendByAnotherActivityThatMakesTheHandoffCleanIsNotEmergent() throws {
        let a = try analyze("""
          - { day: 0, patient: x, actor: a1, activity: act, produces: [{ knowledge: rx, value: 2 L/min }] }
          - { day: 1, patient: x, actor: a1, activity: call, sends: [{ knowledge: rx, to: b }] }
          - { day: 2, patient: y, actor: a1, activity: act, produces: [{ knowledge: rx, value: 1 L/min }] }
          - { day: 3, patient: y, actor: a1, activity: call, sends: [{ knowledge: rx, to: b }] }

        """)
        #expect(a.handoffs.map { $0.status(at: 4) } == [.clean, .clean])
        #expect(a.emergent.isEmpty)
        #expect(a.fired(.emergentRoutine).isEmpty)
    }

    @Test func aSendThatMakesAnOmittedHandoffLateIsNotEmergentEither() throws {
        let a = try analyze("""
          - { day: 0, patient: x, actor: a1, activity: act, produces: [{ knowledge: rx }] }
          - { day: 1, patient: y, actor: a1, activity: act, produces: [{ knowledge: rx }] }
          - { day: 9, patient: x, actor: a1, activity: call, sends: [{ knowledge: rx, to: b }] }
          - { day: 9, patient: y, actor: a1, activity: call, sends: [{ knowledge: rx, to: b }] }

        """)
        #expect(a.handoffs.map { $0.status(at: 4) } == [.late, .late])
        #expect(a.fired(.lateHandoff) == [AlertHit(patient: "x", step: 3, day: 9), AlertHit(patient: "y", step: 4, day: 9)])
        #expect(a.fired(.emergentRoutine).isEmpty)
    }

    @Test func nearMissASendThatFulfilsNothingStillCountsAsAnEmergentContact() throws {
        // The same call, but it carries the observation, not the prescription the handoff expects.
        let a = try analyze("""
          - { day: 0, patient: x, actor: a1, activity: act, produces: [{ knowledge: rx }, { knowledge: obs }] }
          - { day: 1, patient: x, actor: a1, activity: call, sends: [{ knowledge: obs, to: b }] }
          - { day: 2, patient: y, actor: a1, activity: act, produces: [{ knowledge: rx }, { knowledge: obs }] }
          - { day: 3, patient: y, actor: a1, activity: call, sends: [{ knowledge: obs, to: b }] }

        """)
        #expect(a.handoffs.map { $0.status(at: 4) } == [.pending, .pending])
        let emergent = a.alerts.filter { $0.rule == .emergentRoutine }
        #expect(emergent.map(\.message) == [
            "New routine: Alpha calls, reaching Beta, seen 2 times across 2 patients (Xavi, Yolanda); no designed routine or handoff covers it",
        ])
        #expect(emergent.map(\.partners) == [[0, 1]])
    }

    @Test func nearMissARelayByAThirdPartnerIsNotCoveredByTheHandoff() throws {
        // Gamma passes Alpha's prescription on to Beta: the handoff is fulfilled, but the
        // contact Gamma → Beta is nobody's design.
        let a = try analyze("""
          - { day: 0, patient: x, actor: a1, activity: act, produces: [{ knowledge: rx }], sends: [{ knowledge: rx, to: c }] }
          - { day: 1, patient: x, actor: c1, activity: call, sends: [{ knowledge: rx, to: b }] }
          - { day: 2, patient: y, actor: a1, activity: act, produces: [{ knowledge: rx }], sends: [{ knowledge: rx, to: c }] }
          - { day: 3, patient: y, actor: c1, activity: call, sends: [{ knowledge: rx, to: b }] }

        """)
        #expect(a.handoffs.map { $0.status(at: 4) } == [.clean, .clean])
        #expect(a.alerts.filter { $0.rule == .emergentRoutine }.map(\.message) == [
            "New routine: Alpha acts, reaching Gamma, seen 2 times across 2 patients (Xavi, Yolanda); no designed routine or handoff covers it",
            "New routine: Gamma calls, reaching Beta, seen 2 times across 2 patients (Xavi, Yolanda); no designed routine or handoff covers it",
        ])
    }

    @Test func nearMissASendToAPartnerWhoseHandoffIsAlreadyCleanIsEmergent() throws {
        // The handoff was fulfilled at the trigger; the later calls fulfil nothing.
        let a = try analyze("""
          - { day: 0, patient: x, actor: a1, activity: act, produces: [{ knowledge: rx }, { knowledge: obs }], sends: [{ knowledge: rx, to: b }] }
          - { day: 1, patient: x, actor: a1, activity: call, sends: [{ knowledge: obs, to: b }] }
          - { day: 2, patient: y, actor: a1, activity: act, produces: [{ knowledge: rx }, { knowledge: obs }], sends: [{ knowledge: rx, to: b }] }
          - { day: 3, patient: y, actor: a1, activity: call, sends: [{ knowledge: obs, to: b }] }

        """)
        #expect(a.handoffs.map { $0.status(at: 4) } == [.clean, .clean])
        #expect(a.fired(.emergentRoutine) == [AlertHit(patient: "y", step: 4, day: 3)])
    }
}

@Suite("Decisions: ownerless-decision is no owner; overdue-decision is an owner who did not decide")
struct OverdueDecisionTests {
    static let therapies = "  - { id: o2, label: home oxygen, starts-on: [start], ends-on: [stop], cost-per-day: cost-per-therapy-day }\n"

    static func decision(owner: String?, unneeded: Bool = true) -> String {
        """
          - id: rev
            label: review the therapy
            opens-on: [start]
        \(owner.map { "    owner: \($0)\n" } ?? "")    due-within: 30
            closes-on: [review, stop]
            overdue-days-unneeded: \(unneeded)

        """
    }

    @Test func anOwnerWhoDoesNotDecideByTheDueDateRaisesOverdueDecision() throws {
        let a = try TestCases.analyze(TestCases.yaml(therapies: Self.therapies, decisions: Self.decision(owner: "rb"), timeline: """
          - { day: 0, patient: x, actor: a1, activity: start }
          - { day: 31, patient: y, actor: c1, activity: look }
          - { day: 40, patient: x, actor: b1, activity: review }

        """))
        #expect(a.fired(.ownerlessDecision).isEmpty)
        // Taken by its owner on day 40: the overdue alert resolves into a record of lateness.
        #expect(a.fired(.overdueDecision) == [AlertHit(patient: "x", step: 2, day: 30), AlertHit(patient: "x", step: 3, day: 40)])
        #expect(a.alerts[1].message == "The decision to review the therapy for Xavi was taken on day 40, 10 days late (due by day 30)")
        #expect(a.alerts[1].evidence == ["taken on day 40 (step 3) by Bob (Beta), in the owner's role (rb)"])
        #expect(a.alerts[1].severity == .warning)
        let alert = try #require(a.alerts.first)
        #expect(alert.severity == .critical)
        #expect(alert.message == "The decision to review the therapy for Xavi was due by day 30 and is still open: its owner, the rb at Beta, has not taken it; each further day of home oxygen counts as unneeded")
        #expect(alert.partners == [1])
        #expect(alert.evidence == ["opened at step 1 (day 0) by Ann (Alpha), due within 30 days"])
        #expect(alert.clearedStep == 3)
        // Due by the end of day 30: days 31 to 40 (9 days) are unneeded.
        #expect(a.state(at: 3).unneeded(patient: 0).days == 9)
    }

    @Test func withoutUnneededDaysTheSentenceStopsAtTheOwner() throws {
        let a = try TestCases.analyze(TestCases.yaml(therapies: Self.therapies, decisions: Self.decision(owner: "rc", unneeded: false), timeline: """
          - { day: 0, patient: x, actor: a1, activity: start }
          - { day: 31, patient: x, actor: b1, activity: look }

        """))
        #expect(a.alerts.map(\.message) == ["The decision to review the therapy for Xavi was due by day 30 and is still open: its owner, the rc at Gamma, has not taken it"])
        #expect(a.alerts.map(\.rule) == [.overdueDecision])
        #expect(a.alerts.map(\.partners) == [[2]])
    }

    @Test func nearMissTheOwnerDecidingOnTheDueDayRaisesNothing() throws {
        let a = try TestCases.analyze(TestCases.yaml(therapies: Self.therapies, decisions: Self.decision(owner: "rb"), timeline: """
          - { day: 0, patient: x, actor: a1, activity: start }
          - { day: 30, patient: x, actor: b1, activity: review }
          - { day: 60, patient: y, actor: c1, activity: look }

        """))
        #expect(a.alerts.isEmpty)
    }

    @Test func nearMissNoOwnerPastTheDueDateIsStillOwnerless() throws {
        let a = try TestCases.analyze(TestCases.yaml(therapies: Self.therapies, decisions: Self.decision(owner: nil), timeline: """
          - { day: 0, patient: x, actor: c1, activity: start }
          - { day: 31, patient: y, actor: a1, activity: look }

        """))
        #expect(a.fired(.overdueDecision).isEmpty)
        #expect(a.alerts.map(\.rule) == [.ownerlessDecision, .ownerlessDecision])
        #expect(a.alerts.map(\.severity) == [.warning, .critical])
        #expect(a.alerts[1].message == "The decision to review the therapy for Xavi was due by day 30 and is still open: nobody owns it; each further day of home oxygen counts as unneeded")
        // Nobody owns it: it concerns Gamma, whose step opened it.
        #expect(a.alerts.map(\.partners) == [[2], [2]])
    }
}

@Suite("A handoff instance is fulfilled only by an item produced for it")
struct SupersededHandoffTests {
    static let knowledge = "  - { id: rx, label: prescription }\n"
    static let handoffs = "  - { id: rx-to-b, from: a, to: b, knowledge: rx, trigger: [act], within: 2 }\n"

    func analyze(_ timeline: String) throws -> Analysis {
        try TestCases.analyze(TestCases.yaml(knowledge: Self.knowledge, handoffs: Self.handoffs, timeline: timeline))
    }

    @Test func anOmittedInstanceStaysOmittedWhenTheNextInstancesItemArrives() throws {
        let a = try analyze("""
          - { day: 0, patient: x, actor: a1, activity: act, produces: [{ knowledge: rx, value: first }] }
          - { day: 5, patient: y, actor: c1, activity: look }
          - { day: 10, patient: x, actor: a1, activity: act, produces: [{ knowledge: rx, value: second }], sends: [{ knowledge: rx, to: b }] }

        """)
        #expect(a.handoffs.map { $0.status(at: 3) } == [.omitted, .clean])
        #expect(a.handoffs[0].supersededStep == 3)
        #expect(a.handoffs[0].receivedStep == nil)
        #expect(a.fired(.lateHandoff).isEmpty)
        let omitted = try #require(a.alerts.first { $0.rule == .omittedHandoff })
        #expect(omitted.message == "Prescription from Alpha to Beta for Xavi was due by day 2 and never sent")
        // Beta now holds the newer prescription: it lacks nothing, so the alert is resolved; the handoff stays omitted.
        #expect(omitted.clearedStep == 3)
        let report = AnalysisReport(a.state(at: 3))
        #expect(report.handoffs.map(\.status) == [.omitted, .clean])
        #expect(report.handoffs[0].supersededDay == 10)
        #expect(report.handoffs[0].supersededStep == 3)
        #expect(report.handoffs[1].supersededDay == nil)
        let h = report.metrics.handoffs
        #expect([h.clean, h.late, h.omitted, h.pending] == [1, 0, 1, 0])
        let text = ReportRenderer.render(report, as: .text)
        #expect(text.contains("  ⊘ omitted (never sent; superseded on day 10)  Xavi     Alpha → Beta  rx         1     2        —\n"))
    }

    @Test func aPendingInstanceSupersededBeforeItsDeadlineIsOmittedThereWithTheReason() throws {
        let a = try analyze("""
          - { day: 0, patient: x, actor: a1, activity: act, produces: [{ knowledge: rx, value: first }] }
          - { day: 1, patient: x, actor: a1, activity: act, produces: [{ knowledge: rx, value: second }], sends: [{ knowledge: rx, to: b }] }
          - { day: 5, patient: y, actor: c1, activity: look }

        """)
        #expect(a.handoffs.map { $0.status(at: 2) } == [.pending, .clean])
        #expect(a.handoffs.map { $0.status(at: 3) } == [.omitted, .clean])
        let omitted = try #require(a.alerts.first { $0.rule == .omittedHandoff })
        #expect(omitted.evidence == [
            "handoff #0 'rx-to-b' triggered at step 1 (day 0)",
            "expected within 2 days after Ann (Alpha) acts",
            "never sent; superseded on day 1 (step 2), when the same handoff was triggered again",
        ])
        // Raised and resolved at once: Beta already holds the newer prescription.
        #expect(omitted.step == 3)
        #expect(omitted.clearedStep == 3)
    }

    @Test func nearMissItsOwnItemArrivingLateMakesItLate() throws {
        let a = try analyze("""
          - { day: 0, patient: x, actor: a1, activity: act, produces: [{ knowledge: rx, value: first }] }
          - { day: 5, patient: x, actor: a1, activity: call, sends: [{ knowledge: rx, to: b }] }
          - { day: 10, patient: x, actor: a1, activity: act, produces: [{ knowledge: rx, value: second }], sends: [{ knowledge: rx, to: b }] }

        """)
        #expect(a.handoffs.map { $0.status(at: 3) } == [.late, .clean])
        #expect(a.handoffs[0].supersededStep == nil)
        #expect(a.fired(.lateHandoff) == [AlertHit(patient: "x", step: 2, day: 5)])
    }

    @Test func theItemCurrentAtTheTriggerCountsEvenIfProducedBefore() throws {
        // Decision (DECISIONS.md): a handoff may carry knowledge produced before its trigger
        // (a test result handed over at discharge): the item current at the trigger counts.
        let a = try analyze("""
          - { day: 0, patient: x, actor: a1, activity: look, produces: [{ knowledge: rx, value: earlier }] }
          - { day: 1, patient: x, actor: a1, activity: act }
          - { day: 2, patient: x, actor: a1, activity: call, sends: [{ knowledge: rx, to: b }] }
          - { day: 3, patient: y, actor: a1, activity: look, produces: [{ knowledge: rx }], sends: [{ knowledge: rx, to: b }] }
          - { day: 4, patient: y, actor: a1, activity: act }

        """)
        #expect(a.handoffs.map { $0.status(at: 5) } == [.clean, .clean])
        #expect(a.handoffs[0].receivedStep == 3)
        #expect(a.handoffs[1].receivedStep == 5)  // already there at the trigger
    }

    @Test func nearMissHoldingOnlyAnOlderItemAtTheTriggerIsNotAlreadyThere() throws {
        let a = try analyze("""
          - { day: 0, patient: x, actor: a1, activity: look, produces: [{ knowledge: rx, value: old }], sends: [{ knowledge: rx, to: b }] }
          - { day: 1, patient: x, actor: a1, activity: look, produces: [{ knowledge: rx, value: current }] }
          - { day: 2, patient: x, actor: a1, activity: act }
          - { day: 9, patient: y, actor: c1, activity: look }

        """)
        #expect(a.handoffs.map { $0.status(at: 3) } == [.pending])
        #expect(a.handoffs.map { $0.status(at: 4) } == [.omitted])
    }

    @Test func pereFirstHospitalReportStaysOmittedAndHisReviewReportIsClean() throws {
        let a = Analysis(validated: BuiltinCase.model)
        let m = a.model
        let pere = try #require(m.patients.firstIndex { $0.id == "pere" })
        func step(activity: String, day: Int) throws -> Int {
            try #require(a.patientSteps(pere).first { a.activity(ofStep: $0).map { m.activities[$0].id } == activity && a.day(of: a.time(ofStep: $0)) == day })
        }
        let prescribe = try step(activity: "prescribe-o2", day: 17), review = try step(activity: "review-o2", day: 56)
        let end = a.state(at: a.stepCount)
        let reports = end.handoffs(patient: pere).filter { m.handoffs[$0.instance.spec].id == "report-to-gp" }
        #expect(reports.map(\.instance.triggerStep) == [prescribe, review])
        #expect(reports.map(\.status) == [.omitted, .clean])
        #expect(reports[0].instance.supersededStep == review)
        #expect(reports[0].instance.receivedStep == nil)
        #expect(!a.alerts.contains { $0.rule == .lateHandoff && $0.patient == pere })
        let omitted = try #require(a.alerts.first { $0.rule == .omittedHandoff && $0.patient == pere })
        #expect(omitted.message == "Hospital report from Hospital Litoral to Primary care for Pere Casals was due by day 31 and never sent")
        #expect(omitted.clearedStep == review)  // the GP now holds the review's report
    }
}

@Suite("The knowledge matrix agrees with the alerts")
struct MatrixAgreesWithAlertsTests {
    static let lackRules: Set<AlertRule> = [.uninformedAction, .unawarePartner, .strandedKnowledge, .omittedHandoff]

    /// At every step: each open lack of an active alert shows the partner lacking that
    /// knowledge (missing, or only an older version); and every such alert states a lack.
    static func checkEveryStep(_ a: Analysis, _ name: String) -> Int {
        var checked = 0
        for k in 0...a.stepCount {
            let state = a.state(at: k)
            for alert in state.activeAlerts where lackRules.contains(alert.rule) {
                #expect(!alert.lacks.isEmpty, "\(name) step \(k): \(alert.rule) states no lack")
                let x = alert.patient!
                for lack in alert.lacks where lack.isOpen(at: k) {
                    let cell = state.knowledgeCell(patient: x, partner: lack.partner, knowledge: lack.knowledge)
                    let exists = state.latestItem(patient: x, knowledge: lack.knowledge) != nil
                    var ok = cell == .missing(exists: exists)
                    if case .outdated = cell { ok = true }
                    #expect(ok, "\(name) step \(k): \(alert.rule) says \(a.partnerName(lack.partner)) lacks \(a.knowledgeLabel(lack.knowledge)) of \(a.patientName(x)); the matrix shows \(cell)")
                    checked += 1
                }
                #expect(alert.lacks.contains { $0.isOpen(at: k) }, "\(name) step \(k): active \(alert.rule) with every lack resolved")
            }
        }
        return checked
    }

    @Test func atEveryStepOfTheBuiltInCase() {
        #expect(Self.checkEveryStep(Analysis(validated: BuiltinCase.model), "built-in") > 20)
    }

    @Test func atEveryStepOfAGeneratedCase() throws {
        #expect(Self.checkEveryStep(try Analysis(SyntheticCase.make(patients: 30, steps: 900, seed: 11)), "synthetic") > 100)
    }

    @Test func atEveryStepOfTheCaseFromAnotherSector() throws {
        #expect(Self.checkEveryStep(try SecondCaseTests.load("school-to-work.yaml"), "school-to-work") > 5)
    }

    @Test func theGPUnawareOfPeresOxygenShowsItMissing() throws {
        let a = Analysis(validated: BuiltinCase.model)
        let m = a.model
        let pere = try #require(m.patients.firstIndex { $0.id == "pere" })
        let primary = try #require(a.partnerIndex("primary")), rx = try #require(m.knowledge.firstIndex { $0.id == "rx" })
        let visit = try #require(a.patientSteps(pere).first { a.activity(ofStep: $0).map { m.activities[$0].id } == "gp-visit" && a.day(of: a.time(ofStep: $0)) == 24 })
        let state = a.state(at: visit)
        #expect(state.alertsRaisedNow.map(\.rule) == [.unawarePartner])
        #expect(state.knowledgeCell(patient: pere, partner: primary, knowledge: rx) == .missing(exists: true))
        let cell = AnalysisReport(state).patients[pere].knowledge[rx].cells[primary]
        #expect([cell.partner, cell.status] == ["primary", "missing"])
        #expect(cell.value == nil)
        // Before the therapy starts, the GP does not need the prescription.
        let install = try #require(a.patientSteps(pere).first { a.activity(ofStep: $0).map { m.activities[$0].id } == "install" })
        #expect(a.state(at: install - 1).knowledgeCell(patient: pere, partner: primary, knowledge: rx) == .notNeeded)
    }

    @Test func aResponsiblePartnerNeedsTheAwarenessKnowledgeOnlyWhileTheTherapyRuns() throws {
        let a = try TestCases.analyze(TestCases.yaml(
            knowledge: "  - { id: rx, label: prescription }\n",
            therapies: "  - { id: o2, label: home oxygen, starts-on: [start], ends-on: [stop], awareness: rx, aware-within: 30 }\n",
            timeline: """
              - { day: 0, patient: x, actor: a1, activity: act, produces: [{ knowledge: rx }] }
              - { day: 1, patient: x, actor: c1, activity: start }
              - { day: 5, patient: x, actor: c1, activity: stop }

            """))
        // b is responsible for x (TestCases); c is not.
        #expect(a.state(at: 1).knowledgeCell(patient: 0, partner: 1, knowledge: 0) == .notNeeded)
        #expect(a.state(at: 2).knowledgeCell(patient: 0, partner: 1, knowledge: 0) == .missing(exists: true))
        #expect(a.state(at: 2).knowledgeCell(patient: 0, partner: 2, knowledge: 0) == .notNeeded)
        #expect(a.state(at: 3).knowledgeCell(patient: 0, partner: 1, knowledge: 0) == .notNeeded)
    }

    @Test func aPartnerAnAlertSaysLacksSomethingItDoesNotDeclareNeedingShowsItMissing() throws {
        // rx has no needed-by: only the omitted handoff says Beta lacks it.
        let a = try TestCases.analyze(TestCases.yaml(
            knowledge: "  - { id: rx, label: prescription }\n",
            handoffs: "  - { id: rx-to-b, from: a, to: b, knowledge: rx, trigger: [act], within: 2 }\n",
            timeline: """
              - { day: 0, patient: x, actor: a1, activity: act, produces: [{ knowledge: rx }] }
              - { day: 3, patient: y, actor: c1, activity: look }
              - { day: 4, patient: x, actor: a1, activity: call, sends: [{ knowledge: rx, to: b }] }
              - { day: 5, patient: y, actor: a1, activity: act }
              - { day: 9, patient: z, actor: c1, activity: look }

            """))
        #expect(a.state(at: 1).knowledgeCell(patient: 0, partner: 1, knowledge: 0) == .notNeeded)  // pending: not yet lacking
        #expect(a.state(at: 2).knowledgeCell(patient: 0, partner: 1, knowledge: 0) == .missing(exists: true))
        guard case .held = a.state(at: 3).knowledgeCell(patient: 0, partner: 1, knowledge: 0) else {
            Issue.record("Beta should hold the prescription once it arrived")
            return
        }
        // Yolanda's prescription was never produced: not yet produced (○), not missing (✗).
        #expect(a.state(at: 5).knowledgeCell(patient: 1, partner: 1, knowledge: 0) == .missing(exists: false))
        let cells = AnalysisReport(a.state(at: 5)).patients[1].knowledge[0].cells
        #expect(cells.map(\.status) == ["not-needed", "not-yet-produced", "not-needed"])
        let text = ReportRenderer.render(AnalysisReport(a.state(at: 5)), as: .text)
        #expect(text.contains("\n  knowledge  Alpha  Beta  Gamma\n  rx         ·      ○     ·\n"))
    }

    @Test func nothingIsStrandedWhenTheNeedingPartnerAlreadyHoldsANewerItem() throws {
        let knowledge = "  - { id: obs, label: observation, share-within: 3, needed-by: [{ partner: b, for: [visit] }] }\n"
        let a = try TestCases.analyze(TestCases.yaml(knowledge: knowledge, timeline: """
          - { day: 0, patient: x, actor: a1, activity: look, produces: [{ knowledge: obs, value: first }] }
          - { day: 1, patient: x, actor: a1, activity: look, produces: [{ knowledge: obs, value: second }], sends: [{ knowledge: obs, to: b }] }
          - { day: 9, patient: y, actor: c1, activity: look }

        """))
        #expect(a.fired(.strandedKnowledge).isEmpty)
        // Near miss: sent to nobody, the newest one is stranded (only the newest: the older one
        // no longer concerns anybody).
        let b = try TestCases.analyze(TestCases.yaml(knowledge: knowledge, timeline: """
          - { day: 0, patient: x, actor: a1, activity: look, produces: [{ knowledge: obs, value: first }] }
          - { day: 1, patient: x, actor: a1, activity: look, produces: [{ knowledge: obs, value: second }] }
          - { day: 9, patient: y, actor: c1, activity: look }

        """))
        #expect(b.alerts.map(\.message) == [
            "Observation \"second\" about Xavi has stayed with Alpha since day 1; Beta needs it",
        ])
        #expect(b.alerts.map { $0.lacks.map(\.partner) } == [[1]])
    }

    @Test func anUninformedActionIsResolvedWhenThePartnerGetsWhatItLacked() throws {
        let a = try TestCases.analyze(TestCases.yaml(
            knowledge: "  - { id: obs, label: observation, needed-by: [{ partner: b, for: [visit] }] }\n  - { id: note, label: note, needed-by: [{ partner: b, for: [visit] }] }\n",
            timeline: """
              - { day: 0, patient: x, actor: a1, activity: look, produces: [{ knowledge: obs, value: low }, { knowledge: note, value: n }] }
              - { day: 1, patient: x, actor: b1, activity: visit }
              - { day: 2, patient: x, actor: a1, activity: call, sends: [{ knowledge: obs, to: b }] }
              - { day: 3, patient: x, actor: a1, activity: call, sends: [{ knowledge: note, to: b }] }

            """))
        let alert = try #require(a.alerts.first { $0.rule == .uninformedAction })
        #expect(alert.message == "Xavi: Bob (Beta) visits without the observation \"low\", held by Alpha since day 0 and the note \"n\", held by Alpha since day 0")
        #expect(alert.lacks.map(\.resolvedStep) == [3, 4])
        #expect(alert.clearedStep == 4)
        #expect(a.state(at: 3).isActive(alert))
    }
}

@Suite("Figures and reports tell the whole truth")
struct ReportTruthTests {
    @Test func metricsCountOverdueRoutineSteps() throws {
        let a = try TestCases.analyze(TestCases.yaml(routines: """
          - id: path
            name: Pathway
            steps:
              - { partner: a, activity: act }
              - { partner: b, activity: look, within: 5 }

        """, timeline: """
          - { day: 0, patient: x, actor: a1, activity: act }
          - { day: 0, patient: y, actor: a1, activity: act }
          - { day: 3, patient: y, actor: b1, activity: look }
          - { day: 9, patient: z, actor: c1, activity: visit }

        """))
        let m = AnalysisReport(a.state(at: 4)).metrics
        #expect([m.routineStepsDue, m.routineStepsOnTime, m.routineStepsLate, m.routineStepsSkipped, m.routineStepsOverdue] == [4, 3, 0, 0, 1])
        let text = ReportRenderer.render(AnalysisReport(a.state(at: 4)), as: .text)
        #expect(text.contains("  routine steps: 3 of 4 due on time; 0 late, 0 skipped, 1 overdue\n"))
        // Near miss: before the deadline, the pending step is not yet due.
        let before = ReportRenderer.render(AnalysisReport(a.state(at: 3)), as: .text)
        #expect(before.contains("  routine steps: 3 of 3 due on time; 0 late, 0 skipped, 0 overdue\n"))
    }

    @Test func textAndMarkdownListEveryAlertRaisedWithItsStatus() throws {
        let a = try TestCases.analyze(TestCases.yaml(
            knowledge: "  - { id: rx, label: prescription }\n",
            handoffs: "  - { id: rx-to-b, from: a, to: b, knowledge: rx, trigger: [act], within: 2 }\n",
            timeline: """
              - { day: 0, patient: x, actor: a1, activity: act, produces: [{ knowledge: rx }] }
              - { day: 4, patient: x, actor: c1, activity: look }
              - { day: 5, patient: x, actor: a1, activity: call, sends: [{ knowledge: rx, to: b }] }

            """))
        let report = AnalysisReport(a.state(at: 3))
        #expect(report.alerts.map(\.active) == [true, false])
        let text = ReportRenderer.render(report, as: .text)
        #expect(text.contains("""
        Alerts: 1 active, 2 raised so far
        ---------------------------------

          ▲ late-handoff (step 3, day 5) · active · Alpha, Beta
            Prescription from Alpha to Beta for Xavi arrived on day 5, 3 days late (due by day 2)
          ! omitted-handoff (step 2, day 2) · resolved at step 3 · Alpha, Beta
            Prescription from Alpha to Beta for Xavi was due by day 2 and never sent

        """))
        let markdown = ReportRenderer.render(report, as: .markdown)
        #expect(markdown.contains("""
        ## Alerts: 1 active, 2 raised so far

        - ▲ late-handoff (step 3, day 5) · active · Alpha, Beta
          - Prescription from Alpha to Beta for Xavi arrived on day 5, 3 days late (due by day 2)
        - ! omitted-handoff (step 2, day 2) · resolved at step 3 · Alpha, Beta
          - Prescription from Alpha to Beta for Xavi was due by day 2 and never sent

        """))
        // The JSON says what each alert still says is lacking: nothing, once resolved.
        #expect(report.alerts.map { $0.lacks.map { "\($0.partner) \($0.knowledge)" } } == [[], []])
        let atOmission = AnalysisReport(a.state(at: 2))
        #expect(atOmission.alerts.map { $0.lacks.map { "\($0.partner) \($0.knowledge)" } } == [["b rx"]])
        #expect(ReportRenderer.json(atOmission).contains("""
              "lacks" : [
                {
                  "knowledge" : "rx",
                  "partner" : "b"
                }
              ],
        """))
        // Near miss: at step 2 the omitted alert is still active and the late one not raised.
        let earlier = ReportRenderer.render(AnalysisReport(a.state(at: 2)), as: .text)
        #expect(earlier.contains("  ! omitted-handoff (step 2, day 2) · active · Alpha, Beta\n"))
        #expect(!earlier.contains("late-handoff"))
    }

    @Test func everyAlertConcernsAtLeastOnePartner() throws {
        let cases: [(String, Analysis)] = [
            ("built-in", Analysis(validated: BuiltinCase.model)),
            ("synthetic", try Analysis(SyntheticCase.make(patients: 40, steps: 1_200, seed: 7))),
            ("school-to-work", try SecondCaseTests.load("school-to-work.yaml")),
        ]
        for (name, a) in cases {
            #expect(!a.alerts.isEmpty)
            for alert in a.alerts {
                #expect(!alert.partners.isEmpty, "\(name): \(alert.rule) at step \(alert.step) concerns no partner: \(alert.message)")
            }
            // So every critical alert shows in some partner's count.
            let end = a.state(at: a.stepCount)
            let critical = end.activeAlerts.filter { $0.severity == .critical }
            for alert in critical {
                #expect(alert.partners.contains { end.alertTally(partner: $0).critical > 0 })
            }
        }
    }
}
