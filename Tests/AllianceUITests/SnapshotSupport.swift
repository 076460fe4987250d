import AllianceCore
import AllianceUI
import Foundation
import Testing

/// Golden-file snapshots of rendered grids: the text rows, then the role of every cell as
/// one letter (`Role.letter`). Run with `ALLIANCE_RECORD_SNAPSHOTS=1 swift test` to
/// (re)write them, then read the diff before committing.
enum Snapshot {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    static func document(_ grid: Grid, title: String) -> String {
        var out = "# \(title)\n# \(grid.width)x\(grid.height)\n--- text\n"
        out += grid.textRows.joined(separator: "\n") + "\n--- roles\n"
        out += grid.styleRows.joined(separator: "\n") + "\n"
        return out
    }

    static func assert(_ text: String, named name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let file = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["ALLIANCE_RECORD_SNAPSHOTS"] != nil {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record("no snapshot \(name); run ALLIANCE_RECORD_SNAPSHOTS=1 swift test to record it", sourceLocation: sourceLocation)
            return
        }
        if expected != text {
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let a = text.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(e.count, a.count)
            let shown = first < a.count ? String(a[first]) : "<end>"
            let wanted = first < e.count ? String(e[first]) : "<end>"
            Issue.record("snapshot \(name) differs at line \(first + 1):\n  expected: \(wanted)\n  actual:   \(shown)", sourceLocation: sourceLocation)
        }
    }
}

extension AppState {
    /// The built-in case at a step and size.
    static func builtIn(step: Int, size: Size = Size(width: 100, height: 30), patient: Int? = nil, theme: String = "default") -> AppState {
        AppState(analysis: Analysis(validated: BuiltinCase.model), step: step, patient: patient, themeNames: [theme], size: size)
    }
}
