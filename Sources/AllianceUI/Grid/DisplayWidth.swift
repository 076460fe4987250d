/// Display width of text in terminal columns, by our own table (so that tests do not
/// depend on the locale or on glibc's `wcwidth`): East Asian Wide and Fullwidth characters
/// and emoji take 2 columns, combining marks and format characters 0, the rest 1.
public enum DisplayWidth {
    /// Columns taken by one grapheme cluster, as the grid draws it (`cells(for:)`).
    public static func of(_ c: Character) -> Int {
        let scalars = c.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if scalars.count == 1 || !isEmojiSequence(c) { return of(first) }
        var total = 0
        for (_, w) in cells(for: c) { total += w }
        return total
    }

    /// Whether a grapheme is one of the emoji sequences terminals disagree about: joined by
    /// ZWJ (👨‍👩‍👧), a flag (🇪🇸), with a presentation selector (❤️), a skin tone (👍🏽), a
    /// keycap (1️⃣) or tags (🏴 + tag letters).
    static func isEmojiSequence(_ c: Character) -> Bool {
        c.unicodeScalars.contains { s in
            let v = s.value
            return v == 0x200D || v == 0xFE0F || v == 0x20E3 || (0x1F1E6...0x1F1FF).contains(v)
                || (0x1F3FB...0x1F3FF).contains(v) || (0xE0020...0xE007F).contains(v)
        }
    }

    /// How the grid draws a grapheme: the cells it takes, each with its text and width.
    ///
    /// Terminals disagree about emoji sequences (one draws a family as one wide glyph,
    /// another as three, and a ❤️ takes one column or two), and curses measures with the
    /// C library's `wcwidth`, which knows none of them. So the grid never draws a sequence
    /// whole: a flag becomes its two letters (`🇪🇸` → `ES`); any other sequence is drawn as
    /// its first emoji alone (`👨‍👩‍👧` → `👨`, `❤️` → `❤`, `👍🏽` → `👍`, `1️⃣` → `1`), whose width
    /// everyone agrees on. Anything else is one cell of its own width.
    public static func cells(for c: Character) -> [(String, Int)] {
        guard isEmojiSequence(c) else { return [(String(c), of(c))] }
        let scalars = Array(c.unicodeScalars)
        let regional = scalars.filter { (0x1F1E6...0x1F1FF).contains($0.value) }
        if regional.count == 2, scalars.count == 2 {
            return regional.map { (String(Character(Unicode.Scalar(0x41 + $0.value - 0x1F1E6)!)), 1) }
        }
        guard let base = scalars.first(where: { s in
            let v = s.value
            return v != 0x200D && v != 0xFE0F && v != 0x20E3 && !(0x1F3FB...0x1F3FF).contains(v) && !(0xE0020...0xE007F).contains(v)
        }) else { return [] }
        if (0x1F1E6...0x1F1FF).contains(base.value) {
            return [(String(Character(Unicode.Scalar(0x41 + base.value - 0x1F1E6)!)), 1)]
        }
        let w = of(base)
        return w == 0 ? [] : [(String(Character(base)), w)]
    }

    /// Columns taken by a string.
    public static func of(_ s: String) -> Int {
        // Fast path: text whose every scalar is a grapheme of its own (most text) needs no
        // grapheme breaking.
        var total = 0
        for u in s.unicodeScalars {
            guard standsAlone(u.value) else { return slowWidth(s) }
            total += isPlainSymbol(u.value) && isWide(u.value) ? 2 : 1
        }
        return total
    }

    private static func slowWidth(_ s: String) -> Int {
        var total = 0
        for c in s { total += of(c) }
        return total
    }

    /// Columns taken by one scalar on its own.
    public static func of(_ s: Unicode.Scalar) -> Int {
        let v = s.value
        if v < 0x300 { return v < 0x20 || (0x7F...0x9F).contains(v) ? 0 : 1 }
        // Punctuation, arrows, box drawing, shapes, dingbats: no marks except these ranges.
        if isPlainSymbol(v) { return isWide(v) ? 2 : 1 }
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0x1160...0x11FF).contains(v) || v == 0x200B { return 0 }
        return isWide(v) ? 2 : 1
    }

    /// A scalar in the ranges of punctuation and symbols that are never combining or zero-width.
    @inline(__always)
    static func isPlainSymbol(_ v: UInt32) -> Bool {
        v >= 0x2010 && v < 0x2E80 && !(0x2028...0x202E).contains(v) && !(0x2060...0x206F).contains(v) && !(0x20D0...0x20FF).contains(v)
    }

    /// A scalar that is a grapheme on its own whatever follows it, and is not a control
    /// character: plain text, Latin letters, punctuation, symbols, box drawing.
    @inline(__always)
    static func standsAlone(_ v: UInt32) -> Bool {
        (v >= 0x20 && v < 0x7F) || (v >= 0xA0 && v < 0x300) || isPlainSymbol(v)
    }

    static func isWide(_ v: UInt32) -> Bool {
        // Binary search over sorted, non-overlapping ranges.
        var lo = 0, hi = wide.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if v < wide[mid].0 { hi = mid } else if v > wide[mid].1 { lo = mid + 1 } else { return true }
        }
        return false
    }

    /// East Asian Wide (W) and Fullwidth (F) ranges, Unicode 15, in order.
    static let wide: [(UInt32, UInt32)] = [
        (0x1100, 0x115F), (0x231A, 0x231B), (0x2329, 0x232A), (0x23E9, 0x23EC), (0x23F0, 0x23F0), (0x23F3, 0x23F3),
        (0x25FD, 0x25FE), (0x2614, 0x2615), (0x2648, 0x2653), (0x267F, 0x267F), (0x2693, 0x2693), (0x26A1, 0x26A1),
        (0x26AA, 0x26AB), (0x26BD, 0x26BE), (0x26C4, 0x26C5), (0x26CE, 0x26CE), (0x26D4, 0x26D4), (0x26EA, 0x26EA),
        (0x26F2, 0x26F3), (0x26F5, 0x26F5), (0x26FA, 0x26FA), (0x26FD, 0x26FD), (0x2705, 0x2705), (0x270A, 0x270B),
        (0x2728, 0x2728), (0x274C, 0x274C), (0x274E, 0x274E), (0x2753, 0x2755), (0x2757, 0x2757), (0x2795, 0x2797),
        (0x27B0, 0x27B0), (0x27BF, 0x27BF), (0x2B1B, 0x2B1C), (0x2B50, 0x2B50), (0x2B55, 0x2B55), (0x2E80, 0x2E99),
        (0x2E9B, 0x2EF3), (0x2F00, 0x2FD5), (0x2FF0, 0x2FFF), (0x3000, 0x303E), (0x3041, 0x3096), (0x3099, 0x30FF),
        (0x3105, 0x312F), (0x3131, 0x318E), (0x3190, 0x31E3), (0x31EF, 0x321E), (0x3220, 0x3247), (0x3250, 0x4DBF),
        (0x4E00, 0xA48C), (0xA490, 0xA4C6), (0xA960, 0xA97C), (0xAC00, 0xD7A3), (0xF900, 0xFAFF), (0xFE10, 0xFE19),
        (0xFE30, 0xFE52), (0xFE54, 0xFE66), (0xFE68, 0xFE6B), (0xFF01, 0xFF60), (0xFFE0, 0xFFE6), (0x16FE0, 0x16FE4),
        (0x16FF0, 0x16FF1), (0x17000, 0x187F7), (0x18800, 0x18CD5), (0x18D00, 0x18D08), (0x1AFF0, 0x1AFFE),
        (0x1B000, 0x1B122), (0x1B132, 0x1B132), (0x1B150, 0x1B152), (0x1B155, 0x1B155), (0x1B164, 0x1B167),
        (0x1B170, 0x1B2FB), (0x1F004, 0x1F004), (0x1F0CF, 0x1F0CF), (0x1F18E, 0x1F18E), (0x1F191, 0x1F19A),
        (0x1F200, 0x1F202), (0x1F210, 0x1F23B), (0x1F240, 0x1F248), (0x1F250, 0x1F251), (0x1F260, 0x1F265),
        (0x1F300, 0x1F320), (0x1F32D, 0x1F335), (0x1F337, 0x1F37C), (0x1F37E, 0x1F393), (0x1F3A0, 0x1F3CA),
        (0x1F3CF, 0x1F3D3), (0x1F3E0, 0x1F3F0), (0x1F3F4, 0x1F3F4), (0x1F3F8, 0x1F43E), (0x1F440, 0x1F440),
        (0x1F442, 0x1F4FC), (0x1F4FF, 0x1F53D), (0x1F54B, 0x1F54E), (0x1F550, 0x1F567), (0x1F57A, 0x1F57A),
        (0x1F595, 0x1F596), (0x1F5A4, 0x1F5A4), (0x1F5FB, 0x1F64F), (0x1F680, 0x1F6C5), (0x1F6CC, 0x1F6CC),
        (0x1F6D0, 0x1F6D2), (0x1F6D5, 0x1F6D7), (0x1F6DC, 0x1F6DF), (0x1F6EB, 0x1F6EC), (0x1F6F4, 0x1F6FC),
        (0x1F7E0, 0x1F7EB), (0x1F7F0, 0x1F7F0), (0x1F90C, 0x1F93A), (0x1F93C, 0x1F945), (0x1F947, 0x1F9FF),
        (0x1FA70, 0x1FA7C), (0x1FA80, 0x1FA88), (0x1FA90, 0x1FABD), (0x1FABF, 0x1FAC5), (0x1FACE, 0x1FADB),
        (0x1FAE0, 0x1FAE8), (0x1FAF0, 0x1FAF8), (0x20000, 0x2FFFD), (0x30000, 0x3FFFD),
    ]
}
