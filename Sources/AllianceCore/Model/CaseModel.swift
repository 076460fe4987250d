/// A whole case: the alliance's declarations (its design) and the timeline of what happened.
///
/// Declarations are plain data that refer to each other by id, so a caller (a what-if
/// mechanism, a generator, a test) can build or transform a case without touching the
/// analysis. `CaseValidator` checks the references; `CompiledCase` resolves them to indices.
///
/// ```swift
/// let model = try CaseFileDecoder().decode(yaml: text, path: "case.yaml")
/// let analysis = try Analysis(model)
/// ```
public struct CaseModel: Sendable, Equatable, Codable {
    public var info: CaseInfo
    public var partners: [Partner]
    public var patients: [Patient]
    public var activities: [Activity]
    public var knowledge: [KnowledgeType]
    public var therapies: [Therapy]
    public var routines: [Routine]
    public var handoffs: [HandoffSpec]
    public var decisions: [DecisionSpec]
    public var timeline: [Step]
    /// Coordination mechanisms the room can try (`mechanisms:`); see `Mechanism`.
    public var mechanisms: [Mechanism] = []

    public init(
        info: CaseInfo, partners: [Partner], patients: [Patient], activities: [Activity],
        knowledge: [KnowledgeType] = [], therapies: [Therapy] = [], routines: [Routine] = [],
        handoffs: [HandoffSpec] = [], decisions: [DecisionSpec] = [], timeline: [Step]
    ) {
        self.info = info
        self.partners = partners
        self.patients = patients
        self.activities = activities
        self.knowledge = knowledge
        self.therapies = therapies
        self.routines = routines
        self.handoffs = handoffs
        self.decisions = decisions
        self.timeline = timeline
    }
}

/// The case's title, calendar and value parameters.
public struct CaseInfo: Sendable, Equatable, Codable {
    public var title: String
    public var summary: String
    /// The question the facilitator opens the session with (shown before the first step).
    public var question: String
    public var source: String
    /// The instant of day 0 (midnight of the `day-zero` date in the case's time zone unless a time was given).
    public var dayZero: Timestamp
    /// The time zone in which days and dates are counted (`case.time-zone`): an IANA name
    /// (`Europe/Madrid`) or a fixed offset (`+01:00`); nil: UTC. See `CaseCalendar`.
    public var timeZone: String?
    public var currency: String
    /// Named numeric parameters, in file order (e.g. `cost-per-therapy-day`).
    public var values: [NamedValue]
    /// How often an undesigned cross-partner pattern must recur before it is flagged.
    public var emergentMinOccurrences: Int
    /// Across how many distinct patients it must recur.
    public var emergentMinPatients: Int

    public init(
        title: String, summary: String = "", question: String = "", source: String = "", dayZero: Timestamp,
        currency: String = "EUR", values: [NamedValue] = [],
        emergentMinOccurrences: Int = 2, emergentMinPatients: Int = 2, timeZone: String? = nil
    ) {
        self.timeZone = timeZone
        self.title = title
        self.summary = summary
        self.question = question
        self.source = source
        self.dayZero = dayZero
        self.currency = currency
        self.values = values
        self.emergentMinOccurrences = emergentMinOccurrences
        self.emergentMinPatients = emergentMinPatients
    }

    /// The value named `name`, if declared.
    public func value(named name: String) -> Double? {
        values.first { $0.name == name }?.value
    }
}

public struct NamedValue: Sendable, Equatable, Codable {
    public var name: String
    public var value: Double
    public init(name: String, value: Double) {
        self.name = name
        self.value = value
    }
}

/// An organisation in the alliance.
public struct Partner: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var kind: String
    public var actors: [Actor]
    /// A declared short label (`short:`); nil: computed (see `ShortLabels`).
    public var short: String?
    public init(id: String, name: String, kind: String = "", actors: [Actor], short: String? = nil) {
        self.id = id
        self.name = name
        self.kind = kind
        self.actors = actors
        self.short = short
    }
}

/// A person in a role, working for one partner.
public struct Actor: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var role: String
    /// A declared short label (`short:`); nil: computed (see `ShortLabels`).
    public var short: String?
    public init(id: String, name: String, role: String, short: String? = nil) {
        self.id = id
        self.name = name
        self.role = role
        self.short = short
    }
}

public struct Patient: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var profile: String
    /// Partners answerable for the patient's overall care (they should know of any active therapy).
    public var responsible: [String]
    /// A declared short label (`short:`); nil: computed (see `ShortLabels`).
    public var short: String?
    public init(id: String, name: String, profile: String = "", responsible: [String] = [], short: String? = nil) {
        self.id = id
        self.name = name
        self.profile = profile
        self.responsible = responsible
        self.short = short
    }
}

public struct Activity: Sendable, Equatable, Codable {
    public var id: String
    /// A verb phrase used in sentences ("saw the patient for hypertension").
    public var label: String
    public init(id: String, label: String) {
        self.id = id
        self.label = label
    }
}

/// A type of knowledge, who needs it and for which activities.
public struct KnowledgeType: Sendable, Equatable, Codable {
    public var id: String
    public var label: String
    public var neededBy: [KnowledgeNeed]
    /// The window after production within which every needing partner should hold an item.
    public var shareWithin: Window?
    public init(id: String, label: String, neededBy: [KnowledgeNeed] = [], shareWithin: Window? = nil) {
        self.id = id
        self.label = label
        self.neededBy = neededBy
        self.shareWithin = shareWithin
    }
}

public struct KnowledgeNeed: Sendable, Equatable, Codable {
    public var partner: String
    public var activities: [String]
    public init(partner: String, activities: [String]) {
        self.partner = partner
        self.activities = activities
    }
}

/// A treatment that starts and ends per patient, costs money per day, and that the
/// patient's responsible partners should know about.
public struct Therapy: Sendable, Equatable, Codable {
    public var id: String
    public var label: String
    public var startsOn: [String]
    public var endsOn: [String]
    public var awareness: String?
    public var awareWithin: Window
    public var costPerDay: CostPerDay?
    public init(
        id: String, label: String, startsOn: [String], endsOn: [String], awareness: String? = nil,
        awareWithin: Window = 14, costPerDay: CostPerDay? = nil
    ) {
        self.id = id
        self.label = label
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.awareness = awareness
        self.awareWithin = awareWithin
        self.costPerDay = costPerDay
    }
}

/// A cost given as a number or as the name of a case value.
public enum CostPerDay: Sendable, Equatable, Codable {
    case amount(Double)
    case named(String)
}

/// A designed (ostensive) routine: a sequence of steps with expected windows.
public struct Routine: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    /// `false`: proposed, adopted only when a timeline step formalizes it.
    public var inForce: Bool
    public var steps: [RoutineStep]
    public init(id: String, name: String, inForce: Bool = true, steps: [RoutineStep]) {
        self.id = id
        self.name = name
        self.inForce = inForce
        self.steps = steps
    }
}

/// Who performs a routine step: a partner, or anyone holding a role.
public enum Performer: Sendable, Equatable, Codable {
    case partner(String)
    case role(String)
}

public struct RoutineStep: Sendable, Equatable, Codable {
    public var performer: Performer
    /// The activities that perform this step: one, or alternatives (`activity: [review-o2, stop-o2]`).
    public var activities: [String]
    /// The window after the previous routine step.
    public var within: Window?
    /// The first (or only) activity.
    public var activity: String { activities[0] }
    public init(performer: Performer, activity: String, within: Window? = nil) {
        self.init(performer: performer, activities: [activity], within: within)
    }
    public init(performer: Performer, activities: [String], within: Window? = nil) {
        self.performer = performer
        self.activities = activities
        self.within = within
    }
}

/// An expected handoff: when `from` performs a trigger activity, `to` should receive the knowledge.
public struct HandoffSpec: Sendable, Equatable, Codable {
    public var id: String
    public var from: String
    public var to: String
    public var knowledge: String
    public var trigger: [String]
    public var within: Window
    public init(id: String, from: String, to: String, knowledge: String, trigger: [String], within: Window) {
        self.id = id
        self.from = from
        self.to = to
        self.knowledge = knowledge
        self.trigger = trigger
        self.within = within
    }
}

/// A decision or obligation that opens on an activity and must be taken within a window.
public struct DecisionSpec: Sendable, Equatable, Codable {
    public var id: String
    public var label: String
    public var opensOn: [String]
    /// The owner role; `nil` is the coordination failure the rule `ownerless-decision` reports.
    public var owner: String?
    public var dueWithin: Window
    public var closesOn: [String]
    public var overdueDaysUnneeded: Bool
    /// Set by a mechanism that gives the decision an owner (`MechanismChange.owner`): the
    /// owner takes it by its due date. Not a case-file key.
    public var ownerTakesItWhenDue = false
    public init(
        id: String, label: String, opensOn: [String], owner: String?, dueWithin: Window,
        closesOn: [String], overdueDaysUnneeded: Bool = false
    ) {
        self.id = id
        self.label = label
        self.opensOn = opensOn
        self.owner = owner
        self.dueWithin = dueWithin
        self.closesOn = closesOn
        self.overdueDaysUnneeded = overdueDaysUnneeded
    }
}

/// One step of the timeline, at a time, in one of three forms:
/// - an actor performs an activity for a patient (`actor`, `activity`, `patient`);
/// - several actors, possibly of several partners, perform an activity together, with or
///   without a patient (`actors`, `activity`; a coordination meeting);
/// - something happens that no actor does, or only time passes (`event`, optional `patient`).
public struct Step: Sendable, Equatable, Codable {
    public var id: String?
    public var time: Timestamp
    /// Whether the file gave the time as a day number (kept so the file can be written back alike).
    public var timeIsDay: Bool
    /// The patient the step concerns; nil for an alliance-wide step or an event about no one.
    public var patient: String?
    /// Who acts, in order: the first is the step's primary actor. Empty for an event.
    public var actors: [String]
    /// The activity performed; nil only for an event.
    public var activity: String?
    /// What happened, for a step that no actor does (`event:` in the file).
    public var event: String?
    public var produces: [Production]
    public var sends: [Sending]
    /// Partners contacted without passing a knowledge item (a phone call about a concern).
    public var contacts: [String]
    public var consumes: [String]
    public var formalizes: String?
    public var note: String?
    public var question: String?
    /// Whether autoplay stops at this step (`pause:` in the file); nil: it stops when the
    /// step has a question for the room.
    public var pause: Bool?
    /// Knowledge passed on by a what-if mechanism at this step (`CaseModel.applying`):
    /// processed like `sends`, but not a contact between partners (it is designed
    /// coordination) and not something that happened. Not a case-file key.
    public var delivered: [Sending] = []

    /// Whether autoplay stops once it has shown this step: `pause: true`, or a question for
    /// the room unless `pause: false`.
    public var isPausePoint: Bool { pause ?? (question != nil) }

    /// The primary actor (the first of `actors`); nil for an event.
    public var actor: String? { actors.first }
    /// Whether this is an event: no actor, no activity.
    public var isEvent: Bool { event != nil }

    public init(
        id: String? = nil, time: Timestamp, timeIsDay: Bool = true, patient: String? = nil, actor: String? = nil,
        activity: String? = nil, produces: [Production] = [], sends: [Sending] = [], consumes: [String] = [],
        formalizes: String? = nil, note: String? = nil, question: String? = nil,
        actors: [String]? = nil, event: String? = nil, contacts: [String] = [], pause: Bool? = nil
    ) {
        self.id = id
        self.time = time
        self.timeIsDay = timeIsDay
        self.patient = patient
        self.actors = actors ?? actor.map { [$0] } ?? []
        self.activity = activity
        self.event = event
        self.produces = produces
        self.sends = sends
        self.contacts = contacts
        self.consumes = consumes
        self.formalizes = formalizes
        self.note = note
        self.question = question
        self.pause = pause
    }
}

public struct Production: Sendable, Equatable, Codable {
    public var knowledge: String
    public var value: String
    public init(knowledge: String, value: String = "") {
        self.knowledge = knowledge
        self.value = value
    }
}

public struct Sending: Sendable, Equatable, Codable {
    public var knowledge: String
    public var to: [String]
    public init(knowledge: String, to: [String]) {
        self.knowledge = knowledge
        self.to = to
    }
}
