/// The figures a debrief shows, computed from one analysis at one step: alerts by rule
/// along the timeline, unneeded therapy days and cost per patient, handoff latency per
/// partner pair, the partner × partner handoff matrix (with the emergent edges), and the
/// shared-knowledge index per pair. Pure data, built only from the case's declarations and
/// the analysis; the terminal view, the HTML report and the DOT export all read it.
///
/// ```swift
/// let debrief = DebriefData(analysis.state(at: analysis.stepCount), buckets: 12)
/// debrief.latency.first?.median       // in `debrief.timeUnit`
/// ```
/// A what-if comparison is two of these (`DebriefComparison`): the baseline and the same
/// case analysed with mechanisms applied. Definitions: docs/debrief.md.
public struct DebriefData: Sendable, Equatable, Codable {
    /// Steps done (0…steps) and the steps in the timeline.
    public var step: Int
    public var steps: Int
    /// The unit latencies are given in: days, unless some expected handoff has a window
    /// with a clock unit (`within: 4h`): then hours.
    public var timeUnit: TimeUnit
    public var currency: String
    /// Partners in file order (the matrix's rows and columns).
    public var partners: [PartnerRef]
    public var alertTimeline: AlertTimeline
    /// One per patient, in file order.
    public var patients: [PatientUnneeded]
    /// One per ordered pair (from, to) with at least one expected handoff triggered so far.
    public var latency: [PairLatency]
    public var matrix: HandoffMatrix
    /// Per ordered pair (needing partner, producing partner): see `AnalysisReport.SharedKnowledge`.
    public var sharedKnowledge: [AnalysisReport.SharedKnowledge]
    /// Handover of work between partners so far (van der Aalst, Reijers & Song 2005, direct
    /// succession with multiple transfers): every step of a patient followed by that
    /// patient's next step, each done by an actor, is one succession from the first step's
    /// partner to the second's (the same partner twice included). Pairs by count, most first.
    public var handover: [HandoverShare] = []
    /// The successions counted (the shares' denominator).
    public var successions = 0

    public struct HandoverShare: Sendable, Equatable, Codable {
        public var from: String
        public var to: String
        public var count: Int
        /// `count / successions`, as PM4Py's `discover_handover_of_work_network(beta=0)`
        /// gives for the case's steps read as an event log.
        public var share: Double
    }

    public enum TimeUnit: String, Sendable, Codable {
        case days, hours
        /// How many of this unit a day holds.
        public var perDay: Double { self == .days ? 1 : 24 }
    }

    public struct PartnerRef: Sendable, Equatable, Codable {
        public var id: String
        public var name: String
        /// The short label that tells it apart (declared or computed).
        public var short: String
    }

    /// A slice of the timeline: consecutive steps, and the days they fall on.
    public struct Bucket: Sendable, Equatable, Codable {
        public var firstStep: Int, lastStep: Int
        public var firstDay: Int, lastDay: Int
    }

    public struct RuleRow: Sendable, Equatable, Codable {
        public var rule: AlertRule
        /// The worst severity among its alerts raised so far.
        public var severity: AlertSeverity
        /// Alerts raised per bucket.
        public var counts: [Int]
        public var total: Int
    }

    /// Alerts raised so far, per rule, in equal slices of the whole timeline (so a column
    /// covers the same steps whatever the step shown). Only rules that fired have a row.
    public struct AlertTimeline: Sendable, Equatable, Codable {
        public var buckets: [Bucket]
        public var rows: [RuleRow]
        /// The largest count in one bucket (the scale of the chart); 0 when no alert.
        public var peak: Int { rows.flatMap(\.counts).max() ?? 0 }
    }

    public struct PatientUnneeded: Sendable, Equatable, Codable {
        public var id: String
        public var name: String
        public var short: String
        public var daysOnTherapy: Double
        public var unneededDays: Double
        public var unneededCost: Double
    }

    /// Delay from a handoff's trigger to the receipt of its knowledge, over the instances of
    /// that pair received so far (clean or late), in `timeUnit`.
    public struct PairLatency: Sendable, Equatable, Codable {
        public var from: String
        public var to: String
        /// Instances triggered so far, and those received (the latencies' sample).
        public var triggered: Int
        public var received: Int
        public var mean: Double?
        public var median: Double?
        public var max: Double?
    }

    public struct EmergentEdge: Sendable, Equatable, Codable {
        public var from: String
        public var to: String
        public var description: String
        public var occurrences: Int
        public var patients: Int
        public var status: EmergentStatus
    }

    /// Handoff instances triggered so far, by (from, to) and status: `counts[from][to]`, in
    /// the order of `partners`; and the emergent routines flagged so far, as edges.
    public struct HandoffMatrix: Sendable, Equatable, Codable {
        public var counts: [[AnalysisReport.HandoffCounts]]
        public var emergent: [EmergentEdge]
    }

    /// The debrief after the state's step; the alert timeline in `buckets` columns (fewer when
    /// the timeline has fewer steps).
    public init(_ state: CaseState, buckets: Int = 12) {
        let a = state.analysis, m = a.model, k = state.step, n = a.stepCount
        step = k
        steps = n
        currency = m.info.currency
        let clockWindows = m.handoffs.contains { if case .exact = $0.within { true } else { false } }
        timeUnit = clockWindows ? .hours : .days
        partners = m.partners.indices.map { PartnerRef(id: m.partners[$0].id, name: a.partnerName($0), short: a.labels.partners[$0]) }

        // Alerts by rule, bucketed over the whole timeline.
        let columns = Swift.max(1, Swift.min(buckets, n))
        var ranges: [Bucket] = []
        if n > 0 {
            for s in 1...n {
                let b = DebriefData.bucket(ofStep: s, steps: n, buckets: columns), d = a.day(of: a.time(ofStep: s))
                if b == ranges.count {
                    ranges.append(Bucket(firstStep: s, lastStep: s, firstDay: d, lastDay: d))
                } else {
                    ranges[b].lastStep = s
                    ranges[b].lastDay = d
                }
            }
        }
        var rows: [AlertRule: RuleRow] = [:]
        for al in state.alertsRaised {
            var row = rows[al.rule] ?? RuleRow(rule: al.rule, severity: al.severity, counts: Array(repeating: 0, count: ranges.count), total: 0)
            row.counts[DebriefData.bucket(ofStep: al.step, steps: n, buckets: columns)] += 1
            row.total += 1
            row.severity = Swift.min(row.severity, al.severity)
            rows[al.rule] = row
        }
        alertTimeline = AlertTimeline(buckets: ranges, rows: AlertRule.allCases.compactMap { rows[$0] })

        patients = m.patients.indices.map { x in
            let u = state.unneeded(patient: x)
            return PatientUnneeded(id: m.patients[x].id, name: a.patientName(x), short: a.labels.patients[x],
                                   daysOnTherapy: state.therapies(patient: x).reduce(0) { $0 + state.daysOnTherapy($1.episode) },
                                   unneededDays: u.days, unneededCost: AnalysisReport.money(u.cost))
        }

        // Handoffs: per (from, to), counts by status and latencies.
        let P = m.partners.count
        var counts = [[AnalysisReport.HandoffCounts]](repeating: Array(repeating: AnalysisReport.HandoffCounts(), count: P), count: P)
        var samples: [Int: (triggered: Int, values: [Double])] = [:]
        for (h, status) in state.handoffs() {
            let spec = m.handoffs[h.spec]
            guard let f = a.partnerIndex(spec.from), let t = a.partnerIndex(spec.to) else { continue }
            switch status {
            case .clean: counts[f][t].clean += 1
            case .late: counts[f][t].late += 1
            case .omitted: counts[f][t].omitted += 1
            case .pending: counts[f][t].pending += 1
            }
            var sample = samples[f * P + t] ?? (0, [])
            sample.triggered += 1
            if let d = h.latencyDays(at: k) { sample.values.append(d * timeUnit.perDay) }
            samples[f * P + t] = sample
        }
        latency = samples.keys.sorted().map { key in
            let s = samples[key]!, v = s.values.sorted()
            let median: Double? = v.isEmpty ? nil : v.count % 2 == 1 ? v[v.count / 2] : (v[v.count / 2 - 1] + v[v.count / 2]) / 2
            return PairLatency(from: m.partners[key / P].id, to: m.partners[key % P].id, triggered: s.triggered, received: v.count,
                               mean: v.isEmpty ? nil : DebriefData.round(v.reduce(0, +) / Double(v.count)),
                               median: median.map(DebriefData.round), max: v.last.map(DebriefData.round))
        }
        let edges = state.emergentPatterns.map { p, status in
            let seen = p.seen(at: k)
            return EmergentEdge(from: m.partners[p.fromPartner].id, to: m.partners[p.toPartner].id, description: a.describe(p),
                                occurrences: seen.occurrences, patients: seen.patients, status: status)
        }
        matrix = HandoffMatrix(counts: counts, emergent: edges)
        sharedKnowledge = AnalysisReport.sharedKnowledge(state)
        (handover, successions) = DebriefData.handover(a, upTo: k)
    }

    /// Handover of work among partners over steps 1…k (see `handover`).
    static func handover(_ a: Analysis, upTo k: Int) -> ([HandoverShare], Int) {
        let P = a.model.partners.count
        guard P > 0, k > 0 else { return ([], 0) }
        var last = [Int](repeating: -1, count: a.model.patients.count)
        var pairs = [Int](repeating: 0, count: P * P)
        var total = 0
        for s in 1...k {
            guard let x = a.patient(ofStep: s), let p = a.partner(ofStep: s) else { continue }
            if last[x] >= 0 {
                pairs[last[x] * P + p] += 1
                total += 1
            }
            last[x] = p
        }
        let ids = a.model.partners.map(\.id)
        let shares = pairs.indices.filter { pairs[$0] > 0 }
            .sorted { pairs[$0] != pairs[$1] ? pairs[$0] > pairs[$1] : $0 < $1 }
            .map { i in HandoverShare(from: ids[i / P], to: ids[i % P], count: pairs[i], share: Double(pairs[i]) / Double(total)) }
        return (shares, total)
    }

    /// The bucket (0-based) of step s (1-based) when `steps` steps are cut into `buckets`
    /// equal slices: steps (b·n/N, (b+1)·n/N] form bucket b.
    public static func bucket(ofStep s: Int, steps n: Int, buckets: Int) -> Int {
        guard n > 0, buckets > 1 else { return 0 }
        return Swift.min(buckets - 1, Swift.max(0, (s - 1) * buckets / n))
    }

    static func round(_ v: Double) -> Double { (v * 1000).rounded() / 1000 }

    // MARK: reading it

    /// The name of the partner with this id (the id itself if unknown).
    public func partnerName(_ id: String) -> String { partners.first { $0.id == id }?.name ?? id }
    /// The short label of the partner with this id.
    public func partnerShort(_ id: String) -> String { partners.first { $0.id == id }?.short ?? id }

    /// The handoff counts of every ordered pair that has any, in (from, to) order.
    public var handoffPairs: [(from: Int, to: Int, counts: AnalysisReport.HandoffCounts)] {
        var out: [(Int, Int, AnalysisReport.HandoffCounts)] = []
        for f in matrix.counts.indices {
            for t in matrix.counts[f].indices where matrix.counts[f][t].total > 0 { out.append((f, t, matrix.counts[f][t])) }
        }
        return out
    }

    /// Totals over every patient: unneeded days and their cost.
    public var unneededDays: Double { patients.reduce(0) { $0 + $1.unneededDays } }
    public var unneededCost: Double { AnalysisReport.money(patients.reduce(0) { $0 + $1.unneededCost }) }
}

extension AnalysisReport.HandoffCounts {
    public var total: Int { clean + late + omitted + pending }
    /// The count of one status.
    public subscript(status status: HandoffStatus) -> Int {
        switch status {
        case .clean: clean
        case .late: late
        case .omitted: omitted
        case .pending: pending
        }
    }
}

/// The baseline debrief, and optionally the same case analysed with what-if mechanisms
/// applied (`variant`, named by `variantName`): the views draw the variant as a second series
/// beside each chart. Extension point for the mechanisms work: nothing here builds a variant.
public struct DebriefComparison: Sendable, Equatable {
    public var baseline: DebriefData
    public var variant: DebriefData?
    /// What the variant is ("with shared-record, gp-report"), shown in legends.
    public var variantName: String?

    public init(baseline: DebriefData, variant: DebriefData? = nil, variantName: String? = nil) {
        self.baseline = baseline
        self.variant = variant
        self.variantName = variantName
    }
}
