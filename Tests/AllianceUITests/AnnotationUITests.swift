import AllianceCore
import AllianceUI
import Testing

@Suite("Annotations in the dashboard: the input line, the list, the warning")
struct AnnotationUITests {
    static let stamp = AnnotationStamp(id: "n1", at: "2026-11-29T08:15:02Z")

    /// The room's state at step k with annotations on.
    static func room(step: Int, size: Size = Size(width: 100, height: 30)) -> AppState {
        var s = AppState.builtIn(step: step, size: size)
        s.annotations.enabled = true
        return s
    }

    /// Presses keys as the terminal loop does: through the bindings (the input line's first).
    @discardableResult
    static func press(_ s: inout AppState, _ keys: Key...) -> [Effect] {
        keys.compactMap { key in KeyBinding.action(for: key, in: s, stamp: stamp).flatMap { Reducer.reduce(&s, $0) } }
    }

    static func type(_ s: inout AppState, _ text: String) {
        for ch in text { press(&s, .character(ch)) }
    }

    @Test func aOpensTheInputLineAndKeysGoToItNotToTheDashboard() {
        var s = Self.room(step: 12)
        s.playing = true
        Self.press(&s, .character("a"))
        #expect(s.annotations.input != nil)
        #expect(!s.playing, "typing pauses autoplay")
        Self.type(&s, "nq? t")  // step, quit, help, theme keys: all text here
        Self.press(&s, .backspace, .left, .left, .right)
        #expect(s.annotations.input?.text == "nq? ")
        #expect(s.annotations.input?.cursor == 3)
        #expect(s.step == 12 && s.overlay == nil && s.themeIndex == 0)
    }

    @Test func cursorMovesByCharactersWithCombiningMarksAndEmoji() {
        var input = TextInput(purpose: .edit(id: "x"))
        // "e" then a combining acute typed on its own: one character, é.
        for piece in ["C", "a", "f", "e", "\u{301}", " ", "👨‍👩‍👧", "!"] { input.apply(.insert(piece)) }
        #expect(input.text == "Cafe\u{301} 👨‍👩‍👧!")
        #expect(input.characters.count == 7 && input.cursor == 7)
        input.apply(.left)
        input.apply(.backspace)  // the whole family emoji
        #expect(input.text == "Cafe\u{301} !" && input.cursor == 5)
        input.apply(.home)
        input.apply(.delete)
        #expect(input.text == "afe\u{301} !" && input.cursor == 0)
        input.apply(.right)
        input.apply(.right)
        input.apply(.right)
        input.apply(.backspace)  // é with its mark
        #expect(input.text == "af !" && input.cursor == 2)
        input.apply(.end)
        input.apply(.right)
        #expect(input.cursor == 4)
        input.apply(.home)
        input.apply(.left)
        input.apply(.backspace)
        #expect(input.cursor == 0 && input.text == "af !")
    }

    @Test func aPasteIsTextWithItsLineBreaksAsSpacesAndIsBounded() {
        var input = TextInput(purpose: .edit(id: "x"), text: "ab")
        input.apply(.left)
        input.apply(.insert("one\ntwo\r\nthree\tfour\u{1B}[31m"))
        #expect(input.text == "aone two  three four[31mb")
        #expect(input.cursor == input.characters.count - 1)
        var long = TextInput(purpose: .edit(id: "x"))
        long.apply(.insert(String(repeating: "é", count: 1_500)))  // 3,000 bytes: only 1,000 fit
        #expect(long.text.utf8.count == TextInput.maxBytes)
        #expect(long.characters.count == 1_000)
    }

    @Test func enterSavesForTheStepAndPatientOnScreenWhenItWasOpened() {
        var s = Self.room(step: 12)
        let patient = s.analysis.model.patients[s.patient].id
        Self.press(&s, .character("a"))
        Self.type(&s, "  The GP never saw it  ")
        Reducer.reduce(&s, .next)  // the presenter moves the room while the facilitator types
        #expect(s.step == 13 && s.annotations.input != nil)
        let effects = Self.press(&s, .enter)
        let expected = Annotation(id: "n1", step: 12, patient: patient, text: "The GP never saw it", created: "2026-11-29T08:15:02Z")
        #expect(effects == [.journal(.add(expected))])
        #expect(s.annotations.input == nil)
        #expect(s.annotations.list == [expected])
        #expect(s.annotations.unsaved == ["n1"], "unsaved until the journal says otherwise")
    }

    @Test func withThePartnerPanelFocusedItIsAboutThePartner() {
        var s = Self.room(step: 5)
        s.focus = .partners
        s.partnerCursor = 1
        Self.press(&s, .character("a"))
        Self.type(&s, "x")
        let effects = Self.press(&s, .enter)
        let a = Annotation(id: "n1", step: 5, partner: s.analysis.model.partners[1].id, text: "x", created: "2026-11-29T08:15:02Z")
        #expect(effects == [.journal(.add(a))])
    }

    @Test func escCancelsAndEmptyTextSavesNothing() {
        var s = Self.room(step: 3)
        Self.press(&s, .character("a"))
        Self.type(&s, "not this")
        #expect(Self.press(&s, .escape) == [])
        #expect(s.annotations.input == nil && s.annotations.list == [])
        #expect(s.notice == "Annotation cancelled: nothing saved.")
        Self.press(&s, .character("a"))
        Self.type(&s, "   ")
        #expect(Self.press(&s, .enter) == [])
        #expect(s.notice == "Empty annotation: nothing saved.")
        #expect(s.annotations.list == [])
    }

    static func withNotes() -> AppState {
        var s = room(step: 20)
        let patients = s.analysis.model.patients
        s.annotations.list = [
            Annotation(id: "b", step: 12, patient: patients[0].id, text: "Second at 12", created: "2026-11-29T08:20:00Z"),
            Annotation(id: "a", step: 3, patient: patients[1].id, text: "First, at step 3", created: "2026-11-29T08:10:00Z"),
            Annotation(id: "c", step: 12, partner: s.analysis.model.partners[2].id, text: "Third: Café 👍 e\u{301}", created: "2026-11-29T08:25:00Z",
                       edited: "2026-11-29T08:26:00Z"),
        ]
        s.annotations.unsaved = ["c"]
        return s
    }

    @Test func theListJumpsEditsAndDeletes() {
        var s = Self.withNotes()
        Self.press(&s, .character("A"))
        #expect(s.overlay == .annotations)
        #expect(s.annotations.sorted.map(\.id) == ["a", "b", "c"])
        #expect(s.annotations.cursor == 2, "starts at the last one at or before the step on screen")
        Self.press(&s, .up, .up, .up)
        #expect(s.annotations.cursor == 0)
        Self.press(&s, .enter)
        #expect(s.overlay == nil && s.step == 3)
        #expect(s.patient == 1, "its patient")
        // Edit: the input line starts with the text; Enter saves an edit.
        Self.press(&s, .character("A"))
        #expect(s.annotations.cursor == 0)
        Self.press(&s, .down, .character("e"))
        #expect(s.annotations.input?.text == "Second at 12")
        Self.press(&s, .end)
        Self.type(&s, "!")
        #expect(Self.press(&s, .enter) == [.journal(.edit(id: "b", text: "Second at 12!", at: "2026-11-29T08:15:02Z"))])
        #expect(s.annotations.list.first { $0.id == "b" }?.edited == "2026-11-29T08:15:02Z")
        // Delete asks first; any key but y keeps it.
        Self.press(&s, .character("x"))
        #expect(s.annotations.confirmingDelete == "b")
        #expect(Self.press(&s, .character("n")) == [])
        #expect(s.annotations.list.count == 3 && s.notice == "Kept." && s.overlay == .annotations)
        Self.press(&s, .delete)
        #expect(Self.press(&s, .character("y")) == [.journal(.delete(id: "b", at: "2026-11-29T08:15:02Z"))])
        #expect(s.annotations.list.map(\.id) == ["a", "c"])
    }

    @Test func quittingWithUnsavedAnnotationsAsksOnce() {
        var s = Self.withNotes()
        #expect(Self.press(&s, .character("q")) == [])
        #expect(s.notice == "1 annotation is not saved: q again quits and prints it on the terminal")
        #expect(Self.press(&s, .character("q")) == [.quit])
        var saved = Self.withNotes()
        saved.annotations.unsaved = []
        #expect(Self.press(&saved, .character("q")) == [.quit])
    }

    @Test func followersTakeNoAnnotations() {
        var s = AppState.builtIn(step: 4)
        #expect(Self.press(&s, .character("a")) == [])
        #expect(s.annotations.input == nil)
        #expect(s.notice == "Annotations are taken on the room's screen, not here.")
    }

    @Test func thePresentersAnnotationIsForTheRoomsStepAndPatient() {
        var s = Self.room(step: 7)
        let patient = s.analysis.model.patients[s.patient].id
        let effect = Reducer.reduce(&s, .addAnnotation(text: "from the\npresenter", id: "p1", at: "T"))
        #expect(effect == .journal(.add(Annotation(id: "p1", step: 7, patient: patient, text: "from the presenter", created: "T"))))
        #expect(s.annotations.list.count == 1)
    }

    @Test func theFooterCountsThisStepsAnnotationsAndShowsTheWarning() {
        var s = Self.withNotes()
        s.step = 12
        var footer = DashboardRenderer.render(s).textRows.last ?? ""
        #expect(footer.contains("A notes ✎2"))
        s.step = 13
        footer = DashboardRenderer.render(s).textRows.last ?? ""
        #expect(!footer.contains("✎"))
        s.annotations.warning = "1 annotation not saved (Permission denied); kept here, retrying every 5 s • opening x.jsonl"
        footer = DashboardRenderer.render(s).textRows.last ?? ""
        #expect(String(footer.reversed().drop { $0 == " " }.reversed())
            == " ▲ 1 annotation not saved (Permission denied); kept here, retrying every 5 s • opening x.jsonl")
    }

    @Test func snapshotsOfTheInputLineAndTheList() throws {
        var input = Self.room(step: 12)
        Self.press(&input, .character("a"))
        Self.type(&input, "The GP never got the home observations — Café 👍 e\u{301}")
        Self.press(&input, .left, .left, .left)
        try Snapshot.assert(Snapshot.document(DashboardRenderer.render(input), title: "annotation input line, step 12"),
                            named: "annotation-input-100x30.txt")
        var list = Self.withNotes()
        list.annotations.warning = "1 annotation not saved (No space left on device); kept here, retrying every 5 s • writing builtin.annotations.jsonl"
        Self.press(&list, .character("A"))
        try Snapshot.assert(Snapshot.document(DashboardRenderer.render(list), title: "annotations list, one unsaved"),
                            named: "annotation-list-100x30.txt")
    }
}
