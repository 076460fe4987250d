@testable import AllianceCore
import Testing

/// The O(log) counts and lookups the dashboard uses per frame, checked against counting one
/// by one at every step.
@Suite("Counts by index agree with counting one by one")
struct CountIndexTests {
    static let cases: [(String, Analysis)] = [
        ("built-in", Analysis(validated: BuiltinCase.model)),
        ("generated", Analysis(validated: SyntheticCase.make(patients: 80, steps: 3_000))),
    ]

    @Test(arguments: cases.map(\.0))
    func handoffCountsAtEveryStep(_ name: String) {
        let analysis = Self.cases.first { $0.0 == name }!.1
        var sawOmitted = false, sawLate = false
        for k in 0...analysis.stepCount {
            let state = analysis.state(at: k)
            #expect(state.handoffCounts == state.handoffCountsByScan, "\(name), step \(k)")
            sawOmitted = sawOmitted || (state.handoffCounts[.omitted] ?? 0) > 0
            sawLate = sawLate || (state.handoffCounts[.late] ?? 0) > 0
        }
        #expect(sawOmitted)  // the comparison covered every status
    }

    @Test(arguments: cases.map(\.0))
    func activeAlertsFromAnyPositionAtEveryStep(_ name: String) {
        let analysis = Self.cases.first { $0.0 == name }!.1
        var longest = 0
        for k in 0...analysis.stepCount {
            let state = analysis.state(at: k)
            let all = state.activeAlerts.map(\.id)
            longest = max(longest, all.count)
            for offset in [0, 1, all.count / 2, max(0, all.count - 3), all.count, all.count + 5] {
                let got = state.activeAlerts(from: offset, count: 7).map(\.id)
                #expect(got == Array(all.dropFirst(offset).prefix(7)), "\(name), step \(k), offset \(offset)")
            }
        }
        // The generated case has enough active alerts for whole blocks to be skipped.
        if name == "generated" { #expect(longest > 2 * AlertIndex.blockSize) }
    }
}
