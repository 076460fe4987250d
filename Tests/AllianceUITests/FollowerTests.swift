import AllianceCore
import AllianceUI
import Testing

/// A follower's view: in step with the room until it browses; never ahead of the room.
@Suite struct FollowerTests {
    let analysis = Analysis(validated: BuiltinCase.model)

    func position(_ step: Int, patient: String? = nil, blank: Bool = false, held: Bool = false, staged: Bool = false) -> RoomPosition {
        let x = analysis.patient(atOrBefore: step) ?? 0
        return RoomPosition(step: step, stepCount: analysis.stepCount, patient: patient ?? analysis.model.patients[x].id,
                            blank: blank, held: held, staged: staged, startedAt: 0, stepShownAt: 0)
    }

    func follower(at step: Int) -> FollowerState {
        FollowerState(app: AppState(analysis: analysis), room: position(step), address: "10.0.0.5:7070")
    }

    @Test func aFollowingViewMovesWithTheRoomStepAndPatient() {
        var f = follower(at: 0)
        #expect(f.app.step == 0 && f.following)
        #expect(f.app.banner == "following 10.0.0.5:7070")
        FollowerReducer.roomMoved(&f, to: position(5))
        #expect(f.app.step == 5)
        let other = analysis.model.patients.last!.id
        FollowerReducer.roomMoved(&f, to: position(6, patient: other))
        #expect(f.app.step == 6)
        #expect(analysis.model.patients[f.app.patient].id == other)
        #expect(f.app.notice == nil)
    }

    @Test func browsingStaysPutAndSaysWhenTheRoomMoves() {
        var f = follower(at: 6)
        FollowerReducer.reduce(&f, .previous)
        #expect(!f.following)
        #expect(f.app.step == 5)
        #expect(f.app.banner == "browsing \u{2022} room at step 6 \u{2022} f follows")
        FollowerReducer.roomMoved(&f, to: position(7))
        #expect(f.app.step == 5, "its own view")
        #expect(f.app.notice == "The facilitator moved to step 7.")
        #expect(f.app.banner == "browsing \u{2022} room at step 7 \u{2022} f follows")
        // f: back in step.
        FollowerReducer.reduce(&f, .toggleFollow)
        #expect(f.following)
        #expect(f.app.step == 7)
    }

    @Test func neverAheadOfTheRoom() {
        var f = follower(at: 4)
        FollowerReducer.reduce(&f, .next)
        #expect(f.app.step == 4)
        #expect(f.app.notice == "The facilitator has not shown step 5 yet.")
        FollowerReducer.reduce(&f, .last)
        #expect(f.app.step == 4)
        FollowerReducer.reduce(&f, .first)
        #expect(f.app.step == 0)
        // The room goes back behind the view: the view follows it back.
        FollowerReducer.reduce(&f, .last)
        FollowerReducer.roomMoved(&f, to: position(2))
        #expect(f.app.step == 2)
    }

    @Test func heldConsequencesStayHeldAtTheRoomsStepAndTheBlankCardIsMirrored() {
        var f = follower(at: 0)
        FollowerReducer.roomMoved(&f, to: position(8, held: true, staged: true))
        #expect(f.app.step == 8 && f.app.held)
        // Browsing back and forth: at the room's step, still held.
        FollowerReducer.reduce(&f, .previous)
        #expect(f.app.step == 7 && !f.app.held)
        FollowerReducer.reduce(&f, .next)
        #expect(f.app.step == 8 && f.app.held)
        FollowerReducer.reduce(&f, .toggleFollow)
        FollowerReducer.roomMoved(&f, to: position(8, blank: true))
        #expect(f.app.blank)
        #expect(!f.app.held, "revealed")
        // Any key leaves the card, to browse.
        FollowerReducer.reduce(&f, .unblank)
        #expect(!f.app.blank && !f.following)
    }

    @Test func paceAndRevealBelongToTheFacilitator() {
        var f = follower(at: 3)
        for action in [Action.togglePlay, .faster, .slower, .blank, .toggleStaged] {
            FollowerReducer.reduce(&f, action)
            #expect(!f.app.playing && !f.app.blank && !f.app.staged)
            #expect(f.app.notice == "The facilitator sets the pace and what the room sees; f follows the facilitator.")
        }
        #expect(f.following)
    }

    /// The room's case grew (a followed log): the follower's case grows the same, and the
    /// room's next position on the new steps is shown; a growth that does not fit is ignored.
    @Test func theRoomsGrowthGrowsTheFollowersCase() throws {
        let model = BuiltinCase.model
        var prefix = model
        prefix.timeline = Array(model.timeline[..<20])
        let small = Analysis(validated: prefix, growable: true)
        let at20 = RoomPosition(step: 20, stepCount: 20, patient: small.model.patients[small.patient(atOrBefore: 20)!].id, startedAt: 0, stepShownAt: 0)
        var f = FollowerState(app: AppState(analysis: small), room: at20, address: "10.0.0.5:7070")
        let growth = CaseGrowth(stepsBefore: 20, patientsBefore: model.patients.count, patients: [], steps: Array(model.timeline[20...]), info: model.info)
        var wrong = growth
        wrong.stepsBefore = 19
        FollowerReducer.caseGrew(&f, by: wrong)
        #expect(f.app.analysis.stepCount == 20, "a growth of another case is ignored")
        FollowerReducer.caseGrew(&f, by: growth)
        #expect(f.app.analysis.stepCount == model.timeline.count)
        #expect(f.app.analysis.alerts == analysis.alerts)
        FollowerReducer.roomMoved(&f, to: position(25))
        #expect(f.app.step == 25 && f.following)
    }

    @Test func whenTheRoomClosesTheViewStaysToBrowse() {
        var f = follower(at: 9)
        FollowerReducer.roomClosed(&f)
        #expect(f.roomGone && !f.following)
        #expect(f.app.banner == "session ended")
        FollowerReducer.reduce(&f, .previous)
        #expect(f.app.step == 8)
        FollowerReducer.reduce(&f, .toggleFollow)
        #expect(f.app.notice == "The session has ended: there is no room to follow.")
    }

    @Test func theBannerHasItsPlaceInTheFooter() {
        var s = AppState(analysis: analysis, size: Size(width: 80, height: 24))
        s.banner = "join 10.0.0.5:7070 \u{2022} code 7f3k-9q2m \u{2022} 12 following"
        // At 80 columns the count goes, the address and the code stay whole.
        let footer = DashboardRenderer.render(s).textRows[23]
        #expect(footer.hasSuffix(" join 10.0.0.5:7070 \u{2022} code 7f3k-9q2m "))
        #expect(footer.hasPrefix(" n/→ next"))
        s.size = Size(width: 120, height: 40)
        #expect(DashboardRenderer.render(s).textRows[39].hasSuffix(" join 10.0.0.5:7070 \u{2022} code 7f3k-9q2m \u{2022} 12 following "))
    }
}
