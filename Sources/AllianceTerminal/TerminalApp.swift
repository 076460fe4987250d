import AllianceCore
import AllianceUI
#if canImport(Glibc)
import Glibc
#endif

/// Something besides the terminal that the room's loop serves: the session link. The loop
/// waits on its descriptors with the terminal's, reduces the actions it brings, and tells it
/// the state after every change.
public protocol RoomLoopLink: AnyObject {
    /// Descriptors to wait on, with the events to wait for.
    var descriptors: [pollfd] { get }
    /// Milliseconds until it must be served even if nothing arrives; nil for no deadline.
    func timeout(now: Double) -> Int32?
    /// Serves what is ready, never waiting; the actions it brings, in order.
    func actions(now: Double) -> [Action]
    /// The state after a change.
    func publish(_ state: AppState, now: Double)
    /// What the room's footer says about the link (how to join a shared room), if anything.
    var banner: String? { get }
    /// Whether a presenter view is attached (the room then leaves the facilitator's notes out).
    var presenterAttached: Bool { get }
    /// The case was read again (`--watch`) or grew (`--follow`): the clients get it.
    func caseChanged(_ analysis: Analysis)
    /// The case grew in place (`--follow`): the clients get what it gained.
    func caseGrew(_ analysis: Analysis, by growth: CaseGrowth)
}

/// The room's annotations journal: every change is written and flushed before the screen
/// shows the input line closed; what could not be saved is kept and retried.
public protocol AnnotationJournaling: AnyObject {
    /// Records a change (on disk before it returns, when the disk lets it); a line for the footer.
    func record(_ change: AnnotationChange, now: Double) -> String?
    /// Tries again to save what is waiting, when a retry is due; a line for the footer when
    /// something happened.
    func retry(now: Double) -> String?
    /// Milliseconds until the next retry is due; nil when nothing waits.
    func timeout(now: Double) -> Int32?
    /// Annotations whose latest change is not on disk.
    var unsavedIDs: Set<String> { get }
    /// Why, while any are not.
    var warning: String? { get }
}

/// What watching the case file (`alliance open --watch`) brings the loop.
public enum WatchEvent: Sendable {
    /// The file reads: the new case.
    case caseReloaded(ReloadedCase)
    /// The file has problems (one block each, as `check` prints them); the last good case stays.
    case caseProblems([String])
    /// The theme file given by path was read again: it is the first theme (`replacing`: it
    /// already was; else it could not be read at start and now can), and it is shown.
    case themeReloaded(Theme, replacing: Bool)
}

/// The case file (and a theme file) watched for changes, served by the room's loop.
public protocol CaseWatching: AnyObject {
    var descriptors: [pollfd] { get }
    /// Milliseconds until a burst of writes has settled; nil when nothing is pending.
    func timeout(now: Double) -> Int32?
    /// The settled changes, read and checked.
    func events(now: Double) -> [WatchEvent]
}

/// A follower's link to the room it follows.
public protocol FollowerLoopLink: AnyObject {
    var descriptors: [pollfd] { get }
    /// What the room sent since the last call; nil once the room has gone.
    func updates() -> [RoomUpdate]?
}

/// The presenter view's link to its room.
public protocol PresenterLoopLink: AnyObject {
    var descriptors: [pollfd] { get }
    /// Reads what the room sent into `state`; false when the room has gone.
    func update(_ state: inout PresenterState) -> Bool
    /// Asks the room to do `action`; false when the room cannot take it from a presenter.
    func send(_ action: Action) -> Bool
    /// Sends the room an annotation for its current step; false when the room has gone.
    func annotate(_ text: String) -> Bool
}

/// The interactive dashboard: key / resize → action → reduce → render → diff → draw.
public enum TerminalApp {
    /// How a session ended.
    public enum Ending: Equatable, Sendable {
        /// The user quit (`q`, Ctrl-C as a key).
        case quit
        /// A termination signal arrived (SIGINT, SIGTERM, SIGHUP): the caller should die by it,
        /// now that the terminal is restored (`SignalTrap.dieBy`).
        case signal(Int32)
        /// The terminal went away (end of file, I/O error, hang-up).
        case lost
        /// The presenter view's room closed.
        case roomClosed
    }

    /// Runs until the user quits, a signal arrives or the terminal goes away. The terminal
    /// is restored, and the signal handlers removed, on every path out of here.
    /// `link`: the session link, served by the same loop (nil: none).
    /// `afterFirstFrame` runs once the first frame is on screen (the end-to-end tests use it
    /// to crash on purpose).
    public static func run(_ initial: AppState, themes initialThemes: [Theme], noColor: Bool, link: (any RoomLoopLink)? = nil,
                           journal: (any AnnotationJournaling)? = nil, watcher: (any CaseWatching)? = nil,
                           clock: @escaping () -> Double = { 0 },
                           afterFirstFrame: () -> Void = {}) throws(TerminalUnavailable) -> Ending {
        try withTerminal(noColor: noColor) { session, glyphs, prepare in
            var state = initial
            state.size = session.size
            func frame(_ state: AppState) -> Grid {
                let grid = DashboardRenderer.render(state, glyphs: glyphs)
                return prepare(grid)
            }
            var themes = initialThemes
            var theme = themes[min(state.themeIndex, themes.count - 1)]
            Reducer.reduce(&state, .tick(now: monotonicSeconds()))  // the session's clock starts
            if let link {
                state.banner = link.banner
                state.presenterAttached = link.presenterAttached
            }
            func syncJournal() {
                guard let journal else { return }
                state.annotations.unsaved = journal.unsavedIDs
                state.annotations.warning = journal.warning
            }
            syncJournal()
            session.draw(frame(state), theme: theme)
            link?.publish(state, now: clock())
            afterFirstFrame()
            while true {
                var actions: [Action] = []
                // Autoplay's next advance, or the link's next deadline (a stalled client), whichever
                // comes first; -1 (block) when neither.
                // Unsaved annotations add theirs: the next retry.
                // A watched file's burst of writes, when it settles.
                let deadlines = [readTimeout(state, now: monotonicSeconds()), link?.timeout(now: clock()) ?? -1,
                                 journal?.timeout(now: monotonicSeconds()) ?? -1, watcher?.timeout(now: monotonicSeconds()) ?? -1].filter { $0 >= 0 }
                switch session.read(timeoutMilliseconds: deadlines.min() ?? -1, watching: (link?.descriptors ?? []) + (watcher?.descriptors ?? [])) {
                case .signal(let signal): return .signal(signal)
                case .lost: return .lost
                case .paste(let text):
                    // Text for the input line or the patient list's search; else nothing here.
                    guard let a = KeyBinding.pasteAction(text, in: state) else { continue }
                    actions = [a]
                case .timeout, .other:
                    // The clock moved, the link has something (a presenter's command), or a watched
                    // file changed.
                    actions = link?.actions(now: clock()) ?? []
                    for event in watcher?.events(now: monotonicSeconds()) ?? [] {
                        switch event {
                        case .caseReloaded(let new):
                            actions.append(.reload(new))
                            if let growth = new.growth { link?.caseGrew(new.analysis, by: growth) } else { link?.caseChanged(new.analysis) }
                        case .caseProblems(let problems):
                            actions.append(.caseProblems(problems))
                        case .themeReloaded(let t, let replacing):
                            if replacing {
                                themes[0] = t
                                state.themeNames[0] = t.name
                            } else {
                                themes.insert(t, at: 0)
                                state.themeNames.insert(t.name, at: 0)
                            }
                            state.themeIndex = 0
                            theme = t
                            session.invalidate(themeChanged: true)
                        }
                    }
                case .resize(let size): actions = [.resize(size)]
                case .key(let key):
                    guard let a = KeyBinding.action(for: key, in: state, stamp: newStamp()) else { continue }
                    actions = [a]
                }
                // Unsaved annotations: a retry when one is due, whatever woke the loop.
                if let notice = journal?.retry(now: monotonicSeconds()) { state.notice = notice }
                // The clock first, so a key's step records when it was shown.
                Reducer.reduce(&state, .tick(now: monotonicSeconds()))
                if let link {
                    state.banner = link.banner
                    state.presenterAttached = link.presenterAttached
                }
                for action in actions {
                    switch Reducer.reduce(&state, action) {
                    case .quit?: return .quit
                    case .themeChanged?:
                        theme = themes[state.themeIndex % themes.count]
                        session.invalidate(themeChanged: true)
                    case .redraw?:
                        session.invalidate()
                    case .journal(let change)?:
                        // Written and flushed before the frame that closes the input line is drawn.
                        if let journal {
                            let notice = journal.record(change, now: monotonicSeconds())
                            if let notice { state.notice = notice }
                        } else {
                            state.notice = "No journal: this annotation is kept in memory only until you quit."
                        }
                    case nil: break
                    }
                }
                syncJournal()
                session.draw(frame(state), theme: theme)
                link?.publish(state, now: clock())
            }
        }
    }

    /// The presenter view: draws the room's position and the script, sends the keys that move
    /// the room, ticks once a second for the clock. Quitting it leaves the room as it is.
    public static func runPresenter(_ initial: PresenterState, link: any PresenterLoopLink, theme: Theme, noColor: Bool,
                                    clock: @escaping () -> Double) throws(TerminalUnavailable) -> Ending {
        try withTerminal(noColor: noColor) { session, glyphs, prepare in
            var state = initial
            state.size = session.size
            func frame(_ state: PresenterState) -> Grid {
                let grid = PresenterRenderer.render(state, glyphs: glyphs)
                return prepare(grid)
            }
            session.draw(frame(state), theme: theme)
            // The keys of an input line, as the dashboard maps them.
            var inputOnly = AppState(analysis: initial.analysis)
            inputOnly.annotations.input = TextInput(purpose: .edit(id: ""))
            while true {
                switch session.read(timeoutMilliseconds: 1000, watching: link.descriptors) {
                case .signal(let signal): return .signal(signal)
                case .lost: return .lost
                case .paste(let text):
                    state.input?.insert(text)
                case .timeout: break
                case .other:
                    if !link.update(&state) { return .roomClosed }
                case .resize(let size): state.size = size
                case .key(let key) where state.input != nil:
                    // The input line takes every key: Enter sends, Esc (or Ctrl-C) cancels.
                    state.notice = nil
                    guard let action = KeyBinding.action(for: key, in: inputOnly, stamp: .none) else { break }
                    switch action {
                    case .textInput(.cancel):
                        state.input = nil
                        state.notice = "Annotation cancelled: nothing sent."
                    case .textInput(let edit): state.input?.apply(edit)
                    case .confirmInput:
                        let text = Annotation.cleanText(state.input?.text ?? "")
                        state.input = nil
                        if text.isEmpty {
                            state.notice = "Empty annotation: nothing sent."
                        } else {
                            state.notice = link.annotate(text) ? "Annotation sent: the room saves it with step \(state.step)."
                                : "The room has gone: the annotation was not sent."
                        }
                    default: break
                    }
                case .key(let key):
                    state.notice = nil
                    if key == .character("a") {
                        state.input = TextInput(purpose: .add(step: state.step, patient: nil, partner: nil))
                        break
                    }
                    switch KeyBinding.action(for: key, overlayOpen: false) {
                    case .quit?: return .quit
                    case .redraw?: session.invalidate()
                    case let action?:
                        if !link.send(action) { state.notice = "That key acts on the room's own screen only." }
                    case nil: break
                    }
                }
                state.now = clock()
                session.draw(frame(state), theme: theme)
            }
        }
    }

    /// How long the next read may wait, in milliseconds: forever (-1, no wake-ups) unless
    /// autoplay is on; then until its next advance is due. Other timed sources add their
    /// own deadline here (the smallest wins).
    static func readTimeout(_ state: AppState, now: Double) -> Int32 {
        guard let wait = state.secondsUntilNextAdvance(now: now) else { return -1 }
        return Int32(min(60_000, max(0, (wait * 1000).rounded(.up))))
    }

    /// A new annotation id (random, 12 hex digits) and the wall-clock time, ISO 8601.
    static func newStamp() -> AnnotationStamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        let hex = String(UInt64.random(in: 0..<(1 << 48)), radix: 16)
        return AnnotationStamp(id: String(repeating: "0", count: 12 - hex.count) + hex,
                               at: Annotation.isoTime(unixSeconds: Double(ts.tv_sec)))
    }

    /// Seconds on the monotonic clock (never jumps with the wall clock).
    static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// A participant's terminal following a shared room: the room's positions move the view
    /// (`FollowerReducer`), the participant's keys move only their own view. When the room
    /// closes, the view stays, to look through, until q.
    public static func runFollower(_ initial: FollowerState, link: any FollowerLoopLink, themes: [Theme],
                                   noColor: Bool) throws(TerminalUnavailable) -> Ending {
        try withTerminal(noColor: noColor) { session, glyphs, prepare in
            var state = initial
            state.app.size = session.size
            func frame(_ state: FollowerState) -> Grid {
                let grid = DashboardRenderer.render(state.app, glyphs: glyphs)
                return prepare(grid)
            }
            var theme = themes[min(state.app.themeIndex, themes.count - 1)]
            session.draw(frame(state), theme: theme)
            while true {
                switch session.read(watching: state.roomGone ? [] : link.descriptors) {
                case .signal(let signal): return .signal(signal)
                case .lost: return .lost
                case .paste, .timeout: continue
                case .other:
                    if let updates = link.updates() {
                        for u in updates {
                            switch u {
                            case .position(let p): FollowerReducer.roomMoved(&state, to: p)
                            case .caseChanged(let a): FollowerReducer.caseChanged(&state, to: a)
                            case .caseGrew(let g): FollowerReducer.caseGrew(&state, by: g)
                            }
                        }
                    } else {
                        FollowerReducer.roomClosed(&state)
                    }
                case .resize(let size): FollowerReducer.reduce(&state, .resize(size))
                case .key(let key):
                    guard let action = KeyBinding.action(for: key, in: state.app) else { continue }
                    switch FollowerReducer.reduce(&state, action) {
                    case .quit?: return .quit
                    case .themeChanged?:
                        theme = themes[state.app.themeIndex % themes.count]
                        session.invalidate(themeChanged: true)
                    case .redraw?: session.invalidate()
                    case .journal?, nil: break  // a follower keeps no annotations
                    }
                }
                session.draw(frame(state), theme: theme)
            }
        }
    }

    /// What every loop needs around it: the signal handlers installed and the terminal taken,
    /// both given back however the loop ends; `prepare` transliterates a frame outside a UTF-8
    /// locale (the terminal would drop non-ASCII bytes).
    private static func withTerminal(noColor: Bool, _ loop: (TerminalSession, Glyphs, _ prepare: (Grid) -> Grid) -> Ending)
        throws(TerminalUnavailable) -> Ending {
        SignalTrap.install()
        defer { SignalTrap.remove() }
        let session = TerminalSession()
        try session.start(noColor: noColor)
        defer { session.stop() }
        let glyphs: Glyphs = session.unicode ? .unicode : .ascii
        return loop(session, glyphs) { session.unicode ? $0 : $0.asciiOnly() }
    }
}
