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
        Reducer.reduce(&state, .tick(now: monotonicSeconds()))  // the session's clock starts
        session.draw(frame(state), theme: theme)
        afterFirstFrame()
        while true {
            let action: Action?
            switch session.read(timeoutMilliseconds: readTimeout(state, now: monotonicSeconds())) {
            case .signal(let signal): return .signal(signal)
            case .lost: return .lost
            case .paste: continue  // the dashboard has no text input: a paste means nothing here
            case .timeout: action = nil  // only the clock moved
            case .resize(let size): action = .resize(size)
            case .key(let key):
                guard let a = KeyBinding.action(for: key, in: state) else { continue }
                action = a
            }
            // The clock first, so a key's step records when it was shown.
            Reducer.reduce(&state, .tick(now: monotonicSeconds()))
            if let action {
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
        }
    }

    /// How long the next read may wait, in milliseconds: forever (-1, no wake-ups) unless
    /// autoplay is on; then until its next advance is due. Other timed sources add their
    /// own deadline here (the smallest wins).
    static func readTimeout(_ state: AppState, now: Double) -> Int32 {
        guard let wait = state.secondsUntilNextAdvance(now: now) else { return -1 }
        return Int32(min(60_000, max(0, (wait * 1000).rounded(.up))))
    }

    /// Seconds on the monotonic clock (never jumps with the wall clock).
    static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
