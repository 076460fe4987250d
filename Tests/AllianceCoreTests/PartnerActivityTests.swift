@testable import AllianceCore
import Testing

/// The partners' totals and the open-decision index, against counts made step by step.
@Suite("Partner totals and open decisions over all patients")
struct PartnerActivityTests {
    static let cases: [(String, Analysis)] = [
        ("built-in", Analysis(validated: BuiltinCase.model)),
        ("generated 60×2400", Analysis(validated: SyntheticCase.make(patients: 60, steps: 2_400, seed: 3))),
    ]

    /// Totals counted by walking the timeline up to step k.
    static func walk(_ a: Analysis, partner p: Int, to k: Int) -> PartnerActivity.Totals {
        var t = PartnerActivity.Totals()
        var patients = Set<Int>()
        var last: [Int: Int] = [:]
        for s in stride(from: 1, through: k, by: 1) {
            let partners = a.partners(ofStep: s)
            if partners.contains(p) {
                t.steps += 1
                if let x = a.patient(ofStep: s) { patients.insert(x) }
            }
            guard let x = a.patient(ofStep: s), a.actor(ofStep: s) != nil, let now = a.partner(ofStep: s) else { continue }
            if let before = last[x], before != now {
                if before == p { t.handedOn += 1 }
                if now == p { t.received += 1 }
            }
            last[x] = now
        }
        t.patients = patients.count
        return t
    }

    @Test func totalsAreThoseOfTheTimelineUpToTheStep() {
        for (name, a) in Self.cases {
            let steps = Array(Set([0, 1, 2, a.stepCount / 3, a.stepCount / 2, a.stepCount - 1, a.stepCount])).sorted()
            for k in steps {
                for p in a.model.partners.indices {
                    #expect(a.state(at: k).partnerTotals(p) == Self.walk(a, partner: p, to: k), "\(name) step \(k) partner \(p)")
                }
            }
        }
    }

    @Test func theBuiltInCasesTotalsAtTheEnd() {
        let a = Self.cases[0].1
        let end = a.state(at: a.stepCount)
        let primary = a.partnerIndex("primary")!
        // Exact figures, so a change in how they are counted shows.
        #expect(end.partnerTotals(primary) == Self.walk(a, partner: primary, to: a.stepCount))
        #expect(end.partnerTotals(primary).patients == 3)
        #expect(a.state(at: 0).partnerTotals(primary) == PartnerActivity.Totals())
    }

    @Test func openDecisionsCountedAndListedAsTheFullListHasThem() {
        for (name, a) in Self.cases {
            for k in stride(from: 0, through: a.stepCount, by: max(1, a.stepCount / 40)) {
                let st = a.state(at: k)
                for p in Array(a.model.partners.indices).map(Optional.some) + [nil] {
                    let all = st.openDecisions(partner: p)
                    let overdue = all.filter { $0.status(at: k) == .overdue }
                    let counts = st.openDecisionCount(partner: p)
                    #expect(counts.open == all.count, "\(name) step \(k)")
                    #expect(counts.overdue == overdue.count, "\(name) step \(k)")
                    for x in [0, a.model.patients.count - 1] {
                        let some = st.someOpenDecisions(partner: p, patient: x, limit: 6)
                        // Overdue first (by when they became overdue), then the patient's, then the rest in order.
                        let o = overdue.sorted { ($0.overdueStep!, $0.id) < ($1.overdueStep!, $1.id) }.prefix(6)
                        var expected = Array(o)
                        expected += all.filter { $0.patient == x && $0.status(at: k) == .open }.prefix(6 - expected.count)
                        let taken = Set(expected.map(\.id))
                        expected += all.filter { $0.status(at: k) == .open && !taken.contains($0.id) }.prefix(6 - expected.count)
                        #expect(some.map(\.id) == expected.map(\.id), "\(name) step \(k) partner \(String(describing: p)) patient \(x)")
                    }
                }
            }
        }
    }

    @Test func thePatientsAPartnerKnowsOfAreThoseItHoldsKnowledgeAbout() {
        for (name, a) in Self.cases {
            for k in [0, 1, a.stepCount / 4, a.stepCount / 2, a.stepCount] {
                let st = a.state(at: k)
                for p in a.model.partners.indices {
                    let known = a.model.patients.indices.filter { x in
                        a.model.knowledge.indices.contains { st.latestHeld(patient: x, partner: p, knowledge: $0) != nil }
                    }
                    let index = a.partnerActivity.patientsKnown(partner: p, at: k, limit: 1_000_000)
                    #expect(index.count == known.count, "\(name) step \(k) partner \(p)")
                    #expect(Set(index.first) == Set(known), "\(name) step \(k) partner \(p)")
                    // The first ones, the selected patient left out.
                    let few = a.partnerActivity.patientsKnown(partner: p, at: k, limit: 3, excluding: index.first.first)
                    #expect(few.first == Array(index.first.dropFirst().prefix(3)), "\(name) step \(k) partner \(p)")
                }
            }
        }
    }
}
