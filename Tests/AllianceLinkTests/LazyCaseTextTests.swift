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
}
