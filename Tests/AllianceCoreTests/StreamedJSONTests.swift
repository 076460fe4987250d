import Foundation
import Testing
@testable import AllianceCore

/// The JSON report written piece by piece is the encoder's document, byte for byte.
@Suite struct StreamedJSONTests {
    func streamed(_ report: AnalysisReport) -> String {
        var out = ""
        var pieces = 0
        ReportRenderer.writeJSON(report) { out += $0; pieces += 1 }
        return out
    }

    @Test func sameBytesAsTheEncoderAtEveryStepOfTheBuiltInCase() {
        let analysis = Analysis(validated: BuiltinCase.model)
        for k in 0...analysis.stepCount {
            let report = AnalysisReport(analysis.state(at: k))
            let whole = String(decoding: ReportRenderer.jsonData(report), as: UTF8.self)
            #expect(streamed(report) == whole, "step \(k)")
        }
    }

    @Test func sameBytesWithMechanismsAndAnnotationsAndOnAGeneratedCase() {
        let analysis = Analysis(validated: BuiltinCase.model)
        var report = AnalysisReport(MechanismComparison(baseline: analysis, mechanisms: ["named-reviewer", "shared-record"]), at: 30)
        report.attachAnnotations([Annotation(id: "a1", step: 3, patient: "maria", text: "Nobody \"told\" the GP\nin time", created: "2026-11-29T08:00:00Z")],
                                 analysis: analysis)
        #expect(streamed(report) == String(decoding: ReportRenderer.jsonData(report), as: UTF8.self))
        let generated = Analysis(validated: SyntheticCase.make(patients: 60, steps: 3_000, seed: 7))
        for k in [0, 1, 1_500, 3_000] {
            let r = AnalysisReport(generated.state(at: k))
            #expect(streamed(r) == String(decoding: ReportRenderer.jsonData(r), as: UTF8.self), "generated, step \(k)")
        }
    }

    @Test func theListsAreWrittenAnElementAtATime() {
        let analysis = Analysis(validated: BuiltinCase.model)
        let report = AnalysisReport(analysis.state(at: analysis.stepCount))
        var pieces: [String] = []
        ReportRenderer.writeJSON(report) { pieces.append($0) }
        #expect(pieces.count >= report.alerts.count + report.handoffs.count + report.partners.count + report.patients.count)
        #expect(pieces.map(\.utf8.count).max()! < ReportRenderer.jsonData(report).count / 4, "no piece is a large part of the document")
    }
}
