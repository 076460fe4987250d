import Foundation

extension Grid {
    /// The same frame with only ASCII text, for a terminal whose locale is not UTF-8.
    ///
    /// Such a terminal silently drops the bytes of non-ASCII characters (`Núria` shows as
    /// `Nria`, and every later column shifts). Letters with accents lose them (`Núria` →
    /// `Nuria`), a few letters and signs have a conventional spelling (`ß` → `s`, `€` → `E`),
    /// and anything else becomes `?`. A wide character becomes `?` and a space, so every
    /// column stays where it was.
    public func asciiOnly() -> Grid {
        var out = self
        for y in 0..<height {
            for x in 0..<width {
                let cell = self[x, y]
                if cell.isContinuation {
                    out[x, y].text = " "
                } else if !cell.text.unicodeScalars.allSatisfy(\.isASCII) {
                    out[x, y].text = Grid.asciiLetter(for: cell.text)
                }
            }
        }
        return out
    }

    /// One ASCII character standing in for a grapheme.
    static func asciiLetter(for grapheme: String) -> String {
        if let special = asciiSpecial[grapheme] { return special }
        // Canonical decomposition splits a letter from its accents: "ú" is "u" + U+0301.
        let base = grapheme.decomposedStringWithCanonicalMapping.unicodeScalars.first { $0.isASCII && $0.value >= 0x20 }
        return base.map { String(Character($0)) } ?? "?"
    }

    /// Letters and signs without a decomposition, spelt as one ASCII character so columns keep their width.
    private static let asciiSpecial: [String: String] = [
        "ß": "s", "æ": "a", "Æ": "A", "ø": "o", "Ø": "O", "œ": "o", "Œ": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D",
        "ı": "i", "þ": "p", "Þ": "P", "ð": "d", "Ð": "D", "€": "E", "£": "L", "·": "-", "–": "-", "—": "-",
        "‘": "'", "’": "'", "“": "\"", "”": "\"", "…": ".", "×": "x", "°": "o", "\u{00A0}": " ",
    ]
}
