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
        #expect(grid.textRows[1].hasPrefix(" ▶ \(Self.eventStep) Maria Soler: Her oxygen review falls due; nobody has booked it [Enter: note, question]"))
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
}
