#define _GNU_SOURCE
#include "terminal_guard.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static const int termination_signals[] = { SIGINT, SIGTERM, SIGHUP };
static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP };
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static struct sigaction previous[65];
static volatile sig_atomic_t pending_signal = 0;
static volatile sig_atomic_t installed = 0;

static int saved_tty_fd = -1;
static int saved_out_fd = -1;
static struct termios saved_modes;
static int have_modes = 0;
static char reset_bytes[256];
static volatile size_t reset_count = 0;

static void *alternate_stack = NULL;

static void on_termination(int sig) {
    pending_signal = sig;
}

static void write_all(int fd, const char *bytes, size_t count) {
    while (count > 0) {
        ssize_t n = write(fd, bytes, count);
        if (n <= 0) return;
        bytes += n;
        count -= (size_t)n;
    }
}

static void on_crash(int sig, siginfo_t *info, void *context) {
    (void)context;
    if (have_modes && saved_tty_fd >= 0) tcsetattr(saved_tty_fd, TCSANOW, &saved_modes);
    if (saved_out_fd >= 0 && reset_count > 0) write_all(saved_out_fd, reset_bytes, reset_count);
    // Hand over to whoever handled this signal before us (the backtracer, or the default).
    sigaction(sig, &previous[sig], NULL);
    // A fault caused by an instruction happens again when we return, this time with the
    // previous handler and the real fault address. A signal sent to us (abort, kill,
    // raise) would not come back by itself: send it again.
    // (A SIGTRAP from x86's int3 leaves the program counter after the trap, so returning
    // would run on: there it is raised again too.)
    int synchronous = info != NULL && info->si_code > 0 && sig != SIGABRT;
#if !defined(__aarch64__)
    if (sig == SIGTRAP) synchronous = 0;
#endif
    if (!synchronous) raise(sig);
}

/// Installs `action` for each signal, keeping the action it replaces in `previous`.
static void install_each(const int *signals, size_t count, const struct sigaction *action) {
    for (size_t i = 0; i < count; i++) sigaction(signals[i], action, &previous[signals[i]]);
}

/// Puts back the previous action of each signal.
static void restore_each(const int *signals, size_t count) {
    for (size_t i = 0; i < count; i++) sigaction(signals[i], &previous[signals[i]], NULL);
}

int alliance_guard_install(int tty_fd, int out_fd, const char *reset, size_t reset_length) {
    if (installed) return 0;
    saved_tty_fd = tty_fd;
    saved_out_fd = out_fd;
    have_modes = tty_fd >= 0 && tcgetattr(tty_fd, &saved_modes) == 0;
    alliance_guard_set_reset(reset, reset_length);
    pending_signal = 0;

    int result = 0;
    if (alternate_stack == NULL) {
        size_t size = 256 * 1024;
        alternate_stack = malloc(size);
        stack_t stack;
        memset(&stack, 0, sizeof stack);
        stack.ss_sp = alternate_stack;
        stack.ss_size = size;
        if (alternate_stack == NULL || sigaltstack(&stack, NULL) != 0) result = -1;
    }

    // A parent may have left these blocked (blocked signals are inherited across exec):
    // then Ctrl-C and resizes would go unnoticed. Unblock them.
    sigset_t unblock;
    sigemptyset(&unblock);
    for (size_t i = 0; i < COUNT(termination_signals); i++) sigaddset(&unblock, termination_signals[i]);
    sigaddset(&unblock, SIGWINCH);
    sigprocmask(SIG_UNBLOCK, &unblock, NULL);

    struct sigaction action;
    memset(&action, 0, sizeof action);
    sigemptyset(&action.sa_mask);
    action.sa_handler = on_termination;
    action.sa_flags = 0;  // no SA_RESTART: a blocking read returns, and the loop sees the signal
    install_each(termination_signals, COUNT(termination_signals), &action);
    memset(&action, 0, sizeof action);
    sigemptyset(&action.sa_mask);
    action.sa_sigaction = on_crash;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    install_each(crash_signals, COUNT(crash_signals), &action);
    installed = 1;
    return result;
}

void alliance_guard_set_reset(const char *reset, size_t reset_length) {
    size_t n = reset_length < sizeof reset_bytes ? reset_length : sizeof reset_bytes - 1;
    reset_count = 0;
    if (reset != NULL && n > 0) memcpy(reset_bytes, reset, n);
    reset_count = n;
}

void alliance_guard_remove(void) {
    if (!installed) return;
    installed = 0;
    restore_each(termination_signals, COUNT(termination_signals));
    restore_each(crash_signals, COUNT(crash_signals));
}

int alliance_guard_pending_signal(void) {
    return pending_signal;
}

void alliance_guard_die_by(int sig) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    sigaction(sig, &action, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);
}

int alliance_guard_installed(void) {
    return installed;
}
