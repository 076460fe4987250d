import AllianceCore
import Testing

/// The forms a case file gained for steps nobody performs, meetings, contacts without
/// knowledge, routine alternatives and handoffs to several receivers; and the errors that
/// teach them.
@Suite("Case files: events, meetings, contacts, alternatives")
struct CaseFormatFormsTests {
    static let base = """
    alliance-case: 1
    case:
      title: T
      day-zero: 2024-01-01
    partners:
      - { id: a, name: Alpha, actors: [{ id: a1, name: Ann, role: ra }] }
      - { id: b, name: Beta, actors: [{ id: b1, name: Bob, role: rb }, { id: b2, name: Bea, role: rb2 }] }
    patients:
      - { id: x, name: Xavi }
    activities:
      - { id: act, label: acts }
      - { id: call, label: calls }
    knowledge:
      - { id: k, label: kay }

    """

    @Test func shapeErrorsOfTheNewStepForms() {
        let text = Self.base + """
        decisions:
          - id: d
            label: decide
            opens-on: [act]
            owner:
            due-within: 3
            closes-on: [call]
        timeline:
          - { day: 1, event: "Time passes", actor: a1 }
          - { day: 2, event: "" }
          - { day: 3, activity: act }
          - { day: 4, actors: [a1, b1], actor: a1, activity: act }
          - { day: 5, actors: [], activity: act }
          - { day: 6, actors: [a1, b1], activity: call, contacts: [b] }

        """
        #expect(TestCases.problems(text, path: "s.yaml") == """
        s.yaml:19:11: error: 'owner' is empty: for a decision that nobody owns, leave out 'owner'
         19 |     owner:
            |           ^
        s.yaml:23:44: error: an event step takes no 'actor': an event is something no actor does; for an action, remove 'event'
         23 |   - { day: 1, event: "Time passes", actor: a1 }
            |                                            ^
        s.yaml:24:22: error: 'event' needs a sentence saying what happened
         24 |   - { day: 2, event: "" }
            |                      ^
        s.yaml:25:5: error: missing 'actor' in a timeline step (or 'actors' for several, or 'event' for something no actor does)
         25 |   - { day: 3, activity: act }
            |     ^
        s.yaml:26:23: error: a step takes 'actor' or 'actors', not both
         26 |   - { day: 4, actors: [a1, b1], actor: a1, activity: act }
            |                       ^
        s.yaml:27:23: error: 'actors' needs at least one actor
         27 |   - { day: 5, actors: [], activity: act }
            |                       ^
        s.yaml:28:59: error: 'contacts' needs a 'patient': knowledge and contacts are about a patient; add 'patient' to this step
         28 |   - { day: 6, actors: [a1, b1], activity: call, contacts: [b] }
            |                                                           ^
        """)
    }

    @Test func errorsThatTeachOwnersPartnersAndActors() {
        let text = Self.base + """
        routines:
          - id: r
            name: R
            steps:
              - { role: ra, activity: act }
              - { role: rb, activity: [call, review], within: 3 }
        handoffs:
          - { id: h, from: a, to: b1, knowledge: k, trigger: [act], within: 2 }
          - { id: h2, from: a1, to: [b, c], knowledge: k, trigger: [act], within: 2 }
        decisions:
          - { id: d1, label: decide, opens-on: [act], owner: none, due-within: 3, closes-on: [call] }
          - { id: d2, label: decide, opens-on: [act], owner: b, due-within: 3, closes-on: [call] }
          - { id: d3, label: decide, opens-on: [act], owner: b1, due-within: 3, closes-on: [call] }
          - { id: d4, label: decide, opens-on: [act], owner: rc, due-within: 3, closes-on: [call] }
        timeline:
          - { day: 1, event: "Time passes" }
          - { day: 2, patient: x, actor: b, activity: act }
          - { day: 4, actors: [a1, b1, a1], activity: act }
          - { day: 5, patient: x, actors: [a1, b1], activity: call, contacts: [b1, a] }

        """
        #expect(TestCases.problems(text, path: "v.yaml") == """
        v.yaml:20:38: error: unknown activity 'review' in routine 'r'
         20 |       - { role: rb, activity: [call, review], within: 3 }
            |                                      ^
        v.yaml:22:27: error: unknown partner 'b1' in handoff 'h': 'b1' is an actor of partner 'b'; also used at line 33
         22 |   - { id: h, from: a, to: b1, knowledge: k, trigger: [act], within: 2 }
            |                           ^
        v.yaml:23:21: error: unknown partner 'a1' in handoff 'h2.b': 'a1' is an actor of partner 'a'
         23 |   - { id: h2, from: a1, to: [b, c], knowledge: k, trigger: [act], within: 2 }
            |                     ^
        v.yaml:23:33: error: unknown partner 'c' in handoff 'h2.c' (did you mean 'a'?)
         23 |   - { id: h2, from: a1, to: [b, c], knowledge: k, trigger: [act], within: 2 }
            |                                 ^
        v.yaml:25:54: error: decision 'd1' names owner 'none': for a decision that nobody owns, leave out 'owner'
         25 |   - { id: d1, label: decide, opens-on: [act], owner: none, due-within: 3, closes-on: [call] }
            |                                                      ^
        v.yaml:26:54: error: the owner of decision 'd2' must be a role, and 'b' is a partner; its actors' roles are rb, rb2
         26 |   - { id: d2, label: decide, opens-on: [act], owner: b, due-within: 3, closes-on: [call] }
            |                                                      ^
        v.yaml:27:54: error: the owner of decision 'd3' must be a role, and 'b1' is an actor of partner 'b' with role 'rb'; write 'owner: rb'
         27 |   - { id: d3, label: decide, opens-on: [act], owner: b1, due-within: 3, closes-on: [call] }
            |                                                      ^
        v.yaml:28:54: error: the owner of decision 'd4' must be a role, and no actor has role 'rc' (did you mean 'ra'?); the case's roles are ra, rb, rb2
         28 |   - { id: d4, label: decide, opens-on: [act], owner: rc, due-within: 3, closes-on: [call] }
            |                                                      ^
        v.yaml:31:34: error: unknown actor 'b' in step 2: 'b' is a partner (roles rb, rb2); name one of its actors: b1, b2
         31 |   - { day: 2, patient: x, actor: b, activity: act }
            |                                  ^
        v.yaml:32:32: error: step 3 lists actor 'a1' twice in 'actors'
         32 |   - { day: 4, actors: [a1, b1, a1], activity: act }
            |                                ^
        v.yaml:33:76: error: step 4 contacts 'a', the actor's own partner; list only other partners in 'contacts'
         33 |   - { day: 5, patient: x, actors: [a1, b1], activity: call, contacts: [b1, a] }
            |                                                                            ^
        """)
    }

    @Test func oneDuplicateIdIsOneError() {
        // A copied partner whose id was not changed: every use of the id it should have had
        // would be "unknown", and its actors would seem to send to their own partner.
        let text = """
        alliance-case: 1
        case: { title: T, day-zero: 2024-01-01 }
        partners:
          - { id: a, name: Alpha, actors: [{ id: a1, name: Ann, role: ra }] }
          - { id: a, name: Beta, actors: [{ id: b1, name: Bob, role: rb }] }
        patients:
          - { id: x, name: Xavi, responsible: [b] }
        activities:
          - { id: act, label: acts }
        knowledge:
          - { id: k, label: kay, needed-by: [{ partner: b, for: [act] }] }
        handoffs:
          - { id: h, from: a, to: b, knowledge: k, trigger: [act], within: 2 }
        timeline:
          - { day: 1, patient: x, actor: a1, activity: act, produces: [{ knowledge: k }], sends: [{ knowledge: k, to: [b] }] }
          - { day: 2, patient: x, actor: b1, activity: act, sends: [{ knowledge: k, to: [a] }] }
          - { day: 3, patient: x, actor: b1, activity: act, contacts: [b] }

        """
        #expect(TestCases.problems(text, path: "dup.yaml") == """
        dup.yaml:5:11: error: duplicate partner id 'a' (first declared at line 4); 'b' (lines 7, 11, 13, 15 and 17) is used but not declared: is this its declaration?
         5 |   - { id: a, name: Beta, actors: [{ id: b1, name: Bob, role: rb }] }
           |           ^
        """)
    }

    @Test func anIdUsedManyTimesButNeverDeclaredIsOneError() {
        let text = Self.base + """
        timeline:
          - { day: 1, patient: y, actor: a1, activity: act }
          - { day: 2, patient: y, actor: a1, activity: act }
          - { day: 3, patient: y, actor: a1, activity: call }

        """
        #expect(TestCases.problems(text, path: "u.yaml") == """
        u.yaml:16:24: error: unknown patient 'y' in step 1 (did you mean 'x'?); also used at lines 17 and 18
         16 |   - { day: 1, patient: y, actor: a1, activity: act }
            |                        ^
        """)
    }

    @Test func aHandoffToSeveralReceiversIsOneHandoffPerReceiver() throws {
        let text = Self.base + """
        handoffs:
          - { id: h, from: a, to: [b, c], knowledge: k, trigger: [act], within: 2 }
        timeline:
          - { day: 1, patient: x, actor: a1, activity: act }

        """
        // The partner 'c' is not declared: the message points at it in the list.
        #expect(TestCases.problems(text, path: "h.yaml") == """
        h.yaml:16:31: error: unknown partner 'c' in handoff 'h.c' (did you mean 'a'?)
         16 |   - { id: h, from: a, to: [b, c], knowledge: k, trigger: [act], within: 2 }
            |                               ^
        """)
        let model = try CaseFileDecoder().decode(yaml: text.replacingOccurrences(of: "[b, c]", with: "[b]") .replacingOccurrences(
            of: "  - { id: h,", with: "  - { id: h0, from: b, to: a, knowledge: k, trigger: [call], within: 1 }\n  - { id: h,"), path: "h.yaml")
        #expect(model.handoffs.map(\.id) == ["h0", "h"])
        let two = Self.base.replacingOccurrences(of: "  - { id: a, name: Alpha", with: "  - { id: c, name: Gamma, actors: [{ id: c1, name: Cy, role: rc }] }\n  - { id: a, name: Alpha") + """
        handoffs:
          - { id: h, from: a, to: [b, c], knowledge: k, trigger: [act], within: 2 }
        timeline:
          - { day: 1, patient: x, actor: a1, activity: act }

        """
        let expanded = try CaseFileDecoder().decode(yaml: two, path: "two.yaml")
        #expect(expanded.handoffs == [
            HandoffSpec(id: "h.b", from: "a", to: "b", knowledge: "k", trigger: ["act"], within: 2),
            HandoffSpec(id: "h.c", from: "a", to: "c", knowledge: "k", trigger: ["act"], within: 2),
        ])
        let a = Analysis(validated: expanded)
        #expect(a.handoffs.count == 2)
    }

    /// Every new form, encoded and decoded back to the same model.
    static let allForms = """
    alliance-case: 1
    case: { title: All forms, day-zero: 2024-01-01, values: { cost-per-therapy-day: 10 } }
    partners:
      - { id: a, name: Alpha, actors: [{ id: a1, name: Ann, role: ra }] }
      - { id: b, name: Beta, actors: [{ id: b1, name: Bob, role: rb }] }
      - { id: c, name: Gamma, actors: [{ id: c1, name: Cy, role: rc }] }
    patients:
      - { id: x, name: Xavi, responsible: [b] }
      - { id: y, name: Yolanda, responsible: [b] }
    activities:
      - { id: start, label: starts therapy }
      - { id: review, label: reviews }
      - { id: stop, label: stops therapy }
      - { id: call, label: calls }
      - { id: meet, label: agree a protocol }
    knowledge:
      - { id: rx, label: prescription }
    routines:
      - id: r90
        name: Review within 10 days
        steps:
          - { role: ra, activity: start }
          - { role: ra, activity: [review, stop], within: 10 }
      - id: calls
        name: C calls B
        in-force: false
        steps:
          - { partner: c, activity: call }
          - { partner: b, activity: review, within: 3 }
    handoffs:
      - { id: rx, from: a, to: [b, c], knowledge: rx, trigger: [start], within: 1 }
    decisions:
      - { id: d, label: review the therapy, opens-on: [start], due-within: 10, closes-on: [review, stop], overdue-days-unneeded: true }
    timeline:
      - { day: 1, patient: x, actor: a1, activity: start, produces: [{ knowledge: rx }], sends: [{ knowledge: rx, to: [b, c] }] }
      - { day: 2, patient: y, actor: a1, activity: start, produces: [{ knowledge: rx }], sends: [{ knowledge: rx, to: [b, c] }] }
      - { day: 3, patient: x, actor: c1, activity: call, contacts: [b] }
      - { day: 4, patient: y, actor: c1, activity: call, contacts: [b] }
      - at: 2024-01-13T09:00:00Z
        patient: x
        event: Xavi's review was due yesterday
      - { at: "2024-01-13T18:00:00Z", event: A public holiday; nothing is done }
      - { day: 14, patient: x, actor: a1, activity: stop }
      - id: meeting
        day: 15
        actors: [c1, b1]
        activity: meet
        formalizes: calls
        note: The partners meet.

    """

    @Test func everyNewFormRoundTrips() throws {
        let model = try CaseFileDecoder().decode(yaml: Self.allForms, path: "all.yaml")
        let back = try CaseFileDecoder().decode(yaml: CaseFileEncoder().encode(model), path: "back.yaml")
        #expect(back == model)
        #expect(model.timeline[4].event == "Xavi's review was due yesterday" && model.timeline[4].patient == "x" && model.timeline[4].actors.isEmpty)
        #expect(model.timeline[5].patient == nil && model.timeline[5].activity == nil)
        #expect(model.timeline[7].actors == ["c1", "b1"] && model.timeline[7].patient == nil && model.timeline[7].actor == "c1")
        #expect(model.timeline[2].contacts == ["b"])
        #expect(model.routines[0].steps[1].activities == ["review", "stop"])
    }

    @Test func deadlinesFireAtAnEventAndTheMeetingFormalises() throws {
        let a = try TestCases.analyze(Self.allForms)
        // Xavi's decision (due by the end of day 11) fires at the event on day 12, 09:00. Yolanda's (due by
        // the end of day 12) does not fire at the holiday, at 18:00 on day 12 itself, but at the next step (day 14),
        // where Xavi's is taken, 3 days late: a record of lateness.
        #expect(a.fired(.ownerlessDecision) == [
            AlertHit(patient: "x", step: 1, day: 1), AlertHit(patient: "y", step: 2, day: 2),
            AlertHit(patient: "x", step: 5, day: 11), AlertHit(patient: "y", step: 7, day: 12),
            AlertHit(patient: "x", step: 7, day: 14),
        ])
        // Contacts without knowledge, C to B, for two patients: an emergent routine; the meeting formalises it.
        #expect(a.fired(.emergentRoutine) == [AlertHit(patient: "y", step: 4, day: 4), AlertHit(patient: nil, step: 8, day: 15)])
        #expect(a.emergent.count == 1 && a.emergent[0].formalisedStep == 8)
        #expect(a.alerts.last?.evidence == ["adopted at step 8 by Cy (Gamma) and Bob (Beta)"])
        // The routine step accepts 'stop' as well as 'review': Xavi's is done (late, day 14 > day 11).
        let end = a.state(at: a.stepCount)
        let x = a.routines.first { $0.patient == 0 }!
        #expect(x.steps.map { $0.status(at: a.stepCount) } == [.onTime, .late])
        let y = a.routines.first { $0.patient == 1 }!
        #expect(y.steps.map { $0.status(at: a.stepCount) } == [.onTime, .overdue])
        // The event and the meeting belong to no patient's journey; the meeting names both partners.
        #expect(end.journey(patient: 0).map { $0 } == [1, 3, 7])
        #expect(a.patient(ofStep: 8) == nil && a.actor(ofStep: 6) == nil && a.partners(ofStep: 8) == [2, 1])
        #expect(a.stepSentence(8) == "Cy (Gamma) and Bob (Beta) agree a protocol")
        #expect(a.stepSentence(6) == "A public holiday; nothing is done")
        let report = AnalysisReport(a.state(at: 8))
        #expect(report.current?.actors == ["c1", "b1"] && report.current?.patient == nil && report.current?.partners == ["c", "b"])
        #expect(report.partners.filter { $0.thisStep != nil }.map(\.id) == ["b", "c"])
        let event = AnalysisReport(a.state(at: 6)).current
        #expect(event?.event == "A public holiday; nothing is done" && event?.actor == nil && event?.actors == [])
        #expect(ReportRenderer.render(AnalysisReport(a.state(at: 5)), as: .text).contains("Now: Xavi: Xavi's review was due yesterday\n"))
    }

    @Test func reportsInEveryFormatAtEveryStepOfTheNewForms() throws {
        let a = try TestCases.analyze(Self.allForms)
        for k in 0...a.stepCount {
            let report = AnalysisReport(a.state(at: k))
            for format in ReportFormat.allCases { #expect(!ReportRenderer.render(report, as: format).isEmpty) }
        }
        let text = ReportRenderer.render(AnalysisReport(a.state(at: 8)), as: .text)
        #expect(text.contains("Now: Cy (Gamma) and Bob (Beta) agree a protocol\n"))
        #expect(text.contains("▶ this step: Cy (Gamma) and Bob (Beta) agree a protocol\n"))
        #expect(text.contains("    Xavi: start ✓ · stop ◔\n"))
        #expect(text.contains("    Yolanda: start ✓ · review or stop !\n"))
    }

    /// A model built in code (not from a file) is checked for the same shapes.
    @Test func aModelBuiltInCodeIsCheckedForTheStepForms() {
        let dayZero = Timestamp(iso8601: "2024-01-01")!
        var model = CaseModel(
            info: CaseInfo(title: "T", dayZero: dayZero),
            partners: [Partner(id: "a", name: "A", actors: [Actor(id: "a1", name: "Ann", role: "ra")])],
            patients: [Patient(id: "x", name: "Xavi")], activities: [Activity(id: "act", label: "acts")],
            knowledge: [KnowledgeType(id: "k", label: "kay")],
            timeline: [
                Step(time: dayZero, patient: "x", actor: "a1", activity: "act", event: "and an event"),
                Step(time: dayZero, patient: "x"),
                Step(time: dayZero, actor: "a1", activity: "act", produces: [Production(knowledge: "k")]),
            ])
        let messages = CaseValidator(model: model, path: "code").validate().map(\.message)
        #expect(messages == [
            "step 1 is an event and also names an actor or activity; an event is something no actor does",
            "step 2 needs an actor and an activity, or an event",
            "step 3 produces, sends, consumes or contacts without a patient; knowledge and contacts are about a patient",
        ])
        model.timeline = [Step(time: dayZero, event: "Nothing"), Step(time: dayZero, activity: "act", actors: ["a1"])]
        #expect(CaseValidator(model: model, path: "code").validate().isEmpty)
    }
}
