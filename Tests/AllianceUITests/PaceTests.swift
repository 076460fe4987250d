import AllianceCore
import AllianceUI
import Foundation
import Testing

/// Pace: autoplay on a fake clock, pause points, clicker keys, the blank card, staged reveal.
@Suite("Pace: autoplay, clickers, blank, staged reveal")
struct PaceTests {
    /// Six steps: 2 has a question (a pause point), 4 is marked `pause: true`, 5 has a
    /// question but `pause: false`, 6 is the end. Bob acts at step 2 without the letter Ann
    /// holds (an uninformed-action alert); Ann sends it at step 3.
    static let analysis: Analysis = {
        let yaml = """
            alliance-case: 1
            case: { title: Pace, day-zero: 2024-01-01, question: "Who owns the letter?" }
            partners:
              - { id: a, name: Alpha, actors: [{ id: a1, name: Ann, role: ra }] }
              - { id: b, name: Beta, actors: [{ id: b1, name: Bob, role: rb }] }
            patients:
              - { id: x, name: Xavi }
            activities:
              - { id: act, label: acts }
            knowledge:
              - { id: k, label: letter, needed-by: [{ partner: b, for: [act] }] }
            timeline:
              - { day: 1, patient: x, actor: a1, activity: act, produces: [{ knowledge: k }] }
              - { day: 2, patient: x, actor: b1, activity: act, question: "What will Bob miss?" }
              - { day: 3, patient: x, actor: a1, activity: act, sends: [{ knowledge: k, to: [b] }] }
              - { day: 4, patient: x, actor: b1, activity: act, pause: true }
              - { day: 5, patient: x, actor: a1, activity: act, question: "And now?", pause: false }
              - { day: 6, patient: x, actor: b1, activity: act }

            """
        return Analysis(validated: try! CaseFileDecoder().decode(yaml: yaml, path: "pace.yaml"))
    }()

    static func state(step: Int = 0) -> AppState { AppState(analysis: analysis, step: step, size: Size(width: 100, height: 30)) }

    func run(_ s: inout AppState, _ actions: Action...) { for a in actions { Reducer.reduce(&s, a) } }

    @Test func pausePointsAreQuestionsAndPauseTrueButNotPauseFalse() {
        let s = Self.state()
        #expect((0...6).filter(s.isPausePoint) == [2, 4, 6])
    }

    @Test func autoplayAdvancesAtItsPaceAndStopsOnceItHasShownAPausePoint() {
        var s = Self.state()
        run(&s, .tick(now: 100), .togglePlay)
        #expect(s.playing)
        run(&s, .tick(now: 103.5))
        #expect(s.step == 0)
        run(&s, .tick(now: 104))
        #expect(s.step == 1)
        #expect(s.playing)
        run(&s, .tick(now: 107), .tick(now: 108))
        #expect(s.step == 2)  // a question for the room: shown, then paused
        #expect(!s.playing)
        run(&s, .tick(now: 200))
        #expect(s.step == 2)
        run(&s, .togglePlay, .tick(now: 204))
        #expect(s.step == 3)
        run(&s, .tick(now: 208))
        #expect(s.step == 4)  // pause: true
        #expect(!s.playing)
        run(&s, .togglePlay, .tick(now: 212))
        #expect(s.step == 5)  // a question, but pause: false
        #expect(s.playing)
        run(&s, .tick(now: 216))
        #expect(s.step == 6)  // the end
        #expect(!s.playing)
        run(&s, .togglePlay)
        #expect(!s.playing)
        #expect(s.notice == "At the last step: press g to go back to the first, then s to play")
    }

    @Test func oneAdvancePerTickHoweverLateTheTick() {
        var s = Self.state()
        run(&s, .tick(now: 0), .togglePlay, .tick(now: 60))
        #expect(s.step == 1)
        #expect(s.lastAdvance == 60)
        #expect(s.secondsUntilNextAdvance(now: 61) == 3)
    }

    @Test func aManualKeyPausesPlayAndScrollingDoesNot() {
        for action in [Action.next, .previous, .first, .last, .nextPatient, .previousPatient, .open, .help, .blank, .togglePlay] {
            var s = Self.state(step: 1)
            run(&s, .tick(now: 0), .togglePlay)
            run(&s, action)
            #expect(!s.playing, "\(action)")
        }
        for action in [Action.scrollDown, .scrollUp, .focusNext, .faster, .slower, .nextTheme, .toggleFollow, .resize(Size(width: 120, height: 40))] {
            var s = Self.state(step: 1)
            run(&s, .tick(now: 0), .togglePlay)
            run(&s, action)
            #expect(s.playing, "\(action)")
        }
        // Paused by a step key, it stays paused: later ticks move nothing.
        var s = Self.state()
        run(&s, .tick(now: 0), .togglePlay, .next, .tick(now: 50))
        #expect(s.step == 1)
        #expect(s.secondsUntilNextAdvance(now: 50) == nil)
    }

    @Test func plusAndMinusStepThroughThePaces() {
        var s = Self.state()
        #expect(s.pace == 4)
        var faster: [Double] = []
        for _ in 0..<4 { run(&s, .faster); faster.append(s.pace) }
        #expect(faster == [3, 2, 1, 1])
        #expect(s.notice == "Autoplay pace: 1 s/step (+ faster, - slower)")
        var slower: [Double] = []
        for _ in 0..<10 { run(&s, .slower); slower.append(s.pace) }
        #expect(slower == [2, 3, 4, 6, 8, 10, 15, 20, 30, 30])
        // The new pace applies from the last advance.
        var p = Self.state()
        run(&p, .tick(now: 0), .togglePlay, .slower)
        run(&p, .tick(now: 4))
        #expect(p.step == 0)
        run(&p, .tick(now: 6))
        #expect(p.step == 1)
    }

    @Test func theSessionClockRecordsWhenTheSessionStartedAndTheStepWasShown() {
        var s = Self.state()
        #expect(s.sessionStart == nil)
        run(&s, .tick(now: 10), .tick(now: 15))
        #expect(s.sessionStart == 10)
        #expect(s.stepShownAt == 10)
        run(&s, .next)
        #expect(s.stepShownAt == 15)
        run(&s, .tick(now: 22))
        #expect(s.sessionElapsed == 12)
        #expect(s.stepElapsed == 7)
        run(&s, .scrollDown, .tick(now: 30))  // no step change: the step was shown at 15
        #expect(s.stepShownAt == 15)
        run(&s, .togglePlay, .tick(now: 34))
        #expect(s.step == 2)
        #expect(s.stepShownAt == 34)
    }

    @Test func untilTheNextAdvance() {
        var s = Self.state()
        #expect(s.secondsUntilNextAdvance(now: 0) == nil)
        run(&s, .tick(now: 10), .togglePlay)
        #expect(s.secondsUntilNextAdvance(now: 11.5) == 2.5)
        #expect(s.secondsUntilNextAdvance(now: 20) == 0)
    }

    @Test func clickerKeysStepEverywhereAndTheirOtherKeysDoNothing() {
        let s = Self.state(step: 1)
        #expect(KeyBinding.action(for: .pageDown, in: s) == .next)
        #expect(KeyBinding.action(for: .pageUp, in: s) == .previous)
        #expect(KeyBinding.action(for: .right, in: s) == .next)
        #expect(KeyBinding.action(for: .left, in: s) == .previous)
        #expect(KeyBinding.action(for: .character("b"), in: s) == .blank)
        #expect(KeyBinding.action(for: .character("."), in: s) == .blank)
        // F5 and Shift-F5 (F17 in xterm's terminfo) do nothing; Esc only closes overlays.
        #expect(KeyBinding.action(for: .function(5), in: s) == nil)
        #expect(KeyBinding.action(for: .function(17), in: s) == nil)
        #expect(KeyBinding.action(for: .escape, in: s) == .close)
        var esc = s
        run(&esc, .tick(now: 0), .togglePlay, .close)
        #expect(esc.playing)
        #expect(esc.step == 1)
        // Scrolling a page moved to Ctrl-D / Ctrl-U.
        #expect(KeyBinding.action(for: .character("\u{04}"), in: s) == .pageDown)
        #expect(KeyBinding.action(for: .character("\u{15}"), in: s) == .pageUp)
        #expect(KeyBinding.action(for: .character("s"), in: s) == .togglePlay)
        #expect(KeyBinding.action(for: .character("+"), in: s) == .faster)
        #expect(KeyBinding.action(for: .character("-"), in: s) == .slower)
        #expect(KeyBinding.action(for: .character("r"), in: s) == .toggleStaged)
        // In an overlay the clicker still steps (and the overlay closes).
        var o = s
        run(&o, .help)
        #expect(KeyBinding.action(for: .pageDown, in: o) == .next)
        #expect(KeyBinding.action(for: .character("\u{04}"), in: o) == .pageDown)
        #expect(KeyBinding.action(for: .character("b"), in: o) == .blank)
        run(&o, .next)
        #expect(o.overlay == nil)
        #expect(o.step == 2)
    }

    @Test func blankingShowsTheCardAndAnyKeyOnlyBringsTheScreenBack() {
        var s = Self.state(step: 1)
        run(&s, .tick(now: 0), .togglePlay, .blank)
        #expect(s.blank)
        #expect(!s.playing)
        run(&s, .tick(now: 100))
        #expect(s.step == 1)
        // Every key returns, and does nothing else; Ctrl-C still quits.
        #expect(KeyBinding.action(for: .character("z"), in: s) == .unblank)
        #expect(KeyBinding.action(for: .pageDown, in: s) == .unblank)
        #expect(KeyBinding.action(for: .character("q"), in: s) == .unblank)
        #expect(KeyBinding.action(for: .function(5), in: s) == .unblank)
        #expect(KeyBinding.action(for: .interrupt, in: s) == .quit)
        var back = s
        run(&back, .unblank)
        #expect(!back.blank)
        #expect(back.step == 1)
        // An action that reaches the reducer while blank (a key bound elsewhere) only unblanks too.
        var next = s
        run(&next, .next)
        #expect(!next.blank)
        #expect(next.step == 1)
        var quit = s
        #expect(Reducer.reduce(&quit, .quit) == .quit)
        var resized = s
        run(&resized, .resize(Size(width: 80, height: 24)))
        #expect(resized.blank)
    }

    /// The card's non-blank rows, trimmed.
    func cardRows(_ s: AppState) -> [String] {
        var blank = s
        blank.blank = true
        return DashboardRenderer.render(blank).textRows.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    @Test func theBlankCardShowsOnlyTheQuestionForTheRoom() {
        #expect(cardRows(Self.state(step: 2)) == ["Question for the room", "What will Bob miss?"])
        #expect(cardRows(Self.state(step: 0)) == ["Question for the room", "Who owns the letter?"])
        #expect(cardRows(Self.state(step: 3)) == ["3/6"])
        // Centred: the question's row starts where half the rest of the width is.
        var s = Self.state(step: 2)
        s.blank = true
        let rows = DashboardRenderer.render(s).textRows
        let row = rows.first { $0.contains("What will Bob miss?") }!
        #expect(row.prefix { $0 == " " }.count == (100 - "What will Bob miss?".count) / 2)
        #expect(rows.firstIndex(of: row) == 15)
    }

    @Test func stagedRevealShowsThenRevealsAndBackUndoesOnePress() {
        var s = Self.state()
        run(&s, .toggleStaged)
        #expect(s.staged)
        var trail: [String] = []
        func note() { trail.append("\(s.step)\(s.held ? "h" : "")") }
        for a in [Action.next, .next, .next, .previous, .next, .next, .previous, .previous, .previous, .previous, .previous] {
            run(&s, a)
            note()
        }
        #expect(trail == ["1h", "1", "2h", "1", "2h", "2", "2h", "1", "1h", "0", "0"])
        run(&s, .last)
        #expect(s.step == 6 && !s.held)
        run(&s, .first, .next)
        #expect(s.step == 1 && s.held)
        run(&s, .toggleStaged)
        #expect(!s.staged && !s.held)
        #expect(s.notice == "Staged reveal off: each step shows everything at once")
        run(&s, .next)
        #expect(s.step == 2 && !s.held)
    }

    @Test func stagedAutoplayPressesOnceATickAndStopsBeforeRevealingAPausePoint() {
        var s = Self.state()
        run(&s, .toggleStaged, .tick(now: 0), .togglePlay)
        var trail: [String] = []
        for t in stride(from: 4.0, through: 24, by: 4) {
            run(&s, .tick(now: t))
            trail.append("\(s.step)\(s.held ? "h" : "")\(s.playing ? "" : " paused")")
        }
        // Step 2 has a question: autoplay stops with its consequences still held back.
        #expect(trail == ["1h", "1", "2h paused", "2h paused", "2h paused", "2h paused"])
        run(&s, .togglePlay, .tick(now: 28))
        #expect(s.step == 2 && !s.held && s.playing)
    }

    @Test func aHeldStepShowsWhatHappenedButNotItsConsequences() {
        var s = Self.state(step: 1)
        run(&s, .toggleStaged, .next)
        let held = DashboardRenderer.render(s).textRows
        // What happened is shown: the header and the now line are step 2's.
        #expect(held[0].contains("step 2/6"))
        #expect(held[1].hasPrefix(" ▶ 2 Xavi: Bob (Beta) acts"))
        // Its alert is held back, and the panel says how to see it.
        #expect(!held.contains { $0.contains("uninformed-action") })
        #expect(held.contains { $0.contains("┌ Alerts ") && $0.contains("as at step 1 • press n to reveal ┐") })
        #expect(held.contains { $0.contains("this step's handoffs: press n to reveal") })
        // The step's record keeps its alerts back too.
        var record = s
        run(&record, .open)
        #expect(!DashboardRenderer.render(record).textRows.contains { $0.contains("Alerts raised at this step") })
        run(&s, .next)
        let shown = DashboardRenderer.render(s).textRows
        #expect(shown.contains { $0.contains("! uninformed-action  Xavi  step 2  NEW") })
        #expect(!shown.contains { $0.contains("press n to reveal") })
        run(&s, .open)
        #expect(DashboardRenderer.render(s).textRows.contains { $0.contains("Alerts raised at this step") })
    }

    @Test func theHeaderShowsPlayingOrPausedWithoutMovingTheRest() {
        var s = Self.state(step: 1)
        let paused = DashboardRenderer.render(s).textRows[0]
        #expect(paused.contains("❚❚ paused • step 1/6"))
        run(&s, .tick(now: 0), .togglePlay)
        let playing = DashboardRenderer.render(s).textRows[0]
        #expect(playing.contains("▶ playing 4 s/step • step 1/6"))
        // The status is padded to its widest: the step's position does not move.
        #expect(paused.range(of: "step 1/6")?.lowerBound.utf16Offset(in: paused) == playing.range(of: "step 1/6")?.lowerBound.utf16Offset(in: playing))
        let ascii = DashboardRenderer.render(s, glyphs: .ascii).textRows[0]
        #expect(ascii.contains("> playing 4 s/step - step 1/6"))
        var p = s
        run(&p, .togglePlay)
        #expect(DashboardRenderer.render(p, glyphs: .ascii).textRows[0].contains("|| paused - step 1/6"))
    }
}

@Suite("Pace frames match their snapshots")
struct PaceSnapshotTests {
    /// Step 19 while autoplay plays: the header says so.
    @Test func playingHeader() throws {
        var s = AppState.builtIn(step: 19)
        Reducer.reduce(&s, .tick(now: 0))
        Reducer.reduce(&s, .togglePlay)
        let grid = DashboardRenderer.render(s)
        // At 100 columns the theme keeps its place and the status its short form; wider, it says "playing".
        #expect(grid.textRows[0] == " Home oxygen therapy in Barcelona    ▶ 4 s/step • step 19/34 • day  49 • 2024-02-26 • theme default ")
        s.size = Size(width: 120, height: 40)
        #expect(DashboardRenderer.render(s).textRows[0].hasSuffix("   ▶ playing 4 s/step • step 19/34 • day  49 • 2024-02-26 • theme default "))
        try Snapshot.assert(Snapshot.document(grid, title: "playing, step 19"), named: "pace-playing-100x30-step19.txt")
    }

    /// The blanked screen at the first step with a question for the room (found by content).
    @Test func blankCard() throws {
        let model = BuiltinCase.model
        let k = try #require(model.timeline.firstIndex { $0.question != nil }) + 1
        var s = AppState.builtIn(step: k)
        Reducer.reduce(&s, .blank)
        let grid = DashboardRenderer.render(s)
        let question = try #require(model.timeline[k - 1].question)
        #expect(grid.textRows.joined(separator: " ").split(separator: " ").joined(separator: " ").contains(question))
        try Snapshot.assert(Snapshot.document(grid, title: "blank card at step \(k)"), named: "pace-blank-100x30.txt")
    }

    /// Step 19 shown with its consequences held back (staged reveal).
    @Test func heldBackStep() throws {
        var s = AppState.builtIn(step: 18)
        Reducer.reduce(&s, .toggleStaged)
        Reducer.reduce(&s, .next)
        #expect(s.step == 19 && s.held)
        let grid = DashboardRenderer.render(s)
        try Snapshot.assert(Snapshot.document(grid, title: "step 19 held back"), named: "pace-held-100x30-step19.txt")
    }
}
