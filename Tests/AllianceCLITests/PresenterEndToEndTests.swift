import AllianceCore
import AllianceLink
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The room's screen and the presenter view in two tmux windows, linked by the session's socket.
@Suite("The presenter view beside the room (tmux)", .serialized, .enabled(if: tmuxAvailable, "tmux is not on PATH"))
struct PresenterEndToEndTests {
    @Test func keysInEitherScreenMoveBoth() throws {
        let t = try TmuxSession(arguments: "open --duration 45m")
        try t.waitFor(stepLabel(0))
        try t.openWindow("pres", arguments: "presenter")
        t.target = "e2e:pres"
        let first = try t.waitForSettled("Presenter")
        #expect(first.contains("Room: step 0/34"))
        #expect(first.contains("of 45:00"), "the planned duration reaches the presenter:\n\(first)")
        #expect(first.contains("Pause points ahead"))
        // The presenter's keys move the room.
        try t.keys("n")
        try t.keys("n")
        try t.waitFor("Room: step 2/34")
        t.target = "e2e"
        let room = try t.waitFor(stepLabel(2))
        // Nothing of the presenter view on the room's screen; the facilitator's note is on the
        // presenter, so the room's step record leaves it out.
        for private_ in ["Presenter", "Pause points", "elapsed", "Next: step", "[Enter: note"] { #expect(!room.contains(private_), "\(private_) on the room's screen") }
        try t.keys("Enter")
        let record = try t.waitFor("Step 2 of 34")
        #expect(!record.contains("Facilitator note"))
        try t.keys("Escape")
        // (a key right behind Esc would be read as Alt-key)
        try t.waitForAbsence("Step 2 of 34")
        // The room's keys move the presenter.
        try t.keys("n")
        try t.waitFor(stepLabel(3))
        t.target = "e2e:pres"
        let pres = try t.waitFor("Room: step 3/34")
        #expect(pres.contains("Now: step 3 of 34"))
        #expect(pres.contains("Next: step 4"))
        // The preview names the alert the next step raises before the room sees it.
        let nextAlerts = Analysis(validated: BuiltinCase.model).state(at: 4).alertsRaisedNow
        if let a = nextAlerts.first { #expect(pres.contains(String(a.message.prefix(30)))) }
    }

    /// A followed log's new events reach an attached presenter as what the case gained (the
    /// `grow` message), not as the whole case again: its view has the new steps.
    @Test func aPresenterBesideAFollowedLogGetsTheNewSteps() throws {
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("feed.csv")
        func row(_ i: Int) -> String {
            "c\(i % 3),\(i % 2 == 0 ? "Visit" : "Call"),2024-03-01T\(String(format: "%02d", i)):00:00Z,r\(i % 2),\(i % 2 == 0 ? "Clinic" : "Hospital")\n"
        }
        try ("case_id,activity,timestamp,resource,group\n" + (1...4).map(row).joined()).write(to: file, atomically: false, encoding: .utf8)
        let t = try TmuxSession(arguments: "open '\(file.path)' --follow --at 4")
        try t.waitFor("step 4/4")
        try t.openWindow("pres", arguments: "presenter '\(file.path)'")
        t.target = "e2e:pres"
        try t.waitForSettled("Room: step 4/4")
        let handle = try #require(FileHandle(forWritingAtPath: file.path))
        handle.seekToEndOfFile()
        handle.write(Data((row(6) + "c7,Visit,2024-03-01T07:00:00Z,r0,Clinic\n").utf8))
        try handle.close()
        // The room follows the newest; the presenter has the grown case, with a new patient's step.
        let pres = try t.waitForSettled("Room: step 6/6")
        #expect(pres.contains("Now: step 6 of 6"), "\(pres)")
        t.target = "e2e"
        let room = try t.waitForSettled("2 new events: following the newest, step 6 of 6.")
        #expect(room.contains("step 6/6"))
        // The presenter's keys still move the room on the grown case.
        t.target = "e2e:pres"
        try t.keys("p")
        try t.waitFor("Room: step 5/6")
    }

    @Test func aKilledPresenterLeavesTheRoomWorkingAndANewOneReattaches() throws {
        let t = try TmuxSession(arguments: "open")
        try t.waitFor(stepLabel(0))
        try t.openWindow("pres", arguments: "presenter")
        t.target = "e2e:pres"
        try t.waitFor("Room: step 0/34")
        let pid = try t.tmux(["display", "-p", "-t", "e2e:pres", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let children = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
        let presenter = try #require(children.split(separator: " ").first.flatMap { pid_t($0) })
        kill(presenter, SIGKILL)
        t.target = "e2e"
        try t.keys("n")
        try t.waitFor(stepLabel(1))
        try t.keys("n")
        try t.waitFor(stepLabel(2))
        try t.tmux(["kill-window", "-t", "e2e:pres"])
        try t.openWindow("pres2", arguments: "presenter")
        t.target = "e2e:pres2"
        try t.waitFor("Room: step 2/34")
        try t.keys("p")
        t.target = "e2e"
        try t.waitFor(stepLabel(1))
    }

    @Test func withSeveralRoomsThePresenterAsksWhichAndTakesAnIdOrACaseFile() throws {
        let dir = try temporaryDirectory()
        let sessions = try SessionDirectory.user(environment: ["XDG_RUNTIME_DIR": dir.path])
        let a = try LinkServer(directory: sessions, baseID: "builtin", info: SessionInfo(id: "", path: nil, title: "Home oxygen", pid: 1))
        let b = try LinkServer(directory: sessions, baseID: "ward", info: SessionInfo(id: "", path: "/cases/ward.yaml", title: "Ward discharges", pid: 2))
        defer { a.close(); b.close() }
        let r = try Run(["presenter"], environment: ["XDG_RUNTIME_DIR": dir.path])
        #expect(r.status == 64)
        #expect(r.stderr == """
            alliance presenter: 2 sessions are running; choose one with --session ID or its case file:
              builtin  Home oxygen  (built-in case)
              ward  Ward discharges  /cases/ward.yaml

            """)
        let unknown = try Run(["presenter", "--session", "nope"], environment: ["XDG_RUNTIME_DIR": dir.path])
        #expect(unknown.status == 69)
        #expect(unknown.stderr.hasPrefix("alliance presenter: no session named 'nope' is running. Running:\n  builtin"))
        let byFile = try Run(["presenter", "/elsewhere/other.yaml"], environment: ["XDG_RUNTIME_DIR": dir.path])
        #expect(byFile.status == 69)
        #expect(byFile.stderr.hasPrefix("alliance presenter: no running session shows /elsewhere/other.yaml. Running:"))
    }

    @Test func withoutARoomThePresenterSaysWhatToDo() throws {
        let dir = try temporaryDirectory()
        let r = try Run(["presenter"], environment: ["XDG_RUNTIME_DIR": dir.path])
        #expect(r.status == 69)
        #expect(r.stderr.contains("no session is running. Start the room's screen first: `alliance open [FILE]` in another terminal."))
    }
}

/// A participant following a shared room from another terminal.
@Suite("Following a shared room (tmux)", .serialized, .enabled(if: tmuxAvailable, "tmux is not on PATH"))
struct FollowEndToEndTests {
    /// A free port on the loopback address.
    func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var a = sockaddr_in()
        a.sin_family = sa_family_t(AF_INET)
        a.sin_addr.s_addr = inet_addr("127.0.0.1")
        a.sin_port = 0
        _ = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: a.sin_port))
    }

    @Test func aFollowerStaysInStepBrowsesAndComesBack() throws {
        let port = try freePort()
        let t = try TmuxSession(arguments: "open --share 127.0.0.1:\(port)")
        let room = try t.waitFor("join 127.0.0.1:\(port)")
        let code = try #require(room.split(separator: "\n").last.flatMap { line in
            line.range(of: #"code [a-z0-9]{4}-[a-z0-9]{4}"#, options: .regularExpression).map { String(line[$0].dropFirst(5)) }
        })
        // A wrong code is refused, with the reason.
        let wrong = try Run(["follow", "127.0.0.1:\(port)", "--code", "zzzz-zzzz"])
        #expect(wrong.status == 69)
        #expect(wrong.stderr == "alliance follow: the room refused to be followed: wrong join code\n")
        try t.openWindow("follower", arguments: "follow 127.0.0.1:\(port) --code \(code)", width: 80, height: 24)
        t.target = "e2e:follower"
        try t.waitFor("following 127.0.0.1:\(port)")
        t.target = "e2e"
        try t.keys("n")
        try t.keys("n")
        try t.keys("n")
        try t.waitFor(stepLabel(3))
        try t.waitFor("1 following")
        t.target = "e2e:follower"
        try t.waitFor(stepLabel(3))
        // Browsing: its own keys move only its own view.
        try t.keys("p")
        let browsing = try t.waitFor("browsing")
        #expect(browsing.contains(stepLabel(2)))
        t.target = "e2e"
        try t.keys("n")
        try t.waitFor(stepLabel(4))
        t.target = "e2e:follower"
        let notified = try t.waitFor("The facilitator moved to step 4.")
        #expect(notified.contains(stepLabel(2)))
        // f: in step again.
        try t.keys("f")
        try t.waitFor(stepLabel(4))
        try t.waitFor("following 127.0.0.1")
    }
}

/// `alliance open FILE --watch` while the file is edited from the test.
@Suite("Live reload (tmux)", .serialized, .enabled(if: tmuxAvailable, "tmux is not on PATH"))
struct WatchEndToEndTests {
    /// `open LOG --follow`: rows appended by another program become steps; at the last
    /// step the view follows them, elsewhere it stays; a truncated log stops the following.
    @Test func aFollowedLogGainsStepsAsItIsAppendedTo() throws {
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("feed.csv")
        let header = "case_id,activity,timestamp,resource,group\n"
        func row(_ i: Int) -> String {
            "c\(i % 3),\(i % 2 == 0 ? "Visit" : "Call"),2024-03-01T\(String(format: "%02d", i)):00:00Z,r\(i % 4),\(i % 2 == 0 ? "Clinic" : "Hospital")\n"
        }
        try (header + (1...4).map(row).joined()).write(to: file, atomically: false, encoding: .utf8)
        func append(_ text: String) throws {
            let handle = try #require(FileHandle(forWritingAtPath: file.path))
            handle.seekToEndOfFile()
            handle.write(Data(text.utf8))
            try handle.close()
        }
        let t = try TmuxSession(arguments: "open '\(file.path)' --follow --at 4")
        try t.waitFor("step 4/4")
        try append(row(5) + row(6) + "c9,Vis")  // and a row still being written
        var screen = try t.waitForSettled("2 new events: following the newest, step 6 of 6.")
        #expect(screen.contains("step 6/6"))
        try append("it,2024-03-01T07:00:00Z,r1,Clinic\n")
        try t.waitFor("step 7/7")
        try t.keys("p", "p")
        try t.waitFor("step 5/7")
        try append(row(8))
        screen = try t.waitForSettled("1 new event: 8 steps; still at step 5 (G: the newest).")
        #expect(screen.contains("step 5/8"))
        // A bad row is passed over and shown; the row after it is read.
        try append("c1,Visit,not-a-time,r1,Clinic\n" + row(9))
        try t.waitFor("step 5/9")
        screen = try t.waitForSettled("Following the log: problems")
        #expect(screen.contains("step 5/9"))
        #expect(screen.contains("cannot read \"not-a-time\""))
        try Data(header.utf8).write(to: file)
        screen = try t.waitForSettled("truncated or replaced")
        #expect(screen.contains("(42 bytes)"))
        try t.keys("q")
        #expect(t.exitStatus() == 0)
    }

    @Test func editsRenameSavesBrokenSavesAndADeletedFile() throws {
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("my-case.yaml")
        let original = CaseScaffold.text()
        try original.write(to: file, atomically: false, encoding: .utf8)
        let n = try CaseFileDecoder().decode(yaml: original, path: "x").timeline.count
        let label = { (k: Int) in "step " + String(repeating: " ", count: String(n).count - String(k).count) + "\(k)/\(n)" }
        let t = try TmuxSession(arguments: "open '\(file.path)' --watch")
        try t.waitFor(label(0))
        for _ in 0..<5 { try t.keys("n") }
        try t.waitFor(label(5))
        // Saved in place.
        try original.replacingOccurrences(of: "title: A new care network", with: "title: Edited in place")
            .write(to: file, atomically: false, encoding: .utf8)
        var screen = try t.waitFor("Edited in place")
        #expect(screen.contains(label(5)), "the step stays")
        // Saved by rename (write a temporary file, rename it over).
        try original.replacingOccurrences(of: "title: A new care network", with: "title: Saved by rename")
            .write(to: file, atomically: true, encoding: .utf8)
        screen = try t.waitFor("Saved by rename")
        #expect(screen.contains(label(5)))
        // A broken save: the last good case stays, the errors show as `check` prints them.
        let broken = original.replacingOccurrences(of: "title: A new care network", with: "title: Broken")
            .replacingOccurrences(of: "activity: assess, produces: [{ knowledge: assessment, value: needs daily help }]",
                                  with: "activity: asess, produces: [{ knowledge: assessment, value: needs daily help }]")
        try broken.write(to: file, atomically: true, encoding: .utf8)
        screen = try t.waitFor("The case file has errors")
        // The message wraps at the panel's width; the source line and its caret do not.
        #expect(screen.contains("activity: asess, produces"))
        #expect(screen.contains("error: unknown"))
        #expect(screen.contains("Saved by rename"), "the last good case stays on screen")
        // Fixed: the panel goes.
        try original.write(to: file, atomically: true, encoding: .utf8)
        try t.waitForAbsence("The case file has errors")
        try t.waitFor("A new care network")
        // Deleted, then created again.
        try FileManager.default.removeItem(at: file)
        try t.waitFor("the file is gone")
        try original.replacingOccurrences(of: "title: A new care network", with: "title: Back again").write(to: file, atomically: false, encoding: .utf8)
        screen = try t.waitFor("Back again")
        #expect(!screen.contains("the file is gone"))
        #expect(screen.contains(label(5)))
    }

    @Test func aThemeFileGivenByPathReloadsToo() throws {
        let dir = try temporaryDirectory()
        let light = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Themes/light.yaml").standardized
        let text = try String(contentsOf: light, encoding: .utf8)
        let theme = dir.appendingPathComponent("room-theme.yaml")
        try text.replacingOccurrences(of: "name: light\n", with: "name: room-seven\n").write(to: theme, atomically: true, encoding: .utf8)
        let file = dir.appendingPathComponent("my-case.yaml")
        try CaseScaffold.text().write(to: file, atomically: false, encoding: .utf8)
        let t = try TmuxSession(arguments: "open '\(file.path)' --watch --theme '\(theme.path)'")
        try t.waitFor("theme room-seven")
        try text.replacingOccurrences(of: "name: light\n", with: "name: room-eight\n").write(to: theme, atomically: true, encoding: .utf8)
        try t.waitFor("theme room-eight")
    }

    @Test func watchNeedsAFile() throws {
        let r = try Run(["open", "--watch"])
        #expect(r.status == 64)
        #expect(r.stderr == "error: --watch needs a case file to watch (the built-in case and standard input do not change); write one with `alliance new my-case.yaml`\n")
    }
}
