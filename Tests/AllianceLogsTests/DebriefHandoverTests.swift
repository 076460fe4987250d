import AllianceCore
import Testing
@testable import AllianceLogs

/// The dashboard's debrief counts handover of work on the case's steps; on a case built from
/// a log it must agree with the metric on the log (itself checked against PM4Py).
@Suite struct DebriefHandoverTests {
    /// (running-example.xes has no org:group: its case takes partners from elsewhere.)
    @Test(arguments: ["receipt.csv.gz", "tiny.xes"])
    func theDebriefsHandoverEqualsTheLogMetric(_ fixture: String) throws {
        let log = try EventLogReader.read(path: LogFixtures.path(fixture))
        let model = try LogCaseBuilder(mapping: nil).buildUnvalidated(log)
        let analysis = Analysis(validated: model)
        let debrief = DebriefData(analysis.state(at: analysis.stepCount))
        let metric = HandoverOfWork.direct(log, by: .partner)
        #expect(Double(debrief.successions) == metric.denominator)
        #expect(!debrief.handover.isEmpty)
        for h in debrief.handover {
            let value = metric.value(from: debrief.partnerName(h.from), to: debrief.partnerName(h.to))
            #expect(value.map { abs($0 - h.share) < 1e-12 } == true, "\(h.from) → \(h.to): \(h.share) vs \(String(describing: value))")
        }
        #expect(debrief.handover.count == metric.pairs.count)
    }

    @Test func tinyHasThreeEqualHandovers() throws {
        let log = try EventLogReader.read(path: LogFixtures.path("tiny.xes"))
        let analysis = Analysis(validated: try LogCaseBuilder(mapping: nil).buildUnvalidated(log))
        let debrief = DebriefData(analysis.state(at: analysis.stepCount))
        #expect(debrief.successions == 3)
        #expect(debrief.handover.map { "\(debrief.partnerName($0.from))>\(debrief.partnerName($0.to)) \($0.count)" }.sorted()
            == ["GP>Caregiver 1", "GP>Hospital 1", "Hospital>OxygenDistributor 1"])
        // Halfway: only the first patient's first handover.
        let early = DebriefData(analysis.state(at: 2))
        #expect(early.successions <= 1)
    }
}
