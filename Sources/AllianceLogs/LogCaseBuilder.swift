import AllianceCore
import Foundation

/// Turns an event log (and an optional `LogMapping`) into a case the dashboard, the
/// analysis and the reports take like any other (see docs/log-mapping.md):
///
/// - partners: the values of the partner attribute (`org:group`), in order of first
///   appearance, plus partners the mapping names that never act in the log; a log without a
///   partner attribute makes each resource its own partner;
/// - actors: one per (resource, partner) pair, so that every event stays with the partner
///   the log gives it (a resource seen with one partner keeps its slug as id; one seen with
///   several gets `resource.partner` ids); role: the pair's most frequent `org:role`, else
///   the partner's id;
/// - patients: the cases; activities: the activity names;
/// - timeline: one step per event, by time, ties by case name (byte order) then file order,
///   as `EventLog.caseOrder()` and PM4Py order them; times in whole seconds (UTC); day zero
///   is midnight of the first event's date in the mapping's time zone (default UTC);
/// - knowledge: what the mapping's activities produce, consume and send.
///
/// Ids are slugs of the log's names (`Send discharge letter` → `send-discharge-letter`,
/// `OxygenDistributor` → `oxygen-distributor`), made unique with `-2`, `-3`, …
///
/// Steps share their strings and arrays (one per id, one per activity and partner), so a
/// step costs `MemoryLayout<Step>.stride` bytes and no allocation of its own.
public struct LogCaseBuilder: Sendable {
    public var mapping: LogMapping?

    public init(mapping: LogMapping? = nil) {
        self.mapping = mapping
    }

    /// The default emergent-routine thresholds for an imported log: a cross-partner pattern
    /// is a routine once it recurs in 1% of the cases (at least 2 times, in 2 patients).
    public static func emergentThreshold(cases: Int) -> Int { max(2, cases / 100) }

    /// Builds and validates the case. Errors name the mapping file (`line:column`), or the
    /// log for a log without events.
    public func build(_ log: EventLog) throws(CaseFileError) -> CaseModel {
        let model = try buildUnvalidated(log)
        try validate(model, source: log.source)
        return model
    }

    /// Runs `CaseValidator` on a built case. The timeline is checked only when asked: it is
    /// valid by construction (ids from the log, times sorted, sends only of knowledge held,
    /// never to the sender's own partner), and checking a million steps takes half a second.
    /// The declarations (the mapping's knowledge layer) are always checked.
    public func validate(_ model: CaseModel, source: String, includingTimeline: Bool = false) throws(CaseFileError) {
        var checked = model
        if !includingTimeline { checked.timeline = [] }
        let diagnostics = CaseValidator(model: checked, path: mapping?.path ?? source, map: mapping?.map ?? SourceMap()).validate()
        guard diagnostics.isEmpty else {
            throw CaseFileError(diagnostics: diagnostics.sorted(by: LogMapping.fileOrder), source: mapping?.source)
        }
    }

    /// Builds the case without running `CaseValidator` (the mapping's own references are checked).
    public func buildUnvalidated(_ log: EventLog) throws(CaseFileError) -> CaseModel {
        try build(log, keepingState: false).model
    }

    /// Builds the case (as `buildUnvalidated`) and what it takes to extend it with the events
    /// appended to the log later (`LogCaseGrowth.extend`): a followed log.
    public func buildGrowable(_ log: EventLog) throws(CaseFileError) -> (model: CaseModel, growth: LogCaseGrowth) {
        let (model, growth) = try build(log, keepingState: true)
        return (model, growth!)
    }

    private func build(_ log: EventLog, keepingState: Bool) throws(CaseFileError) -> (model: CaseModel, growth: LogCaseGrowth?) {
        guard log.count > 0 else {
            throw CaseFileError(diagnostics: [Diagnostic(path: log.source, location: nil, message: "the log has no events; a case needs at least one")], source: nil)
        }
        let mapping = self.mapping ?? LogMapping(path: log.source)
        var diagnostics: [Diagnostic] = []

        // Partners.
        var partnerIDs = IDAllocator()
        // Ids the mapping gives are never taken by a slug (two log values mapped to one id are one partner).
        for entry in mapping.partners { if let id = entry.id { partnerIDs.reserve(id) } }
        var partners: [Partner] = []
        var partnerIndex: [String: Int] = [:]  // partner id -> index in `partners`
        func partner(forLogName name: String) -> Int {
            let entry = mapping.partners.first { $0.log == name }
            let id = entry?.id ?? partnerIDs.slug(name)
            if let p = partnerIndex[id] { return p }
            partnerIDs.reserve(id)
            partners.append(Partner(id: id, name: entry?.name ?? name, kind: entry?.kind ?? "", actors: [], short: entry?.short))
            partnerIndex[id] = partners.count - 1
            return partners.count - 1
        }
        let byResource = log.groups.count == 0
        // Per log group (or per resource when there are no groups): the partner index.
        let partnerOfGroup = (byResource ? log.resources.names : log.groups.names).map(partner(forLogName:))
        var unknownPartner: Int?
        func partnerOf(event e: Int) -> Int {
            let g = byResource ? log.resourceOf[e] : log.groupOf[e]
            if g != EventLog.none { return partnerOfGroup[Int(g)] }
            if let u = unknownPartner { return u }
            unknownPartner = partner(forLogName: byResource ? "No resource" : "No group")
            return unknownPartner!
        }
        let eventPartner = (0..<log.count).map { Int32(partnerOf(event: $0)) }
        // Partners the mapping names that never act: they can still receive and need knowledge.
        for entry in mapping.partners where (byResource ? log.resources : log.groups).lookup(entry.log) == nil {
            _ = partner(forLogName: entry.log)
        }

        // Actors: one per (resource, partner).
        let P = Int64(partners.count)
        // Counted in flat tables indexed by (resource + 1) * P + partner (a million events:
        // no hashing per event); the roles per pair too, unless that table would be big.
        let pairSlots = (log.resources.count + 1) * Int(P)
        var seenPair = [Bool](repeating: false, count: pairSlots)
        var pairOrder: [Int64] = []
        let roleCount = log.roles.count
        let flatRoles = roleCount > 0 && pairSlots * roleCount <= 1 << 22
        var roleCounts = [Int32](repeating: 0, count: flatRoles ? pairSlots * roleCount : 0)
        var pairRoles: [Int64: [Int32: Int]] = [:]
        for e in 0..<log.count {
            let key = Int(log.resourceOf[e] + 1) * Int(P) + Int(eventPartner[e])
            if !seenPair[key] {
                seenPair[key] = true
                pairOrder.append(Int64(key))
            }
            let role = log.roleOf[e]
            guard role != EventLog.none else { continue }
            if flatRoles { roleCounts[key * roleCount + Int(role)] += 1 } else { pairRoles[Int64(key), default: [:]][role, default: 0] += 1 }
        }
        /// The pair's most frequent role (the first in the log on a tie).
        func topRole(_ key: Int64) -> Int32? {
            guard flatRoles else {
                return pairRoles[key]?.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key })?.key
            }
            var best: Int32?, bestCount: Int32 = 0
            for r in 0..<roleCount where roleCounts[Int(key) * roleCount + r] > bestCount {
                best = Int32(r)
                bestCount = roleCounts[Int(key) * roleCount + r]
            }
            return best
        }
        var partnersOfResource: [Int32: Int] = [:]
        for key in pairOrder { partnersOfResource[Int32(key / P) - 1, default: 0] += 1 }
        var actorIDs = IDAllocator()
        var actorOfPair: [Int64: [String]] = [:]  // one shared one-element array per actor
        var roleSlugs: [Int32: String] = [:]
        for key in pairOrder {
            let r = Int32(key / P) - 1, p = Int(key % P)
            let partnerID = partners[p].id
            let name = r == EventLog.none ? "\(partners[p].name) (no resource)" : log.resources[r]
            let base = r == EventLog.none ? "\(partnerID)-staff" : byResource || partnersOfResource[r] == 1 ? slugify(log.resources[r]) : "\(slugify(log.resources[r])).\(partnerID)"
            let id = actorIDs.unique(base)
            var role = partnerID
            if let top = topRole(key) {
                if roleSlugs[top] == nil { roleSlugs[top] = slugify(log.roles[top]) }
                role = roleSlugs[top]!
            }
            partners[p].actors.append(Actor(id: id, name: name, role: role))
            actorOfPair[key] = [id]
        }
        for p in partners.indices where partners[p].actors.isEmpty {
            partners[p].actors.append(Actor(id: actorIDs.unique("\(partners[p].id)-staff"), name: "\(partners[p].name) (not in the log)", role: partners[p].id))
        }

        // Patients and activities.
        var patientIDs = IDAllocator()
        let patients = log.cases.names.map { Patient(id: patientIDs.unique(slugify($0)), name: $0, responsible: mapping.responsible) }
        for (n, id) in mapping.responsible.enumerated() where partnerIndex[id] == nil {
            diagnostics.append(mapping.diagnostic("unknown partner '\(id)' in 'responsible'\(hint(id, partners.map(\.id)))",
                                                  at: mapping.responsible.count == 1 ? "patients.responsible" : "patients.responsible.\(n)"))
        }
        var activityIDs = IDAllocator()
        for entry in mapping.activities { if let id = entry.id { activityIDs.reserve(id) } }
        var activities: [Activity] = []
        var declaredActivities = Set<String>()
        /// Per activity of the log: its id in the case (two log names mapped to one id are one activity).
        var activityIDOfLog: [String] = []
        var entryOfActivity: [LogMapping.ActivityEntry?] = []
        for name in log.activities.names {
            let entry = mapping.activities.first { $0.log == name }
            let id = entry?.id ?? activityIDs.unique(slugify(name))
            if declaredActivities.insert(id).inserted { activities.append(Activity(id: id, label: entry?.label ?? name)) }
            activityIDOfLog.append(id)
            entryOfActivity.append(entry)
        }
        for entry in mapping.activities where log.activities.lookup(entry.log) == nil {
            // An activity the log never has: declared so that the knowledge layer may name it.
            let id = entry.id ?? activityIDs.unique(slugify(entry.log))
            if declaredActivities.insert(id).inserted { activities.append(Activity(id: id, label: entry.label ?? entry.log)) }
        }

        // The knowledge each activity produces, consumes and sends (checked against the mapping's declarations).
        let knowledgeIDs = Set(mapping.knowledge.map(\.id))
        let K = mapping.knowledge.count
        let knowledgeIndex = Dictionary(mapping.knowledge.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        for entry in mapping.activities {
            for (n, k) in entry.produces.enumerated() where !knowledgeIDs.contains(k) {
                diagnostics.append(mapping.diagnostic("unknown knowledge type '\(k)' in 'produces'\(hint(k, Array(knowledgeIDs)))",
                                                      at: entry.produces.count == 1 ? "\(entry.path).produces" : "\(entry.path).produces.\(n)"))
            }
            for (n, k) in entry.consumes.enumerated() where !knowledgeIDs.contains(k) {
                diagnostics.append(mapping.diagnostic("unknown knowledge type '\(k)' in 'consumes'\(hint(k, Array(knowledgeIDs)))",
                                                      at: entry.consumes.count == 1 ? "\(entry.path).consumes" : "\(entry.path).consumes.\(n)"))
            }
            for send in entry.sends {
                if !knowledgeIDs.contains(send.knowledge) {
                    diagnostics.append(mapping.diagnostic("unknown knowledge type '\(send.knowledge)' in 'sends'\(hint(send.knowledge, Array(knowledgeIDs)))", at: send.path))
                }
                for (n, to) in (send.to ?? []).enumerated() where partnerIndex[to] == nil {
                    diagnostics.append(mapping.diagnostic("unknown partner '\(to)' in 'sends'\(hint(to, partners.map(\.id)))",
                                                          at: send.to!.count == 1 ? "\(send.path).to" : "\(send.path).to.\(n)"))
                }
            }
        }
        guard diagnostics.isEmpty else {
            throw CaseFileError(diagnostics: diagnostics.sorted(by: LogMapping.fileOrder), source: mapping.source)
        }
        let produces: [[Production]] = entryOfActivity.map { e in e?.produces.map { Production(knowledge: $0) } ?? [] }
        let consumes: [[String]] = entryOfActivity.map { $0?.consumes ?? [] }
        let sendsAnything = entryOfActivity.contains { !($0?.sends.isEmpty ?? true) }
        /// Per (activity, partner): the sendings, and the productions when the sent knowledge is not held yet.
        var sendsCache: [Int: StepMaker.Sends] = [:]
        func sends(activity a: Int, partner p: Int) -> StepMaker.Sends {
            let key = a * partners.count + p
            if let s = sendsCache[key] { return s }
            var out = StepMaker.Sends(sendings: [], knowledge: [], receivers: [])
            for send in entryOfActivity[a]?.sends ?? [] {
                var to = send.to ?? mapping.handoffs.filter { $0.from == partners[p].id && $0.knowledge == send.knowledge }.map(\.to)
                if send.to == nil, to.isEmpty {
                    to = mapping.knowledge.first { $0.id == send.knowledge }?.neededBy.map(\.partner) ?? []
                }
                var unique: [String] = []
                for t in to where t != partners[p].id && partnerIndex[t] != nil && !unique.contains(t) { unique.append(t) }
                guard !unique.isEmpty else { continue }
                out.sendings.append(Sending(knowledge: send.knowledge, to: unique))
                out.knowledge.append(knowledgeIndex[send.knowledge]!)
                out.receivers.append(unique.map { partnerIndex[$0]! })
            }
            sendsCache[key] = out
            return out
        }
        let sendsTable = sendsAnything ? (0..<entryOfActivity.count * partners.count).map { sends(activity: $0 / partners.count, partner: $0 % partners.count) } : []

        // The timeline: by time, then case name, then file order.
        let order = LogCaseBuilder.timelineOrder(log)
        // The shared one-actor arrays, by (resource + 1) * P + partner.
        var actorsOfKey = [[String]](repeating: [], count: (log.resources.count + 1) * partners.count)
        for (key, actors) in actorOfPair { actorsOfKey[Int(key)] = actors }
        var maker = StepMaker(
            partnerCount: partners.count, knowledgeCount: K, produces: produces, consumes: consumes,
            producedKnowledge: produces.map { $0.map { knowledgeIndex[$0.knowledge]! } }, sends: sendsTable,
            tracksKnowledge: sendsAnything || K > 0, activityID: activityIDOfLog, patientID: patients.map(\.id), actorsOfKey: actorsOfKey)
        var timeline: [Step] = []
        // A case that will grow (a followed log) gets room for a quarter more steps: untouched,
        // the room costs no memory, and the first new events do not move the whole timeline.
        timeline.reserveCapacity(keepingState ? order.count + order.count / 4 + 4096 : order.count)
        for e in order { timeline.append(maker.step(log, event: Int(e), partner: Int(eventPartner[Int(e)]))) }

        let first = Timestamp(seconds: LogCaseBuilder.floorDiv(log.timeOf[Int(order[0])], 1000))
        let calendar = CaseCalendar(timeZone: mapping.timeZone, dayZero: Timestamp(seconds: 0))
        let dayZero = calendar.startOfDay(calendar.day(of: first))
        let info = LogCaseBuilder.info(log, mapping: mapping, patients: patients.count, dayZero: dayZero)
        var model = CaseModel(
            info: info, partners: partners, patients: patients, activities: activities, knowledge: mapping.knowledge,
            therapies: mapping.therapies, routines: mapping.routines, handoffs: mapping.handoffs, decisions: mapping.decisions,
            timeline: timeline)
        model.mechanisms = mapping.mechanisms
        guard keepingState else { return (model, nil) }
        var roleOfPair: [Int64: Int32?] = [:]
        var roleTally: [Int64: [Int32: Int]] = [:]
        for key in pairOrder {
            roleOfPair[key] = topRole(key)
            if flatRoles {
                for r in 0..<roleCount where roleCounts[Int(key) * roleCount + r] > 0 { roleTally[key, default: [:]][Int32(r)] = Int(roleCounts[Int(key) * roleCount + r]) }
            } else if let t = pairRoles[key] {
                roleTally[key] = t
            }
        }
        let last = Int(order[order.count - 1])
        let growth = LogCaseGrowth(
            mapping: mapping, events: log.count, groups: byResource ? log.resources.count : log.groups.count, partnerOfGroup: partnerOfGroup,
            byResource: byResource, unknownPartner: unknownPartner, partnerIDs: partnerIDs, partnerIndex: partnerIndex,
            resources: log.resources.count, roles: log.roles.count, roleOfPair: roleOfPair, roleTally: roleTally, patientIDs: patientIDs,
            patients: patients.count, activities: log.activities.count, maker: maker,
            lastKey: (log.timeOf[last], log.cases.names[Int(log.caseOf[last])], last), dayZero: dayZero)
        return (model, growth)
    }

    /// The case's description: the mapping's, else one from the log's name and counts.
    static func info(_ log: EventLog, mapping: LogMapping, patients: Int, dayZero: Timestamp) -> CaseInfo {
        let threshold = LogCaseBuilder.emergentThreshold(cases: patients)
        let name = (log.source as NSString).lastPathComponent
        return CaseInfo(
            title: mapping.title ?? "Event log \(name)",
            summary: mapping.summary ?? "Imported from the \(log.format.rawValue.uppercased()) log \(name): \(log.count) events, \(patients) cases.",
            question: mapping.question ?? "", source: log.source, dayZero: dayZero,
            emergentMinOccurrences: mapping.emergentMinOccurrences ?? threshold, emergentMinPatients: mapping.emergentMinPatients ?? threshold,
            timeZone: mapping.timeZone)
    }

    /// Event indices in timeline order: by time, ties by case name (byte order), then file order.
    public static func timelineOrder(_ log: EventLog) -> [Int32] {
        let caseNames = log.cases.names
        let byName = (0..<caseNames.count).sorted { caseNames[$0].utf8.lexicographicallyPrecedes(caseNames[$1].utf8) }
        var rank = [Int32](repeating: 0, count: caseNames.count)
        for (r, c) in byName.enumerated() { rank[c] = Int32(r) }
        // Sorted as (time, case rank << 32 | event) pairs: plain comparisons on adjacent memory,
        // no lookups through indices in the comparator.
        var keys = [(Int64, Int64)]()
        keys.reserveCapacity(log.count)
        for e in 0..<log.count { keys.append((log.timeOf[e], Int64(rank[Int(log.caseOf[e])]) << 32 | Int64(e))) }
        keys.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        let order = keys.map { Int32(truncatingIfNeeded: $0.1) }
        return order
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    private func hint(_ id: String, _ candidates: [String]) -> String {
        Suggestions.hint(for: id, in: candidates)
    }
}

/// Unique ids: a slug, then `-2`, `-3`, … for the next names with the same slug.
struct IDAllocator {
    private var used = Set<String>()

    mutating func reserve(_ id: String) { used.insert(id) }

    /// `base` if free, else `base-2`, `base-3`, …; reserved.
    mutating func unique(_ base: String) -> String {
        var id = base, n = 2
        while used.contains(id) {
            id = "\(base)-\(n)"
            n += 1
        }
        used.insert(id)
        return id
    }

    /// The slug of `name`, made unique (not reserved).
    func slug(_ name: String) -> String {
        let base = slugify(name)
        var id = base, n = 2
        while used.contains(id) {
            id = "\(base)-\(n)"
            n += 1
        }
        return id
    }
}

/// An id from a name: lower case, words (and camel-case humps) joined by `-`, other
/// characters dropped; `x` when nothing is left. `OxygenDistributor` → `oxygen-distributor`,
/// `T02 Check confirmation of receipt` → `t02-check-confirmation-of-receipt`, `GP-2` → `gp-2`.
public func slugify(_ name: String) -> String {
    var out = ""
    var previous: Unicode.Scalar?
    var pendingDash = false
    for s in name.unicodeScalars {
        let isLetter = s.properties.isAlphabetic, isDigit = ("0"..."9").contains(s)
        if isLetter || isDigit {
            // A hump: lower then upper (`oxygenDistributor`).
            if let prev = previous, prev.properties.isLowercase, s.properties.isUppercase { pendingDash = true }
            if pendingDash, !out.isEmpty { out += "-" }
            pendingDash = false
            out += String(s).lowercased()
            previous = s
        } else {
            pendingDash = true
            previous = nil
        }
    }
    return out.isEmpty ? "x" : out
}
