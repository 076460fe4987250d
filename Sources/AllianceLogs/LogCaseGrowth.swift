import AllianceCore
import Foundation

/// Makes a step of the case from an event of the log: its activity, patient and actor ids,
/// and the knowledge it produces and sends under the mapping (tracking what each partner
/// already holds per patient, so that sending what it does not hold yet produces it).
struct StepMaker: Sendable {
    /// Per (activity, partner): the sendings, and the productions when the sent knowledge is not held yet.
    struct Sends: Sendable {
        var sendings: [Sending]
        var knowledge: [Int]
        var receivers: [[Int]]
    }
    let partnerCount: Int, knowledgeCount: Int
    let produces: [[Production]], consumes: [[String]], producedKnowledge: [[Int]]
    /// By `activity * partnerCount + partner`; empty when the mapping sends nothing.
    let sends: [Sends]
    let tracksKnowledge: Bool
    /// Per log activity its id in the case; per case its patient id.
    let activityID: [String]
    var patientID: [String]
    /// The shared one-actor arrays, by `(resource + 1) * partnerCount + partner`.
    let actorsOfKey: [[String]]
    /// `(patient * P + partner) * K + knowledge` held, when the mapping tracks knowledge.
    private var held = Set<Int>()

    init(partnerCount: Int, knowledgeCount: Int, produces: [[Production]], consumes: [[String]], producedKnowledge: [[Int]], sends: [Sends],
         tracksKnowledge: Bool, activityID: [String], patientID: [String], actorsOfKey: [[String]]) {
        self.partnerCount = partnerCount
        self.knowledgeCount = knowledgeCount
        self.produces = produces
        self.consumes = consumes
        self.producedKnowledge = producedKnowledge
        self.sends = sends
        self.tracksKnowledge = tracksKnowledge
        self.activityID = activityID
        self.patientID = patientID
        self.actorsOfKey = actorsOfKey
    }

    /// The step of event e, whose partner is `p`; events must come in timeline order.
    mutating func step(_ log: EventLog, event e: Int, partner p: Int) -> Step {
        let a = Int(log.activityOf[e]), c = Int(log.caseOf[e])
        let Pn = partnerCount, K = knowledgeCount
        var stepProduces = produces[a]
        var stepSends: [Sending] = []
        if tracksKnowledge {
            for k in producedKnowledge[a] { held.insert((c * Pn + p) * K + k) }
            if !sends.isEmpty {
                let s = sends[a * Pn + p]
                if !s.sendings.isEmpty {
                    stepSends = s.sendings
                    for (n, k) in s.knowledge.enumerated() {
                        // Sending what the partner does not hold yet: the sending activity made it.
                        if held.insert((c * Pn + p) * K + k).inserted, !stepProduces.contains(where: { $0.knowledge == s.sendings[n].knowledge }) {
                            stepProduces.append(Production(knowledge: s.sendings[n].knowledge))
                        }
                        for q in s.receivers[n] { held.insert((c * Pn + q) * K + k) }
                    }
                }
            }
        }
        return Step(time: Timestamp(seconds: LogCaseBuilder.floorDiv(log.timeOf[e], 1000)), timeIsDay: false, patient: patientID[c],
                    activity: activityID[a], produces: stepProduces, sends: stepSends, consumes: consumes[a],
                    actors: actorsOfKey[Int(log.resourceOf[e] + 1) * Pn + p])
    }
}

/// What a case built from a log keeps to take the events appended to the log later (a
/// followed log, `alliance open LOG --follow`): the new events become new steps and new
/// patients, exactly as building the case from the whole log again would make them.
///
/// When the new events would change what is already built, `extend` returns nil and the
/// case is to be built again from the whole log:
/// - a new partner, activity or actor (a resource seen with a new partner, or a new role
///   name): the case's declarations change;
/// - an actor whose most frequent role changes;
/// - an event that sorts before the last step (earlier, or at the same time for a case whose
///   name comes first): the timeline's order changes;
/// - a case count that moves the emergent-routine threshold (1% of the cases), unless the
///   mapping sets it.
public final class LogCaseGrowth: @unchecked Sendable {
    /// What `extend` returns: the steps and patients to add, and the case's new description.
    public struct Growth {
        public var patients: [Patient]
        public var steps: [Step]
        public var info: CaseInfo
    }

    private let mapping: LogMapping
    /// Events taken; names of groups (or resources, when partners are resources) mapped.
    private(set) var events: Int
    private var groups: Int
    private var partnerOfGroup: [Int]
    private let byResource: Bool
    private let unknownPartner: Int?
    private let partnerIDs: IDAllocator
    private let partnerIndex: [String: Int]
    /// Resources and role names known (a new one is a new actor or may be a new role).
    private let resources: Int, roles: Int
    /// Per (resource + 1) * P + partner: the role chosen, and the role counts.
    private let roleOfPair: [Int64: Int32?]
    private var roleTally: [Int64: [Int32: Int]]
    private var patientIDs: IDAllocator
    private var patients: Int
    private let activities: Int
    private var maker: StepMaker
    /// The last event in timeline order: time (ms), case name, file order.
    private var lastKey: (time: Int64, caseName: String, event: Int)
    private let dayZero: Timestamp

    init(mapping: LogMapping, events: Int, groups: Int, partnerOfGroup: [Int], byResource: Bool, unknownPartner: Int?, partnerIDs: IDAllocator,
         partnerIndex: [String: Int], resources: Int, roles: Int, roleOfPair: [Int64: Int32?], roleTally: [Int64: [Int32: Int]],
         patientIDs: IDAllocator, patients: Int, activities: Int, maker: StepMaker, lastKey: (Int64, String, Int), dayZero: Timestamp) {
        self.mapping = mapping
        self.events = events
        self.groups = groups
        self.partnerOfGroup = partnerOfGroup
        self.byResource = byResource
        self.unknownPartner = unknownPartner
        self.partnerIDs = partnerIDs
        self.partnerIndex = partnerIndex
        self.resources = resources
        self.roles = roles
        self.roleOfPair = roleOfPair
        self.roleTally = roleTally
        self.patientIDs = patientIDs
        self.patients = patients
        self.activities = activities
        self.maker = maker
        self.lastKey = lastKey
        self.dayZero = dayZero
    }

    /// The steps and patients the events appended to `log` since the last call (or the
    /// build) add, in timeline order; nil when they cannot be added to the case as built
    /// (see the type's notes), and then this object is spent: build the case again.
    public func extend(_ log: EventLog) -> Growth? {
        let new = events..<log.count
        // New partners and activities change the declarations.
        if log.activities.count != activities || log.resources.count != resources || log.roles.count != roles { return nil }
        let groupCount = byResource ? log.resources.count : log.groups.count
        for g in groups..<groupCount {
            let name = byResource ? log.resources.names[g] : log.groups.names[g]
            let id = mapping.partners.first { $0.log == name }?.id ?? partnerIDs.slug(name)
            guard let p = partnerIndex[id] else { return nil }
            partnerOfGroup.append(p)
        }
        groups = groupCount
        let P = Int64(maker.partnerCount)
        var eventPartner: [Int] = []
        eventPartner.reserveCapacity(new.count)
        var touched = Set<Int64>()
        for e in new {
            let g = byResource ? log.resourceOf[e] : log.groupOf[e]
            let p: Int
            if g != EventLog.none {
                p = partnerOfGroup[Int(g)]
            } else {
                guard let u = unknownPartner else { return nil }
                p = u
            }
            eventPartner.append(p)
            let key = Int64(log.resourceOf[e] + 1) * P + Int64(p)
            // A new actor.
            guard roleOfPair[key] != nil else { return nil }
            let role = log.roleOf[e]
            if role != EventLog.none {
                roleTally[key, default: [:]][role, default: 0] += 1
                touched.insert(key)
            }
        }
        for key in touched {
            // The most frequent role, the first in the log on a tie (as the build chooses).
            let top = roleTally[key]?.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key })?.key
            if top != roleOfPair[key]! { return nil }
        }
        // The new events in timeline order, after the last step.
        let caseNames = log.cases.names
        let order = new.sorted { a, b in
            if log.timeOf[a] != log.timeOf[b] { return log.timeOf[a] < log.timeOf[b] }
            let na = caseNames[Int(log.caseOf[a])], nb = caseNames[Int(log.caseOf[b])]
            if na != nb { return na.utf8.lexicographicallyPrecedes(nb.utf8) }
            return a < b
        }
        if let first = order.first {
            let t = log.timeOf[first], name = caseNames[Int(log.caseOf[first])]
            let after = t != lastKey.time ? t > lastKey.time : name != lastKey.caseName ? lastKey.caseName.utf8.lexicographicallyPrecedes(name.utf8) : true
            guard after else { return nil }
        }
        // The emergent threshold follows the case count unless the mapping sets it.
        let cases = log.cases.count
        if mapping.emergentMinOccurrences == nil || mapping.emergentMinPatients == nil,
           LogCaseBuilder.emergentThreshold(cases: cases) != LogCaseBuilder.emergentThreshold(cases: patients) {
            return nil
        }
        // Taken: from here on this object moves on.
        var added: [Patient] = []
        for c in patients..<cases {
            let patient = Patient(id: patientIDs.unique(slugify(caseNames[c])), name: caseNames[c], responsible: mapping.responsible)
            added.append(patient)
            maker.patientID.append(patient.id)
        }
        patients = cases
        var steps: [Step] = []
        steps.reserveCapacity(order.count)
        for e in order { steps.append(maker.step(log, event: e, partner: eventPartner[e - new.lowerBound])) }
        if let last = order.last { lastKey = (log.timeOf[last], caseNames[Int(log.caseOf[last])], last) }
        events = log.count
        return Growth(patients: added, steps: steps, info: LogCaseBuilder.info(log, mapping: mapping, patients: cases, dayZero: dayZero))
    }
}
