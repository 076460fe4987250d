import Foundation
import Testing
@testable import AllianceLogs

/// Input with no end (a device, a pipe) or a huge file of what is not a log: every reader
/// stops at the first byte that cannot be its format, never reading on to the end.
@Suite(.enabled(if: FileManager.default.isReadableFile(atPath: "/dev/zero"), "no /dev/zero"))
struct EndlessInputTests {
    @Test func anEndlessStreamOfNULBytesStopsAtOnceInEveryFormat() {
        #expect(LogFixtures.readError("/dev/zero", options: EventLogReadOptions(format: .csv))
                == "/dev/zero:1:1: error: a header line longer than 16 MB")
        #expect(LogFixtures.readError("/dev/zero", options: EventLogReadOptions(format: .xes))
                == "/dev/zero:1:1 (byte 0): error: text before the root element: expected a tag (`<`), found a NUL byte")
        #expect(LogFixtures.readError("/dev/zero", options: EventLogReadOptions(format: .ocel))
                == "/dev/zero:1:1 (byte 0): error: not an OCEL 2.0 JSON log: expected a JSON object (`{`), found a NUL byte")
    }

    @Test func textOutsideTheRootElementIsNotXML() throws {
        let before = try LogFixtures.temporary("before.xes", "junk<log></log>")
        #expect(LogFixtures.readError(before) == "\(before):1:1 (byte 0): error: text before the root element: expected a tag (`<`)")
        let tiny = try String(contentsOfFile: LogFixtures.path("tiny.xes"), encoding: .utf8)
        let after = try LogFixtures.temporary("after.xes", tiny + "\n  trailing\n")
        let lines = tiny.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(LogFixtures.readError(after) == "\(after):\(lines + 1):3 (byte \(tiny.utf8.count + 3)): error: text after the root element: expected a tag (`<`)")
        // Blanks outside it are fine.
        let blanks = try LogFixtures.temporary("blanks.xes", "\n  " + tiny + "\n\n")
        #expect(LogFixtures.readError(blanks) == nil)
    }

    @Test func anOCELJSONLogThatIsNotAnObjectFailsAtItsFirstByte() throws {
        let array = try LogFixtures.temporary("array.jsonocel", "  [1, 2]")
        #expect(LogFixtures.readError(array) == "\(array):1:3 (byte 2): error: not an OCEL 2.0 JSON log: expected a JSON object (`{`)")
    }
}
