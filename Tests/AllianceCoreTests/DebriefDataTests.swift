@testable import AllianceCore
import Testing

/// The debrief's figures on a small case worked out by hand.
@Suite("Debrief data")
struct DebriefDataTests {
    /// Alpha prescribes for Xavi (day 0) and sends it to Beta at once (clean, 0 days), never to
    /// Gamma (omitted at step 3); prescribes for Yolanda (day 1), reaches Beta on day 4 (due
    /// by day 3: late, 3 days), never Gamma (omitted at step 4); starts Xavi's therapy on day
    /// 6 (a review nobody owns, due by day 11), Beta visits on day 20, Alpha reviews on day 30.
    static func smallCase() throws -> Analysis {
        try TestCases.analyze(TestCases.yaml(
            knowledge: "  - { id: rx, label: prescription, needed-by: [{ partner: b, for: [visit] }] }\n",
            therapies: "  - { id: o2, label: home oxygen, starts-on: [start], ends-on: [stop], cost-per-day: cost-per-therapy-day }\n",
            handoffs: """
              - { id: rx-to-b, from: a, to: b, knowledge: rx, trigger: [act], within: 2 }
              - { id: rx-to-c, from: a, to: c, knowledge: rx, trigger: [act], within: 1 }

            """,
            decisions: "  - { id: rev, label: review the therapy, opens-on: [start], due-within: 5, closes-on: [review], overdue-days-unneeded: true }\n",
            timeline: """
              - { day: 0, patient: x, actor: a1, activity: act, produces: [{ knowledge: rx }], sends: [{ knowledge: rx, to: b }] }
              - { day: 1, patient: y, actor: a1, activity: act, produces: [{ knowledge: rx }] }
              - { day: 2, patient: x, actor: c1, activity: look }
              - { day: 4, patient: y, actor: a1, activity: call, sends: [{ knowledge: rx, to: b }] }
              - { day: 6, patient: x, actor: a1, activity: start }
              - { day: 20, patient: x, actor: b1, activity: visit }
              - { day: 30, patient: x, actor: a1, activity: review }

            """))
    }

    @Test func alertsByRuleAlongTheTimeline() throws {
        let a = try Self.smallCase()
        let d = DebriefData(a.state(at: 7), buckets: 3)
        // 7 steps in 3 slices: steps 1-3 (days 0-2), 4-5 (days 4-6), 6-7 (days 20-30).
        #expect(d.alertTimeline.buckets == [
            .init(firstStep: 1, lastStep: 3, firstDay: 0, lastDay: 2),
            .init(firstStep: 4, lastStep: 5, firstDay: 4, lastDay: 6),
            .init(firstStep: 6, lastStep: 7, firstDay: 20, lastDay: 30),
        ])
        #expect(d.alertTimeline.rows == [
            .init(rule: .omittedHandoff, severity: .critical, counts: [1, 1, 0], total: 2),
            .init(rule: .lateHandoff, severity: .warning, counts: [0, 1, 0], total: 1),
            // Opened (warning, step 5), due untaken (critical, step 6), taken late (warning, step 7).
            .init(rule: .ownerlessDecision, severity: .critical, counts: [0, 1, 2], total: 3),
        ])
        #expect(d.alertTimeline.peak == 2)
        // At step 3 only the first omission has been raised; the slices stay the same.
        let early = DebriefData(a.state(at: 3), buckets: 3)
        #expect(early.alertTimeline.buckets == d.alertTimeline.buckets)
        #expect(early.alertTimeline.rows == [.init(rule: .omittedHandoff, severity: .critical, counts: [1, 0, 0], total: 1)])
        // More slices than steps: one per step.
        #expect(DebriefData(a.state(at: 7), buckets: 50).alertTimeline.buckets.count == 7)
    }

    @Test func unneededDaysAndCostPerPatient() throws {
        let d = DebriefData(try Self.smallCase().state(at: 7))
        // Due by the end of day 11, taken on day 30: days 12 to 29, at 10 a day.
        #expect(d.patients == [
            .init(id: "x", name: "Xavi", short: "Xavi", daysOnTherapy: 24, unneededDays: 18, unneededCost: 180),
            .init(id: "y", name: "Yolanda", short: "Yolanda", daysOnTherapy: 0, unneededDays: 0, unneededCost: 0),
            .init(id: "z", name: "Zoe", short: "Zoe", daysOnTherapy: 0, unneededDays: 0, unneededCost: 0),
        ])
        #expect(d.unneededDays == 18 && d.unneededCost == 180)
        #expect(d.currency == "EUR")
    }

    @Test func handoffLatencyPerPairInDays() throws {
        let d = DebriefData(try Self.smallCase().state(at: 7))
        #expect(d.timeUnit == .days)
        #expect(d.latency == [
            // Xavi's at once (0), Yolanda's on day 4 after a trigger on day 1 (3).
            .init(from: "a", to: "b", triggered: 2, received: 2, mean: 1.5, median: 1.5, max: 3),
            .init(from: "a", to: "c", triggered: 2, received: 0, mean: nil, median: nil, max: nil),
        ])
    }

    @Test func theHandoffMatrixCountsByStatus() throws {
        let a = try Self.smallCase()
        let d = DebriefData(a.state(at: 7))
        #expect(d.partners.map(\.id) == ["a", "b", "c"])
        var ab = AnalysisReport.HandoffCounts(), ac = AnalysisReport.HandoffCounts()
        ab.clean = 1
        ab.late = 1
        ac.omitted = 2
        let none = AnalysisReport.HandoffCounts()
        #expect(d.matrix.counts == [[none, ab, ac], [none, none, none], [none, none, none]])
        #expect(d.matrix.emergent.isEmpty)
        #expect(d.handoffPairs.map { "\($0.from)>\($0.to):\($0.counts.total)" } == ["0>1:2", "0>2:2"])
        // At step 2 both of Yolanda's are still pending.
        let early = DebriefData(a.state(at: 2))
        #expect(early.matrix.counts[0][1].clean == 1 && early.matrix.counts[0][1].pending == 1)
        #expect(early.matrix.counts[0][2].pending == 2 && early.matrix.counts[0][2].omitted == 0)
    }

    @Test func sharedKnowledgeIndexPerPair() throws {
        let a = try Self.smallCase()
        // Beta needs both prescriptions (Alpha's): at step 3 it holds Xavi's only.
        let s3 = DebriefData(a.state(at: 3)).sharedKnowledge
        #expect(s3 == [.init(partner: "b", from: "a", held: 1, needed: 2, index: 0.5)])
        #expect(DebriefData(a.state(at: 7)).sharedKnowledge == [.init(partner: "b", from: "a", held: 2, needed: 2, index: 1)])
    }

    @Test func latencyInHoursWhenAHandoffHasAClockWindow() throws {
        let a = try TestCases.analyze(TestCases.yaml(
            knowledge: "  - { id: rx, label: prescription }\n",
            handoffs: "  - { id: rx-to-b, from: a, to: b, knowledge: rx, trigger: [act], within: 4h }\n",
            timeline: """
              - { at: 2024-01-02T08:00:00Z, patient: x, actor: a1, activity: act, produces: [{ knowledge: rx }] }
              - { at: 2024-01-02T10:30:00Z, patient: x, actor: a1, activity: call, sends: [{ knowledge: rx, to: b }] }

            """))
        let d = DebriefData(a.state(at: 2))
        #expect(d.timeUnit == .hours)
        #expect(d.latency == [.init(from: "a", to: "b", triggered: 1, received: 1, mean: 2.5, median: 2.5, max: 2.5)])
    }

    @Test func chartsReadTheData() throws {
        let d = DebriefData(try Self.smallCase().state(at: 7))
        let c = DebriefComparison(baseline: d)
        #expect(c.seriesNames == ["baseline"])
        // Only patients that were on a therapy (or have unneeded days) get a bar.
        #expect(c.unneededDaysChart.rows.map(\.label) == ["Xavi"])
        #expect(c.unneededDaysChart.rows.map(\.texts) == [["18 d"]])
        #expect(c.unneededCostChart.rows.map(\.texts) == [["180.00 EUR"]])
        #expect(c.latencyChart.rows.map(\.short) == ["Alpha to Beta", "Alpha to Gamma"])
        #expect(c.latencyChart.rows.map(\.texts) == [["1.5 d (mean 1.5, max 3; 2/2)"], ["none received (2 due)"]])
        #expect(c.latencyChart.rows.map(\.values) == [[1.5], [nil]])
        #expect(c.sharedKnowledgeChart.rows.map(\.texts) == [["100 % (2/2)"]])
        #expect(c.latencyChart.fraction(1.5) == 1)
    }
}
