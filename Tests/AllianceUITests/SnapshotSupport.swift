import AllianceCore
import AllianceUI
import Foundation
import Testing

/// Golden-file snapshots of rendered grids: the text rows, the role of every cell as one
/// letter (`Role.letter`), then its attributes as one letter (`attributeLetter`). Run with
/// `ALLIANCE_RECORD_SNAPSHOTS=1 swift test` (exactly `1`) to (re)write them, then read the
/// diff before committing: every snapshot a run rewrites is reported as a test issue, so a
/// recording run never passes.
enum Snapshot {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    /// Whether this run rewrites snapshots: only for `ALLIANCE_RECORD_SNAPSHOTS=1`.
    static var recording: Bool { recording(ProcessInfo.processInfo.environment) }
    static func recording(_ environment: [String: String]) -> Bool { environment["ALLIANCE_RECORD_SNAPSHOTS"] == "1" }

    /// The legend of the attributes section, written into every document.
    static let attributeLegend = ". none, u underline, r reverse, d dim, v u+r, w u+d, x r+d, y u+r+d; capital: and bold, B bold"

    /// One letter per combination of attributes: lower case without bold, upper case with it.
    static func attributeLetter(_ a: Attributes) -> Character {
        let rest = a.subtracting(.bold)
        let base: Character = switch rest {
        case []: "."
        case [.underline]: "u"
        case [.reverse]: "r"
        case [.dim]: "d"
        case [.underline, .reverse]: "v"
        case [.underline, .dim]: "w"
        case [.reverse, .dim]: "x"
        default: "y"
        }
        guard a.contains(.bold) else { return base }
        return base == "." ? "B" : Character(base.uppercased())
    }

    /// One letter per cell for its attributes.
    static func attributeRows(_ grid: Grid) -> [String] {
        (0..<grid.height).map { y in String((0..<grid.width).map { x in attributeLetter(grid[x, y].attributes) }) }
    }

    static func document(_ grid: Grid, title: String) -> String {
        var out = "# \(title)\n# \(grid.width)x\(grid.height)\n--- text\n"
        out += grid.textRows.joined(separator: "\n") + "\n--- roles\n"
        out += grid.styleRows.joined(separator: "\n") + "\n"
        out += "--- attributes (\(attributeLegend))\n"
        out += attributeRows(grid).joined(separator: "\n") + "\n"
        return out
    }

    static func assert(_ text: String, named name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let file = directory.appendingPathComponent(name)
        let existing = try? String(contentsOf: file, encoding: .utf8)
        if recording {
            guard existing != text else { return }
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
            Issue.record("recorded snapshot \(name) (\(existing == nil ? "new" : "changed")); read its diff, then run without ALLIANCE_RECORD_SNAPSHOTS", sourceLocation: sourceLocation)
            return
        }
        guard let expected = existing else {
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

@Suite("Snapshot documents")
struct SnapshotDocumentTests {
    @Test func recordsOnlyForExactlyOne() {
        #expect(Snapshot.recording(["ALLIANCE_RECORD_SNAPSHOTS": "1"]))
        for value in ["", "0", "true", "yes", " 1", "01"] {
            #expect(!Snapshot.recording(["ALLIANCE_RECORD_SNAPSHOTS": value]), "\(value)")
        }
        #expect(!Snapshot.recording([:]))
    }

    /// Sixteen combinations, sixteen letters, none of them a role's letter for "normal" text
    /// except the plain one.
    @Test func everyCombinationOfAttributesHasItsOwnLetter() {
        let all = (0..<16).map { Attributes(rawValue: UInt8($0)) }
        let letters = all.map(Snapshot.attributeLetter)
        #expect(Set(letters).count == 16)
        #expect(String(letters) == ".BuUrRvVdDwWxXyY")
    }

    @Test func theAttributesSectionShowsEachCellsAttributes() {
        var grid = Grid(width: 6, height: 1)
        grid.put("ab", x: 0, y: 0, attributes: [.bold])
        grid.put("c", x: 2, y: 0, attributes: [.underline, .reverse])
        grid.put("d", x: 3, y: 0, attributes: [.dim])
        #expect(Snapshot.document(grid, title: "t") == """
            # t
            # 6x1
            --- text
            abcd  
            --- roles
            ......
            --- attributes (\(Snapshot.attributeLegend))
            BBvd..

            """)
    }
}
