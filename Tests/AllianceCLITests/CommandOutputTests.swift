import AllianceCore
import AllianceUI
import Foundation
import Testing

/// Golden files of command output (`Golden/`), rewritten like the UI snapshots: only with
/// `ALLIANCE_RECORD_SNAPSHOTS=1`, and every rewrite is reported as a test issue.
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func assert(_ text: String, named name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let file = directory.appendingPathComponent(name)
        let existing = try? String(contentsOf: file, encoding: .utf8)
        if ProcessInfo.processInfo.environment["ALLIANCE_RECORD_SNAPSHOTS"] == "1" {
            guard existing != text else { return }
            try text.write(to: file, atomically: true, encoding: .utf8)
            Issue.record("recorded golden file \(name); read its diff, then run without ALLIANCE_RECORD_SNAPSHOTS", sourceLocation: sourceLocation)
            return
        }
        guard let expected = existing else {
            Issue.record("no golden file \(name); run ALLIANCE_RECORD_SNAPSHOTS=1 swift test to record it", sourceLocation: sourceLocation)
            return
        }
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = text.split(separator: "\n", omittingEmptySubsequences: false)
        if let first = zip(e, a).enumerated().first(where: { $0.element.0 != $0.element.1 }) {
            Issue.record("\(name) differs at line \(first.offset + 1):\n  expected: \(first.element.0)\n  actual:   \(first.element.1)", sourceLocation: sourceLocation)
        } else if e.count != a.count {
            Issue.record("\(name): \(a.count) lines instead of \(e.count)", sourceLocation: sourceLocation)
        }
    }
}

/// Every command's exit status and whole output, for the commands that had no test.
@Suite("Commands: exit status and whole output")
struct CommandOutputTests {
    /// What `alliance snapshot` prints for a state: its rows without trailing blanks.
    static func frameText(_ grid: Grid) -> String {
        grid.textRows.map { row in
            var s = Substring(row)
            while s.last == " " { s = s.dropLast() }
            return String(s)
        }.joined(separator: "\n") + "\n"
    }

    static func write(_ text: String, _ name: String, in dir: URL) throws -> String {
        let file = dir.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    static let badTheme = "theme: 1\nname: bad\nroles:\n  alert-critcal: { bold: true }\n"
    static let badCase = "alliance-case: 1\ncase:\n  title: T\n  day-zero: 2024-01-01\npartners: []\n"

    @Test func themesListsTheBuiltInThemes() throws {
        let run = try Run(["themes"])
        #expect(run.status == 0)
        #expect(run.stderr == "")
        #expect(run.stdout == """
            default        Dark terminals; the terminal's own background and text colour.
            light          Dark text on white, for light terminals and bright rooms.
            high-contrast  Strong contrast and bold states, for washed-out projectors.
            monochrome     Attributes only, no colours; for printouts and colourless terminals.
            colorblind     The Okabe–Ito palette, distinct for colour-blind viewers; dark terminals.

            """)
    }

    @Test func generateIsDeterministicAndHasTheRequestedSize() throws {
        let first = try Run(["generate", "--patients", "5", "--steps", "60", "--seed", "3"])
        let again = try Run(["generate", "--patients", "5", "--steps", "60", "--seed", "3"])
        let otherSeed = try Run(["generate", "--patients", "5", "--steps", "60", "--seed", "4"])
        #expect(first.status == 0)
        #expect(first.stderr == "")
        #expect(first.stdout == again.stdout)
        #expect(first.stdout != otherSeed.stdout)
        let model = try CaseFileDecoder().decode(yaml: first.stdout, path: "generated.yaml")
        #expect(model.patients.count == 5)
        #expect(model.timeline.count == 60)
        #expect(model == SyntheticCase.make(patients: 5, steps: 60, seed: 3))
        // "About" the steps asked for: each patient gets steps / patients.
        let odd = try Run(["generate", "--patients", "7", "--steps", "100", "--seed", "1"])
        let oddModel = try CaseFileDecoder().decode(yaml: odd.stdout, path: "generated.yaml")
        #expect(oddModel.patients.count == 7)
        #expect((100 - 7 + 1...100).contains(oddModel.timeline.count))
        // The generated file passes `check`, through standard input.
        let check = try Run(["check", "-"], input: first.stdout)
        #expect(check.status == 0)
        #expect(check.stdout == "<stdin>: ok (60 steps, 3 partners, 5 patients)\n")
    }

    @Test func checkOnThemeFiles() throws {
        let dir = try temporaryDirectory()
        let good = try Self.write(try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Themes/light.yaml").standardized, encoding: .utf8), "good-theme.yaml", in: dir)
        let ok = try Run(["check", good])
        #expect(ok.status == 0)
        #expect(ok.stdout == "\(good): ok (theme 'light')\n")
        #expect(ok.stderr == "")
        let bad = try Self.write(Self.badTheme, "bad-theme.yaml", in: dir)
        let run = try Run(["check", bad])
        #expect(run.status == 65)
        #expect(run.stdout == "")
        #expect(run.stderr == """
            \(bad):4:3: error: unknown role 'alert-critcal' (did you mean 'alert-critical'?)
             4 |   alert-critcal: { bold: true }
               |   ^
            \(bad): 1 error

            """)
    }

    /// Several files: every file is checked, and the status is the worst one's (66, a file
    /// that cannot be read, beats 65, a file with errors, whatever their order).
    @Test func checkOnSeveralFilesExitsWithTheWorstStatus() throws {
        let dir = try temporaryDirectory()
        let example = try Run(["example"]).stdout
        let goodCase = try Self.write(example, "good.yaml", in: dir)
        let badTheme = try Self.write(Self.badTheme, "bad-theme.yaml", in: dir)
        let badCase = try Self.write(Self.badCase, "bad-case.yaml", in: dir)
        let missing = dir.appendingPathComponent("missing.yaml").path
        let okLine = "\(goodCase): ok (\(BuiltinCase.model.timeline.count) steps, 4 partners, 3 patients)\n"
        let themeErrors = """
            \(badTheme):4:3: error: unknown role 'alert-critcal' (did you mean 'alert-critical'?)
             4 |   alert-critcal: { bold: true }
               |   ^
            \(badTheme): 1 error

            """
        let caseErrors = """
            \(badCase):1:1: error: missing required key 'patients' in the case file
             1 | alliance-case: 1
               | ^
            \(badCase):1:1: error: missing required key 'activities' in the case file
             1 | alliance-case: 1
               | ^
            \(badCase):1:1: error: missing required key 'timeline' in the case file
             1 | alliance-case: 1
               | ^
            \(badCase):5:11: error: 'partners' needs at least one entry
             5 | partners: []
               |           ^
            \(badCase): 4 errors

            """
        let missingError = "\(missing): error: no such file\n"

        let allGood = try Run(["check", goodCase, goodCase])
        #expect(allGood.status == 0)
        #expect(allGood.stdout == okLine + okLine)
        #expect(allGood.stderr == "")

        let oneBad = try Run(["check", goodCase, badTheme, goodCase])
        #expect(oneBad.status == 65)
        #expect(oneBad.stdout == okLine + okLine)
        #expect(oneBad.stderr == themeErrors)

        let missingLast = try Run(["check", badTheme, goodCase, missing])
        #expect(missingLast.status == 66)
        #expect(missingLast.stdout == okLine)
        #expect(missingLast.stderr == themeErrors + missingError)

        let missingFirst = try Run(["check", missing, badCase, badTheme])
        #expect(missingFirst.status == 66)
        #expect(missingFirst.stdout == "")
        #expect(missingFirst.stderr == missingError + caseErrors + themeErrors)
    }

    /// `--at` takes a step's id as well as its number: the same report either way.
    @Test func reportAtAStepID() throws {
        let dir = try temporaryDirectory()
        let file = try Self.write("""
            alliance-case: 1
            case: { title: Steps with ids, day-zero: 2024-01-01 }
            partners:
              - { id: a, name: Alpha, actors: [{ id: a1, name: Ann, role: ra }] }
            patients:
              - { id: x, name: Xavi }
            activities:
              - { id: act, label: acts }
              - { id: look, label: looks }
            timeline:
              - { id: first-look, day: 0, patient: x, actor: a1, activity: look }
              - { id: the-act, day: 2, patient: x, actor: a1, activity: act }
              - { id: second-look, day: 5, patient: x, actor: a1, activity: look }

            """, "ids.yaml", in: dir)
        for (id, number) in [("first-look", 1), ("the-act", 2), ("second-look", 3)] {
            for format in ["json", "text"] {
                let byID = try Run(["report", file, "--at", id, "--format", format])
                let byNumber = try Run(["report", file, "--at", "\(number)", "--format", format])
                #expect(byID.status == 0)
                #expect(byID.stderr == "")
                #expect(byID.stdout == byNumber.stdout, "\(id) \(format)")
            }
            let json = try Run(["report", file, "--at", id, "--format", "json"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            #expect(object["step"] as? Int == number)
            let current = try #require(object["current"] as? [String: Any])
            #expect(current["id"] as? String == id)
        }
        let typo = try Run(["report", file, "--at", "the-akt"])
        #expect(typo.status == 64)
        #expect(typo.stdout == "")
        #expect(typo.stderr == "error: no step with id 'the-akt' in \(file) (did you mean 'the-act'?); give a step number from 0 to 3 or a step id\n")
    }

    /// `--patient` selects the patient: the frame is the dashboard's with that patient chosen.
    @Test func snapshotForAPatient() throws {
        let analysis = Analysis(validated: BuiltinCase.model)
        let step = 20
        var frames: [String] = []
        for (i, patient) in BuiltinCase.model.patients.enumerated() {
            let run = try Run(["snapshot", "--patient", patient.id, "--at", "\(step)", "--size", "100x30"])
            #expect(run.status == 0)
            #expect(run.stderr == "")
            let expected = Self.frameText(DashboardRenderer.render(AppState(analysis: analysis, step: step, patient: i)))
            #expect(run.stdout == expected, "\(patient.id)")
            #expect(run.stdout.contains("◆ \(patient.name)"), "\(patient.id)")
            frames.append(run.stdout)
        }
        #expect(Set(frames).count == BuiltinCase.model.patients.count)
    }

    @Test func snapshotForAnUnknownPatientIsAUsageError() throws {
        let run = try Run(["snapshot", "--patient", "mria"])
        #expect(run.status == 64)
        #expect(run.stdout == "")
        #expect(run.stderr == "error: no patient 'mria' (did you mean 'maria'?); the patients are joan, maria, pere\n")
        let far = try Run(["snapshot", "--patient", "zzz"])
        #expect(far.status == 64)
        #expect(far.stderr == "error: no patient 'zzz'; the patients are joan, maria, pere\n")
    }

    /// `--ascii`: not one byte above 127, the frame of the ASCII glyphs with accents dropped.
    @Test(arguments: ["100x30", "80x24", "40x10"])
    func snapshotInASCII(_ size: String) throws {
        let run = try Run(["snapshot", "--ascii", "--at", "19", "--size", size])
        #expect(run.status == 0)
        #expect(Array(run.stdout.utf8).filter { $0 > 127 }.isEmpty)
        let parts = size.split(separator: "x").map { Int($0)! }
        let app = AppState(analysis: Analysis(validated: BuiltinCase.model), step: 19, size: Size(width: parts[0], height: parts[1]))
        #expect(run.stdout == Self.frameText(DashboardRenderer.render(app, glyphs: .ascii).asciiOnly()))
        if size == "40x10" {
            #expect(run.stdout.contains("Terminal too small: need 80x24"))
            #expect(run.stderr == "alliance: 40x10 is below the dashboard's minimum of 80x24: the frame shows the \"Terminal too small\" screen\n")
        } else {
            #expect(run.stderr == "")
        }
    }

    /// Under NO_COLOR, `--ansi` writes attributes only: every SGR parameter is a reset or an
    /// attribute (bold 1, dim 2, underline 4, reverse 7), never a colour.
    @Test func snapshotANSIUnderNoColorHasAttributesOnly() throws {
        let run = try Run(["snapshot", "--ansi", "--at", "19", "--size", "80x24"], environment: ["NO_COLOR": "1"])
        #expect(run.status == 0)
        #expect(run.stderr == "")
        var parameters = Set<String>()
        var sequences = 0
        let text = run.stdout
        var i = text.startIndex
        while let esc = text[i...].firstIndex(of: "\u{1B}") {
            let rest = text[text.index(after: esc)...]
            guard rest.first == "[", let m = rest.firstIndex(of: "m") else {
                Issue.record("an escape that is not SGR: \(rest.prefix(10).debugDescription)")
                break
            }
            sequences += 1
            for p in rest[rest.index(after: rest.startIndex)..<m].split(separator: ";", omittingEmptySubsequences: false) { parameters.insert(String(p)) }
            i = text.index(after: m)
        }
        #expect(sequences > 50)
        #expect(parameters.isSubset(of: ["0", "1", "2", "4", "7"]), "\(parameters.sorted())")
        #expect(parameters.isSuperset(of: ["0", "1", "4", "7"]), "\(parameters.sorted())")
        try Golden.assert(run.stdout, named: "snapshot-ansi-no-color-80x24-step19.txt")
        // The same frame with colours has them.
        let colour = try Run(["snapshot", "--ansi", "--at", "19", "--size", "80x24"])
        #expect(colour.stdout.contains(";38;5;"))
    }
}
