import AllianceCore
import Testing

@Suite("Decisions: ownerless-decision and unneeded therapy days")
struct DecisionRuleTests {
    static let therapies = "  - { id: o2, label: home oxygen, starts-on: [start], ends-on: [stop], cost-per-day: cost-per-therapy-day }\n"

    static func decision(owner: String?) -> String {
        let o = owner.map { "    owner: \($0)\n" } ?? ""
        return """
          - id: rev
            label: review the therapy
            opens-on: [start]
        \(o)    due-within: 30
            closes-on: [review, stop]
            overdue-days-unneeded: true

        """
    }

    @Test func ownerlessDecisionIsFlaggedWhenItOpensAndWhenItIsOverdue() throws {
        let a = try TestCases.analyze(TestCases.yaml(therapies: Self.therapies, decisions: Self.decision(owner: nil), timeline: """
          - { day: 0, patient: x, actor: a1, activity: start }
          - { day: 45, patient: x, actor: b1, activity: look }
          - { day: 60, patient: x, actor: a1, activity: stop }

        """))
        // Taken late (stopping the therapy on day 60): the overdue alert resolves into a record of lateness.
        #expect(a.fired(.ownerlessDecision) == [AlertHit(patient: "x", step: 1, day: 0), AlertHit(patient: "x", step: 2, day: 30),
                                                AlertHit(patient: "x", step: 3, day: 60)])
        #expect(a.alerts.map(\.severity) == [.warning, .critical, .warning])
        #expect(a.alerts[0].message == "Nobody owns the decision to review the therapy for Xavi, due by day 30")
        #expect(a.alerts[1].message == "The decision to review the therapy for Xavi was due by day 30 and is still open: nobody owns it; each further day of home oxygen counts as unneeded")
        #expect(a.alerts[2].message == "The decision to review the therapy for Xavi was taken on day 60, 30 days late (due by day 30)")
        #expect(a.alerts[2].evidence == ["taken on day 60 (step 3) by Ann (Alpha); nobody owns it"])
        #expect(a.alerts.map(\.clearedStep) == [3, 3, nil])
        // Nobody owns it, so it concerns the partner whose step opened it (Alpha).
        #expect(a.alerts.map(\.partners) == [[0], [0], [0]])
        #expect(a.alerts[1].evidence == ["opened at step 1 (day 0) by Ann (Alpha), due within 30 days"])
        #expect(a.decisions[0].status(at: 1) == .open)
        #expect(a.decisions[0].status(at: 2) == .overdue)
        #expect(a.decisions[0].status(at: 3) == .decided)
    }

    @Test func unneededDaysRunFromTheDueDateUntilTheDecisionAndAreCosted() throws {
        let a = try TestCases.analyze(TestCases.yaml(therapies: Self.therapies, decisions: Self.decision(owner: nil), timeline: """
          - { day: 0, patient: x, actor: a1, activity: start }
          - { day: 20, patient: x, actor: b1, activity: look }
          - { day: 45, patient: x, actor: b1, activity: look }
          - { day: 60, patient: x, actor: a1, activity: stop }
          - { day: 90, patient: y, actor: a1, activity: look }

        """))
        #expect(a.state(at: 2).unneeded(patient: 0).days == 0)
        // Due by the end of day 30: unneeded days run from day 31 (at day 45: 14).
        #expect(a.state(at: 3).unneeded(patient: 0).days == 14)
        #expect(a.state(at: 3).unneeded(patient: 0).cost == 140)
        #expect(a.state(at: 4).unneeded(patient: 0).days == 29)
        #expect(a.state(at: 5).unneeded(patient: 0).days == 29)
        #expect(a.state(at: 5).daysOnTherapy(a.therapies[0]) == 60)
    }

    /// Two decisions whose unneeded windows overlap count each therapy day once: days
    /// 31–60 and 41–70 give 40 days (31–70), not 60; a gap between windows is not counted.
    @Test func overlappingUnneededWindowsCountEachDayOnce() throws {
        let decisions = Self.decision(owner: nil) + """
          - id: rev2
            label: check the therapy again
            opens-on: [look]
            due-within: 30
            closes-on: [call]
            overdue-days-unneeded: true

        """
        let a = try TestCases.analyze(TestCases.yaml(therapies: Self.therapies, decisions: decisions, timeline: """
          - { day: 0, patient: x, actor: a1, activity: start }
          - { day: 10, patient: x, actor: b1, activity: look }
          - { day: 61, patient: x, actor: a1, activity: review }
          - { day: 71, patient: x, actor: b1, activity: call }
          - { day: 100, patient: x, actor: a1, activity: stop }

        """))
        // rev: due by the end of day 30, taken on day 61 → days 31–60 (30 days).
        // rev2: due by the end of day 40, taken on day 71 → days 41–70 (30 days); together 31–70.
        #expect(a.state(at: 3).unneeded(patient: 0).days == 30)
        #expect(a.state(at: 4).unneeded(patient: 0).days == 40)
        #expect(a.state(at: 4).unneeded(patient: 0).cost == 400)
        #expect(a.state(at: 5).unneeded(patient: 0).days == 40)
    }

    /// Two windows with a gap between them: both count, the gap does not.
    @Test func separateUnneededWindowsAddUp() throws {
        let decisions = Self.decision(owner: nil) + """
          - id: rev2
            label: check the therapy again
            opens-on: [look]
            due-within: 5
            closes-on: [call]
            overdue-days-unneeded: true

        """
        let a = try TestCases.analyze(TestCases.yaml(therapies: Self.therapies, decisions: decisions, timeline: """
          - { day: 0, patient: x, actor: a1, activity: start }
          - { day: 35, patient: x, actor: a1, activity: review }
          - { day: 50, patient: x, actor: b1, activity: look }
          - { day: 60, patient: x, actor: b1, activity: call }
          - { day: 100, patient: x, actor: a1, activity: stop }

        """))
        // rev: days 31–34 (4); rev2: due by the end of day 55, taken on day 60 → days 56–59 (4).
        #expect(a.state(at: 5).unneeded(patient: 0).days == 8)
    }

    @Test func anOwnedDecisionTakenInTimeRaisesNothing() throws {
        let a = try TestCases.analyze(TestCases.yaml(therapies: Self.therapies, decisions: Self.decision(owner: "ra"), timeline: """
          - { day: 0, patient: x, actor: a1, activity: start }
          - { day: 30, patient: x, actor: a1, activity: review }
          - { day: 100, patient: x, actor: b1, activity: look }

        """))
        #expect(a.fired(.ownerlessDecision).isEmpty)
        #expect(a.state(at: 3).unneeded(patient: 0).days == 0)
        #expect(a.state(at: 1).openDecisions(partner: 0).count == 1)
        #expect(a.state(at: 2).openDecisions(partner: 0).isEmpty)
    }

    @Test func anOwnedDecisionPastItsDueDateIsStillFlagged() throws {
        let a = try TestCases.analyze(TestCases.yaml(therapies: Self.therapies, decisions: Self.decision(owner: "ra"), timeline: """
          - { day: 0, patient: x, actor: a1, activity: start }
          - { day: 31, patient: x, actor: b1, activity: look }

        """))
        #expect(a.fired(.ownerlessDecision).isEmpty)
        #expect(a.fired(.overdueDecision) == [AlertHit(patient: "x", step: 2, day: 30)])
        #expect(a.alerts[0].severity == .critical)
        #expect(a.alerts[0].message == "The decision to review the therapy for Xavi was due by day 30 and is still open: its owner, the ra at Alpha, has not taken it; each further day of home oxygen counts as unneeded")
        #expect(a.alerts[0].partners == [0])
    }
}

@Suite("Routines: routine-deviation")
struct RoutineRuleTests {
    static let routine = """
      - id: path
        name: Pathway
        steps:
          - { partner: a, activity: act }
          - { role: rb, activity: look, within: 5 }
          - { partner: c, activity: visit, within: 5 }

    """

    @Test func onTimeRunRaisesNothing() throws {
        let a = try TestCases.analyze(TestCases.yaml(routines: Self.routine, timeline: """
          - { day: 0, patient: x, actor: a1, activity: act }
          - { day: 5, patient: x, actor: b1, activity: look }
          - { day: 6, patient: x, actor: c1, activity: visit }

        """))
        #expect(a.fired(.routineDeviation).isEmpty)
        #expect(a.routines.count == 1)
        #expect(a.routines[0].steps.map { $0.status(at: 3) } == [.onTime, .onTime, .onTime])
    }

    @Test func overdueStepIsFlaggedAtTheDeadlineThenResolvedIntoARecordOfLateness() throws {
        let a = try TestCases.analyze(TestCases.yaml(routines: Self.routine, timeline: """
          - { day: 0, patient: x, actor: a1, activity: act }
          - { day: 7, patient: y, actor: c1, activity: look }
          - { day: 8, patient: x, actor: b1, activity: look }

        """))
        #expect(a.fired(.routineDeviation) == [AlertHit(patient: "x", step: 2, day: 5), AlertHit(patient: "x", step: 3, day: 8)])
        #expect(a.alerts[0].message == "Xavi: \"looks\" in \"Pathway\" was due by day 5 and has not happened")
        #expect(a.alerts[0].clearedStep == 3)
        #expect(a.alerts[0].resolution == "done on day 8 (step 3) by Bob (Beta), 3 days late")
        #expect(a.alerts[1].message == "Xavi: \"looks\" in \"Pathway\" happened on day 8, 3 days late (due by day 5)")
        #expect(a.alerts[1].evidence == ["routine 'path' step 2 of 3, done at step 3 by Bob (Beta)"])
        #expect(a.alerts[1].clearedStep == nil)
        #expect(a.routines[0].steps[1].status(at: 2) == .overdue)
        #expect(a.routines[0].steps[1].status(at: 3) == .late)
    }

    @Test func lateStepWithNoStepInBetweenIsFlaggedWhenItHappens() throws {
        let a = try TestCases.analyze(TestCases.yaml(routines: Self.routine, timeline: """
          - { day: 0, patient: x, actor: a1, activity: act }
          - { day: 6, patient: x, actor: b1, activity: look }

        """))
        // The deadline (end of day 5) passes between the steps and the late step itself does
        // what was due: one record of lateness, never "has not happened".
        #expect(a.fired(.routineDeviation) == [AlertHit(patient: "x", step: 2, day: 6)])
        #expect(a.alerts.map(\.message) == ["Xavi: \"looks\" in \"Pathway\" happened on day 6, 1 day late (due by day 5)"])
        #expect(a.routines[0].steps[1].status(at: 1) == .pending)
        #expect(a.routines[0].steps[1].status(at: 2) == .late)
    }

    @Test func skippedStepIsFlagged() throws {
        let a = try TestCases.analyze(TestCases.yaml(routines: Self.routine, timeline: """
          - { day: 0, patient: x, actor: a1, activity: act }
          - { day: 2, patient: x, actor: c1, activity: visit }

        """))
        #expect(a.fired(.routineDeviation) == [AlertHit(patient: "x", step: 2, day: 2)])
        #expect(a.alerts[0].message == "Xavi: \"looks\" in \"Pathway\" skipped; \"visits\" came first")
        // It names Beta, whose step was skipped, then Gamma, who acted.
        #expect(a.alerts[0].partners == [1, 2])
        #expect(a.routines[0].steps.map { $0.status(at: 2) } == [.onTime, .skipped, .onTime])
    }

    @Test func activitiesOfOtherPatientsDoNotAdvanceTheRoutine() throws {
        let a = try TestCases.analyze(TestCases.yaml(routines: Self.routine, timeline: """
          - { day: 0, patient: x, actor: a1, activity: act }
          - { day: 1, patient: y, actor: b1, activity: look }
          - { day: 2, patient: x, actor: b1, activity: look }

        """))
        #expect(a.routines.count == 1)
        #expect(a.routines[0].steps[1].doneStep == 3)
        #expect(a.fired(.routineDeviation).isEmpty)
    }
}
