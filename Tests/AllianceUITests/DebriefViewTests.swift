import AllianceCore
@testable import AllianceUI
import Testing

/// The debrief view (`d`): full screen, its own scrolling, Esc closes; legible at 80×24 in
/// Unicode and in ASCII.
@Suite("Debrief view")
struct DebriefViewTests {
    static func debrief(step: Int = 34, size: Size, scroll: Int = 0) -> AppState {
        var app = AppState.builtIn(step: step, size: size)
        Reducer.reduce(&app, .debrief)
        for _ in 0..<scroll { Reducer.reduce(&app, .scrollDown) }
        return app
    }

    @Test func snapshotsAt80x24And120x40() throws {
        for (size, name) in [(Size(width: 80, height: 24), "debrief-80x24"), (Size(width: 120, height: 40), "debrief-120x40")] {
            let app = Self.debrief(size: size)
            try Snapshot.assert(Snapshot.document(DashboardRenderer.render(app), title: "debrief at the last step"), named: "\(name).txt")
        }
        // The second page at 80×24, and the ASCII form.
        let page2 = Self.debrief(size: Size(width: 80, height: 24), scroll: 22)
        try Snapshot.assert(Snapshot.document(DashboardRenderer.render(page2), title: "debrief, scrolled 22 lines"), named: "debrief-80x24-page2.txt")
        let ascii = DashboardRenderer.render(Self.debrief(size: Size(width: 80, height: 24)), glyphs: .ascii)
        try Snapshot.assert(Snapshot.document(ascii, title: "debrief, ascii"), named: "debrief-80x24-ascii.txt")
        #expect(AsciiFrameTests.nonASCII(ascii, allowing: AsciiFrameTests.caseText(BuiltinCase.model)) == [])
    }

    @Test func dOpensItEscClosesItAndStepKeysCloseIt() {
        var app = AppState.builtIn(step: 20)
        app.playing = true
        #expect(KeyBinding.action(for: .character("d"), in: app) == .debrief)
        Reducer.reduce(&app, .debrief)
        #expect(app.overlay == .debrief)
        #expect(!app.playing)
        Reducer.reduce(&app, .scrollDown)
        #expect(app.overlayScroll == 1)
        Reducer.reduce(&app, .close)
        #expect(app.overlay == nil)
        Reducer.reduce(&app, .debrief)
        #expect(app.overlayScroll == 0)
        #expect(KeyBinding.action(for: .character("d"), in: app) == .debrief)
        Reducer.reduce(&app, .debrief)
        #expect(app.overlay == nil)
        Reducer.reduce(&app, .debrief)
        Reducer.reduce(&app, .next)
        #expect(app.overlay == nil && app.step == 21)
    }

    /// What the charts say at 120×40 (one screen), read from the rows.
    @Test func theChartsPrintTheirValues() {
        let rows = DashboardRenderer.render(Self.debrief(size: Size(width: 120, height: 40))).textRows.map { $0.trimmingTrailingSpace() }
        let text = rows.joined(separator: "\n")
        #expect(rows[0].hasPrefix(" Debrief • Home oxygen therapy in Barcelona"))
        #expect(rows[0].hasSuffix("after step 34/34 • day 149"))
        // Maria's 46 unneeded days: the longest bar (the only one), full width, the value beside it.
        let maria = rows.first { $0.contains("Maria") && $0.hasSuffix(" 46 d") }
        #expect(maria != nil, "\(text)")
        #expect(maria.map { $0.contains("████") && !$0.contains("▒") } == true)
        #expect(rows.contains { $0.contains("Joan") && $0.hasSuffix(" 0 d") })
        #expect(text.contains("239.20 EUR"))
        #expect(text.contains("★ Oxigen Llar phoned the GP about the patient, reaching Primary care: 3 times, 3 patients • formalised"))
        // The matrix: Hospital Litoral sent 5 clean handoffs to Primary care and omitted 1.
        #expect(rows.contains { $0 == " Hospital ✓5 ⊘1     ·         ✓6        ·" })
    }

    @Test func eighthBlocks() {
        let g = ChartGlyphs.unicode
        #expect(g.bar(0, series: 0) == "")
        #expect(g.bar(0.01, series: 0) == "▏")
        #expect(g.bar(2.5, series: 0) == "██▌")
        #expect(g.bar(3.99, series: 0) == "████")
        #expect(g.bar(1.125, series: 0) == "█▏")
        #expect(g.bar(2.4, series: 1) == "▒▒")
        #expect(ChartGlyphs.ascii.bar(2.6, series: 0) == "###")
        #expect(ChartGlyphs.ascii.bar(0.2, series: 1) == "=")
        #expect(g.column(0, peak: 4) == " " && g.column(1, peak: 4) == "▂" && g.column(4, peak: 4) == "█")
        #expect(ChartGlyphs.ascii.column(0, peak: 4) == "." && ChartGlyphs.ascii.column(3, peak: 4) == "3" && ChartGlyphs.ascii.column(12, peak: 12) == "+")
    }

    /// A second series (here the analysis at step 25, standing in for a what-if variant) is
    /// drawn under each baseline bar, with its own glyph and value.
    @Test func aVariantIsDrawnAsASecondSeries() {
        let app = Self.debrief(size: Size(width: 100, height: 30))
        let earlier = app.analysis.state(at: 25)
        for (glyphs, baseBar, variantBar) in [(Glyphs.unicode, "█", "▒"), (Glyphs.ascii, "#", "=")] {
            let lines = Frame(app: app, glyphs: glyphs).debriefLines(width: 98) { ("at step 25", DebriefData(earlier, buckets: $0)) }.map(\.text)
            #expect(lines[0].hasPrefix("Bars: \(baseBar) baseline   \(variantBar) at step 25"))
            let maria = try! #require(lines.firstIndex { $0.hasPrefix("Maria") })
            // At step 25 (day 94, in the morning) Maria's review is hours overdue: 0.4 unneeded days against 46.
            #expect(lines[maria].hasPrefix("Maria    \(baseBar) \(String(repeating: baseBar, count: 5))"))
            #expect(lines[maria].hasSuffix(" 46 d"))
            #expect(lines[maria + 1].hasPrefix("         \(variantBar) \(variantBar) "))
            #expect(lines[maria + 1].hasSuffix(" 0.4 d"))
            // The alerts along the timeline: a second row per rule, marked with the variant's glyph.
            let omitted = try! #require(lines.firstIndex { $0.contains("omitted-handoff") })
            #expect(lines[omitted + 1].contains("\(variantBar) "))
        }
    }

    /// A what-if variant (here: the same case, for the test) is a second series of each chart.
    @Test func aVariantIsASecondSeries() {
        let app = Self.debrief(size: Size(width: 100, height: 30))
        let frame = Frame(app: app, glyphs: .unicode)
        var comparison = frame.debriefComparison(buckets: 12)
        comparison.variant = comparison.baseline
        comparison.variantName = "with everything"
        let chart = comparison.unneededDaysChart
        #expect(chart.series == ["baseline", "with everything"])
        #expect(chart.rows.map(\.texts) == [["0 d", "0 d"], ["46 d", "46 d"], ["0 d", "0 d"]])
    }

    /// With a mechanism on, the debrief draws the case as it happened and with it, side by side.
    @Test func withAMechanismOnTheDebriefShowsBoth() throws {
        var app = AppState.builtIn(step: 34, size: Size(width: 100, height: 30))
        app.setMechanisms(["named-reviewer"])
        Reducer.reduce(&app, .debrief)
        let lines = Frame(app: app, glyphs: .unicode).debriefLines(width: 98).map(\.text)
        #expect(lines[0].hasPrefix("Bars: █ baseline   ▒ with Every prescription names its reviewer"))
        let maria = try #require(lines.firstIndex { $0.hasPrefix("Maria") })
        #expect(lines[maria].hasSuffix(" 46 d"))
        #expect(lines[maria + 1].hasSuffix(" 0 d"), "the named reviewer saves Maria's 46 days")
    }
}
