import Foundation
import Testing
@testable import AllianceCore

/// The JSON report written piece by piece is the encoder's document, byte for byte.
@Suite struct StreamedJSONTests {
    func streamed(_ report: AnalysisReport) -> String {
        var out: [UInt8] = []
        ReportRenderer.writeJSON(report) { out += $0 }
        return String(decoding: out, as: UTF8.self)
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

    @Test func theDocumentIsWrittenInPieces() {
        let analysis = Analysis(validated: BuiltinCase.model)
        let report = AnalysisReport(analysis.state(at: analysis.stepCount))
        // The built-in case's document is small: one piece. A generated case's is written in
        // pieces of about a megabyte, none much larger.
        var pieces: [Int] = []
        ReportRenderer.writeJSON(report) { pieces.append($0.count) }
        #expect(pieces.count == 1)
        let big = Analysis(validated: SyntheticCase.make(patients: 400, steps: 20_000, seed: 3))
        let bigReport = AnalysisReport(big.state(at: big.stepCount))
        pieces = []
        ReportRenderer.writeJSON(bigReport) { pieces.append($0.count) }
        let total = pieces.reduce(0, +)
        #expect(total == ReportRenderer.jsonData(bigReport).count)
        #expect(pieces.count >= total / (2 << 20), "\(pieces.count) pieces for \(total) bytes")
        // A piece is a megabyte plus at most one batch of 64 elements.
        #expect(pieces.max()! < 2 << 20, "no piece much over a megabyte: \(pieces.max()!)")
    }
}
