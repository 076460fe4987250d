/// The analysis at one step as a plain, documented document: what `alliance report`
/// prints as JSON (see docs/report-json.md), and what the text and Markdown renderers read.
/// Every reference is by the case file's ids, so the JSON stays stable across versions.
public struct AnalysisReport: Codable, Equatable, Sendable {
    public var format = "alliance-report/1"
    public var `case`: CaseSummary
    public var step: Int
    public var steps: Int
    public var day: Int
    public var date: String
    public var current: StepSummary?
    public var partners: [PartnerReport]
    public var patients: [PatientReport]
    public var handoffs: [HandoffReport]
    public var routines: RoutinesReport
    public var alerts: [AlertReport]
    public var metrics: MetricsReport
    /// The room's annotations up to this step (from the case's journal); absent when there
    /// is no journal (see `attachAnnotations`).
    public var annotations: [AnnotationReport]?
    /// With mechanisms applied (`--with`): what they avoided and saved; absent otherwise.
    public var whatIf: WhatIfReport?

    public struct CaseSummary: Codable, Equatable, Sendable {
        public var title: String
        public var summary: String
        /// The opening question for the room ("" when the case has none).
        public var question: String
        public var source: String
        public var dayZero: String
        /// The time zone days and dates are counted in (`case.time-zone`; `UTC` by default).
        public var timeZone: String
        public var currency: String
    }

    public struct StepSummary: Codable, Equatable, Sendable {
        public var step: Int
        public var id: String?
        public var day: Int
        public var time: String
        /// Absent for an alliance-wide step or an event about no one.
        public var patient: String?
        /// The primary (first) actor, its name and partner, and the activity: absent for an event.
        public var actor: String?
        public var actorName: String?
        public var partner: String?
        public var activity: String?
        public var activityLabel: String?
        /// Every actor and every partner that took part, the primary first (empty for an event).
        public var actors: [String]
        public var partners: [String]
        /// What happened, for a step that no actor does.
        public var event: String?
        /// The step in words: who did what, or the event.
        public var sentence: String
        public var note: String?
        public var question: String?
    }

    public struct ActorReport: Codable, Equatable, Sendable {
        public var id: String
        public var name: String
        public var role: String
    }

    public struct HeldItem: Codable, Equatable, Sendable {
        public var knowledge: String
        public var value: String
        /// The step at which this partner got it.
        public var since: Int
        public var new: Bool
    }

    public struct PatientKnowledge: Codable, Equatable, Sendable {
        public var patient: String
        public var items: [HeldItem]
    }

    public struct Obligation: Codable, Equatable, Sendable {
        public var decision: String
        public var patient: String
        public var dueDay: Int
        public var overdue: Bool
    }

    public struct PartnerReport: Codable, Equatable, Sendable {
        public var id: String
        public var name: String
        public var kind: String
        public var actors: [ActorReport]
        /// What it did at this step, if it acted.
        public var thisStep: StepSummary?
        public var knowledge: [PatientKnowledge]
        public var openObligations: [Obligation]
        /// Active alerts that concern it.
        public var alerts: Int
    }

    public struct JourneyStep: Codable, Equatable, Sendable {
        public var step: Int
        public var day: Int
        public var actor: String
        public var partner: String
        public var activity: String
    }

    public struct TherapyReport: Codable, Equatable, Sendable {
        public var therapy: String
        public var status: TherapyStatus
        public var startDay: Int
        public var endDay: Int?
        public var days: Double
    }

    public struct MatrixCell: Codable, Equatable, Sendable {
        public var partner: String
        /// `held`, `new`, `outdated`, `missing` (exists elsewhere, missing here),
        /// `not-yet-produced` (needed, but exists nowhere yet) or `not-needed`.
        public var status: String
        public var value: String?
    }

    public struct MatrixRow: Codable, Equatable, Sendable {
        public var knowledge: String
        public var cells: [MatrixCell]
    }

    public struct PatientReport: Codable, Equatable, Sendable {
        public var id: String
        public var name: String
        public var profile: String
        public var journey: [JourneyStep]
        /// `none`, `active` or `ended`: the status of its latest therapy.
        public var therapyStatus: String
        public var therapies: [TherapyReport]
        public var daysOnTherapy: Double
        public var unneededDays: Double
        public var unneededCost: Double
        public var knowledge: [MatrixRow]
        public var alerts: Int
    }

    public struct HandoffReport: Codable, Equatable, Sendable {
        public var handoff: String
        public var patient: String
        public var from: String
        public var to: String
        public var knowledge: String
        public var triggeredStep: Int
        public var triggeredDay: Int
        public var dueDay: Int
        public var status: HandoffStatus
        public var receivedStep: Int?
        public var receivedDay: Int?
        public var latencyDays: Double?
        /// When the same handoff triggered again for the patient before this one was fulfilled.
        public var supersededStep: Int?
        public var supersededDay: Int?
    }

    public struct RoutineStepReport: Codable, Equatable, Sendable {
        /// The activity done (once done), else the first the routine accepts.
        public var activity: String
        /// Every activity the routine accepts for this step (alternatives).
        public var activities: [String]
        public var status: RoutineStepStatus
        public var step: Int?
    }

    public struct RoutineInstanceReport: Codable, Equatable, Sendable {
        public var patient: String
        public var startedStep: Int
        public var steps: [RoutineStepReport]
    }

    public struct DesignedRoutineReport: Codable, Equatable, Sendable {
        public var id: String
        public var name: String
        public var inForce: Bool
        /// The step that formalised it, for routines adopted during the case.
        public var adoptedStep: Int?
        public var instances: [RoutineInstanceReport]
    }

    public struct EmergentReport: Codable, Equatable, Sendable {
        public var description: String
        public var from: String
        public var fromActivity: String
        public var to: String
        public var toActivity: String?
        public var occurrences: Int
        public var patients: [String]
        public var flaggedStep: Int
        public var status: EmergentStatus
        public var formalisedStep: Int?
        public var formalisedBy: String?
    }

    public struct RoutinesReport: Codable, Equatable, Sendable {
        public var designed: [DesignedRoutineReport]
        public var emergent: [EmergentReport]
    }

    public struct AlertReport: Codable, Equatable, Sendable {
        public var id: Int
        public var rule: AlertRule
        public var severity: AlertSeverity
        public var patient: String?
        public var partners: [String]
        public var step: Int
        public var day: Int
        public var message: String
        public var evidence: [String]
        public var active: Bool
        public var clearedStep: Int?
        /// How it was resolved when not by the knowledge arriving ("the home oxygen therapy
        /// ended on day 140 (step 33) before Primary care knew of it"); absent otherwise.
        public var resolution: String?
        /// What it says partners still lack after this step (empty once resolved).
        public var lacks: [LackReport]
    }

    public struct LackReport: Codable, Equatable, Sendable {
        public var partner: String
        public var knowledge: String
    }

    public struct HandoffCounts: Codable, Equatable, Sendable {
        public var clean = 0, late = 0, omitted = 0, pending = 0
    }

    public struct SharedKnowledge: Codable, Equatable, Sendable {
        /// The partner that needs the knowledge.
        public var partner: String
        /// The partner that produced it.
        public var from: String
        public var held: Int
        public var needed: Int
        public var index: Double
    }

    public struct MetricsReport: Codable, Equatable, Sendable {
        public var handoffs: HandoffCounts
        public var medianHandoffLatencyDays: Double?
        public var sharedKnowledge: [SharedKnowledge]
        public var unneededTherapyDays: Double
        public var unneededCost: Double
        public var currency: String
        public var routineStepsDone: Int
        public var routineStepsOnTime: Int
        /// Routine steps due so far: done (on time or late), skipped, or overdue.
        public var routineStepsDue: Int
        public var routineStepsLate: Int
        public var routineStepsSkipped: Int
        public var routineStepsOverdue: Int
        public var activeAlerts: Int
        public var alertsRaised: Int
    }
}
