import AllianceCore
@testable import AllianceUI
import Testing

/// The `m` overlay and the dashboard with what-if mechanisms on.
@Suite("What-if mechanisms in the dashboard")
struct MechanismUITests {
    static func id(_ i: Int) -> String { BuiltinCase.model.mechanisms[i].id }
    static var namedReviewer: Int { BuiltinCase.model.mechanisms.firstIndex { $0.id == "named-reviewer" }! }

    @Test func mOpensTheListAndSpaceOrEnterTogglesTheSelectedMechanismKeepingStepPatientAndFocus() {
        var s = AppState.builtIn(step: 26, patient: 1)
        Reducer.reduce(&s, .focusNext)
        let focus = s.focus
        #expect(KeyBinding.action(for: .character("m"), in: s) == .mechanisms)
        Reducer.reduce(&s, .mechanisms)
        #expect(s.overlay == .mechanisms)
        // In the list, Space and Enter toggle; elsewhere Space steps.
        #expect(KeyBinding.action(for: .character(" "), in: s) == .toggleMechanism)
        #expect(KeyBinding.action(for: .enter, in: s) == .toggleMechanism)
        for _ in 0..<Self.namedReviewer { Reducer.reduce(&s, .scrollDown) }
        Reducer.reduce(&s, .toggleMechanism)
        #expect(s.activeMechanisms == ["named-reviewer"])
        #expect(s.comparison?.mechanisms.map(\.id) == ["named-reviewer"])
        // The dashboard now shows the variant: the owner took Maria's review when due.
        #expect(s.analysis !== s.baseline)
        #expect(s.analysis.model.decisions.first { $0.id == "review-discharge-o2" }?.owner == "pulmonologist")
        #expect((s.step, s.patient, s.focus, s.followStep) == (26, 1, focus, false))
        #expect(s.overlay == .mechanisms)
        // Toggling the first one adds it, in the case's order.
        for _ in 0..<10 { Reducer.reduce(&s, .scrollUp) }
        Reducer.reduce(&s, .toggleMechanism)
        #expect(s.activeMechanisms == [Self.id(0), "named-reviewer"])
        Reducer.reduce(&s, .toggleMechanism)
        #expect(s.activeMechanisms == ["named-reviewer"])
        // Both off again: the case as it happened, the same analysis object.
        for _ in 0..<Self.namedReviewer { Reducer.reduce(&s, .scrollDown) }
        Reducer.reduce(&s, .toggleMechanism)
        #expect(s.activeMechanisms == [])
        #expect(s.comparison == nil)
        #expect(s.analysis === s.baseline)
        #expect((s.step, s.patient) == (26, 1))
        // m again (or Esc) closes it; stepping closes it and steps.
        Reducer.reduce(&s, .mechanisms)
        #expect(s.overlay == nil)
        Reducer.reduce(&s, .mechanisms)
        Reducer.reduce(&s, .next)
        #expect(s.overlay == nil && s.step == 27)
    }

    @Test func theCursorStaysInTheList() {
        var s = AppState.builtIn(step: 3)
        Reducer.reduce(&s, .mechanisms)
        for _ in 0..<20 { Reducer.reduce(&s, .scrollDown) }
        #expect(s.mechanismCursor == BuiltinCase.model.mechanisms.count - 1)
        for _ in 0..<20 { Reducer.reduce(&s, .scrollUp) }
        #expect(s.mechanismCursor == 0)
    }

    @Test func withAMechanismOnTheAlertsItAvoidsAreMarkedAndTheSavingsShown() throws {
        // Step 25: the day after Maria's review was due (the event).
        let due = BuiltinCase.model.timeline.firstIndex { $0.event != nil && $0.patient == "maria" }! + 1
        var s = AppState.builtIn(step: due, patient: 1)
        s.setMechanisms(["named-reviewer"])
        let rows = DashboardRenderer.render(s).textRows
        // Due by day 93: at 09:00 UTC (10:00 local) on day 94, 0.4 day of oxygen is already unneeded.
        #expect(rows[2].hasPrefix(" ◌ What if: Every prescription names its reviewer • 2 avoided • 0 new • 0.4 d, 1.95 EUR saved"))
        #expect(rows.contains { $0.contains("◌ ownerless-decision  Maria  step \(due)  avoided") })
        #expect(rows.contains { $0.contains("• 2 avoided ┐") })
        #expect(rows.contains { $0.contains("◌ what-if: 2 alerts avoided • 0.4 days, 1.95 EUR saved") })
        try Snapshot.assert(Snapshot.document(DashboardRenderer.render(s), title: "named reviewer on, step \(due)"),
                            named: "mechanism-100x30-step\(due).txt")
        // At the last step, the days and cost saved.
        var end = AppState.builtIn(step: 34, patient: 1)
        end.setMechanisms(["named-reviewer"])
        let last = DashboardRenderer.render(end).textRows
        #expect(last[2].contains("• 3 avoided • 0 new • 46 d, 239.20 EUR saved"))
        #expect(last.contains { $0.contains("◌ what-if: 3 alerts avoided • 46 days, 239.20 EUR saved") })
    }

    @Test func theListShowsEachMechanismOnOrOff() throws {
        var s = AppState.builtIn(step: 34, patient: 1)
        s.setMechanisms(["named-reviewer"])
        Reducer.reduce(&s, .mechanisms)
        let rows = DashboardRenderer.render(s).textRows
        #expect(rows.contains { $0.contains("◆ [off] A shared care record") })
        #expect(rows.contains { $0.contains("[on]  Every prescription names its reviewer") })
        try Snapshot.assert(Snapshot.document(DashboardRenderer.render(s), title: "mechanisms overlay"), named: "overlay-mechanisms.txt")
    }

    @Test func atEightyByTwentyFourTheSelectedMechanismStaysInView() {
        var s = AppState.builtIn(step: 10, size: Size(width: 80, height: 24))
        Reducer.reduce(&s, .mechanisms)
        for _ in 0..<3 { Reducer.reduce(&s, .scrollDown) }
        let rows = DashboardRenderer.render(s).textRows
        #expect(rows.contains { $0.contains("◆ [off] The call-the-GP protocol from day 0") })
        #expect(rows.contains { $0.contains("within a week.") })
        #expect(rows.contains { $0.contains("• j/k select • Space on/off ") })
        Reducer.reduce(&s, .toggleMechanism)
        #expect(s.activeMechanisms == ["call-protocol"])
        #expect(DashboardRenderer.render(s).textRows.contains { $0.contains("◆ [on]  The call-the-GP protocol from day 0") })
    }

    @Test(arguments: SnapshotTests.sizes)
    func nothingIsCutSilentlyWithEveryMechanismOn(_ size: Size) {
        let analysis = Analysis(validated: BuiltinCase.model)
        var app = AppState(analysis: analysis, step: 0, size: size)
        app.setMechanisms(BuiltinCase.model.mechanisms.map(\.id))
        for k in 0...analysis.stepCount {
            app.step = k
            let found = TextCutTests.problems(app) + TextCutTests.problems(app, glyphs: .ascii)
            #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
        }
    }
}
