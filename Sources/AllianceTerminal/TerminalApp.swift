import AllianceUI
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The interactive dashboard: key / resize → action → reduce → render → diff → draw.
public enum TerminalApp {
    /// Runs until the user quits; returns the process exit status (0, or 128 + a signal).
    /// The terminal is restored on every path out of here.
    public static func run(_ initial: AppState, themes: [Theme], noColor: Bool) throws(TerminalUnavailable) -> Int32 {
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
        // For the end-to-end test of the crash path only: a trap after the first frame.
        if getenv("ALLIANCE_TEST_CRASH_AFTER_FIRST_FRAME") != nil { fatalError("crash requested by ALLIANCE_TEST_CRASH_AFTER_FIRST_FRAME") }
        while true {
            let signal = pendingSignal.load(ordering: .relaxed)
            if signal != 0 { return 128 + signal }
            let action: Action
            switch session.read() {
            case .timeout: continue
            case .resize(let size): action = .resize(size)
            case .key(let key):
                guard let a = KeyBinding.action(for: key, overlayOpen: state.overlay != nil) else { continue }
                action = a
            }
            switch Reducer.reduce(&state, action) {
            case .quit?: return 0
            case .themeChanged?:
                theme = themes[state.themeIndex % themes.count]
                session.invalidate()
            case nil: break
            }
            session.draw(frame(state), theme: theme)
        }
    }
}
