import Foundation
import Testing
@testable import AllianceLogs

@Suite struct CSVLogReaderTests {
    @Test func readsTheReceiptLogGzipped() throws {
        let path = LogFixtures.path("receipt.csv.gz")
        let log = try EventLogReader.read(path: path)
        // Counted with Python's csv module: 8,577 rows, 1,434 distinct case:concept:name.
        #expect(log.format == .csv)
        #expect(log.count == 8577)
        #expect(log.cases.count == 1434)
        #expect(log.activities.count == 27)
        #expect(log.resources.count == 48)
        #expect(log.groups.count == 10)
        #expect(log.notices == [])
        // 2011-10-11 13:45:40.276000+02:00 is 1318333540276 ms (Python's datetime.fromisoformat).
        let rows = LogFixtures.rows(log)
        #expect(rows[0] == "case-10011|Confirmation of receipt|Resource21|Group 1|-|1318333540276")
        #expect(rows[1] == "case-10011|T02 Check confirmation of receipt|Resource10|Group 4|-|1318400785398")
        #expect(rows[8576] == "case-9997|T10 Determine necessity to stop indication|Resource06|Group 1|-|1318921580547")
        #expect(log.lineOf[0] == 2 && log.lineOf[8576] == 8578)
    }

    @Test func readsTheSharedReceiptLogWhenPresent() throws {
        let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data/receipt.csv").path
        guard FileManager.default.fileExists(atPath: shared) else { return }
        let log = try EventLogReader.read(path: shared)
        #expect(log.count == 8577)
        #expect(log.cases.count == 1434)
    }

    @Test func quotingPerRFC4180() throws {
        let text = "case_id,activity,timestamp,resource\r\n"
            + "\"c,1\",\"say \"\"hi\"\"\",2024-01-01T10:00:00Z,\"Ann\r\nB\"\r\n"
            + "c2,plain,2024-01-01 10:00:01.5+01:00,\r\n"
        let log = try EventLogReader.read(path: LogFixtures.temporary("q.csv", text))
        #expect(LogFixtures.rows(log) == [
            "c,1|say \"hi\"|Ann\r\nB|-|-|1704103200000",
            "c2|plain|-|-|-|1704099601500",
        ])
        // The second record starts on line 4: the quoted line break counts.
        #expect(log.lineOf == [2, 4])
    }

    @Test func timestampForms() {
        func ms(_ s: String) -> Int64? { TimestampParser.parse(s)?.milliseconds }
        #expect(ms("2011-10-11 13:45:40.276000+02:00") == 1_318_333_540_276)
        #expect(ms("2011-10-11T11:45:40.276Z") == 1_318_333_540_276)
        #expect(ms("2011-10-11T13:45:40.276+02") == 1_318_333_540_276)
        #expect(ms("2011-10-11T13:45:40.2769+0200") == 1_318_333_540_276)
        #expect(ms("2011-10-11T06:15:40.276-05:30") == 1_318_333_540_276)
        #expect(ms("2011-10-11 11:45:40.276") == 1_318_333_540_276)
        #expect(TimestampParser.parse("2011-10-11 11:45:40.276")?.naive == true)
        #expect(TimestampParser.parse("2011-10-11 11:45:40Z")?.naive == false)
        #expect(ms("1969-12-31T23:59:59Z") == -1000)
        #expect(ms("2024-02-29") == 1_709_164_800_000)
        #expect(ms("2023-02-29") == nil)
        #expect(ms("2011-10-11 25:00") == nil)
        #expect(ms("11/10/2011 13:45") == nil)
        #expect(ms("2011-10-11T13:45:40+2") == nil)
    }

    @Test func naiveTimestampsAreUTCAndSaidOnce() throws {
        let text = "case:concept:name,concept:name,time:timestamp\nc1,a,2024-01-01 10:00:00\nc1,b,2024-01-01 11:00:00\nc1,c,2024-01-01T12:00:00Z\n"
        let log = try EventLogReader.read(path: LogFixtures.temporary("n.csv", text))
        #expect(log.timeOf == [1_704_103_200_000, 1_704_106_800_000, 1_704_110_400_000])
        #expect(log.notices == ["2 timestamps without a UTC offset read as UTC (first on line 2)"])
    }

    @Test func rowsMissingValuesAreSkippedAndReported() throws {
        var text = "case_id;activity;timestamp;group\n"
        text += "c1;a;2024-01-01T10:00:00Z;GP\n"
        text += ";a;2024-01-01T10:00:00Z;GP\n"
        text += "c1;;2024-01-01T10:00:00Z;GP\n"
        text += "c1;b\n"
        text += "\n"
        text += "c2;b;2024-01-01T11:00:00Z;\n"
        for _ in 0..<5 { text += "c3;;;\n" }
        let log = try EventLogReader.read(path: LogFixtures.temporary("m.tsv", text))
        #expect(LogFixtures.rows(log) == ["c1|a|-|GP|-|1704103200000", "c2|b|-|-|-|1704106800000"])
        #expect(log.notices == [
            "skipped 8 rows (1 without a case, 6 without an activity, 6 without a timestamp): lines 3, 4, 5, 8, 9, …"
        ])
    }

    @Test func fieldsNameOtherColumns() throws {
        let text = "Patient,What,When,Who,Org\np1,x,2024-01-01T10:00:00Z,Ann,GP\n"
        let options = EventLogReadOptions(fields: EventLogFields(
            caseKey: "Patient", activityKey: "what", timeKey: "When", resourceKey: "Who", partnerKey: "Org"))
        let log = try EventLogReader.read(path: LogFixtures.temporary("f.csv", text), options: options)
        #expect(LogFixtures.rows(log) == ["p1|x|Ann|GP|-|1704103200000"])
    }

    @Test func byteOrderMarkTabsAndGzipMembers() throws {
        // Two gzip members one after another read as one stream (as `gzip -d` reads them).
        let first = gzip(Array("\u{FEFF}Case\tActivity\tTimestamp\tRole\nc1\ta\t2024-01-01T10:00:00+00:00\tnurse\n".utf8))
        let second = gzip(Array("c1\tb\t2024-01-01T11:00:00.25+00:00\tnurse\n".utf8))
        let path = try LogFixtures.temporary("two.csv.gz", first + second)
        let log = try EventLogReader.read(path: path)
        #expect(LogFixtures.rows(log) == ["c1|a|-|-|nurse|1704103200000", "c1|b|-|-|nurse|1704106800250"])
    }

    // MARK: bad input

    @Test func unknownNamedColumn() throws {
        let path = try LogFixtures.temporary("u.csv", "case_id,activity,timestamp\nc,a,2024-01-01\n")
        #expect(LogFixtures.readError(path, options: EventLogReadOptions(fields: EventLogFields(partnerKey: "org:group")))
            == "\(path):1:1: error: no column named \"org:group\" (for the partner); the header has: \"case_id\", \"activity\", \"timestamp\"")
    }

    @Test func noCaseColumn() throws {
        let path = try LogFixtures.temporary("u.csv", "id,activity,timestamp\nc,a,2024-01-01\n")
        #expect(LogFixtures.readError(path)
            == "\(path):1:1: error: no case column: the header has none of \"case:concept:name\", \"case_id\", \"case id\", \"caseid\", \"case\"; name the column in the mapping. The header has: \"id\", \"activity\", \"timestamp\"")
    }

    @Test func unterminatedQuote() throws {
        let path = try LogFixtures.temporary("q.csv", "case_id,activity,timestamp\nc1,\"open,2024-01-01\nc2,a,2024-01-01\n")
        #expect(LogFixtures.readError(path)
            == "\(path):2:4: error: unterminated quoted field: the quote opened here is never closed")
    }

    @Test func quoteInsideAnUnquotedField() throws {
        let path = try LogFixtures.temporary("q.csv", "case_id,activity,timestamp\nc1,a,2024-01-01\nc1,12\" pipe,2024-01-01\n")
        #expect(LogFixtures.readError(path)
            == "\(path):3:6: error: a quote inside an unquoted field (quote the whole field and double the quotes inside it)")
    }

    @Test func textAfterAClosingQuote() throws {
        let path = try LogFixtures.temporary("q.csv", "case_id,activity,timestamp\n\"c1\"x,a,2024-01-01\n")
        #expect(LogFixtures.readError(path)
            == "\(path):2:5: error: unexpected character after a closing quote (a field's closing quote must be followed by a delimiter or the end of the line)")
    }

    @Test func tooManyFields() throws {
        let path = try LogFixtures.temporary("q.csv", "case_id,activity,timestamp\nc1,a,2024-01-01,extra\n")
        #expect(LogFixtures.readError(path) == "\(path):2:17: error: this row has 4 fields, the header has 3")
    }

    @Test func unreadableTimestamp() throws {
        let path = try LogFixtures.temporary("t.csv", "case_id,activity,timestamp\nc1,a,2024-01-01\nc1,b,\"01/02/2024 10:00\"\n")
        #expect(LogFixtures.readError(path)
            == "\(path):3:7: error: column \"timestamp\": cannot read \"01/02/2024 10:00\" as a timestamp (expected ISO 8601, e.g. 2011-10-11 13:45:40.276+02:00)")
    }

    @Test func emptyFiles() throws {
        let empty = try LogFixtures.temporary("e.csv", "")
        #expect(LogFixtures.readError(empty) == "\(empty): error: the file is empty: expected a header line and events")
        let headerOnly = try LogFixtures.temporary("h.csv", "case_id,activity,timestamp\n")
        #expect(LogFixtures.readError(headerOnly) == "\(headerOnly): error: no events: the file has a header but no event rows")
    }

    @Test func nonUTF8Bytes() throws {
        var bytes = Array("case_id,activity,timestamp\nc1,caf".utf8)
        bytes += [0xE9]  // Latin-1 é
        bytes += Array(",2024-01-01\n".utf8)
        let path = try LogFixtures.temporary("l.csv", bytes)
        #expect(LogFixtures.readError(path)
            == "\(path):2:7: error: invalid UTF-8 (byte 0xE9); the file must be UTF-8 encoded")
    }

    @Test func aFiftyMegabyteLineIsAnErrorWithBoundedMemory() throws {
        var bytes = Array("case_id,activity,timestamp\nc1,a,2024-01-01\nc2,".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 50 << 20)
        bytes += Array(",2024-01-01\n".utf8)
        let path = try LogFixtures.temporary("big.csv", bytes)
        bytes = []
        #expect(LogFixtures.readError(path)
            == "\(path):3:1: error: a record longer than 16 MB (the limit; is this a CSV file?)")
    }

    @Test func truncatedGzip() throws {
        let whole = try Data(contentsOf: URL(fileURLWithPath: LogFixtures.path("receipt.csv.gz")))
        let path = try LogFixtures.temporary("cut.csv.gz", Array(whole.prefix(100_000)))
        #expect(LogFixtures.readError(path)
            == "\(path): byte 100000: error: truncated gzip data: the compressed stream ends before its end marker")
    }

    @Test func corruptGzip() throws {
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: LogFixtures.path("receipt.csv.gz"))))
        for i in 5000..<5100 { bytes[i] ^= 0x5A }
        let path = try LogFixtures.temporary("bad.csv.gz", bytes)
        // The damage decodes as deflate data; the CRC in the trailer (at byte 152,935) catches it.
        #expect(LogFixtures.readError(path) == "\(path): byte 152935: error: corrupt gzip data (incorrect data check)")
        // A damaged header is caught at once.
        var header = bytes
        header[2] = 0x07  // compression method 7 does not exist
        let path2 = try LogFixtures.temporary("bad2.csv.gz", header)
        // (zlib has read the first four header bytes when it gives up.)
        #expect(LogFixtures.readError(path2) == "\(path2): byte 4: error: corrupt gzip data (unknown compression method)")
    }
}
