import AllianceCore

/// The room's annotations as the dashboard holds them: the list (as the journal has it, plus
/// changes not saved yet), which are unsaved, the journal's warning, the input line.
public struct AnnotationState: Equatable, Sendable {
    /// Annotations can be taken here: the room's screen with a journal. Followers and
    /// pictures (`alliance snapshot`) have none.
    public var enabled = false
    /// In the order they were added.
    public var list: [Annotation] = []
    /// Annotations whose latest change is not on disk yet.
    public var unsaved: Set<String> = []
    /// Why changes are not on disk (read-only, disk full, file gone), while any are not.
    public var warning: String?
    /// The open input line, if any: keys go to it.
    public var input: TextInput?
    /// The selected annotation in the list overlay (an index into `sorted`).
    public var cursor = 0
    /// The annotation "delete?" asks about.
    public var confirmingDelete: String?
    /// Where they are saved (the journal's path), for the list's last line.
    public var journal: String?
    /// `q` was pressed once with annotations unsaved: the next `q` quits.
    public var quitWarned = false

    public init() {}

    /// By step, then in the order they were added: how the list shows them.
    public var sorted: [Annotation] {
        list.enumerated().sorted { ($0.element.step, $0.offset) < ($1.element.step, $1.offset) }.map(\.element)
    }

    public func count(atStep k: Int) -> Int { list.reduce(0) { $0 + ($1.step == k ? 1 : 0) } }

    /// The selected annotation in the list, if any.
    public var selected: Annotation? {
        let s = sorted
        return s.indices.contains(cursor) ? s[cursor] : nil
    }
}

/// A one-line text field: text as grapheme clusters (an emoji or a letter with its combining
/// marks is one character for the cursor), the cursor between characters.
public struct TextInput: Equatable, Sendable {
    public enum Purpose: Equatable, Sendable {
        /// A new annotation for this step and the patient or partner in focus (when it was opened).
        case add(step: Int, patient: String?, partner: String?)
        case edit(id: String)
        /// The patient list's search text (never saved).
        case search
    }

    public var purpose: Purpose
    public private(set) var characters: [Character]
    /// 0…characters.count.
    public private(set) var cursor: Int
    /// The longest text kept, in UTF-8 bytes (it must fit one line of the session protocol).
    public static let maxBytes = 2_000

    public init(purpose: Purpose, text: String = "") {
        self.purpose = purpose
        characters = []
        cursor = 0
        insert(text)
    }

    public var text: String { String(characters) }

    /// Inserts text at the cursor: line breaks and tabs become spaces, control characters are
    /// dropped; what would pass `maxBytes` is left out.
    public mutating func insert(_ raw: String) {
        var insertion = Annotation.oneLine(raw)
        let room = TextInput.maxBytes - text.utf8.count
        guard room > 0, !insertion.isEmpty else { return }
        while insertion.utf8.count > room { insertion.removeLast() }
        // Re-segment: a combining mark typed after a letter joins it into one character.
        let before = String(characters[..<cursor]) + insertion
        let after = String(characters[cursor...])
        characters = Array(before + after)
        cursor = min(characters.count, before.count)
    }

    public mutating func apply(_ edit: TextEdit) {
        switch edit {
        case .insert(let s): insert(s)
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(characters.count, cursor + 1)
        case .home: cursor = 0
        case .end: cursor = characters.count
        case .backspace:
            guard cursor > 0 else { return }
            characters.remove(at: cursor - 1)
            cursor -= 1
        case .delete:
            guard cursor < characters.count else { return }
            characters.remove(at: cursor)
        case .cancel: break
        }
    }
}

/// What a key does in the input line.
public enum TextEdit: Equatable, Sendable {
    case insert(String)
    case left, right, home, end, backspace, delete
    /// Esc (or Ctrl-C): close the line, keep nothing.
    case cancel
}

/// An id and a time for a new change: the terminal loop makes one per key (random id, wall
/// clock), tests give fixed ones.
public struct AnnotationStamp: Equatable, Sendable {
    public var id: String
    public var at: String
    public init(id: String, at: String) {
        self.id = id
        self.at = at
    }
    public static let none = AnnotationStamp(id: "", at: "")
}

extension KeyBinding {
    /// The action for a key while the input line is open (or a delete waits for its answer).
    static func annotationAction(for key: Key, in state: AppState, stamp: AnnotationStamp) -> Action? {
        if state.annotations.confirmingDelete != nil {
            return key == .character("y") || key == .character("Y") ? .confirmDelete(at: stamp.at) : .cancelDelete
        }
        guard state.annotations.input != nil else { return nil }
        switch key {
        case .character(let c): return .textInput(.insert(String(c)))
        case .left: return .textInput(.left)
        case .right: return .textInput(.right)
        case .home: return .textInput(.home)
        case .end: return .textInput(.end)
        case .backspace: return .textInput(.backspace)
        case .delete: return .textInput(.delete)
        case .escape, .interrupt: return .textInput(.cancel)
        case .enter: return .confirmInput(id: stamp.id, at: stamp.at)
        case .tab: return .textInput(.insert(" "))
        case .up, .down, .pageUp, .pageDown, .backTab, .function: return nil
        }
    }
}

extension Reducer {
    /// Annotation actions, and every key while the input line is open or a delete waits for
    /// its answer; nil when the action is not theirs (the dashboard reduces it as usual).
    static func reduceAnnotations(_ s: inout AppState, _ action: Action) -> Effect?? {
        var a = s.annotations
        defer { s.annotations = a }
        switch action {
        case .annotate:
            guard a.enabled else {
                s.notice = "Annotations are taken on the room's screen, not here."
                return .some(nil)
            }
            s.playing = false
            a.confirmingDelete = nil
            a.input = TextInput(purpose: focusPurpose(s))
        case .annotationList:
            guard a.enabled else {
                s.notice = "Annotations are taken on the room's screen, not here."
                return .some(nil)
            }
            s.playing = false
            let sorted = a.sorted
            a.cursor = sorted.lastIndex { $0.step <= s.step } ?? 0
            s.overlay = .annotations
            s.overlayScroll = 0
        case .textInput(let edit):
            guard var input = a.input else { return .some(nil) }
            if edit == .cancel {
                a.input = nil
                s.notice = "Annotation cancelled: nothing saved."
            } else {
                input.apply(edit)
                a.input = input
            }
        case .confirmInput(let id, let at):
            guard let input = a.input else { return .some(nil) }
            a.input = nil
            let text = Annotation.cleanText(input.text)
            switch input.purpose {
            case .add(let step, let patient, let partner):
                guard !text.isEmpty else {
                    s.notice = "Empty annotation: nothing saved."
                    return .some(nil)
                }
                let new = Annotation(id: id, step: step, patient: patient, partner: partner, text: text, created: at)
                return .some(change(&a, .add(new)))
            case .search:
                return .some(nil)
            case .edit(let target):
                guard let old = a.list.first(where: { $0.id == target }) else { return .some(nil) }
                guard !text.isEmpty else {
                    s.notice = "An annotation cannot be empty: to remove it, press x in the list."
                    return .some(nil)
                }
                guard text != old.text else { return .some(nil) }
                return .some(change(&a, .edit(id: target, text: text, at: at)))
            }
        case .addAnnotation(let text, let id, let at):
            let clean = Annotation.cleanText(text)
            guard a.enabled, !clean.isEmpty else { return .some(nil) }
            let focus = s.analysis.model.patients.indices.contains(s.patient) ? s.analysis.model.patients[s.patient].id : nil
            return .some(change(&a, .add(Annotation(id: id, step: s.step, patient: focus, text: clean, created: at))))
        case .editAnnotation:
            guard s.overlay == .annotations, let target = a.selected else { return .some(nil) }
            a.input = TextInput(purpose: .edit(id: target.id), text: target.text)
        case .deleteAnnotation:
            guard s.overlay == .annotations, let target = a.selected else { return .some(nil) }
            a.confirmingDelete = target.id
        case .confirmDelete(let at):
            guard let target = a.confirmingDelete else { return .some(nil) }
            a.confirmingDelete = nil
            a.cursor = max(0, min(a.cursor, a.list.count - 2))
            s.notice = "Annotation deleted."
            return .some(change(&a, .delete(id: target, at: at)))
        case .cancelDelete:
            a.confirmingDelete = nil
            s.notice = "Kept."
        case .quit where !a.unsaved.isEmpty && !a.quitWarned:
            // Never dropped silently: say so once; a second q quits (and prints them).
            a.quitWarned = true
            let n = a.unsaved.count
            s.notice = "\(n) annotation\(n == 1 ? " is" : "s are") not saved: q again quits and prints \(n == 1 ? "it" : "them") on the terminal"
        default:
            // Anything else while typing (a presenter's step, a tick, a resize) is the dashboard's.
            return nil
        }
        return .some(nil)
    }

    /// Applies a change to the list and asks the loop to journal it.
    private static func change(_ a: inout AnnotationState, _ c: AnnotationChange) -> Effect {
        AnnotationJournal.apply(c, to: &a.list)
        a.unsaved.insert(c.id)
        return .journal(c)
    }

    /// The current step and the patient or partner in focus: the partner when the partner
    /// panel has the focus, else the selected patient.
    static func focusPurpose(_ s: AppState) -> TextInput.Purpose {
        let model = s.analysis.model
        if s.focus == .partners, model.partners.indices.contains(s.partnerCursor) {
            return .add(step: s.step, patient: nil, partner: model.partners[s.partnerCursor].id)
        }
        return .add(step: s.step, patient: model.patients.indices.contains(s.patient) ? model.patients[s.patient].id : nil, partner: nil)
    }

    /// Keys in the list overlay: move, Enter jumps to the annotation's step (and its patient or partner).
    static func reduceAnnotationOverlay(_ s: inout AppState, _ action: Action) -> Bool {
        let count = s.annotations.list.count
        switch action {
        case .scrollUp: s.annotations.cursor = max(0, s.annotations.cursor - 1)
        case .scrollDown: s.annotations.cursor = min(max(0, count - 1), s.annotations.cursor + 1)
        case .pageUp: s.annotations.cursor = max(0, s.annotations.cursor - 10)
        case .pageDown: s.annotations.cursor = min(max(0, count - 1), s.annotations.cursor + 10)
        case .open:
            guard let target = s.annotations.selected else { s.overlay = nil; return true }
            s.overlay = nil
            goToAnnotation(&s, target)
        default: return false
        }
        return true
    }
}
