import Foundation
import Testing
@testable import AllianceLogs

@Suite struct OCELLogReaderTests {
    @Test func readsTinyWithThePatientType() throws {
        let options = EventLogReadOptions(fields: EventLogFields(caseObjectType: "Patient"))
        let log = try EventLogReader.read(path: LogFixtures.path("tiny_ocel2.json"), options: options)
        #expect(log.format == .ocel)
        #expect(LogFixtures.rows(log) == [
            "pat-1|GP oxygen prescription|Dr Martin|GP|-|1709283600000",
            "pat-1|Install concentrator|Tech Ana|OxygenDistributor|-|1709632800000",
        ])
        #expect(log.notices == [])
    }

    @Test func severalObjectTypesNeedAChoice() throws {
        let path = LogFixtures.path("tiny_ocel2.json")
        #expect(LogFixtures.readError(path)
            == "\(path): error: name the object type whose objects are the cases (the patients): --case-object-type TYPE, or case-object-type in the mapping's fields; the log's object types are: \"Patient\", \"Prescription\"")
        #expect(LogFixtures.readError(path, options: EventLogReadOptions(fields: EventLogFields(caseObjectType: "Nurse")))
            == "\(path): error: no object type \"Nurse\" (for the cases); the log's object types are: \"Patient\", \"Prescription\"")
    }

    @Test func readsTheOCELExampleWithAPartnerObjectType() throws {
        // Checked with Python's json module: e5…e13 relate to an Invoice, e1…e4 to none.
        let options = EventLogReadOptions(fields: EventLogFields(caseObjectType: "Invoice", partnerObjectType: "Purchase Order"))
        let log = try EventLogReader.read(path: LogFixtures.path("ocel20_example.jsonocel"), options: options)
        #expect(log.count == 9)
        #expect(log.cases.names == ["R1", "R2", "R3"])
        let rows = LogFixtures.rows(log)
        #expect(rows[0] == "R1|Insert Invoice|-|PO1|-|1642158000000")
        #expect(rows[5] == "R3|Create Purchase Order|-|PO2|-|1643817600000")
        #expect(rows[8] == "R3|Insert Payment|-|-|-|1646085600000")
        #expect(log.notices == [
            "skipped 4 events related to no \"Invoice\" object or without a type or time: \"e1\", \"e2\", \"e3\", \"e4\""
        ])
    }

    @Test func oneEventPerRelatedCaseAndNumbersAsText() throws {
        let json = """
            {"objectTypes": [{"name": "P"}, {"name": "Org"}],
             "objects": [{"id": "p1", "type": "P"}, {"id": "p2", "type": "P"},
                         {"id": "o1", "type": "Org", "attributes": [{"name": "label", "time": "2024-01-01T00:00:00Z", "value": "Old"},
                                                                    {"name": "label", "time": "2024-02-01T00:00:00Z", "value": 7}]}],
             "events": [{"id": 1, "type": "visit", "time": "2024-03-01T10:00:00",
                         "attributes": [{"name": "org:resource", "value": 42}],
                         "relationships": [{"objectId": "p2"}, {"objectId": "o1"}, {"objectId": "p1"}]}]}
            """
        let path = try LogFixtures.temporary("o.jsonocel", json)
        let options = EventLogReadOptions(fields: EventLogFields(partnerKey: "label", caseObjectType: "P", partnerObjectType: "Org"))
        let log = try EventLogReader.read(path: path, options: options)
        #expect(LogFixtures.rows(log) == ["p2|visit|42|7|-|1709287200000", "p1|visit|42|7|-|1709287200000"])
        #expect(log.notices == ["1 time without a UTC offset read as UTC (first in event \"1\")"])
    }

    @Test func badOCEL() throws {
        let broken = try LogFixtures.temporary("b.json", "{\"objectTypes\": [],\n \"events\": [\n  {\"id\": \"e1\",]\n}")
        #expect(LogFixtures.readError(broken) == "\(broken):3:15 (byte 47): error: not valid JSON: Invalid value around character 47.")
        let empty = try LogFixtures.temporary("e.jsonocel", "  \n")
        #expect(LogFixtures.readError(empty) == "\(empty): error: the file is empty: expected an OCEL 2.0 JSON log")
        let notOCEL = try LogFixtures.temporary("n.json", "{\"name\": 1}")
        #expect(LogFixtures.readError(notOCEL) == "\(notOCEL): error: not an OCEL 2.0 log: no \"events\" array (found keys: name)")
        let badTime = try LogFixtures.temporary("t.json", """
            {"objectTypes": [{"name": "P"}], "objects": [{"id": "p", "type": "P"}],
             "events": [{"id": "e1", "type": "a", "time": "soon", "relationships": [{"objectId": "p"}]}]}
            """)
        #expect(LogFixtures.readError(badTime)
            == "\(badTime): error: event \"e1\": cannot read \"soon\" as a time (expected ISO 8601, e.g. 2022-01-09T14:00:00+00:00)")
        // As in OCEL XML: an event needs a time, and its related objects must be in the log.
        let noTime = try LogFixtures.temporary("nt.json", """
            {"objectTypes": [{"name": "P"}], "objects": [{"id": "p", "type": "P"}],
             "events": [{"id": "e1", "type": "a", "relationships": [{"objectId": "p"}]}]}
            """)
        #expect(LogFixtures.readError(noTime) == "\(noTime): error: event \"e1\": no time (an OCEL 2.0 event must have one)")
        let dangling = try LogFixtures.temporary("d.json", """
            {"objectTypes": [{"name": "P"}], "objects": [{"id": "p", "type": "P"}],
             "events": [{"id": "e1", "type": "a", "time": "2024-01-01T00:00:00Z", "relationships": [{"objectId": "p"}, {"objectId": "q"}]}]}
            """)
        #expect(LogFixtures.readError(dangling)
            == "\(dangling): error: event \"e1\": related to object \"q\", which the log does not declare (no object with that id)")
    }
}

@Suite struct EventLogReaderTests {
    @Test func formatFromExtensionAndContent() throws {
        #expect(EventLogReader.format(ofExtension: "a/b.XES.gz") == .xes)
        #expect(EventLogReader.format(ofExtension: "b.csv") == .csv)
        #expect(EventLogReader.format(ofExtension: "b.jsonocel") == .ocel)
        #expect(EventLogReader.format(ofExtension: "b.yaml") == nil)
        // Content: a CSV under another name.
        let csv = try LogFixtures.temporary("data.txt", "case_id,activity,timestamp\nc,a,2024-01-01\n")
        #expect(try EventLogReader.read(path: csv).format == .csv)
        #expect(EventLogReader.isEventLog(path: csv))
        let yaml = try LogFixtures.temporary("case.yaml", "case_id,activity,timestamp\n")
        #expect(!EventLogReader.isEventLog(path: yaml))
        let caseFile = try LogFixtures.temporary("case.txt", "alliance-case: 1\nname: x\n")
        #expect(!EventLogReader.isEventLog(path: caseFile))
        let xes = try LogFixtures.temporary("x.log", "<?xml version=\"1.0\"?>\n<log/>")
        #expect(EventLogReader.isEventLog(path: xes))
        #expect(EventLogReader.isEventLog(path: LogFixtures.path("receipt.csv.gz")))
        #expect(!EventLogReader.isEventLog(path: "/nonexistent/file"))
    }

    @Test func progressIsReported() throws {
        final class Calls: @unchecked Sendable { var values: [Int] = [] }
        let calls = Calls()
        let options = EventLogReadOptions(progress: { done, total in
            calls.values.append(done)
            #expect(total == 152_939)
        })
        _ = try EventLogReader.read(path: LogFixtures.path("receipt.csv.gz"), options: options)
        #expect(calls.values.last == 152_939)
    }

    @Test func missingFile() {
        #expect(LogFixtures.readError("/nonexistent/log.csv") == "/nonexistent/log.csv: error: cannot open: No such file or directory")
    }
}

@Suite struct StandardInputTests {
    @Test func readsGzippedCSVFromStandardInput() throws {
        // `-` reads file descriptor 0: point it at the fixture for the duration of the read.
        let fd = open(LogFixtures.path("receipt.csv.gz"), O_RDONLY)
        try #require(fd >= 0)
        let saved = dup(0)
        dup2(fd, 0)
        close(fd)
        defer {
            dup2(saved, 0)
            close(saved)
        }
        let log = try EventLogReader.read(path: "-")
        #expect(log.source == "<stdin>")
        #expect(log.format == .csv)
        #expect(log.count == 8577)
        #expect(log.cases.count == 1434)
    }
}
