import AllianceCore
@testable import AllianceUI
import Testing

@Suite("The patient's handoff record says an omitted, superseded handoff was never sent")
struct SupersededHandoffOverlayTests {
    @Test func peresFirstReportIsNeverSentAndSuperseded() throws {
        let analysis = Analysis(validated: BuiltinCase.model)
        let pere = try #require(analysis.model.patients.firstIndex { $0.id == "pere" })
        var s = AppState(analysis: analysis, step: analysis.stepCount, patient: pere, themeNames: ["default"], size: Size(width: 200, height: 60))
        s.overlay = .handoffs(patient: pere)
        let text = DashboardRenderer.render(s).textRows.joined(separator: "\n")
        // Steps located by content (patient, activity, day), not by number.
        let m = analysis.model
        func step(_ activity: String, day: Int) throws -> Int {
            try #require(analysis.patientSteps(pere).first { analysis.activity(ofStep: $0).map { m.activities[$0].id } == activity && analysis.day(of: analysis.time(ofStep: $0)) == day })
        }
        let prescribe = try step("prescribe-o2", day: 17), review = try step("review-o2", day: 56)
        let omitted = try #require(analysis.handoffs.first { $0.patient == pere && $0.triggerStep == prescribe && m.handoffs[$0.spec].id == "report-to-gp" }?.omittedStep)
        #expect(text.contains("triggered at step \(prescribe) (day 17), due day 31; omitted at step \(omitted); never sent; superseded on day 56 (step \(review))"))
        // Near miss: the review's own report was received, so it says so and nothing about superseding.
        #expect(text.contains("triggered at step \(review) (day 56), due day 70; received at step \(review) (day 56)\n") || text.contains("triggered at step \(review) (day 56), due day 70; received at step \(review) (day 56) "))
    }
}
