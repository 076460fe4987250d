import AllianceCore
import AllianceUI
import Testing

/// With ASCII glyphs (a terminal whose locale is not UTF-8) the dashboard and every overlay
/// draw only ASCII, except letters that come from the case file itself (Núria).
@Suite("ASCII glyphs: every frame and overlay")
struct AsciiFrameTests {
    /// The non-ASCII characters of a case's own text (names, labels, notes).
    static func caseText(_ model: CaseModel) -> Set<String> {
        Set(CaseFileEncoder().encode(model).filter { !$0.unicodeScalars.allSatisfy(\.isASCII) }.map(String.init))
    }

    /// Every non-ASCII grapheme drawn that is not in `allowed`, with where it is.
    static func nonASCII(_ grid: Grid, allowing allowed: Set<String>) -> [String] {
        var found: [String] = []
        for y in 0..<grid.height {
            for x in 0..<grid.width {
                let t = grid[x, y].text
                if !t.unicodeScalars.allSatisfy(\.isASCII), !allowed.contains(t) { found.append("\(t) at \(x),\(y): \(grid.textRows[y])") }
            }
        }
        return found
    }

    /// An overlay at every scroll position until its end (the help's legend is below the fold).
    static func scrolledFrames(_ state: AppState) -> [Grid] {
        var frames: [Grid] = []
        var s = state
        for scroll in stride(from: 0, through: 400, by: 10) {
            s.overlayScroll = scroll
            let grid = DashboardRenderer.render(s, glyphs: .ascii)
            if let last = frames.last, last == grid { break }
            frames.append(grid)
        }
        return frames
    }

    let model = BuiltinCase.model
    let analysis = Analysis(validated: BuiltinCase.model)

    @Test func theBuiltInCaseHasAccentsButNoSymbols() {
        // The allowance below is letters only: if the case grows a symbol, this says so.
        #expect(Self.caseText(model).allSatisfy { $0.first!.isLetter })
    }

    @Test(arguments: [Size(width: 80, height: 24), Size(width: 100, height: 30)])
    func everyStepAndEveryOverlayIsASCII(_ size: Size) {
        let allowed = Self.caseText(model)
        var frames = 0
        var bad: [String] = []
        func check(_ state: AppState, _ what: String) {
            for grid in Self.scrolledFrames(state) {
                frames += 1
                bad += Self.nonASCII(grid, allowing: allowed).map { "\(what): \($0)" }
            }
        }
        for step in 0...analysis.stepCount {
            let state = AppState(analysis: analysis, step: step, size: size)
            check(state, "step \(step)")
            var record = state
            record.overlay = .step(max(1, step))
            check(record, "step \(step) record")
        }
        var help = AppState(analysis: analysis, step: 15, size: size)
        help.overlay = .help
        check(help, "help")
        let end = AppState(analysis: analysis, step: analysis.stepCount, size: size)
        for alert in analysis.alerts.indices {
            var s = AppState(analysis: analysis, step: analysis.alerts[alert].step, size: size)
            s.overlay = .alert(alert)
            check(s, "alert \(alert)")
        }
        for patient in model.patients.indices {
            var s = end
            s.overlay = .handoffs(patient: patient)
            check(s, "handoffs of patient \(patient)")
        }
        for partner in model.partners.indices {
            var s = end
            s.overlay = .partner(partner)
            check(s, "partner \(partner)")
        }
        #expect(frames > analysis.stepCount * 2 + analysis.alerts.count)
        #expect(bad.prefix(10) == [], "\(bad.count) non-ASCII cells")
    }

    /// Below the minimum size the message says `80x24`, not `80×24`.
    @Test func tooSmallSaysXNotTimes() {
        let grid = DashboardRenderer.render(AppState(analysis: analysis, step: 3, size: Size(width: 40, height: 10)), glyphs: .ascii)
        #expect(grid.textRows.contains { $0.contains("Terminal too small: need 80x24") })
        #expect(Self.nonASCII(grid, allowing: []) == [])
    }

    /// The help's key column: every arrow has a word.
    @Test func helpKeyLabelsHaveASCIIForms() {
        let labels = KeyBinding.all.map { Glyphs.ascii.keyLabel($0.keyLabel) }
        #expect(labels.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) }, "\(labels)")
        #expect(Glyphs.ascii.keyLabel("→ l n Space") == "Right l n Space")
        #expect(Glyphs.ascii.keyLabel("k ↑") == "k Up")
        #expect(Glyphs.ascii.keyLabel("j ↓") == "j Down")
        #expect(Glyphs.ascii.keyLabel("p/← back") == "p/Left back")
        #expect(Glyphs.unicode.keyLabel("k ↑") == "k ↑")
        let footer = KeyBinding.footer(overlayOpen: false) + KeyBinding.footer(overlayOpen: true)
        #expect(footer.map(Glyphs.ascii.keyLabel).allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) })
    }
}
