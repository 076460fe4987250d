import CTerminalGuard

#if !os(Linux)
#error("Alliance Dashboard's terminal backend builds on Linux only (DECISIONS.md, \"Linux only\").")
#endif
#if canImport(Glibc)
import Glibc
#endif

/// The signal handlers that make every way out restore the terminal (`CTerminalGuard`,
/// in C so that the handlers are async-signal-safe):
///
/// - SIGINT, SIGTERM, SIGHUP are recorded; the main loop restores the terminal, then the
///   process dies by the signal, so `while true; do alliance; done` can be interrupted.
/// - Crash signals restore the saved terminal modes and write the saved reset bytes from an
///   alternate stack (a stack overflow included), then hand over to the previous handler
///   (Swift's backtracer), which prints its report on a usable terminal.
///
/// Installed by `TerminalApp` around a session, and removed when it ends; a session alone
/// (tests, benchmarks) installs nothing process-wide.
public enum SignalTrap {
    /// Installs the handlers, saving the terminal modes of standard input.
    public static func install() {
        _ = alliance_guard_install(0, 1, nil, 0)
    }

    /// Puts back the handlers that were there before.
    public static func remove() {
        alliance_guard_remove()
    }

    /// The termination signal received since `install`, if any.
    public static var pending: Int32? {
        let s = alliance_guard_pending_signal()
        return s == 0 ? nil : s
    }

    /// Whether the handlers are installed now.
    public static var isInstalled: Bool { alliance_guard_installed() != 0 }

    /// The bytes a crash handler writes to give the terminal back.
    static func setResetBytes(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { alliance_guard_set_reset($0.baseAddress, $0.count) }
        }
    }

    /// Dies by `signal`, with its default action (after the terminal has been restored).
    public static func dieBy(_ signal: Int32) -> Never {
        alliance_guard_die_by(signal)
        // Only reached if the signal's default action does not end the process.
        exit(128 + signal)
    }
}
