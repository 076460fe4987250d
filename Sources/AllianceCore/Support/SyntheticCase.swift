/// A deterministic generator of large cases, for benchmarks and scale tests.
///
/// Every patient follows a home-oxygen-like journey (referral, tests, prescription,
/// installation, home visits, GP visits, a review) with random delays and random lapses
/// (reports not sent, decisions without owner, the technician phoning the GP), so every
/// rule fires at scale. The same arguments always give the same case.
public enum SyntheticCase {
    public static func make(patients: Int, steps: Int, seed: UInt64 = 2024) -> CaseModel {
        var rng = SplitMix64(seed: seed)
        let perPatient = max(8, steps / max(1, patients))
        var events: [(time: Int64, order: Int, step: Step)] = []
        events.reserveCapacity(patients * perPatient)
        let dayZero = Timestamp(year: 2024, month: 1, day: 8)
        var order = 0

        for x in 0..<patients {
            let pid = "p\(x + 1)"
            let gp = "gp\(x % 4 + 1)"
            // Times in minutes from day zero, so steps interleave across patients at real-looking times.
            var t = Int64(rng.below(700 * 24 * 60))
            var count = 0
            func add(_ actor: String, _ activity: String, produces: [Production] = [], sends: [Sending] = []) {
                guard count < perPatient else { return }
                let step = Step(time: Timestamp(seconds: dayZero.seconds + t * 60), timeIsDay: false, patient: pid, actor: actor,
                                activity: activity, produces: produces, sends: sends)
                events.append((t, order, step))
                order += 1
                count += 1
            }
            func wait(days: UInt64) { t += Int64(rng.below(days * 24 * 60) + 30) }

            add(gp, "refer", produces: [.init(knowledge: "referral", value: "SpO2 \(86 + rng.below(6))%")],
                sends: [.init(knowledge: "referral", to: ["hospital"])])
            wait(days: 10)
            add("pulmo", "blood-gas", produces: [.init(knowledge: "blood-gas", value: "PaO2 \(48 + rng.below(12)) mmHg")])
            wait(days: 2)
            let owned = rng.below(10) < 7
            add("pulmo", owned ? "prescribe" : "discharge-on-oxygen",
                produces: [.init(knowledge: "prescription", value: "\(1 + rng.below(3)) L/min")],
                sends: rng.below(10) < 9 ? [.init(knowledge: "prescription", to: ["company"])] : [])
            if rng.below(10) < 8 {
                wait(days: 4)
                add("pulmo", "send-report", sends: [.init(knowledge: "prescription", to: ["primary"])])
            }
            wait(days: 3)
            add("tech", "install")
            var reviewed = false, visited = false
            while count < perPatient - 2 {
                wait(days: 20)
                switch rng.below(10) {
                case 0..<5:
                    add("nurse", "home-visit", produces: [.init(knowledge: "hour-meter", value: "\(rng.below(20) + 1) h/day")])
                    visited = true
                case 5..<7:
                    add(gp, "gp-visit")
                case 7 where visited:
                    add("tech", "phone-gp", sends: [.init(knowledge: "hour-meter", to: ["primary"])])
                default:
                    if !reviewed, rng.below(2) == 0 {
                        add("pulmo", "review")
                        reviewed = true
                    } else {
                        add("nurse", "home-visit", produces: [.init(knowledge: "hour-meter", value: "\(rng.below(20) + 1) h/day")])
                        visited = true
                    }
                }
            }
            wait(days: 30)
            add("pulmo", "stop")
            wait(days: 5)
            add("tech", "remove")
        }
        events.sort { ($0.time, $0.order) < ($1.time, $1.order) }

        let partners = [
            Partner(id: "primary", name: "Primary care", kind: "primary care", actors: (1...4).map { Actor(id: "gp\($0)", name: "GP \($0)", role: "gp") }),
            Partner(id: "hospital", name: "Hospital", kind: "hospital", actors: [Actor(id: "pulmo", name: "Pulmonologist", role: "pulmonologist")]),
            Partner(id: "company", name: "Home therapy co.", kind: "home-therapy company", actors: [
                Actor(id: "tech", name: "Technician", role: "technician"), Actor(id: "nurse", name: "Company nurse", role: "company-nurse"),
            ]),
        ]
        let activities = ["refer", "blood-gas", "prescribe", "discharge-on-oxygen", "send-report", "install", "home-visit",
                          "gp-visit", "phone-gp", "review", "stop", "remove"].map { Activity(id: $0, label: $0.replacingHyphens()) }
        let knowledge = [
            KnowledgeType(id: "referral", label: "referral"),
            KnowledgeType(id: "blood-gas", label: "blood gas", neededBy: [.init(partner: "primary", activities: ["gp-visit"])], shareWithin: 14),
            KnowledgeType(id: "prescription", label: "prescription", neededBy: [
                .init(partner: "company", activities: ["install"]), .init(partner: "primary", activities: ["gp-visit"]),
            ]),
            KnowledgeType(id: "hour-meter", label: "hour-meter reading", neededBy: [
                .init(partner: "primary", activities: ["gp-visit"]), .init(partner: "hospital", activities: ["review"]),
            ], shareWithin: 14),
        ]
        let model = CaseModel(
            info: CaseInfo(title: "Synthetic home oxygen (\(patients) patients)", dayZero: dayZero,
                           values: [NamedValue(name: "cost-per-therapy-day", value: 5.2)]),
            partners: partners,
            patients: (1...max(1, patients)).map { Patient(id: "p\($0)", name: "Patient \($0)", responsible: ["primary"]) },
            activities: activities, knowledge: knowledge,
            therapies: [Therapy(id: "oxygen", label: "home oxygen", startsOn: ["install"], endsOn: ["remove"], awareness: "prescription",
                                awareWithin: 14, costPerDay: .named("cost-per-therapy-day"))],
            routines: [
                Routine(id: "pathway", name: "Prescription pathway", steps: [
                    RoutineStep(performer: .partner("primary"), activity: "refer"),
                    RoutineStep(performer: .role("pulmonologist"), activity: "blood-gas", within: 14),
                    RoutineStep(performer: .role("pulmonologist"), activity: "prescribe", within: 7),
                    RoutineStep(performer: .partner("company"), activity: "install", within: 3),
                ]),
                Routine(id: "calls", name: "Technician calls the GP", inForce: false, steps: [
                    RoutineStep(performer: .role("technician"), activity: "phone-gp"),
                    RoutineStep(performer: .partner("primary"), activity: "gp-visit", within: 14),
                ]),
            ],
            handoffs: [
                HandoffSpec(id: "rx-company", from: "hospital", to: "company", knowledge: "prescription", trigger: ["prescribe", "discharge-on-oxygen"], within: 2),
                HandoffSpec(id: "report-gp", from: "hospital", to: "primary", knowledge: "prescription", trigger: ["prescribe", "discharge-on-oxygen"], within: 3),
            ],
            decisions: [
                DecisionSpec(id: "review", label: "review the oxygen therapy", opensOn: ["prescribe"], owner: "pulmonologist", dueWithin: 90, closesOn: ["review", "stop"]),
                DecisionSpec(id: "review-unowned", label: "review the oxygen therapy", opensOn: ["discharge-on-oxygen"], owner: nil, dueWithin: 90,
                             closesOn: ["review", "stop"], overdueDaysUnneeded: true),
            ],
            timeline: events.map(\.step))
        return model
    }
}

/// SplitMix64: a tiny, fast, deterministic pseudo-random generator.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A number in 0..<n (n > 0).
    public mutating func below(_ n: UInt64) -> UInt64 { next() % n }
}

extension String {
    fileprivate func replacingHyphens() -> String {
        String(map { $0 == "-" ? " " : $0 })
    }
}
