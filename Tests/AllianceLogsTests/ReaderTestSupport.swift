import Foundation
import Testing
@testable import AllianceLogs

/// Fixtures committed beside the tests, and temporary files written by a test.
enum LogFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// A fresh temporary file holding `bytes`, named `name` (its extension picks the format).
    static func temporary(_ name: String, _ bytes: [UInt8]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("alliance-logs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    static func temporary(_ name: String, _ text: String) throws -> String {
        try temporary(name, Array(text.utf8))
    }

    /// The error reading `path` raises, as its whole message (nil when it reads).
    static func readError(_ path: String, options: EventLogReadOptions = EventLogReadOptions()) -> String? {
        do {
            _ = try EventLogReader.read(path: path, options: options)
            return nil
        } catch {
            return error.description
        }
    }

    /// The events of a log as readable rows: case, activity, resource, group, role, ms.
    static func rows(_ log: EventLog) -> [String] {
        (0..<log.count).map { e in
            func name(_ table: NameTable, _ i: Int32) -> String { i == EventLog.none ? "-" : table[i] }
            return [
                log.cases[log.caseOf[e]], log.activities[log.activityOf[e]], name(log.resources, log.resourceOf[e]),
                name(log.groups, log.groupOf[e]), name(log.roles, log.roleOf[e]), String(log.timeOf[e]),
            ].joined(separator: "|")
        }
    }
}
