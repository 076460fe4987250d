/// Makes untrusted text (from case files and logs) safe to show on a terminal.
///
/// C0 and C1 control characters and DEL become `�`, tabs become a space, bidirectional
/// overrides and isolates (the "Trojan Source" trick) are removed. Line breaks are kept
/// by `multiLine` and turned into spaces by `singleLine`.
public enum TextSanitizer {
    /// One line of text, safe to draw.
    public static func singleLine(_ text: String) -> String {
        clean(text, keepNewlines: false)
    }

    /// Text whose line breaks are kept (each line still safe).
    public static func multiLine(_ text: String) -> String {
        clean(text, keepNewlines: true)
    }

    /// Whether `text` would be changed by `singleLine`.
    public static func needsCleaning(_ text: String) -> Bool {
        text.unicodeScalars.contains { isBidiControl($0) || $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
    }

    static func isBidiControl(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    private static func clean(_ text: String, keepNewlines: Bool) -> String {
        guard needsCleaning(text) else { return text }
        var out = String.UnicodeScalarView()
        var previousWasCR = false
        for s in text.unicodeScalars {
            defer { previousWasCR = s == "\r" }
            if isBidiControl(s) { continue }
            switch s.value {
            case 0x0A:
                if previousWasCR, keepNewlines { continue }
                out.append(keepNewlines ? "\n" : " ")
            case 0x0D:
                out.append(keepNewlines ? "\n" : " ")
            case 0x09:
                out.append(" ")
            case 0x00..<0x20, 0x7F...0x9F:
                out.append("\u{FFFD}")
            default:
                out.append(s)
            }
        }
        return String(out)
    }
}

/// Counted nouns with the right plural, for sentences: "1 day", "2 days", "1 patient".
public enum Plural {
    public static func count(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }
    /// The same with the digits grouped by thousands (`206,506 steps`), for big totals read
    /// from across a room.
    public static func grouped(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(grouped(n)) \(noun)s" }

    /// `206,506`; `-1,204`.
    public static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return n < 0 ? "-" + out : out
    }
}
