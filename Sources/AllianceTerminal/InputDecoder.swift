import AllianceUI

/// One unit of terminal input, as curses hands it over.
public enum RawInput: Equatable, Sendable {
    /// A character (curses has already decoded UTF-8), including control characters and ESC.
    case char(UInt32)
    /// A key curses recognised from the terminal's description.
    case key(Key)
    /// The markers curses recognised around a bracketed paste.
    case pasteStart, pasteEnd
    case resize
    /// A key code curses knows but the dashboard does not (a modified arrow, an F-key combination).
    case unknownKey
}

/// Where the decoder reads from: what is already available, or what arrives within a wait.
public protocol InputSource {
    /// The next input, waiting at most `milliseconds` (0: only what has already arrived).
    mutating func next(waitingMilliseconds: Int32) -> RawInput?
    /// Puts an input back in front of the stream.
    mutating func pushBack(_ input: RawInput)
}

/// What one read means to the dashboard.
public enum DecodedInput: Equatable, Sendable {
    case key(Key)
    /// Text pasted into the terminal, as one event (never as keys).
    case paste(String)
    case resize
    /// An escape sequence or key the dashboard does not know, read and discarded whole.
    case ignored
}

/// Turns raw input into keys, pastes and nothing else: an unknown escape sequence (Ctrl-→
/// under `TERM=screen`, Alt-n, an F-key the terminal description lacks) is read to its end
/// and dropped, never taken apart into other keys; a paste is one event, whether the terminal
/// brackets it (`ESC [200~ … ESC [201~`) or just sends it all at once.
public enum InputDecoder {
    /// A burst of at least this many characters, arriving together, is a paste.
    static let burstMinimum = 3
    /// The longest paste kept; the rest is read and dropped.
    static let pasteLimit = 1 << 20
    /// How long to wait for the next part of a bracketed paste.
    static let pasteWaitMilliseconds: Int32 = 200

    public static func decode(_ first: RawInput, from source: inout some InputSource) -> DecodedInput {
        switch first {
        case .key(let key): return .key(key)
        case .resize: return .resize
        case .unknownKey, .pasteEnd: return .ignored
        case .pasteStart: return .paste(readPaste(from: &source))
        case .char(27): return escape(from: &source)
        case .char(let c): return character(c, from: &source)
        }
    }

    /// A plain character, unless it arrived together with others: then the whole burst is a paste.
    private static func character(_ c: UInt32, from source: inout some InputSource) -> DecodedInput {
        var burst: [UInt32] = [c]
        while burst.count < pasteLimit, let more = source.next(waitingMilliseconds: 0) {
            guard case .char(let m) = more, m != 27 else {
                source.pushBack(more)
                break
            }
            burst.append(m)
        }
        // Several different characters at once, some of which are no key of the dashboard,
        // is a paste: typing sends keys one at a time, a held key repeats one character, and
        // keys sent together by a program or over a slow link are all keys we know.
        if burst.count >= burstMinimum, Set(burst).count > 1,
           burst.contains(where: { KeyBinding.action(for: key(for: $0), overlayOpen: false) == nil
                                   && KeyBinding.action(for: key(for: $0), overlayOpen: true) == nil }) {
            return .paste(text(burst))
        }
        for extra in burst.dropFirst().reversed() { source.pushBack(.char(extra)) }
        return .key(key(for: c))
    }

    static func key(for c: UInt32) -> Key {
        switch c {
        case 3: return .interrupt
        case 9: return .tab
        case 10, 13: return .enter
        case 8, 127: return .backspace
        default: return .character(Character(Unicode.Scalar(c) ?? "\u{FFFD}"))
        }
    }

    /// ESC alone is the Escape key; ESC and more is a sequence, read to its end.
    private static func escape(from source: inout some InputSource) -> DecodedInput {
        guard let second = source.next(waitingMilliseconds: 0) else { return .key(.escape) }
        switch second {
        case .char(0x5B): return csi(from: &source)  // ESC [
        case .char(0x4F): return ss3(from: &source)  // ESC O
        case .char(27):
            // ESC ESC: an Alt-modified sequence (some terminals send Alt-→ as ESC ESC [ C):
            // read the inner sequence whole, and drop it.
            _ = escape(from: &source)  // the second ESC starts the inner sequence
            return .ignored
        case .char:
            return .ignored  // Alt plus a key
        default:
            return .ignored  // Alt plus a key curses decoded
        }
    }

    /// The rest of `ESC [`: parameters, intermediates, a final byte.
    private static func csi(from source: inout some InputSource) -> DecodedInput {
        var body: [UInt32] = []
        while let input = source.next(waitingMilliseconds: 0) {
            guard case .char(let c) = input else {
                source.pushBack(input)
                return .ignored
            }
            // The Linux console's F1–F5: ESC [ [ A … E.
            if body.isEmpty, c == 0x5B {
                _ = source.next(waitingMilliseconds: 0)
                return .ignored
            }
            body.append(c)
            if (0x40...0x7E).contains(c) { break }
            if body.count > 32 { return .ignored }
        }
        let sequence = text(body)
        switch sequence {
        case "A": return .key(.up)
        case "B": return .key(.down)
        case "C": return .key(.right)
        case "D": return .key(.left)
        case "H", "1~", "7~": return .key(.home)
        case "F", "4~", "8~": return .key(.end)
        case "5~": return .key(.pageUp)
        case "6~": return .key(.pageDown)
        case "3~": return .key(.delete)
        case "Z": return .key(.backTab)
        case "200~": return .paste(readPaste(from: &source))
        default: return .ignored
        }
    }

    /// The rest of `ESC O`: one character.
    private static func ss3(from source: inout some InputSource) -> DecodedInput {
        guard let input = source.next(waitingMilliseconds: 0) else { return .ignored }
        guard case .char(let c) = input else { return .ignored }
        switch c {
        case 0x41: return .key(.up)
        case 0x42: return .key(.down)
        case 0x43: return .key(.right)
        case 0x44: return .key(.left)
        case 0x48: return .key(.home)
        case 0x46: return .key(.end)
        case 0x50...0x53: return .key(.function(Int(c - 0x50 + 1)))
        default: return .ignored
        }
    }

    /// The text of a bracketed paste, up to its end marker (recognised by curses or raw).
    private static func readPaste(from source: inout some InputSource) -> String {
        var chars: [UInt32] = []
        let end: [UInt32] = [27, 0x5B, 0x32, 0x30, 0x31, 0x7E]  // ESC [ 2 0 1 ~
        while let input = source.next(waitingMilliseconds: pasteWaitMilliseconds) {
            switch input {
            case .pasteEnd: return text(chars)
            case .char(let c):
                if chars.count < pasteLimit + end.count { chars.append(c) }
                if chars.count >= end.count, Array(chars.suffix(end.count)) == end {
                    return text(Array(chars.dropLast(end.count)))
                }
            default: continue  // keys decoded inside a paste are part of it, and mean nothing
            }
        }
        return text(chars)
    }

    private static func text(_ scalars: [UInt32]) -> String {
        var s = String.UnicodeScalarView()
        for c in scalars.prefix(pasteLimit) { s.append(Unicode.Scalar(c == 13 ? 10 : c) ?? "\u{FFFD}") }
        return String(s)
    }
}
