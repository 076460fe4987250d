import Foundation
import Testing
@testable import AllianceLogs

@Suite("Following a CSV log that is being appended to")
struct CSVLogTailTests {
    let header = "case_id,activity,timestamp,resource,group\n"

    func append(_ path: String, _ text: String) throws {
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(text.utf8))
        try handle.close()
    }

    @Test func readsOnlyWholeRecordsAndThenWhatIsAppended() throws {
        let path = try LogFixtures.temporary("live.csv", header
            + "c1,Refer,2024-03-01T09:00:00Z,ann,GP\n"
            + "c1,Admit,2024-03-02T10:00:00Z,bob,Hospital\n"
            + "c2,Refer,2024-03-0")  // a row still being written
        let tail = try CSVLogTail(path: path)
        #expect(LogFixtures.rows(tail.log) == [
            "c1 Refer ann GP - 1709283600000", "c1 Admit bob Hospital - 1709373600000",
        ].map { $0.replacingOccurrences(of: " ", with: "|") })
        #expect(try tail.poll() == 0)
        try append(path, "3T08:00:00Z,ann,GP\nc2,Admit,2024-03-04T08:30:00Z,bob,Hospital\n")
        #expect(try tail.poll() == 2)
        #expect(tail.log.count == 4)
        #expect(tail.log.cases.names == ["c1", "c2"])
        #expect(LogFixtures.rows(tail.log)[2] == "c2|Refer|ann|GP|-|1709452800000")
        // Line numbers go on from the first read.
        #expect(tail.log.lineOf == [2, 3, 4, 5])
        #expect(try tail.poll() == 0)
    }

    @Test func aQuotedLineBreakCutByTheWriterWaitsForTheRest() throws {
        let path = try LogFixtures.temporary("live.csv", header + "c1,\"Refer\nto hospital")
        let tail = try CSVLogTail(path: path)
        #expect(tail.log.count == 0)
        try append(path, "\",2024-03-01T09:00:00Z,ann,GP\r")
        #expect(try tail.poll() == 0)  // CR without its LF yet
        try append(path, "\n")
        #expect(try tail.poll() == 1)
        #expect(tail.log.activities.names == ["Refer\nto hospital"])
    }

    @Test func aBadAppendedRowIsPassedOverAndReported() throws {
        let path = try LogFixtures.temporary("live.csv", header + "c1,Refer,2024-03-01T09:00:00Z,ann,GP\n")
        let tail = try CSVLogTail(path: path)
        try append(path, "c1,Admit,2024-03-02T10:00:00Z,bob,Hospital\nc1,Visit,yesterday,cat,Care\nc1,Call,2024-03-03T10:00:00Z,ann,GP\n")
        #expect(try tail.poll() == 2)
        #expect(tail.log.activities.names == ["Refer", "Admit", "Call"])
        #expect(tail.skipped.map(\.description) == [
            "\(path):4:10: error: column \"timestamp\": cannot read \"yesterday\" as a timestamp (expected ISO 8601, e.g. 2011-10-11 13:45:40.276+02:00)",
        ])
        #expect(tail.log.lineOf == [2, 3, 5])
        #expect(try tail.poll() == 0)
        #expect(tail.skipped.count == 1)
    }

    @Test func aBadRowInTheFirstReadIsAnError() throws {
        let path = try LogFixtures.temporary("live.csv", header + "c1,Refer,soon,ann,GP\n")
        do {
            _ = try CSVLogTail(path: path)
            Issue.record("a bad first row was read")
        } catch {
            #expect(error.description.hasPrefix("\(path):2:10: error: column \"timestamp\": cannot read \"soon\""))
        }
    }

    @Test func aTruncatedLogStopsFollowing() throws {
        let path = try LogFixtures.temporary("live.csv", header + "c1,Refer,2024-03-01T09:00:00Z,ann,GP\n")
        let tail = try CSVLogTail(path: path)
        try Data(header.utf8).write(to: URL(fileURLWithPath: path))
        do {
            try tail.poll()
            Issue.record("a shorter log was read")
        } catch {
            #expect(error.description == "\(path): byte 42: error: the log is now shorter (42 bytes) than what was read (79 bytes): truncated or replaced; following stopped")
        }
    }

    @Test func gzipCannotBeFollowed() throws {
        let path = try LogFixtures.temporary("live.csv.gz", [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3])
        do {
            _ = try CSVLogTail(path: path)
            Issue.record("a gzip log was followed")
        } catch {
            #expect(error.description == "\(path): error: a gzip log cannot be followed (it is read whole: open it without --follow)")
        }
    }
}
