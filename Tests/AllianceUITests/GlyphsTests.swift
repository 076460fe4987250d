@testable import AllianceCore
import AllianceUI
import Foundation
import Testing

@Suite("One glyph, one meaning")
struct GlyphsTests {
    @Test(arguments: [("unicode", Glyphs.unicode), ("ascii", Glyphs.ascii)])
    func noGlyphHasTwoMeanings(_ name: String, _ glyphs: Glyphs) {
        let meanings = glyphs.legend.map(\.glyph)
        let repeated = Dictionary(grouping: meanings, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        #expect(repeated.isEmpty, "\(name): \(repeated) carry more than one meaning")
        let frame = Set(glyphs.structural)
        let both = meanings.filter(frame.contains)
        #expect(both.isEmpty, "\(name): \(both) are also frame or punctuation glyphs")
        #expect(!meanings.contains { $0.isEmpty })
    }

    @Test func theLegendCoversEveryMeaningGlyph() {
        // Every stored glyph is either in the legend or part of the frame.
        let g = Glyphs.unicode
        let all = [g.held, g.missing, g.notNeeded, g.outdated, g.notYet, g.clean, g.late, g.omitted, g.pending, g.critical, g.warning,
                   g.info, g.emergent, g.avoided, g.now, g.focus, g.arrow, g.back, g.moreBelow, g.ellipsis, g.cursor, g.progressFull, g.progressEmpty, g.paused]
        #expect(Set(all) == Set(g.legend.map(\.glyph)))
        #expect(g.legend.contains { $0.glyph == "○" })
        #expect(g.legend.filter { $0.glyph == "…" }.map(\.meaning) == ["this text was cut"])
    }

    @Test(arguments: [Glyphs.unicode, Glyphs.ascii])
    func theHelpListsEveryGlyph(_ glyphs: Glyphs) {
        var app = AppState(analysis: Analysis(validated: BuiltinCase.model), step: 19, size: Size(width: 100, height: 60))
        Reducer.reduce(&app, .help)
        // The help is longer than a screen: its rows over a few pages (Ctrl-D pages it).
        var rows: [String] = []
        for _ in 0..<4 {
            rows += DashboardRenderer.render(app, glyphs: glyphs).textRows
            Reducer.reduce(&app, .pageDown)
        }
        for (glyph, _, meaning) in glyphs.legend {
            #expect(rows.contains { $0.contains(glyph) && $0.contains(meaning) }, "help lacks \(glyph) \(meaning)")
        }
    }

    @Test func theReadmeLegendListsEveryGlyph() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../README.md").standardized
        let text = try String(contentsOf: readme, encoding: .utf8)
        let legend = try #require(text.range(of: "### Glyphs")).upperBound
        let section = String(text[legend...].prefix { _ in true }).components(separatedBy: "\n### ")[0]
        for (glyph, _, meaning) in Glyphs.unicode.legend {
            #expect(section.contains("`\(glyph)`") && section.contains(meaning), "README legend lacks \(glyph) \(meaning)")
        }
        for (glyph, _, _) in Glyphs.ascii.legend {
            #expect(section.contains("`\(glyph)`"), "README legend lacks the ASCII \(glyph)")
        }
    }
}

@Suite("The reports speak the dashboard's glyphs")
struct ReportGlyphTests {
    @Test func handoffAndRoutineGlyphsAreTheDashboards() {
        let g = Glyphs.unicode
        #expect(ReportDocument.glyph(HandoffStatus.clean) == g.clean)
        #expect(ReportDocument.glyph(HandoffStatus.late) == g.late)
        #expect(ReportDocument.glyph(HandoffStatus.omitted) == g.omitted)
        #expect(ReportDocument.glyph(HandoffStatus.pending) == g.pending)
        #expect(ReportDocument.glyph(RoutineStepStatus.late) == g.late)
        #expect(ReportDocument.glyph(RoutineStepStatus.skipped) == g.omitted)
        #expect(ReportDocument.glyph(cell: "missing") == g.missing)
        #expect(ReportDocument.glyph(cell: "not-yet-produced") == g.notYet)
        // `…` means only "cut".
        for s in [HandoffStatus.clean, .late, .omitted, .pending] { #expect(ReportDocument.glyph(s) != g.ellipsis) }
    }
}
