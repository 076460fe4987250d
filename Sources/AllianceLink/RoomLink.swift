import AllianceCore
import AllianceUI
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The room's side of a session: publishes the position after every change and turns the
/// presenter's commands into actions for the room's reducer.
public final class RoomLink {
    /// The presenter link (nil when it could not be set up, and only followers are served).
    public let server: LinkServer?
    /// Participants' terminals, when the room is shared (`--share`).
    public let followers: LinkServer?
    /// The case as YAML, written when a presenter first asks for it (see the lazy `init`).
    private var caseText: LazyText
    /// The case as followers get it, written when one first asks for it after a change.
    private var followersText: LazyText
    private let path: String?
    public let startedAt: Double
    public let duration: Double?
    private var stepShownAt: Double
    private var shownStep: Int?
    private var last: RoomPosition?

    /// `caseText`: the case as YAML (the presenter analyses the same case from it).
    /// `followersCaseText`: the case as followers get it (no facilitator notes).
    public init(server: LinkServer?, followers: LinkServer? = nil, caseText: String, followersCaseText: String = "", path: String?,
                duration: Double?, now: Double) {
        self.server = server
        self.followers = followers
        followersText = LazyText(followersCaseText)
        self.caseText = LazyText(caseText)
        self.path = path
        self.duration = duration
        startedAt = now
        stepShownAt = now
        server?.snapshot = { [unowned self] in
            RoomMessage.hello(session: self.server?.id ?? "", path: self.path, caseText: self.caseText.text,
                              position: self.last ?? RoomPosition(step: 0, stepCount: 0, patient: "", startedAt: self.startedAt,
                                                                  stepShownAt: self.stepShownAt, duration: self.duration)).line()
        }
        // Followers: no path, no notes, and the session named by the address they joined.
        followers?.snapshot = { [unowned self] in
            RoomMessage.hello(session: self.followers?.id ?? "", path: nil, caseText: self.followersText.text,
                              position: self.last ?? RoomPosition(step: 0, stepCount: 0, patient: "", startedAt: self.startedAt,
                                                                  stepShownAt: self.stepShownAt, duration: self.duration)).line()
        }
    }

    /// The same, with the case's YAML written only when a presenter first connects: a case
    /// built from a million-event log takes seconds to write, which the first frame should
    /// not wait for.
    public convenience init(server: LinkServer?, followers: LinkServer? = nil, caseText: @escaping () -> String, followersCaseText: String = "",
                            path: String?, duration: Double?, now: Double) {
        self.init(server: server, followers: followers, caseText: "", followersCaseText: followersCaseText, path: path, duration: duration, now: now)
        self.caseText = LazyText(caseText)
    }

    /// The case was read again, or grew (a followed log): every client gets a new hello with
    /// it (and the position). The analysis is held, not its case: a case that grows in place
    /// is then not copied, and the YAML written later is the newest case.
    public func caseChanged(_ analysis: Analysis) {
        let now = WallClock.now()
        // The YAML is written now only for presenters attached; else when one first connects
        // (a case followed from a growing log changes every second and can be large).
        if let server, server.clientCount > 0 {
            caseText = LazyText(CaseFileEncoder().encode(analysis.model))
            server.broadcast(server.snapshot(), now: now)
        } else {
            caseText = LazyText { CaseFileEncoder().encode(analysis.model) }
        }
        if let followers {
            followersText = LazyText(CaseFileEncoder().encode(RoomLink.forFollowers(analysis.model)))
            followers.broadcast(followers.snapshot(), now: now)
        }
    }

    /// The case grew in place (a followed log): clients attached get what it gained, which
    /// costs what the new steps cost; the whole case is written again only for a client
    /// that connects later (its hello).
    public func caseGrew(_ analysis: Analysis, by growth: CaseGrowth) {
        let now = WallClock.now()
        caseText = LazyText { CaseFileEncoder().encode(analysis.model) }
        if let server, server.clientCount > 0 { server.broadcast(RoomMessage.grow(growth).line(), now: now) }
        if let followers {
            followersText = LazyText { CaseFileEncoder().encode(RoomLink.forFollowers(analysis.model)) }
            if followers.clientCount > 0 {
                var shared = growth
                for i in shared.steps.indices { shared.steps[i].note = nil }
                followers.broadcast(RoomMessage.grow(shared).line(), now: now)
            }
        }
    }

    /// A hello's case, analysed, when it differs from the one held (and reads); nil otherwise.
    public static func analysis(ofNewCase text: String, since held: inout String?) -> Analysis? {
        guard text != held else { return nil }
        held = text
        guard let model = try? CaseFileDecoder().decode(yaml: text, path: "the room's case") else { return nil }
        return Analysis(validated: model, growable: true)
    }

    /// The case as followers get it: the facilitator's notes taken out.
    public static func forFollowers(_ model: CaseModel) -> CaseModel {
        var m = model
        for i in m.timeline.indices { m.timeline[i].note = nil }
        return m
    }

    public var descriptors: [pollfd] { (server?.descriptors ?? []) + (followers?.descriptors ?? []) }

    /// The join code followers must give (when shared).
    public var joinCode: String? {
        if case .followers(let code)? = followers?.kind { return code }
        return nil
    }

    public var presenterAttached: Bool { (server?.greetedCount ?? 0) > 0 }

    /// How to join, for the room's footer: `join 10.0.0.5:7070 • code 7f3k-9q2m • 3 following`.
    public var banner: String? {
        guard let followers, let code = joinCode else { return nil }
        let n = followers.greetedCount
        return "join \(followers.id) \u{2022} code \(code)" + (n > 0 ? " \u{2022} \(n) following" : "")
    }

    public func timeout(now: Double) -> Int32? {
        [server?.timeout(now: now), followers?.timeout(now: now)].compactMap { $0 }.min()
    }

    public func close() {
        server?.close()
        followers?.close()
    }

    /// The position a room in `state` is at.
    public func position(of state: AppState, now: Double) -> RoomPosition {
        if shownStep != state.step {
            shownStep = state.step
            stepShownAt = now
        }
        let patients = state.analysis.model.patients
        return RoomPosition(step: state.step, stepCount: state.analysis.stepCount,
                            patient: patients.indices.contains(state.patient) ? patients[state.patient].id : "",
                            playing: state.playing, pace: state.pace, blank: state.blank, held: state.held, staged: state.staged,
                            startedAt: startedAt, stepShownAt: stepShownAt, duration: duration)
    }

    /// Sends the position to every client when it changed.
    public func publish(_ state: AppState, now: Double) {
        let p = position(of: state, now: now)
        guard p != last else { return }
        last = p
        let line = RoomMessage.position(p).line()
        server?.broadcast(line, now: now)
        followers?.broadcast(line, now: now)
    }

    /// The actions the clients asked for since the last call (accepting, reading, writing
    /// and dropping clients on the way).
    public func actions(now: Double) -> [Action] {
        // Followers give no commands; servicing them accepts, greets and drops.
        _ = followers?.service(now: now)
        let commands = (server?.service(now: now) ?? []).compactMap(\.action)
        // A presenter's annotation: for the room's current step, stamped here (the room's clock).
        let notes = (server?.takeAnnotations() ?? []).map { text in
            Action.addAnnotation(text: text, id: RoomLink.newAnnotationID(), at: Annotation.isoTime(unixSeconds: now))
        }
        return commands + notes
    }

    /// A random annotation id, 12 hex digits.
    static func newAnnotationID() -> String {
        let hex = String(UInt64.random(in: 0..<(1 << 48)), radix: 16)
        return String(repeating: "0", count: 12 - hex.count) + hex
    }
}

extension RemoteCommand {
    /// The room's action for this command; nil for one the room cannot do yet.
    public var action: Action? {
        switch self {
        case .next: .next
        case .previous: .previous
        case .first: .first
        case .last: .last
        case .nextPatient: .nextPatient
        case .previousPatient: .previousPatient
        case .play: .togglePlay
        case .faster: .faster
        case .slower: .slower
        // Blanked, the room takes any action as "bring the screen back": blank toggles.
        case .blank: .blank
        case .reveal: .toggleStaged
        }
    }

    /// The command a presenter's key sends, if the room takes it.
    public init?(action: Action) {
        guard let c = RemoteCommand.allCases.first(where: { $0.action == action }) else { return nil }
        self = c
    }
}

/// The clock the link stamps positions with: Unix time in seconds (the room and its
/// presenter run on one machine, so they read the same clock).
public enum WallClock {
    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}

/// A presenter's connection to its room.
public final class PresenterConnection {
    public let client: LinkClient
    /// The case's text as last received (a hello with another one is the case read again).
    public var caseText: String?

    public init(client: LinkClient) { self.client = client }

    /// Waits (up to `timeout` seconds) for the room's hello: the session, its case and position.
    public func awaitHello(timeout: Double) throws(LinkError) -> (session: String, path: String?, caseText: String, position: RoomPosition) {
        let end = WallClock.now() + timeout
        while WallClock.now() < end {
            var pfd = pollfd(fd: client.fd, events: Int16(POLLIN), revents: 0)
            _ = poll(&pfd, 1, 100)
            for m in client.receive() {
                if case .hello(let s, let p, let t, let pos) = m { return (s, p, t, pos) }
            }
            if client.closed { throw LinkError("the session closed before it said hello") }
        }
        throw LinkError("the session did not answer within \(Int(timeout)) s")
    }

    public var descriptors: [pollfd] {
        [pollfd(fd: client.fd, events: Int16(POLLIN) | (client.wantsToWrite ? Int16(POLLOUT) : 0), revents: 0)]
    }

    /// Applies what the room sent; false when it has gone.
    public func update(_ state: inout PresenterState) -> Bool {
        client.flush()
        for m in client.receive() {
            switch m {
            case .position(let p): state.position = p
            case .grow(let g):
                // The case the hello gave, grown; its text no longer describes it.
                if let grown = state.analysis.growing(g) { state.analysis = grown }
                caseText = nil
            case .hello(let session, _, let text, let p):
                state.session = session
                state.position = p
                if let new = RoomLink.analysis(ofNewCase: text, since: &caseText) { state.analysis = new }
            case .bye, .refused: return false
            }
        }
        return !client.closed
    }

    /// Sends an annotation for the room's current step.
    public func annotate(_ text: String) -> Bool {
        guard !client.closed else { return false }
        client.send(.annotate(text))
        return true
    }

    /// Sends the command for `action`; false when a presenter cannot ask the room for it.
    public func send(_ action: Action) -> Bool {
        guard let command = RemoteCommand(action: action) else { return false }
        client.send(.command(command))
        return true
    }
}

/// A follower's connection to the room it follows.
public final class FollowerConnection {
    public let client: LinkClient

    public init(client: LinkClient) { self.client = client }

    /// Waits (up to `timeout` seconds) for the room's hello; a refusal is an error with its reason.
    public func awaitHello(timeout: Double) throws(LinkError) -> (session: String, caseText: String, position: RoomPosition) {
        let end = WallClock.now() + timeout
        while WallClock.now() < end {
            var pfd = pollfd(fd: client.fd, events: Int16(POLLIN), revents: 0)
            _ = poll(&pfd, 1, 100)
            for m in client.receive() {
                switch m {
                case .hello(let s, _, let t, let p): return (s, t, p)
                case .refused(let reason): throw LinkError("the room refused to be followed: \(reason)")
                default: continue
                }
            }
            if client.closed { throw LinkError("the room closed the connection") }
        }
        throw LinkError("the room did not answer within \(Int(timeout)) s")
    }

    public var descriptors: [pollfd] {
        [pollfd(fd: client.fd, events: Int16(POLLIN) | (client.wantsToWrite ? Int16(POLLOUT) : 0), revents: 0)]
    }

    /// The case's text as last received.
    public var caseText: String?

    /// What the room sent: positions, and the case read again; nil once the room has gone.
    public func updates() -> [RoomUpdate]? {
        client.flush()
        var out: [RoomUpdate] = []
        for m in client.receive() {
            switch m {
            case .position(let p): out.append(.position(p))
            case .grow(let g):
                out.append(.caseGrew(g))
                caseText = nil
            case .bye, .refused: return nil
            case .hello(_, _, let text, let p):
                if let new = RoomLink.analysis(ofNewCase: text, since: &caseText) { out.append(.caseChanged(new)) }
                out.append(.position(p))
            }
        }
        return client.closed ? (out.isEmpty ? nil : out) : out
    }
}

/// A text written the first time it is read, then kept (a case's YAML: seconds to write for
/// a case built from a big log, so written only when a client asks for it).
struct LazyText {
    private var written: String?
    private var write: (() -> String)?

    init(_ text: String) { written = text }
    init(_ write: @escaping () -> String) { self.write = write }

    var text: String {
        mutating get {
            if let written { return written }
            let text = write?() ?? ""
            written = text
            write = nil
            return text
        }
    }
}
