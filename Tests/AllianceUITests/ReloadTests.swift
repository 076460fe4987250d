import AllianceCore
import AllianceUI
import Testing

/// `--watch`: a case read again keeps the view; a broken one shows its problems.
@Suite struct ReloadTests {
    func analysis(_ yaml: String) throws -> Analysis { Analysis(validated: try CaseFileDecoder().decode(yaml: yaml, path: "c.yaml")) }

    @Test func aReloadKeepsStepPatientAndFocus() throws {
        let text = CaseScaffold.text()
        var s = AppState(analysis: try analysis(text), step: 9)
        Reducer.reduce(&s, .focusNext)
        Reducer.reduce(&s, .nextPatient)  // choose a patient: no longer following the step
        let patientID = s.analysis.model.patients[s.patient].id
        let focus = s.focus
        let retitled = text.replacingOccurrences(of: "title: A new care network", with: "title: Retitled")
        Reducer.reduce(&s, .reload(ReloadedCase(try analysis(retitled))))
        #expect(s.analysis.model.info.title == "Retitled")
        #expect(s.step == 9 && s.focus == focus)
        #expect(s.analysis.model.patients[s.patient].id == patientID)
        #expect(s.notice == "Reloaded: 15 steps; still at step 9.")
        // Fewer steps: the step is clamped to the new length.
        let lines = retitled.split(separator: "\n", omittingEmptySubsequences: false)
        let short = lines.filter { !$0.contains("day: 39,") && !$0.contains("day: 40,") && !$0.contains("day: 41,") && !$0.contains("day: 19,") && !$0.contains("day: 18,") && !$0.contains("day: 10,") }.joined(separator: "\n")
        var t = AppState(analysis: try analysis(text), step: 15)
        Reducer.reduce(&t, .reload(ReloadedCase(try analysis(short))))
        #expect(t.analysis.stepCount == 9)
        #expect(t.step == 9)
    }

    /// `open LOG --follow`: new events follow the newest step only from the last step.
    @Test func aLogThatGainsEventsIsFollowedFromTheLastStepOnly() throws {
        let text = CaseScaffold.text()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let early = lines.filter { !$0.contains("day: 39,") && !$0.contains("day: 40,") && !$0.contains("day: 41,") && !$0.contains("day: 19,") && !$0.contains("day: 18,") && !$0.contains("day: 10,") }.joined(separator: "\n")
        var atEnd = AppState(analysis: try analysis(early), step: 9)
        Reducer.reduce(&atEnd, .reload(ReloadedCase(try analysis(text), appendedEvents: 6)))
        #expect(atEnd.step == 15)
        #expect(atEnd.patient == atEnd.analysis.patient(atOrBefore: 15))
        #expect(atEnd.notice == "6 new events: following the newest, step 15 of 15.")
        var behind = AppState(analysis: try analysis(early), step: 4)
        Reducer.reduce(&behind, .reload(ReloadedCase(try analysis(text), appendedEvents: 1)))
        #expect(behind.step == 4)
        #expect(behind.notice == "1 new event: 15 steps; still at step 4 (G: the newest).")
    }

    /// A followed log's case grows in place (the same analysis, extended): the view follows
    /// from the last step only, and what was worked out from the case before (the patient
    /// list, the debrief) is worked out again, new patients included.
    @Test func aCaseGrownInPlaceIsFollowedAndItsPatientListHasTheNewPatients() throws {
        let model = BuiltinCase.model
        // The last patient and everything from its first step on come later.
        let late = model.patients[model.patients.count - 1]
        let f = try #require(model.timeline.firstIndex { $0.patient == late.id })
        var prefix = model
        prefix.patients.removeLast()
        prefix.timeline = Array(model.timeline[..<f])
        let growth = CaseGrowth(stepsBefore: f, patientsBefore: prefix.patients.count, patients: [late],
                                steps: Array(model.timeline[f...]), info: model.info)
        let analysis = Analysis(validated: prefix, growable: true)
        var s = AppState(analysis: analysis, step: f)
        Reducer.reduce(&s, .patientList)
        #expect(s.patientList.rows.count == prefix.patients.count)
        var behind = AppState(analysis: analysis, step: f - 1)
        // A step's record open while the case grows stays open (its number holds).
        Reducer.reduce(&behind, .open)
        let opened = behind.overlay
        #expect(opened != nil)
        #expect(analysis.extend(growth))
        Reducer.reduce(&s, .reload(ReloadedCase(analysis, appendedEvents: growth.steps.count, growth: growth)))
        #expect(s.step == model.timeline.count, "at the last step, the view follows the newest")
        #expect(s.patientList.rows.count == model.patients.count, "the new patient is in the list")
        #expect(s.patientList.rows.contains { s.analysis.model.patients[Int($0)].id == late.id })
        Reducer.reduce(&behind, .reload(ReloadedCase(analysis, appendedEvents: growth.steps.count, growth: growth)))
        #expect(behind.step == f - 1, "elsewhere it stays")
        #expect(behind.overlay == opened, "the open record stays open")
        #expect(behind.notice == "\(growth.steps.count) new events: \(model.timeline.count) steps; still at step \(f - 1) (G: the newest).")
    }

    @Test func problemsShowOverTheLastGoodCaseAndAReloadClearsThem() throws {
        let text = CaseScaffold.text()
        var s = AppState(analysis: try analysis(text), step: 4)
        let problem = "c.yaml:3:1: error: something\n   3 | x\n     | ^"
        Reducer.reduce(&s, .caseProblems([problem, problem, problem, problem]))
        #expect(s.step == 4 && s.analysis.model.info.title == "A new care network")
        let screen = DashboardRenderer.render(s).textRows.joined(separator: "\n")
        #expect(screen.contains("The case file has errors: the last good version stays on screen"))
        #expect(screen.contains("c.yaml:3:1: error: something"))
        #expect(screen.contains("and 1 more problem: `alliance check` lists them all"))
        Reducer.reduce(&s, .reload(ReloadedCase(try analysis(text))))
        #expect(s.caseProblems == nil)
        #expect(!DashboardRenderer.render(s).textRows.joined(separator: "\n").contains("has errors"))
    }
}
