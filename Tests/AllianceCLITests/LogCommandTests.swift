import AllianceCore
import Foundation
import Testing

/// The fixtures the event-log tests share (Tests/AllianceLogsTests/Fixtures).
private let logFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("AllianceLogsTests/Fixtures")

private func fixture(_ name: String) -> String { logFixtures.appendingPathComponent(name).path }

@Suite("Event logs on the command line: import, open, report, check")
struct LogCommandTests {
    @Test func importingACSVLogWritesACaseThatCheckAccepts() throws {
        let dir = try temporaryDirectory()
        let out = dir.appendingPathComponent("care.yaml").path
        let log = fixture("small-care.csv")
        let run = try Run(["import", log, "-o", out])
        #expect(run.status == 0)
        #expect(run.stdout == "")
        // The naive timestamp is said once; no progress bar when standard error is not a terminal.
        #expect(run.stderr == "\(log): note: 1 timestamp without a UTC offset read as UTC (first on line 2)\n")
        let check = try Run(["check", out])
        #expect(check.status == 0)
        #expect(check.stdout == "\(out): ok (6 steps, 2 partners, 2 patients)\n")
        let model = try CaseFileDecoder().load(path: out)
        #expect(model.partners.map(\.id) == ["hospital", "gp"])
        #expect(model.partners.map { $0.actors.map(\.id) } == [["dr-ruiz"], ["dr-vidal"]])
        #expect(model.patients.map(\.id) == ["p1", "p2"])
        #expect(model.timeline.map { "\($0.patient!) \($0.activity!) \($0.time.iso8601)" } == [
            "p1 admission 2024-03-01T09:00:00Z",
            "p2 consultation 2024-03-02T08:00:00Z",
            "p1 discharge 2024-03-03T09:00:00Z",
            "p1 consultation 2024-03-04T09:00:00Z",
            "p2 admission 2024-03-05T08:00:00Z",
            "p2 discharge 2024-03-06T08:00:00Z",
        ])
    }

    @Test func importingAnXESLogWritesACaseThatCheckAccepts() throws {
        let dir = try temporaryDirectory()
        let out = dir.appendingPathComponent("tiny.yaml").path
        let run = try Run(["import", fixture("tiny.xes"), "-o", out])
        #expect(run.status == 0, "\(run.stderr)")
        let check = try Run(["check", out])
        #expect(check.status == 0)
        let model = try CaseFileDecoder().load(path: out)
        #expect(model.partners.map(\.id) == ["gp", "hospital", "oxygen-distributor", "caregiver"])
        #expect(model.patients.map(\.name) == ["patient-1", "patient-2"])
        // 09:00 at +01:00 is 08:00 UTC.
        #expect(model.timeline.first?.time.iso8601 == "2024-03-01T08:00:00Z")
        // The suggested mapping names the XES keys (the case is the trace's concept:name) and reads the log.
        let mapping = dir.appendingPathComponent("m.yaml").path
        #expect(try Run(["import", "--suggest-mapping", fixture("tiny.xes"), "-o", mapping]).status == 0)
        #expect(try String(contentsOfFile: mapping, encoding: .utf8).contains("""
            fields:
              case: "concept:name"
              activity: "concept:name"
              time: "time:timestamp"
              resource: "org:resource"
              partner: "org:group"
              role: "org:role"

            """))
        let again = try Run(["check", fixture("tiny.xes"), "--mapping", mapping])
        #expect(again.status == 0, "\(again.stderr)")
    }

    @Test func anOCELLogNeedsItsCaseObjectTypeFromAFlagOrTheMapping() throws {
        let log = fixture("tiny_ocel2.json")
        let without = try Run(["check", log])
        #expect(without.status == 65)
        #expect(without.stderr == "\(log): error: name the object type whose objects are the cases (the patients): --case-object-type TYPE, or case-object-type in the mapping's fields; the log's object types are: \"Patient\", \"Prescription\"\n")
        let dir = try temporaryDirectory()
        let mapping = dir.appendingPathComponent("m.yaml").path
        let suggest = try Run(["import", "--suggest-mapping", log, "--case-object-type", "Patient", "-o", mapping])
        #expect(suggest.status == 0)
        #expect(try String(contentsOfFile: mapping, encoding: .utf8).contains("fields:\n  case-object-type: \"Patient\"\n"))
        let out = dir.appendingPathComponent("c.yaml").path
        #expect(try Run(["import", log, "--mapping", mapping, "-o", out]).status == 0)
        let check = try Run(["check", out])
        #expect(check.stdout == "\(out): ok (2 steps, 2 partners, 1 patient)\n")
    }

    @Test func anOCELXMLLogImportsToTheSameCaseAsItsJSON() throws {
        // tiny_ocel2.xmlocel is PM4Py's XML export of tiny_ocel2.json.
        let dir = try temporaryDirectory()
        let fromXML = dir.appendingPathComponent("x.yaml").path, fromJSON = dir.appendingPathComponent("j.yaml").path
        let xml = fixture("tiny_ocel2.xmlocel")
        let importXML = try Run(["import", xml, "--case-object-type", "Patient", "-o", fromXML])
        #expect(importXML.status == 0, "\(importXML.stderr)")
        #expect(try Run(["import", fixture("tiny_ocel2.json"), "--case-object-type", "Patient", "-o", fromJSON]).status == 0)
        func body(_ path: String) throws -> String {
            // Without the lines that name the file the case came from.
            try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
                .filter { !$0.contains("tiny_ocel2.") }.joined(separator: "\n")
        }
        #expect(try body(fromXML) == body(fromJSON))
        #expect(try Run(["check", fromXML]).stdout == "\(fromXML): ok (2 steps, 2 partners, 1 patient)\n")
        // Directly, gzipped, and by content under another name with --format ocel.
        let check = try Run(["check", fixture("ocel20_example.xmlocel.gz"), "--case-object-type", "Invoice"])
        #expect(check.stdout == "\(fixture("ocel20_example.xmlocel.gz")): ok (event log: 9 steps, 1 partner, 3 patients)\n")
        let renamed = dir.appendingPathComponent("export.data").path
        try FileManager.default.copyItem(atPath: xml, toPath: renamed)
        let report = try Run(["report", renamed, "--log-format", "ocel", "--case-object-type", "Patient"])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.hasPrefix("Log metrics: export.data\n  2 events, 1 cases\n"))
        let wrongType = try Run(["check", xml, "--case-object-type", "Nurse"])
        #expect(wrongType.status == 65)
        #expect(wrongType.stderr == "\(xml):3:3 (byte 47): error: no object type \"Nurse\" (for the cases); the log's object types are: \"Patient\", \"Prescription\"\n")
    }

    @Test func checkReportAndSnapshotTakeALogDirectlyAndAgreeWithTheImportedCase() throws {
        let dir = try temporaryDirectory()
        let out = dir.appendingPathComponent("care.yaml").path
        let log = fixture("small-care.csv")
        #expect(try Run(["import", log, "-o", out]).status == 0)
        let check = try Run(["check", log])
        #expect(check.status == 0)
        #expect(check.stdout == "\(log): ok (event log: 6 steps, 2 partners, 2 patients)\n")
        // A log's report is its metrics; asked for a step, the analysis too, the same as the
        // imported case's.
        let metrics = try Run(["report", log])
        #expect(metrics.status == 0)
        #expect(metrics.stdout.hasPrefix("Log metrics: small-care.csv\n  6 events, 2 cases\n"))
        let fromLog = try Run(["report", log, "--format", "json", "--at", "6"])
        let fromCase = try Run(["report", out, "--format", "json", "--at", "6"])
        #expect(fromLog.status == 0)
        let both = try #require(try JSONSerialization.jsonObject(with: Data(fromLog.stdout.utf8)) as? [String: Any])
        #expect(Set(both.keys) == ["log", "analysis"])
        let analysis = try #require(both["analysis"] as? NSDictionary)
        let caseReport = try #require(try JSONSerialization.jsonObject(with: Data(fromCase.stdout.utf8)) as? NSDictionary)
        #expect(analysis == caseReport)
        #expect((analysis["case"] as? [String: Any])?["title"] as? String == "Event log small-care.csv")
        #expect((both["log"] as? [String: Any])?["events"] as? Int == 6)
        let snapshot = try Run(["snapshot", log, "--at", "3"])
        #expect(snapshot.status == 0)
        #expect(snapshot.stdout.contains("Event log small-care.csv"))
    }

    @Test func openTakesALogAndRefusesToWatchIt() throws {
        let log = fixture("small-care.csv")
        // The log was read and built; only the terminal is missing (69).
        let open = try Run(["open", log, "--at", "2"])
        #expect(open.status == 69, "\(open.stderr)")
        #expect(open.stderr.hasPrefix("\(log): note: 1 timestamp without a UTC offset read as UTC (first on line 2)\n"))
        let atTooFar = try Run(["open", log, "--at", "7"])
        #expect(atTooFar.status == 64)
        let watch = try Run(["open", log, "--watch"])
        #expect(watch.status == 64)
        #expect(watch.stderr == "error: --watch reads a case file again when it changes; an event log is read once (import it with `alliance import` to edit a case)\n")
    }

    @Test func aLogOnStandardInputNeedsItsFormat() throws {
        let csv = try String(contentsOfFile: fixture("small-care.csv"), encoding: .utf8)
        let check = try Run(["check", "-", "--format", "csv"], input: csv)
        #expect(check.status == 0)
        #expect(check.stdout == "<stdin>: ok (event log: 6 steps, 2 partners, 2 patients)\n")
        // `report` has its own --format (the report's): the log's is --log-format.
        let report = try Run(["report", "-", "--log-format", "csv", "--format", "text"], input: csv)
        #expect(report.status == 0)
        #expect(report.stdout.hasPrefix("Log metrics: <stdin>\n  6 events, 2 cases\n"))
        // Without a format, standard input is a case file.
        let asCase = try Run(["check", "-"], input: csv)
        #expect(asCase.status == 65)
    }

    @Test func theMappingAddsTheKnowledgeLayerToAnImportedLog() throws {
        let dir = try temporaryDirectory()
        let mapping = dir.appendingPathComponent("care.mapping.yaml")
        try """
            alliance-log-mapping: 1
            partners:
              - { log: GP, id: primary, name: Primary care }
            activities:
              - { log: Discharge, produces: [letter] }
              - { log: Consultation, consumes: [letter] }
            knowledge:
              - { id: letter, label: Discharge letter, needed-by: [{ partner: primary, for: [consultation] }] }
            handoffs:
              - { id: letter-to-gp, from: hospital, to: primary, knowledge: letter, trigger: [discharge], within: 1 }
            """.write(to: mapping, atomically: true, encoding: .utf8)
        let report = try Run(["report", fixture("small-care.csv"), "--mapping", mapping.path, "--format", "text"])
        #expect(report.status == 0, "\(report.stderr)")
        // p1's letter was never sent before the GP saw p1 (day 3): an uninformed action and an omitted handoff.
        #expect(report.stdout.contains("omitted-handoff"))
        #expect(report.stdout.contains("Discharge letter from Hospital to Primary care for p1 was due by day 3 and never sent"))
        #expect(report.stdout.contains("uninformed-action"))
    }

    @Test func aBrokenLogIsAnErrorWithItsLineAndExitStatus65() throws {
        let log = fixture("broken-quote.csv")
        for command in [["import", log], ["check", log], ["report", log]] {
            let run = try Run(command)
            #expect(run.status == 65, "\(command)")
            #expect(run.stdout == "")
            #expect(run.stderr == "\(log):3:4: error: unterminated quoted field: the quote opened here is never closed\n", "\(command)")
        }
    }

    @Test func aMissingLogExits66AndAMappingWithErrorsExits65WithItsLineAndColumn() throws {
        let missing = try Run(["import", "/nonexistent/log.csv"])
        #expect(missing.status == 66)
        #expect(missing.stderr == "/nonexistent/log.csv: error: no such file\n")
        let dir = try temporaryDirectory()
        let mapping = dir.appendingPathComponent("m.yaml")
        try "alliance-log-mapping: 1\nactivities:\n  - { log: Discharge, produces: [leter] }\n".write(to: mapping, atomically: true, encoding: .utf8)
        let run = try Run(["import", fixture("small-care.csv"), "--mapping", mapping.path])
        #expect(run.status == 65)
        #expect(run.stderr.hasSuffix("""
            \(mapping.path):3:33: error: unknown knowledge type 'leter' in 'produces'
             3 |   - { log: Discharge, produces: [leter] }
               |                                 ^

            """))
        // Log options on a case file are a usage error.
        let usage = try Run(["report", "--mapping", mapping.path])
        #expect(usage.status == 64)
        #expect(usage.stderr == "error: --mapping, --format and the column options apply to an event log; the built-in case is not a log\n")
    }

    @Test func suggestMappingListsFieldsPartnersAndActivitiesAndImportsAsIs() throws {
        let dir = try temporaryDirectory()
        let log = fixture("small-care.csv")
        let run = try Run(["import", "--suggest-mapping", log])
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let fields = lines.drop { $0 != "fields:" }.prefix { !$0.isEmpty }
        #expect(Array(fields) == ["fields:", "  case: \"case_id\"", "  activity: \"activity\"", "  time: \"timestamp\"",
                                  "  resource: \"resource\"", "  partner: \"org:group\""])
        #expect(lines.filter { $0.hasPrefix("  - { log:") } == [
            "  - { log: \"Hospital\", id: hospital, name: \"Hospital\" }  # 4 events",
            "  - { log: \"GP\", id: gp, name: \"GP\" }  # 2 events",
            "  - { log: \"Admission\", id: admission, label: \"Admission\" }  # 2 events",
            "  - { log: \"Discharge\", id: discharge, label: \"Discharge\" }  # 2 events",
            "  - { log: \"Consultation\", id: consultation, label: \"Consultation\" }  # 2 events",
        ])
        // The example handoff is the most frequent succession between partners (GP then Hospital
        // happens once, after a consultation; Hospital then GP once, after a discharge: the tie
        // goes to the first partner and activity).
        #expect(lines.contains("#   - { id: summary-to-gp, from: hospital, to: gp, knowledge: summary, trigger: [discharge], within: 2 }"))
        // Written as it is, the suggestion is a mapping that imports the log.
        let mapping = dir.appendingPathComponent("suggested.yaml")
        let out = dir.appendingPathComponent("case.yaml")
        #expect(try Run(["import", log, "--suggest-mapping", "-o", mapping.path]).status == 0)
        let imported = try Run(["import", log, "--mapping", mapping.path, "-o", out.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try Run(["check", out.path]).status == 0)
        // And with its template uncommented, the knowledge layer is valid for this log.
        var text = try String(contentsOf: mapping, encoding: .utf8)
        let start = text.range(of: "# patients:")!.lowerBound
        let template = text[start...].split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("# (") }
            .map { $0.hasPrefix("# ") ? String($0.dropFirst(2)) : String($0) }
            .joined(separator: "\n")
        text = String(text[..<start]) + template.replacingOccurrences(of: "owner: ROLE", with: "owner: gp")
        try text.write(to: mapping, atomically: true, encoding: .utf8)
        let withLayer = try Run(["check", log, "--mapping", mapping.path])
        #expect(withLayer.status == 0, "\(withLayer.stderr)")
    }

    @Test func aProgressBarIsDrawnOnATerminalAndClearedWhenDone() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { return }
        let dir = try temporaryDirectory()
        let out = dir.appendingPathComponent("care.yaml").path
        // `script` gives the command a terminal; the bar's delay is set to 0 for a small log.
        let command = "ALLIANCE_PROGRESS_DELAY=0 '\(Run.binary.path)' import '\(fixture("small-care.csv"))' -o '\(out)' 2>&1"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-q", "-e", "-c", command, "/dev/null"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let output = String(decoding: data, as: UTF8.self)
        #expect(process.terminationStatus == 0)
        // The bar, then the line cleared; then the notice (the terminal turns \n into \r\n).
        #expect(output.hasPrefix("\r[\(String(repeating: "█", count: 20))] 100%  "))
        #expect(output.contains("  reading small-care.csv\u{1B}[K\r\u{1B}[K\(fixture("small-care.csv")): note: "))
    }
}
