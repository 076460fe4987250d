import AllianceCore
import Testing

@Suite("Case files: errors name the file, line and column")
struct CaseFileDecoderTests {
    @Test func everySemanticProblemIsReportedWithItsLineAndASuggestion() {
        let text = """
        alliance-case: 1
        case:
          title: Broken
          day-zero: 2024-01-08
        partners:
          - id: primary
            name: Primary care
            actors: [{ id: gp, name: Dr Puig, role: gp }]
          - id: primary
            name: Again
            actors: [{ id: nurse, name: Anna, role: nurse }]
        patients:
          - { id: joan, name: Joan }
        activities:
          - { id: visit, label: visits }
        knowledge:
          - { id: report, label: report }
        handoffs:
          - { id: h, from: primary, to: hospitl, knowledge: report, trigger: [visit], within: 2 }
        timeline:
          - { day: 5, patient: joan, actor: gp, activity: visit }
          - { day: 3, patient: joan, actor: gp, activity: visit, produces: [{ knowledge: reprot }] }
          - { day: 6, patient: jaon, actor: gp, activity: visit }
          - { day: 7, patient: joan, actor: gp, activity: visit, sends: [{ knowledge: report, to: primary }] }

        """
        #expect(TestCases.problems(text, path: "broken.yaml") == """
        broken.yaml:9:9: error: duplicate partner id 'primary' (first declared at line 6); 'hospitl' (line 19) is used but not declared: is this its declaration?
         9 |   - id: primary
           |         ^
        broken.yaml:22:12: error: time goes backwards at step 2: day 3 is before day 5 of step 1
         22 |   - { day: 3, patient: joan, actor: gp, activity: visit, produces: [{ knowledge: reprot }] }
            |            ^
        broken.yaml:22:82: error: unknown knowledge type 'reprot' in step 2 (did you mean 'report'?)
         22 |   - { day: 3, patient: joan, actor: gp, activity: visit, produces: [{ knowledge: reprot }] }
            |                                                                                  ^
        broken.yaml:23:24: error: unknown patient 'jaon' in step 3 (did you mean 'joan'?)
         23 |   - { day: 6, patient: jaon, actor: gp, activity: visit }
            |                        ^
        broken.yaml:24:79: error: step 4 sends 'report' about 'joan', but Primary care does not hold it at that step; add it to 'produces' here or to an earlier step
         24 |   - { day: 7, patient: joan, actor: gp, activity: visit, sends: [{ knowledge: report, to: primary }] }
            |                                                                               ^
        broken.yaml:24:91: error: step 4 sends 'report' to 'primary', the actor's own partner; list only other partners in 'to'
         24 |   - { day: 7, patient: joan, actor: gp, activity: visit, sends: [{ knowledge: report, to: primary }] }
            |                                                                                           ^
        """)
    }

    @Test func shapeProblemsAreAllReported() {
        let text = """
        alliance-case: 1
        case:
          title: Shapes
          day-zero: 2024-01-08
          colour: red
        partners:
          - id: a
            name: A
            actors: []
        patients: joan
        activities:
          - { id: visit }
        timeline:
          - { day: soon, patient: joan, actor: gp, activity: visit }

        """
        #expect(TestCases.problems(text, path: "shapes.yaml") == """
        shapes.yaml:5:3: error: unknown key 'colour' in 'case'
         5 |   colour: red
           |   ^
        shapes.yaml:9:13: error: a partner needs at least one actor
         9 |     actors: []
           |             ^
        shapes.yaml:10:11: error: expected 'patients' as a list, found 'joan'
         10 | patients: joan
            |           ^
        shapes.yaml:12:5: error: missing required key 'label' in an activity
         12 |   - { id: visit }
            |     ^
        shapes.yaml:14:12: error: expected 'day' to be a whole number, found 'soon'
         14 |   - { day: soon, patient: joan, actor: gp, activity: visit }
            |            ^
        """)
    }

    @Test func aSyntaxErrorPointsAtTheProblem() {
        let text = "alliance-case: 1\ncase:\n  title: [unclosed\n  day-zero: 2024-01-08\n"
        let problems = TestCases.problems(text, path: "syntax.yaml")
        #expect(problems.hasPrefix("syntax.yaml:4:11: error: invalid YAML: "))
        #expect(problems.contains("\n 4 |   day-zero: 2024-01-08\n   |           ^"))
    }

    @Test func duplicateKeysAreASyntaxError() {
        let text = "alliance-case: 1\nalliance-case: 1\n"
        #expect(TestCases.problems(text, path: "dup.yaml").hasPrefix("dup.yaml:1:1: error: duplicate key 'alliance-case' in the same mapping"))
    }

    @Test func anEmptyFileSaysWhatWasExpected() {
        #expect(TestCases.problems("", path: "empty.yaml") == """
        empty.yaml:1:1: error: the file is empty; expected a case starting with 'alliance-case: 1'
        """)
    }

    @Test func aMissingFileIsOneMessageNamingIt() {
        #expect(throws: CaseFileError.self) { try CaseFileDecoder().load(path: "/nonexistent/case.yaml") }
        do {
            _ = try CaseFileDecoder().load(path: "/nonexistent/case.yaml")
        } catch {
            #expect(error.rendered == "/nonexistent/case.yaml: error: no such file")
        }
    }

    @Test func controlCharactersInTheFileNeverReachTheMessage() {
        let text = "alliance-case: 1\ncase:\n  title: T\n  day-zero: 2024-01-08\n  \"bad\\e[31mkey\": 1\n"
        let problems = TestCases.problems(text, path: "esc.yaml")
        #expect(!problems.contains("\u{1B}"))
        #expect(problems.contains("unknown key"))
    }

    @Test func encodingAModelAndDecodingItGivesItBack() throws {
        for model in [BuiltinCase.model, SyntheticCase.make(patients: 20, steps: 400, seed: 5)] {
            let text = CaseFileEncoder().encode(model)
            let back = try CaseFileDecoder().decode(yaml: text, path: "roundtrip.yaml")
            #expect(back == model)
        }
        var tricky = BuiltinCase.model
        tricky.info.title = "Quotes \" and \\ and: colons, # hashes, tabs\tand\nnewlines, 病院, \u{1B}[31m"
        let back = try CaseFileDecoder().decode(yaml: CaseFileEncoder().encode(tricky), path: "tricky.yaml")
        #expect(back.info.title == tricky.info.title)
    }
}
