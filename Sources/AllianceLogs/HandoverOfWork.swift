import Foundation

/// Whom an event is attributed to in a social-network metric: the partner (`org:group`, or
/// the attribute named for the partner) or the resource (`org:resource`, the actor).
public enum LogPerformer: String, Sendable, Equatable, CaseIterable, Codable {
    case partner, resource

    /// The log's column for this performer.
    func column(of log: EventLog) -> [Int32] {
        self == .partner ? log.groupOf : log.resourceOf
    }

    /// The names the column's indices refer to.
    func names(of log: EventLog) -> [String] {
        self == .partner ? log.groups.names : log.resources.names
    }

    /// The attribute PM4Py reads for it by default.
    public var attribute: String { self == .partner ? "org:group" : "org:resource" }
}

/// One of the social-network metrics of van der Aalst, Reijers & Song (2005) on a log, as a
/// sparse matrix over the performers (partners or resources).
///
/// `pairs` holds every pair with a positive weight, sorted as PM4Py sorts its performers:
/// by `from` name, then `to` name, both compared as strings (Unicode scalar order, the same
/// as UTF-8 byte order). `value = weight / denominator`.
public struct PairMetric: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, Codable {
        /// Direct succession, multiple transfers (PM4Py `discover_handover_of_work_network(beta=0)`).
        case handover
        /// Direct succession, ignoring multiple transfers: the share of cases with p → q at least once.
        case handoverCases
        /// Indirect succession with a fall factor β (PM4Py's `beta > 0` when uncapped).
        case handoverIndirect
        /// Cases in which both p and q appear, divided by the number of cases (symmetric, no self-pairs).
        case workingTogether
    }

    public struct Pair: Sendable, Equatable {
        /// Indices into `names`.
        public var from: Int32
        public var to: Int32
        /// Transfers (handover), cases (handoverCases, workingTogether) or the weighted sum
        /// of transfers (handoverIndirect).
        public var weight: Double
        /// `weight / denominator`.
        public var value: Double

        public init(from: Int32, to: Int32, weight: Double, value: Double) {
            self.from = from
            self.to = to
            self.weight = weight
            self.value = value
        }
    }

    public var kind: Kind
    public var performer: LogPerformer
    /// The performers, indexed as the log's name table (so `from`/`to` index it).
    public var names: [String]
    public var pairs: [Pair]
    /// Successions counted (handover), the weighted sum of successions (handoverIndirect),
    /// or the number of cases (handoverCases, workingTogether).
    public var denominator: Double
    /// The fall factor (handoverIndirect only).
    public var beta: Double?
    /// The largest distance n counted (handoverIndirect only; nil: no cap, as PM4Py).
    public var depthCap: Int?
    /// Events without a performer: they take part in no pair (see docs/event-logs.md).
    public var eventsWithoutPerformer: Int
    /// Successions (pairs of events at distance 1, or up to the cap for handoverIndirect)
    /// left out because one side has no performer.
    public var successionsSkipped: Int

    public var isDirected: Bool { kind != .workingTogether }

    /// The value of `from → to` by name, 0 when the pair does not occur, nil when a name is unknown.
    public func value(from: String, to: String) -> Double? {
        guard let f = names.firstIndex(of: from), let t = names.firstIndex(of: to) else { return nil }
        return pairs.first { $0.from == Int32(f) && $0.to == Int32(t) }?.value ?? 0
    }

    /// The `k` pairs of highest value; ties as PM4Py ranks (it sorts by the tuple
    /// `(count, key)` in reverse): the pair whose (from, to) names compare greater first.
    /// For working together (symmetric) each unordered pair is listed once, as (lesser name, greater name).
    public func top(_ k: Int) -> [Pair] {
        let candidates = kind == .workingTogether
            ? pairs.filter { LogNames.less(names[Int($0.from)], names[Int($0.to)]) } : pairs
        // `pairs` is in ascending (from, to) order, so a stable sort by descending value
        // on the reversed list ranks ties by descending (from, to).
        let ranked = candidates.reversed().enumerated().sorted { a, b in
            a.element.value != b.element.value ? a.element.value > b.element.value : a.offset < b.offset
        }
        return ranked.prefix(max(0, k)).map(\.element)
    }
}

/// String order as PM4Py (Python) compares names: by Unicode scalar, which for UTF-8 is byte order.
enum LogNames {
    static func less(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    /// `rank[i]`: the position of `names[i]` in sorted order.
    static func ranks(_ names: [String]) -> [Int] {
        let order = names.indices.sorted { less(names[$0], names[$1]) }
        var rank = [Int](repeating: 0, count: names.count)
        for (r, i) in order.enumerated() { rank[i] = r }
        return rank
    }
}

/// Accumulates weights per ordered pair (p, q): a flat array indexed `p * n + q` when the
/// matrix is small enough (the usual case: a few dozen performers), a dictionary otherwise
/// (thousands of resources), so memory stays bounded by the pairs that occur.
struct PairAccumulator {
    static let denseLimit = 1 << 22  // cells: 32 MB of Double

    let n: Int
    let dense: Bool
    var flat: [Double]
    var sparse: [Int: Double] = [:]

    init(n: Int) {
        self.n = n
        dense = n * n <= PairAccumulator.denseLimit
        flat = dense ? [Double](repeating: 0, count: max(1, n * n)) : []
    }

    @inline(__always) mutating func add(_ p: Int, _ q: Int, _ w: Double) {
        if dense { flat[p &* n &+ q] += w } else { sparse[p * n + q, default: 0] += w }
    }

    /// The pairs with a positive weight, in PM4Py's order (by from name, then to name).
    func pairs(names: [String], denominator: Double) -> [PairMetric.Pair] {
        var out: [PairMetric.Pair] = []
        func emit(_ key: Int, _ w: Double) {
            guard w > 0 else { return }
            out.append(PairMetric.Pair(from: Int32(key / n), to: Int32(key % n), weight: w,
                                       value: denominator > 0 ? w / denominator : 0))
        }
        if dense {
            for key in flat.indices where flat[key] != 0 { emit(key, flat[key]) }
        } else {
            for (key, w) in sparse { emit(key, w) }
        }
        let rank = LogNames.ranks(names)
        out.sort { a, b in
            let fa = rank[Int(a.from)], fb = rank[Int(b.from)]
            return fa != fb ? fa < fb : rank[Int(a.to)] < rank[Int(b.to)]
        }
        return out
    }
}

/// Where the hot loops add weights: straight into the dense cells, or into a dictionary.
protocol PairSink {
    mutating func add(_ p: Int, _ q: Int, _ w: Double)
}

struct DensePairSink: PairSink {
    let n: Int
    let cells: UnsafeMutablePointer<Double>

    @inline(__always) func add(_ p: Int, _ q: Int, _ w: Double) { cells[p &* n &+ q] += w }
}

struct SparsePairSink: PairSink {
    let n: Int
    var cells: [Int: Double] = [:]

    @inline(__always) mutating func add(_ p: Int, _ q: Int, _ w: Double) {
        if w != 0 { cells[p * n + q, default: 0] += w }
    }
}

/// Marks which ordered pairs were already counted in the current case (for the per-case
/// metrics), with the same dense/sparse choice as `PairAccumulator`.
struct PairCaseMarks {
    let n: Int
    let dense: Bool
    var flat: [Int32]
    var sparse: [Int: Int32] = [:]

    init(n: Int) {
        self.n = n
        dense = n * n <= PairAccumulator.denseLimit
        flat = dense ? [Int32](repeating: -1, count: n * n) : []
    }

    /// True the first time (p, q) is seen in case `c`.
    @inline(__always) mutating func firstInCase(_ p: Int, _ q: Int, _ c: Int32) -> Bool {
        if dense {
            let key = p &* n &+ q
            if flat[key] == c { return false }
            flat[key] = c
            return true
        }
        let key = p * n + q
        if sparse[key] == c { return false }
        sparse[key] = c
        return true
    }
}

/// Handover of work (van der Aalst, Reijers & Song 2005, "Discovering social networks from
/// event logs"), on partners or resources. Each case's events are taken in time order,
/// ties in file order, cases by name (`EventLog.caseOrder()`), as PM4Py after
/// `format_dataframe`. Definitions, PM4Py's differences and the rule for events without a
/// performer: docs/event-logs.md, "Metrics".
public enum HandoverOfWork {
    /// Direct succession with multiple transfers: W(p,q) = Σ_cases #{i : r(cᵢ)=p, r(cᵢ₊₁)=q}
    /// / Σ_cases (successions with both performers known). Self-pairs count. Equal to PM4Py's
    /// `discover_handover_of_work_network(beta=0)` when no performer is missing. O(events).
    public static func direct(_ log: EventLog, by performer: LogPerformer, order: CaseOrder? = nil) -> PairMetric {
        let order = order ?? log.caseOrder()
        let who = performer.column(of: log)
        let names = performer.names(of: log)
        let n = names.count
        var acc = PairAccumulator(n: n)
        var denominator = 0
        var skipped = 0
        let events = order.events
        for c in order.cases {
            let lo = order.start[Int(c)], hi = order.start[Int(c) + 1]
            guard hi - lo > 1 else { continue }
            var previous = who[Int(events[lo])]
            for i in (lo + 1)..<hi {
                let current = who[Int(events[i])]
                if previous >= 0 && current >= 0 {
                    acc.add(Int(previous), Int(current), 1)
                    denominator += 1
                } else {
                    skipped += 1
                }
                previous = current
            }
        }
        return PairMetric(
            kind: .handover, performer: performer, names: names,
            pairs: acc.pairs(names: names, denominator: Double(denominator)), denominator: Double(denominator),
            beta: nil, depthCap: nil, eventsWithoutPerformer: missing(who), successionsSkipped: skipped)
    }

    /// Direct succession ignoring multiple transfers: the number of cases in which p hands
    /// to q at least once, divided by the number of cases (PM4Py does not offer it). O(events).
    public static func directCases(_ log: EventLog, by performer: LogPerformer, order: CaseOrder? = nil) -> PairMetric {
        let order = order ?? log.caseOrder()
        let who = performer.column(of: log)
        let names = performer.names(of: log)
        let n = names.count
        var acc = PairAccumulator(n: n)
        var marks = PairCaseMarks(n: n)
        var skipped = 0
        let events = order.events
        for c in order.cases {
            let lo = order.start[Int(c)], hi = order.start[Int(c) + 1]
            guard hi - lo > 1 else { continue }
            var previous = who[Int(events[lo])]
            for i in (lo + 1)..<hi {
                let current = who[Int(events[i])]
                if previous >= 0 && current >= 0 {
                    if marks.firstInCase(Int(previous), Int(current), c) { acc.add(Int(previous), Int(current), 1) }
                } else {
                    skipped += 1
                }
                previous = current
            }
        }
        let denominator = Double(order.cases.count)
        return PairMetric(
            kind: .handoverCases, performer: performer, names: names,
            pairs: acc.pairs(names: names, denominator: denominator), denominator: denominator,
            beta: nil, depthCap: nil, eventsWithoutPerformer: missing(who), successionsSkipped: skipped)
    }

    /// Indirect succession with fall factor β: a succession at distance n (event i, then
    /// event i+n of the same case) weighs βⁿ⁻¹; W(p,q) = Σ weights of p…q / Σ weights of all
    /// successions counted. Uncapped (`depthCap` nil) it is the paper's formula and PM4Py's
    /// `discover_handover_of_work_network(beta=β)` for β > 0. With a cap, only n ≤ cap count,
    /// in the numerator and the denominator alike.
    ///
    /// Cost: O(Σ_cases |c| × k_c), k_c the distinct performers of the case (a decayed sum per
    /// performer, not the O(Σ|c|²) double loop of PM4Py); with a cap, O(events × cap).
    public static func indirect(
        _ log: EventLog, by performer: LogPerformer, beta: Double, depthCap: Int? = nil, order: CaseOrder? = nil
    ) -> PairMetric {
        precondition(beta >= 0 && beta.isFinite, "the fall factor must be a finite number ≥ 0")
        precondition(depthCap.map { $0 >= 1 } ?? true, "the depth cap must be at least 1")
        let order = order ?? log.caseOrder()
        let who = performer.column(of: log)
        let names = performer.names(of: log)
        let n = names.count
        var acc = PairAccumulator(n: n)

        // Powers β⁰, β¹, … as PM4Py computes them (`beta ** k`), up to the cap or the longest case.
        var longest = 0
        for c in order.cases { longest = max(longest, order.start[Int(c) + 1] - order.start[Int(c)]) }
        let powerCount = max(1, min(longest, depthCap ?? longest))
        let power = (0..<powerCount).map { pow(beta, Double($0)) }

        let (denominator, skipped) = who.withUnsafeBufferPointer { who in
            power.withUnsafeBufferPointer { power in
                if acc.dense {
                    return acc.flat.withUnsafeMutableBufferPointer { cells in
                        var sink = DensePairSink(n: n, cells: cells.baseAddress!)
                        return indirectPairs(into: &sink, order: order, who: who, n: n, beta: beta, depthCap: depthCap, power: power)
                    }
                }
                var sink = SparsePairSink(n: n)
                let result = indirectPairs(into: &sink, order: order, who: who, n: n, beta: beta, depthCap: depthCap, power: power)
                acc.sparse = sink.cells
                return result
            }
        }
        return PairMetric(
            kind: .handoverIndirect, performer: performer, names: names,
            pairs: acc.pairs(names: names, denominator: denominator), denominator: denominator,
            beta: beta, depthCap: depthCap, eventsWithoutPerformer: missing(who), successionsSkipped: skipped)
    }

    /// The loops of `indirect`, over raw buffers, specialised for the dense and sparse sinks.
    private static func indirectPairs<Sink: PairSink>(
        into sink: inout Sink, order: CaseOrder, who: UnsafeBufferPointer<Int32>, n: Int, beta: Double,
        depthCap: Int?, power: UnsafeBufferPointer<Double>
    ) -> (denominator: Double, skipped: Int) {
        var denominator = 0.0
        var skipped = 0
        // Scratch: the case's performers; per performer its decayed sum and last-seen case.
        var longest = 1
        for c in order.cases { longest = max(longest, order.start[Int(c) + 1] - order.start[Int(c)]) }
        let seq = UnsafeMutablePointer<Int32>.allocate(capacity: longest)
        let present = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, n))
        let decayed = UnsafeMutablePointer<Double>.allocate(capacity: max(1, n))
        let seenIn = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, n))
        decayed.initialize(repeating: 0, count: max(1, n))
        seenIn.initialize(repeating: -1, count: max(1, n))
        defer {
            seq.deallocate()
            present.deallocate()
            decayed.deallocate()
            seenIn.deallocate()
        }
        order.events.withUnsafeBufferPointer { events in
            for c in order.cases {
                let lo = order.start[Int(c)], hi = order.start[Int(c) + 1]
                let length = hi - lo
                guard length > 1 else { continue }
                var k = 0
                for i in 0..<length {
                    let p = who[Int(events[lo + i])]
                    seq[i] = p
                    if p >= 0 && seenIn[Int(p)] != c {
                        seenIn[Int(p)] = c
                        present[k] = p
                        k += 1
                    }
                }
                let cap = min(length - 1, depthCap ?? (length - 1))
                // Successions with an unknown side at distances 1…cap: all of them less those
                // whose two events are known (a sliding count of known events in the window).
                var knownInWindow = 0, knownPairs = 0
                for j in 0..<length {
                    if j - cap - 1 >= 0 && seq[j - cap - 1] >= 0 { knownInWindow -= 1 }
                    if seq[j] >= 0 {
                        knownPairs += knownInWindow
                        knownInWindow += 1
                    }
                }
                skipped += cap * length - cap * (cap + 1) / 2 - knownPairs
                if cap < length - 1 || k > (length - 1) / 2 {
                    // Direct double loop, bounded by the cap.
                    for i in 0..<(length - 1) {
                        let p = seq[i]
                        guard p >= 0 else { continue }
                        let last = min(length - 1, i + cap)
                        var j = i + 1
                        while j <= last {
                            let q = seq[j]
                            if q >= 0 {
                                let w = power[j - i - 1]
                                sink.add(Int(p), Int(q), w)
                                denominator += w
                            }
                            j += 1
                        }
                    }
                } else {
                    // decayed[p] = Σ_{i<j, r(i)=p} β^(j-1-i): at event j, each performer p that
                    // came before hands to r(j) with that weight. Only when the cap does not cut
                    // the case.
                    for x in 0..<k { decayed[Int(present[x])] = 0 }
                    for j in 0..<length {
                        let q = seq[j]
                        if j > 0 && q >= 0 {
                            var sum = 0.0
                            for x in 0..<k {
                                let p = Int(present[x])
                                let w = decayed[p]
                                sink.add(p, Int(q), w)
                                sum += w
                            }
                            denominator += sum
                        }
                        for x in 0..<k { decayed[Int(present[x])] *= beta }
                        if q >= 0 { decayed[Int(q)] += 1 }
                    }
                }
            }
        }
        return (denominator, skipped)
    }

    static func missing(_ who: [Int32]) -> Int {
        var count = 0
        for p in who where p < 0 { count += 1 }
        return count
    }
}

/// Working together (van der Aalst, Reijers & Song 2005): W(p,q) = the number of cases in
/// which both p and q appear / the number of cases, for p ≠ q (symmetric). This is PM4Py's
/// EventLog variant; its DataFrame variant divides by the number of events instead (a bug,
/// see docs/event-logs.md). Cost: O(events + Σ_cases k_c²), k_c the case's distinct performers.
public enum WorkingTogether {
    public static func compute(_ log: EventLog, by performer: LogPerformer, order: CaseOrder? = nil) -> PairMetric {
        let order = order ?? log.caseOrder()
        let who = performer.column(of: log)
        let names = performer.names(of: log)
        let n = names.count
        var acc = PairAccumulator(n: n)
        var seenIn = [Int32](repeating: -1, count: n)
        var present = [Int32]()
        let events = order.events
        for c in order.cases {
            present.removeAll(keepingCapacity: true)
            for i in order.start[Int(c)]..<order.start[Int(c) + 1] {
                let p = who[Int(events[i])]
                if p >= 0 && seenIn[Int(p)] != c {
                    seenIn[Int(p)] = c
                    present.append(p)
                }
            }
            guard present.count > 1 else { continue }
            for a in 0..<present.count {
                for b in 0..<present.count where a != b {
                    acc.add(Int(present[a]), Int(present[b]), 1)
                }
            }
        }
        let denominator = Double(order.cases.count)
        return PairMetric(
            kind: .workingTogether, performer: performer, names: names,
            pairs: acc.pairs(names: names, denominator: denominator), denominator: denominator,
            beta: nil, depthCap: nil, eventsWithoutPerformer: HandoverOfWork.missing(who), successionsSkipped: 0)
    }
}
