/// Counts of active alerts after any step, per patient, per partner and per severity,
/// in O(log alerts): the sorted steps at which alerts of a group were raised and cleared.
public struct AlertCounter: Sendable {
    var raised: [Int32] = []
    var cleared: [Int32] = []

    /// Alerts of the group raised by step k and not cleared by it.
    public func active(at k: Int) -> Int {
        AlertCounter.countAtOrBefore(raised, k) - AlertCounter.countAtOrBefore(cleared, k)
    }

    static func countAtOrBefore(_ steps: [Int32], _ k: Int) -> Int {
        var lo = 0, hi = steps.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if Int(steps[mid]) <= k { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

/// The alert counters of one analysis.
public struct AlertIndex: Sendable {
    /// All alerts, by severity (indexed like `AlertSeverity.allCases`).
    public private(set) var all: [AlertCounter]
    /// Per patient, by severity.
    public private(set) var patients: [[AlertCounter]]
    /// Per partner, by severity.
    public private(set) var partners: [[AlertCounter]]
    /// Alert ids of each patient, in raise order.
    public private(set) var ofPatient: [[Int]]
    /// The steps that raised alerts, in order, each with the worst severity raised there.
    public private(set) var marks: [(step: Int, worst: AlertSeverity)]
    /// Per block of `blockSize` consecutive alert ids: their cleared steps, sorted (never
    /// cleared: `Int32.max`). With it, the n-th newest active alert at any step is found
    /// without looking at the alerts before it one by one.
    private(set) var clearedByBlock: [[Int32]]
    static let blockSize = 256

    /// A grown case: alerts `from...` are new, `clearedNow` were cleared at the new steps (in
    /// step order, new alerts among them), and `patientCount` patients there are now. The
    /// counters' sorted steps stay sorted: every new step comes after the old ones.
    mutating func extend(alerts: [Alert], from start: Int, clearedNow: [Int], patientCount: Int) {
        raise(alerts, from: start, patientCount: patientCount)
        for id in clearedNow { addCleared(alerts, id, Int32(alerts[id].clearedStep!)) }
        // The blocks from the one alert `start` falls in are built again; in the full blocks
        // before it, an alert cleared now takes the place of its block's first "never" (the
        // other steps there are older: the block stays sorted).
        let B = Self.blockSize, kept = start / B
        for id in clearedNow where id / B < kept {
            if let i = clearedByBlock[id / B].firstIndex(of: Int32.max) { clearedByBlock[id / B][i] = Int32(alerts[id].clearedStep!) }
        }
        rebuildBlocks(alerts, from: kept)
    }

    /// Alerts `start...` raised: their marks, counts and patients' lists.
    private mutating func raise(_ alerts: [Alert], from start: Int, patientCount: Int) {
        let S = AlertSeverity.allCases.count
        patients += repeatElement([AlertCounter](repeating: AlertCounter(), count: S), count: patientCount - patients.count)
        ofPatient += repeatElement([], count: patientCount - ofPatient.count)
        // By index, reading fields: binding each alert would copy it (retaining its strings and arrays).
        for id in start..<alerts.count {
            let step = alerts[id].step, severity = alerts[id].severity
            if let last = marks.last, last.step == step {
                if severity < last.worst { marks[marks.count - 1].worst = severity }
            } else {
                marks.append((step, severity))
            }
            let s = severity.rank
            all[s].raised.append(Int32(step))
            if let x = alerts[id].patient {
                patients[x][s].raised.append(Int32(step))
                ofPatient[x].append(id)
            }
            // Each partner once (lists are short: no set allocated per alert).
            let ps = alerts[id].partners
            for (i, p) in ps.enumerated() where !ps[..<i].contains(p) { partners[p][s].raised.append(Int32(step)) }
        }
    }

    /// Alert `id` cleared at step `c`, in its groups' counts.
    private mutating func addCleared(_ alerts: [Alert], _ id: Int, _ c: Int32) {
        let s = alerts[id].severity.rank
        all[s].cleared.append(c)
        if let x = alerts[id].patient { patients[x][s].cleared.append(c) }
        let ps = alerts[id].partners
        for (i, p) in ps.enumerated() where !ps[..<i].contains(p) { partners[p][s].cleared.append(c) }
    }

    /// The blocks of cleared steps from block `first` on, built from the alerts.
    private mutating func rebuildBlocks(_ alerts: [Alert], from first: Int) {
        let B = Self.blockSize
        clearedByBlock.removeSubrange(first...)
        for start in stride(from: first * B, to: alerts.count, by: B) {
            clearedByBlock.append(alerts[start..<min(start + B, alerts.count)].map { $0.clearedStep.map(Int32.init) ?? Int32.max }.sorted())
        }
    }

    init(alerts: [Alert], patientCount: Int, partnerCount: Int) {
        let S = AlertSeverity.allCases.count
        all = [AlertCounter](repeating: AlertCounter(), count: S)
        patients = []
        partners = [[AlertCounter]](repeating: [AlertCounter](repeating: AlertCounter(), count: S), count: partnerCount)
        ofPatient = []
        marks = []
        clearedByBlock = []
        raise(alerts, from: 0, patientCount: patientCount)
        // Every cleared step, then each list sorted once (cheaper than ordering the alerts by it).
        for id in alerts.indices {
            guard let c = alerts[id].clearedStep else { continue }
            addCleared(alerts, id, Int32(c))
        }
        func sortCleared(_ counters: inout [AlertCounter]) { for i in counters.indices { counters[i].cleared.sort() } }
        sortCleared(&all)
        for i in patients.indices { sortCleared(&patients[i]) }
        for i in partners.indices { sortCleared(&partners[i]) }
        rebuildBlocks(alerts, from: 0)
    }

    /// Ids of the active alerts after step `k`, newest first, from position `offset` of that
    /// list, at most `count`. `raised`: how many alerts were raised by step k (ids are in
    /// raise order). Whole blocks are skipped by counting, so the cost is
    /// O(alerts / blockSize × log blockSize + blockSize + count), not O(offset).
    func activeIDs(at k: Int, raised: Int, from offset: Int, count: Int, alerts: [Alert]) -> [Int] {
        var out: [Int] = []
        var skip = offset
        var id = raised - 1
        let B = Self.blockSize
        while id >= 0, out.count < count {
            let block = id / B
            // A whole block, all raised by step k: its active alerts are those not cleared by k.
            if skip > 0, id == block * B + B - 1 {
                let active = B - AlertCounter.countAtOrBefore(clearedByBlock[block], k)
                if active <= skip {
                    skip -= active
                    id = block * B - 1
                    continue
                }
            }
            if alerts[id].clearedStep.map({ $0 > k }) ?? true {
                if skip > 0 { skip -= 1 } else { out.append(id) }
            }
            id -= 1
        }
        return out
    }
}

/// Active alert counts of a group after a step: per severity, and the worst severity present.
public struct AlertTally: Sendable, Equatable {
    public var critical = 0, warning = 0, info = 0
    public var total: Int { critical + warning + info }
    /// The most severe level with an active alert.
    public var worst: AlertSeverity? { critical > 0 ? .critical : warning > 0 ? .warning : info > 0 ? .info : nil }

    init(_ counters: [AlertCounter], at k: Int) {
        critical = counters[0].active(at: k)
        warning = counters[1].active(at: k)
        info = counters[2].active(at: k)
    }
}

extension CaseState {
    /// Active alerts after this step, all patients.
    public var alertTally: AlertTally { AlertTally(analysis.alertIndex.all, at: step) }
    public func alertTally(patient x: Int) -> AlertTally { AlertTally(analysis.alertIndex.patients[x], at: step) }
    public func alertTally(partner p: Int) -> AlertTally { AlertTally(analysis.alertIndex.partners[p], at: step) }

    /// The active alerts at positions `offset ..< offset + count` of the newest-first list.
    public func activeAlerts(from offset: Int, count: Int) -> [Alert] {
        analysis.alertIndex.activeIDs(at: step, raised: alertsRaised.count, from: offset, count: count, alerts: analysis.alerts)
            .map { analysis.alerts[$0] }
    }

    /// The newest active alerts, at most `limit`, newest first (stops early: O(limit + cleared skipped)).
    public func newestActiveAlerts(limit: Int, patient: Int? = nil) -> [Alert] {
        var out: [Alert] = []
        if let patient {
            for id in analysis.alertIndex.ofPatient[patient].reversed() where out.count < limit {
                let a = analysis.alerts[id]
                if isActive(a) { out.append(a) }
            }
            return out
        }
        for a in alertsRaised.reversed() {
            if out.count >= limit { break }
            if isActive(a) { out.append(a) }
        }
        return out
    }
}
