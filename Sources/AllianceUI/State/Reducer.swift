/// The only place the dashboard's state changes: `(state, action) → state (+ effect)`.
public enum Reducer {
    @discardableResult
    public static func reduce(_ s: inout AppState, _ action: Action) -> Effect? {
        if case .resize = action {} else if case .tick = action {} else { s.notice = nil }
        if s.overlay != nil { return reduceOverlay(&s, action) }
        switch action {
        case .next: go(&s, to: s.step + 1)
        case .previous: go(&s, to: s.step - 1)
        case .first: go(&s, to: 0)
        case .last: go(&s, to: s.analysis.stepCount)
        case .focusNext: s.focus = Panel(rawValue: (s.focus.rawValue + 1) % Panel.allCases.count)!
        case .focusPrevious: s.focus = Panel(rawValue: (s.focus.rawValue + Panel.allCases.count - 1) % Panel.allCases.count)!
        case .scrollUp: move(&s, by: -1)
        case .scrollDown: move(&s, by: 1)
        case .pageUp: move(&s, by: -10)
        case .pageDown: move(&s, by: 10)
        case .previousPatient: selectPatient(&s, (s.patient + s.patientCount - 1) % s.patientCount)
        case .nextPatient: selectPatient(&s, (s.patient + 1) % s.patientCount)
        case .toggleFollow:
            s.followStep.toggle()
            if s.followStep, let x = s.analysis.patient(atOrBefore: s.step) { s.patient = x }
        case .open: s.overlay = detail(for: s); s.overlayScroll = 0
        case .close: break
        case .nextTheme: return nextTheme(&s)
        case .redraw: return .redraw
        case .help: s.overlay = .help; s.overlayScroll = 0
        case .quit: return .quit
        case .resize(let size): s.size = size
        case .tick: break
        }
        return nil
    }

    private static func reduceOverlay(_ s: inout AppState, _ action: Action) -> Effect? {
        switch action {
        case .close, .open: s.overlay = nil
        case .help: s.overlay = s.overlay == .help ? nil : .help
        case .scrollUp: s.overlayScroll = max(0, s.overlayScroll - 1)
        case .scrollDown: s.overlayScroll += 1
        case .pageUp: s.overlayScroll = max(0, s.overlayScroll - 10)
        case .pageDown: s.overlayScroll += 10
        case .quit: return .quit
        case .resize(let size): s.size = size
        case .nextTheme: return nextTheme(&s)
        case .redraw: return .redraw
        // Stepping closes the overlay so the room sees the change.
        case .next, .previous, .first, .last:
            s.overlay = nil
            return reduce(&s, action)
        default: break
        }
        return nil
    }

    /// The next theme; with colours off (`NO_COLOR`) every theme draws alike, so say so instead.
    private static func nextTheme(_ s: inout AppState) -> Effect? {
        guard !s.colorsOff else {
            s.notice = "Colours are off (NO_COLOR is set): themes do not apply. Unset NO_COLOR to use them."
            return nil
        }
        s.themeIndex = (s.themeIndex + 1) % s.themeNames.count
        return .themeChanged
    }

    private static func go(_ s: inout AppState, to k: Int) {
        let target = min(max(0, k), s.analysis.stepCount)
        guard target != s.step else { return }
        s.step = target
        if s.followStep, let x = s.analysis.patient(atOrBefore: target) { s.patient = x }
        // New alerts appear at the top: show them.
        s.alertCursor = 0
        s.scroll[.alerts] = 0
        s.scroll[.flows] = 0
    }

    private static func selectPatient(_ s: inout AppState, _ x: Int) {
        s.patient = x
        s.followStep = false
        s.scroll[.patient] = 0
    }

    private static func move(_ s: inout AppState, by delta: Int) {
        switch s.focus {
        case .alerts:
            let count = s.caseState.panelAlertCount
            s.alertCursor = min(max(0, s.alertCursor + delta), max(0, count - 1))
        case .partners:
            s.partnerCursor = min(max(0, s.partnerCursor + delta), s.analysis.model.partners.count - 1)
        default:
            s.scroll[s.focus] = max(0, (s.scroll[s.focus] ?? 0) + delta)
        }
    }

    private static func detail(for s: AppState) -> Overlay {
        switch s.focus {
        case .alerts:
            if let a = s.caseState.panelAlerts(from: s.alertCursor, limit: 1).first { return .alert(a.id) }
            return .step(s.step)
        case .partners: return .partner(s.partnerCursor)
        case .flows: return .handoffs(patient: s.patient)
        case .patient: return .step(s.step)
        }
    }
}
