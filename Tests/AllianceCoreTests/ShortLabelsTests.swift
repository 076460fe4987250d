import AllianceCore
import Testing

@Suite struct ShortLabelsTests {
    @Test func organisationsKeepWhatDiffers() {
        #expect(ShortLabels.organisations(["Hospital del Mar", "Hospital Litoral", "Primary care"])
            == ["H. del Mar", "H. Litoral", "Primary"])
        #expect(ShortLabels.organisations(["Hospital Litoral", "Oxigen Llar", "CatSalut"]) == ["Hospital", "Oxigen", "CatSalut"])
    }

    @Test func peopleKeepTheirInitial() {
        #expect(ShortLabels.people(["Joan Ferrer", "Joan Puig", "Maria Soler"]) == ["Joan F.", "Joan P.", "Maria"])
        #expect(ShortLabels.people(["Dr Puig", "Dr Serra", "Anna"]) == ["Dr Puig", "Dr Serra", "Anna"])
        #expect(ShortLabels.people(["Patient 801", "Patient 802"]) == ["Patient 801", "Patient 802"])
    }

    @Test func declaredLabelsWinAndAreNeverGivenTwice() {
        // The second name would compute "Joan", which the first declares.
        #expect(ShortLabels.people(["Joan Ferrer", "Joan", "Pere Casals"], declared: ["Joan", nil, nil]) == ["Joan", "Joan (1)", "Pere"])
        #expect(ShortLabels.people(["Joan Ferrer", "Joan Puig"], declared: [nil, "JP"]) == ["Joan", "JP"])
    }

    @Test func identicalNamesAreNumbered() {
        #expect(ShortLabels.people(["Anna Vila", "Anna Vila"]) == ["Anna Vila (1)", "Anna Vila (2)"])
    }

    @Test func builtinCaseLabelsAreUniqueAndShort() throws {
        let labels = try Analysis(BuiltinCase.model).labels
        #expect(labels.partners == ["Primary", "Hospital", "Oxigen", "CatSalut"])
        #expect(labels.patients == ["Joan", "Maria", "Pere"])
        for list in [labels.partners, labels.patients, labels.actors] { #expect(Set(list).count == list.count) }
    }

    @Test func generatedCaseLabelsTellPatientsApart() throws {
        let labels = try Analysis(SyntheticCase.make(patients: 40, steps: 400)).labels
        #expect(labels.patients.prefix(3) == ["Patient 1", "Patient 2", "Patient 3"])
        #expect(Set(labels.patients).count == 40)
        #expect(labels.actors.prefix(5) == ["GP 1", "GP 2", "GP 3", "GP 4", "Pulmonologist"])
        #expect(labels.partners == ["Primary", "Hospital", "Home"])
    }

    @Test func declaredShortsRoundTripAndMustBeUnique() throws {
        let text = TestCases.yaml(
            patients: "  - { id: x, name: Xavi Roig, short: XR }\n  - { id: y, name: Yolanda, short: XR }\n",
            timeline: "  - { day: 1, patient: x, actor: a1, activity: act }\n")
        #expect(TestCases.problems(text) == """
            test.yaml:13:36: error: duplicate short label 'XR': another patient already declares it (line 12)
             13 |   - { id: y, name: Yolanda, short: XR }
                |                                    ^
            """)
        let ok = text.replacingOccurrences(of: "name: Yolanda, short: XR", with: "name: Yolanda")
            .replacingOccurrences(of: "{ id: a1, name: Ann, role: ra }", with: "{ id: a1, name: Ann, short: A, role: ra }")
        let model = try CaseFileDecoder().decode(yaml: ok, path: "ok.yaml")
        #expect(model.patients.map(\.short) == ["XR", nil])
        #expect(model.partners[0].actors[0].short == "A")
        let again = try CaseFileDecoder().decode(yaml: CaseFileEncoder().encode(model), path: "again.yaml")
        #expect(again == model)
        #expect(Analysis(validated: model).labels.patients == ["XR", "Yolanda"])
    }

    @Test func unknownKeysNextToShortAreStillReported() {
        let text = TestCases.yaml(
            patients: "  - { id: x, name: Xavi, shortname: X }\n",
            timeline: "  - { day: 1, patient: x, actor: a1, activity: act }\n")
        #expect(TestCases.problems(text).contains("unknown key 'shortname'"))
    }

    /// Two patients with the same name: every sentence names them by their distinct labels.
    @Test func sentencesTellSameNamedPatientsApart() throws {
        let text = TestCases.yaml(
            patients: "  - { id: x, name: Anna Vila }\n  - { id: y, name: Anna Vila }\n",
            knowledge: "  - { id: k, label: note, needed-by: [{ partner: b, for: [look] }] }\n",
            timeline: """
              - { day: 1, patient: x, actor: a1, activity: act, produces: [{ knowledge: k }] }
              - { day: 2, patient: x, actor: b1, activity: look }
              - { day: 3, patient: y, actor: a1, activity: act, produces: [{ knowledge: k }] }
              - { day: 4, patient: y, actor: b1, activity: look }

            """)
        let analysis = try TestCases.analyze(text)
        #expect(analysis.labels.patientNames == ["Anna Vila (1)", "Anna Vila (2)"])
        #expect(analysis.patientName(0) == "Anna Vila (1)")
        let messages = analysis.alerts.filter { $0.rule == .uninformedAction }.map(\.message)
        #expect(messages == [
            "Anna Vila (1): Bob (Beta) looks without the note, held by Alpha since day 1",
            "Anna Vila (2): Bob (Beta) looks without the note, held by Alpha since day 3",
        ])
        // Distinct names stay whole.
        #expect(analysis.partnerName(1) == "Beta")
        // The reports tell them apart too (their handoff and matrix tables go by these names).
        let report = AnalysisReport(analysis.state(at: analysis.stepCount))
        #expect(report.patients.map(\.name) == ["Anna Vila (1)", "Anna Vila (2)"])
        #expect(report.partners.map(\.name) == ["Alpha", "Beta", "Gamma"])
    }
}

