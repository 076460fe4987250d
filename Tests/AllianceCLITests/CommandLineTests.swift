import AllianceCore
import Foundation
import Testing

/// Runs the built `alliance` binary, end to end.
struct Run {
    var status: Int32
    var stdout: String
    var stderr: String

    static var binary: URL {
        // The test bundle and the product live in the same build directory.
        var dir = Bundle.main.bundleURL
        if dir.pathExtension == "xctest" { dir.deleteLastPathComponent() }
        return dir.appendingPathComponent("alliance")
    }

    init(_ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil, input: String? = nil) throws {
        let process = Process()
        process.executableURL = Run.binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = nil  // tests say when they want it
        // No annotations journal of the user's (the built-in case's is under XDG_DATA_HOME).
        env["XDG_DATA_HOME"] = "/nonexistent/alliance-tests"
        env.merge(environment) { $1 }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let inputPipe = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : inputPipe
        try process.run()
        if let input {
            inputPipe.fileHandleForWriting.write(Data(input.utf8))
            try inputPipe.fileHandleForWriting.close()
        }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        status = process.terminationStatus
        stdout = String(decoding: o, as: UTF8.self)
        stderr = String(decoding: e, as: UTF8.self)
    }
}

func temporaryDirectory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("alliance-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

@Suite("The command line, end to end")
struct CommandLineTests {
    @Test func exampleIsAValidCaseWhoseReportEqualsTheBuiltIn() throws {
        let dir = try temporaryDirectory()
        let example = try Run(["example"])
        #expect(example.status == 0)
        let file = dir.appendingPathComponent("x.yaml")
        try example.stdout.write(to: file, atomically: true, encoding: .utf8)
        let check = try Run(["check", file.path])
        #expect(check.status == 0)
        #expect(check.stdout == "\(file.path): ok (\(BuiltinCase.model.timeline.count) steps, 4 partners, 3 patients)\n")
        for format in ["json", "text", "markdown"] {
            let fromFile = try Run(["report", file.path, "--format", format, "--at", "20"])
            let builtIn = try Run(["report", "--format", format, "--at", "20"])
            #expect(fromFile.status == 0)
            #expect(fromFile.stdout == builtIn.stdout)
            // What both say is pinned down too: read the golden file's diff when it changes.
            if format != "json" {
                try Golden.assert(builtIn.stdout, named: "report-builtin-step20.\(format == "text" ? "txt" : "md")")
            }
        }
    }

    /// The whole text and Markdown reports at the last step, where every kind of record is
    /// present (late handoffs, superseded ones, late routine steps, decisions taken late).
    @Test(arguments: ["text", "markdown"])
    func reportsAtTheLastStepMatchTheirGoldenFiles(format: String) throws {
        let run = try Run(["report", "--format", format])
        #expect(run.status == 0)
        #expect(run.stderr.isEmpty)
        try Golden.assert(run.stdout, named: "report-builtin-last.\(format == "text" ? "txt" : "md")")
    }

    /// The partner handoff network for Graphviz, and the HTML page, from the command line.
    @Test func reportFormatsDotAndHtml() throws {
        let dot = try Run(["report", "--format", "dot"])
        #expect(dot.status == 0)
        #expect(dot.stderr.isEmpty)
        try Golden.assert(dot.stdout, named: "report-builtin-last.dot")
        let early = try Run(["report", "--format", "dot", "--at", "14"])
        try Golden.assert(early.stdout, named: "report-builtin-step14.dot")
        let html = try Run(["report", "--format", "html", "--at", "20"])
        #expect(html.status == 0)
        #expect(html.stderr.isEmpty)
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\""))
        #expect(html.stdout.contains("Analysis after step 20 of 34"))
        #expect(html.stdout.contains("<script type=\"application/json\" id=\"alliance-data\">"))
        #expect(html.stdout.hasSuffix("</html>\n"))
    }

    @Test func checkReportsEveryProblemAndExits65() throws {
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("bad.yaml")
        try "alliance-case: 1\ncase:\n  title: T\n  day-zero: 2024-13-01\npartners: []\n".write(to: file, atomically: true, encoding: .utf8)
        let run = try Run(["check", file.path])
        #expect(run.status == 65)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == """
        \(file.path):1:1: error: missing required key 'patients' in the case file
         1 | alliance-case: 1
           | ^
        \(file.path):1:1: error: missing required key 'activities' in the case file
         1 | alliance-case: 1
           | ^
        \(file.path):1:1: error: missing required key 'timeline' in the case file
         1 | alliance-case: 1
           | ^
        \(file.path):4:13: error: expected 'day-zero' to be an ISO 8601 date or date-time such as 2024-01-08 or 2024-01-08T09:30:00Z, found '2024-13-01'
         4 |   day-zero: 2024-13-01
           |             ^
        \(file.path):5:11: error: 'partners' needs at least one entry
         5 | partners: []
           |           ^
        \(file.path): 5 errors

        """)
    }

    @Test func missingFilesAndBadBytesAreOneClearMessage() throws {
        let missing = try Run(["report", "/nonexistent/case.yaml"])
        #expect(missing.status == 66)
        #expect(missing.stderr == "/nonexistent/case.yaml: error: no such file\n")
        #expect(missing.stdout.isEmpty)

        let dir = try temporaryDirectory()
        let binary = dir.appendingPathComponent("binary.yaml")
        try Data([0xFF, 0xFE, 0x00, 0x41]).write(to: binary)
        let bad = try Run(["check", binary.path])
        #expect(bad.status == 66)
        #expect(bad.stderr.hasPrefix("\(binary.path): error: is not UTF-8 text"))

        let directory = try Run(["check", dir.path])
        #expect(directory.status == 66)
        #expect(directory.stderr.contains("is a directory"))
    }

    @Test func aStepOutOfRangeIsAUsageError() throws {
        let run = try Run(["report", "--at", "99"])
        #expect(run.status == 64)
        #expect(run.stderr == "error: step 99 is out of range: the built-in case has steps 0 to \(BuiltinCase.model.timeline.count)\n")
        let byID = try Run(["report", "--at", "no-such-step"])
        #expect(byID.status == 64)
    }

    @Test func helpOnEveryCommand() throws {
        for command in [[], ["report"], ["check"], ["example"], ["generate"]] {
            let run = try Run(command + ["--help"])
            #expect(run.status == 0)
            #expect(run.stdout.contains("USAGE:"))
        }
    }

    @Test func withoutATerminalTheDashboardSaysWhatToUseInstead() throws {
        for arguments in [[], ["open"]] {
            let run = try Run(arguments)
            #expect(run.status == 69)
            #expect(run.stdout.isEmpty)
            #expect(run.stderr == """
            alliance: cannot open the dashboard: standard input and output must be a terminal.
            Try `alliance report` for the analysis as text, or `alliance snapshot` for a picture of one step.

            """)
        }
    }

    @Test func snapshotRendersAFrameWithoutATerminal() throws {
        let run = try Run(["snapshot", "--at", "14", "--size", "100x30"])
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 31)  // 30 rows and the final newline
        #expect(lines[0].hasPrefix(" Home oxygen therapy in Barcelona"))
        #expect(run.stdout.contains("omitted-handoff"))
        let ansi = try Run(["snapshot", "--at", "14", "--ansi", "--theme", "colorblind"])
        #expect(ansi.stdout.contains("\u{1B}[0;"))
        let noColor = try Run(["snapshot", "--at", "14", "--ansi"], environment: ["NO_COLOR": "1"])
        #expect(!noColor.stdout.contains("38;5;"))
        let badSize = try Run(["snapshot", "--size", "big"])
        #expect(badSize.status == 64)
    }

    @Test func jsonReportHasTheDocumentedTopLevelKeys() throws {
        let run = try Run(["report", "--format", "json", "--at", "14"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        for key in ["format", "case", "step", "steps", "day", "date", "partners", "patients", "handoffs", "routines", "alerts", "metrics"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        let alerts = try #require(object["alerts"] as? [[String: Any]])
        let newest = try #require(alerts.first)
        #expect(newest["rule"] as? String == "omitted-handoff")
        #expect(newest["severity"] as? String == "critical")
        #expect(newest["patient"] as? String == "pere")
        #expect(newest["step"] as? Int == 14)
        #expect(newest["day"] as? Int == 31)
        #expect(newest["partners"] as? [String] == ["hospital", "primary"])
    }
}

@Suite("alliance new")
struct NewCommandTests {
    @Test func writesAStartingCaseThatChecksAndRefusesToOverwrite() throws {
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("my-case.yaml").path
        let first = try Run(["new", file, "--partners", "4", "--patients", "3"])
        #expect(first.status == 0)
        #expect(first.stdout.hasPrefix("Wrote \(file): 4 partners, 3 patients"))
        let check = try Run(["check", file])
        #expect(check.status == 0)
        #expect(check.stdout == "\(file): ok (18 steps, 4 partners, 3 patients)\n")
        let again = try Run(["new", file])
        #expect(again.status == 73)
        #expect(again.stderr == "error: \(file) exists; `alliance new` does not overwrite a file unless --force is given\n")
        #expect(try String(contentsOfFile: file, encoding: .utf8).contains("partner-4"), "untouched")
        let forced = try Run(["new", file, "--force"])
        #expect(forced.status == 0)
        #expect(try !String(contentsOfFile: file, encoding: .utf8).contains("partner-4"))
        let bad = try Run(["new", "--partners", "2"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--partners must be from 3 to 50 (the story needs three)"))
        let toStdout = try Run(["new"])
        #expect(toStdout.stdout.hasPrefix("# A new case for Alliance Dashboard."))
    }
}

@Suite("The HTML report with mechanisms")
struct HTMLMechanismsTests {
    @Test func theMechanismsAreComparedAndWithOneOnTheChartsDrawBoth() throws {
        let plain = try Run(["report", "--format", "html"])
        #expect(plain.status == 0)
        #expect(plain.stdout.contains(#"<section id="mechanisms"><h2>Mechanisms compared</h2>"#))
        // The same figures as `--compare`: the named reviewer saves the 46 days.
        #expect(plain.stdout.contains("<td>named-reviewer</td><td>Every prescription names its reviewer</td>"))
        #expect(plain.stdout.contains("<td>46 d, 239.20 EUR</td></tr>"))
        let with = try Run(["report", "--with", "named-reviewer", "--format", "html"])
        #expect(with.status == 0)
        #expect(with.stdout.contains("with Every prescription names its reviewer"))
        let table = try Run(["report", "--compare", "--format", "html"])
        #expect(table.status == 64)
        #expect(table.stderr == "error: --compare prints a table: use --format text, markdown or json\n")
    }
}
