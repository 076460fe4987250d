import AllianceTerminal
import AllianceUI
import Testing

/// Input already received, in order (what a terminal sent at once).
struct ScriptedInput: InputSource {
    var queue: [RawInput]
    var stack: [RawInput] = []
    init(_ inputs: [RawInput]) { queue = inputs }
    init(_ text: String) { queue = text.unicodeScalars.map { .char($0.value) } }
    mutating func next(waitingMilliseconds: Int32) -> RawInput? {
        if let s = stack.popLast() { return s }
        return queue.isEmpty ? nil : queue.removeFirst()
    }
    mutating func pushBack(_ input: RawInput) { stack.append(input) }

    /// Decodes everything.
    mutating func decodeAll() -> [DecodedInput] {
        var out: [DecodedInput] = []
        while let first = next(waitingMilliseconds: 0) { out.append(InputDecoder.decode(first, from: &self)) }
        return out
    }
}

@Suite("Input decoding: unknown sequences and pastes never become keys")
struct InputDecoderTests {
    @Test func knownKeysDecode() {
        var input = ScriptedInput("n")
        #expect(input.decodeAll() == [.key(.character("n"))])
        input = ScriptedInput("\u{1B}[A")
        #expect(input.decodeAll() == [.key(.up)])
        input = ScriptedInput("\u{1B}[6~")
        #expect(input.decodeAll() == [.key(.pageDown)])
        input = ScriptedInput("\u{1B}[Z")
        #expect(input.decodeAll() == [.key(.backTab)])
        input = ScriptedInput("\u{1B}OH")
        #expect(input.decodeAll() == [.key(.home)])
        input = ScriptedInput("\u{1B}OP")
        #expect(input.decodeAll() == [.key(.function(1))])
        input = ScriptedInput("\u{1B}")
        #expect(input.decodeAll() == [.key(.escape)])
        // Four different control characters at once would be a paste; one at a time they are keys.
        var keys: [DecodedInput] = []
        for c: UInt32 in [9, 13, 127, 3, 12] {
            var one = ScriptedInput([.char(c)])
            keys += one.decodeAll()
        }
        #expect(keys == [.key(.tab), .key(.enter), .key(.backspace), .key(.interrupt), .key(.character("\u{0C}"))])
    }

    @Test func unknownSequencesAreDroppedWhole() {
        // Ctrl-→ and Ctrl-← (xterm, screen), Alt-n, Alt-p, Shift-F3, Alt-→ as ESC ESC [ C,
        // the Linux console's F1, an SS3 keypad key: nothing but "ignored", and above all no
        // `n`, `p`, `C` or digit that would step or switch the patient. Delete is a key (it
        // deletes in the annotation input line and the annotation list), nothing else.
        var input = ScriptedInput("\u{1B}[1;5C\u{1B}[1;5D\u{1B}n\u{1B}p\u{1B}[1;2R\u{1B}\u{1B}[C\u{1B}[[A\u{1B}Ox\u{1B}[3~")
        let decoded = input.decodeAll()
        #expect(decoded == Array(repeating: .ignored, count: 8) + [.key(.delete)])
    }

    @Test func aSequenceCutShortIsDroppedNotReplayed() {
        var input = ScriptedInput("\u{1B}[1;5")
        #expect(input.decodeAll() == [.ignored])
    }

    @Test func bracketedPasteIsOneEvent() {
        var raw = ScriptedInput("\u{1B}[200~q\recho PWNED\r\u{1B}[201~n")
        #expect(raw.decodeAll() == [.paste("q\necho PWNED\n"), .key(.character("n"))])
        // With the markers recognised by curses (define_key).
        var marked = ScriptedInput([.pasteStart] + "qn".unicodeScalars.map { .char($0.value) } + [.key(.up), .pasteEnd, .char(0x6E)])
        #expect(marked.decodeAll() == [.paste("qn"), .key(.character("n"))])
        // An end marker that never comes: the paste is what arrived.
        var open = ScriptedInput("\u{1B}[200~qq")
        #expect(open.decodeAll() == [.paste("qq")])
    }

    @Test func aBurstOfDifferentCharactersIsAPasteButARepeatedKeyIsNot() {
        // A terminal without bracketed paste sends the pasted text all at once.
        var burst = ScriptedInput("q\necho PWNED\n")
        #expect(burst.decodeAll() == [.paste("q\necho PWNED\n")])
        // A held key repeats one character: every press counts.
        var held = ScriptedInput("nnnn")
        #expect(held.decodeAll() == Array(repeating: .key(.character("n")), count: 4))
        // Keys sent together (a program, a slow link) are keys when every one is a key of the
        // dashboard: Tab Tab Enter, n n p.
        var keys = ScriptedInput("\t\t\r")
        #expect(keys.decodeAll() == [.key(.tab), .key(.tab), .key(.enter)])
        var steps = ScriptedInput("nnp")
        #expect(steps.decodeAll() == [.key(.character("n")), .key(.character("n")), .key(.character("p"))])
        // Two keys at once are still two keys.
        var two = ScriptedInput("nq")
        #expect(two.decodeAll() == [.key(.character("n")), .key(.character("q"))])
        // A key followed by an escape sequence: the key, then the sequence.
        var keyThenArrow = ScriptedInput("n\u{1B}[C")
        #expect(keyThenArrow.decodeAll() == [.key(.character("n")), .key(.right)])
    }
}
