import AllianceCore
@testable import AllianceUI
import Testing

/// Nothing is cut without showing it: every frame of the built-in case and of a generated
/// case, at the sizes a room meets, is rendered with its cut log (`renderChecked`), and a
/// silent cut (text clipped without the ellipsis) fails the test.
@Suite("Every cut is visible")
struct TextCutTests {
    static let sizes = SnapshotTests.sizes

    /// The silent cuts of a frame, and the logged cuts whose row does not show the ellipsis.
    static func problems(_ app: AppState, glyphs: Glyphs = .unicode) -> [String] {
        let (grid, cuts) = DashboardRenderer.renderChecked(app, glyphs: glyphs)
        return problems(grid.textRows, cuts, ellipsis: glyphs.ellipsis).map { "step \(app.step) \(app.size): \($0)" }
    }

    static func problems(_ rows: [String], _ cuts: [TextCut], ellipsis: String) -> [String] {
        var out = cuts.filter { !$0.marked }.map(\.description)
        for cut in cuts where cut.marked && !rows[cut.y].contains(ellipsis) {
            out.append("cut logged at \(cut.x),\(cut.y) but the row shows no ellipsis: \(rows[cut.y])")
        }
        return out
    }

    @Test(arguments: sizes)
    func everyFrameOfTheBuiltInCase(_ size: Size) {
        let analysis = Analysis(validated: BuiltinCase.model)
        for k in 0...analysis.stepCount {
            let app = AppState(analysis: analysis, step: k, size: size)
            let found = Self.problems(app) + Self.problems(app, glyphs: .ascii)
            #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
        }
    }

    @Test(arguments: sizes)
    func everyFrameOfAGeneratedCase(_ size: Size) {
        let analysis = Analysis(validated: SyntheticCase.make(patients: 12, steps: 150))
        for k in 0...analysis.stepCount {
            let found = Self.problems(AppState(analysis: analysis, step: k, size: size))
            #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
        }
    }

    @Test func everyOverlayAtEveryStepOfTheBuiltInCase() {
        let analysis = Analysis(validated: BuiltinCase.model)
        for k in [0, 12, 19, 26, 33] {
            for focus in Panel.allCases {
                var app = AppState(analysis: analysis, step: k, size: Size(width: 100, height: 30))
                app.focus = focus
                Reducer.reduce(&app, .open)
                #expect(Self.problems(app).isEmpty, "\(Self.problems(app).joined(separator: "\n"))")
            }
            var help = AppState(analysis: analysis, step: k, size: Size(width: 80, height: 24))
            Reducer.reduce(&help, .help)
            #expect(Self.problems(help).isEmpty, "\(Self.problems(help).joined(separator: "\n"))")
        }
    }

    /// The debrief view, scrolled page by page to its end, at every room size, in Unicode and ASCII.
    @Test(arguments: [Size(width: 80, height: 24), Size(width: 100, height: 30), Size(width: 120, height: 40)])
    func everyPageOfTheDebriefView(_ size: Size) {
        for analysis in [Analysis(validated: BuiltinCase.model), Analysis(validated: SyntheticCase.make(patients: 12, steps: 150))] {
            for k in [0, analysis.stepCount / 2, analysis.stepCount] {
                var app = AppState(analysis: analysis, step: k, size: size)
                Reducer.reduce(&app, .debrief)
                for _ in 0..<12 {
                    let found = Self.problems(app) + Self.problems(app, glyphs: .ascii)
                    #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
                    Reducer.reduce(&app, .pageDown)
                }
            }
        }
    }

    /// At 120×40 the built-in case says everything it has to say without cutting a word
    /// (panels may still hide whole items, and say so with `↓ N more`).
    @Test func nothingOfTheBuiltInCaseIsCutAt120x40() {
        let analysis = Analysis(validated: BuiltinCase.model)
        var found: [String] = []
        for k in 0...analysis.stepCount {
            let (_, cuts) = DashboardRenderer.renderChecked(AppState(analysis: analysis, step: k, size: Size(width: 120, height: 40)))
            found += cuts.map { "step \(k): \($0)" }
        }
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
    }

    // MARK: the detector itself

    @Test func theDetectorCatchesADeliberatelyClippedLine() {
        var canvas = Canvas(grid: Grid(width: 20, height: 2), glyphs: .unicode)
        canvas.put("a sentence far too long for this", x: 0, y: 0, maxX: 20)
        #expect(canvas.cuts == [TextCut(x: 0, y: 0, text: "a sentence far too long for this", marked: false)])
        #expect(canvas.grid.textRows[0] == "a sentence far too l")
        // The same text drawn as a Line is cut visibly.
        canvas.draw(Line("a sentence far too long for this"), x: 0, y: 1, maxX: 20)
        #expect(canvas.cuts.last == TextCut(x: 0, y: 1, text: "a sentence far too long for this", marked: true))
        #expect(canvas.grid.textRows[1] == "a sentence far too …")
    }

    @Test func theDetectorCatchesARowThatClaimsAnEllipsisItDoesNotShow() {
        let rows = ["a sentence far too l", "a sentence far too …"]
        let cuts = [TextCut(x: 0, y: 0, text: "a sentence far too long", marked: true),
                    TextCut(x: 0, y: 1, text: "a sentence far too long", marked: true)]
        #expect(Self.problems(rows, cuts, ellipsis: "…") == ["cut logged at 0,0 but the row shows no ellipsis: a sentence far too l"])
    }

    // MARK: the text model

    @Test func atomicSpansAreNeverCut() {
        let line = Line([Span("open: set the review date for the patient,", .normal),
                         Span(" Maria by day 93", .normal, [], atomic: true), Span(" OVERDUE", .critical, [.bold], atomic: true)])
        #expect(line.fitted(40, ellipsis: "…").text == "open: set the r… Maria by day 93 OVERDUE")
        #expect(line.fitted(40, ellipsis: "…").wasCut)
        #expect(line.fitted(200, ellipsis: "…").text == line.text)
        #expect(!line.fitted(200, ellipsis: "…").wasCut)
        // Even the atomic spans do not fit: whole spans, then the ellipsis.
        #expect(line.fitted(10, ellipsis: "...").text == "...")
        #expect(Line([Span("47 unneeded days", atomic: true), Span(" • 244.40 EUR", atomic: true)]).fitted(20, ellipsis: "…").text
            == "47 unneeded days…")
    }

    @Test func wrappingKeepsAtomicSpansWholeAndMarksDroppedText() {
        let line = Line([Span("home oxygen therapy ended", .muted), Span(" on day 141 after 137 days", .muted, [], atomic: true),
                         Span("  "), Span("47 unneeded days • 244.40 EUR", .critical, [], atomic: true)])
        #expect(line.wrapped(62, ellipsis: "…", indent: "  ").map(\.text)
            == ["home oxygen therapy ended on day 141 after 137 days", "  47 unneeded days • 244.40 EUR"])
        let long = Line("one two three four five six seven eight nine ten")
        let three = long.wrapped(10, maxLines: 2, ellipsis: "…")
        #expect(three.map(\.text) == ["one two", "three fou…"])
        #expect(three.last?.wasCut == true)
        // A word wider than the line is cut with the ellipsis, not split silently.
        #expect(Line("Lung-function-laboratory").wrapped(10, ellipsis: "…").map(\.text) == ["Lung-func…"])
    }

    @Test func blocksDropTheLeastImportantFirstAndSayHowMany() {
        let blocks = [Block(Line("people"), .context), Block(Line("NEW alert"), .now), Block([Line("old 1"), Line("old 2")], .normal),
                      Block(Line("OVERDUE"), .important)]
        let lines = BlockFit.lines(blocks, height: 3, width: 20, glyphs: .unicode)
        #expect(lines.map(\.text) == ["NEW alert", "OVERDUE", "↓ 2 more"])
        #expect(BlockFit.lines(blocks, height: 5, width: 20, glyphs: .unicode).map(\.text) == ["people", "NEW alert", "old 1", "old 2", "OVERDUE"])
    }
}
