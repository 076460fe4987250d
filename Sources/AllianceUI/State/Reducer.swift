import AllianceCore

/// The only place the dashboard's state changes: `(state, action) → state (+ effect)`.
///
/// Pace: autoplay advances one press every `pace` seconds of ticks and stops by itself once
/// it has shown a pause point (a step with a question for the room, or `pause: true`) or
/// the last step; any manual step, a patient switch, Enter, `?`, `d` or blanking pauses it. In
/// staged mode a forward press first shows the step with its consequences held back
/// (`held`), the next one reveals them; a back press undoes the last forward press.
/// Blanked, any key only brings the screen back.
public enum Reducer {
    @discardableResult
    public static func reduce(_ s: inout AppState, _ action: Action) -> Effect? {
        let effect = reduceAction(&s, action)
        syncPatientList(&s)
        return effect
    }

    private static func reduceAction(_ s: inout AppState, _ action: Action) -> Effect? {
        if case .resize = action {} else if case .tick = action {} else { s.notice = nil }
        if case .tick(let now) = action { tick(&s, now); return nil }
        // The case file changed on disk (`--watch`): whatever else is open.
        switch action {
        case .reload(let new):
            let atNewest = s.step == (new.stepsBefore ?? s.analysis.stepCount)
            s.replaceCase(new.analysis)
            if let n = new.appendedEvents {
                // A live log: at the last step, the view follows the newest; else it stays.
                if atNewest {
                    s.step = new.analysis.stepCount
                    if s.followStep, let x = new.analysis.patient(atOrBefore: s.step) { s.patient = x }
                }
                let gained = Plural.grouped(n, "new event")
                let steps = Plural.grouped(new.analysis.stepCount), step = Plural.grouped(s.step)
                s.notice = atNewest
                    ? "\(gained): following the newest, step \(step) of \(steps)."
                    : "\(gained): \(steps) steps; still at step \(step) (G: the newest)."
                return nil
            }
            s.notice = "Reloaded: \(new.analysis.stepCount) steps; still at step \(s.step)."
            return nil
        case .caseProblems(let problems):
            s.caseProblems = problems
            return nil
        default: break
        }
        if let handled = reduceAnnotations(&s, action) { return handled }
        if s.blank {
            switch action {
            case .resize(let size): s.size = size
            case .redraw: return .redraw
            case .quit: return .quit
            default: s.blank = false  // the key that brings the screen back does nothing else
            }
            return nil
        }
        switch action {
        case .next, .previous, .first, .last, .previousPatient, .nextPatient, .open, .help, .debrief, .blank, .patientList, .searchPatients:
            s.playing = false
        default: break
        }
        if s.overlay == .mechanisms, let effect = reduceMechanisms(&s, action) { return effect }
        if s.overlay == .patients, let effect = reducePatientList(&s, action) { return effect }
        if s.overlay != nil { return reduceOverlay(&s, action) }
        switch action {
        case .next: forward(&s)
        case .previous: backward(&s)
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
        case .debrief: s.overlay = .debrief; s.overlayScroll = 0
        case .quit: return .quit
        case .resize(let size): s.size = size
        case .tick: break
        case .togglePlay: togglePlay(&s)
        case .faster, .slower:
            let paces = AppState.paces
            s.pace = action == .faster ? paces.last { $0 < s.pace } ?? paces[0] : paces.first { $0 > s.pace } ?? paces[paces.count - 1]
            s.notice = "Autoplay pace: \(Int(s.pace)) s/step (+ faster, - slower)"
        case .blank: s.blank = true
        case .unblank: break
        case .annotate, .annotationList, .editAnnotation, .deleteAnnotation, .textInput, .confirmInput, .confirmDelete, .cancelDelete,
             .addAnnotation:
            break  // reduced by `reduceAnnotations`
        case .reload, .caseProblems: break  // handled first, above
        case .show(let k, let x, let held):
            go(&s, to: k)
            s.held = held && s.step > 0
            if let x, x >= 0, x < s.patientCount {
                s.patient = x
                s.followStep = false
            }
        case .mechanisms:
            s.overlay = .mechanisms
            s.overlayScroll = 0
        case .toggleMechanism: break
        case .patientList: openPatientList(&s, search: false)
        case .searchPatients: openPatientList(&s, search: true)
        case .patientListEdit, .patientListSort, .patientListMove: break  // only in the list
        case .toggleStaged:
            s.staged.toggle()
            s.held = false
            s.notice = s.staged
                ? "Staged reveal on: n shows a step, n again reveals what it changed (r: off)"
                : "Staged reveal off: each step shows everything at once"
        }
        return nil
    }

    /// The clock moved: remember the time; when playing and the pace has passed, one forward
    /// press, and a stop once it has shown a pause point or can go no further.
    private static func tick(_ s: inout AppState, _ now: Double) {
        s.now = now
        if s.sessionStart == nil { s.sessionStart = now }
        if s.stepShownAt == nil { s.stepShownAt = now }
        guard s.playing, !s.blank else { return }
        guard let last = s.lastAdvance else { s.lastAdvance = now; return }
        // A millisecond's grace: the loop's wait is rounded to whole milliseconds.
        guard now - last + 0.001 >= s.pace else { return }
        s.lastAdvance = now
        let before = s.step, wasHeld = s.held
        s.overlay = nil
        forward(&s)
        if s.step != before {
            if s.isPausePoint(s.step) { s.playing = false }
        } else if s.held == wasHeld {
            s.playing = false  // nothing left to show
        }
    }

    /// Play, or pause. At the end (everything shown) there is nothing to play: say so.
    private static func togglePlay(_ s: inout AppState) {
        if s.playing {
            s.playing = false
        } else if s.step >= s.analysis.stepCount, !s.held {
            s.notice = "At the last step: press g to go back to the first, then s to play"
        } else {
            s.playing = true
            s.lastAdvance = s.now
        }
    }

    /// One forward press: reveal a held step, else the next step (held back in staged mode).
    private static func forward(_ s: inout AppState) {
        if s.held {
            s.held = false
            showNewConsequences(&s)
            return
        }
        guard s.step < s.analysis.stepCount else { return }
        go(&s, to: s.step + 1)
        s.held = s.staged
    }

    /// One back press, undoing a forward press: a revealed step goes back to held (staged
    /// mode); a held step goes to the previous step, fully shown.
    private static func backward(_ s: inout AppState) {
        if s.staged, !s.held, s.step > 0 {
            s.held = true
            showNewConsequences(&s)
            return
        }
        go(&s, to: s.step - 1)
    }

    private static func reduceOverlay(_ s: inout AppState, _ action: Action) -> Effect? {
        if s.overlay == .annotations, reduceAnnotationOverlay(&s, action) { return nil }
        switch action {
        case .close, .open: s.overlay = nil
        case .help: s.overlay = s.overlay == .help ? nil : .help
        case .debrief: s.overlay = s.overlay == .debrief ? nil : .debrief; s.overlayScroll = 0
        case .scrollUp: s.overlayScroll = max(0, s.overlayScroll - 1)
        case .scrollDown: s.overlayScroll += 1
        case .pageUp: s.overlayScroll = max(0, s.overlayScroll - 10)
        case .pageDown: s.overlayScroll += 10
        case .quit: return .quit
        case .resize(let size): s.size = size
        case .nextTheme: return nextTheme(&s)
        case .redraw: return .redraw
        case .blank: s.blank = true
        case .mechanisms: s.overlay = .mechanisms; s.overlayScroll = 0
        case .patientList: openPatientList(&s, search: false)
        case .searchPatients: openPatientList(&s, search: true)
        // Stepping closes the overlay so the room sees the change.
        case .next, .previous, .first, .last:
            s.overlay = nil
            return reduce(&s, action)
        // A follower keeping in step: like stepping, it closes the overlay.
        case .show:
            s.overlay = nil
            return reduce(&s, action)
        default: break
        }
        return nil
    }

    /// The mechanisms overlay: j/k select, Space/Enter toggle (re-running the analysis with
    /// the active set), m or Esc close; nil: the action is the other overlays' (stepping closes it).
    private static func reduceMechanisms(_ s: inout AppState, _ action: Action) -> Effect?? {
        let count = s.baseline.model.mechanisms.count
        switch action {
        case .scrollUp: s.mechanismCursor = max(0, s.mechanismCursor - 1)
        case .scrollDown: s.mechanismCursor = min(max(0, count - 1), s.mechanismCursor + 1)
        case .mechanisms, .close: s.overlay = nil
        case .toggleMechanism:
            guard s.mechanismCursor < count else { return .some(nil) }
            let id = s.baseline.model.mechanisms[s.mechanismCursor].id
            var active = s.activeMechanisms
            if let i = active.firstIndex(of: id) { active.remove(at: i) } else { active.append(id) }
            s.setMechanisms(active)
            // The alert list changed under the cursor: keep it within the list.
            s.alertCursor = min(s.alertCursor, max(0, s.consequenceState.panelAlertCount - 1))
        default: return nil
        }
        return .some(nil)
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

    /// Jumps to an annotation's step, and to its patient (or partner) when it has one.
    static func goToAnnotation(_ s: inout AppState, _ a: Annotation) {
        s.playing = false
        go(&s, to: a.step)
        if let id = a.patient, let x = s.analysis.model.patients.firstIndex(where: { $0.id == id }), x != s.patient {
            selectPatient(&s, x)
        }
        if let id = a.partner, let p = s.analysis.partnerIndex(id) {
            s.focus = .partners
            s.partnerCursor = p
        }
    }

    /// Goes to step k, fully shown (a held step's consequences are shown once it is left).
    private static func go(_ s: inout AppState, to k: Int) {
        let target = min(max(0, k), s.analysis.stepCount)
        s.held = false
        guard target != s.step else { return }
        s.step = target
        s.stepShownAt = s.now
        if s.followStep, let x = s.analysis.patient(atOrBefore: target) { s.patient = x }
        showNewConsequences(&s)
    }

    /// New alerts appear at the top: show them.
    private static func showNewConsequences(_ s: inout AppState) {
        s.alertCursor = 0
        s.scroll[.alerts] = 0
        s.scroll[.flows] = 0
    }

    static func selectPatient(_ s: inout AppState, _ x: Int) {
        s.patient = x
        s.followStep = false
        s.scroll[.patient] = 0
    }

    private static func move(_ s: inout AppState, by delta: Int) {
        switch s.focus {
        case .alerts:
            let count = s.consequenceState.panelAlertCount
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
            if let a = s.consequenceState.panelAlerts(from: s.alertCursor, limit: 1).first { return .alert(a.id) }
            return .step(s.step)
        case .partners: return .partner(s.partnerCursor)
        case .flows: return .handoffs(patient: s.patient)
        case .patient: return .step(s.step)
        }
    }
}
