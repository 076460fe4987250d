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
}

/// The presenter view's link to its room.
public protocol PresenterLoopLink: AnyObject {
    var descriptors: [pollfd] { get }
    /// Reads what the room sent into `state`; false when the room has gone.
    func update(_ state: inout PresenterState) -> Bool
    /// Asks the room to do `action`; false when the room cannot take it from a presenter.
    func send(_ action: Action) -> Bool
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
    public static func run(_ initial: AppState, themes: [Theme], noColor: Bool, link: (any RoomLoopLink)? = nil,
                           clock: @escaping () -> Double = { 0 },
                           afterFirstFrame: () -> Void = {}) throws(TerminalUnavailable) -> Ending {
        SignalTrap.install()
        defer { SignalTrap.remove() }
        let session = TerminalSession()
        try session.start(noColor: noColor)
        defer { session.stop() }
        var state = initial
        state.size = session.size
        let glyphs: Glyphs = session.unicode ? .unicode : .ascii
        // Outside a UTF-8 locale the terminal would drop non-ASCII bytes: transliterate instead.
        func frame(_ state: AppState) -> Grid {
            let grid = DashboardRenderer.render(state, glyphs: glyphs)
            return session.unicode ? grid : grid.asciiOnly()
        }
        var theme = themes[min(state.themeIndex, themes.count - 1)]
        session.draw(frame(state), theme: theme)
        link?.publish(state, now: clock())
        afterFirstFrame()
        while true {
            var actions: [Action] = []
            let timeout = link?.timeout(now: clock()) ?? -1
            switch session.read(timeoutMilliseconds: timeout, watching: link?.descriptors ?? []) {
            case .signal(let signal): return .signal(signal)
            case .lost: return .lost
            case .paste: continue  // the dashboard has no text input: a paste means nothing here
            case .timeout, .other:
                guard let link else { continue }
                actions = link.actions(now: clock())
                if actions.isEmpty { continue }
            case .resize(let size): actions = [.resize(size)]
            case .key(let key):
                guard let a = KeyBinding.action(for: key, overlayOpen: state.overlay != nil) else { continue }
                actions = [a]
            }
            for action in actions {
                switch Reducer.reduce(&state, action) {
                case .quit?: return .quit
                case .themeChanged?:
                    theme = themes[state.themeIndex % themes.count]
                    session.invalidate(themeChanged: true)
                case .redraw?:
                    session.invalidate()
                case nil: break
                }
            }
            session.draw(frame(state), theme: theme)
            link?.publish(state, now: clock())
        }
    }

    /// The presenter view: draws the room's position and the script, sends the keys that move
    /// the room, ticks once a second for the clock. Quitting it leaves the room as it is.
    public static func runPresenter(_ initial: PresenterState, link: any PresenterLoopLink, theme: Theme, noColor: Bool,
                                    clock: @escaping () -> Double) throws(TerminalUnavailable) -> Ending {
        SignalTrap.install()
        defer { SignalTrap.remove() }
        let session = TerminalSession()
        try session.start(noColor: noColor)
        defer { session.stop() }
        var state = initial
        state.size = session.size
        let glyphs: Glyphs = session.unicode ? .unicode : .ascii
        func frame(_ state: PresenterState) -> Grid {
            let grid = PresenterRenderer.render(state, glyphs: glyphs)
            return session.unicode ? grid : grid.asciiOnly()
        }
        session.draw(frame(state), theme: theme)
        while true {
            switch session.read(timeoutMilliseconds: 1000, watching: link.descriptors) {
            case .signal(let signal): return .signal(signal)
            case .lost: return .lost
            case .paste: continue
            case .timeout: break
            case .other:
                if !link.update(&state) { return .roomClosed }
            case .resize(let size): state.size = size
            case .key(let key):
                state.notice = nil
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
