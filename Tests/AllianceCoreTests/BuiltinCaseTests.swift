import AllianceCore
import Foundation
import Testing

@Suite("The built-in case tells its story")
struct BuiltinCaseTests {
    let analysis = Analysis(validated: BuiltinCase.model)

    func alerts(at step: Int) -> [String] {
        analysis.alerts.filter { $0.step == step }.map { "\($0.rule.rawValue) \($0.patient.map { analysis.model.patients[$0].id } ?? "-")" }
    }

    /// The step (1-based) where `patient`'s `activity` happened on `day`.
    func step(_ patient: String, _ activity: String, day: Int) -> Int {
        1 + analysis.model.timeline.firstIndex { $0.patient == patient && $0.activity == activity && analysis.day(of: $0.time) == day }!
    }

    /// The step (1-based) of the event on `day`.
    func eventStep(day: Int) -> Int {
        1 + analysis.model.timeline.firstIndex { $0.event != nil && analysis.day(of: $0.time) == day }!
    }

    @Test func sizeAndShape() {
        #expect(analysis.model.patients.count == 3)
        #expect((30...45).contains(analysis.stepCount))
        #expect(analysis.model.timeline.filter { $0.note != nil && $0.question != nil }.count >= 8)
    }

    @Test func alertsRaisedAtTheKeySteps() {
        #expect(alerts(at: 3) == ["ownerless-decision maria"])       // the review after discharge has no owner
        #expect(alerts(at: 12) == ["unaware-partner pere"])           // Dr Serra does not know Pere is on oxygen
        #expect(alerts(at: 13) == ["stranded-knowledge joan", "stranded-knowledge joan"])  // hour meter and smoking stay at the company
        #expect(alerts(at: 14) == ["omitted-handoff pere"])           // the hospital report never reached the GP
        #expect(alerts(at: 15) == ["uninformed-action joan"])         // the GP's routine visit without them
        #expect(alerts(at: 19) == ["emergent-routine pere"])          // the technician phones the GP again, for another patient
        #expect(alerts(at: 22).isEmpty)  // the review's report is clean; the first one stays omitted
        // Later steps are found by what they are, not by number.
        #expect(alerts(at: eventStep(day: 94)) == ["ownerless-decision maria"])  // the event: Maria's review was due yesterday, nobody owns it
        #expect(alerts(at: step("joan", "review-o2", day: 95)) == ["routine-deviation maria"])  // her 90-day review step is overdue
        #expect(alerts(at: step("maria", "gp-visit", day: 100)) == ["uninformed-action maria"])
        // Stopped 47 days late: the overdue decision and review step resolve into records of lateness.
        #expect(alerts(at: step("maria", "stop-o2", day: 140)) == ["ownerless-decision maria", "routine-deviation maria"])
        #expect(alerts(at: analysis.stepCount) == ["emergent-routine -"])   // formalised at the partners' meeting
        #expect(analysis.alerts.count == 15)
    }

    @Test func aCleanHandoff() {
        let state = analysis.state(at: analysis.stepCount)
        let joanRx = state.handoffs(patient: 0).filter { analysis.model.handoffs[$0.instance.spec].id == "rx-to-company" }
        #expect(joanRx.first?.status == .clean)
    }

    @Test func knowledgeAtHomeNeverReachesTheGPUntilTheCall() {
        // Step 15: Dr Puig sees Joan; the company holds the hour meter, primary care does not.
        let joan = 0, primary = 0, company = 2
        let meter = analysis.model.knowledge.firstIndex { $0.id == "hour-meter" }!
        let before = analysis.state(at: 15)
        #expect(before.knowledgeCell(patient: joan, partner: primary, knowledge: meter) == .missing(exists: true))
        guard case .held = before.knowledgeCell(patient: joan, partner: company, knowledge: meter) else {
            Issue.record("the company should hold Joan's hour meter at step 15")
            return
        }
        guard case .held(_, let new) = analysis.state(at: 16).knowledgeCell(patient: joan, partner: primary, knowledge: meter) else {
            Issue.record("the technician's call should bring the hour meter to primary care at step 16")
            return
        }
        #expect(new)
    }

    @Test func unneededOxygenDaysForMariaAndTheirCost() {
        let end = analysis.state(at: analysis.stepCount)
        // Due by the end of day 93, stopped on day 140: days 94 to 139 are unneeded.
        #expect(end.unneeded(patient: 1).days == 46)
        #expect(abs(end.unneeded(patient: 1).cost - 239.2) < 1e-9)
        #expect(end.unneeded(patient: 0).days == 0)
        // Counting while the decision is still overdue: on day 100, days 94 to 99 are past the due day 93.
        #expect(analysis.state(at: step("maria", "gp-visit", day: 100)).unneeded(patient: 1).days == 6)
    }

    @Test func theEmergentRoutineRecursThenIsFormalised() {
        #expect(analysis.emergent.count == 1)
        let p = analysis.emergent[0]
        #expect(analysis.describe(p) == "Oxigen Llar phoned the GP about the patient, reaching Primary care")
        #expect(p.flaggedStep == 19)
        #expect(p.formalisedStep == analysis.stepCount)
        #expect(Set(p.occurrences.map(\.patient)).count == 3)
    }

    @Test func theNewFormsTellTheStory() {
        // Day 94: an event, about Maria, that no actor does (her review was due by the end of day 93).
        let due = eventStep(day: 94)
        #expect(analysis.actor(ofStep: due) == nil && analysis.patient(ofStep: due) == 1)
        #expect(analysis.stepSentence(due) == "Her oxygen review was due yesterday; nobody has booked it")
        // The last step: a meeting of the company and primary care, about no patient, adopts the call-the-GP routine.
        let meeting = analysis.stepCount
        #expect(analysis.patient(ofStep: meeting) == nil)
        #expect(analysis.partners(ofStep: meeting).map { analysis.model.partners[$0].id } == ["company", "primary"])
        #expect(analysis.routineAdoptedStep[analysis.model.routines.firstIndex { $0.id == "tech-calls-gp" }!] == meeting)
        // Maria's 90-day review is satisfied, late, by stopping the oxygen (an alternative of the routine step).
        let r = analysis.model.routines.firstIndex { $0.id == "review-90" }!
        let maria = analysis.routines.first { $0.routine == r && $0.patient == 1 }!
        #expect(maria.steps.map { $0.status(at: meeting) } == [.onTime, .late])
        #expect(maria.steps[1].doneStep == step("maria", "stop-o2", day: 140))
    }

    /// Encoding the case as a case file and decoding it back gives the same model, and so
    /// the same report: the encoder writes everything the decoder reads.
    @Test func encodingAndDecodingBackGivesTheSameModel() throws {
        let yaml = CaseFileEncoder().encode(BuiltinCase.model)
        #expect(yaml != BuiltinCase.yaml)  // the encoder's own layout, not the source text
        let back = try CaseFileDecoder().decode(yaml: yaml, path: "encoded.yaml")
        #expect(back == BuiltinCase.model)
        let a = AnalysisReport(Analysis(validated: back).state(at: back.timeline.count))
        let b = AnalysisReport(analysis.state(at: analysis.stepCount))
        #expect(a == b)
    }

    @Test func encodingAndDecodingBackAGeneratedCaseGivesTheSameModel() throws {
        let model = SyntheticCase.make(patients: 12, steps: 300, seed: 5)
        let back = try CaseFileDecoder().decode(yaml: CaseFileEncoder().encode(model), path: "generated.yaml")
        #expect(back == model)
    }
}

@Suite("A second case, from another sector, through the same analysis")
struct SecondCaseTests {
    static func load(_ name: String) throws -> Analysis {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)").path
        return Analysis(validated: try CaseFileDecoder().load(path: path))
    }

    @Test func schoolToWorkRaisesExactlyTheIntendedAlerts() throws {
        let a = try Self.load("school-to-work.yaml")
        let got = a.alerts.map { "\($0.step) \($0.rule.rawValue) \($0.severity.rawValue) \($0.patient.map { a.model.patients[$0].id } ?? "-") day \(a.day(of: $0.time))" }
        #expect(got == [
            "6 uninformed-action critical omar day 9",
            "8 omitted-handoff critical omar day 10",
            "8 ownerless-decision warning sara day 14",
            "9 late-handoff warning omar day 15",
            "12 routine-deviation warning omar day 24",
            "13 ownerless-decision warning omar day 25",
            "15 unaware-partner critical omar day 32",
            "16 stranded-knowledge warning omar day 43",
            "17 emergent-routine info omar day 45",
            "18 ownerless-decision critical omar day 55",
            "19 ownerless-decision warning omar day 60",  // taken 5 days late: the record of lateness
        ])
        let end = a.state(at: a.stepCount)
        // Due by the end of day 55, taken on day 60: days 56 to 59.
        #expect(end.unneeded(patient: 1).days == 4)
        #expect(end.unneeded(patient: 1).cost == 72)
        #expect(end.handoffs().map(\.status) == [.clean, .late, .clean, .clean])
    }

    @Test func theTutorialCaseIsValid() throws {
        let a = try Self.load("tutorial.yaml")
        #expect(a.stepCount >= 4)
    }

    /// docs/case-tutorial.md, section 11: the omitted handoff is raised at the event, and
    /// the meeting names both partners.
    @Test func theTutorialEventsAndMeetingDoWhatTheTutorialSays() throws {
        let a = try Self.load("tutorial-events.yaml")
        #expect(a.event(ofStep: 3) == "The clinic report was due at the health centre yesterday")
        #expect(a.fired(.omittedHandoff) == [AlertHit(patient: "joan", step: 3, day: 22)])
        #expect(a.state(at: a.stepCount).journey(patient: 0).map { $0 } == [1, 2, 4, 5, 6])
        #expect(a.stepSentence(7) == "Dr Puig (Health centre) and Dr Vidal (Hospital Litoral) agreed how clinic reports reach the GP")
        #expect(a.partners(ofStep: 7) == [0, 1] && a.patient(ofStep: 7) == nil)
    }

    /// docs/case-tutorial.md, sections 2 to 10, as a reader follows them: the case is the
    /// document's own YAML blocks (2 to 8) put together, and `report --at 3` and `--at 4`
    /// say what section 10 promises.
    @Test func theTutorialsOwnCaseRaisesTheAlertsItPromises() throws {
        let doc = try String(contentsOf: URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/case-tutorial.md"), encoding: .utf8)
        var blocks: [String] = [], current: [Substring]? = nil
        for line in doc.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "```yaml" { current = [] } else if line == "```", let c = current {
                blocks.append(c.joined(separator: "\n"))
                current = nil
            } else { current?.append(line) }
        }
        // Blocks 1–7 are the case of sections 2–8; the later ones extend it in section 11.
        let yaml = blocks.prefix(7).joined(separator: "\n\n") + "\n"
        let model = try CaseFileDecoder().decode(yaml: yaml, path: "docs/case-tutorial.md")
        // The fixture the other tests use is the same case.
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/tutorial.yaml").path
        #expect(model == (try CaseFileDecoder().load(path: fixture)))
        let a = try Analysis(model)
        let at3 = AnalysisReport(a.state(at: 3))
        #expect(at3.alerts.filter(\.active).map { "\($0.rule.rawValue) \($0.severity.rawValue)" }.sorted()
                == ["omitted-handoff critical", "uninformed-action critical"])
        #expect(at3.alerts.contains { $0.rule == .omittedHandoff && $0.message.contains("was due by day 22") })
        #expect(at3.alerts.contains { $0.rule == .uninformedAction && $0.message.contains("held by Hospital Litoral since day 8") })
        let at4 = AnalysisReport(a.state(at: 4))
        #expect(at4.alerts.contains { $0.rule == .lateHandoff && $0.message.contains("8 days late") })
        let visit = try #require(at4.alerts.first { $0.rule == .uninformedAction })
        #expect(!visit.active && visit.clearedStep == 4)
    }
}

