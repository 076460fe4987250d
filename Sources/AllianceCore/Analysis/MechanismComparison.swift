/// What an alert is about, the same in a case and in a what-if variant of it: its rule, its
/// severity, its patient and its `Alert.subject` (the declaration and the step of the fact
/// it concerns: the handoff's trigger step, the item's production step, the decision's
/// opening step, the routine run's first step and routine step, the acting step).
///
/// It does not depend on alert numbering, on the step at which the alert was raised (a
/// mechanism that changes a window moves the alert, it does not make it another one), nor on
/// the partners or knowledge it lists (a mechanism that delivers one of two missing items
/// leaves the alert raised, with less in it). Patients and declarations are compared by
/// index, which a variant keeps (`CaseModel.applying` only appends handoffs); `text(in:)`
/// writes it in the case's ids.
public struct AlertIdentity: Hashable, Sendable {
    public var rule: AlertRule
    public var severity: AlertSeverity
    public var patient: Int?
    public var subject: AlertSubject

    public init(_ alert: Alert) {
        rule = alert.rule
        severity = alert.severity
        patient = alert.patient
        subject = alert.subject
    }

    /// `stranded-knowledge warning maria knowledge:home-obs@12`.
    public func text(in analysis: Analysis) -> String {
        "\(rule.rawValue) \(severity.rawValue) \(patient.map { analysis.model.patients[$0].id } ?? "-") \(analysis.subjectText(subject))"
    }
}

extension Analysis {
    /// An alert's subject in the case's ids (see `AlertSubject`).
    public func subjectText(_ s: AlertSubject) -> String {
        let m = model
        switch s {
        case .step(let k): return "step:\(k)"
        case let .handoff(h, trigger): return "handoff:\(m.handoffs[h].id)@\(trigger)"
        case let .knowledge(k, produced): return "knowledge:\(m.knowledge[k].id)@\(produced)"
        case let .decision(d, opened): return "decision:\(m.decisions[d].id)@\(opened)"
        case let .routine(r, started, step): return "routine:\(m.routines[r].id)@\(started)#\(step)"
        case let .therapy(t, started, p): return "therapy:\(m.therapies[t].id)@\(started):\(m.partners[p].id)"
        case let .pattern(from, activity, to, toActivity, formalised):
            let target = toActivity >= 0 ? m.activities[toActivity].id : "-"
            return "pattern:\(m.partners[from].id)/\(m.activities[activity].id)/\(m.partners[to].id)/\(target)" + (formalised ? ":formalised" : "")
        }
    }
}

/// A case's analysis (the baseline) beside the analysis of the same case with some
/// mechanisms applied (the variant), and what differs: the baseline alerts the variant does
/// not raise (avoided), the variant's alerts the baseline did not raise (new), and the
/// unneeded therapy days and their cost saved, in total, per patient and per partner, at any
/// step. Step numbers mean the same in both (applying a mechanism keeps the timeline's steps).
///
/// ```swift
/// let baseline = Analysis(validated: model)
/// let comparison = MechanismComparison(baseline: baseline, mechanisms: ["shared-record"])
/// comparison.savings(at: baseline.stepCount).daysSaved
/// ```
///
/// Alerts are matched by `AlertIdentity`: each variant alert takes the earliest unmatched
/// baseline alert with the same identity. An alert matched at a different step has *moved*
/// (it is neither avoided nor new).
public final class MechanismComparison: Sendable {
    public let baseline: Analysis
    public let variant: Analysis
    /// The mechanisms applied, in the case's declaration order.
    public let mechanisms: [Mechanism]
    /// Per baseline alert id: the id of the same alert in the variant, or nil if avoided.
    public let counterpart: [Int?]
    /// Per variant alert id: the id of the same alert in the baseline, or nil if new.
    public let origin: [Int?]
    /// Baseline alert ids the variant does not raise, in order.
    public let avoided: [Int]
    /// Variant alert ids the baseline did not raise, in order.
    public let new: [Int]

    /// Applies `ids` (those the case declares) to the baseline's case and analyses the variant.
    public convenience init(baseline: Analysis, mechanisms ids: [String]) {
        let variant = Analysis(validated: baseline.model.applying(mechanisms: ids))
        self.init(baseline: baseline, variant: variant, mechanisms: ids)
    }

    /// Compares two analyses already made (the variant of `baseline.model` with `ids` applied).
    public init(baseline: Analysis, variant: Analysis, mechanisms ids: [String]) {
        self.baseline = baseline
        self.variant = variant
        mechanisms = baseline.model.mechanisms.filter { ids.contains($0.id) }
        var queues: [AlertIdentity: [Int]] = [:]
        for a in baseline.alerts { queues[AlertIdentity(a), default: []].append(a.id) }
        var heads: [AlertIdentity: Int] = [:]
        var counterpart = [Int?](repeating: nil, count: baseline.alerts.count)
        var origin = [Int?](repeating: nil, count: variant.alerts.count)
        var new: [Int] = []
        for a in variant.alerts {
            let key = AlertIdentity(a)
            let h = heads[key, default: 0]
            if let q = queues[key], h < q.count {
                counterpart[q[h]] = a.id
                origin[a.id] = q[h]
                heads[key] = h + 1
            } else {
                new.append(a.id)
            }
        }
        self.counterpart = counterpart
        self.origin = origin
        avoided = counterpart.indices.filter { counterpart[$0] == nil }
        self.new = new
    }

    /// Whether baseline alert `id` is avoided in the variant.
    public func isAvoided(_ id: Int) -> Bool { counterpart[id] == nil }

    /// Baseline alerts avoided that the baseline had raised by step k.
    public func avoided(upTo k: Int) -> [Alert] {
        avoided.lazy.map { self.baseline.alerts[$0] }.filter { $0.step <= k }
    }

    /// Variant alerts new that the variant has raised by step k.
    public func new(upTo k: Int) -> [Alert] {
        new.lazy.map { self.variant.alerts[$0] }.filter { $0.step <= k }
    }

    /// Matched alerts raised at a different step, as (baseline id, variant id).
    public var moved: [(baseline: Int, variant: Int)] {
        counterpart.enumerated().compactMap { b, v in
            guard let v, baseline.alerts[b].step != variant.alerts[v].step else { return nil }
            return (b, v)
        }
    }

    /// Unneeded therapy days and cost saved for patient x by step k (cheap: one patient's decisions).
    public func saved(patient x: Int, at k: Int) -> (days: Double, cost: Double) {
        let b = baseline.state(at: k).unneeded(patient: x), v = variant.state(at: k).unneeded(patient: x)
        return (b.days - v.days, AnalysisReport.money(b.cost - v.cost))
    }

    /// What the variant saves by step k (0…stepCount), and in the whole case at its last step.
    public func savings(at k: Int) -> MechanismSavings {
        let k = min(max(0, k), baseline.stepCount)
        let b = baseline.state(at: k), v = variant.state(at: k)
        let model = baseline.model
        var patients: [MechanismSavings.PatientFigure] = model.patients.indices.map { x in
            let before = b.unneeded(patient: x), after = v.unneeded(patient: x)
            return .init(id: model.patients[x].id, name: baseline.patientName(x), avoided: 0, new: 0,
                         daysSaved: before.days - after.days, costSaved: AnalysisReport.money(before.cost - after.cost))
        }
        var partners: [MechanismSavings.PartnerFigure] = model.partners.indices.map { p in
            .init(id: model.partners[p].id, name: baseline.partnerName(p), avoided: 0, new: 0)
        }
        var bySeverity: [AlertSeverity: Int] = [:]
        var avoidedCount = 0, newCount = 0
        for a in avoided(upTo: k) {
            avoidedCount += 1
            bySeverity[a.severity, default: 0] += 1
            if let x = a.patient { patients[x].avoided += 1 }
            for p in a.partners { partners[p].avoided += 1 }
        }
        for a in new(upTo: k) {
            newCount += 1
            if let x = a.patient { patients[x].new += 1 }
            for p in a.partners { partners[p].new += 1 }
        }
        return MechanismSavings(
            step: k, avoided: avoidedCount, avoidedCritical: bySeverity[.critical] ?? 0, avoidedWarning: bySeverity[.warning] ?? 0,
            avoidedInfo: bySeverity[.info] ?? 0, new: newCount,
            daysSaved: patients.reduce(0) { $0 + $1.daysSaved }, costSaved: AnalysisReport.money(patients.reduce(0) { $0 + $1.costSaved }),
            currency: model.info.currency, patients: patients, partners: partners)
    }
}

/// What a set of mechanisms saves by a step: alerts avoided (by severity) and new, unneeded
/// therapy days and their cost saved (baseline minus variant; negative if the variant has
/// more), in total, per patient and per partner (alerts that name the partner).
public struct MechanismSavings: Sendable, Equatable, Codable {
    public struct PatientFigure: Sendable, Equatable, Codable {
        public var id: String
        public var name: String
        public var avoided: Int
        public var new: Int
        public var daysSaved: Double
        public var costSaved: Double
    }
    public struct PartnerFigure: Sendable, Equatable, Codable {
        public var id: String
        public var name: String
        public var avoided: Int
        public var new: Int
    }
    public var step: Int
    public var avoided: Int
    public var avoidedCritical: Int
    public var avoidedWarning: Int
    public var avoidedInfo: Int
    public var new: Int
    public var daysSaved: Double
    public var costSaved: Double
    public var currency: String
    public var patients: [PatientFigure]
    public var partners: [PartnerFigure]
}

/// Baseline, each declared mechanism alone, and all of them together, at the case's last
/// step: the table `alliance report --compare` prints (and the debrief can draw).
public struct MechanismTable: Sendable, Equatable, Codable {
    public struct Row: Sendable, Equatable, Codable {
        /// `baseline`, a mechanism's id, or `all` (every mechanism together).
        public var id: String
        public var name: String
        /// The mechanisms applied (empty for the baseline).
        public var mechanisms: [String]
        /// Alerts raised over the whole timeline, by severity.
        public var critical: Int
        public var warning: Int
        public var info: Int
        public var avoided: Int
        public var new: Int
        public var unneededDays: Double
        public var unneededCost: Double
        public var daysSaved: Double
        public var costSaved: Double
    }
    public var currency: String
    public var rows: [Row]

    /// Runs the analysis once per row (the baseline, each mechanism, all together when the
    /// case declares more than one).
    public init(baseline: Analysis) {
        let model = baseline.model
        currency = model.info.currency
        var rows = [Self.row(id: "baseline", name: "As it happened", MechanismComparison(baseline: baseline, variant: baseline, mechanisms: []))]
        for m in model.mechanisms {
            rows.append(Self.row(id: m.id, name: m.name, MechanismComparison(baseline: baseline, mechanisms: [m.id])))
        }
        if model.mechanisms.count > 1 {
            rows.append(Self.row(id: "all", name: "All together", MechanismComparison(baseline: baseline, mechanisms: model.mechanisms.map(\.id))))
        }
        self.rows = rows
    }

    static func row(id: String, name: String, _ c: MechanismComparison) -> Row {
        let n = c.variant.stepCount
        let s = c.savings(at: n)
        let state = c.variant.state(at: n)
        var days = 0.0, cost = 0.0
        for x in c.variant.model.patients.indices {
            let u = state.unneeded(patient: x)
            days += u.days
            cost += u.cost
        }
        var count: [AlertSeverity: Int] = [:]
        for a in c.variant.alerts { count[a.severity, default: 0] += 1 }
        return Row(id: id, name: name, mechanisms: c.mechanisms.map(\.id), critical: count[.critical] ?? 0, warning: count[.warning] ?? 0,
                   info: count[.info] ?? 0, avoided: s.avoided, new: s.new, unneededDays: days, unneededCost: AnalysisReport.money(cost),
                   daysSaved: s.daysSaved, costSaved: s.costSaved)
    }
}
