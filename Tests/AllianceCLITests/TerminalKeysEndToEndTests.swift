import AllianceCore
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Keys, themes, overlays, TERM and the locale, end to end: the binary in a tmux pane, keys
/// sent as a terminal sends them, the screen read back. Every wait polls for the state it
/// expects (`waitFor`, `waitForAbsence`), never a fixed sleep.
@Suite("Keys, themes and overlays in a real terminal (tmux)", .serialized,
       .enabled(if: tmuxAvailable, "tmux is not on PATH: skipping the terminal end-to-end tests (a failure under CI)"))
struct TerminalKeysEndToEndTests {
    static let model = BuiltinCase.model
    static let analysis = Analysis(validated: BuiltinCase.model)
    static let n = model.timeline.count
    /// A step well inside the case, after several handoffs.
    static let step = 15

    /// The name of the patient of step k (the dashboard follows it).
    static func patientName(at k: Int) -> String {
        let id = model.timeline[k - 1].patient!
        return model.patients.first { $0.id == id }!.name
    }

    /// The help overlay's position label (`1-24 of 48`) in a 100×30 pane: 24 lines show.
    static func helpPosition(_ first: Int, of total: Int) -> String { "\(first)-\(min(total, first + 23)) of \(total)" }

    @Test func aThemeFileGivesItsNameToTheHeader() throws {
        let dir = try temporaryDirectory()
        let light = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Themes/light.yaml").standardized
        let text = try String(contentsOf: light, encoding: .utf8).replacingOccurrences(of: "name: light\n", with: "name: room-seven\n")
        #expect(text.contains("name: room-seven\n"))
        let file = dir.appendingPathComponent("room.yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let t = try TmuxSession(arguments: "--theme '\(file.path)'")
        let screen = try t.waitFor("theme room-seven")
        #expect(!screen.contains("Theme not loaded"))
        try t.keys("q")
        #expect(t.exitStatus() == 0)
        #expect(t.stderr == "")
    }

    /// `t` cycles the built-in themes; the header names the one in use.
    @Test func tCyclesThemes() throws {
        let t = try TmuxSession()
        try t.waitFor("theme default")
        try t.keys("t")
        try t.waitFor("theme light")
        try t.keys("t")
        try t.waitFor("theme high-contrast")
        try t.keys("t", "t", "t")
        try t.waitFor("theme default")
        try t.keys("q")
        #expect(t.exitStatus() == 0)
    }

    /// Under NO_COLOR the dashboard starts monochrome, and `t` says why themes do not apply.
    @Test func noColorThenTSaysColoursAreOff() throws {
        let t = try TmuxSession(environment: "NO_COLOR=1")
        try t.waitFor("theme monochrome")
        try t.keys("t")
        let screen = try t.waitFor("Colours are off (NO_COLOR is set): themes do not apply.")
        #expect(screen.contains("theme monochrome"))
        try t.keys("q")
        #expect(t.exitStatus() == 0)
    }

    /// Tab and Shift-Tab move the focus (the focused panel's title carries ◆), in the
    /// order patient → handoffs → alerts → partners → patient.
    @Test func tabAndShiftTabMoveTheFocus() throws {
        let t = try TmuxSession(arguments: "--at \(Self.step)")
        let patient = "┌◆ \(Self.patientName(at: Self.step))", flows = "┌◆ Handoffs & routines", alerts = "┌◆ Alerts"
        let partner = "┌◆ \(Self.model.partners[0].name)"
        var screen = try t.waitFor(patient)
        #expect(!screen.contains(flows) && !screen.contains(alerts))
        try t.keys("Tab")
        screen = try t.waitFor(flows)
        #expect(!screen.contains(patient))
        try t.keys("Tab")
        screen = try t.waitFor(alerts)
        #expect(!screen.contains(flows))
        try t.keys("Tab")
        screen = try t.waitFor(partner)
        #expect(!screen.contains(alerts))
        try t.keys("Tab")
        try t.waitFor(patient)
        try t.keys("BTab")
        screen = try t.waitFor(partner)
        #expect(!screen.contains(patient))
        try t.keys("BTab")
        try t.waitFor(alerts)
        try t.keys("q")
        #expect(t.exitStatus() == 0)
    }

    /// Enter opens the focused item: the step's record, the patient's handoffs, the
    /// selected partner. The overlays show names and labels, never ids.
    @Test func enterOpensTheFocusedItemsOverlay() throws {
        let t = try TmuxSession(arguments: "--at \(Self.step)")
        let name = Self.patientName(at: Self.step)
        try t.waitFor("┌◆ \(name)")
        try t.keys("Enter")
        try t.waitFor("Step \(Self.step) of \(Self.n)")
        try t.keys("Escape")
        try t.waitForAbsence("Esc close")

        // The handoffs panel: every handoff of the patient so far, by its knowledge's label.
        try t.keys("Tab")
        try t.waitFor("┌◆ Handoffs & routines")
        try t.keys("Enter")
        var screen = try t.waitFor("Handoffs of \(name)")
        let x = Self.model.patients.firstIndex { $0.name == name }!
        let handoffs = Self.analysis.state(at: Self.step).handoffs(patient: x)
        #expect(!handoffs.isEmpty)
        for (instance, _) in handoffs {
            let spec = Self.model.handoffs[instance.spec]
            let label = Self.model.knowledge.first { $0.id == spec.knowledge }!.label
            #expect(screen.contains("─\(label)─▷"), "\(label)")
            #expect(!screen.contains(spec.id), "the handoff's id \(spec.id) is shown")
        }
        #expect(screen.contains("triggered at step"))
        try t.keys("Escape")
        try t.waitForAbsence("Handoffs of \(name)")

        // The partners panel: j selects the second partner, Enter opens it.
        try t.keys("BTab")
        try t.waitFor("┌◆ \(name)")
        try t.keys("BTab")
        try t.waitFor("┌◆ \(Self.model.partners[0].name)")
        try t.keys("j")
        try t.keys("Enter")
        let second = Self.model.partners[1]
        screen = try t.waitFor("┌◆ \(second.name) ─")
        #expect(screen.contains("What it knows"))
        for actor in second.actors.prefix(2) {
            #expect(screen.contains("• \(actor.name) ("), "\(actor.name)")
            #expect(!screen.contains(actor.id + " "), "the actor's id \(actor.id) is shown")
        }
        try t.keys("q")
        #expect(t.exitStatus() == 0)
    }

    /// In the help overlay, Ctrl-D/Ctrl-U move ten lines and j/k one: the position label says
    /// so (PageDown/PageUp are the clicker's keys: they step, everywhere).
    @Test func pageKeysAndJKScrollTheHelp() throws {
        let t = try TmuxSession()
        try t.waitFor(stepLabel(0))
        try t.keys("?")
        // Settled: a frame still being written can show the title before the footer.
        let screen = try t.waitForSettled("Esc close")
        // The number of lines, read from the label ("1-24 of N").
        let label = try #require(screen.split(separator: "\n").first { $0.contains(" of ") && $0.contains("j/k scroll") })
        let total = try #require(label.split(separator: " ").firstIndex(of: "of").flatMap { Int(label.split(separator: " ")[$0 + 1]) })
        #expect(total >= 34)
        #expect(label.contains(Self.helpPosition(1, of: total)))
        try t.keys("C-d")
        try t.waitFor(Self.helpPosition(11, of: total))
        try t.keys("k")
        try t.waitFor(Self.helpPosition(10, of: total))
        try t.keys("j", "j")
        try t.waitFor(Self.helpPosition(12, of: total))
        try t.keys("C-u")
        try t.waitFor(Self.helpPosition(2, of: total))
        try t.keys("C-u")
        try t.waitFor(Self.helpPosition(1, of: total))
        try t.keys("q")
        #expect(t.exitStatus() == 0)
    }

    /// Home and End go to the first and last step; Backspace to the previous one.
    @Test func homeEndAndBackspace() throws {
        let t = try TmuxSession(arguments: "--at 5")
        try t.waitFor(stepLabel(5))
        try t.keys("End")
        try t.waitFor(stepLabel(Self.n))
        try t.keys("BSpace")
        try t.waitFor(stepLabel(Self.n - 1))
        try t.keys("Home")
        try t.waitFor(stepLabel(0))
        try t.keys("BSpace")  // nothing before the first step
        try t.keys("n")
        try t.waitFor(stepLabel(1))
        try t.keys("q")
        #expect(t.exitStatus() == 0)
    }

    /// A TERM that terminfo does not know: exit 69, and the message says what to use instead.
    @Test func anUnknownTermExits69() throws {
        let t = try TmuxSession(environment: "TERM=nosuch-terminal")
        #expect(t.exitStatus() == 69)
        #expect(t.stderr == """
            alliance: cannot open the dashboard: the terminal type 'nosuch-terminal' is not in the terminfo database.
            Try `alliance report` for the analysis as text, or `alliance snapshot` for a picture of one step.

            """)
        #expect(try t.terminalRestored())
    }

    /// The locale decides the glyphs: under C.UTF-8 box drawing and accents, under the C
    /// locale ASCII only (`alliance_locale_is_utf8` after `setlocale`, in the dashboard's
    /// own process, never the test runner's).
    @Test func theLocaleDecidesTheGlyphs() throws {
        let utf8 = try TmuxSession(arguments: "--at \(Self.step)")
        let unicodeScreen = try utf8.waitFor(stepLabel(Self.step))
        #expect(unicodeScreen.contains("┌"))
        #expect(unicodeScreen.contains("Núria") || unicodeScreen.contains("◆"))
        try utf8.keys("q")
        #expect(utf8.exitStatus() == 0)

        let c = try TmuxSession(arguments: "--at \(Self.step)", environment: "LANG=C LC_ALL=C")
        let asciiScreen = try c.waitFor("step \(Self.step)/")
        #expect(asciiScreen.contains("+ Primary care") || asciiScreen.contains("+="))
        let nonASCII = asciiScreen.unicodeScalars.filter { !$0.isASCII }.map(String.init)
        #expect(nonASCII == [], "\(asciiScreen)")
        try c.keys("q")
        #expect(c.exitStatus() == 0)
    }
}
