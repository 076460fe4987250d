import CNcursesw
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The last termination signal received (SIGINT, SIGTERM, SIGHUP), 0 if none.
/// Written by the signal handler, read by the main loop: lock-free and signal-safe.
let pendingSignal = Atomic<Int32>(0)

/// Handlers that make every exit path restore the terminal.
///
/// - SIGINT, SIGTERM, SIGHUP only record the signal: the main loop (which polls input
///   every 100 ms) restores the terminal and exits with 128 + signal. They are installed
///   before curses starts, so ncurses does not install its own (which would `_exit`).
/// - Crash signals (a Swift trap, a segfault, an abort) leave the curses screen first,
///   then hand the signal to the handler that was there before (the Swift runtime's
///   backtracer), so the report lands on a usable terminal.
enum SignalTrap {
    static let termination: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    static let crashes: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP]

    nonisolated(unsafe) static var previous: [Int32: sigaction] = [:]
    nonisolated(unsafe) private static var installed = false

    static func install() {
        guard !installed else { return }
        installed = true
        // A parent may have left these blocked or ignored (blocked and ignored signals are
        // inherited across exec): then resizes and Ctrl-C would go unnoticed. Unblock them,
        // and give SIGWINCH back its default so that ncurses installs its resize handler.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for sig in termination + [SIGWINCH] { sigaddset(&unblock, sig) }
        sigprocmask(SIG_UNBLOCK, &unblock, nil)
        signal(SIGWINCH, SIG_DFL)
        for sig in termination {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { sig in pendingSignal.store(sig, ordering: .relaxed) }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(sig, &action, nil)
        }
        for sig in crashes {
            var old = sigaction()
            sigaction(sig, nil, &old)
            previous[sig] = old
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { sig in
                // Not async-signal-safe in theory; in practice the only way to give the
                // terminal back before the process dies.
                if isendwin() == false { endwin() }
                var old = SignalTrap.previous[sig] ?? sigaction()
                sigaction(sig, &old, nil)
                raise(sig)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(sig, &action, nil)
        }
    }
}
