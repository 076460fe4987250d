/// Every fact the analysis finds is stamped with the step (1-based) at which it became
/// true, and, where it can end, the step at which it stopped. The state after step k is
/// then a question asked of these stamps (`CaseState`), never a replay from the start.

/// The coordination rules, by their stable ids.
public enum AlertRule: String, Sendable, CaseIterable, Codable {
    case omittedHandoff = "omitted-handoff"
    case lateHandoff = "late-handoff"
    case strandedKnowledge = "stranded-knowledge"
    case uninformedAction = "uninformed-action"
    case unawarePartner = "unaware-partner"
    case ownerlessDecision = "ownerless-decision"
    case overdueDecision = "overdue-decision"
    case routineDeviation = "routine-deviation"
    case emergentRoutine = "emergent-routine"
}

public enum AlertSeverity: String, Sendable, CaseIterable, Codable, Comparable {
    case critical, warning, info

    var rank: Int {
        switch self {
        case .critical: 0
        case .warning: 1
        case .info: 2
        }
    }
    public static func < (a: AlertSeverity, b: AlertSeverity) -> Bool { a.rank < b.rank }
}

/// One alert: a rule that fired for a patient and some partners, with a sentence that
/// names the evidence.
public struct Alert: Sendable, Equatable {
    public var id: Int
    public var rule: AlertRule
    public var severity: AlertSeverity
    public var patient: Int?
    public var partners: [Int]
    /// The step at which it was raised.
    public var step: Int
    /// When it happened: the deadline for alerts raised because a deadline passed.
    public var time: Timestamp
    /// The sentence (rendered on access for the most frequent rules: see `AlertText`).
    public var message: String {
        get { text.message }
        set { text = AlertText(message: newValue, evidence: text.evidence) }
    }
    /// Further lines of evidence (where the knowledge came from, which steps were involved).
    public var evidence: [String] {
        get { text.evidence }
        set { text = AlertText(message: text.message, evidence: newValue) }
    }
    var text: AlertText
    /// The step at which it stopped applying (the knowledge arrived, the decision was taken).
    public var clearedStep: Int?
    /// What it says a partner lacks about its patient (rules `uninformed-action`,
    /// `unaware-partner`, `stranded-knowledge`, `omitted-handoff`): while a lack is
    /// unresolved, the knowledge matrix shows that partner lacking that knowledge.
    public var lacks: [Lack] = []
    /// What fact it is about, the same in a what-if variant of the case (see `AlertIdentity`).
    public var subject: AlertSubject = .step(0)
    /// How it was resolved, when not by a lack ending ("ended on day 140 before Primary care
    /// knew"): stated once it is cleared.
    public var resolution: String?
}

/// What fact an alert is about: a declaration (by index: a what-if variant of a case keeps
/// the case's declarations and appends its own) and the step of the fact. Written in the
/// case's ids by `Analysis.subjectText`: `handoff:ID@TRIGGER`, `knowledge:ID@PRODUCED`,
/// `decision:ID@OPENED`, `routine:ID@STARTED#STEP` (routine steps from 0),
/// `therapy:ID@STARTED:PARTNER`, `pattern:FROM/ACTIVITY/TO/ACTIVITY` (`-`: a contact;
/// `:formalised` for its adoption), `step:S` for an action's own step.
public enum AlertSubject: Hashable, Sendable {
    /// The acting step itself (an uninformed action).
    case step(Int)
    /// A handoff instance: its declaration and trigger step.
    case handoff(Int, trigger: Int)
    /// An item: its knowledge type and production step.
    case knowledge(Int, produced: Int)
    /// A decision instance: its declaration and opening step.
    case decision(Int, opened: Int)
    /// A routine run's step: the routine, the run's first step, the routine step (from 0).
    case routine(Int, started: Int, step: Int)
    /// A partner unaware of a therapy episode: the therapy, the episode's start, the partner.
    case therapy(Int, started: Int, partner: Int)
    /// An emergent pattern (`toActivity` -1 for a contact), or the record of its adoption.
    case pattern(from: Int, activity: Int, to: Int, toActivity: Int, formalised: Bool)
}

/// A partner that an alert says lacks a knowledge type about the alert's patient.
public struct Lack: Sendable, Equatable {
    public var partner: Int
    public var knowledge: Int
    /// The lack ends when the partner holds an item of that knowledge with an id at least
    /// this (items are numbered in production order).
    public var item: Int
    /// The step at which the partner came to hold such an item, or the alert was cleared.
    public var resolvedStep: Int?

    /// Whether it still holds after step k (for an alert raised by then).
    public func isOpen(at k: Int) -> Bool { resolvedStep.map { $0 > k } ?? true }
}

/// A piece of knowledge about a patient, produced at one step by one partner.
public struct KnowledgeItem: Sendable, Equatable {
    public var id: Int
    public var patient: Int
    public var knowledge: Int
    public var value: String
    public var step: Int
    public var time: Timestamp
    public var producer: Int
    /// Who holds it, each from the step at which it arrived (the producer first).
    public var holders: [Holding]
}

public struct Holding: Sendable, Equatable {
    public var partner: Int
    public var step: Int
}

public enum HandoffStatus: String, Sendable, Codable, CaseIterable {
    case pending, clean, late, omitted
}

/// One expected handoff for one patient, opened by a trigger step.
public struct HandoffInstance: Sendable, Equatable {
    public var id: Int
    public var spec: Int
    public var patient: Int
    public var triggerStep: Int
    public var triggerTime: Timestamp
    public var dueTime: Timestamp
    public var receivedStep: Int?
    public var receivedTime: Timestamp?
    public var omittedStep: Int?
    /// The step at which the same handoff triggered again for the same patient while this
    /// one was still unfulfilled: items produced from then on belong to the new instance.
    public var supersededStep: Int?

    /// Its status after step k, or nil before it was triggered.
    public func status(at k: Int) -> HandoffStatus? {
        guard triggerStep <= k else { return nil }
        if let r = receivedStep, r <= k { return receivedTime! <= dueTime ? .clean : .late }
        if let o = omittedStep, o <= k { return .omitted }
        return .pending
    }

    /// Days from trigger to receipt, if received by step k.
    public func latencyDays(at k: Int) -> Double? {
        guard let r = receivedStep, r <= k, let t = receivedTime else { return nil }
        return Timestamp.days(from: triggerTime, to: t)
    }
}

public enum RoutineStepStatus: String, Sendable, Codable {
    case pending, onTime = "on-time", late, skipped, overdue
}

/// One run of a designed routine for one patient.
public struct RoutineInstance: Sendable, Equatable {
    public struct StepRecord: Sendable, Equatable {
        public var doneStep: Int?
        public var late = false
        public var skippedStep: Int?
        public var overdueStep: Int?
        public var dueTime: Timestamp?

        public func status(at k: Int) -> RoutineStepStatus {
            if let d = doneStep, d <= k { return late ? .late : .onTime }
            if let s = skippedStep, s <= k { return .skipped }
            if let o = overdueStep, o <= k { return .overdue }
            return .pending
        }
    }
    public var id: Int
    public var routine: Int
    public var patient: Int
    public var startStep: Int
    public var steps: [StepRecord]
}

public enum EmergentStatus: String, Sendable, Codable {
    case emergent, formalised
}

/// A cross-partner pattern that no designed routine or handoff covers, and that recurred.
public struct EmergentPattern: Sendable, Equatable {
    public struct Occurrence: Sendable, Equatable {
        public var step: Int
        public var patient: Int
        /// Distinct patients among the occurrences up to and including this one.
        public var patientsSoFar: Int
    }
    public var id: Int
    public var fromPartner: Int
    public var fromActivity: Int
    public var toPartner: Int
    /// The activity at the receiving partner, or nil for a contact (a step that sends to it).
    public var toActivity: Int?
    public var occurrences: [Occurrence]
    public var flaggedStep: Int
    public var formalisedStep: Int?
    public var formalisedBy: Int?

    /// "Oxigen Llar phoned the GP, reaching Primary care" or "Gamma looks → Beta visits".
    public static func phrase(from: String, fromActivity: String, to: String, toActivity: String?) -> String {
        if let toActivity { return "\(from) \(fromActivity) → \(to) \(toActivity)" }
        return "\(from) \(fromActivity), reaching \(to)"
    }

    public func status(at k: Int) -> EmergentStatus? {
        guard flaggedStep <= k else { return nil }
        if let f = formalisedStep, f <= k { return .formalised }
        return .emergent
    }

    /// How many times it has happened by step k, and across how many patients (O(log n)).
    public func seen(at k: Int) -> (occurrences: Int, patients: Int) {
        var lo = 0, hi = occurrences.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if occurrences[mid].step <= k { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? (0, 0) : (lo, occurrences[lo - 1].patientsSoFar)
    }
}

public enum DecisionStatus: String, Sendable, Codable {
    case open, overdue, decided
}

/// One decision that opened for one patient.
public struct DecisionInstance: Sendable, Equatable {
    public var id: Int
    public var decision: Int
    public var patient: Int
    public var openStep: Int
    public var openTime: Timestamp
    public var dueTime: Timestamp
    public var owner: String?
    public var overdueStep: Int?
    public var decidedStep: Int?
    public var decidedTime: Timestamp?
    public var decidedActivity: Int?
    /// Whether an actor of the step that took it holds the owner role (nil: no owner, or not taken).
    public var decidedByOwner: Bool?

    public func status(at k: Int) -> DecisionStatus? {
        guard openStep <= k else { return nil }
        if let d = decidedStep, d <= k { return .decided }
        if let o = overdueStep, o <= k { return .overdue }
        return .open
    }
}

public enum TherapyStatus: String, Sendable, Codable {
    case active, ended
}

/// One period of a therapy for one patient.
public struct TherapyEpisode: Sendable, Equatable {
    public var id: Int
    public var therapy: Int
    public var patient: Int
    public var startStep: Int
    public var startTime: Timestamp
    public var endStep: Int?
    public var endTime: Timestamp?

    public func status(at k: Int) -> TherapyStatus? {
        guard startStep <= k else { return nil }
        if let e = endStep, e <= k { return .ended }
        return .active
    }
}

/// One thing that changed at a step. Status changes carry the status before and after,
/// so a change can be applied forward and reverted backward.
public enum StepChange: Sendable, Equatable {
    case learned(partner: Int, item: Int)
    case alertRaised(Int)
    case alertCleared(Int)
    case handoff(instance: Int, from: HandoffStatus?, to: HandoffStatus)
    case routineStarted(instance: Int)
    case routineStep(instance: Int, index: Int, from: RoutineStepStatus, to: RoutineStepStatus)
    case emergent(pattern: Int, from: EmergentStatus?, to: EmergentStatus)
    case decision(instance: Int, from: DecisionStatus?, to: DecisionStatus)
    case therapy(episode: Int, from: TherapyStatus?, to: TherapyStatus)
    case routineAdopted(routine: Int)
}
