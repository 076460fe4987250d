import AllianceCore
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Annotations in a real terminal: typed, confirmed, and still there after the program is
/// killed; a torn journal on open; sent from the presenter view.
@Suite("Annotations in a real terminal (tmux)", .serialized, .enabled(if: tmuxAvailable, "tmux is not on PATH"))
struct AnnotationEndToEndTests {
    static func builtinJournal(_ t: TmuxSession) -> URL {
        t.dir.appendingPathComponent("data/alliance/builtin.annotations.jsonl")
    }

    /// Type `a`, text, Enter; once the screen says it is saved, SIGKILL: the journal has it,
    /// and a new dashboard lists it.
    @Test func aConfirmedAnnotationSurvivesSIGKILL() throws {
        let t = try TmuxSession(arguments: "open")
        try t.waitFor(stepLabel(0))
        try t.keys("n", "n", "n")
        try t.waitFor(stepLabel(3))
        try t.keys("a")
        try t.waitFor("Note for step 3")
        let text = "La infermera no ho sabia: Café 👍"
        try t.keys("-l", text)
        try t.waitFor("Café 👍")
        // Enter right behind the text may be read as part of it (a burst): press until saved.
        let saved = try t.press("Enter", until: ["Annotation saved (step 3) in builtin.annotations.jsonl."])
        let screen = try t.screen()
        #expect(saved != nil, "no confirmation on screen:\n\(screen)")
        let pid = try #require(try t.programPID())
        #expect(kill(pid, SIGKILL) == 0)
        #expect(t.exitStatus() == 128 + SIGKILL, "killed by SIGKILL")
        let bytes = try [UInt8](Data(contentsOf: Self.builtinJournal(t)))
        let replay = AnnotationJournal.replay(bytes)
        #expect(replay.problems == [])
        let a = try #require(replay.annotations.first)
        #expect(replay.annotations.count == 1)
        #expect(a.text == text)
        #expect(a.step == 3)
        let model = BuiltinCase.model
        #expect(a.patient == model.patients[Analysis(validated: model).patient(atOrBefore: 3) ?? 0].id)
        #expect(a.created.count == 20 && a.created.hasSuffix("Z"), "\(a.created)")
        // A new dashboard replays it.
        try t.openWindow("again", arguments: "open")
        t.target = "e2e:again"
        try t.waitFor(stepLabel(0))
        try t.keys("A")
        let list = try t.waitFor("Annotations (1)")
        #expect(list.contains(text))
        #expect(list.contains("step 3 • day"))
    }

    /// A journal whose last line was torn by a crash: the dashboard opens, says so, and
    /// keeps the lines before it.
    @Test func aTornLastLineIsReportedOnOpen() throws {
        let dir = try temporaryDirectory()
        let example = try Run(["example"])
        let file = dir.appendingPathComponent("room.yaml")
        try example.stdout.write(to: file, atomically: true, encoding: .utf8)
        let kept = Annotation(id: "k1", step: 2, text: "Kept before the crash", created: "2026-11-29T08:00:00Z")
        let torn = AnnotationJournal.line(.add(Annotation(id: "k2", step: 4, text: "Lost in the crash", created: "2026-11-29T08:01:00Z")))
        try Data(AnnotationJournal.line(.add(kept)) + torn.prefix(25)).write(to: dir.appendingPathComponent("room.annotations.jsonl"))
        let t = try TmuxSession(arguments: "open '\(file.path)'")
        let screen = try t.waitFor("line 2 was cut short")
        #expect(screen.contains("Annotations journal room.annotations.jsonl: line 2 was cut short"))
        try t.keys("A")
        let list = try t.waitFor("Annotations (1)")
        #expect(list.contains("Kept before the crash"))
        #expect(!list.contains("Lost in the crash"))
    }

    /// A journal that cannot be written (here a directory stands where the file should be,
    /// which stops root too): the red warning, the annotation listed as unsaved, and the
    /// 5-second retry saves it once the way is clear, with no key pressed.
    @Test func anUnwritableJournalWarnsKeepsTheTextAndTheTimerRetrySavesIt() throws {
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("room.yaml")
        try (try Run(["example"])).stdout.write(to: file, atomically: true, encoding: .utf8)
        let journal = dir.appendingPathComponent("room.annotations.jsonl")
        try FileManager.default.createDirectory(at: journal, withIntermediateDirectories: false)
        let t = try TmuxSession(arguments: "open '\(file.path)' --at 2")
        try t.waitFor("Annotations journal room.annotations.jsonl could not be read (Is a directory)")
        try t.keys("a")
        try t.waitFor("Note for step 2")
        try t.keys("-l", "Keep me")
        try t.waitFor("Keep me")
        let warning = "▲ 1 annotation not saved (Is a directory); kept here, retrying every 5 s"
        #expect(try t.press("Enter", until: [warning]) != nil)
        try t.keys("A")
        let list = try t.waitFor("Annotations (1)")
        #expect(list.contains("▲ unsaved"))
        #expect(list.contains("Keep me"))
        try FileManager.default.removeItem(at: journal)
        try t.waitFor("Saved: the annotations that were waiting are on disk now.", timeout: 12)
        let replay = AnnotationJournal.replay(try [UInt8](Data(contentsOf: journal)))
        #expect(replay.annotations.map(\.text) == ["Keep me"])
        #expect(replay.problems == [])
        try t.waitForAbsence("▲ unsaved")
    }

    /// The presenter view's `a`: the room saves it in its journal, for the room's step.
    @Test func thePresenterViewAddsAnnotationsToTheRoomsJournal() throws {
        let t = try TmuxSession(arguments: "open --at 5")
        try t.waitFor(stepLabel(5))
        try t.openWindow("pres", arguments: "presenter")
        t.target = "e2e:pres"
        try t.waitFor("Room: step 5/34")
        try t.keys("a")
        try t.waitFor("Note for the room, step 5")
        try t.keys("-l", "From the presenter")
        try t.waitFor("From the presenter")
        let sent = try t.press("Enter", until: ["Annotation sent: the room saves it with step 5."])
        #expect(sent != nil)
        t.target = "e2e"
        try t.waitFor("Annotation saved (step 5)")
        let replay = AnnotationJournal.replay(try [UInt8](Data(contentsOf: Self.builtinJournal(t))))
        #expect(replay.annotations.map(\.text) == ["From the presenter"])
        #expect(replay.annotations.map(\.step) == [5])
    }
}

@Suite("Annotations in reports")
struct AnnotationReportTests {
    @Test func everyFormatListsTheJournalsAnnotationsUpToTheStep() throws {
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("room.yaml")
        try (try Run(["example"])).stdout.write(to: file, atomically: true, encoding: .utf8)
        let model = BuiltinCase.model
        let patient = model.patients[0], partner = model.partners[1]
        let lines = [
            AnnotationChange.add(Annotation(id: "a1", step: 3, patient: patient.id, text: "Nobody told the GP", created: "2026-11-29T08:00:00Z")),
            .add(Annotation(id: "a2", step: 1, partner: partner.id, text: "Who | owns this?", created: "2026-11-29T08:01:00Z")),
            .add(Annotation(id: "a3", step: 20, text: "Later", created: "2026-11-29T08:02:00Z")),
            .edit(id: "a1", text: "Nobody told the GP in time", at: "2026-11-29T08:05:00Z"),
        ].flatMap(AnnotationJournal.line)
        try Data(lines).write(to: dir.appendingPathComponent("room.annotations.jsonl"))
        let day3 = Analysis(validated: model).day(of: Analysis(validated: model).time(ofStep: 3))
        let day1 = Analysis(validated: model).day(of: Analysis(validated: model).time(ofStep: 1))

        let text = try Run(["report", file.path, "--at", "10"])
        #expect(text.status == 0 && text.stderr == "")
        #expect(text.stdout.hasSuffix("""
            Annotations: 2
            --------------

              step 1 (day \(day1)), \(partner.name), 2026-11-29T08:01:00Z: Who | owns this?
              step 3 (day \(day3)), \(patient.name), 2026-11-29T08:00:00Z (edited 2026-11-29T08:05:00Z): Nobody told the GP in time

            """), "\(text.stdout)")
        let md = try Run(["report", file.path, "--at", "10", "--format", "markdown"])
        #expect(md.stdout.contains("## Annotations: 2\n"))
        #expect(md.stdout.contains("Nobody told the GP in time"))
        let json = try Run(["report", file.path, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let notes = try #require(object["annotations"] as? [[String: Any]])
        #expect(notes.map { $0["id"] as? String } == ["a2", "a1", "a3"])
        #expect(notes[1]["text"] as? String == "Nobody told the GP in time")
        #expect(notes[1]["edited"] as? String == "2026-11-29T08:05:00Z")
        #expect(notes[1]["patient"] as? String == patient.id)
        #expect(notes[0]["partner"] as? String == partner.id)
        #expect(notes[1]["day"] as? Int == day3)
        // The HTML page lists them, escaped, and embeds them in its data.
        let html = try Run(["report", file.path, "--at", "10", "--format", "html"])
        #expect(html.status == 0)
        #expect(html.stdout.contains(#"<section id="annotations"><h2>Annotations</h2><ul>"#))
        #expect(html.stdout.contains("\(partner.name), 2026-11-29T08:01:00Z: </span>Who | owns this?</li>"))
        #expect(html.stdout.contains(##"<a href="#annotations">Annotations</a>"##))
        let embedded = try #require(html.stdout.range(of: #"id="alliance-data">"#).map { String(html.stdout[$0.upperBound...].prefix { $0 != "<" }) })
        #expect(embedded.contains("Nobody told the GP in time") && embedded.contains("\"annotations\""))
        #expect(!html.stdout.contains("Later"), "only up to the step")
        // Without a journal, no annotations key (and nothing else changes).
        let other = dir.appendingPathComponent("other.yaml")
        try (try Run(["example"])).stdout.write(to: other, atomically: true, encoding: .utf8)
        let plain = try Run(["report", other.path, "--format", "json"])
        #expect(!plain.stdout.contains("\"annotations\""))
    }

    @Test func aBrokenJournalIsReportedOnStandardError() throws {
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("room.yaml")
        try (try Run(["example"])).stdout.write(to: file, atomically: true, encoding: .utf8)
        let journal = dir.appendingPathComponent("room.annotations.jsonl")
        try Data(Array("garbage\n".utf8) + AnnotationJournal.line(.add(Annotation(id: "a", step: 2, text: "ok", created: "T")))).write(to: journal)
        let run = try Run(["report", file.path])
        #expect(run.status == 0)
        #expect(run.stderr == "alliance: \(journal.path): line 1 is not a readable change and is skipped\n")
        #expect(run.stdout.contains("  step 2 (day"))
    }
}
