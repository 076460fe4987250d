import AllianceCore
@testable import AllianceUI
import Testing

@Suite("Crowded panels: many partners, long alert lists")
struct CrowdedPanelTests {
    /// 200 partners, one patient; partner 120 produces a note at step 1, partner 150 needs it at step 2.
    static let many: Analysis = {
        var yaml = "alliance-case: 1\ncase: { title: Many partners, day-zero: 2024-01-01 }\npartners:\n"
        for i in 0..<200 { yaml += "  - { id: p\(i), name: Partner \(i), actors: [{ id: a\(i), name: Actor \(i), role: r\(i) }] }\n" }
        yaml += """
            patients:
              - { id: x, name: Xavi }
            activities:
              - { id: act, label: acts }
            knowledge:
              - { id: k, label: note, needed-by: [{ partner: p150, for: [act] }] }
            timeline:
              - { day: 1, patient: x, actor: a120, activity: act, produces: [{ knowledge: k }] }
              - { day: 2, patient: x, actor: a150, activity: act }
              - { day: 3, patient: x, actor: a10, activity: act }

            """
        return Analysis(validated: try! CaseFileDecoder().decode(yaml: yaml, path: "many.yaml"))
    }()

    @Test func thePartnersThatMatterComeFirstAndTheRestAreCounted() {
        let rows = DashboardRenderer.render(AppState(analysis: Self.many, step: 2, size: Size(width: 100, height: 30))).textRows
        // Left column: the acting partner, then the one the new alert names, then the others.
        #expect(rows[3].hasPrefix("│▶ Partner 150 !1: acts"))
        #expect(rows[4].hasPrefix("│  Partner 120 !1"))
        #expect(rows[5].hasPrefix("│  Partner 0 "))
        #expect(rows.contains { $0.hasPrefix("│↓ 177 more") })
        // Matrix: the same partners first, readable, and how many are left out.
        let header = rows.first { $0.contains("knowledge  Partner 150") }
        #expect(header?.contains("Partner 150 Partner 120") == true)
        #expect(header?.contains("+197 more") == true)
        #expect(rows.contains { $0.contains("note        ✗           ●") })
        // At the next step the actor of that step leads instead.
        let next = DashboardRenderer.render(AppState(analysis: Self.many, step: 3, size: Size(width: 100, height: 30))).textRows
        #expect(next[3].hasPrefix("│▶ Partner 10: acts"))
    }

    @Test func fewPartnersKeepTheirOrder() {
        let rows = DashboardRenderer.render(AppState(analysis: Analysis(validated: BuiltinCase.model), step: 19, size: Size(width: 100, height: 30))).textRows
        let header = rows.first { $0.contains("knowledge") }!
        #expect(header.contains("Primary   Hospital  Oxigen    CatSalut"))
        #expect(!header.contains("more"))
    }

    /// The panel list from any position equals the whole list's slice, and the panel lays
    /// out the same alerts wherever the cursor is.
    @Test func theAlertListFromAnyPositionIsTheWholeListsSlice() {
        let analysis = Analysis(validated: SyntheticCase.make(patients: 40, steps: 1_500))
        for k in stride(from: 0, through: analysis.stepCount, by: 37) {
            let state = analysis.state(at: k)
            let whole = state.panelAlerts(limit: .max).map(\.id)
            #expect(whole.count == state.panelAlertCount, "step \(k)")
            for offset in [0, 3, whole.count / 2, max(0, whole.count - 2)] {
                #expect(state.panelAlerts(from: offset, limit: 5).map(\.id) == Array(whole.dropFirst(offset).prefix(5)), "step \(k), offset \(offset)")
            }
        }
    }

    @Test func theSelectedAlertDeepInTheListIsOnScreenWithItsPosition() {
        let analysis = Analysis(validated: SyntheticCase.make(patients: 40, steps: 1_500))
        var app = AppState(analysis: analysis, step: analysis.stepCount, size: Size(width: 100, height: 30))
        app.focus = .alerts
        let total = app.caseState.panelAlertCount
        #expect(total > 300)
        app.alertCursor = 300
        let selected = app.caseState.panelAlerts(from: 300, limit: 1)[0]
        let rows = DashboardRenderer.render(app).textRows
        #expect(rows.contains { $0.contains("◆") && $0.contains(selected.rule.rawValue) && $0.contains("step \(selected.step)") })
        #expect(rows.contains { $0.contains("more") && $0.contains("above") })
        // Enter opens that very alert.
        Reducer.reduce(&app, .open)
        #expect(app.overlay == .alert(selected.id))
    }

    /// With many patients the partner overlay shows the selected patient in full and counts
    /// the others, instead of laying out every item of every patient at each key.
    @Test func thePartnerOverlayOfACaseWithManyPatientsNamesTheOthers() {
        let analysis = Analysis(validated: SyntheticCase.make(patients: 40, steps: 1_500))
        var app = AppState(analysis: analysis, step: analysis.stepCount, patient: 3, size: Size(width: 100, height: 30))
        app.overlay = .partner(0)
        let text = DashboardRenderer.render(app).textRows.joined(separator: "\n")
        #expect(text.contains("Patient 4"))  // the selected patient (index 3)
        let others = (0..<40).filter { x in x != 3 && analysis.model.knowledge.indices.contains { app.caseState.latestHeld(patient: x, partner: 0, knowledge: $0) != nil } }.count
        #expect(others > 20)
        // Named in the order the partner came to know of them (ties by patient).
        func knows(_ x: Int, at k: Int) -> Bool {
            analysis.model.knowledge.indices.contains { analysis.state(at: k).latestHeld(patient: x, partner: 0, knowledge: $0) != nil }
        }
        func since(_ x: Int) -> Int {
            var lo = 0, hi = analysis.stepCount
            while lo < hi { let mid = (lo + hi) / 2; if knows(x, at: mid) { hi = mid } else { lo = mid + 1 } }
            return lo
        }
        let order = (0..<40).filter { $0 != 3 && knows($0, at: analysis.stepCount) }.sorted { (since($0), $0) < (since($1), $1) }
        let first = order.prefix(3).map { analysis.patientName($0) }.joined(separator: ", ")
        #expect(text.contains("It also knows of \(others) other patients: \(first),"))
        // A case with few patients lists them all (the built-in case: three).
        var small = AppState(analysis: Analysis(validated: BuiltinCase.model), step: 20, size: Size(width: 100, height: 40))
        small.overlay = .partner(2)
        let rows = DashboardRenderer.render(small).textRows.joined(separator: "\n")
        #expect(rows.contains("Joan Ferrer") && rows.contains("Maria Soler") && rows.contains("Pere Casals"))
        #expect(!rows.contains("also knows of"))
    }
}

