import Foundation
import Testing
@testable import AllianceLogs

@Suite struct XESLogReaderTests {
    @Test func readsTiny() throws {
        let log = try EventLogReader.read(path: LogFixtures.path("tiny.xes"))
        #expect(log.format == .xes)
        #expect(log.count == 5)
        #expect(log.cases.names == ["patient-1", "patient-2"])
        // Values checked with Python's ElementTree and datetime.fromisoformat.
        let rows = LogFixtures.rows(log)
        #expect(rows[0] == "patient-1|GP consultation|Dr Martin|GP|GeneralPractitioner|1709280000000")
        #expect(rows[1] == "patient-1|Hospital admission|Dr Lee|Hospital|Pulmonologist|1709386200000")
        #expect(rows[4] == "patient-2|Daily care visit|Nurse Sam|Caregiver|-|1709535600000")
        #expect(log.lineOf[0] == 15)
        #expect(log.notices == [])
    }

    @Test func readsTinyMin() throws {
        let log = try EventLogReader.read(path: LogFixtures.path("tiny_min.xes"))
        #expect(LogFixtures.rows(log) == [
            "patient-1|GP referral to hospital|Dr Martin|GP|GeneralPractitioner|1709280000000",
            "patient-1|Hospital admission|Dr Lee|Hospital|Pulmonologist|1709386200000",
        ])
    }

    @Test func readsTheRunningExample() throws {
        let log = try EventLogReader.read(path: LogFixtures.path("running-example.xes"))
        #expect(log.count == 42)
        #expect(log.cases.count == 6)
        #expect(log.activities.count == 8)
        #expect(log.resources.names == ["Pete", "Mike", "Ellen", "Sara", "Sean", "Sue"])
        let rows = LogFixtures.rows(log)
        #expect(rows[0] == "3|register request|Pete|-|-|1293715920000")
        #expect(rows[1] == "3|examine casually|Mike|-|-|1293717960000")
        #expect(rows[41] == "4|reject request|Ellen|-|-|1294843440000")
    }

    @Test func gzippedXESByContent() throws {
        // Gzip is recognised by its magic bytes, and XES by its first byte, whatever the name.
        let xes = try Data(contentsOf: URL(fileURLWithPath: LogFixtures.path("tiny.xes")))
        let path = try LogFixtures.temporary("tiny.log", gzip(Array(xes)))
        let log = try EventLogReader.read(path: path)
        #expect(log.format == .xes)
        #expect(log.count == 5)
        #expect(EventLogReader.isEventLog(path: path))
    }

    static let lenient = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE log>
        <!-- a comment with <tags> inside -->
        <xes:log xes.version="1849-2016" xmlns:xes="http://www.xes-standard.org/">
          <xes:extension name="Concept" prefix="concept" uri="http://code.deckfour.org/xes/concept.xesext"/>
          <xes:global scope="event">
            <xes:string key="concept:name" value="DEFAULT"/>
            <xes:date key="time:timestamp" value="1970-01-01T00:00:00Z"/>
          </xes:global>
          <xes:string key="concept:name" value="the log"/>
          <?processing instruction?>
          <xes:trace>
            <xes:event>
              <xes:string key='concept:name' value='Tom &amp; Jerry &lt;3 &#233;&#x263A;'/>
              <xes:date key="time:timestamp" value="2024-03-01T09:00:00.123+01:00"/>
              <xes:float key="cost" value="nan"/>
              <xes:list key="items">
                <xes:values>
                  <xes:string key="concept:name" value="NESTED"/>
                  <xes:string key="org:group" value="NESTED"/>
                </xes:values>
              </xes:list>
              <xes:string key="org:group" value="GP"><xes:string key="org:group" value="NESTED"/></xes:string>
              <![CDATA[ <event> not an event </event> ]]>
            </xes:event>
            <xes:string key="concept:name" value="late case"/>
          </xes:trace>
          <xes:event>
            <xes:string key="case:concept:name" value="loose-1"/>
            <xes:string key="concept:name" value="b"/>
            <xes:date key="time:timestamp" value="2024-03-01T10:00:00"/>
          </xes:event>
          <xes:event>
            <xes:string key="concept:name" value="c"/>
            <xes:date key="time:timestamp" value="2024-03-01T11:00:00Z"/>
          </xes:event>
          <xes:trace>
            <xes:event><xes:string key="concept:name" value="no case"/><xes:date key="time:timestamp" value="2024-03-01T11:00:00Z"/></xes:event>
          </xes:trace>
          <xes:trace><xes:string key="concept:name" value="t3"/>
            <xes:event><xes:date key="time:timestamp" value="2024-03-01T11:00:00Z"/></xes:event>
            <xes:event/>
          </xes:trace>
        </xes:log>

        """

    @Test func lenientWhereRealFilesAre() throws {
        let path = try LogFixtures.temporary("lenient.xes", Self.lenient)
        let log = try EventLogReader.read(path: path)
        #expect(LogFixtures.rows(log) == [
            "late case|Tom & Jerry <3 é☺|-|GP|-|1709280000123",
            "loose-1|b|-|-|-|1709287200000",
            "the log|c|-|-|-|1709290800000",
        ])
        #expect(log.lineOf == [13, 28, 33])
        #expect(log.notices == [
            "1 event directly under <log> without a \"case:concept:name\" attribute put in one case \"the log\"",
            "skipped 3 events (1 without a case, 2 without an activity, 1 without a timestamp): lines 38, 41, 42",
            "1 timestamp without a UTC offset read as UTC (first on line 28)",
        ])
    }

    @Test func fieldsNameOtherKeys() throws {
        let path = LogFixtures.path("running-example.xes")
        let options = EventLogReadOptions(fields: EventLogFields(resourceKey: "Resource", partnerKey: "Costs"))
        let log = try EventLogReader.read(path: path, options: options)
        #expect(LogFixtures.rows(log)[0] == "3|register request|Pete|50|-|1293715920000")
        #expect(log.notices == [])
        let misspelt = try EventLogReader.read(path: path, options: EventLogReadOptions(fields: EventLogFields(partnerKey: "org:grop")))
        #expect(misspelt.notices == ["no event has the attribute \"org:grop\" named for the partner"])
    }

    // MARK: bad input

    @Test func truncatedXES() throws {
        let text = try String(contentsOfFile: LogFixtures.path("tiny.xes"), encoding: .utf8)
        let cut = String(text.prefix(1500))
        let path = try LogFixtures.temporary("cut.xes", cut)
        #expect(LogFixtures.readError(path) == "\(path):28:7 (byte 1467): error: truncated: the file ends inside this tag")
        let atTagEnd = String(text.prefix(text.range(of: "</trace>")!.upperBound.utf16Offset(in: text)))
        let path2 = try LogFixtures.temporary("cut2.xes", atTagEnd)
        #expect(LogFixtures.readError(path2)
            == "\(path2):39:11 (byte \(atTagEnd.utf8.count)): error: truncated: the file ends inside <log> (opened on line 2)")
    }

    @Test func mismatchedTags() throws {
        let path = try LogFixtures.temporary("m.xes", "<log>\n  <trace>\n    <event>\n  </trace>\n</log>\n")
        #expect(LogFixtures.readError(path) == "\(path):4:3 (byte 30): error: closing tag </trace> does not match <event> opened on line 3")
    }

    @Test func unreadableTime() throws {
        let path = try LogFixtures.temporary("t.xes", """
            <log><trace><string key="concept:name" value="c"/>
            <event><string key="concept:name" value="a"/><date key="time:timestamp" value="yesterday"/></event>
            </trace></log>
            """)
        #expect(LogFixtures.readError(path)
            == "\(path):2:46 (byte 96): error: attribute \"time:timestamp\": cannot read \"yesterday\" as a time (expected xs:dateTime, e.g. 2011-10-11T13:45:40.276+02:00)")
    }

    @Test func nonUTF8Value() throws {
        var bytes = Array("<log><trace><string key=\"concept:name\" value=\"caf".utf8)
        bytes.append(0xE9)
        bytes += Array("\"/></trace></log>".utf8)
        let path = try LogFixtures.temporary("l.xes", bytes)
        #expect(LogFixtures.readError(path)
            == "\(path):1:47 (byte 46): error: invalid UTF-8 in the value of \"concept:name\"; the file must be UTF-8 encoded")
    }

    @Test func emptyAndNotXES() throws {
        let empty = try LogFixtures.temporary("e.xes", "")
        #expect(LogFixtures.readError(empty) == "\(empty): error: the file is empty: expected an XES log")
        let html = try LogFixtures.temporary("h.xes", "<html><body/></html>")
        #expect(LogFixtures.readError(html) == "\(html):1:1 (byte 0): error: not an XES log: the root element is <html>, expected <log>")
        let noEvents = try LogFixtures.temporary("n.xes", "<log><trace/></log>")
        #expect(LogFixtures.readError(noEvents) == "\(noEvents): error: no events: the log has no events with a case, an activity and a time")
    }

    @Test func aFiftyMegabyteTagIsAnErrorWithBoundedMemory() throws {
        var bytes = Array("<log>\n<trace><string key=\"concept:name\" value=\"".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 50 << 20)
        bytes += Array("\"/></trace></log>".utf8)
        let path = try LogFixtures.temporary("big.xes", bytes)
        bytes = []
        #expect(LogFixtures.readError(path) == "\(path):2:8 (byte 13): error: a tag longer than 16 MB (the limit)")
    }
}

/// Gzip-compresses bytes with zlib (for tests).
func gzip(_ bytes: [UInt8]) -> [UInt8] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/gzip")
    process.arguments = ["-c", "-n"]
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try! process.run()
    let writer = Thread {
        input.fileHandleForWriting.write(Data(bytes))
        try? input.fileHandleForWriting.close()
    }
    writer.start()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Array(data)
}
