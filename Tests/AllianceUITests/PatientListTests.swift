import AllianceCore
@testable import AllianceUI
import Testing

@Suite("The patient list: search, sort, select")
struct PatientListTests {
    /// Five patients; partner Beta needs Alpha's note before it acts, so its steps for a patient
    /// whose note it never got raise alerts: at step 7, three for Patient 10 (uninformed
    /// actions), two for Núria (one, and the emergent routine "Alpha sees → Beta acts").
    static let five: Analysis = {
        let yaml = """
            alliance-case: 1
            case: { title: Five patients, day-zero: 2024-01-01 }
            partners:
              - { id: a, name: Alpha, actors: [{ id: x1, name: Xa, role: r1 }] }
              - { id: b, name: Beta, actors: [{ id: y1, name: Yb, role: r2 }] }
            patients:
              - { id: a1, name: Ana Puig }
              - { id: n2, name: Núria Vidal }
              - { id: p9, name: Patient 9 }
              - { id: p10, name: Patient 10 }
              - { id: j5, name: Joan Serra }
            activities:
              - { id: act, label: acts }
              - { id: see, label: sees }
            knowledge:
              - { id: k, label: note, needed-by: [{ partner: b, for: [act] }] }
            timeline:
              - { day: 1, patient: p10, actor: x1, activity: see, produces: [{ knowledge: k }] }
              - { day: 2, patient: p10, actor: y1, activity: act }
              - { day: 3, patient: n2, actor: x1, activity: see, produces: [{ knowledge: k }] }
              - { day: 4, patient: n2, actor: y1, activity: act }
              - { day: 5, patient: p10, actor: y1, activity: act }
              - { day: 6, patient: a1, actor: x1, activity: see }
              - { day: 7, patient: p10, actor: y1, activity: act }

            """
        return Analysis(validated: try! CaseFileDecoder().decode(yaml: yaml, path: "five.yaml"))
    }()

    static let synthetic = Analysis(validated: SyntheticCase.make(patients: 300, steps: 9_000, seed: 5))

    func run(_ actions: [Action], _ state: AppState) -> AppState {
        var s = state
        for a in actions { Reducer.reduce(&s, a) }
        return s
    }

    func type(_ text: String) -> [Action] { text.map { .patientListEdit(.insert(String($0))) } }

    func names(_ s: AppState) -> [String] { s.patientList.rows.map { s.analysis.patientName(Int($0)) } }

    @Test func theAlertsOrderPutsTheMostActiveAlertsFirstThenNames() {
        let s = run([.patientList], AppState(analysis: Self.five, step: 7))
        #expect(s.overlay == .patients)
        let st = s.analysis.state(at: 7)
        // Whatever the rules raised: the order is by active alerts, then raised, then name.
        let active = s.patientList.rows.map { st.alertTally(patient: Int($0)).total }
        let raised = s.patientList.rows.map { st.alertsRaised(patient: Int($0)) }
        #expect(active == [3, 2, 0, 0, 0])
        #expect(raised == [3, 2, 0, 0, 0])
        #expect(names(s) == ["Patient 10", "Núria Vidal", "Ana Puig", "Joan Serra", "Patient 9"])
    }

    @Test func tabCyclesTheSortOrders() {
        let start = AppState(analysis: Self.five, step: 7)
        let byName = run([.patientList, .patientListSort], start)
        #expect(byName.patientList.sort == .name)
        // Numbers in names by value: Patient 9 before Patient 10.
        #expect(names(byName) == ["Ana Puig", "Joan Serra", "Núria Vidal", "Patient 9", "Patient 10"])
        let byActivity = run([.patientList, .patientListSort, .patientListSort], start)
        #expect(byActivity.patientList.sort == .lastActivity)
        // Latest first (day 7, 6, 4); those nothing has happened to yet last, by name.
        #expect(names(byActivity) == ["Patient 10", "Ana Puig", "Núria Vidal", "Joan Serra", "Patient 9"])
        let around = run([.patientList, .patientListSort, .patientListSort, .patientListSort], start)
        #expect(around.patientList.sort == .alerts)
    }

    @Test func theCountsAreThoseOfTheCurrentStep() {
        // At step 2 only Patient 10 has had an alert; at step 0 nobody.
        let s = run([.patientList], AppState(analysis: Self.five, step: 2))
        #expect(names(s).first == "Patient 10")
        #expect(s.analysis.state(at: 2).alertTally(patient: Int(s.patientList.rows[0])).total == 1)
        let lastAt2 = run([.patientList, .patientListSort, .patientListSort], AppState(analysis: Self.five, step: 2))
        #expect(names(lastAt2) == ["Patient 10", "Ana Puig", "Joan Serra", "Núria Vidal", "Patient 9"])
    }

    @Test func theSearchMatchesNamesAndIdsInAnyCaseWithoutAccents() {
        let start = AppState(analysis: Self.five, step: 7)
        let pat = run([.searchPatients] + type("PAT"), start)
        #expect(pat.patientList.typing)
        #expect(pat.patientList.query.text == "PAT")
        #expect(names(pat) == ["Patient 10", "Patient 9"])
        // No accent typed, one in the name.
        #expect(names(run([.searchPatients] + type("nuria"), start)) == ["Núria Vidal"])
        // An id: "p10" is not in "Patient 10", it is its id.
        #expect(names(run([.searchPatients] + type("p10"), start)) == ["Patient 10"])
        #expect(names(run([.searchPatients] + type("zz"), start)) == [])
        // Backspace widens the search again.
        let back = run([.searchPatients] + type("pa") + [.patientListEdit(.backspace)], start)
        #expect(back.patientList.query.text == "p")
        #expect(names(back) == ["Patient 10", "Ana Puig", "Patient 9"])
    }

    @Test func enterSelectsThePatientAndPinsIt() {
        let start = AppState(analysis: Self.five, step: 7)
        #expect(start.patient == 3)  // step 7 is Patient 10's
        let s = run([.searchPatients] + type("vidal") + [.open], start)
        #expect(s.overlay == nil)
        #expect(s.patient == 1)
        #expect(!s.followStep)
        #expect(s.focus == .patient)
        #expect(s.notice == "Núria Vidal selected (f: follow the patient of each step again)")
        // Moving the selection first: the second row.
        let second = run([.patientList, .patientListMove(.down), .open], start)
        #expect(second.patient == 1)  // alerts order: Patient 10, then Núria
        // Nothing matches: Enter keeps the list open.
        let none = run([.searchPatients] + type("zz") + [.open], start)
        #expect(none.overlay == .patients)
        #expect(none.patient == 3)
    }

    @Test func escClearsTheSearchThenCloses() {
        let start = AppState(analysis: Self.five, step: 7)
        let cleared = run([.searchPatients] + type("pat") + [.close], start)
        #expect(cleared.overlay == .patients)
        #expect(cleared.patientList.query.text == "")
        #expect(!cleared.patientList.typing)
        #expect(cleared.patientList.rows.count == 5)
        let closed = run([.searchPatients] + type("pat") + [.close, .close], start)
        #expect(closed.overlay == nil)
        // P reopens it as it was left; / starts a new search.
        let reopened = run([.patientList, .patientListSort, .close, .patientList], start)
        #expect(reopened.overlay == .patients)
        #expect(reopened.patientList.sort == .name)
        let again = run([.searchPatients] + type("pat") + [.patientListMove(.down), .searchPatients], start)
        #expect(again.patientList.query.text == "")
        #expect(again.patientList.typing)
    }

    @Test func keysGoToTheSearchWhileTypingAndMoveOtherwise() {
        let typing = run([.searchPatients], AppState(analysis: Self.five, step: 7))
        #expect(KeyBinding.action(for: .character("q"), in: typing) == .patientListEdit(.insert("q")))
        #expect(KeyBinding.action(for: .character("n"), in: typing) == .patientListEdit(.insert("n")))
        #expect(KeyBinding.action(for: .down, in: typing) == .patientListMove(.down))
        #expect(KeyBinding.action(for: .pageDown, in: typing) == .patientListMove(.pageDown))
        #expect(KeyBinding.action(for: .end, in: typing) == .patientListMove(.last))
        #expect(KeyBinding.action(for: .backspace, in: typing) == .patientListEdit(.backspace))
        #expect(KeyBinding.action(for: .enter, in: typing) == .open)
        #expect(KeyBinding.action(for: .escape, in: typing) == .close)
        #expect(KeyBinding.action(for: .tab, in: typing) == .patientListSort)
        #expect(KeyBinding.pasteAction("Núria", in: typing) == .patientListEdit(.insert("Núria")))
        let browsing = run([.patientList], AppState(analysis: Self.five, step: 7))
        #expect(KeyBinding.action(for: .character("q"), in: browsing) == .quit)
        #expect(KeyBinding.action(for: .character("j"), in: browsing) == .patientListMove(.down))
        #expect(KeyBinding.action(for: .character("/"), in: browsing) == .searchPatients)
        #expect(KeyBinding.action(for: .character("n"), in: browsing) == .next)
        #expect(KeyBinding.action(for: .character("P"), in: browsing) == .patientList)
        // `/` and a name typed in one burst (read as a paste): the search key, then the text.
        #expect(KeyBinding.pasteAction("/Patient 1", in: browsing) == .patientListEdit(.insert("Patient 1")))
        // On the dashboard: P and / open it; a paste means nothing.
        let dashboard = AppState(analysis: Self.five, step: 7)
        #expect(KeyBinding.action(for: .character("/"), in: dashboard) == .searchPatients)
        #expect(KeyBinding.action(for: .character("P"), in: dashboard) == .patientList)
        #expect(KeyBinding.pasteAction("x", in: dashboard) == nil)
        // A paste is one edit: the whole text at once.
        let pasted = run([.searchPatients, KeyBinding.pasteAction("Patient 1", in: typing)!], AppState(analysis: Self.five, step: 7))
        #expect(names(pasted) == ["Patient 10"])
    }

    @Test func steppingClosesTheListAndReopeningCountsAtTheNewStep() {
        let s = run([.patientList, .next], AppState(analysis: Self.five, step: 1))
        #expect(s.overlay == nil)
        #expect(s.step == 2)
        let reopened = run([.patientList], s)
        #expect(names(reopened).first == "Patient 10")
        #expect(reopened.analysis.state(at: 2).alertTally(patient: Int(reopened.patientList.rows[0])).total == 1)
    }

    @Test func movesStayInTheListAndKeepTheSelectionInView() {
        let size = Size(width: 100, height: 30)
        let page = PatientListLayout.rowsInView(size)
        #expect(page == 21)
        let start = AppState(analysis: Self.synthetic, step: 4_000, size: size)
        let paged = run([.patientList, .patientListMove(.pageDown), .patientListMove(.pageDown)], start)
        #expect(paged.patientList.cursor == 2 * page)
        #expect(paged.patientList.top == 2 * page - page + 1)
        let end = run([.patientList, .patientListMove(.last), .patientListMove(.down)], start)
        #expect(end.patientList.cursor == 299)
        #expect(end.patientList.top == 300 - page)
        let home = run([.patientList, .patientListMove(.last), .patientListMove(.first), .patientListMove(.up)], start)
        #expect(home.patientList.cursor == 0)
        #expect(home.patientList.top == 0)
        // A smaller terminal: the page is smaller and the selection stays in view.
        let small = run([.patientList, .patientListMove(.last), .resize(Size(width: 80, height: 24))], start)
        #expect(small.patientList.top == 300 - PatientListLayout.rowsInView(Size(width: 80, height: 24)))
    }

    /// The rows a refinement keeps (filtering the previous rows) are those a fresh search finds,
    /// in every order, and the alerts order is the one a plain sort of every patient gives.
    @Test func narrowingASearchGivesTheSameRowsAsAFreshOne() {
        let a = Self.synthetic
        for sort in PatientSort.allCases {
            var typed = run([.searchPatients], AppState(analysis: a, step: 5_000))
            typed.patientList.sort = sort
            for (i, c) in "12".enumerated() {
                Reducer.reduce(&typed, .patientListEdit(.insert(String(c))))
                var fresh = run([.searchPatients], AppState(analysis: a, step: 5_000))
                fresh.patientList.sort = sort
                fresh = run(type(String("12".prefix(i + 1))), fresh)
                #expect(typed.patientList.rows == fresh.patientList.rows, "\(sort) \(i)")
            }
            #expect(typed.patientList.rows.count == 13, "\(sort)")  // 12, 112, 120…129 and 212 of 1…300
        }
        let st = a.state(at: 5_000)
        let listed = run([.patientList], AppState(analysis: a, step: 5_000)).patientList.rows.map(Int.init)
        let byName = (0..<300).sorted { PatientDirectory.naturalCompare(Array(a.patientName($0).lowercased().utf8), Array(a.patientName($1).lowercased().utf8)) < 0 }
        let rank = Dictionary(uniqueKeysWithValues: byName.enumerated().map { ($1, $0) })
        let expected = (0..<300).sorted {
            let ka = (st.alertTally(patient: $0).total, st.alertsRaised(patient: $0)), kb = (st.alertTally(patient: $1).total, st.alertsRaised(patient: $1))
            return ka != kb ? ka > kb : rank[$0]! < rank[$1]!
        }
        #expect(listed == expected)
        #expect(st.alertTally(patient: listed[0]).total > st.alertTally(patient: listed[299]).total)
    }

    @Test func naturalOrderComparesNumbersByValue() {
        func c(_ a: String, _ b: String) -> Int { PatientDirectory.naturalCompare(Array(a.utf8), Array(b.utf8)) }
        #expect(c("patient 9", "patient 10") == -1)
        #expect(c("patient 10", "patient 9") == 1)
        #expect(c("p007", "p7") == 0)
        #expect(c("ana", "anna") == -1)
        #expect(c("ana", "ana b") == -1)
        #expect(c("b", "a") == 1)
    }
}

@Suite("The patient list and the partners' totals on screen (snapshots)")
struct PatientListSnapshotTests {
    func check(_ state: AppState, _ name: String, _ title: String) throws {
        try Snapshot.assert(Snapshot.document(DashboardRenderer.render(state), title: title), named: name)
    }

    func run(_ actions: [Action], _ state: AppState) -> AppState {
        var s = state
        for a in actions { Reducer.reduce(&s, a) }
        return s
    }

    @Test func theListAt100x30SortedByAlerts() throws {
        let s = run([.patientList, .patientListMove(.down), .patientListMove(.down)],
                    AppState(analysis: PatientListTests.synthetic, step: 5_000, size: Size(width: 100, height: 30)))
        try check(s, "patient-list-100x30.txt", "300 patients at step 5000, the list by alerts, third row selected")
    }

    @Test func aSearchAt80x24() throws {
        let s = run([.searchPatients] + "2".map { .patientListEdit(.insert(String($0))) } + [.patientListSort, .patientListSort],
                    AppState(analysis: PatientListTests.synthetic, step: 5_000, size: Size(width: 80, height: 24)))
        try check(s, "patient-list-search-80x24.txt", "300 patients at step 5000, searching 2, by last activity")
    }

    @Test func partnersCountOverAllPatientsAt100x30() throws {
        let s = AppState(analysis: PatientListTests.synthetic, step: 5_000, size: Size(width: 100, height: 30))
        try check(s, "many-patients-100x30.txt", "300 patients at step 5000: partner totals")
        let rows = DashboardRenderer.render(s).textRows
        let t = s.caseState.partnerTotals(0)
        #expect(rows.contains { $0.contains("│ \(t.steps) steps • \(t.patients) patients ") })
        #expect(rows.contains { $0.contains("│ handovers out \(t.handedOn) • in \(t.received) •") })
    }

    /// Thousands of patients on therapy: the debrief's per-patient bars are the largest 30, in
    /// the chart's order, and the rest counted (laying out every bar made each key slow).
    @Test func theDebriefShowsTheLargestBarsOfManyPatients() {
        let a = PatientListTests.synthetic
        let app = AppState(analysis: a, step: a.stepCount, size: Size(width: 100, height: 30))
        let lines = Frame(app: app, glyphs: .unicode).debriefLines(width: 98).map(\.text)
        let chart = DebriefComparison(baseline: DebriefData(app.caseState, buckets: 12)).unneededDaysChart
        #expect(chart.rows.count > 100)
        #expect(lines.contains("and \(chart.rows.count - 30) more with smaller values (report --format html has them all)"))
        let heading = lines.firstIndex(of: chart.title)!
        let shown = lines[(heading + 1)...].prefix(30)
        let values = chart.rows.map { $0.values[0] ?? 0 }
        let threshold = values.sorted(by: >)[29]
        // Every row shown has one of the 30 largest values, and they keep the chart's order.
        let expected = chart.rows.indices.filter { values[$0] > threshold }.count
        #expect(expected <= 30)
        #expect(shown.allSatisfy { line in chart.rows.contains { line.hasPrefix($0.short + " ") && ($0.values[0] ?? 0) >= threshold } })
    }
}
