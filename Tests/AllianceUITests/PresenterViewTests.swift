import AllianceCore
import AllianceUI
import Foundation
import Testing

/// The presenter view: the clock, the pace warning, the preview and the pause points.
@Suite struct PresenterViewTests {
    let analysis = Analysis(validated: BuiltinCase.model)

    func presenter(step: Int, startedAt: Double = 1_000, shownAt: Double = 1_000, now: Double, duration: Double? = nil,
                   size: Size = Size(width: 100, height: 30)) -> PresenterState {
        let x = analysis.patient(atOrBefore: step) ?? 0
        let p = RoomPosition(step: step, stepCount: analysis.stepCount, patient: analysis.model.patients[x].id,
                             startedAt: startedAt, stepShownAt: shownAt, duration: duration)
        return PresenterState(analysis: analysis, session: "builtin", position: p, now: now, size: size)
    }

    @Test func theClockAndThePace() {
        // 10 of 34 steps in 10 minutes: 34 minutes at this pace; 45 planned: on time.
        var p = presenter(step: 10, shownAt: 1_540, now: 1_600, duration: 45 * 60)
        #expect(p.clock == .init(elapsed: 600, onStep: 60, left: 2_100, projected: 2_040, overrun: false))
        // 30 planned: 4 minutes over.
        p.position.duration = 30 * 60
        #expect(p.clock.overrun)
        #expect(PresenterState.minutes(p.clock.projected! - 1_800) == "4:00")
        let line = PresenterRenderer.render(p).textRows[1]
        #expect(line.trimmingCharacters(in: .whitespaces) == "elapsed 10:00 \u{2022} this step 1:00 \u{2022} left 20:00 of 30:00 \u{2022} \u{25B2} at this pace 34:00, 4:00 over")
        #expect(PresenterState.minutes(3_723) == "1:02:03")
        #expect(PresenterState.minutes(-190) == "-3:10")
    }

    @Test func thePreviewNamesWhatTheNextStepWillRaise() throws {
        // The first step that raises an alert, found by content; the presenter one step before it.
        let k = try #require((1...analysis.stepCount).first { !analysis.state(at: $0).alertsRaisedNow.isEmpty })
        let p = presenter(step: k - 1, now: 1_000, size: Size(width: 120, height: 40))
        let text = PresenterRenderer.render(p).textRows.joined(separator: "\n")
        let raised = analysis.state(at: k).alertsRaisedNow
        #expect(text.contains("Next: step \(k)"))
        #expect(text.contains("It will raise: \(raised.count) alert"))
        #expect(text.contains(String(raised[0].message.prefix(40))))
    }

    @Test func pausePointsAheadAreTheStepsWherePlayStops() {
        let p = presenter(step: 0, now: 1_000)
        let expected = Array(analysis.model.timeline.indices.filter { analysis.model.timeline[$0].isPausePoint }.map { $0 + 1 }.prefix(3))
        #expect(p.pausePoints(after: 0, limit: 3) == expected)
        #expect(!expected.isEmpty)
        let last = presenter(step: analysis.stepCount, now: 1_000)
        #expect(last.pausePoints(after: analysis.stepCount, limit: 3) == [])
        let text = PresenterRenderer.render(last).textRows.joined(separator: "\n")
        #expect(text.contains("This was the last step."))
        #expect(text.contains("none ahead"))
    }

    @Test func snapshotAt100x30() throws {
        let k = 3
        let p = presenter(step: k, startedAt: 1_000, shownAt: 1_400, now: 1_465, duration: 45 * 60)
        let grid = PresenterRenderer.render(p)
        try Snapshot.assert(Snapshot.document(grid, title: "presenter view at step \(k)"), named: "presenter-100x30-step3.txt")
        // At 80x24 nothing is cut without saying so, and the keys to quit are there.
        let small = PresenterRenderer.render(presenter(step: k, now: 1_465, size: Size(width: 80, height: 24)))
        #expect(small.textRows[23].contains("q quit presenter"))
    }
}
