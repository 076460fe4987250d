import AllianceCore
import Foundation
import Testing

/// Usage mistakes are reported as such, before anything needs a terminal; help fits 80 columns.
@Suite("Command-line usage, errors first")
struct CommandLineUsageTests {
    /// No terminal here (standard input is /dev/null, output a pipe): argument and file
    /// errors must still win over "no terminal" (69).
    @Test func argumentAndFileErrorsComeBeforeTheTerminalCheck() throws {
        let outOfRange = try Run(["open", "--at", "99"])
        #expect(outOfRange.status == 64)
        #expect(outOfRange.stderr == "error: step 99 is out of range: the built-in case has steps 0 to \(BuiltinCase.model.timeline.count)\n")
        let missing = try Run(["open", "nosuch.yaml"])
        #expect(missing.status == 66)
        #expect(missing.stderr == "nosuch.yaml: error: no such file\n")
        let noPatient = try Run(["open", "--patient", "jaon"])
        #expect(noPatient.status == 64)
        #expect(noPatient.stderr.hasPrefix("error: no patient 'jaon' (did you mean 'joan'?)"))
        // With nothing wrong in the arguments, the missing terminal is what is reported.
        let fine = try Run(["open", "--at", "3"])
        #expect(fine.status == 69)
    }

    @Test func negativeStepSaysWhichRangeIsValid() throws {
        let n = BuiltinCase.model.timeline.count
        for command in ["open", "snapshot", "report"] {
            let run = try Run([command, "--at", "-1"])
            #expect(run.status == 64, "\(command)")
            #expect(run.stderr == "error: step -1 is out of range: the built-in case has steps 0 to \(n)\n", "\(command)")
        }
    }

    @Test func aMistypedCommandIsNamed() throws {
        let run = try Run(["reprot"])
        #expect(run.status == 64)
        #expect(run.stderr == """
            error: 'reprot' is not a command, and no file has that name (did you mean `report`?)
            The commands are: open, presenter, follow, new, import, report, snapshot, check, example, themes, generate. See `alliance --help`.

            """)
        // A word far from every command is taken as a missing file.
        let file = try Run(["zzzzzz"])
        #expect(file.status == 66)
        #expect(file.stderr == "zzzzzz: error: no such file\n")
    }

    @Test func aFileNamedLikeACommandIsStillOpened() throws {
        let dir = try temporaryDirectory()
        try BuiltinCase.yaml.write(to: dir.appendingPathComponent("reprot"), atomically: true, encoding: .utf8)
        let run = try Run(["snapshot", "reprot", "--at", "1"], in: dir)
        #expect(run.status == 0)
        let open = try Run(["reprot"], in: dir)
        #expect(open.status == 69)  // the file was loaded; only the terminal is missing
    }

    @Test func checkReadsStandardInput() throws {
        let good = try Run(["check", "-"], input: BuiltinCase.yaml)
        #expect(good.status == 0)
        #expect(good.stdout == "<stdin>: ok (\(BuiltinCase.model.timeline.count) steps, 4 partners, 3 patients)\n")
        let bad = try Run(["check", "-"], input: "alliance-case: 1\ncase: [1]\n")
        #expect(bad.status == 65)
        #expect(bad.stderr.hasPrefix("<stdin>:1:1: error: missing required key 'partners' in the case file\n"))
        #expect(bad.stderr.hasSuffix("<stdin>: \(bad.stderr.components(separatedBy: ": error:").count - 1) errors\n"))
        let report = try Run(["report", "-", "--at", "2"], input: BuiltinCase.yaml)
        let builtIn = try Run(["report", "--at", "2"])
        #expect(report.status == 0)
        #expect(report.stdout == builtIn.stdout)
    }

    @Test func snapshotBelowTheMinimumShowsTheTooSmallScreenAndSaysSo() throws {
        let run = try Run(["snapshot", "--size", "60x12"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("Terminal too small: need 80×24"))
        #expect(run.stdout.contains("(now 60×12)"))
        #expect(run.stderr == "alliance: 60x12 is below the dashboard's minimum of 80x24: the frame shows the \"Terminal too small\" screen\n")
        let ok = try Run(["snapshot", "--size", "80x24"])
        #expect(ok.stderr.isEmpty)
    }

    /// Help is read in 80-column terminals: no line wider, and no paragraph broken by a
    /// hard line break in the middle of a sentence (which leaves a stub line behind).
    @Test func helpFitsEightyColumns() throws {
        for command in [[], ["open"], ["report"], ["snapshot"], ["check"], ["import"], ["example"], ["themes"], ["generate"]] {
            let run = try Run(command + ["--help"], environment: ["COLUMNS": "80"])
            #expect(run.status == 0)
            let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for (i, line) in lines.enumerated() {
                #expect(line.count <= 80, "alliance \(command) --help, line \(i + 1) is \(line.count) wide: \(line)")
                // A prose line followed directly by another prose line was filled to the wrap
                // width (79); a short one means the source broke the paragraph by hand.
                guard i + 1 < lines.count, !line.hasPrefix(" "), !line.hasSuffix(":"), !line.isEmpty,
                      !lines[i + 1].isEmpty, !lines[i + 1].hasPrefix(" ") else { continue }
                let nextWord = lines[i + 1].split(separator: " ").first.map(String.init) ?? ""
                #expect(line.count + 1 + nextWord.count >= 80, "alliance \(command) --help, line \(i + 1) breaks early: \(line)")
            }
        }
    }
}
