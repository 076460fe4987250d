#ifndef ALLIANCE_TERMINAL_GUARD_H
#define ALLIANCE_TERMINAL_GUARD_H

#include <stddef.h>

/// Signal handling that gives the terminal back on every way out, written in C so the
/// handlers do only async-signal-safe work (no allocation, no locks, no Swift runtime).
///
/// - SIGINT, SIGTERM, SIGHUP are recorded; `alliance_guard_pending_signal` returns the last
///   one, and the main loop restores the terminal and then dies by the signal
///   (`alliance_guard_die_by`), so a shell loop around the program can be interrupted.
/// - Crash signals (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP) run on an alternate
///   stack (so a stack overflow is caught too): the handler restores the terminal modes
///   saved at install time (`tcsetattr`) and writes the saved reset bytes (leave the
///   alternate screen, show the cursor, reset attributes, bracketed paste off) with
///   `write`, then puts back the previous handler (the Swift runtime's backtracer). A
///   synchronous fault returns and faults again, so the previous handler sees the real
///   fault address; a signal sent by a process (`abort`, `kill`) is raised again.

/// Installs the handlers. `tty_fd` is the terminal whose modes are saved now and restored
/// on a crash; `reset` (copied, at most 255 bytes) is written to `out_fd` on a crash.
/// Returns 0, or -1 if the alternate stack could not be set up (the handlers are still installed).
int alliance_guard_install(int tty_fd, int out_fd, const char *reset, size_t reset_length);

/// Replaces the reset bytes (after the terminal is set up, when its capabilities are known).
void alliance_guard_set_reset(const char *reset, size_t reset_length);

/// Puts back the handlers that were there before `alliance_guard_install`. Idempotent.
void alliance_guard_remove(void);

/// The last termination signal received since install (SIGINT, SIGTERM, SIGHUP), or 0.
int alliance_guard_pending_signal(void);

/// Restores the default action of `sig`, unblocks it and raises it: the process dies by it.
void alliance_guard_die_by(int sig);

/// For tests: whether the crash handlers are installed now.
int alliance_guard_installed(void);

#endif
