/// A key binding: the keys, the action, and how it is shown in the footer and the help.
/// The footer and the help overlay are generated from this table.
public struct KeyBinding: Sendable {
    public var keys: [Key]
    public var action: Action
    /// Short form for the footer (`n/→ next`); nil keeps it out of the footer.
    public var footer: String?
    /// The keys as shown in the help overlay.
    public var keyLabel: String
    public var help: String
    /// Whether it applies while an overlay is open.
    public var inOverlay: Bool

    public static let all: [KeyBinding] = [
        // Presentation clickers send PageDown / PageUp (some Right / Left): they step, everywhere.
        KeyBinding(keys: [.right, .character("l"), .character("n"), .character(" "), .pageDown], action: .next, footer: "n/→ next",
                   keyLabel: "→ l n Space PgDn", help: "next step (in staged reveal: show the step, then reveal its consequences)", inOverlay: true),
        KeyBinding(keys: [.left, .character("h"), .character("p"), .backspace, .pageUp], action: .previous, footer: "p/← back",
                   keyLabel: "← h p PgUp", help: "previous step (in staged reveal: undo the last reveal)", inOverlay: true),
        KeyBinding(keys: [.character("g"), .home], action: .first, footer: nil, keyLabel: "g Home", help: "first step (before anything happens)", inOverlay: true),
        KeyBinding(keys: [.character("G"), .end], action: .last, footer: "g/G ends", keyLabel: "G End", help: "last step", inOverlay: true),
        KeyBinding(keys: [.character("[")], action: .previousPatient, footer: nil, keyLabel: "[", help: "previous patient", inOverlay: false),
        KeyBinding(keys: [.character("]")], action: .nextPatient, footer: "[ ] patient", keyLabel: "]", help: "next patient", inOverlay: false),
        KeyBinding(keys: [.character("/")], action: .searchPatients, footer: "/ find", keyLabel: "/",
                   help: "find a patient: the patient list, searching names and ids as you type; Enter selects, Esc clears the search, then closes",
                   inOverlay: true),
        KeyBinding(keys: [.character("P")], action: .patientList, footer: nil, keyLabel: "P",
                   help: "the patient list: alerts (active / raised so far), last activity and partner; Tab sorts by alerts, name or last activity; Enter selects",
                   inOverlay: true),
        KeyBinding(keys: [.character("f")], action: .toggleFollow, footer: nil, keyLabel: "f",
                   help: "follow the patient of each step / keep the chosen patient", inOverlay: false),
        KeyBinding(keys: [.tab], action: .focusNext, footer: "Tab focus", keyLabel: "Tab", help: "focus the next panel", inOverlay: false),
        KeyBinding(keys: [.backTab], action: .focusPrevious, footer: nil, keyLabel: "Shift-Tab", help: "focus the previous panel", inOverlay: false),
        KeyBinding(keys: [.character("k"), .up], action: .scrollUp, footer: nil, keyLabel: "k ↑", help: "scroll up / select the previous item", inOverlay: true),
        KeyBinding(keys: [.character("j"), .down], action: .scrollDown, footer: "j/k scroll", keyLabel: "j ↓", help: "scroll down / select the next item", inOverlay: true),
        KeyBinding(keys: [.character("\u{15}")], action: .pageUp, footer: nil, keyLabel: "Ctrl-U", help: "scroll a page up", inOverlay: true),
        KeyBinding(keys: [.character("\u{04}")], action: .pageDown, footer: nil, keyLabel: "Ctrl-D", help: "scroll a page down", inOverlay: true),
        KeyBinding(keys: [.enter], action: .open, footer: "Enter details", keyLabel: "Enter",
                   help: "details of the focused item: the step's record, an alert's evidence, a patient's handoffs, a partner", inOverlay: false),
        KeyBinding(keys: [.escape], action: .close, footer: "Esc close", keyLabel: "Esc", help: "close the overlay", inOverlay: true),
        KeyBinding(keys: [.character("s")], action: .togglePlay, footer: "s play", keyLabel: "s",
                   help: "autoplay: play / pause; it stops by itself once it has shown a step with a question for the room (or marked pause), and at the end; any step key pauses it",
                   inOverlay: false),
        KeyBinding(keys: [.character("+"), .character("=")], action: .faster, footer: nil, keyLabel: "+", help: "autoplay faster (fewer seconds per step)", inOverlay: false),
        KeyBinding(keys: [.character("-"), .character("_")], action: .slower, footer: nil, keyLabel: "-", help: "autoplay slower (more seconds per step)", inOverlay: false),
        KeyBinding(keys: [.character("b"), .character(".")], action: .blank, footer: "b blank", keyLabel: "b .",
                   help: "blank the room's screen to the question for the room; any key brings it back (and does nothing else)", inOverlay: true),
        KeyBinding(keys: [.character("r")], action: .toggleStaged, footer: nil, keyLabel: "r",
                   help: "staged reveal on / off: n shows what happened at a step, n again reveals the alerts, handoffs and knowledge it changed",
                   inOverlay: false),
        KeyBinding(keys: [.character("a")], action: .annotate, footer: "a note", keyLabel: "a",
                   help: "annotate: type what the room said about this step (and the patient or partner in focus); Enter saves it, Esc cancels", inOverlay: true),
        KeyBinding(keys: [.character("A")], action: .annotationList, footer: "A notes", keyLabel: "A",
                   help: "the room's annotations: Enter goes to an annotation's step, e edits it, x or Delete deletes it", inOverlay: true),
        KeyBinding(keys: [.character("e")], action: .editAnnotation, footer: nil, keyLabel: "e", help: "in the annotations: edit the selected one", inOverlay: true),
        KeyBinding(keys: [.character("x"), .delete], action: .deleteAnnotation, footer: nil, keyLabel: "x Delete",
                   help: "in the annotations: delete the selected one (asks first)", inOverlay: true),
        KeyBinding(keys: [.character("d")], action: .debrief, footer: nil, keyLabel: "d",
                   help: "debrief: alerts by rule along the timeline, unneeded days and cost, handoff latency, the partner handoff matrix, shared knowledge (Esc closes)",
                   inOverlay: true),
        KeyBinding(keys: [.character("m")], action: .mechanisms, footer: "m what-if", keyLabel: "m",
                   help: "what-if mechanisms: the list of those the case declares; Space or Enter turns the selected one on or off, and the dashboard shows the case with it (alerts it avoids, days and cost it saves)",
                   inOverlay: true),
        KeyBinding(keys: [.character("t")], action: .nextTheme, footer: "t theme", keyLabel: "t", help: "next theme", inOverlay: true),
        KeyBinding(keys: [.character("\u{0C}")], action: .redraw, footer: nil, keyLabel: "Ctrl-L", help: "redraw the whole screen", inOverlay: true),
        KeyBinding(keys: [.character("?")], action: .help, footer: "? help", keyLabel: "?", help: "this help", inOverlay: true),
        KeyBinding(keys: [.character("q"), .interrupt], action: .quit, footer: "q quit", keyLabel: "q Ctrl-C", help: "quit", inOverlay: true),
    ]

    /// The action a key triggers, if any.
    public static func action(for key: Key, overlayOpen: Bool) -> Action? {
        all.first { $0.keys.contains(key) && (!overlayOpen || $0.inOverlay) }?.action
    }

    /// The action a key triggers in this state: while the screen is blanked, every key
    /// brings it back and does nothing else (Ctrl-C still quits).
    public static func action(for key: Key, in state: AppState, stamp: AnnotationStamp = .none) -> Action? {
        // The input line (or a delete's question) takes every key first.
        if state.annotations.input != nil || state.annotations.confirmingDelete != nil {
            return annotationAction(for: key, in: state, stamp: stamp)
        }
        // The patient list takes its keys (all of them while typing a search).
        if state.overlay == .patients, !state.blank, let a = patientListAction(for: key, typing: state.patientList.typing) { return a }
        // Enter in the list of annotations goes to the selected one's step.
        if state.overlay == .annotations, !state.blank, key == .enter { return .open }
        if state.blank { return key == .interrupt ? .quit : .unblank }
        // In the list of mechanisms, Space and Enter turn the selected one on or off.
        if state.overlay == .mechanisms, key == .character(" ") || key == .enter { return .toggleMechanism }
        return action(for: key, overlayOpen: state.overlay != nil)
    }

    /// Footer hints dropped first when the terminal is narrow.
    public static let footerDropOrder = ["m what-if", "A notes", "a note", "g/G ends", "j/k scroll", "t theme", "/ find", "b blank", "Tab focus", "Enter details", "[ ] patient", "s play", "Esc close"]

    /// Footer hints for the current context.
    public static func footer(overlayOpen: Bool) -> [String] {
        all.filter { overlayOpen ? $0.inOverlay : $0.action != .close }.compactMap(\.footer)
    }
}
