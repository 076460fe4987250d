import AllianceCore
import AllianceUI
import Testing
@testable import AllianceLink

@Suite struct ProtocolTests {
    let position = RoomPosition(step: 3, stepCount: 34, patient: "p1", startedAt: 1000, stepShownAt: 1010, duration: 2700)

    @Test func roomMessagesRoundTrip() {
        for m in [RoomMessage.hello(session: "builtin", path: nil, caseText: "alliance-case: 1\n", position: position),
                  .position(position), .bye] {
            let line = m.line()
            #expect(line.last == 0x0A)
            #expect(line.dropLast().contains(0x0A) == false, "one message, one line")
            #expect(RoomMessage.parse(line.dropLast()) == m)
        }
    }

    /// A followed log's growth: patients, steps and the case's new description, whole.
    @Test func aGrowthRoundTrips() {
        var info = BuiltinCase.model.info
        info.summary = "Grown: 2 more events"
        let steps = [Step(time: Timestamp(seconds: 1_700_000_000), timeIsDay: false, patient: "new-patient", activity: "refer",
                          produces: [Production(knowledge: "k", value: "a \"quoted\" value")], sends: [Sending(knowledge: "k", to: ["b"])],
                          consumes: [], actors: ["gp-1"])]
        let g = CaseGrowth(stepsBefore: 34, patientsBefore: 3, patients: [Patient(id: "new-patient", name: "Núria Vidal", responsible: ["b"])],
                           steps: steps, info: info)
        let line = RoomMessage.grow(g).line()
        #expect(line.dropLast().contains(0x0A) == false, "one message, one line")
        #expect(RoomMessage.parse(line.dropLast()) == .grow(g))
        #expect(String(decoding: line, as: UTF8.self).hasPrefix(#"{"grow":{"info":"#))
    }

    @Test func clientMessagesRoundTrip() {
        for m in [ClientMessage.hello(protocolVersion: 1, role: "presenter"), .command(.nextPatient), .command(.next), .bye] {
            #expect(ClientMessage.parse(m.line().dropLast()) == m)
        }
        #expect(String(decoding: ClientMessage.command(.nextPatient).line(), as: UTF8.self) == #"{"command":"next-patient","type":"command"}"# + "\n")
    }

    @Test func malformedLinesAreNotMessages() {
        for junk in ["", "{", "null", "[]", #"{"type":"command"}"#, #"{"type":"command","command":"format-disk"}"#,
                     #"{"type":"hello"}"#, #"{"type":42}"#, "\u{FF}\u{FE}", #"{"type":"position","position":{"step":"x"}}"#] {
            #expect(ClientMessage.parse(Array(junk.utf8)) == nil, "\(junk)")
        }
        // A hello of another protocol version is not this protocol's hello.
        #expect(RoomMessage.parse(Array(#"{"type":"hello","protocol":99,"session":"s","case":"","position":{}}"#.utf8)) == nil)
    }

    @Test func lineBufferSplitsAcrossChunksAndBoundsLines() {
        var b = LineBuffer(maxLine: 8)
        #expect(b.append(Array("ab".utf8)) == [])
        #expect(b.append(Array("c\r\nde\nf".utf8)) == [Array("abc".utf8), Array("de".utf8)])
        // Too long: thrown away up to its newline, counted, and the next line is whole.
        #expect(b.append(Array("123456789012\nok\n".utf8)) == [Array("ok".utf8)])
        #expect(b.oversized == 1)
        // The pending "f" was part of the long line.
        #expect(b.append(Array("x\n".utf8)) == [Array("x".utf8)])
    }

    @Test func commandsMapToRoomActionsAndBack() {
        #expect(RemoteCommand.next.action == .next)
        #expect(RemoteCommand(action: .previousPatient) == .previousPatient)
        #expect(RemoteCommand(action: .quit) == nil, "a presenter never quits the room")
        #expect(RemoteCommand(action: .nextTheme) == nil)
    }

    @Test func sessionIDsComeFromTheFileName() {
        #expect(SessionDirectory.baseID(forCasePath: nil) == "builtin")
        #expect(SessionDirectory.baseID(forCasePath: "/x/My Case (v2).yaml") == "my-case-v2")
        #expect(SessionDirectory.baseID(forCasePath: "/x/…….yaml") == "case")
    }
}
