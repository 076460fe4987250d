import AllianceCore
import AllianceUI
import Testing

@Suite("Text from case files on screen: wide characters and hostile bytes")
struct HostileTextTests {
    /// The built-in case with names a renderer can get wrong.
    static func hostileCase() -> Analysis {
        var m = BuiltinCase.model
        m.info.title = "在宅酸素療法 \u{1B}[2J\u{1B}]0;pwned\u{7} case"
        m.partners[0].name = "病院 Primary \u{202E}erac\u{202C} 🏥"
        m.partners[1].actors[0].name = "Dr 王\tVidal\r\n"
        m.patients[0].name = "Zoë 김\u{0}Ferrer"
        m.timeline[0].note = "line one\nline two \u{1B}[31mred\u{1B}[0m"
        return Analysis(validated: m)
    }

    @Test(arguments: [Size(width: 100, height: 30), Size(width: 80, height: 24), Size(width: 137, height: 41)])
    func everyRowIsExactlyTheTerminalWidthAndNoControlCharacterSurvives(_ size: Size) {
        let analysis = Self.hostileCase()
        for step in [0, 1, 3, 15, analysis.stepCount] {
            for overlay: Overlay? in [nil, .step(1), .partner(0), .help, .debrief] {
                var state = AppState(analysis: analysis, step: step, patient: 0, size: size)
                state.overlay = overlay
                let grid = DashboardRenderer.render(state)
                for (y, row) in grid.textRows.enumerated() {
                    #expect(DisplayWidth.of(row) == size.width, "row \(y) at step \(step): \(row)")
                    #expect(!row.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || (0x202A...0x202E).contains($0.value) },
                            "row \(y) at step \(step)")
                }
                // A wide character is always followed by its continuation cell.
                for y in 0..<grid.height {
                    for x in 0..<grid.width where !grid[x, y].isContinuation && DisplayWidth.of(grid[x, y].text) == 2 {
                        #expect(x + 1 < grid.width && grid[x + 1, y].isContinuation)
                    }
                }
            }
        }
    }

    @Test func wideNamesAppearWhole() {
        let grid = DashboardRenderer.render(AppState(analysis: Self.hostileCase(), step: 1, patient: 0))
        let text = grid.textRows.joined(separator: "\n")
        #expect(text.contains("在宅酸素療法"))
        #expect(text.contains("病院 Primary"))
        #expect(text.contains("Zoë 김"))
        #expect(!text.contains("pwned\u{7}"))
    }
}
