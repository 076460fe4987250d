import AllianceCore
import Foundation
import Testing
@testable import AllianceLogs

/// A log built by hand: each event is (case, activity, resource or nil, group or nil, time).
func makeLog(_ rows: [(String, String, String?, String?, Int64)]) -> EventLog {
    var log = EventLog(source: "hand", format: .csv)
    for (c, a, r, g, t) in rows {
        let ci = log.cases.intern(c), ai = log.activities.intern(a)
        let ri = r.map { log.resources.intern($0) } ?? EventLog.none
        let gi = g.map { log.groups.intern($0) } ?? EventLog.none
        log.append(case: ci, activity: ai, resource: ri, group: gi, time: t)
    }
    return log
}

/// Pairs by name, for whole-matrix comparisons.
func byName(_ m: PairMetric) -> [String: Double] {
    var out: [String: Double] = [:]
    for p in m.pairs { out["\(m.names[Int(p.from)])>\(m.names[Int(p.to)])"] = p.value }
    return out
}

@Suite struct HandoverOfWorkTests {
    // Case c1: GP, Hospital, Hospital, GP (by time; the file lists them out of order).
    // Case c2: GP, Caregiver. Case c3: a single event.
    let log = makeLog([
        ("c1", "x", "ann", "Hospital", 20),
        ("c1", "x", "bob", "GP", 10),
        ("c2", "x", "ann", "GP", 5),
        ("c1", "x", "cy", "Hospital", 30),
        ("c1", "x", "dee", "GP", 40),
        ("c2", "x", "eve", "Caregiver", 6),
        ("c3", "x", "eve", "Caregiver", 1),
    ])

    @Test func directSuccessionCountsEveryTransferOverAllSuccessions() {
        let m = HandoverOfWork.direct(log, by: .partner)
        #expect(m.denominator == 4)  // (4 − 1) + (2 − 1) + 0
        #expect(byName(m) == ["GP>Hospital": 0.25, "Hospital>Hospital": 0.25, "Hospital>GP": 0.25, "GP>Caregiver": 0.25])
        // In PM4Py's order: by from name, then to name.
        #expect(m.pairs.map { "\(m.names[Int($0.from)])>\(m.names[Int($0.to)])" }
            == ["GP>Caregiver", "GP>Hospital", "Hospital>GP", "Hospital>Hospital"])
        #expect(m.pairs.map(\.weight) == [1, 1, 1, 1])
        #expect(m.value(from: "GP", to: "Hospital") == 0.25)
        #expect(m.value(from: "Caregiver", to: "GP") == 0)
        #expect(m.value(from: "Nobody", to: "GP") == nil)
    }

    @Test func directSuccessionIgnoringMultipleTransfersIsTheShareOfCases() {
        let twice = makeLog([
            ("a", "x", nil, "P", 1), ("a", "x", nil, "Q", 2), ("a", "x", nil, "P", 3), ("a", "x", nil, "Q", 4),
            ("b", "x", nil, "P", 1), ("b", "x", nil, "Q", 2),
            ("c", "x", nil, "Q", 1),
            ("d", "x", nil, "P", 1),
        ])
        let m = HandoverOfWork.directCases(twice, by: .partner)
        #expect(m.denominator == 4)
        #expect(byName(m) == ["P>Q": 0.5, "Q>P": 0.25])
        #expect(m.pairs.map(\.weight) == [2, 1])
        // With multiple transfers, P>Q counts three times of four successions.
        #expect(byName(HandoverOfWork.direct(twice, by: .partner)) == ["P>Q": 0.75, "Q>P": 0.25])
    }

    @Test func indirectSuccessionWeighsDistanceNByBetaToTheNMinusOne() {
        let aba = makeLog([("c", "x", nil, "A", 1), ("c", "x", nil, "B", 2), ("c", "x", nil, "A", 3)])
        let m = HandoverOfWork.indirect(aba, by: .partner, beta: 0.5)
        #expect(m.denominator == 2.5)  // two successions at distance 1, one at distance 2 (× 0.5)
        #expect(byName(m) == ["A>B": 0.4, "B>A": 0.4, "A>A": 0.2])
        let capped = HandoverOfWork.indirect(aba, by: .partner, beta: 0.5, depthCap: 1)
        #expect(capped.denominator == 2)
        #expect(byName(capped) == ["A>B": 0.5, "B>A": 0.5])
        #expect(capped.depthCap == 1)
    }

    @Test func indirectSuccessionAgreesWithTheDoubleLoopCappedOrNot() {
        // A pseudo-random log with some missing partners and long cases, against the
        // definition computed naively.
        var rows: [(String, String, String?, String?, Int64)] = []
        var s: UInt64 = 42
        func next(_ n: UInt64) -> UInt64 {
            s = s &* 6364136223846793005 &+ 1442695040888963407
            return (s >> 33) % n
        }
        for c in 0..<30 {
            let length = Int(next(40)) + 1
            for i in 0..<length {
                let g = next(10)
                rows.append(("case\(c)", "x", nil, g == 9 ? nil : "P\(g % 7)", Int64(i)))
            }
        }
        let log = makeLog(rows)
        let order = log.caseOrder()
        for beta in [0.3, 0.5, 1.0] {
            for cap in [nil, 1, 3, 100] as [Int?] {
                var expected: [String: Double] = [:]
                var denominator = 0.0
                var skipped = 0
                for c in order.cases {
                    let seq = order.events(ofCase: c).map { log.groupOf[Int($0)] }
                    for i in seq.indices {
                        for j in (i + 1)..<max(i + 1, seq.count) where j - i <= (cap ?? Int.max) {
                            guard seq[i] >= 0, seq[j] >= 0 else { skipped += 1; continue }
                            let w = pow(beta, Double(j - i - 1))
                            expected["\(log.groups[seq[i]])>\(log.groups[seq[j]])", default: 0] += w
                            denominator += w
                        }
                    }
                }
                let m = HandoverOfWork.indirect(log, by: .partner, beta: beta, depthCap: cap)
                #expect(abs(m.denominator - denominator) < 1e-9 * denominator)
                #expect(m.successionsSkipped == skipped)
                let got = byName(m)
                #expect(Set(got.keys) == Set(expected.keys))
                for (key, w) in expected { #expect(abs(got[key]! - w / denominator) < 1e-12, "\(key) β=\(beta) cap=\(String(describing: cap))") }
            }
        }
    }

    @Test func eventsWithoutAPerformerTakePartInNoSuccession() {
        // P, (none), Q, R: only Q→R is a succession between known partners.
        let gap = makeLog([
            ("c", "x", nil, "P", 1), ("c", "x", nil, nil, 2), ("c", "x", nil, "Q", 3), ("c", "x", nil, "R", 4),
        ])
        let m = HandoverOfWork.direct(gap, by: .partner)
        #expect(m.denominator == 1)
        #expect(byName(m) == ["Q>R": 1])
        #expect(m.eventsWithoutPerformer == 1)
        #expect(m.successionsSkipped == 2)
        let indirect = HandoverOfWork.indirect(gap, by: .partner, beta: 0.5)
        // Known pairs: P→Q (distance 2, 0.5), P→R (distance 3, 0.25), Q→R (1).
        #expect(indirect.denominator == 1.75)
        let expected: [String: Double] = ["P>Q": 0.5 / 1.75, "P>R": 0.25 / 1.75, "Q>R": 1 / 1.75]
        #expect(byName(indirect) == expected)
        #expect(indirect.successionsSkipped == 3)
        let together = WorkingTogether.compute(gap, by: .partner)
        #expect(together.denominator == 1)
        #expect(byName(together) == ["P>Q": 1, "Q>P": 1, "P>R": 1, "R>P": 1, "Q>R": 1, "R>Q": 1])
    }

    @Test func workingTogetherCountsCasesWithBothOverTheNumberOfCases() {
        let m = WorkingTogether.compute(log, by: .partner)
        #expect(m.denominator == 3)
        let third = 1.0 / 3
        let expected: [String: Double] = ["GP>Hospital": third, "Hospital>GP": third, "GP>Caregiver": third, "Caregiver>GP": third]
        #expect(byName(m) == expected)
        #expect(!m.isDirected)
        // Listed once per unordered pair, ties ranked as PM4Py (greater names first).
        #expect(m.top(10).map { "\(m.names[Int($0.from)])+\(m.names[Int($0.to)])" } == ["GP+Hospital", "Caregiver+GP"])
        let resources = WorkingTogether.compute(log, by: .resource)
        #expect(byName(resources)["ann>eve"] == 1.0 / 3)  // c2
        #expect(byName(resources)["ann>bob"] == 1.0 / 3)  // c1
        #expect(byName(resources)["bob>eve"] == nil)
    }

    @Test func topRanksByValueThenByGreaterNamesAsPM4Py() {
        let m = HandoverOfWork.direct(log, by: .partner)  // four pairs, all 0.25
        #expect(m.top(3).map { "\(m.names[Int($0.from)])>\(m.names[Int($0.to)])" }
            == ["Hospital>Hospital", "Hospital>GP", "GP>Hospital"])
    }

    @Test func aLargePerformerTableUsesTheSparseStoreWithTheSameResult() {
        // 2,100 resources: 2,100² cells exceed the dense limit.
        var rows: [(String, String, String?, String?, Int64)] = []
        for i in 0..<2100 { rows.append(("c\(i % 3)", "x", "r\(i)", nil, Int64(i))) }
        let log = makeLog(rows)
        #expect(log.resources.count * log.resources.count > PairAccumulator.denseLimit)
        let m = HandoverOfWork.direct(log, by: .resource)
        #expect(m.denominator == 2097)
        #expect(m.pairs.count == 2097)
        #expect(m.value(from: "r0", to: "r3") == 1.0 / 2097)
        let cases = HandoverOfWork.directCases(log, by: .resource)
        #expect(cases.value(from: "r1", to: "r4") == 1.0 / 3)
    }
}

@Suite struct RoutinesTests {
    // c1: A B C A B C; c2: A B D; c3: A (shorter than n).
    let log = makeLog([
        ("c1", "A", nil, nil, 1), ("c1", "B", nil, nil, 2), ("c1", "C", nil, nil, 3),
        ("c1", "A", nil, nil, 4), ("c1", "B", nil, nil, 5), ("c1", "C", nil, nil, 6),
        ("c2", "A", nil, nil, 1), ("c2", "B", nil, nil, 2), ("c2", "D", nil, nil, 3),
        ("c3", "A", nil, nil, 1),
    ])

    @Test func bigramsAreCountedPerOccurrenceAndPerCase() {
        let r = Routines.compute(log, n: 2, k: 10)
        let rows = r.top.map { "\(r.names(of: $0).joined(separator: " ")):\($0.occurrences):\($0.cases)" }
        // A B three times; then B C (2) ; then ties at 1 with greater names first: C A before B D.
        #expect(rows == ["A B:3:2", "B C:2:1", "C A:1:1", "B D:1:1"])
        #expect(r.distinct == 4)
        #expect(r.occurrences == 7)  // 5 + 2 + 0
        #expect(r.events == 10)
    }

    @Test func routinenessIsTheShareOfEventsInsideTopNGrams() {
        let top1 = Routines.compute(log, n: 2, k: 1)  // A B: c1 events 1,2,4,5 and c2 events 1,2
        #expect(top1.coveredEvents == 6)
        #expect(top1.routineness == 0.6)
        let top2 = Routines.compute(log, n: 2, k: 2)  // + B C: c1 wholly covered
        #expect(top2.coveredEvents == 8)
        let all = Routines.compute(log, n: 2, k: 100)  // every event of a case with ≥ 2 events
        #expect(all.coveredEvents == 9)
        let trigrams = Routines.compute(log, n: 3, k: 1)  // A B C twice in c1, overlapping nothing
        #expect(trigrams.top.map { top in trigrams.names(of: top) } == [["A", "B", "C"]])
        #expect(trigrams.coveredEvents == 6)
    }

    @Test func manyActivitiesFallBackToAHashTableWithTheSameCounts() {
        // 3,000 activities: 3,000⁴ cells would not be a flat table.
        var rows: [(String, String, String?, String?, Int64)] = []
        for i in 0..<3000 { rows.append(("c", "a\(i)", nil, nil, Int64(i))) }
        for i in 0..<4 { rows.append(("d", "a\(i)", nil, nil, Int64(i))) }
        let r = Routines.compute(makeLog(rows), n: 4, k: 1)
        #expect(r.top.map { r.names(of: $0) } == [["a0", "a1", "a2", "a3"]])
        #expect(r.top.first?.occurrences == 2)
        #expect(r.top.first?.cases == 2)
        #expect(r.distinct == 2997)
        #expect(r.coveredEvents == 8)
    }

    @Test func longNGramsOfManyActivitiesAreKeyedByTheirActivityLists() {
        // 300⁸ does not fit in an Int: the n-grams are keyed by their lists of activities.
        var rows: [(String, String, String?, String?, Int64)] = []
        for i in 0..<300 { rows.append(("c", "a\(i)", nil, nil, Int64(i))) }
        for i in 0..<8 { rows.append(("d", "a\(i + 1)", nil, nil, Int64(i))) }
        let r = Routines.compute(makeLog(rows), n: 8, k: 1)
        #expect(r.top.map { r.names(of: $0) } == [(1...8).map { "a\($0)" }])
        #expect(r.top.first?.occurrences == 2)
        #expect(r.distinct == 293)
        #expect(r.coveredEvents == 16)
    }
}
