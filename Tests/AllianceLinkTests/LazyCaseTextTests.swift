import AllianceCore
import Foundation
import Glibc
import Testing
@testable import AllianceLink

/// The presenter's copy of the case is written when a presenter first asks, not when the room
/// opens (a case built from a million-event log takes seconds to write).
@Suite struct LazyCaseTextTests {
    final class Counter: @unchecked Sendable {
        var calls = 0
    }

    @Test func theCaseTextIsWrittenOnceAndOnlyWhenAHelloIsMade() throws {
        var template = Array("/tmp/alliance-test-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        let dir = SessionDirectory(path: String(cString: made!))
        let presenters = try LinkServer(directory: dir, baseID: "builtin", info: SessionInfo(id: "", path: nil, title: "", pid: getpid()))
        let counter = Counter()
        let text = CaseFileEncoder().encode(BuiltinCase.model)
        let link = RoomLink(server: presenters, caseText: { counter.calls += 1; return text }, path: nil, duration: nil, now: WallClock.now())
        defer { link.close() }
        #expect(counter.calls == 0)
        let hello = presenters.snapshot()
        #expect(counter.calls == 1)
        #expect(String(decoding: hello, as: UTF8.self).contains("alliance-case: 1"))
        _ = presenters.snapshot()
        #expect(counter.calls == 1)
    }

    /// A case that changes with no presenter attached (a log followed as it grows) is written
    /// only when one connects; that presenter gets the newest case.
    @Test func aChangedCaseIsWrittenWhenAPresenterConnects() throws {
        var template = Array("/tmp/alliance-test-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        let dir = SessionDirectory(path: String(cString: made!))
        let presenters = try LinkServer(directory: dir, baseID: "builtin", info: SessionInfo(id: "", path: nil, title: "", pid: getpid()))
        let link = RoomLink(server: presenters, caseText: { "old case" }, path: nil, duration: nil, now: WallClock.now())
        defer { link.close() }
        var changed = BuiltinCase.model
        changed.info.title = "Changed while nobody watched"
        link.caseChanged(Analysis(validated: changed))
        #expect(presenters.clientCount == 0)
        let client = try LinkClient(socketPath: presenters.socketPath)
        defer { client.close() }
        var messages: [RoomMessage] = []
        let end = Date().addingTimeInterval(2)
        while messages.isEmpty, Date() < end {
            _ = presenters.service(now: WallClock.now())
            messages += client.receive()
            usleep(2_000)
        }
        guard case .hello(_, _, let caseText, _)? = messages.first else {
            Issue.record("no hello: \(messages)")
            return
        }
        #expect(caseText == CaseFileEncoder().encode(changed))
    }
}
