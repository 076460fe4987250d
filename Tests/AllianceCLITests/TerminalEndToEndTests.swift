import AllianceCore
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// tmux, found on PATH (CI installs it).
let tmuxPath: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    .split(separator: ":").map { "\($0)/tmux" }.first { FileManager.default.isExecutableFile(atPath: $0) }

/// The header's step label, as the dashboard pads it: `step  3/34`.
func stepLabel(_ k: Int) -> String {
    let n = BuiltinCase.model.timeline.count
    return "step " + String(repeating: " ", count: String(n).count - String(k).count) + "\(k)/\(n)"
}

/// Whether the tmux suites run: on CI a missing tmux is a failure (`tmuxRequiredOnCI`), not a skip.
let tmuxAvailable = tmuxPath != nil

@Suite("The end-to-end terminal tests can run")
struct TmuxPresenceTests {
    @Test func tmuxIsInstalledWhenCIIsSet() {
        guard ProcessInfo.processInfo.environment["CI"] != nil else { return }
        #expect(tmuxPath != nil, "CI is set but tmux is not on PATH: the terminal end-to-end tests could not run")
    }
}

/// One tmux server of our own (its own socket), with the dashboard running in a pane.
final class TmuxSession {
    let socket = "alliance-e2e-\(UUID().uuidString.prefix(8))"
    let dir: URL
    let statusFile: URL
    let sttyFile: URL
    let sttyBeforeFile: URL
    /// The dashboard's command line, to type in an interactive pane.
    private(set) var program = ""

    /// `then`: what the pane runs after the dashboard exits. `loop`: run the dashboard in
    /// `while true; do …; done` (to see that a signal ends the loop).
    /// `shell`: shell commands run first (`trap '' INT`, so that the pane's shell outlives a
    /// dashboard killed by SIGINT and records its status).
    /// `interactive`: the pane runs an interactive bash (job control: Ctrl-Z, `fg`) and the
    /// test types the command itself (`program` is the command line to type).
    init(arguments: String = "", width: Int = 100, height: Int = 30, environment: String = "", then: String = "sleep 60",
         loop: Bool = false, shell: String = "", interactive: Bool = false) throws {
        dir = try temporaryDirectory()
        statusFile = dir.appendingPathComponent("status")
        sttyFile = dir.appendingPathComponent("stty")
        sttyBeforeFile = dir.appendingPathComponent("stty-before")
        // Each test's sessions (sockets for the presenter view) live in its own directory.
        // Annotations journals of the built-in case go to the test's own directory too.
        let base = "env -u NO_COLOR -u LINES -u COLUMNS LANG=C.UTF-8 LC_ALL=C.UTF-8 XDG_RUNTIME_DIR='\(dir.path)' XDG_DATA_HOME='\(dir.path)/data'"
        let program = "\(base) SWIFT_BACKTRACE=interactive=no \(environment) '\(Run.binary.path)' \(arguments) 2>'\(dir.path)/stderr'"
        self.program = "\(base) \(environment) '\(Run.binary.path)' \(arguments)"
        let command = interactive
            ? "env -u PROMPT_COMMAND PS1='$ ' bash --norc --noprofile -i"
            : loop
            ? "while true; do \(program); done"
            : "\(shell) stty -a > '\(sttyBeforeFile.path)'; \(program); echo $? > '\(statusFile.path)'; stty -a > '\(sttyFile.path)'; \(then)"
        // One command list, so the pane is kept before its command can end.
        try tmux(["new-session", "-d", "-s", "e2e", "-x", "\(width)", "-y", "\(height)", command, ";",
                  "set-option", "-t", "e2e", "remain-on-exit", "on"])
    }

    /// What the program wrote on standard error.
    var stderr: String { (try? String(contentsOf: dir.appendingPathComponent("stderr"), encoding: .utf8)) ?? "" }

    /// The terminal modes are exactly as before the program started.
    func sttyUnchanged() -> Bool {
        guard let before = try? String(contentsOf: sttyBeforeFile, encoding: .utf8),
              let after = waitForFile(sttyFile) else { return false }
        return before == after
    }

    /// Polls until the pane's command has ended (the pane is kept, dead, by remain-on-exit).
    func waitForPaneToDie(timeout: Double = 15) throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try tmux(["display", "-p", "-t", "e2e", "#{pane_dead}"]).hasPrefix("1") { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }

    /// The dashboard's process id: the child of the pane's shell.
    func programPID(timeout: Double = 10) throws -> pid_t? {
        let shell = try tmux(["display", "-p", "-t", "e2e", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let children = (try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)) ?? ""
            if let pid = children.split(separator: " ").first.flatMap({ pid_t($0) }) { return pid }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    /// Polls until `file` has been written (not empty) and returns its contents.
    func waitForFile(_ file: URL, timeout: Double = 15) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let s = try? String(contentsOf: file, encoding: .utf8), !s.isEmpty { return s }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    deinit { _ = try? tmux(["kill-server"]) }

    @discardableResult
    func tmux(_ args: [String]) throws -> String {
        // posix_spawn and waitpid, not Foundation's Process: the tmux server that
        // `new-session` starts would inherit Process's exit-notification descriptor and
        // keep it open, so waiting for the client would never return. Output goes to a file.
        let outFile = dir.appendingPathComponent("tmux-out-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: outFile) }
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = [tmuxPath!, "-u", "-L", socket, "-f", "/dev/null"] + args
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { for a in cArgs { free(a) } }
        // A terminal's programs start with no signal blocked and default handlers; the test
        // runner's threads block signals, which the tmux server would otherwise inherit.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, tmuxPath!, &actions, &attributes, &cArgs, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        return (try? String(contentsOf: outFile, encoding: .utf8)) ?? ""
    }

    /// The window that `screen`, `keys` and the waits act on: `e2e` (the first), or a window
    /// opened with `openWindow`.
    var target = "e2e"

    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", target]) }

    func keys(_ keys: String...) throws { try tmux(["send-keys", "-t", target] + keys) }

    /// Opens a second window running `alliance ARGUMENTS` in the same environment (the same
    /// session directory): `alliance presenter` beside the room.
    func openWindow(_ name: String, arguments: String, width: Int = 100, height: Int = 30) throws {
        let command = "env -u NO_COLOR -u LINES -u COLUMNS LANG=C.UTF-8 LC_ALL=C.UTF-8 XDG_RUNTIME_DIR='\(dir.path)' XDG_DATA_HOME='\(dir.path)/data' '\(Run.binary.path)' \(arguments) 2>'\(dir.path)/stderr-\(name)'; sleep 60"
        try tmux(["new-window", "-d", "-t", "e2e", "-n", name, command])
        try tmux(["resize-window", "-t", "e2e:\(name)", "-x", "\(width)", "-y", "\(height)"])
    }

    /// Polls the screen until it contains `text` (or times out), and returns the screen.
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 15) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if last.contains(text) { return last }
            Thread.sleep(forTimeInterval: 0.1)
        }
        Issue.record("timed out waiting for '\(text)'; the screen was:\n\(last)")
        return last
    }

    /// Sends `key` until the screen shows one of `texts` (each send waits `interval` for it).
    /// For keys sent right behind a paste on a terminal without bracketed paste: the terminal
    /// may deliver both in one read, and the key then counts as part of the paste.
    @discardableResult
    func press(_ key: String, until texts: [String], interval: Double = 1.5, tries: Int = 8) throws -> String? {
        for _ in 0..<tries {
            try keys(key)
            let deadline = Date().addingTimeInterval(interval)
            while Date() < deadline {
                let s = try screen()
                if texts.contains(where: s.contains) { return s }
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        return nil
    }

    /// Sends `key` until the program exits, and returns its status.
    func press(_ key: String, untilExit interval: Double = 1.5, tries: Int = 8) throws -> Int32? {
        for _ in 0..<tries {
            try keys(key)
            if let status = exitStatus(timeout: interval) { return status }
        }
        return nil
    }

    /// Polls until the screen contains `text` and has stopped changing (two captures alike),
    /// so a frame still being written is never taken for the whole.
    @discardableResult
    func waitForSettled(_ text: String, timeout: Double = 15) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            let now = try screen()
            if now.contains(text), now == last { return now }
            last = now
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("timed out waiting for a settled screen with '\(text)'; the screen was:\n\(last)")
        return last
    }

    /// Polls the screen until it no longer contains `text`.
    func waitForAbsence(_ text: String, timeout: Double = 15) throws {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if !last.contains(text) { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("timed out waiting for '\(text)' to go; the screen was:\n\(last)")
    }

    /// Waits for the program to exit and returns its status.
    func exitStatus(timeout: Double = 15) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let s = try? String(contentsOf: statusFile, encoding: .utf8), let n = Int32(s.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return n
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return nil
    }

    /// Whether the pane is back on the normal screen with a visible cursor.
    func terminalRestored() throws -> Bool {
        try tmux(["display", "-p", "-t", "e2e", "#{alternate_on} #{cursor_flag}"]).trimmingCharacters(in: .whitespacesAndNewlines) == "0 1"
    }

    /// The terminal modes after exit: echo and canonical input back on.
    func sttyRestored() -> Bool {
        guard let s = waitForFile(sttyFile) else { return false }
        let words = Set(s.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" }).map(String.init))
        return words.contains("icanon") && words.contains("echo") && !words.contains("-icanon") && !words.contains("-echo")
    }
}

@Suite("The dashboard in a real terminal (tmux)", .serialized, .enabled(if: tmuxAvailable, "tmux is not on PATH: skipping the terminal end-to-end tests (a failure under CI)"))
struct TerminalEndToEndTests {
    /// The built-in case's step count.
    let n = BuiltinCase.model.timeline.count

    @Test func stepHelpResizeAndQuit() throws {
        let t = try TmuxSession()
        try t.waitFor(stepLabel(0))
        try t.keys("n", "n", "n")
        var screen = try t.waitFor(stepLabel(3))
        #expect(screen.contains("ownerless-decision"))
        #expect(screen.contains("Dr Roca (Hospital Litoral) discharged the patient"))
        try t.keys("?")
        screen = try t.waitFor("◆ Help")
        try t.keys("Escape")
        try t.waitForAbsence("◆ Help")
        try t.keys("Right", "Left", "Right")
        try t.waitFor(stepLabel(4))
        try t.tmux(["resize-window", "-t", "e2e", "-x", "60", "-y", "15"])
        try t.waitFor("Terminal too small: need 80×24")
        try t.tmux(["resize-window", "-t", "e2e", "-x", "120", "-y", "35"])
        screen = try t.waitFor(stepLabel(4))
        #expect(screen.split(separator: "\n").first?.count ?? 0 > 100)
        try t.keys("G")
        try t.waitFor("step \(n)/\(n)")
        try t.keys("q")
        #expect(t.exitStatus() == 0)
        #expect(try t.terminalRestored())
        #expect(t.sttyRestored())
    }

    /// A clicker's keys: PageDown / PageUp step, `b` blanks the screen to the step's question
    /// for the room and any key brings it back (doing nothing else), F5 and Esc change
    /// nothing; then autoplay at 1 s/step stops by itself at the next step with a question.
    @Test func clickerKeysBlankAndAutoplay() throws {
        let model = BuiltinCase.model
        // The first step with a question for the room, and the first one after it.
        let k = try #require(model.timeline.firstIndex { $0.question != nil }) + 1
        let next = try #require(model.timeline.indices.first { $0 >= k && model.timeline[$0].isPausePoint }) + 1
        let question = try #require(model.timeline[k - 1].question)
        let t = try TmuxSession(arguments: "--at \(k - 1)")
        try t.waitFor(stepLabel(k - 1))
        try t.keys("PageDown")
        try t.waitFor(stepLabel(k))
        try t.keys("b")
        var screen = try t.waitFor("Question for the room")
        #expect(screen.contains(String(question.prefix(30))))
        #expect(!screen.contains(stepLabel(k)))
        // Any key returns, and does nothing else: PageDown does not step here.
        try t.keys("PageDown")
        screen = try t.waitForSettled(stepLabel(k))
        #expect(!screen.contains("Question for the room"))
        try t.keys(".")
        try t.waitFor("Question for the room")
        try t.keys("x")
        try t.waitFor(stepLabel(k))
        // F5, Shift-F5 and Esc: nothing moves; PageUp steps back. Apart, as a clicker sends
        // them (Esc and a sequence in one read are one Alt-modified key, dropped whole).
        for key in ["F5", "S-F5", "Escape", "PageUp"] {
            try t.keys(key)
            Thread.sleep(forTimeInterval: 0.3)
        }
        screen = try t.waitForSettled(stepLabel(k - 1))
        #expect(screen.contains("❚❚ paused"))
        try t.keys("PageDown")
        try t.waitFor(stepLabel(k))
        // Autoplay: fastest pace, then it runs to the next pause point and stops there.
        for _ in 0..<3 { try t.keys("+") }
        try t.waitFor("Autoplay pace: 1 s/step")
        try t.keys("s")
        try t.waitFor("▶ 1 s/step")  // at 100 columns, the header's medium form
        screen = try t.waitFor(stepLabel(next), timeout: Double(next - k) * 1.5 + 10)
        screen = try t.waitForSettled("❚❚ paused")
        #expect(screen.contains(stepLabel(next)))
        try t.keys("q")
        #expect(t.exitStatus() == 0)
    }

    /// Ctrl-C: the terminal is restored, then the dashboard dies by SIGINT (a shell shows 130).
    @Test func ctrlCRestoresTheTerminalAndDiesBySIGINT() throws {
        let t = try TmuxSession(shell: "trap '' INT;")
        try t.waitFor(stepLabel(0))
        try t.keys("C-c")
        #expect(t.exitStatus() == 128 + SIGINT)
        #expect(try t.terminalRestored())
        #expect(t.sttyRestored())
        #expect(t.sttyUnchanged())
    }

    @Test func aCrashStillRestoresTheTerminal() throws {
        let t = try TmuxSession(environment: "ALLIANCE_TEST_CRASH_AFTER_FIRST_FRAME=1")
        // Killed by the trap's signal: SIGILL on x86_64 (ud2), SIGTRAP on arm64 (brk).
        #if arch(x86_64)
        let trap = SIGILL
        #else
        let trap = SIGTRAP
        #endif
        #expect(t.exitStatus() == 128 + trap)
        #expect(t.stderr.contains("Fatal error: crash requested by ALLIANCE_TEST_CRASH_AFTER_FIRST_FRAME"))
        #expect(try t.terminalRestored())
        #expect(t.sttyRestored())
        #expect(t.sttyUnchanged())
    }

    @Test func aBrokenThemeFallsBackToDefaultWithANotice() throws {
        let dir = try temporaryDirectory()
        let theme = dir.appendingPathComponent("broken.yaml")
        try "theme: 1\nname: broken\nroles:\n  alert-critcal: { bold: true }\n".write(to: theme, atomically: true, encoding: .utf8)
        let t = try TmuxSession(arguments: "--theme '\(theme.path)'")
        let screen = try t.waitFor("Theme not loaded, using default")
        #expect(screen.contains("theme default") || screen.contains("· default"))
        try t.keys("q")
        #expect(t.exitStatus() == 0)
    }
}
