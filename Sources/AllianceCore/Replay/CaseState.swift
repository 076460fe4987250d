/// The state of the case after step k: a view over the analysis's stamped facts.
/// Creating one is O(1); each question costs what it reads (a binary search, or the facts
/// of one patient), never a replay from step 0.
public struct CaseState: Sendable {
    public let analysis: Analysis
    /// Steps done: 0 before the first step, `stepCount` after the last.
    public let step: Int

    public var stepCount: Int { analysis.stepCount }
    public var time: Timestamp { analysis.time(ofStep: step) }
    public var day: Int { analysis.day(of: time) }

    /// The timeline step just done (nil before the first).
    public var currentStep: Step? { step == 0 ? nil : analysis.model.timeline[step - 1] }

    // MARK: knowledge

    /// Whether partner p holds item i after this step.
    public func holds(_ p: Int, item i: Int) -> Bool {
        analysis.items[i].holders.contains { $0.partner == p && $0.step <= step }
    }

    /// The newest item of knowledge k about patient x produced by this step.
    public func latestItem(patient x: Int, knowledge k: Int) -> KnowledgeItem? {
        let ids = analysis.itemsOf[x * analysis.compiled.knowledgeCount + k]
        // Items are in production order: find the last produced at or before this step.
        var lo = 0, hi = ids.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if analysis.items[ids[mid]].step <= step { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? nil : analysis.items[ids[lo - 1]]
    }

    /// The newest item of knowledge k about patient x that partner p holds.
    public func latestHeld(patient x: Int, partner p: Int, knowledge k: Int) -> KnowledgeItem? {
        let ids = analysis.itemsOf[x * analysis.compiled.knowledgeCount + k]
        for id in ids.reversed() where analysis.items[id].step <= step && holds(p, item: id) {
            return analysis.items[id]
        }
        return nil
    }

    /// One cell of a patient's knowledge matrix.
    public func knowledgeCell(patient x: Int, partner p: Int, knowledge k: Int) -> KnowledgeCell {
        let latest = latestItem(patient: x, knowledge: k)
        if let latest, holds(p, item: latest.id) {
            // Held, unless an active alert says only a newer item ends the partner's lack (an
            // awareness item from an earlier episode of a restarted therapy): that one is outdated.
            if lacksNewer(patient: x, partner: p, knowledge: k, than: latest.id) { return .outdated(latest) }
            let since = latest.holders.first { $0.partner == p }!.step
            return .held(latest, new: since == step)
        }
        if let older = latestHeld(patient: x, partner: p, knowledge: k) { return .outdated(older) }
        return needs(patient: x, partner: p, knowledge: k) ? .missing(exists: latest != nil) : .notNeeded
    }

    private func lacksNewer(patient x: Int, partner p: Int, knowledge k: Int, than item: Int) -> Bool {
        analysis.lacksOf[x].contains { l in
            l.partner == p && l.knowledge == k && l.item > item && l.from <= step && (l.until.map { $0 > step } ?? true)
        }
    }

    /// Whether partner p needs knowledge k about patient x after this step: the case
    /// declares the need (`needed-by`); or p is responsible for the patient and k is the
    /// awareness knowledge of a therapy active for it; or an active alert says p lacks it.
    public func needs(patient x: Int, partner p: Int, knowledge k: Int) -> Bool {
        if analysis.needs(partner: p, knowledge: k) { return true }
        if analysis.isResponsible(partner: p, patient: x) {
            for id in analysis.therapiesOf[x] {
                let e = analysis.therapies[id]
                if analysis.awarenessKnowledge[e.therapy] == k, e.status(at: step) == .active { return true }
            }
        }
        return analysis.lacksOf[x].contains { l in
            l.partner == p && l.knowledge == k && l.from <= step && (l.until.map { $0 > step } ?? true)
        }
    }

    // MARK: alerts

    /// Every alert raised by this step, oldest first.
    public var alertsRaised: ArraySlice<Alert> {
        let alerts = analysis.alerts
        var lo = 0, hi = alerts.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if alerts[mid].step <= step { lo = mid + 1 } else { hi = mid }
        }
        return alerts[0..<lo]
    }

    public func isActive(_ alert: Alert) -> Bool {
        alert.step <= step && (alert.clearedStep.map { $0 > step } ?? true)
    }

    /// Alerts raised and not cleared by this step, newest first.
    public var activeAlerts: [Alert] {
        alertsRaised.reversed().filter(isActive)
    }

    /// Alerts raised at this very step.
    public var alertsRaisedNow: [Alert] {
        alertsRaised.reversed().prefix { $0.step == step }.reversed()
    }

    // MARK: patients

    /// The steps of patient x done so far.
    public func journey(patient x: Int) -> ArraySlice<Int> {
        let steps = analysis.stepsOf[x]
        let end = steps.firstIndex { $0 > step } ?? steps.count
        return steps[0..<end]
    }

    /// The patient's therapy episodes started so far, with their status now.
    public func therapies(patient x: Int) -> [(episode: TherapyEpisode, status: TherapyStatus)] {
        analysis.therapiesOf[x].compactMap { id in
            let e = analysis.therapies[id]
            return e.status(at: step).map { (e, $0) }
        }
    }

    /// Days on therapy so far for an episode.
    public func daysOnTherapy(_ e: TherapyEpisode) -> Double {
        let end = e.endStep.map { $0 <= step } == true ? e.endTime! : time
        return max(0, Timestamp.days(from: e.startTime, to: end))
    }

    /// Therapy days after an overdue decision (declared `overdue-days-unneeded`) was due
    /// and before it was taken, and their cost.
    public func unneeded(patient x: Int) -> (days: Double, cost: Double) {
        var windows: [(Timestamp, Timestamp)] = []
        for d in analysis.decisionsOf[x].map({ analysis.decisions[$0] }) {
            // Overdue by now, or taken after its window (at the very step its deadline passed, too).
            guard analysis.model.decisions[d.decision].overdueDaysUnneeded, d.openStep <= step else { continue }
            let end = d.decidedStep.map { $0 <= step } == true ? d.decidedTime! : time
            // From the first instant past the deadline (the end of its due day for a window in days).
            let past = Timestamp(seconds: d.dueTime.seconds + 1)
            if end > past { windows.append((past, end)) }
        }
        guard !windows.isEmpty else { return (0, 0) }
        windows.sort { $0.0 < $1.0 }
        var merged: [(Timestamp, Timestamp)] = []
        for w in windows {
            if let last = merged.last, w.0 <= last.1 { merged[merged.count - 1].1 = max(last.1, w.1) } else { merged.append(w) }
        }
        var days = 0.0, cost = 0.0
        for (e, _) in therapies(patient: x) {
            let end = e.endStep.map { $0 <= step } == true ? e.endTime! : time
            for w in merged {
                let overlap = Timestamp.days(from: max(w.0, e.startTime), to: min(w.1, end))
                if overlap > 0 {
                    days += overlap
                    cost += overlap * analysis.costPerDay(therapy: e.therapy)
                }
            }
        }
        return (days, cost)
    }

    /// Handoff instances triggered so far (optionally for one patient), with their status now.
    public func handoffs(patient x: Int? = nil) -> [(instance: HandoffInstance, status: HandoffStatus)] {
        guard let x else { return analysis.handoffs.compactMap { h in h.status(at: step).map { (h, $0) } } }
        return analysis.handoffsOf[x].compactMap { id in
            let h = analysis.handoffs[id]
            return h.status(at: step).map { (h, $0) }
        }
    }

    /// How many handoffs are in each status after this step, in O(log handoffs).
    public var handoffCounts: [HandoffStatus: Int] { analysis.handoffCounter.counts(at: step) }

    /// The same, counted instance by instance (the reference the fast count is tested against).
    var handoffCountsByScan: [HandoffStatus: Int] {
        var clean = 0, late = 0, omitted = 0, pending = 0
        for h in analysis.handoffs {
            guard h.triggerStep <= step else { break }  // instances are in trigger order
            switch h.status(at: step)! {
            case .clean: clean += 1
            case .late: late += 1
            case .omitted: omitted += 1
            case .pending: pending += 1
            }
        }
        return [.clean: clean, .late: late, .omitted: omitted, .pending: pending]
    }

    /// The routine instances of patient x started so far.
    public func routineInstances(patient x: Int) -> [RoutineInstance] {
        analysis.routinesOf[x].map { analysis.routines[$0] }.filter { $0.startStep <= step }
    }

    /// Decisions opened so far and not yet taken, owned by a role that partner p holds
    /// (or, with `p == nil`, owned by nobody).
    public func openDecisions(partner p: Int?) -> [DecisionInstance] {
        let ids = p.map { analysis.decisionsOwnedBy[$0] } ?? analysis.unownedDecisions
        return ids.lazy.map { analysis.decisions[$0] }.filter { d in
            guard let s = d.status(at: step) else { return false }
            return s != .decided
        }
    }

    /// Routine instances started so far.
    public var routineInstances: [RoutineInstance] {
        analysis.routines.filter { $0.startStep <= step }
    }

    /// Emergent patterns flagged so far, with their status now.
    public var emergentPatterns: [(pattern: EmergentPattern, status: EmergentStatus)] {
        analysis.emergent.compactMap { p in p.status(at: step).map { (p, $0) } }
    }

    /// What changed at this step.
    public var changes: ArraySlice<StepChange> { analysis.changes(at: step) }
}

/// One cell of a patient's knowledge matrix (partner × knowledge type).
public enum KnowledgeCell: Sendable, Equatable {
    /// Holds the newest item; `new` when it arrived at this very step.
    case held(KnowledgeItem, new: Bool)
    /// Holds only an older item than the newest in the alliance.
    case outdated(KnowledgeItem)
    /// Needs it and does not hold it: `exists` when it exists elsewhere in the alliance
    /// (shown `✗`), otherwise not yet produced for this patient (shown `○`).
    case missing(exists: Bool)
    /// Neither held nor needed (shown `·`).
    case notNeeded
}
