import Foundation
import Testing
@testable import AllianceLogs

/// Manual timing of the readers on the generated million-event log; skipped unless
/// `ALLIANCE_LOG_TIMING` names the logs' common path without extension:
///
///     python3 ../shared/tools/gen_log.py --cases 10000 --out /tmp/log_1m --xes
///     ALLIANCE_LOG_TIMING=/tmp/log_1m swift test -c release --filter ReaderTimingTests
///
/// (Figures for the README come from a release build; a debug build is 5-10 times slower.)
@Suite struct ReaderTimingTests {
    static let base = ProcessInfo.processInfo.environment["ALLIANCE_LOG_TIMING"]

    @Test(.enabled(if: base != nil)) func millionEventLogs() throws {
        let base = try #require(Self.base)
        var logs: [EventLog] = []
        for ext in ["csv", "xes"] {
            let start = Date()
            let log = try EventLogReader.read(path: "\(base).\(ext)")
            let seconds = Date().timeIntervalSince(start)
            print("\(base).\(ext): \(log.count) events, \(log.cases.count) cases in \(String(format: "%.3f", seconds)) s")
            #expect(log.count == 1_003_370)
            #expect(log.cases.count == 10_000)
            logs.append(log)
        }
        // The CSV and the XES hold the same events in the same order.
        let (csv, xes) = (logs[0], logs[1])
        #expect(csv.timeOf == xes.timeOf)
        #expect(csv.caseOf.map { csv.cases[$0] } == xes.caseOf.map { xes.cases[$0] })
        #expect(csv.activityOf.map { csv.activities[$0] } == xes.activityOf.map { xes.activities[$0] })
        #expect(csv.groupOf.map { csv.groups[$0] } == xes.groupOf.map { xes.groups[$0] })
    }
}
