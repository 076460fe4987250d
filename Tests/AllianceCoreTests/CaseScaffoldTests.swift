import Testing
@testable import AllianceCore

/// `alliance new`: the starting case reads, and its story raises one alert of each kind.
@Suite struct CaseScaffoldTests {
    @Test(arguments: [(3, 2), (4, 3), (8, 12), (50, 40)])
    func theStartingCasePassesCheckAndRaisesEveryKindOfAlert(partners: Int, patients: Int) throws {
        let text = CaseScaffold.text(partners: partners, patients: patients)
        let model = try CaseFileDecoder().decode(yaml: text, path: "new.yaml")
        #expect(model.partners.count == partners)
        #expect(model.patients.count == patients)
        let analysis = Analysis(validated: model)
        let rules = Set(analysis.alerts.map(\.rule))
        #expect(rules == Set(AlertRule.allCases), "missing: \(Set(AlertRule.allCases).subtracting(rules))")
        // The further patients' journeys raise nothing: the story's alerts are the same at every size.
        let base = Analysis(validated: try CaseFileDecoder().decode(yaml: CaseScaffold.text(), path: "new.yaml"))
        #expect(analysis.alerts.map(\.message) == base.alerts.map(\.message))
    }

    @Test func everySectionHasItsOneLineComment() {
        let lines = CaseScaffold.text().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for key in ["case", "partners", "patients", "activities", "knowledge", "therapies", "routines", "handoffs", "decisions", "timeline"] {
            let i = lines.firstIndex(of: "\(key):")
            #expect(i != nil, "section \(key)")
            if let i { #expect(i > 0 && lines[i - 1].hasPrefix("# "), "a comment above \(key)") }
        }
    }
}
