import AllianceCore
import Testing

/// The alert index answers "how many active alerts" in O(log n) from sorted raise and clear
/// steps; these tests count the same thing the slow way, over `analysis.alerts`, at every
/// step of generated cases. A wrong binary search bound (`<` for `<=`), an unsorted clear
/// list, an alert counted twice for a partner named twice, or a clear at the raising step
/// all show up as a step where the two counts differ.
@Suite("Alert index: the counts against a brute-force count at every step")
struct AlertIndexTests {
    static let cases: [(String, CaseModel)] = [
        ("generated 30×600", SyntheticCase.make(patients: 30, steps: 600, seed: 2024)),
        ("generated 12×400", SyntheticCase.make(patients: 12, steps: 400, seed: 9)),
        ("built-in", BuiltinCase.model),
    ]

    /// Active alerts after step k as [critical, warning, info].
    static func bruteTally(_ alerts: [Alert], at k: Int) -> [Int] {
        var counts = [0, 0, 0]
        for a in alerts where a.step <= k && (a.clearedStep == nil || a.clearedStep! > k) {
            counts[AlertSeverity.allCases.firstIndex(of: a.severity)!] += 1
        }
        return counts
    }

    static func tuple(_ t: AlertTally) -> [Int] { [t.critical, t.warning, t.info] }

    @Test(arguments: [0, 1, 2])
    func countsAtEveryStep(_ which: Int) throws {
        let (name, model) = Self.cases[which]
        let analysis = try Analysis(model)
        let alerts = analysis.alerts
        // The case must exercise the index: alerts of several severities, some cleared later.
        #expect(alerts.count >= 8, "\(name)")
        #expect(alerts.contains { $0.clearedStep != nil }, "\(name)")
        #expect(Set(alerts.map(\.severity)).count >= 2, "\(name)")
        var mismatches: [String] = []
        for k in 0...analysis.stepCount {
            let state = analysis.state(at: k)
            let all = Self.bruteTally(alerts, at: k)
            if Self.tuple(state.alertTally) != all { mismatches.append("step \(k): all \(Self.tuple(state.alertTally)) ≠ \(all)") }
            let worst = AlertSeverity.allCases.indices.first { all[$0] > 0 }.map { AlertSeverity.allCases[$0] }
            if state.alertTally.worst != worst { mismatches.append("step \(k): worst \(String(describing: state.alertTally.worst)) ≠ \(String(describing: worst))") }
            for x in model.patients.indices {
                let brute = Self.bruteTally(alerts.filter { $0.patient == x }, at: k)
                if Self.tuple(state.alertTally(patient: x)) != brute { mismatches.append("step \(k) patient \(x): \(Self.tuple(state.alertTally(patient: x))) ≠ \(brute)") }
            }
            for p in model.partners.indices {
                let brute = Self.bruteTally(alerts.filter { $0.partners.contains(p) }, at: k)
                if Self.tuple(state.alertTally(partner: p)) != brute { mismatches.append("step \(k) partner \(p): \(Self.tuple(state.alertTally(partner: p))) ≠ \(brute)") }
            }
            // "N new": the alerts raised at this very step, and the active ones newest first.
            let raisedNow = alerts.filter { $0.step == k }.map(\.id)
            if state.alertsRaisedNow.map(\.id) != raisedNow { mismatches.append("step \(k): new \(state.alertsRaisedNow.map(\.id)) ≠ \(raisedNow)") }
            let active = alerts.filter { $0.step <= k && ($0.clearedStep ?? Int.max) > k }
            let newestFirst = active.reversed().map(\.id)
            if state.newestActiveAlerts(limit: 5).map(\.id) != Array(newestFirst.prefix(5)) {
                mismatches.append("step \(k): newest \(state.newestActiveAlerts(limit: 5).map(\.id)) ≠ \(Array(newestFirst.prefix(5)))")
            }
            for x in model.patients.indices {
                let mine = Array(active.filter { $0.patient == x }.reversed().map(\.id).prefix(3))
                if state.newestActiveAlerts(limit: 3, patient: x).map(\.id) != mine { mismatches.append("step \(k) patient \(x): newest \(state.newestActiveAlerts(limit: 3, patient: x).map(\.id)) ≠ \(mine)") }
            }
        }
        #expect(mismatches.prefix(5) == [], "\(name): \(mismatches.count) mismatches")
    }
}
