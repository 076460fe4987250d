import AllianceCore

/// A participant's terminal following a shared room: its own view of the case (its own size,
/// focus, overlays), in step with the room until it browses on its own; `f` brings it back.
public struct FollowerState: Sendable {
    public var app: AppState
    /// Where the room is (the last position it sent).
    public private(set) var room: RoomPosition
    /// In step with the room, or browsing on its own.
    public private(set) var following = true
    /// The room's address, as the banner shows it.
    public let address: String
    /// The room has closed: the follower can still browse what it has seen.
    public private(set) var roomGone = false

    public init(app: AppState, room: RoomPosition, address: String) {
        self.app = app
        self.room = room
        self.address = address
        FollowerReducer.apply(&self)
    }

    /// The last step the room has shown: a follower never looks further ahead.
    public var roomStep: Int { min(max(0, room.step), app.analysis.stepCount) }

    fileprivate mutating func set(room: RoomPosition) { self.room = room }
    fileprivate mutating func set(following: Bool) { self.following = following }
    fileprivate mutating func setGone() { roomGone = true }
}

/// The follower's rules, on top of `Reducer`:
/// - the room's position moves a following view (step, patient, held-back consequences,
///   the blank card); a browsing one only learns it, with a notice when the room moved;
/// - stepping or switching patient starts browsing; `f` follows the room again;
/// - no step beyond the room's is ever shown (nor its held-back consequences);
/// - pace, blanking and staged reveal belong to the facilitator.
public enum FollowerReducer {
    /// The room sent a new position.
    public static func roomMoved(_ f: inout FollowerState, to p: RoomPosition) {
        let moved = p.step != f.room.step
        f.set(room: p)
        if f.following {
            apply(&f)
        } else {
            // The room went back before where this view is: stay within what it has shown.
            clamp(&f)
            banner(&f)
            if moved { f.app.notice = "The facilitator moved to step \(p.step)." }
        }
    }

    /// The room read its case again: the same view, on the new case.
    public static func caseChanged(_ f: inout FollowerState, to analysis: Analysis) {
        f.app.replaceCase(analysis)
        if f.following { apply(&f) } else { clamp(&f) }
        banner(&f)
    }

    /// The room's case grew: the follower's grows with it (a growth that does not fit the
    /// case it has is ignored; the next hello brings the whole case).
    public static func caseGrew(_ f: inout FollowerState, by growth: CaseGrowth) {
        guard let grown = f.app.baseline.growing(growth) else { return }
        caseChanged(&f, to: grown)
    }

    /// The room has closed.
    public static func roomClosed(_ f: inout FollowerState) {
        f.setGone()
        f.set(following: false)
        f.app.notice = "The facilitator's session has ended; you can still look through what was shown. q quits."
        banner(&f)
    }

    @discardableResult
    public static func reduce(_ f: inout FollowerState, _ action: Action) -> Effect? {
        switch action {
        case .toggleFollow:
            guard !f.roomGone else {
                f.app.notice = "The session has ended: there is no room to follow."
                return nil
            }
            f.set(following: true)
            apply(&f)
            f.app.notice = "Following the facilitator."
            return nil
        case .togglePlay, .faster, .slower, .blank, .toggleStaged:
            f.app.notice = "The facilitator sets the pace and what the room sees; f follows the facilitator."
            return nil
        case .next, .previous, .first, .last, .nextPatient, .previousPatient, .unblank:
            f.set(following: false)
            f.app.blank = false
            f.app.staged = false
            let wanted = action == .next ? f.app.step + 1 : action == .last ? Int.max : f.app.step
            let effect = Reducer.reduce(&f.app, action)
            clamp(&f)
            banner(&f)
            if wanted > f.roomStep, action == .next {
                f.app.notice = "The facilitator has not shown step \(f.roomStep + 1) yet."
            }
            return effect
        default:
            return Reducer.reduce(&f.app, action)
        }
    }

    /// Shows the room's position.
    static func apply(_ f: inout FollowerState) {
        let p = f.room
        let patient = f.app.analysis.model.patients.firstIndex { $0.id == p.patient }
        f.app.blank = false
        f.app.staged = p.staged
        Reducer.reduce(&f.app, .show(step: f.roomStep, patient: patient, held: p.held))
        f.app.blank = p.blank
        banner(&f)
    }

    /// Never beyond the room's step; at it, its consequences stay held while the room holds them.
    private static func clamp(_ f: inout FollowerState) {
        if f.app.step > f.roomStep {
            Reducer.reduce(&f.app, .show(step: f.roomStep, patient: nil, held: f.room.held))
        }
        f.app.held = f.app.step == f.roomStep && f.room.held && f.app.step > 0
    }

    private static func banner(_ f: inout FollowerState) {
        let sep = " \u{2022} "
        if f.roomGone {
            f.app.banner = "session ended"
        } else if f.following {
            f.app.banner = "following \(f.address)"
        } else {
            f.app.banner = "browsing\(sep)room at step \(f.roomStep)\(sep)f follows"
        }
    }
}
