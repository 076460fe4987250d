import AllianceCore
import AllianceUI
import Foundation
import Glibc
import Testing
@testable import AllianceLink

/// Followers on the loopback address: the join code, the rules for what they may send, and
/// fifty of them in step with the room over the whole built-in case.
@Suite struct FollowerLinkTests {
    func room() throws -> (RoomLink, LinkServer) {
        var template = Array("/tmp/alliance-test-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        let dir = SessionDirectory(path: String(cString: made!))
        let presenters = try LinkServer(directory: dir, baseID: "builtin", info: SessionInfo(id: "", path: nil, title: "", pid: getpid()))
        let followers = try LinkServer(sharingOn: "127.0.0.1", port: 0, code: "7f3k-9q2m")
        let model = BuiltinCase.model
        let link = RoomLink(server: presenters, followers: followers, caseText: CaseFileEncoder().encode(model),
                            followersCaseText: CaseFileEncoder().encode(RoomLink.forFollowers(model)), path: nil, duration: nil,
                            now: WallClock.now())
        return (link, followers)
    }

    /// Serves the room until `done` holds or 3 s pass.
    func pump(_ link: RoomLink, _ clients: [LinkClient], into inbox: inout [[RoomMessage]], until done: ([[RoomMessage]]) -> Bool) {
        let end = Date().addingTimeInterval(3)
        while Date() < end {
            _ = link.actions(now: WallClock.now())
            for (i, c) in clients.enumerated() { inbox[i] += c.receive() }
            if done(inbox) { return }
            usleep(1_000)
        }
    }

    @Test func aFollowerWithTheCodeGetsTheCaseWithoutNotesOrPath() throws {
        let (link, followers) = try room()
        defer { link.close() }
        var state = AppState(analysis: Analysis(validated: BuiltinCase.model))
        link.publish(state, now: WallClock.now())
        // Case and dash forgiven.
        let c = try LinkClient(host: "127.0.0.1", port: followers.port, code: "7F3K9Q2M")
        var inbox: [[RoomMessage]] = [[]]
        pump(link, [c], into: &inbox) { !$0[0].isEmpty }
        guard case .hello(let session, let path, let text, let position)? = inbox[0].first else {
            Issue.record("no hello: \(inbox)")
            return
        }
        #expect(session == "127.0.0.1:\(followers.port)")
        #expect(path == nil)
        #expect(position.step == 0)
        let model = try CaseFileDecoder().decode(yaml: text, path: "followed")
        #expect(model.timeline.allSatisfy { $0.note == nil })
        #expect(BuiltinCase.model.timeline.contains { $0.note != nil }, "the built-in case has notes to leave out")
        #expect(model.timeline.map(\.question) == BuiltinCase.model.timeline.map(\.question))
        Reducer.reduce(&state, .next)
        link.publish(state, now: WallClock.now())
        inbox = [[]]
        pump(link, [c], into: &inbox) { !$0[0].isEmpty }
        #expect(inbox[0].map { if case .position(let p) = $0 { p.step } else { -1 } } == [1])
    }

    @Test func aWrongCodeAMalformedHelloACommandAndASilentClientAreRefusedOrDropped() throws {
        let (link, followers) = try room()
        defer { link.close() }
        followers.helloLimit = 0.3
        link.publish(AppState(analysis: Analysis(validated: BuiltinCase.model)), now: WallClock.now())
        let wrong = try LinkClient(host: "127.0.0.1", port: followers.port, code: "aaaa-bbbb")
        var inbox: [[RoomMessage]] = [[]]
        pump(link, [wrong], into: &inbox) { _ in wrong.closed }
        #expect(inbox[0] == [.refused(reason: "wrong join code")], "no case for a wrong code")
        #expect(wrong.closed)

        for junk in ["{\"type\":\"hello\"}\n", "GET / HTTP/1.1\r\n\r\n", "{\"type\":\"command\",\"command\":\"next\"}\n"] {
            let fd = try Socket.connectTCP(host: "127.0.0.1", port: followers.port)
            _ = Socket.send(fd, Array(junk.utf8)[...])
            let end = Date().addingTimeInterval(2)
            var got: [UInt8] = [], closed = false
            while !closed, Date() < end {
                _ = link.actions(now: WallClock.now())
                switch Socket.receive(fd) {
                case .bytes(let b): got += b
                case .closed: closed = true
                case .wouldBlock: usleep(1_000)
                }
            }
            #expect(closed, "\(junk) ends the connection")
            #expect(String(decoding: got, as: UTF8.self).hasPrefix(#"{"reason":"#), "refused, and no case sent: \(String(decoding: got, as: UTF8.self))")
            Glibc.close(fd)
        }

        // Silent: connects and says nothing.
        let silent = try Socket.connectTCP(host: "127.0.0.1", port: followers.port)
        defer { Glibc.close(silent) }
        let before = followers.dropped
        var end = Date().addingTimeInterval(2)
        while followers.clientCount == 0, Date() < end {
            _ = link.actions(now: WallClock.now())
            usleep(1_000)
        }
        #expect(followers.clientCount == 1)
        end = Date().addingTimeInterval(2)
        while followers.clientCount > 0, Date() < end {
            _ = link.actions(now: WallClock.now())
            usleep(5_000)
        }
        #expect(followers.dropped == before + 1)
        #expect(followers.clientCount == 0)
    }

    @Test func fiftyFollowersStayInStepOverTheWholeCase() throws {
        let (link, followers) = try room()
        defer { link.close() }
        var state = AppState(analysis: Analysis(validated: BuiltinCase.model))
        link.publish(state, now: WallClock.now())
        let clients = try (0..<50).map { _ in try LinkClient(host: "127.0.0.1", port: followers.port, code: "7f3k-9q2m") }
        var inbox = [[RoomMessage]](repeating: [], count: clients.count)
        pump(link, clients, into: &inbox) { $0.allSatisfy { !$0.isEmpty } }
        #expect(followers.greetedCount == 50)
        for _ in 0..<state.analysis.stepCount {
            Reducer.reduce(&state, .next)
            link.publish(state, now: WallClock.now())
        }
        let last = state.analysis.stepCount
        pump(link, clients, into: &inbox) { boxes in
            boxes.allSatisfy { if case .position(let p)? = $0.last { p.step == last } else { false } }
        }
        for box in inbox {
            let steps = box.compactMap { if case .position(let p) = $0 { p.step } else { nil } }
            #expect(steps == Array(1...last), "every follower saw every step, in order")
        }
        #expect(followers.dropped == 0)
    }

    @Test func aFullRoomRefusesMoreFollowers() throws {
        let (link, followers) = try room()
        defer { link.close() }
        followers.maxClients = 3
        link.publish(AppState(analysis: Analysis(validated: BuiltinCase.model)), now: WallClock.now())
        let clients = try (0..<4).map { _ in try LinkClient(host: "127.0.0.1", port: followers.port, code: "7f3k-9q2m") }
        var inbox = [[RoomMessage]](repeating: [], count: 4)
        pump(link, clients, into: &inbox) { boxes in boxes.filter { !$0.isEmpty }.count == 4 }
        #expect(followers.greetedCount == 3)
        #expect(inbox.filter { $0 == [.refused(reason: "the session is full")] }.count == 1)
        #expect(followers.refused == 1)
    }

    @Test func joinCodesAndAddresses() {
        let code = JoinCode.random()
        #expect(code.count == 9 && code.dropFirst(4).first == "-")
        #expect(JoinCode.matches(code, code))
        #expect(JoinCode.matches(code.uppercased().replacingOccurrences(of: "-", with: ""), code))
        #expect(!JoinCode.matches(String(code.dropLast()), code))
        #expect(!JoinCode.matches(code + "x", code))
        #expect(!JoinCode.matches("", code))
        #expect(parseHostPort("10.0.0.5:7070")! == ("10.0.0.5", 7070))
        #expect(parseHostPort("[::1]:7070")! == ("::1", 7070))
        #expect(parseHostPort("localhost:0")! == ("localhost", 0))
        #expect(parseHostPort("7070") == nil)
        #expect(parseHostPort("host:99999") == nil)
        #expect(parseHostPort("::1:7070") == nil)
    }
}
