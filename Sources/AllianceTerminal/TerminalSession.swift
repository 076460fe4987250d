import AllianceUI
import CNcursesw
#if canImport(Glibc)
import Glibc
#endif

/// Why the dashboard cannot run in this terminal.
public enum TerminalUnavailable: Error, CustomStringConvertible {
    case notATerminal
    case noTerm
    case dumbTerminal(String)
    case unknownTerminal(String)

    public var description: String {
        switch self {
        case .notATerminal: "standard input and output must be a terminal"
        case .noTerm: "TERM is not set, so the terminal's capabilities are unknown"
        case .dumbTerminal(let t): "the terminal type '\(t)' cannot place the cursor"
        case .unknownTerminal(let t): "the terminal type '\(t)' is not in the terminfo database"
        }
    }
}

/// What reading input gave.
public enum InputEvent: Equatable, Sendable {
    case key(Key)
    case resize(Size)
    case timeout
}

/// The one place that talks to ncurses: starts and restores the terminal, reads keys,
/// reports the size, and draws only the cells that changed since the last frame.
public final class TerminalSession {
    private var screen: OpaquePointer?
    private var window: UnsafeMutablePointer<WINDOW>?
    private var previous: Grid?
    private var pairs: [PairKey: Int32] = [:]
    private var styles: [StyleKey: (attr_t, Int32)] = [:]
    public private(set) var colorDepth: ColorDepth = .none
    public private(set) var unicode = true
    private var colorCount: Int32 = 0
    private var active = false

    private struct PairKey: Hashable { var fg: Int32, bg: Int32 }
    private struct StyleKey: Hashable { var role: Role, attributes: Attributes }

    public init() {}

    /// Whether standard input and output are a usable terminal; throws why not.
    public static func checkUsable(environment: [String: String]) throws(TerminalUnavailable) {
        guard isatty(0) == 1, isatty(1) == 1 else { throw .notATerminal }
        guard let term = environment["TERM"], !term.isEmpty else { throw .noTerm }
        if term == "dumb" || term == "unknown" { throw .dumbTerminal(term) }
    }

    /// Takes over the terminal. `output`/`input` default to standard output and input;
    /// `terminalType` to TERM. Throws if the terminal type is unknown.
    public func start(terminalType: String? = nil, output: UnsafeMutablePointer<FILE>? = nil,
                      input: UnsafeMutablePointer<FILE>? = nil, noColor: Bool = false) throws(TerminalUnavailable) {
        setlocale(LC_ALL, "")
        unicode = alliance_locale_is_utf8() != 0
        SignalTrap.install()
        let out = output ?? fdopen(1, "w"), inp = input ?? fdopen(0, "r")
        // On a real terminal the size comes from the terminal (ioctl) even if LINES and
        // COLUMNS are exported, so resizes are seen; writing elsewhere (tests, benchmarks),
        // from LINES and COLUMNS.
        if output == nil {
            // ncurses would otherwise keep an exported size and ignore resizes.
            unsetenv("LINES")
            unsetenv("COLUMNS")
        }
        let type = terminalType ?? getenv("TERM").map { String(cString: $0) } ?? ""
        guard let screen = type.withCString({ newterm($0, out, inp) }) else { throw .unknownTerminal(type) }
        self.screen = screen
        set_term(screen)
        window = alliance_stdscr()
        active = true
        set_escdelay(25)
        cbreak()
        noecho()
        nonl()
        intrflush(window, false)
        keypad(window, true)
        wtimeout(window, 100)
        curs_set(0)
        if !noColor, has_colors() {
            start_color()
            use_default_colors()
            colorCount = alliance_colors()
            colorDepth = colorCount >= 256 ? .xterm256 : colorCount >= 8 ? .ansi16 : .none
        }
        previous = nil
    }

    /// Gives the terminal back (idempotent).
    public func stop() {
        guard active else { return }
        active = false
        if isendwin() == false {
            curs_set(1)
            endwin()
        }
        if let screen { delscreen(screen) }
        screen = nil
        fflush(nil)
    }

    deinit { stop() }

    public var size: Size {
        guard let window else { return Size(width: 0, height: 0) }
        return Size(width: Int(alliance_max_x(window)), height: Int(alliance_max_y(window)))
    }

    /// Waits up to the input timeout (100 ms) for a key or a resize.
    public func read() -> InputEvent {
        guard let window else { return .timeout }
        var ch: wint_t = 0
        let r = wget_wch(window, &ch)
        if r == ERR { return .timeout }
        if r == alliance_key_code_yes() {
            switch Int32(ch) {
            case KEY_RESIZE:
                previous = nil
                return .resize(size)
            case KEY_UP: return .key(.up)
            case KEY_DOWN: return .key(.down)
            case KEY_LEFT: return .key(.left)
            case KEY_RIGHT: return .key(.right)
            case KEY_HOME: return .key(.home)
            case KEY_END: return .key(.end)
            case KEY_PPAGE: return .key(.pageUp)
            case KEY_NPAGE: return .key(.pageDown)
            case KEY_BTAB: return .key(.backTab)
            case KEY_BACKSPACE: return .key(.backspace)
            case KEY_ENTER: return .key(.enter)
            default:
                if Int32(ch) >= KEY_F0, Int32(ch) <= KEY_F0 + 63 { return .key(.function(Int(Int32(ch) - KEY_F0))) }
                return .timeout
            }
        }
        switch ch {
        case 3: return .key(.interrupt)
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 27: return .key(.escape)
        case 8, 127: return .key(.backspace)
        default:
            guard let scalar = Unicode.Scalar(UInt32(ch)) else { return .timeout }
            return .key(.character(Character(scalar)))
        }
    }

    /// Draws a frame, writing only the cells that differ from the previous one.
    /// Returns the number of cells written.
    @discardableResult
    public func draw(_ grid: Grid, theme: any StyleResolver) -> Int {
        guard let window else { return 0 }
        let runs = grid.changedRuns(from: previous)
        if previous == nil { werase(window) }
        var written = 0
        var cc = cchar_t()
        var text = [wchar_t](repeating: 0, count: 8)
        for run in runs {
            for x in run.x..<(run.x + run.count) {
                let cell = grid[x, run.y]
                if cell.isContinuation { continue }
                let (attrs, pair) = style(cell, theme)
                var n = 0
                for s in cell.text.unicodeScalars where n < 5 {
                    text[n] = wchar_t(bitPattern: s.value)
                    n += 1
                }
                text[n] = 0
                _ = alliance_setcchar(&cc, text, attrs, pair)
                _ = mvwadd_wch(window, Int32(run.y), Int32(x), &cc)
                written += 1
            }
        }
        wnoutrefresh(window)
        doupdate()
        previous = grid
        return written
    }

    /// Forgets the last frame, so the next draw repaints everything (after a theme change).
    public func invalidate() {
        previous = nil
        styles.removeAll()
    }

    private func style(_ cell: Cell, _ theme: any StyleResolver) -> (attr_t, Int32) {
        let key = StyleKey(role: cell.role, attributes: cell.attributes)
        if let s = styles[key] { return s }
        let resolved = theme.style(for: cell.role, depth: colorDepth)
        var attrs = alliance_a_normal()
        let all = resolved.attributes.union(cell.attributes)
        if all.contains(.bold) { attrs |= alliance_a_bold() }
        if all.contains(.underline) { attrs |= alliance_a_underline() }
        if all.contains(.reverse) { attrs |= alliance_a_reverse() }
        if all.contains(.dim) { attrs |= alliance_a_dim() }
        var pair: Int32 = 0
        if colorDepth != .none {
            pair = self.pair(color(resolved.foreground), color(resolved.background))
        }
        styles[key] = (attrs, pair)
        return (attrs, pair)
    }

    private func color(_ c: TerminalColor) -> Int32 {
        switch c {
        case .terminalDefault: return -1
        case .indexed(let i):
            var v = Int32(i)
            // An 8-colour terminal: bright colours fold onto the basic eight.
            if v >= colorCount { v = v < 16 ? v - 8 : -1 }
            return v
        }
    }

    private func pair(_ fg: Int32, _ bg: Int32) -> Int32 {
        if fg == -1, bg == -1 { return 0 }
        let key = PairKey(fg: fg, bg: bg)
        if let p = pairs[key] { return p }
        let next = Int32(pairs.count + 1)
        guard next < min(alliance_color_pairs(), 32767) else { return 0 }
        init_pair(Int16(next), Int16(fg), Int16(bg))
        pairs[key] = next
        return next
    }
}
