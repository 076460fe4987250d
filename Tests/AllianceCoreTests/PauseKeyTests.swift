import AllianceCore
import Testing

/// `pause:` on a timeline step: where autoplay stops.
@Suite("The case format's pause key")
struct PauseKeyTests {
    static let text = TestCases.yaml(timeline: """
          - { day: 1, patient: x, actor: a1, activity: act, pause: true }
          - { day: 2, patient: x, actor: b1, activity: act, question: "Why?", pause: false }
          - { day: 3, patient: x, actor: c1, activity: act, question: "Who?" }
          - { day: 4, patient: x, actor: a1, activity: act }

        """)

    @Test func pauseIsReadAndDecidesThePausePoints() throws {
        let model = try CaseFileDecoder().decode(yaml: Self.text, path: "test.yaml")
        #expect(model.timeline.map(\.pause) == [true, false, nil, nil])
        #expect(model.timeline.map(\.isPausePoint) == [true, false, true, false])
    }

    @Test func pauseSurvivesWritingAndReadingBack() throws {
        let model = try CaseFileDecoder().decode(yaml: Self.text, path: "test.yaml")
        let written = CaseFileEncoder().encode(model)
        #expect(written.components(separatedBy: "\n").filter { $0.contains("pause:") } == ["    pause: true", "    pause: false"])
        let back = try CaseFileDecoder().decode(yaml: written, path: "back.yaml")
        #expect(back == model)
    }

    @Test func anUnknownValueIsAnErrorAtItsLineAndColumn() {
        let text = TestCases.yaml(timeline: "  - { day: 1, patient: x, actor: a1, activity: act, pause: sometimes }\n")
        let line = text.components(separatedBy: "\n").firstIndex { $0.contains("pause: sometimes") }! + 1
        let column = text.components(separatedBy: "\n")[line - 1].range(of: "sometimes")!.lowerBound.utf16Offset(in: text.components(separatedBy: "\n")[line - 1]) + 1
        let problems = TestCases.problems(text)
        #expect(problems.components(separatedBy: "\n").first == "test.yaml:\(line):\(column): error: expected 'pause' to be true or false, found 'sometimes'")
    }
}
