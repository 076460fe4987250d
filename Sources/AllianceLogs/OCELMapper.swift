/// Where something is in an OCEL file (XML), for messages.
struct OCELPosition: Equatable {
    var line: Int
    var column: Int
    var byteOffset: Int
}

/// An attribute value of an OCEL object, at a time (nil: from the start).
struct OCELObjectAttribute {
    var name: String
    var time: String?
    var value: String
}

/// An OCEL event as a reader gives it to `OCELMapper`: what the file says, nothing mapped.
struct OCELEventInput {
    var id: String
    var type: String?
    var time: String?
    var attributes: [(name: String, value: String)] = []
    /// The ids of the related objects, in file order.
    var relationships: [String] = []
    /// Where the event starts (XML), for messages; nil for JSON.
    var position: OCELPosition?
    /// Where each relationship is (XML, parallel to `relationships`; nil for objects already
    /// given, which cannot be an error), or empty.
    var relationshipPositions: [OCELPosition?] = []

    init(id: String, type: String?, time: String?, position: OCELPosition? = nil) {
        self.id = id
        self.type = type
        self.time = time
        self.position = position
    }
}

/// Turns the object types, objects and events of an OCEL 2.0 log, as the JSON and the XML
/// readers give them in file order, into a case-centric `EventLog` (the rules are in
/// `OCELLogReader`'s comment). Both formats go through here, so they map alike.
///
/// Memory: per object its id and type (and the partner attribute, when one is named); per
/// event a small record (its id, its time, the activity, partner, resource and role values
/// as indices of distinct values, its related objects as indices). Events are mapped at the
/// end, once every object is known (a file may list its events before its objects).
struct OCELMapper {
    let source: String
    let fields: EventLogFields
    private(set) var declaredTypes: [String] = []
    private var typeIndex: [String: Int32] = [:]
    /// Object id -> object index; objects referred to before they are defined get an index too.
    private var objectIndex: [String: Int32] = [:]
    private var objectIds: [String] = []
    /// Per object index: index into `declaredTypes`, or -1 while the object is not defined.
    private var objectType: [Int32] = []
    /// Where an object was first referred to while not defined yet (XML), for the error.
    private var firstReference: [Int32: OCELPosition] = [:]
    /// Objects of `fields.partnerObjectType`: the latest value of `fields.partnerKey`.
    private var partnerLabel: [Int32: (time: Int64, value: String)] = [:]
    /// Distinct activity, partner, resource and role values of the events kept.
    private var values: [String] = []
    private var valueIndex: [String: Int32] = [:]
    private var events: [Pending] = []
    /// All events' related objects, one event's after another's.
    private var related: [Int32] = []

    private enum TimeState: UInt8 { case parsed, naive, missingRequired, missing, unreadable }

    private struct Pending {
        var id: String
        var activity: Int32
        var partner: Int32, resource: Int32, role: Int32
        var time: Int64
        var timeState: TimeState
        /// The end of this event's objects in `related`.
        var relatedEnd: Int32
        var position: OCELPosition?
    }

    /// Texts of unreadable times, by event index (rare).
    private var unreadableTimes: [Int: String] = [:]

    init(source: String, fields: EventLogFields) {
        self.source = source
        self.fields = fields
    }

    mutating func declareObjectType(_ name: String) {
        if typeIndex[name] == nil {
            typeIndex[name] = Int32(declaredTypes.count)
            declaredTypes.append(name)
        }
    }

    private mutating func object(_ id: String) -> Int32 {
        if let index = objectIndex[id] { return index }
        let index = Int32(objectIds.count)
        objectIndex[id] = index
        objectIds.append(id)
        objectType.append(-1)
        return index
    }

    /// Whether an object with this id was given (a reader asks before computing a position).
    func knowsObject(_ id: String) -> Bool {
        guard let index = objectIndex[id] else { return false }
        return objectType[Int(index)] >= 0
    }

    /// Whether the value of an event attribute of this name is read (readers may skip others).
    func readsEventAttribute(_ name: String) -> Bool {
        if name == fields.activityKey || name == fields.timeKey { return true }
        if fields.resourceKey.map({ $0 == name }) ?? (name == "org:resource" || name == "resource") { return true }
        if fields.roleKey.map({ $0 == name }) ?? (name == "org:role" || name == "role") { return true }
        if fields.partnerObjectType == nil {
            return fields.partnerKey.map { $0 == name } ?? (name == "org:group" || name == "group")
        }
        return false
    }

    /// Whether the value of an attribute of objects of this type and name is read.
    func readsObjectAttribute(type: String, name: String) -> Bool {
        type == fields.partnerObjectType && name == fields.partnerKey
    }

    /// An object; its type is declared if the log did not declare it. For an attribute given
    /// several times, the value with the latest time counts (the last one among equal times).
    mutating func addObject(id: String, type: String, attributes: [OCELObjectAttribute]) {
        declareObjectType(type)
        let index = object(id)
        objectType[Int(index)] = typeIndex[type]!
        guard type == fields.partnerObjectType, let key = fields.partnerKey else { return }
        for attribute in attributes where attribute.name == key {
            let time = attribute.time.flatMap { TimestampParser.parse($0)?.milliseconds } ?? Int64.min
            if let old = partnerLabel[index], old.time > time { continue }
            partnerLabel[index] = (time, attribute.value)
        }
    }

    private mutating func value(_ text: String?) -> Int32 {
        guard let text else { return EventLog.none }
        if let index = valueIndex[text] { return index }
        let index = Int32(values.count)
        valueIndex[text] = index
        values.append(text)
        return index
    }

    mutating func addEvent(_ event: OCELEventInput) {
        func attribute(_ key: String?, _ defaults: [String]) -> String? {
            if let key { return event.attributes.last { $0.name == key }?.value }
            for d in defaults { if let v = event.attributes.last(where: { $0.name == d })?.value { return v } }
            return nil
        }
        for (k, id) in event.relationships.enumerated() {
            let index = object(id)
            if objectType[Int(index)] < 0, firstReference[index] == nil, k < event.relationshipPositions.count,
                let position = event.relationshipPositions[k]
            {
                firstReference[index] = position
            }
            related.append(index)
        }
        let activity = fields.activityKey.map { attribute($0, []) } ?? event.type
        let timeText = fields.timeKey.map { attribute($0, []) } ?? event.time
        var time: Int64 = 0
        var state = TimeState.parsed
        if fields.timeKey == nil, event.time?.isEmpty ?? true {
            state = .missingRequired
        } else if let timeText, !timeText.isEmpty {
            if let parsed = TimestampParser.parse(timeText) {
                time = parsed.milliseconds
                if parsed.naive { state = .naive }
            } else {
                state = .unreadable
                unreadableTimes[events.count] = timeText
            }
        } else {
            state = .missing
        }
        events.append(Pending(
            id: event.id, activity: value(activity.flatMap { $0.isEmpty ? nil : $0 }),
            partner: fields.partnerObjectType == nil ? value(attribute(fields.partnerKey, ["org:group", "group"])) : EventLog.none,
            resource: value(attribute(fields.resourceKey, ["org:resource", "resource"])),
            role: value(attribute(fields.roleKey, ["org:role", "role"])),
            time: time, timeState: state, relatedEnd: Int32(related.count), position: event.position))
    }

    private func fail(_ message: String, at position: OCELPosition?) -> EventLogError {
        guard let position else { return EventLogError(source: source, line: 0, column: 0, message: message) }
        return EventLogError(
            source: source, line: position.line, column: position.column, byteOffset: position.byteOffset, message: message)
    }

    /// The log. `typesPosition`: where the object types are declared (XML), for messages
    /// about an object type that is not there.
    func finish(format: EventLogFormat, typesPosition: OCELPosition?) throws(EventLogError) -> EventLog {
        let typeList = declaredTypes.map { "\"\($0)\"" }.joined(separator: ", ")
        let caseType: String
        if let chosen = fields.caseObjectType {
            guard typeIndex[chosen] != nil else {
                throw fail("no object type \"\(chosen)\" (for the cases); the log's object types are: \(typeList)", at: typesPosition)
            }
            caseType = chosen
        } else if declaredTypes.count == 1 {
            caseType = declaredTypes[0]
        } else {
            throw fail("name the object type whose objects are the cases (the patients): --case-object-type TYPE, or case-object-type in the mapping's fields; the log's object types are: \(typeList)", at: typesPosition)
        }
        var partnerType: Int32?
        if let partner = fields.partnerObjectType {
            guard let index = typeIndex[partner] else {
                throw fail("no object type \"\(partner)\" (for the partner); the log's object types are: \(typeList)", at: typesPosition)
            }
            partnerType = index
        }
        let caseTypeIndex = typeIndex[caseType]!

        var log = EventLog(source: source, format: format)
        var skippedIds: [String] = []
        var skippedCount = 0
        var skippedNoCase = 0
        var naive = 0
        var firstNaive = ""
        var cases: [Int32] = []
        // Value index -> index in the log's tables, interned when first used by an event kept.
        var activityOf = [Int32](repeating: EventLog.none, count: values.count)
        var resourceOf = activityOf, groupOf = activityOf, roleOf = activityOf
        var caseOf: [Int32: Int32] = [:]
        var partnerGroup: [Int32: Int32] = [:]
        var relatedStart = 0
        for (e, event) in events.enumerated() {
            let relatedEnd = Int(event.relatedEnd)
            defer { relatedStart = relatedEnd }
            cases.removeAll(keepingCapacity: true)
            var partnerObject: Int32?
            for k in relatedStart..<relatedEnd {
                let object = related[k]
                let type = objectType[Int(object)]
                guard type >= 0 else {
                    throw fail("event \"\(event.id)\": related to object \"\(objectIds[Int(object)])\", which the log does not declare (no object with that id)", at: firstReference[object] ?? event.position)
                }
                if type == caseTypeIndex { cases.append(object) }
                if type == partnerType, partnerObject == nil { partnerObject = object }
            }
            if event.timeState == .missingRequired {
                throw fail("event \"\(event.id)\": no time (an OCEL 2.0 event must have one)", at: event.position)
            }
            guard !cases.isEmpty, event.activity != EventLog.none, event.timeState != .missing else {
                skippedCount += 1
                if cases.isEmpty {
                    // Events related to no case first in the list, as the notice says.
                    if skippedNoCase < 5 { skippedIds.insert(event.id, at: skippedNoCase) }
                    skippedNoCase += 1
                } else {
                    skippedIds.append(event.id)
                }
                if skippedIds.count > 5 { skippedIds.removeLast() }
                continue
            }
            if event.timeState == .unreadable {
                let timeText = unreadableTimes[e] ?? ""
                throw fail("event \"\(event.id)\": cannot read \"\(timeText.prefix(60))\" as a time (expected ISO 8601, e.g. 2022-01-09T14:00:00+00:00)", at: event.position)
            }
            if event.timeState == .naive {
                if naive == 0 { firstNaive = event.id }
                naive += 1
            }
            func intern(_ v: Int32, _ map: inout [Int32], _ table: inout NameTable) -> Int32 {
                if v == EventLog.none { return EventLog.none }
                if map[Int(v)] == EventLog.none { map[Int(v)] = table.intern(values[Int(v)]) }
                return map[Int(v)]
            }
            var g = EventLog.none
            if partnerType != nil {
                if let object = partnerObject {
                    if let group = partnerGroup[object] {
                        g = group
                    } else {
                        let name = fields.partnerKey.flatMap { _ in partnerLabel[object]?.value } ?? objectIds[Int(object)]
                        g = log.groups.intern(name)
                        partnerGroup[object] = g
                    }
                }
            } else {
                g = intern(event.partner, &groupOf, &log.groups)
            }
            let a = intern(event.activity, &activityOf, &log.activities)
            let r = intern(event.resource, &resourceOf, &log.resources)
            let o = intern(event.role, &roleOf, &log.roles)
            let line = Int32(truncatingIfNeeded: event.position?.line ?? 0)
            for c in cases {
                let caseIndex: Int32
                if let known = caseOf[c] {
                    caseIndex = known
                } else {
                    caseIndex = log.cases.intern(objectIds[Int(c)])
                    caseOf[c] = caseIndex
                }
                log.append(case: caseIndex, activity: a, resource: r, group: g, role: o, time: event.time, line: line)
            }
        }
        if skippedCount > 0 {
            let ids = skippedIds.map { "\"\($0)\"" }.joined(separator: ", ")
            log.notices.append("skipped \(skippedCount) event\(skippedCount == 1 ? "" : "s") related to no \"\(caseType)\" object or without a type or time: \(ids)\(skippedCount > 5 ? ", …" : "")")
        }
        if naive > 0 {
            log.notices.append("\(naive) time\(naive == 1 ? "" : "s") without a UTC offset read as UTC (first in event \"\(firstNaive)\")")
        }
        if log.count == 0 {
            throw fail("no events: no event is related to an object of type \"\(caseType)\"", at: nil)
        }
        return log
    }
}
