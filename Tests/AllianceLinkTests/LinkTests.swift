import AllianceUI
import Foundation
import Glibc
import Testing
@testable import AllianceLink

/// The link in one process: a room's server and its clients on a private directory.
@Suite struct LinkTests {
    let dir: SessionDirectory
    let position = RoomPosition(step: 0, stepCount: 34, patient: "p1", startedAt: 0, stepShownAt: 0)

    init() throws {
        var template = Array("/tmp/alliance-test-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        dir = SessionDirectory(path: String(cString: made!))
        try dir.ensurePrivate()
    }

    func server(_ id: String = "case") throws -> LinkServer {
        let s = try LinkServer(directory: dir, baseID: id, info: SessionInfo(id: id, path: "/cases/\(id).yaml", title: "T", pid: getpid()))
        let hello = RoomMessage.hello(session: s.id, path: "/cases/\(id).yaml", caseText: "case text", position: position).line()
        s.snapshot = { hello }
        return s
    }

    /// Services the server and receives on the client until `until` holds (or 2 s pass).
    func pump(_ s: LinkServer, _ c: LinkClient?, until: (_ commands: [RemoteCommand], _ messages: [RoomMessage]) -> Bool) -> ([RemoteCommand], [RoomMessage]) {
        var commands: [RemoteCommand] = [], messages: [RoomMessage] = []
        let end = Date().addingTimeInterval(2)
        while Date() < end {
            commands += s.service(now: WallClock.now())
            if let c { messages += c.receive() }
            if until(commands, messages) { break }
            usleep(2_000)
        }
        return (commands, messages)
    }

    @Test func aClientGetsTheSnapshotOnConnectAndBothDirectionsWork() throws {
        let s = try server()
        let c = try LinkClient(socketPath: s.socketPath)
        let (_, hello) = pump(s, c) { _, m in !m.isEmpty }
        #expect(hello == [.hello(session: "case", path: "/cases/case.yaml", caseText: "case text", position: position)])
        c.send(.command(.next))
        c.send(.command(.nextPatient))
        let (commands, _) = pump(s, c) { cmds, _ in cmds.count == 2 }
        #expect(commands == [.next, .nextPatient])
        var moved = position
        moved.step = 1
        s.broadcast(RoomMessage.position(moved).line(), now: WallClock.now())
        let (_, update) = pump(s, c) { _, m in !m.isEmpty }
        #expect(update == [.position(moved)])
        c.close()
        s.close()
    }

    @Test func commandsBeforeHelloAndMalformedLinesAreIgnoredAndCounted() throws {
        let s = try server()
        let fd = rawConnect(s.socketPath)
        defer { Glibc.close(fd) }
        // A command before any hello, junk, an over-long line; then a proper hello and command.
        write(fd, #"{"type":"command","command":"next"}"# + "\nnot json\n{\"type\":\"nope\"}\n" + String(repeating: "x", count: 10_000) + "\n")
        write(fd, #"{"type":"hello","protocol":2,"role":"presenter"}"# + "\n" + #"{"type":"command","command":"last"}"# + "\n")
        let (commands, _) = pump(s, nil) { cmds, _ in !cmds.isEmpty }
        #expect(commands == [.last])
        #expect(s.malformed == 4)
        #expect(s.clientCount == 1, "a client that sent junk is still served")
        s.close()
    }

    @Test func aClientThatStopsReadingIsDroppedAndTheRoomNeverWaits() throws {
        let s = try server()
        s.stallLimit = 0.3
        let c = try LinkClient(socketPath: s.socketPath)
        _ = pump(s, c) { _, m in !m.isEmpty }
        // The client reads nothing more; the room broadcasts a lot.
        let line = RoomMessage.position(position).line()
        var slowest = 0.0
        var start = Date()
        while s.clientCount == 1, Date().timeIntervalSince(start) < 3 {
            let t = Date()
            for _ in 0..<200 { s.broadcast(line, now: WallClock.now()) }
            _ = s.service(now: WallClock.now())
            slowest = max(slowest, Date().timeIntervalSince(t) / 200)
        }
        #expect(s.clientCount == 0)
        #expect(s.dropped == 1)
        #expect(slowest < 0.005, "a broadcast never waits on a client (slowest \(slowest) s)")
        // A new client is served as before.
        start = Date()
        let again = try LinkClient(socketPath: s.socketPath)
        let (_, hello) = pump(s, again) { _, m in !m.isEmpty }
        #expect(hello.count == 1)
        _ = start
        s.close()
    }

    @Test func aClientThatReadsNothingForTheStallLimitIsDropped() throws {
        let s = try server()
        s.stallLimit = 0.4
        s.queueLimit = 256 << 20  // only the stall rule applies here
        let c = try LinkClient(socketPath: s.socketPath)
        _ = pump(s, c) { _, m in !m.isEmpty }
        // Fill the socket until it takes no more; then keep servicing without writing.
        let chunk = [UInt8](repeating: 0x20, count: 65_536) + [0x0A]
        let start = WallClock.now()
        for _ in 0..<200 { s.broadcast(chunk, now: start) }
        #expect(s.clientCount == 1)
        var droppedAt: Double?
        while droppedAt == nil, WallClock.now() - start < 3 {
            _ = s.service(now: WallClock.now())
            if s.clientCount == 0 { droppedAt = WallClock.now() }
            // The loop is told when to wake for it.
            if droppedAt == nil { #expect(s.timeout(now: WallClock.now()) != nil) }
            usleep(20_000)
        }
        let after = try #require(droppedAt) - start
        #expect(after >= 0.4 && after < 1.0, "dropped after \(after) s")
        #expect(s.dropped == 1)
        s.close()
    }

    @Test func aKilledClientLeavesTheRoomWorkingAndCanComeBack() throws {
        let s = try server()
        // Like SIGKILL: the kernel closes the socket, no goodbye is sent.
        let fd = rawConnect(s.socketPath)
        write(fd, #"{"type":"hello","protocol":2,"role":"presenter"}"# + "\n")
        _ = pump(s, nil) { _, _ in s.clientCount == 1 }
        Glibc.close(fd)
        _ = pump(s, nil) { _, _ in s.clientCount == 0 }
        #expect(s.clientCount == 0)
        #expect(s.dropped == 0, "it left; the room did not drop it")
        for _ in 0..<3 { s.broadcast(RoomMessage.position(position).line(), now: WallClock.now()) }
        let c = try LinkClient(socketPath: s.socketPath)
        let (_, hello) = pump(s, c) { _, m in !m.isEmpty }
        #expect(hello.count == 1)
        c.send(.command(.first))
        let (commands, _) = pump(s, c) { cmds, _ in !cmds.isEmpty }
        #expect(commands == [.first])
        s.close()
    }

    @Test func aLiveSessionIsNeverTakenOverAndAStaleOneIsReplaced() throws {
        let first = try server("case")
        let second = try server("case")
        #expect(first.id == "case")
        #expect(second.id == "case-2")
        #expect(dir.isLive("case") && dir.isLive("case-2"))
        #expect(dir.liveSessions().map(\.id) == ["case", "case-2"])
        #expect(dir.liveSessions().first?.path == "/cases/case.yaml")
        // The first room still answers on its own socket.
        let c = try LinkClient(socketPath: first.socketPath)
        let (_, hello) = pump(first, c) { _, m in !m.isEmpty }
        if case .hello(let session, _, _, _)? = hello.first { #expect(session == "case") } else { Issue.record("no hello") }
        second.close()
        first.close()
        // A crashed room: its socket file is left behind, nobody holds its lock.
        let stale = Socket.unixStream()
        _ = Socket.withAddress(dir.socketPath("case")) { bind(stale, $0, $1) }
        Glibc.close(stale)
        #expect(FileManager.default.fileExists(atPath: dir.socketPath("case")))
        #expect(!dir.isLive("case"))
        #expect(dir.liveSessions().isEmpty)
        let replacing = try server("case")
        #expect(replacing.id == "case")
        let c2 = try LinkClient(socketPath: replacing.socketPath)
        let (_, hello2) = pump(replacing, c2) { _, m in !m.isEmpty }
        #expect(hello2.count == 1)
        replacing.close()
        #expect(!FileManager.default.fileExists(atPath: dir.socketPath("case")), "a room that closes removes its socket")
    }

    @Test func theDirectoryIsPrivate() throws {
        var st = stat()
        #expect(lstat(dir.path, &st) == 0)
        #expect(st.st_mode & 0o777 == 0o700)
        chmod(dir.path, 0o755)
        try dir.ensurePrivate()
        #expect(lstat(dir.path, &st) == 0)
        #expect(st.st_mode & 0o777 == 0o700)
    }

    @Test func theRoomSaysGoodbyeWhenItCloses() throws {
        let s = try server()
        let c = try LinkClient(socketPath: s.socketPath)
        _ = pump(s, c) { _, m in !m.isEmpty }
        s.close()
        var got: [RoomMessage] = []
        let end = Date().addingTimeInterval(2)
        while !c.closed, Date() < end { got += c.receive(); usleep(2_000) }
        #expect(got == [.bye])
        #expect(c.closed)
    }

    private func rawConnect(_ path: String) -> Int32 {
        let fd = Socket.unixStream()
        _ = Socket.withAddress(path) { connect(fd, $0, $1) }
        return fd
    }

    private func write(_ fd: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
    }
}
