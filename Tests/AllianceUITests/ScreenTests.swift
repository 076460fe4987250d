import Foundation
import AllianceCore
import AllianceUI
import Testing

/// What the room must be able to read on the screen, checked on the rendered text.
@Suite("The screen tells its story")
struct ScreenTests {
    static let builtin = Analysis(validated: BuiltinCase.model)

    func rows(_ app: AppState, glyphs: Glyphs = .unicode) -> [String] { DashboardRenderer.render(app, glyphs: glyphs).textRows }

    /// A step of the built-in case found by its content (steps may be added before it).
    static func step(_ patient: String, _ activity: String) -> Int {
        1 + builtin.model.timeline.firstIndex { $0.patient == patient && $0.activity == activity }!
    }

    @Test func stepZeroShowsTheCase() {
        let text = rows(AppState(analysis: Self.builtin, step: 0, size: Size(width: 100, height: 30))).joined(separator: "\n")
        for expected in ["The case", "Home oxygen therapy in Barcelona", "Three patients on home oxygen", "Partners",
                         "Hospital Litoral (Hospital), hospital", "Patients", "Maria Soler • 72, COPD", "Question for the room",
                         "Each partner does its own job well. Where, between them, will"] {
            #expect(text.contains(expected), "step 0 lacks \(expected)")
        }
    }

    /// A case without an opening question shows the first question the facilitator will ask.
    @Test func withoutAnOpeningQuestionStepZeroShowsTheFirstStepQuestion() {
        var model = BuiltinCase.model
        model.info.question = ""
        let text = rows(AppState(analysis: Analysis(validated: model), step: 0, size: Size(width: 100, height: 30))).joined(separator: "\n")
        #expect(text.contains("Question for the room (step 3)"))
        #expect(text.contains("Who in this room would have booked Maria's review?"))
    }

    /// The header keeps one date format and its place; the strip does not shift as the step label grows.
    @Test(arguments: [Size(width: 80, height: 24), Size(width: 100, height: 30), Size(width: 200, height: 60)])
    func theChromeIsStable(_ size: Size) {
        var stepColumn: Set<Int> = [], stripEnd: Set<Int> = [], dates: Set<Int> = []
        for k in 0...Self.builtin.stepCount {
            let r = rows(AppState(analysis: Self.builtin, step: k, size: size))
            stepColumn.insert(r[0].distance(from: r[0].startIndex, to: r[0].range(of: "step")!.lowerBound))
            stripEnd.insert(r[size.height - 2].distance(from: r[size.height - 2].startIndex, to: r[size.height - 2].lastIndex(of: "┤")!))
            dates.insert(r[0].matches(of: /\d{4}-\d{2}-\d{2}/).count)
            #expect(r[0].contains("❚❚"))  // autoplay's state (issue 7): paused
            #expect(r[0].hasPrefix(" Home oxygen therapy in Barcelona "))
        }
        #expect(stepColumn.count == 1)
        #expect(stripEnd.count == 1)
        #expect(dates == [size.width >= 80 ? 1 : 0])
    }

    @Test func theKeyFigureShowsAt100x30() {
        // Maria's therapy line: ended, with the unneeded days and their cost.
        let last = Self.builtin.stepCount
        let r = rows(AppState(analysis: Self.builtin, step: last, size: Size(width: 100, height: 30)))
        #expect(r.contains { $0.contains("46 unneeded days • 239.20 EUR") })
        #expect(r.contains { $0.contains("home oxygen therapy ended on day 141 after 137 days") })
    }

    /// An owner's overdue obligation keeps its state on screen, even at 80×24 (a generated case has them).
    @Test func overdueObligationsShowTheirState() throws {
        let analysis = Analysis(validated: SyntheticCase.make(patients: 12, steps: 150))
        let found = (1...analysis.stepCount).lazy.compactMap { k in
            analysis.state(at: k).openDecisions(partner: 1).first { $0.status(at: k) == .overdue }.map { (k, $0) }
        }.first
        let (k, d) = try #require(found)
        let r = rows(AppState(analysis: analysis, step: k, patient: d.patient, size: Size(width: 80, height: 24)))
        #expect(r.contains { $0.contains("OVERDUE") })
    }

    @Test func theMatrixKeepsItsHeaderWhenScrolled() {
        var app = AppState(analysis: Self.builtin, step: 19, size: Size(width: 80, height: 24))
        Reducer.reduce(&app, .scrollDown)
        Reducer.reduce(&app, .scrollDown)
        let r = rows(app)
        #expect(r.contains { $0.contains("knowledge") && $0.contains("Primary") && $0.contains("CatSalut") })
        #expect(!r.contains { $0.contains("referral let") })
        #expect(r.contains { $0.contains("2 above") })
    }

    @Test(arguments: [Size(width: 80, height: 24), Size(width: 100, height: 30)])
    func theAsciiFooterKeepsQuit(_ size: Size) {
        let r = rows(AppState(analysis: Self.builtin, step: 19, size: size), glyphs: .ascii)
        #expect(r[size.height - 1].contains("q quit"))
        #expect(r[size.height - 1].contains("? help"))
        #expect(r[size.height - 1].contains("n/Right next"))
    }

    @Test func overlaysUseLabelsNotIds() {
        var app = AppState(analysis: Self.builtin, step: Self.step("joan", "prescribe-o2"), size: Size(width: 100, height: 30))
        Reducer.reduce(&app, .open)
        let text = rows(app).joined(separator: "\n")
        #expect(text.contains("sends oxygen prescription to Oxigen Llar, Primary care"))
        #expect(text.contains("sends hospital report to Primary care"))
        #expect(!text.contains(" rx ") && !text.contains("to company") && !text.contains("to primary"))
    }

    @Test func twoHospitalsAndNumberedPatientsAreToldApart() {
        var model = SyntheticCase.make(patients: 6, steps: 60)
        model.partners[0].name = "Hospital del Mar"
        model.partners[1].name = "Hospital Litoral"
        let analysis = Analysis(validated: model)
        let k = 1 + model.timeline.firstIndex { $0.activity == "send-report" }!
        let text = rows(AppState(analysis: analysis, step: k, size: Size(width: 120, height: 40))).joined(separator: "\n")
        // The matrix header, the handoff line, the tabs.
        #expect(text.contains("H. del Mar") && text.contains("H. Litoral"))
        #expect(text.contains("H. Litoral ─prescription─▷ H. del Mar"))
        #expect(text.contains("◁ Patient 3 │ Patient 4 │ Patient 5 ▷"))
        #expect(!text.contains("Hospital ─"))
    }

    /// An alert raised and resolved at the same step is shown at that step and counted as new.
    @Test func anAlertResolvedAtOnceStillShows() throws {
        let yaml = """
        alliance-case: 1
        case: { title: Late report, day-zero: 2024-01-01 }
        partners:
          - { id: a, name: Alpha, actors: [{ id: a1, name: Ann, role: ra }] }
          - { id: b, name: Beta, actors: [{ id: b1, name: Bob, role: rb }] }
        patients:
          - { id: x, name: Xavi }
        activities:
          - { id: act, label: acts }
          - { id: send, label: sends the note }
        knowledge:
          - { id: k, label: note, needed-by: [{ partner: b, for: [act] }] }
        handoffs:
          - { id: h, from: a, to: b, knowledge: k, trigger: [act], within: 1 }
        timeline:
          - { day: 0, patient: x, actor: a1, activity: act, produces: [{ knowledge: k, value: "v1" }] }
          - { day: 1, patient: x, actor: a1, activity: act, produces: [{ knowledge: k, value: "v2" }], sends: [{ knowledge: k, to: [b] }] }
          - { day: 5, patient: x, actor: a1, activity: send }
        """
        // The first handoff, superseded on day 1, is omitted when its window ends (step 3) and
        // resolved at once: Beta already holds the newer note.
        let analysis = Analysis(validated: try CaseFileDecoder().decode(yaml: yaml, path: "late.yaml"))
        let r = rows(AppState(analysis: analysis, step: 3, size: Size(width: 100, height: 30)))
        let text = r.joined(separator: "\n")
        #expect(text.contains("0 active • 1 new"))
        #expect(r.contains { $0.contains("omitted-handoff  Xavi  step 3  NEW  resolved at once") })
    }
}

@Suite("An alert's record says how it was resolved")
struct AlertResolutionScreenTests {
    @Test func theOverdueReviewSaysWhoTookItAndWhen() {
        let a = Analysis(validated: BuiltinCase.model)
        let stop = 1 + a.model.timeline.firstIndex { $0.patient == "maria" && $0.activity == "stop-o2" }!
        let id = a.alerts.first { $0.rule == .ownerlessDecision && $0.severity == .critical }!.id
        var app = AppState(analysis: a, step: a.stepCount, size: Size(width: 120, height: 40))
        app.overlay = .alert(id)
        let text = DashboardRenderer.render(app).textRows.joined(separator: "\n")
        #expect(text.contains("Resolved: taken on day 140 (step \(stop)) by Dr Vidal"))
        // Before it was taken, the record says nothing of a resolution.
        var before = AppState(analysis: a, step: stop - 1, size: Size(width: 120, height: 40))
        before.overlay = .alert(id)
        #expect(!DashboardRenderer.render(before).textRows.joined(separator: "\n").contains("Resolved:"))
    }

    /// A few alerts and room to spare: their sentences are shown whole, not cut to two lines
    /// above blank rows (a case from another sector, at 100×30).
    @Test func fewAlertsAreShownWholeWhenTheyFit() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("AllianceCoreTests/Fixtures/school-to-work.yaml")
        let analysis = Analysis(validated: try CaseFileDecoder().load(path: url.path))
        let rows = DashboardRenderer.render(AppState(analysis: analysis, step: 10, size: Size(width: 100, height: 30))).textRows
        #expect(rows.contains { $0.contains("for Omar Benali arrived on day 15, 5 days late (due by day") })
        #expect(rows.contains { $0.contains("│    10)") })
        #expect(!rows.contains { $0.contains("(due by day…") })
    }

    /// Two patients with the same name: the patient panel's title and the case panel say
    /// which one, as the sentences do.
    @Test func sameNamedPatientsAreToldApartInTitles() throws {
        var model = BuiltinCase.model
        model.patients[2].name = model.patients[0].name  // Pere becomes a second "Joan Ferrer"
        let analysis = Analysis(validated: model)
        var app = AppState(analysis: analysis, step: analysis.stepCount, patient: 2, size: Size(width: 120, height: 40))
        let rows = DashboardRenderer.render(app).textRows
        #expect(rows[2].contains("◆ Joan Ferrer (2)"))
        app.step = 0
        let start = DashboardRenderer.render(app).textRows.joined(separator: "\n")
        #expect(start.contains("Joan Ferrer (1)") && start.contains("Joan Ferrer (2)"))
    }
}

