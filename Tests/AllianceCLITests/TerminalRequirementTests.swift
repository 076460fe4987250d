import AllianceTerminal
import Testing

/// Why the dashboard refuses a terminal: the TERM half of `checkUsable`, without a terminal.
@Suite("TERM: which terminals the dashboard refuses, and what it says")
struct TerminalRequirementTests {
    @Test func noTermAtAll() {
        #expect(throws: TerminalUnavailable.noTerm) { try TerminalSession.checkTerm(environment: [:]) }
        #expect(throws: TerminalUnavailable.noTerm) { try TerminalSession.checkTerm(environment: ["TERM": ""]) }
        #expect(TerminalUnavailable.noTerm.description == "TERM is not set, so the terminal's capabilities are unknown")
    }

    @Test(arguments: ["dumb", "unknown"])
    func terminalsThatCannotPlaceTheCursor(_ term: String) {
        #expect(throws: TerminalUnavailable.dumbTerminal(term)) { try TerminalSession.checkTerm(environment: ["TERM": term]) }
        #expect(TerminalUnavailable.dumbTerminal(term).description == "the terminal type '\(term)' cannot place the cursor")
    }

    @Test(arguments: ["xterm-256color", "screen", "linux", "vt100", "nosuch-terminal"])
    func anyOtherNameIsLeftToTerminfo(_ term: String) throws {
        // An unknown name passes here: `start` finds it missing from terminfo (tested in tmux).
        try TerminalSession.checkTerm(environment: ["TERM": term])
    }

    @Test func theUnknownTerminalMessage() {
        #expect(TerminalUnavailable.unknownTerminal("nosuch-terminal").description == "the terminal type 'nosuch-terminal' is not in the terminfo database")
    }
}

extension TerminalUnavailable: Equatable {
    public static func == (a: TerminalUnavailable, b: TerminalUnavailable) -> Bool { a.description == b.description }
}
