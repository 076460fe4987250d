/// What each partner did over all patients up to any step, in O(log steps) per partner:
/// the sorted steps at which it took part, first took part for a patient, handed a
/// patient's work on to another partner, and received it from one. Built in one pass over
/// the timeline, so a dashboard with 10,000 patients reads a partner's totals without
/// looking at the patients.
///
/// A handover of work is a direct succession within a patient's journey: the partner of an
/// action step differs from the partner of that patient's previous action step (as the
/// process-mining literature counts it between partners, self-successions left out).
public struct PartnerActivity: Sendable {
    /// Per partner, sorted: steps it took part in (each step once), steps at which it first
    /// took part for a patient, steps at which it handed a patient's work on, and received it.
    private(set) var acted: [[Int32]], firstForPatient: [[Int32]], handedOn: [[Int32]], received: [[Int32]]
    /// Per partner: the patients it holds knowledge about, each with the step it first held
    /// some, in that order (steps in `knowsSince`, patients in `knowsOf`).
    private(set) var knowsSince: [[Int32]] = [], knowsOf: [[Int32]] = []
    /// Where the pass over the timeline stands: whether partner p took part for patient x yet
    /// (`x * P + p`), and each patient's last acting partner (-1: none).
    private var seen: [Bool] = [], last: [Int32] = []
    /// Whether partner p holds knowledge about patient x yet (`x * P + p`).
    private var known: [Bool] = []

    /// A partner's totals after a step.
    public struct Totals: Sendable, Equatable {
        /// Steps it took part in.
        public var steps = 0
        /// Patients it took part for.
        public var patients = 0
        /// Times a patient's work passed from it to another partner, and to it from another.
        public var handedOn = 0, received = 0
        public init(steps: Int = 0, patients: Int = 0, handedOn: Int = 0, received: Int = 0) {
            self.steps = steps
            self.patients = patients
            self.handedOn = handedOn
            self.received = received
        }
    }

    /// The steps' part, over the whole timeline (`learn` adds the knowledge part).
    init(_ compiled: CompiledCase) {
        let P = compiled.partnerCount
        acted = [[Int32]](repeating: [], count: P)
        firstForPatient = acted
        handedOn = acted
        received = acted
        extend(compiled, from: 0)
    }

    /// Who holds knowledge about whom, from what partners learned (`.learned` changes) at the
    /// steps after `start`: 0 for the whole timeline, else the steps a grown case gained.
    mutating func learn(_ changes: [StepChange], offsets: [Int], items: [KnowledgeItem], after start: Int, patientCount X: Int) {
        let P = acted.count
        if knowsSince.isEmpty {
            knowsSince = [[Int32]](repeating: [], count: P)
            knowsOf = knowsSince
        }
        known += repeatElement(false, count: X * P - known.count)
        var first: [(partner: Int, patient: Int)] = []
        for s in stride(from: start + 1, to: offsets.count, by: 1) {
            first.removeAll(keepingCapacity: true)
            for i in offsets[s - 1]..<offsets[s] {
                guard case .learned(let p, let item) = changes[i] else { continue }
                let x = items[item].patient
                guard !known[x * P + p] else { continue }
                known[x * P + p] = true
                first.append((p, x))
            }
            // Each partner's list: by the step it first knew something of a patient, then by patient.
            if first.count > 1 { first.sort { $0.patient < $1.patient } }
            for (p, x) in first {
                knowsSince[p].append(Int32(s))
                knowsOf[p].append(Int32(x))
            }
        }
    }

    /// The steps after `start` (a case that grew, or the whole timeline from 0).
    mutating func extend(_ compiled: CompiledCase, from start: Int) {
        let P = compiled.partnerCount, X = compiled.patientCount
        seen += repeatElement(false, count: X * P - seen.count)
        last += repeatElement(-1, count: X - last.count)
        let steps = compiled.steps
        for i in start..<steps.count {
            let st = steps[i], s = Int32(i + 1)
            for p in compiled.partners(st) {
                acted[p].append(s)
                if st.hasPatient, !seen[st.patient * P + p] {
                    seen[st.patient * P + p] = true
                    firstForPatient[p].append(s)
                }
            }
            guard st.hasPatient, st.isAction else { continue }
            let before = Int(last[st.patient]), now = st.partner
            if before >= 0, before != now {
                handedOn[before].append(s)
                received[now].append(s)
            }
            last[st.patient] = Int32(now)
        }
    }

    /// How many patients partner p holds knowledge about after step k, and the first `limit`
    /// of them in the order it came to (leaving out `excluding`).
    public func patientsKnown(partner p: Int, at k: Int, limit: Int, excluding: Int? = nil) -> (count: Int, first: [Int]) {
        let n = AlertCounter.countAtOrBefore(knowsSince[p], k)
        var first: [Int] = []
        for i in 0..<n where first.count < limit && Int(knowsOf[p][i]) != excluding { first.append(Int(knowsOf[p][i])) }
        return (n, first)
    }

    /// Partner p's totals after step k.
    public func totals(partner p: Int, at k: Int) -> Totals {
        func n(_ steps: [Int32]) -> Int { AlertCounter.countAtOrBefore(steps, k) }
        return Totals(steps: n(acted[p]), patients: n(firstForPatient[p]), handedOn: n(handedOn[p]), received: n(received[p]))
    }
}

/// Intervals of steps `[start, end)` (an open decision, an overdue one), to count those that
/// contain a step in O(log n) and list the newest of them without looking at every one: the
/// intervals sorted by start, in blocks whose ends are kept sorted, so a block with nothing
/// open at the step is skipped by counting (as `AlertIndex` does for active alerts).
struct IntervalIndex: Sendable {
    /// Ids, starts and ends (`Int32.max`: never ends), sorted by start.
    let ids: [Int], starts: [Int32], ends: [Int32]
    /// Every end, sorted (to count).
    let sortedEnds: [Int32]
    /// Per block of `blockSize` intervals: their ends, sorted.
    let endsByBlock: [[Int32]]
    static let blockSize = 128

    /// Intervals `(id, start, end)`; empty ones (end <= start) are left out.
    init(_ intervals: [(id: Int, start: Int, end: Int?)]) {
        let kept = intervals.filter { i in i.end.map { $0 > i.start } ?? true }.sorted { ($0.start, $0.id) < ($1.start, $1.id) }
        ids = kept.map(\.id)
        starts = kept.map { Int32($0.start) }
        let ends = kept.map { $0.end.map(Int32.init) ?? Int32.max }
        self.ends = ends
        sortedEnds = ends.sorted()
        endsByBlock = stride(from: 0, to: kept.count, by: Self.blockSize).map { Array(ends[$0..<min($0 + Self.blockSize, kept.count)]).sorted() }
    }

    /// How many intervals contain step k.
    func count(at k: Int) -> Int {
        AlertCounter.countAtOrBefore(starts, k) - AlertCounter.countAtOrBefore(sortedEnds, k)
    }

    /// Ids of the intervals that contain step k, earliest start first, at most `limit` of
    /// those `accept` takes. Blocks with nothing open at k are skipped by counting.
    func ids(at k: Int, limit: Int, accept: (Int) -> Bool = { _ in true }) -> [Int] {
        var out: [Int] = []
        let started = AlertCounter.countAtOrBefore(starts, k)
        let B = Self.blockSize
        var i = 0
        while i < started, out.count < limit {
            let block = i / B
            // A whole block, all started by k: skip it when none of it is still open.
            if i == block * B, block * B + B <= started,
               AlertCounter.countAtOrBefore(endsByBlock[block], k) == endsByBlock[block].count {
                i += B
                continue
            }
            if Int(ends[i]) > k, accept(ids[i]) { out.append(ids[i]) }
            i += 1
        }
        return out
    }
}

/// Per partner (and, last, for decisions owned by nobody): the decisions open, and overdue,
/// at any step.
struct DecisionIndex: Sendable {
    let open: [IntervalIndex], overdue: [IntervalIndex]

    init(decisions: [DecisionInstance], owned: [[Int]], unowned: [Int]) {
        func intervals(_ ids: [Int], overdue: Bool) -> [(id: Int, start: Int, end: Int?)] {
            ids.compactMap { id in
                let d = decisions[id]
                guard let start = overdue ? d.overdueStep : d.openStep else { return nil }
                return (id, start, d.decidedStep)
            }
        }
        let groups = owned + [unowned]
        open = groups.map { IntervalIndex(intervals($0, overdue: false)) }
        self.overdue = groups.map { IntervalIndex(intervals($0, overdue: true)) }
    }
}

extension CaseState {
    /// Partner p's totals over all patients after this step (see `PartnerActivity`).
    public func partnerTotals(_ p: Int) -> PartnerActivity.Totals { analysis.partnerActivity.totals(partner: p, at: step) }

    /// Decisions owned by partner p (nil: by nobody) open after this step, in the order they
    /// opened, at most `limit` (blocks with none open are skipped by counting).
    public func openDecisions(partner p: Int?, limit: Int) -> [DecisionInstance] {
        let g = p ?? analysis.decisionIndex.open.count - 1
        return analysis.decisionIndex.open[g].ids(at: step, limit: limit).map { analysis.decisions[$0] }
    }

    /// Alerts raised about patient x by this step (active or not).
    public func alertsRaised(patient x: Int) -> Int {
        analysis.alertIndex.patients[x].reduce(0) { $0 + AlertCounter.countAtOrBefore($1.raised, step) }
    }

    /// Alerts naming partner p raised by this step (active or not).
    public func alertsRaised(partner p: Int) -> Int {
        analysis.alertIndex.partners[p].reduce(0) { $0 + AlertCounter.countAtOrBefore($1.raised, step) }
    }

    /// The last step (1-based) at which an actor acted for patient x, by this step.
    public func lastActionStep(patient x: Int) -> Int? {
        let steps = analysis.stepsOf[x]
        var lo = 0, hi = steps.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if steps[mid] <= step { lo = mid + 1 } else { hi = mid }
        }
        return lo > 0 ? steps[lo - 1] : nil
    }

    /// How many decisions owned by partner p (nil: by nobody) are open (not taken) after this
    /// step, and how many of them are overdue; in O(log decisions).
    public func openDecisionCount(partner p: Int?) -> (open: Int, overdue: Int) {
        let g = p ?? analysis.decisionIndex.open.count - 1
        return (analysis.decisionIndex.open[g].count(at: step), analysis.decisionIndex.overdue[g].count(at: step))
    }

    /// A few of the decisions `openDecisions(partner:)` lists, without reading them all: the
    /// overdue ones first (earliest overdue first), then those of `patient`, then the others
    /// (earliest opened first); at most `limit`.
    public func someOpenDecisions(partner p: Int?, patient x: Int?, limit: Int) -> [DecisionInstance] {
        let g = p ?? analysis.decisionIndex.open.count - 1
        var ids = analysis.decisionIndex.overdue[g].ids(at: step, limit: limit)
        if ids.count < limit, let x {
            for id in analysis.decisionsOf[x] where ids.count < limit && !ids.contains(id) {
                let d = analysis.decisions[id]
                let owned = p.map { p in d.owner.map { analysis.compiled.partnerRoles[p].contains($0) } ?? false } ?? (d.owner == nil)
                if owned, d.status(at: step) == .open { ids.append(id) }
            }
        }
        if ids.count < limit {
            let taken = ids
            ids += analysis.decisionIndex.open[g].ids(at: step, limit: limit - ids.count) { id in
                !taken.contains(id) && analysis.decisions[id].status(at: step) == .open
            }
        }
        return ids.map { analysis.decisions[$0] }
    }
}
