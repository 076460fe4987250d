import AllianceUI
import Testing

@Suite("The cell grid: widths, clipping, sanitizing, diffs")
struct GridTests {
    @Test func displayWidths() {
        #expect(DisplayWidth.of("Núria") == 5)
        #expect(DisplayWidth.of("病院") == 4)
        #expect(DisplayWidth.of("e\u{301}") == 1)  // e + combining acute
        #expect(DisplayWidth.of("한국") == 4)
        #expect(DisplayWidth.of("●✓✗▲★◐…") == 7)
        #expect(DisplayWidth.of("⌛") == 2)
        #expect(DisplayWidth.of("👍") == 2)
        #expect(DisplayWidth.of("ＡＢ") == 4)
    }

    @Test func wideCharactersTakeTwoCellsAndAreNeverSplit() {
        var g = Grid(width: 5, height: 1)
        let end = g.put("a病院", x: 0, y: 0)
        #expect(end == 5)
        #expect(g.textRows == ["a病院"])
        var clipped = Grid(width: 4, height: 1)
        clipped.put("a病院", x: 0, y: 0)
        // The second wide character does not fit in the last column: a blank, not half a glyph.
        #expect(clipped.textRows == ["a病 "])
        #expect(clipped[1, 0].text == "病")
        #expect(clipped[2, 0].isContinuation)
    }

    @Test func overwritingHalfAWideCharacterClearsTheOtherHalf() {
        var g = Grid(width: 4, height: 1)
        g.put("病院", x: 0, y: 0)
        g.put("x", x: 1, y: 0)
        #expect(g.textRows == [" x院"])
        g.put("y", x: 2, y: 0)
        #expect(g.textRows == [" xy "])
    }

    @Test func controlCharactersEscapesAndBidiNeverReachTheGrid() {
        var g = Grid(width: 30, height: 1)
        g.put("a\u{1B}[31mred\u{7}\u{202E}txt\tb\r\nc", x: 0, y: 0)
        let row = g.textRows[0]
        #expect(!row.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0.value == 0x202E })
        #expect(row.hasPrefix("a\u{FFFD}[31mred\u{FFFD}txt b  c"))
    }

    @Test func onlyChangedCellsAreReportedAsRuns() {
        var a = Grid(width: 10, height: 3)
        a.put("hello", x: 0, y: 1)
        var b = a
        b.put("J", x: 0, y: 1)
        b.put("!", x: 9, y: 2)
        let runs = b.changedRuns(from: a)
        #expect(runs.map { [$0.y, $0.x, $0.count] } == [[1, 0, 1], [2, 9, 1]])
        #expect(b.changedRuns(from: b).isEmpty)
        #expect(b.changedRuns(from: nil).count == 3)
    }
}

@Suite("Emoji sequences: one width everywhere")
struct EmojiCellTests {
    @Test func sequencesAreDrawnAsWhatEveryTerminalAgreesOn() {
        #expect(DisplayWidth.cells(for: "👨‍👩‍👧").map(\.0) == ["👨"])
        #expect(DisplayWidth.cells(for: "🇪🇸").map(\.0) == ["E", "S"])
        #expect(DisplayWidth.cells(for: "❤️").map(\.0) == ["❤"])
        #expect(DisplayWidth.cells(for: "👍🏽").map(\.0) == ["👍"])
        #expect(DisplayWidth.cells(for: "1️⃣").map(\.0) == ["1"])
        #expect(DisplayWidth.cells(for: "漢").map(\.1) == [2])
        // Measuring and drawing agree, so layout and grid never drift apart.
        for c: Character in ["👨‍👩‍👧", "🇪🇸", "❤️", "👍🏽", "1️⃣", "漢", "é", "e\u{301}"] {
            #expect(DisplayWidth.of(c) == DisplayWidth.cells(for: c).reduce(0) { $0 + $1.1 }, "\(c)")
        }
    }

    @Test func theGridTakesTheColumnsItMeasured() {
        let text = "a👨‍👩‍👧b🇪🇸c❤️d👍🏽e"
        var grid = Grid(width: 20, height: 1)
        let end = grid.put(text, x: 0, y: 0)
        #expect(end == DisplayWidth.of(text))
        #expect(grid.textRows == ["a👨bESc❤d👍e" + String(repeating: " ", count: 20 - end)])
        // A wide emoji is a cell and its continuation; nothing else is split.
        #expect(grid[1, 0].text == "👨" && grid[2, 0].isContinuation)
    }
}
