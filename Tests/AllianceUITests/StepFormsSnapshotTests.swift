import AllianceCore
import AllianceUI
import Testing

/// The now line, the partner panels and the step record for a step that no actor does and
/// for a meeting of several partners about no patient (found by content, not by number).
@Suite("Events and meetings on screen")
struct StepFormsSnapshotTests {
    static let model = BuiltinCase.model
    static let eventStep = 1 + model.timeline.firstIndex { $0.event != nil }!
    static let meetingStep = 1 + model.timeline.firstIndex { $0.actors.count > 1 && $0.patient == nil }!

    @Test func theEventStepShowsItsSentence() throws {
        let grid = DashboardRenderer.render(.builtIn(step: Self.eventStep))
        #expect(grid.textRows[1].hasPrefix(" ▶ \(Self.eventStep) Maria Soler: Her oxygen review was due yesterday; nobody has booked it [Enter: note, question]"))
        try Snapshot.assert(Snapshot.document(grid, title: "built-in case, the event step"), named: "builtin-100x30-event.txt")
    }

    @Test func theMeetingShowsEveryActorAndStaysOnTheLastPatient() throws {
        let state = AppState.builtIn(step: Self.meetingStep)
        // No patient at the meeting: the panel stays on the patient of the step before.
        #expect(state.patient == state.analysis.patient(ofStep: Self.meetingStep - 1))
        let grid = DashboardRenderer.render(state)
        #expect(grid.textRows[1].hasPrefix(" ▶ \(Self.meetingStep) Núria (Oxigen Llar) and Dr Puig (Primary care) agreed"))
        try Snapshot.assert(Snapshot.document(grid, title: "built-in case, the partners' meeting"), named: "builtin-100x30-meeting.txt")
        var record = state
        Reducer.reduce(&record, .open)
        try Snapshot.assert(Snapshot.document(DashboardRenderer.render(record), title: "the meeting's record"), named: "overlay-meeting.txt")
    }

    /// Every step of a case made of the new forms, at every size and with every overlay:
    /// nothing crashes, and the now line always says something.
    @Test func everyFrameOfACaseOfTheNewFormsRenders() throws {
        let text = """
        alliance-case: 1
        case: { title: Forms, day-zero: 2024-01-01 }
        partners:
          - { id: a, name: Alpha, actors: [{ id: a1, name: Ann, role: ra }] }
          - { id: b, name: Beta, actors: [{ id: b1, name: Bob, role: rb }] }
        patients:
          - { id: x, name: Xavi }
        activities:
          - { id: act, label: acts }
          - { id: meet, label: meet }
        timeline:
          - { day: 1, event: Nothing happens yet }
          - { day: 2, patient: x, actors: [a1, b1], activity: meet, contacts: [b] }
          - { day: 3, event: The date passes, patient: x }
          - { day: 4, actors: [b1, a1], activity: meet }
        """
        let model = try CaseFileDecoder().decode(yaml: text, path: "forms.yaml")
        let analysis = Analysis(validated: model)
        for size in [Size(width: 80, height: 24), Size(width: 100, height: 30), Size(width: 200, height: 60)] {
            for k in 0...analysis.stepCount {
                var state = AppState(analysis: analysis, step: k, patient: nil, themeNames: ["default"], size: size)
                let rows = DashboardRenderer.render(state).textRows
                if k > 0 { #expect(rows[1].hasPrefix(" ▶ \(k) ")) }
                for action in [Action.open, .close, .focusNext, .open, .close, .focusNext, .open, .close, .help] {
                    Reducer.reduce(&state, action)
                    _ = DashboardRenderer.render(state)
                }
            }
        }
        let rows = DashboardRenderer.render(AppState(analysis: analysis, step: 1, patient: nil, themeNames: ["default"],
                                                     size: Size(width: 100, height: 30))).textRows
        #expect(rows[1].hasPrefix(" ▶ 1 Nothing happens yet"))
        let meeting = DashboardRenderer.render(AppState(analysis: analysis, step: 4, patient: nil, themeNames: ["default"],
                                                        size: Size(width: 100, height: 30))).textRows
        #expect(meeting[1].hasPrefix(" ▶ 4 Bob (Beta) and Ann (Alpha) meet"))
    }
}
