import AllianceUI
#if canImport(Glibc)
import Glibc
#endif

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
    }

    /// Runs until the user quits, a signal arrives or the terminal goes away. The terminal
    /// is restored, and the signal handlers removed, on every path out of here.
    /// `afterFirstFrame` runs once the first frame is on screen (the end-to-end tests use it
    /// to crash on purpose).
    public static func run(_ initial: AppState, themes: [Theme], noColor: Bool,
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
        afterFirstFrame()
        while true {
            let action: Action
            switch session.read() {
            case .signal(let signal): return .signal(signal)
            case .lost: return .lost
            case .timeout, .paste: continue  // the dashboard has no text input: a paste means nothing here
            case .resize(let size): action = .resize(size)
            case .key(let key):
                guard let a = KeyBinding.action(for: key, overlayOpen: state.overlay != nil) else { continue }
                action = a
            }
            switch Reducer.reduce(&state, action) {
            case .quit?: return .quit
            case .themeChanged?:
                theme = themes[state.themeIndex % themes.count]
                session.invalidate(themeChanged: true)
            case .redraw?:
                session.invalidate()
            case nil: break
            }
            session.draw(frame(state), theme: theme)
        }
    }
}
