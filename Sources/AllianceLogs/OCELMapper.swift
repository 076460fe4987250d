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
    /// Where each relationship is (XML, parallel to `relationships`), or empty.
    var relationshipPositions: [OCELPosition] = []

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
/// Memory: per object its type (and the partner attribute, when one is named); per event
/// its id, type, time text, related object ids and only the attributes the mapping reads.
/// Events are mapped at the end, once every object is known (a file may list its events
/// before its objects).
struct OCELMapper {
    let source: String
    let fields: EventLogFields
    private(set) var declaredTypes: [String] = []
    private var typeIndex: [String: Int32] = [:]
    /// Object id -> index into `declaredTypes`.
    private var objectType: [String: Int32] = [:]
    /// Objects of `fields.partnerObjectType`: the latest value of `fields.partnerKey`.
    private var partnerLabel: [String: (time: Int64, value: String)] = [:]
    private var events: [Pending] = []
    /// The event attributes the mapping reads (the others are not kept).
    private let keptKeys: Set<String>

    private struct Pending {
        var id: String
        var type: String?
        var time: String?
        var attributes: [String: String]
        var related: [String]
        var position: OCELPosition?
        /// Positions of relationships to objects not known when the event was added.
        var unknownAt: [String: OCELPosition]
    }

    init(source: String, fields: EventLogFields) {
        self.source = source
        self.fields = fields
        var keys: Set<String> = []
        for (key, defaults) in [
            (fields.activityKey, []), (fields.timeKey, []), (fields.resourceKey, ["org:resource", "resource"]),
            (fields.roleKey, ["org:role", "role"]),
        ] as [(String?, [String])] {
            if let key { keys.insert(key) } else { keys.formUnion(defaults) }
        }
        if fields.partnerObjectType == nil {
            if let key = fields.partnerKey { keys.insert(key) } else { keys.formUnion(["org:group", "group"]) }
        }
        keptKeys = keys
    }

    mutating func declareObjectType(_ name: String) {
        if typeIndex[name] == nil {
            typeIndex[name] = Int32(declaredTypes.count)
            declaredTypes.append(name)
        }
    }

    /// An object; its type is declared if the log did not declare it. For an attribute given
    /// several times, the value with the latest time counts (the last one among equal times).
    mutating func addObject(id: String, type: String, attributes: [OCELObjectAttribute]) {
        declareObjectType(type)
        objectType[id] = typeIndex[type]
        guard type == fields.partnerObjectType, let key = fields.partnerKey else { return }
        for attribute in attributes where attribute.name == key {
            let time = attribute.time.flatMap { TimestampParser.parse($0)?.milliseconds } ?? Int64.min
            if let old = partnerLabel[id], old.time > time { continue }
            partnerLabel[id] = (time, attribute.value)
        }
    }

    mutating func addEvent(_ event: OCELEventInput) {
        var attributes: [String: String] = [:]
        for (key, value) in event.attributes where keptKeys.contains(key) { attributes[key] = value }
        var unknownAt: [String: OCELPosition] = [:]
        if !event.relationshipPositions.isEmpty {
            for (k, id) in event.relationships.enumerated() where objectType[id] == nil && unknownAt[id] == nil {
                unknownAt[id] = event.relationshipPositions[k]
            }
        }
        events.append(Pending(
            id: event.id, type: event.type, time: event.time, attributes: attributes, related: event.relationships,
            position: event.position, unknownAt: unknownAt))
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
        var cases: [String] = []
        for event in events {
            cases.removeAll(keepingCapacity: true)
            var partnerObject: String?
            for id in event.related {
                guard let type = objectType[id] else {
                    throw fail("event \"\(event.id)\": related to object \"\(id)\", which the log does not declare (no object with that id)", at: event.unknownAt[id] ?? event.position)
                }
                if type == caseTypeIndex { cases.append(id) }
                if type == partnerType, partnerObject == nil { partnerObject = id }
            }
            if fields.timeKey == nil, event.time?.isEmpty ?? true {
                throw fail("event \"\(event.id)\": no time (an OCEL 2.0 event must have one)", at: event.position)
            }
            let activity = fields.activityKey.map { event.attributes[$0] } ?? event.type
            let timeText = fields.timeKey.map { event.attributes[$0] } ?? event.time
            guard !cases.isEmpty, let activity, !activity.isEmpty, let timeText, !timeText.isEmpty else {
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
            guard let time = TimestampParser.parse(timeText) else {
                throw fail("event \"\(event.id)\": cannot read \"\(timeText.prefix(60))\" as a time (expected ISO 8601, e.g. 2022-01-09T14:00:00+00:00)", at: event.position)
            }
            if time.naive {
                if naive == 0 { firstNaive = event.id }
                naive += 1
            }
            func attribute(_ key: String?, _ defaults: [String]) -> String? {
                if let key { return event.attributes[key] }
                for d in defaults { if let v = event.attributes[d] { return v } }
                return nil
            }
            var partner: String?
            if partnerType != nil {
                if let object = partnerObject {
                    partner = fields.partnerKey.flatMap { _ in partnerLabel[object]?.value } ?? object
                }
            } else {
                partner = attribute(fields.partnerKey, ["org:group", "group"])
            }
            let resource = attribute(fields.resourceKey, ["org:resource", "resource"])
            let role = attribute(fields.roleKey, ["org:role", "role"])
            let a = log.activities.intern(activity)
            let r = resource.map { log.resources.intern($0) } ?? EventLog.none
            let g = partner.map { log.groups.intern($0) } ?? EventLog.none
            let o = role.map { log.roles.intern($0) } ?? EventLog.none
            let line = Int32(truncatingIfNeeded: event.position?.line ?? 0)
            for c in cases {
                log.append(case: log.cases.intern(c), activity: a, resource: r, group: g, role: o, time: time.milliseconds, line: line)
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
