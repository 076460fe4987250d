import AllianceCore
import AllianceUI
import Testing
@testable import AllianceLink

@Suite struct AnnotateCommandTests {
    @Test func annotateIsACommandWithText() {
        let m = ClientMessage.annotate("The GP \"never\" saw it 👍")
        #expect(String(decoding: m.line(), as: UTF8.self)
            == #"{"command":"annotate","text":"The GP \"never\" saw it 👍","type":"command"}"# + "\n")
        #expect(ClientMessage.parse(m.line().dropLast()) == m)
        // Without text it is not a message; the other commands are unchanged.
        #expect(ClientMessage.parse(Array(#"{"type":"command","command":"annotate"}"#.utf8)) == nil)
        #expect(ClientMessage.parse(Array(#"{"type":"command","command":"next","text":"x"}"#.utf8)) == .command(.next))
    }

    /// The longest text the input line keeps, all quotes (each escaped to two bytes), fits the
    /// room's line limit.
    @Test func theLongestAnnotationFitsOneClientLine() {
        let text = String(repeating: "\"", count: TextInput.maxBytes)
        #expect(ClientMessage.annotate(text).line().count <= SessionProtocol.maxClientLine)
    }
}
