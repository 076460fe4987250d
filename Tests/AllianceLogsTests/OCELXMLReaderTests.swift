import Foundation
import Testing
@testable import AllianceLogs

@Suite struct OCELXMLReaderTests {
    /// The log with what differs by nature between two files of the same events blanked:
    /// the source name and the line of each event (JSON has none).
    static func comparable(_ log: EventLog) -> EventLog {
        var log = log
        log.source = ""
        log.lineOf = [Int32](repeating: 0, count: log.count)
        return log
    }

    struct Pair: Sendable, CustomTestStringConvertible {
        var json: String
        var xml: String
        var fields: EventLogFields
        var rows: Int
        var testDescription: String { "\(xml) \(fields.caseObjectType ?? "-")/\(fields.partnerObjectType ?? "-")" }
    }

    /// The XML fixtures were written by PM4Py from the JSON ones
    /// (Benchmarks/pm4py/ocel_xml_fixtures.py).
    static let pairs: [Pair] = [
        Pair(json: "tiny_ocel2.json", xml: "tiny_ocel2.xmlocel", fields: EventLogFields(caseObjectType: "Patient"), rows: 2),
        Pair(json: "tiny_ocel2.json", xml: "tiny_ocel2.xmlocel",
             fields: EventLogFields(partnerKey: "oxygenLitresPerMin", caseObjectType: "Prescription", partnerObjectType: "Patient"), rows: 2),
        Pair(json: "ocel20_example.jsonocel", xml: "ocel20_example.xmlocel",
             fields: EventLogFields(caseObjectType: "Invoice", partnerObjectType: "Purchase Order"), rows: 9),
        Pair(json: "ocel20_example.jsonocel", xml: "ocel20_example.xmlocel.gz",
             fields: EventLogFields(resourceKey: "po_creator", partnerKey: "is_blocked", caseObjectType: "Purchase Order",
                                    partnerObjectType: "Invoice"), rows: 5),
        Pair(json: "ocel20_example.jsonocel", xml: "ocel20_example.xmlocel",
             fields: EventLogFields(resourceKey: "invoice_inserter", partnerKey: "is_blocked", caseObjectType: "Invoice",
                                    partnerObjectType: "Invoice"), rows: 9),
    ]

    @Test(arguments: pairs) func xmlGivesTheSameLogAsTheJSONItCameFrom(_ pair: Pair) throws {
        let options = EventLogReadOptions(fields: pair.fields)
        let json = try EventLogReader.read(path: LogFixtures.path(pair.json), options: options)
        let xml = try EventLogReader.read(path: LogFixtures.path(pair.xml), options: options)
        #expect(xml.format == .ocel)
        #expect(xml.count == pair.rows)
        #expect(LogFixtures.rows(xml) == LogFixtures.rows(json))
        #expect(xml.notices == json.notices)
        #expect(Self.comparable(xml) == Self.comparable(json))
    }

    @Test func theExampleInDetail() throws {
        // The Invoice R3 is blocked at 2022-02-03T06:30Z and unblocked at 22:30Z: its latest
        // is_blocked is "No"; the partner of each event is its related Invoice's label.
        let options = EventLogReadOptions(fields: EventLogFields(
            resourceKey: "invoice_inserter", partnerKey: "is_blocked", caseObjectType: "Invoice", partnerObjectType: "Invoice"))
        let log = try EventLogReader.read(path: LogFixtures.path("ocel20_example.xmlocel"), options: options)
        #expect(LogFixtures.rows(log) == [
            "R1|Insert Invoice|Luke|No|-|1642158000000",
            "R2|Insert Invoice|Luke|No|-|1642327200000",
            "R1|Insert Payment|-|No|-|1643580000000",
            "R2|Insert Payment|-|No|-|1643662800000",
            "R3|Insert Invoice|Mario|No|-|1643788800000",
            "R3|Create Purchase Order|-|No|-|1643817600000",
            "R3|Set Payment Block|-|No|-|1643869800000",
            "R3|Remove Payment Block|-|No|-|1643927400000",
            "R3|Insert Payment|-|No|-|1646085600000",
        ])
        // Each event's line is where its <event> tag starts.
        let text = try String(contentsOfFile: LogFixtures.path("ocel20_example.xmlocel"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let e5 = lines.firstIndex { $0.contains("<event id=\"e5\"") }! + 1
        #expect(log.lineOf[0] == Int32(e5))
        #expect(log.notices == [
            "skipped 4 events related to no \"Invoice\" object or without a type or time: \"e1\", \"e2\", \"e3\", \"e4\""
        ])
    }

    @Test func detectedFromTheContent() throws {
        let xml = try Data(contentsOf: URL(fileURLWithPath: LogFixtures.path("tiny_ocel2.xmlocel")))
        let path = try LogFixtures.temporary("export.log", Array(xml))
        #expect(EventLogReader.isEventLog(path: path))
        let options = EventLogReadOptions(fields: EventLogFields(caseObjectType: "Patient"))
        let log = try EventLogReader.read(path: path, options: options)
        #expect(log.format == .ocel)
        #expect(LogFixtures.rows(log) == [
            "pat-1|GP oxygen prescription|Dr Martin|GP|-|1709283600000",
            "pat-1|Install concentrator|Tech Ana|OxygenDistributor|-|1709632800000",
        ])
        // --format ocel reads XML too.
        let named = try LogFixtures.temporary("export.json", Array(xml))
        #expect(LogFixtures.rows(try EventLogReader.read(path: named, options: options)) == LogFixtures.rows(log))
        // What the first bytes say.
        func sniff(_ text: String) -> EventLogFormat { EventLogReader.format(sniffing: Array(text.utf8)) }
        #expect(sniff("<?xml version='1.0'?>\n<!-- x <log> -->\n<log>\n  <object-types/>") == .ocel)
        #expect(sniff("\u{FEFF}<ocel:log xmlns:ocel=\"http://x\"><ocel:events>") == .ocel)
        #expect(sniff("<log><objects>") == .ocel)
        #expect(sniff("<?xml version=\"1.0\"?>\n<log xes.version=\"1.0\">\n<extension name=\"Concept\"/>") == .xes)
        #expect(sniff("<log><trace>") == .xes)
        #expect(sniff("<log/>") == .xes)
        #expect(sniff("<log>") == .xes)
        #expect(sniff("{\"objectTypes\": []}") == .ocel)
        #expect(sniff("case,activity,time\n") == .csv)
    }

    @Test func lenientWhereRealFilesAre() throws {
        // A namespace prefix, comments, CDATA, entities, a DOCTYPE, offsets and Z, a naive
        // time, the events before the objects, unknown elements, attributes in single quotes.
        let xml = """
            \u{FEFF}<?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE log [ <!ENTITY x "y"> ]>
            <ocel:log xmlns:ocel="http://www.ocel-standard.org/ocel2">
              <!-- exported by hand -->
              <ocel:object-types>
                <ocel:object-type name="Patient"><ocel:attributes/></ocel:object-type>
                <ocel:object-type name='Team'/>
              </ocel:object-types>
              <ocel:events>
                <ocel:event id="v1" type="Visit &amp; check" time="2024-03-01T10:00:00+01:00">
                  <ocel:attributes>
                    <ocel:attribute name="org:resource"><![CDATA[Ana <Nurse>]]></ocel:attribute>
                    <ocel:attribute name="org:role">Nurse &#x26; carer</ocel:attribute>
                    <ocel:unknown><deep/></ocel:unknown>
                  </ocel:attributes>
                  <ocel:objects>
                    <ocel:relationship object-id="p&#49;" qualifier="patient"/>
                    <ocel:relationship object-id="t1" qualifier="by"/>
                  </ocel:objects>
                </ocel:event>
                <ocel:event id="v2" type="Call" time="2024-03-02T08:30:00Z">
                  <ocel:objects><ocel:relationship object-id="t1"/><ocel:relationship object-id="p1"/></ocel:objects>
                </ocel:event>
                <ocel:event id="v3" type="Note" time="2024-03-03 12:00:00"><ocel:objects>
                  <ocel:relationship object-id="p1"/></ocel:objects></ocel:event>
                <ocel:event id="v4" type="Team meeting" time="2024-03-04T12:00:00Z"><ocel:objects>
                  <ocel:relationship object-id="t1"/></ocel:objects></ocel:event>
              </ocel:events>
              <ocel:objects>
                <ocel:object id="p1" type="Patient"/>
                <ocel:object id="t1" type="Team">
                  <ocel:attributes>
                    <ocel:attribute name="label" time="2024-02-01T00:00:00Z">Home care</ocel:attribute>
                    <ocel:attribute name="label" time="1970-01-01T00:00:00Z">Old name</ocel:attribute>
                  </ocel:attributes>
                </ocel:object>
              </ocel:objects>
            </ocel:log>
            <!-- the end -->

            """
        let path = try LogFixtures.temporary("lenient.xmlocel", xml)
        let options = EventLogReadOptions(fields: EventLogFields(partnerKey: "label", caseObjectType: "Patient", partnerObjectType: "Team"))
        let log = try EventLogReader.read(path: path, options: options)
        #expect(LogFixtures.rows(log) == [
            "p1|Visit & check|Ana <Nurse>|Home care|Nurse & carer|1709283600000",
            "p1|Call|-|Home care|-|1709368200000",
            "p1|Note|-|-|-|1709467200000",
        ])
        #expect(log.lineOf == [10, 21, 24])
        #expect(log.notices == [
            "skipped 1 event related to no \"Patient\" object or without a type or time: \"v4\"",
            "1 time without a UTC offset read as UTC (first in event \"v3\")",
        ])
        // The only object type needs no naming; attribute text is kept as written.
        let single = try LogFixtures.temporary("s.xmlocel", """
            <log><object-types><object-type name="P"/></object-types><objects><object id="a" type="P"/></objects>
            <events><event id="1" type="x" time="2024-01-01T00:00:00Z"><attributes><attribute name="group"> spaced </attribute>
            <attribute name="resource"/></attributes><objects><relationship object-id="a"/></objects></event></events></log>
            """)
        #expect(LogFixtures.rows(try EventLogReader.read(path: single)) == ["a|x|| spaced |-|1704067200000"])
    }

    @Test func aLogLongerThanTheScannersWindow() throws {
        // 30,000 events (about 9 MB of XML, more than the 4 MB window): values with entities
        // and CDATA land across window refills; the same events as JSON must read the same.
        var xml = "<?xml version=\"1.0\"?>\n<log>\n<object-types><object-type name=\"P\"/><object-type name=\"Org\"/></object-types>\n<objects>\n"
        var objects: [String] = []
        for p in 0..<500 {
            xml += "<object id=\"p\(p)\" type=\"P\"><attributes/></object>\n"
            objects.append("{\"id\": \"p\(p)\", \"type\": \"P\"}")
        }
        for o in 0..<7 {
            xml += "<object id=\"o\(o)\" type=\"Org\"><attributes><attribute name=\"label\" time=\"1970-01-01T00:00:00Z\">Team &amp; \(o)</attribute></attributes></object>\n"
            objects.append("{\"id\": \"o\(o)\", \"type\": \"Org\", \"attributes\": [{\"name\": \"label\", \"time\": \"1970-01-01T00:00:00Z\", \"value\": \"Team & \(o)\"}]}")
        }
        xml += "</objects>\n<events>\n"
        var events: [String] = []
        for e in 0..<30_000 {
            let time = "2024-01-\(String(format: "%02d", 1 + e % 28))T\(String(format: "%02d", e % 24)):\(String(format: "%02d", e % 60)):00+01:00"
            let resource = "Nurse <\(e % 13)> \"\(e % 5)\""
            let value = e % 2 == 0 ? "<![CDATA[\(resource)]]>" : resource.replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            xml += """
                <event id="e\(e)" type="Step \(e % 17)" time="\(time)">
                  <attributes><attribute name="org:resource">\(value)</attribute><attribute name="padding">\(String(repeating: "x", count: e % 200))</attribute></attributes>
                  <objects><relationship object-id="p\(e % 500)"/><relationship object-id="o\(e % 7)"/><relationship object-id="p\((e + 1) % 500)"/></objects>
                </event>

                """
            let escaped = resource.replacingOccurrences(of: "\"", with: "\\\"")
            events.append("{\"id\": \"e\(e)\", \"type\": \"Step \(e % 17)\", \"time\": \"\(time)\", \"attributes\": [{\"name\": \"org:resource\", \"value\": \"\(escaped)\"}], \"relationships\": [{\"objectId\": \"p\(e % 500)\"}, {\"objectId\": \"o\(e % 7)\"}, {\"objectId\": \"p\((e + 1) % 500)\"}]}")
        }
        xml += "</events>\n</log>\n"
        #expect(xml.utf8.count > 2 * ByteSource.chunkSize)
        let json = "{\"objectTypes\": [{\"name\": \"P\"}, {\"name\": \"Org\"}], \"objects\": [\(objects.joined(separator: ", "))], \"events\": [\(events.joined(separator: ",\n"))]}"
        let options = EventLogReadOptions(fields: EventLogFields(partnerKey: "label", caseObjectType: "P", partnerObjectType: "Org"))
        let fromXML = try EventLogReader.read(path: try LogFixtures.temporary("big.xmlocel", xml), options: options)
        let fromJSON = try EventLogReader.read(path: try LogFixtures.temporary("big.jsonocel", json), options: options)
        #expect(fromXML.count == 60_000)
        #expect(LogFixtures.rows(fromXML)[59_999] == "p0|Step 11|Nurse <8> \"4\"|Team & 4|-|1705100340000")
        #expect(Self.comparable(fromXML) == Self.comparable(fromJSON))
        // Each event's line: 4 lines per event after the objects.
        #expect(fromXML.lineOf[59_998] == Int32(5 + 507 + 2 + 4 * 29_999))
    }

    @Test func badXML() throws {
        let head = """
            <?xml version="1.0"?>
            <log>
              <object-types><object-type name="P"/><object-type name="Q"/></object-types>
              <objects><object id="p1" type="P"/></objects>
              <events>

            """
        // Truncated: inside a tag, inside an element.
        let cut = try LogFixtures.temporary("cut.xmlocel", head + "    <event id=\"e1\" type=\"a\" ti")
        #expect(LogFixtures.readError(cut, options: Self.caseP)
            == "\(cut):6:5 (byte \(head.utf8.count + 4)): error: truncated: the file ends inside this tag")
        let open = head + "    <event id=\"e1\" type=\"a\" time=\"2024-01-01T00:00:00Z\"><objects><relationship object-id=\"p1\"/></objects></event>\n"
        let unclosed = try LogFixtures.temporary("open.xmlocel", open)
        #expect(LogFixtures.readError(unclosed, options: Self.caseP)
            == "\(unclosed):7:1 (byte \(open.utf8.count)): error: truncated: the file ends inside <events> (opened on line 5)")
        // A missing time, an unreadable one.
        let noTime = try LogFixtures.temporary("nt.xmlocel", head + "    <event id=\"e1\" type=\"a\"><objects><relationship object-id=\"p1\"/></objects></event>\n  </events>\n</log>\n")
        #expect(LogFixtures.readError(noTime, options: Self.caseP)
            == "\(noTime):6:5 (byte \(head.utf8.count + 4)): error: event \"e1\": no time (an OCEL 2.0 event must have one)")
        let badTime = try LogFixtures.temporary("bt.xmlocel", head + "    <event id=\"e1\" type=\"a\" time=\"2024-13-01\"><objects><relationship object-id=\"p1\"/></objects></event>\n  </events>\n</log>\n")
        #expect(LogFixtures.readError(badTime, options: Self.caseP)
            == "\(badTime):6:5 (byte \(head.utf8.count + 4)): error: event \"e1\": cannot read \"2024-13-01\" as a time (expected ISO 8601, e.g. 2022-01-09T14:00:00+00:00)")
        // A relationship to an object the log does not declare: where the relationship is.
        let event = "    <event id=\"e1\" type=\"a\" time=\"2024-01-01T00:00:00Z\">\n      <objects><relationship object-id=\"p1\"/><relationship object-id=\"p9\"/></objects></event>\n  </events>\n</log>\n"
        let dangling = try LogFixtures.temporary("d.xmlocel", head + event)
        let relationship = head.utf8.count + event.utf8.distance(from: event.utf8.startIndex, to: event.range(of: "<relationship object-id=\"p9\"")!.lowerBound.samePosition(in: event.utf8)!)
        #expect(LogFixtures.readError(dangling, options: Self.caseP)
            == "\(dangling):7:46 (byte \(relationship)): error: event \"e1\": related to object \"p9\", which the log does not declare (no object with that id)")
        // An unknown case object type, none named: where the object types are declared.
        let typesAt = head.utf8.distance(from: head.utf8.startIndex, to: head.range(of: "<object-types>")!.lowerBound.samePosition(in: head.utf8)!)
        let good = try LogFixtures.temporary("g.xmlocel", head + "  </events>\n</log>\n")
        #expect(LogFixtures.readError(good, options: EventLogReadOptions(fields: EventLogFields(caseObjectType: "Nurse")))
            == "\(good):3:3 (byte \(typesAt)): error: no object type \"Nurse\" (for the cases); the log's object types are: \"P\", \"Q\"")
        #expect(LogFixtures.readError(good)
            == "\(good):3:3 (byte \(typesAt)): error: name the object type whose objects are the cases (the patients): --case-object-type TYPE, or case-object-type in the mapping's fields; the log's object types are: \"P\", \"Q\"")
        #expect(LogFixtures.readError(good, options: EventLogReadOptions(fields: EventLogFields(caseObjectType: "P", partnerObjectType: "Org")))
            == "\(good):3:3 (byte \(typesAt)): error: no object type \"Org\" (for the partner); the log's object types are: \"P\", \"Q\"")
        #expect(LogFixtures.readError(good, options: Self.caseP)
            == "\(good): error: no events: no event is related to an object of type \"P\"")
        // Not OCEL: another root, an XES log under an OCEL name, no <events>, nothing.
        let html = try LogFixtures.temporary("h.xmlocel", "<!DOCTYPE html>\n<html><body/></html>")
        #expect(LogFixtures.readError(html) == "\(html):2:1 (byte 16): error: not an OCEL 2.0 XML log: the root element is <html>, expected <log>")
        let xes = try Data(contentsOf: URL(fileURLWithPath: LogFixtures.path("tiny.xes")))
        let xesPath = try LogFixtures.temporary("tiny.xmlocel", Array(xes))
        let xesText = String(decoding: xes, as: UTF8.self)
        let firstChild = xesText.range(of: "<extension")!.lowerBound
        let (childLine, childColumn) = Self.lineAndColumn(xesText, firstChild)
        #expect(LogFixtures.readError(xesPath)
            == "\(xesPath):\(childLine):\(childColumn) (byte \(xesText.utf8.distance(from: xesText.utf8.startIndex, to: firstChild.samePosition(in: xesText.utf8)!))): error: not an OCEL 2.0 XML log: <log> holds <extension> elements, as XES logs do (read it as XES: a .xes name or --format xes)")
        // And the other way round: OCEL XML read as XES.
        let asXES = try LogFixtures.temporary("tiny.xes", Array(try Data(contentsOf: URL(fileURLWithPath: LogFixtures.path("tiny_ocel2.xmlocel")))))
        #expect(LogFixtures.readError(asXES)
            == "\(asXES):3:3 (byte 47): error: not an XES log: <log> holds <object-types>, as OCEL 2.0 XML logs do (read it as OCEL: a .xmlocel name or --format ocel)")
        let noEvents = try LogFixtures.temporary("ne.xmlocel", "<?xml version=\"1.0\"?>\n  <log><objects/></log>")
        #expect(LogFixtures.readError(noEvents) == "\(noEvents):2:3 (byte 24): error: not an OCEL 2.0 XML log: <log> has no <events> element")
        let empty = try LogFixtures.temporary("e.xmlocel", "")
        #expect(LogFixtures.readError(empty) == "\(empty): error: the file is empty: expected an OCEL 2.0 XML log")
        let noRoot = try LogFixtures.temporary("c.xmlocel", "<!-- nothing -->\n")
        #expect(LogFixtures.readError(noRoot) == "\(noRoot): error: not an OCEL 2.0 XML log: no <log> element")
        // Malformed XML and bad bytes.
        let mismatch = try LogFixtures.temporary("m.xmlocel", "<log>\n<events>\n</objects>")
        #expect(LogFixtures.readError(mismatch) == "\(mismatch):3:1 (byte 15): error: closing tag </objects> does not match <events> opened on line 2")
        let missingId = try LogFixtures.temporary("i.xmlocel", "<log><objects><object type=\"P\"/></objects></log>")
        #expect(LogFixtures.readError(missingId) == "\(missingId):1:15 (byte 14): error: <object> without the attribute \"id\"")
        var latin1 = Array("<log><events><event id=\"e\" type=\"a\" time=\"2024-01-01\"><attributes><attribute name=\"org:resource\">Jos".utf8)
        latin1 += [0xE9] + Array("</attribute></attributes></event></events></log>".utf8)
        let badBytes = try LogFixtures.temporary("u.xmlocel", latin1)
        #expect(LogFixtures.readError(badBytes) == "\(badBytes):1:101 (byte 100): error: invalid UTF-8 in the value of the attribute \"org:resource\"; the file must be UTF-8 encoded")
        let entity = try LogFixtures.temporary("en.xmlocel", "<log><events><event id=\"e\" type=\"&nbsp;\"/></events></log>")
        #expect(LogFixtures.readError(entity) == "\(entity):1:34 (byte 33): error: unknown entity \"&nbsp;\"")
        let after = try LogFixtures.temporary("a.xmlocel", "<log><events/></log>\n<log/>")
        #expect(LogFixtures.readError(after) == "\(after):2:1 (byte 21): error: an element after the end of the <log> element")
    }

    static let caseP = EventLogReadOptions(fields: EventLogFields(caseObjectType: "P"))

    static func lineAndColumn(_ text: String, _ index: String.Index) -> (Int, Int) {
        let before = text[..<index]
        let line = before.filter { $0 == "\n" }.count + 1
        let lineStart = before.lastIndex(of: "\n").map { before.index(after: $0) } ?? text.startIndex
        return (line, text.utf8.distance(from: lineStart.samePosition(in: text.utf8)!, to: index.samePosition(in: text.utf8)!) + 1)
    }
}
