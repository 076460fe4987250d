import AllianceCore
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// What an expert user does to a terminal program in the first minutes: paste into it,
/// press keys it does not know, interrupt it in a loop, close the terminal under it, crash it.
@Suite("The terminal never betrays its user (tmux)", .serialized, .enabled(if: tmuxAvailable, "tmux is not on PATH: skipping (a failure under CI)"))
struct TerminalHardeningTests {
    static let steps = BuiltinCase.model.timeline.count

    /// `q`, a newline and a command, pasted: no key is acted on, and after quitting nothing
    /// reaches the shell, which reads the terminal right after the dashboard. With bracketed
    /// paste (`paste-buffer -p`) and without it (the text arrives as if typed, all at once).
    @Test(arguments: [true, false])
    func aPasteIsNeverTakenForKeys(bracketed: Bool) throws {
        let dir = try temporaryDirectory()
        let leftover = dir.appendingPathComponent("leftover"), pwned = dir.appendingPathComponent("pwned")
        let t = try TmuxSession(then: "read -t 2 line; printf '[%s]' \"$line\" > '\(leftover.path)'; sleep 60")
        try t.waitFor(stepLabel(0))
        let buffer = dir.appendingPathComponent("paste.txt")
        try "q\necho PWNED > '\(pwned.path)'\n".write(to: buffer, atomically: true, encoding: .utf8)
        try t.tmux(["load-buffer", buffer.path])
        try t.tmux(["paste-buffer", "-t", "e2e"] + (bracketed ? ["-p"] : []))
        // Had the `q` been a key, the dashboard would be gone and `n` would go to the shell.
        #expect(try t.press("n", until: [stepLabel(1), stepLabel(2)]) != nil)
        // Paste again, and quit right behind it: the rest must not reach the shell.
        try t.tmux(["paste-buffer", "-t", "e2e"] + (bracketed ? ["-p"] : []))
        #expect(try t.press("q", untilExit: 1.5) == 0)
        #expect(try t.terminalRestored())
        #expect(t.waitForFile(leftover) == "[]")
        #expect(!FileManager.default.fileExists(atPath: pwned.path))
    }

    /// Keys the dashboard does not know move nothing: the screen after them and `n` is the
    /// screen after `n` alone. Under `TERM=screen` curses knows few of these sequences.
    @Test(arguments: ["screen", "xterm-256color"])
    func unknownKeysMoveNothing(term: String) throws {
        let junk = try TmuxSession(environment: "TERM=\(term)")
        try junk.waitFor(stepLabel(0))
        try junk.keys("C-Right", "C-Left", "M-n", "M-p", "M-[", "F5", "S-F3", "C-Up", "M-Right", "C-PageDown")
        try junk.keys("n")
        let after = try junk.waitForSettled(stepLabel(1))
        let clean = try TmuxSession(environment: "TERM=\(term)")
        try clean.waitFor(stepLabel(0))
        try clean.keys("n")
        let expected = try clean.waitForSettled(stepLabel(1))
        #expect(after == expected)
        try junk.keys("q")
        #expect(junk.exitStatus() == 0)
    }

    @Test func aStackOverflowStillRestoresTheTerminal() throws {
        let t = try TmuxSession(environment: "ALLIANCE_TEST_CRASH_AFTER_FIRST_FRAME=stack-overflow")
        #expect(t.exitStatus() == 128 + SIGSEGV)
        #expect(t.stderr.contains("Program crashed"))
        #expect(try t.terminalRestored())
        #expect(t.sttyUnchanged())
    }

    /// After restoring the terminal the dashboard dies by the signal, so the shell stops a
    /// `while true; do alliance; done` loop (an exit status of 130 would run it again).
    @Test func ctrlCEndsAShellLoop() throws {
        let t = try TmuxSession(loop: true)
        try t.waitFor(stepLabel(0))
        try t.keys("C-c")
        #expect(try t.waitForPaneToDie())
    }

    @Test(arguments: [(SIGTERM, "SIGTERM"), (SIGHUP, "SIGHUP")])
    func terminationSignalsRestoreAndReportTheSignal(signal: Int32, name: String) throws {
        let t = try TmuxSession()
        try t.waitFor(stepLabel(0))
        let pid = try #require(try t.programPID())
        kill(pid, signal)
        #expect(t.exitStatus() == 128 + signal, "\(name)")
        #expect(try t.terminalRestored())
        #expect(t.sttyUnchanged())
    }

    /// Ctrl-Z suspends the dashboard and gives the shell back; `fg` brings it back, redrawn,
    /// and it still takes keys.
    @Test func ctrlZAndFgKeepWorking() throws {
        let t = try TmuxSession(arguments: "--at 5", interactive: true)
        try t.keys(t.program, "Enter")
        try t.waitForSettled(stepLabel(5))
        try t.keys("C-z")
        try t.waitFor("Stopped")
        #expect(try t.terminalRestored())
        try t.keys("fg", "Enter")
        try t.waitForSettled(stepLabel(5))
        try t.keys("n")
        try t.waitFor(stepLabel(6))
        try t.keys("q")
        try t.waitForAbsence(stepLabel(6))
    }

    /// A terminal closed under the dashboard, with no SIGHUP (the dashboard is not in the
    /// terminal's session): it notices and exits at once, instead of spinning.
    @Test func aClosedTerminalEndsTheDashboard() throws {
        var master: Int32 = -1, slave: Int32 = -1
        var size = winsize(ws_row: 30, ws_col: 100, ws_xpixel: 0, ws_ypixel: 0)
        #expect(openpty(&master, &slave, nil, nil, &size) == 0)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in 0...2 { posix_spawn_file_actions_adddup2(&actions, slave, fd) }
        posix_spawn_file_actions_addclose(&actions, master)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A new session: the pty is not its controlling terminal, so closing it sends no SIGHUP.
        posix_spawnattr_setflags(&attributes, 0x80)  // POSIX_SPAWN_SETSID (glibc; not imported into Swift)
        let env = ["TERM=xterm-256color", "LANG=C.UTF-8", "PATH=/usr/bin:/bin"]
        var cEnv = env.map { strdup($0) } + [nil]
        var cArgs = [strdup(Run.binary.path), nil]
        defer { for p in cEnv + cArgs { free(p) } }
        var pid: pid_t = 0
        #expect(posix_spawn(&pid, Run.binary.path, &actions, &attributes, &cArgs, &cEnv) == 0)
        close(slave)
        // Wait for the first frame.
        var seen = [UInt8]()
        let deadline = Date().addingTimeInterval(15)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while Date() < deadline, !String(decoding: seen, as: UTF8.self).contains(stepLabel(0)) {
            var pfd = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            if poll(&pfd, 1, 100) > 0 {
                let n = read(master, &buffer, buffer.count)
                if n > 0 { seen += buffer[0..<n] } else { break }
            }
        }
        #expect(String(decoding: seen, as: UTF8.self).contains(stepLabel(0)))
        let closed = Date()
        close(master)
        var status: Int32 = 0
        var exited = false
        while Date().timeIntervalSince(closed) < 5 {
            if waitpid(pid, &status, WNOHANG) == pid { exited = true; break }
            Thread.sleep(forTimeInterval: 0.01)
        }
        if !exited { kill(pid, SIGKILL); waitpid(pid, &status, 0) }
        #expect(exited)
        #expect(Date().timeIntervalSince(closed) < 1)
        #expect(status >> 8 == 74)
    }

    /// Names with emoji sequences and wide characters: the terminal shows what the snapshot
    /// shows, cell for cell (nothing half-drawn, nothing stale, no row shifted).
    @Test func emojiRowsAgreeInSnapshotAndTerminal() throws {
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("emoji.yaml")
        let yaml = BuiltinCase.yaml.replacingOccurrences(of: "name: Joan Ferrer", with: "name: \"Joan 👨‍👩‍👧 Ferrer 🇪🇸 ❤️ 👍🏽 1️⃣ 漢字\"")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        let snapshot = try Run(["snapshot", file.path, "--at", "1", "--size", "100x30"])
        #expect(snapshot.status == 0)
        let t = try TmuxSession(arguments: "'\(file.path)' --at 1")
        let screen = try t.waitForSettled("Ferrer")
        func rows(_ s: String) -> [String] { s.split(separator: "\n", omittingEmptySubsequences: false).prefix(30).map { String($0).trimmingBlanks() } }
        #expect(rows(screen) == rows(snapshot.stdout))
        #expect(screen.contains("Joan 👨 Ferrer ES ❤ 👍 1 漢字"))
    }

    /// A character the C library cannot measure (U+1FAE9, newer than its tables): curses
    /// would draw it at a width of its own; the terminal shows `?` in its place instead, and
    /// every other cell of the row is where the snapshot has it.
    @Test func aCharacterTheTerminalCannotMeasureKeepsTheRowAligned() throws {
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("new-emoji.yaml")
        try BuiltinCase.yaml.replacingOccurrences(of: "name: Joan Ferrer", with: "name: \"Joan \u{1FAE9} Ferrer\"")
            .write(to: file, atomically: true, encoding: .utf8)
        let snapshot = try Run(["snapshot", file.path, "--at", "1", "--size", "100x30"])
        let t = try TmuxSession(arguments: "'\(file.path)' --at 1")
        let screen = try t.waitForSettled("Ferrer")
        func rows(_ s: String) -> [String] { s.split(separator: "\n", omittingEmptySubsequences: false).prefix(30).map { String($0).trimmingBlanks() } }
        #expect(rows(screen) == rows(snapshot.stdout.replacingOccurrences(of: "\u{1FAE9}", with: "?")))
    }
}

extension String {
    func trimmingBlanks() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}

