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
    /// Pasted text, as one event.
    case paste(String)
    case resize(Size)
    /// Nothing arrived in time, or what arrived means nothing (an unknown escape sequence).
    case timeout
    /// A termination signal arrived (see `SignalTrap`).
    case signal(Int32)
    /// The terminal is gone: end of file, an I/O error, or a hang-up.
    case lost
    /// One of the other descriptors `read` was asked to watch is ready (the session link).
    case other
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
    private var defaultColors = false
    private var active = false
    private var inputFD: Int32 = 0
    private var outputFD: Int32 = 1
    private var bracketedPaste = false
    private var pushedBack: [RawInput] = []
    /// Key codes given to the bracketed-paste markers (`define_key`).
    private static let pasteStartCode: Int32 = KEY_MAX + 0x101
    private static let pasteEndCode: Int32 = KEY_MAX + 0x102

    private struct PairKey: Hashable { var fg: Int32, bg: Int32 }
    private struct StyleKey: Hashable { var role: Role, attributes: Attributes }

    public init() {}

    /// Whether standard input and output are a usable terminal; throws why not.
    public static func checkUsable(environment: [String: String]) throws(TerminalUnavailable) {
        guard isatty(0) == 1, isatty(1) == 1 else { throw .notATerminal }
        try checkTerm(environment: environment)
    }

    /// Whether TERM names a terminal that can place the cursor; throws why not. Pure.
    public static func checkTerm(environment: [String: String]) throws(TerminalUnavailable) {
        guard let term = environment["TERM"], !term.isEmpty else { throw .noTerm }
        if term == "dumb" || term == "unknown" { throw .dumbTerminal(term) }
    }

    /// Takes over the terminal. `output`/`input` default to standard output and input;
    /// `terminalType` to TERM; `size`, for output that is not a terminal (tests,
    /// benchmarks), to the terminal description's. Throws if the terminal type is unknown.
    /// Installs no signal handler: `TerminalApp` does, around the whole session.
    public func start(terminalType: String? = nil, output: UnsafeMutablePointer<FILE>? = nil,
                      input: UnsafeMutablePointer<FILE>? = nil, noColor: Bool = false, size: Size? = nil) throws(TerminalUnavailable) {
        setlocale(LC_ALL, "")
        unicode = alliance_locale_is_utf8() != 0
        let out = output ?? fdopen(1, "w"), inp = input ?? fdopen(0, "r")
        inputFD = input.map { fileno($0) } ?? 0
        outputFD = out.map { fileno($0) } ?? 1
        // The size comes from the terminal (ioctl) even when LINES and COLUMNS are exported,
        // which ncurses would otherwise keep, ignoring resizes; output that is not a terminal
        // gets `size`, or the terminal description's.
        use_tioctl(true)
        if output == nil {
            // On a real terminal ncurses would still take a resize's size from exported LINES
            // and COLUMNS: forget them (the dashboard's own process only).
            unsetenv("LINES")
            unsetenv("COLUMNS")
        }
        let type = terminalType ?? getenv("TERM").map { String(cString: $0) } ?? ""
        guard let screen = type.withCString({ newterm($0, out, inp) }) else { throw .unknownTerminal(type) }
        self.screen = screen
        set_term(screen)
        window = alliance_stdscr()
        active = true
        if let size { resizeterm(Int32(size.height), Int32(size.width)) }
        // The user's ESCDELAY wins; without one, 25 ms (ncurses' default of 1 s makes Esc sluggish).
        if getenv("ESCDELAY") == nil { set_escdelay(25) }
        cbreak()
        noecho()
        nonl()
        intrflush(window, false)
        keypad(window, true)
        wtimeout(window, 0)
        curs_set(0)
        if !noColor, has_colors() {
            start_color()
            defaultColors = use_default_colors() == OK
            colorCount = alliance_colors()
            colorDepth = colorCount >= 256 ? .xterm256 : colorCount >= 8 ? .ansi16 : .none
        }
        // Bracketed paste: the terminal marks pasted text, which then arrives as one event.
        _ = "\u{1B}[200~".withCString { define_key($0, Self.pasteStartCode) }
        _ = "\u{1B}[201~".withCString { define_key($0, Self.pasteEndCode) }
        bracketedPaste = isatty(outputFD) == 1 && Self.supportsBracketedPaste(type)
        if bracketedPaste { writeRaw(Self.bracketedPasteOn) }
        SignalTrap.setResetBytes(resetBytes(bracketedPaste: bracketedPaste))
        previous = nil
        pushedBack = []
    }

    static let bracketedPasteOn = Array("\u{1B}[?2004h".utf8)
    static let bracketedPasteOff = Array("\u{1B}[?2004l".utf8)

    /// Terminals that understand bracketed paste (xterm and its descendants, tmux, screen);
    /// the Linux console does not, and gets nothing it would print.
    static func supportsBracketedPaste(_ term: String) -> Bool {
        let families = ["xterm", "screen", "tmux", "rxvt", "alacritty", "kitty", "foot", "wezterm", "vte", "st-", "konsole", "gnome", "iterm"]
        return families.contains { term.hasPrefix($0) }
    }

    /// What gives the terminal back when there is no time for curses (a crash): leave the
    /// alternate screen, show the cursor, plain attributes, bracketed paste off.
    private func resetBytes(bracketedPaste: Bool) -> [UInt8] {
        var bytes: [UInt8] = []
        for cap in ["sgr0", "cnorm", "rmcup"] {
            guard let s = cap.withCString({ tigetstr(UnsafeMutablePointer(mutating: $0)) }),
                  Int(bitPattern: s) != -1 else { continue }
            bytes += Array(String(cString: s).utf8)
        }
        if bracketedPaste { bytes += Self.bracketedPasteOff }
        return bytes
    }

    /// Writes bytes straight to the terminal, past curses (for modes curses does not know).
    private func writeRaw(_ bytes: [UInt8]) {
        fflush(nil)
        bytes.withUnsafeBufferPointer { b in _ = Glibc.write(outputFD, b.baseAddress, b.count) }
    }

    /// Gives the terminal back (idempotent): bracketed paste off, the screen restored, and
    /// any input not yet read (the rest of a paste) thrown away, so none of it reaches the shell.
    public func stop() {
        guard active else { return }
        active = false
        if isendwin() == false {
            flushinp()
            curs_set(1)
            endwin()
        }
        if bracketedPaste { writeRaw(Self.bracketedPasteOff) }
        if isatty(inputFD) == 1 { tcflush(inputFD, TCIFLUSH) }
        if let screen { delscreen(screen) }
        screen = nil
        fflush(nil)
    }

    deinit { stop() }

    public var size: Size {
        guard let window else { return Size(width: 0, height: 0) }
        return Size(width: Int(alliance_max_x(window)), height: Int(alliance_max_y(window)))
    }

    /// Waits for a key, a paste, a resize or a signal: blocks (no polling) unless
    /// `timeoutMilliseconds` is given (for a ticking clock); `.timeout` when it passes.
    /// Returns `.lost` when the terminal has gone away, and `.other` when one of `watching`
    /// (descriptors besides the terminal, with the events to wait for) is ready first.
    public func read(timeoutMilliseconds: Int32 = -1, watching: [pollfd] = []) -> InputEvent {
        guard window != nil else { return .lost }
        while true {
            if let signal = SignalTrap.pending { return .signal(signal) }
            if let first = next(waitingMilliseconds: 0) {
                var source = CursesSource(session: self)
                switch InputDecoder.decode(first, from: &source) {
                case .key(let key): return .key(key)
                case .paste(let text): return .paste(text)
                case .resize:
                    previous = nil
                    return .resize(size)
                case .ignored: continue
                }
            }
            if lost { return .lost }
            // Nothing buffered: sleep until the terminal has input, a signal (a resize is
            // one) interrupts, or the timeout passes.
            var fds = [pollfd(fd: inputFD, events: Int16(POLLIN), revents: 0)] + watching
            let ready = poll(&fds, nfds_t(fds.count), timeoutMilliseconds)
            if ready == 0 { return .timeout }
            if ready < 0 {
                if errno == EINTR { continue }  // a signal, or SIGWINCH: curses now has KEY_RESIZE
                return .lost
            }
            let pfd = fds[0]
            if pfd.revents & Int16(POLLIN) == 0, pfd.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { return .lost }
            // The terminal first; otherwise something else woke us.
            if pfd.revents == 0 { return .other }
        }
    }

    /// Set when curses could not read although the terminal said there was input: end of
    /// file or an I/O error (a closed pty reads as EIO).
    private var lost = false
    private var failedReads = 0

    /// The next raw input already available (or within `waitingMilliseconds`), or nil.
    fileprivate func next(waitingMilliseconds: Int32) -> RawInput? {
        if !pushedBack.isEmpty { return pushedBack.removeLast() }
        guard let window else { return nil }
        wtimeout(window, waitingMilliseconds)
        var ch: wint_t = 0
        let r = wget_wch(window, &ch)
        if r == ERR {
            // ERR with input pending means the read itself failed.
            var pfd = pollfd(fd: inputFD, events: Int16(POLLIN), revents: 0)
            if poll(&pfd, 1, 0) > 0, pfd.revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
                failedReads += 1
                if failedReads >= 3 || pfd.revents & Int16(POLLHUP | POLLERR) != 0 { lost = true }
            }
            return nil
        }
        failedReads = 0
        if r == alliance_key_code_yes() { return Self.raw(keyCode: Int32(ch)) }
        return .char(UInt32(ch))
    }

    fileprivate func pushBack(_ input: RawInput) { pushedBack.append(input) }

    /// A curses key code as raw input.
    static func raw(keyCode: Int32) -> RawInput {
        switch keyCode {
        case KEY_RESIZE: return .resize
        case pasteStartCode: return .pasteStart
        case pasteEndCode: return .pasteEnd
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
        case KEY_DC: return .key(.delete)
        case KEY_ENTER: return .key(.enter)
        default:
            if keyCode >= KEY_F0, keyCode <= KEY_F0 + 63 { return .key(.function(Int(keyCode - KEY_F0))) }
            return .unknownKey
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
                // The grid's width for this cell, and the C library's (curses draws by that).
                let gridWidth = x + 1 < grid.width && grid[x + 1, run.y].isContinuation ? 2 : 1
                let drawn = Self.terminalText(cell.text, gridWidth: gridWidth)
                var n = 0
                for s in drawn.text.unicodeScalars where n < 5 {
                    text[n] = wchar_t(bitPattern: s.value)
                    n += 1
                }
                text[n] = 0
                _ = alliance_setcchar(&cc, text, attrs, pair)
                _ = mvwadd_wch(window, Int32(run.y), Int32(x), &cc)
                // Curses advanced one column where the grid expects two: blank the second,
                // so nothing stale is left in it and the row stays aligned.
                if drawn.pad {
                    text[0] = wchar_t(bitPattern: 0x20)
                    text[1] = 0
                    _ = alliance_setcchar(&cc, text, attrs, pair)
                    _ = mvwadd_wch(window, Int32(run.y), Int32(x + 1), &cc)
                }
                written += 1
            }
        }
        wnoutrefresh(window)
        doupdate()
        previous = grid
        return written
    }

    /// What to hand curses for a cell the grid gives `gridWidth` columns: the text itself when
    /// the C library's width agrees; the text and a blank after it when it takes one column
    /// less; `?` (and a blank) when the library cannot print it or finds it wider.
    static func terminalText(_ text: String, gridWidth: Int) -> (text: String, pad: Bool) {
        let scalars = text.unicodeScalars
        if scalars.count == 1, let s = scalars.first, s.value < 0x300 { return (text, false) }
        var width = 0
        for s in scalars {
            let w = Int(alliance_wcwidth(s.value))
            if w < 0 { return ("?", gridWidth == 2) }
            width += w
        }
        if width == gridWidth { return (text, false) }
        if width == 1, gridWidth == 2 { return (text, true) }
        return ("?", gridWidth == 2)
    }

    /// Forgets the last frame, so the next draw repaints everything (after a theme change).
    /// `themeChanged`: the colour pairs are reassigned from the first one (the whole screen is
    /// repainted next), so switching themes never uses up the terminal's pairs.
    public func invalidate(themeChanged: Bool = false) {
        previous = nil
        styles.removeAll()
        if themeChanged { pairs.removeAll() }
    }

    /// Colour pairs allocated for the current theme.
    public var pairsInUse: Int { pairs.count }
    /// Styles drawn with attributes only because the terminal ran out of colour pairs.
    public private(set) var stylesWithoutPair = 0

    private func style(_ cell: Cell, _ theme: any StyleResolver) -> (attr_t, Int32) {
        let key = StyleKey(role: cell.role, attributes: cell.attributes)
        if let s = styles[key] { return s }
        let resolved = theme.style(for: cell.role, depth: colorDepth)
        var attrs = Self.cursesAttributes(resolved.attributes.union(cell.attributes))
        var pair: Int32 = 0
        if colorDepth != .none {
            if let p = self.pair(color(resolved.foreground, background: false), color(resolved.background, background: true)) {
                pair = p
            } else {
                // Out of colour pairs: the attributes the theme gives this role without colour
                // (as under NO_COLOR) keep it apart from the rest, rather than pair 0's plain text.
                stylesWithoutPair += 1
                attrs = Self.cursesAttributes(theme.style(for: cell.role, depth: .none).attributes.union(cell.attributes))
            }
        }
        styles[key] = (attrs, pair)
        return (attrs, pair)
    }

    private static func cursesAttributes(_ set: Attributes) -> attr_t {
        var attrs = alliance_a_normal()
        if set.contains(.bold) { attrs |= alliance_a_bold() }
        if set.contains(.underline) { attrs |= alliance_a_underline() }
        if set.contains(.reverse) { attrs |= alliance_a_reverse() }
        if set.contains(.dim) { attrs |= alliance_a_dim() }
        return attrs
    }

    private func color(_ c: TerminalColor, background: Bool) -> Int32 {
        switch c {
        case .terminalDefault:
            // Without use_default_colors, -1 is not a colour: white on black stands in.
            return defaultColors ? -1 : background ? Int32(COLOR_BLACK) : Int32(COLOR_WHITE)
        case .indexed(let i):
            // An 8-colour terminal: bright and extended colours fold onto the basic eight.
            return Int32(ColorMapping.fold(i, colors: Int(colorCount)))
        }
    }

    /// The pair for these colours (0 for the terminal's own), allocating one if needed; nil
    /// when the terminal has no pair left or refuses it.
    private func pair(_ fg: Int32, _ bg: Int32) -> Int32? {
        if fg == -1, bg == -1 { return 0 }
        let key = PairKey(fg: fg, bg: bg)
        if let p = pairs[key] { return p }
        let next = Int32(pairs.count + 1)
        guard next < min(alliance_color_pairs(), 32767) else { return nil }
        guard init_pair(Int16(next), Int16(fg), Int16(bg)) == OK else { return nil }
        pairs[key] = next
        return next
    }
}

/// The decoder's view of a session's input.
private struct CursesSource: InputSource {
    let session: TerminalSession
    mutating func next(waitingMilliseconds: Int32) -> RawInput? { session.next(waitingMilliseconds: waitingMilliseconds) }
    mutating func pushBack(_ input: RawInput) { session.pushBack(input) }
}
