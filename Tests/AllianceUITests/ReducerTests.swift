import AllianceCore
import AllianceUI
import Testing

@Suite("Reducer: scripts of actions and the state they lead to")
struct ReducerTests {
    func run(_ actions: [Action], from state: AppState = .builtIn(step: 0)) -> (AppState, [Effect]) {
        var s = state
        var effects: [Effect] = []
        for a in actions { if let e = Reducer.reduce(&s, a) { effects.append(e) } }
        return (s, effects)
    }

    @Test func steppingForwardAndBackClampsAtTheEnds() {
        let (s, _) = run([.previous, .next, .next, .next, .previous])
        #expect(s.step == 2)
        let (end, _) = run([.last, .next, .next])
        #expect(end.step == end.analysis.stepCount)
        let (start, _) = run([.last, .first, .previous])
        #expect(start.step == 0)
    }

    @Test func theSelectedPatientFollowsTheStepUntilPinned() {
        let (s, _) = run([.next, .next, .next])  // step 3 is Maria's
        #expect(s.patient == 1)
        let (pinned, _) = run([.next, .next, .next, .nextPatient, .next, .next])  // pinned on Pere, step 5 is Joan's
        #expect(pinned.patient == 2)
        #expect(!pinned.followStep)
        let (followed, _) = run([.next, .nextPatient, .toggleFollow])
        #expect(followed.followStep)
        #expect(followed.patient == 0)  // step 1 is Joan's
        let (wrapped, _) = run([.previousPatient])
        #expect(wrapped.patient == 2)
    }

    @Test func tabCyclesFocusBothWays() {
        let (s, _) = run([.focusNext])
        #expect(s.focus == .flows)
        let (t, _) = run([.focusNext, .focusNext, .focusNext])
        #expect(t.focus == .partners)
        let (u, _) = run([.focusPrevious])
        #expect(u.focus == .partners)
    }

    @Test func enterOpensTheFocusedItemAndEscClosesIt() {
        let (step, _) = run([.next, .open])
        #expect(step.overlay == .step(1))
        let (closed, _) = run([.next, .open, .close])
        #expect(closed.overlay == nil)
        // Alerts: at step 14 the newest active alert is Pere's omitted handoff.
        let (alert, _) = run([.last, .first] + Array(repeating: .next, count: 14) + [.focusNext, .focusNext, .open])
        guard case .alert(let id)? = alert.overlay else {
            Issue.record("expected an alert overlay, got \(String(describing: alert.overlay))")
            return
        }
        #expect(alert.analysis.alerts[id].rule == .omittedHandoff)
    }

    @Test func alertCursorMovesWithinTheListAndResetsOnAStep() {
        let base = Array(repeating: Action.next, count: 15) + [.focusNext, .focusNext]
        let (s, _) = run(base + [.scrollDown, .scrollDown, .scrollDown])
        #expect(s.alertCursor == 3)
        let (t, _) = run(base + Array(repeating: .scrollDown, count: 50))
        #expect(t.alertCursor == t.caseState.activeAlerts.count - 1)
        let (u, _) = run(base + [.scrollDown, .next])
        #expect(u.alertCursor == 0)
    }

    @Test func helpTogglesAndSteppingClosesOverlays() {
        let (h, _) = run([.help])
        #expect(h.overlay == .help)
        let (h2, _) = run([.help, .help])
        #expect(h2.overlay == nil)
        let (stepped, _) = run([.help, .next])
        #expect(stepped.overlay == nil)
        #expect(stepped.step == 1)
    }

    @Test func quitThemeAndResizeAreEffectsOrState() {
        var state = AppState.builtIn(step: 0)
        state.themeNames = ["default", "light", "monochrome"]
        let (s, effects) = run([.nextTheme, .nextTheme, .nextTheme, .resize(Size(width: 120, height: 40)), .quit], from: state)
        #expect(effects == [.themeChanged, .themeChanged, .themeChanged, .quit])
        #expect(s.themeIndex == 0)
        #expect(s.size == Size(width: 120, height: 40))
    }

    @Test func keysMapToActionsAsTheHelpSays() {
        #expect(KeyBinding.action(for: .right, overlayOpen: false) == .next)
        #expect(KeyBinding.action(for: .character("l"), overlayOpen: false) == .next)
        #expect(KeyBinding.action(for: .character("n"), overlayOpen: false) == .next)
        #expect(KeyBinding.action(for: .character("h"), overlayOpen: false) == .previous)
        #expect(KeyBinding.action(for: .home, overlayOpen: false) == .first)
        #expect(KeyBinding.action(for: .character("G"), overlayOpen: false) == .last)
        #expect(KeyBinding.action(for: .backTab, overlayOpen: false) == .focusPrevious)
        #expect(KeyBinding.action(for: .character("]"), overlayOpen: false) == .nextPatient)
        #expect(KeyBinding.action(for: .escape, overlayOpen: true) == .close)
        #expect(KeyBinding.action(for: .character("q"), overlayOpen: true) == .quit)
        #expect(KeyBinding.action(for: .interrupt, overlayOpen: false) == .quit)
        #expect(KeyBinding.action(for: .character("]"), overlayOpen: true) == nil)
        #expect(KeyBinding.action(for: .character("z"), overlayOpen: false) == nil)
    }

    @Test func aNoticeIsClearedByTheNextKey() {
        var s = AppState.builtIn(step: 0)
        s.notice = "Theme not loaded"
        Reducer.reduce(&s, .tick(now: 0))
        #expect(s.notice != nil)
        Reducer.reduce(&s, .next)
        #expect(s.notice == nil)
    }
}
