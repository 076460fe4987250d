import Foundation

/// Reads an OCEL 2.0 JSON log (ocel-standard.org) into a case-centric `EventLog`.
///
/// OCEL files are small next to XES ones, so the file is read whole (at most `maxBytes`)
/// and parsed with Foundation's `JSONSerialization`.
///
/// - The cases are the objects of one type: `EventLogFields.caseObjectType`, or the only
///   object type when there is one (else an error lists the types). An event related to k
///   objects of that type becomes k events, one per case, in file order; an event related
///   to none is skipped and reported.
/// - Activity: the event's `type` (or the event attribute `activityKey`); time: its `time`
///   (or the attribute `timeKey`).
/// - Partner: with `partnerObjectType`, the event's related object of that type (its
///   attribute `partnerKey` when it has one, else its id); otherwise the event attribute
///   `partnerKey`, by default `org:group` or else `group`. Resource and role likewise from
///   `resourceKey` (`org:resource`, `resource`) and `roleKey` (`org:role`, `role`).
/// - Attribute values may be strings or numbers (PM4Py writes numbers).
/// - OCEL XML and SQLite are not read.
public enum OCELLogReader {
    /// The largest OCEL JSON file read (it is read whole): 512 MB.
    public static let maxBytes = 512 << 20

    /// Reads the OCEL 2.0 JSON log at `path` (`-`: standard input; gzip data is inflated).
    public static func read(path: String, options: EventLogReadOptions = EventLogReadOptions()) throws(EventLogError) -> EventLog {
        let source = try ByteSource(path: path)
        return try read(source: source, options: options)
    }

    static func read(source: ByteSource, options: EventLogReadOptions) throws(EventLogError) -> EventLog {
        let name = source.name
        func fail(_ message: String, byte: Int? = nil) -> EventLogError {
            EventLogError(source: name, line: 0, column: 0, byteOffset: byte, message: message)
        }
        // The whole file.
        var data = Data()
        let chunk = UnsafeMutablePointer<UInt8>.allocate(capacity: ByteSource.chunkSize)
        defer { chunk.deallocate() }
        var lastReport = 0
        while true {
            let n = try source.read(into: chunk, capacity: ByteSource.chunkSize)
            if n == 0 { break }
            data.append(chunk, count: n)
            if data.count > maxBytes {
                throw fail("an OCEL JSON log larger than \(maxBytes >> 20) MB (OCEL files are read whole; convert it to CSV)")
            }
            if let progress = options.progress, source.rawBytesRead - lastReport >= 1 << 20 {
                lastReport = source.rawBytesRead
                progress(source.rawBytesRead, source.totalBytes)
            }
        }
        options.progress?(source.rawBytesRead, source.totalBytes)
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw fail("the file is empty: expected an OCEL 2.0 JSON log")
        }
        if let first = data.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF }),
            first == UInt8(ascii: "<")
        {
            throw fail("OCEL XML is not read; export the log as OCEL 2.0 JSON (or give an XES log a .xes name)")
        }
        let document: Any
        do {
            document = try JSONSerialization.jsonObject(with: data)
        } catch {
            let ns = error as NSError
            let detail = (ns.userInfo[NSDebugDescriptionErrorKey] as? String) ?? ns.localizedDescription
            // The index, from the error's user info or its text ("… around character 47.").
            var index = ns.userInfo["NSJSONSerializationErrorIndex"] as? Int
            if index == nil, let range = detail.range(of: "character ") {
                index = Int(detail[range.upperBound...].prefix { $0.isNumber })
            }
            if let index {
                let (line, column) = lineAndColumn(data, index)
                throw EventLogError(source: name, line: line, column: column, byteOffset: index, message: "not valid JSON: \(detail)")
            }
            throw fail("not valid JSON: \(detail)")
        }
        guard let root = document as? [String: Any] else { throw fail("not an OCEL 2.0 log: the JSON is not an object") }
        guard let events = root["events"] as? [Any] else {
            throw fail("not an OCEL 2.0 log: no \"events\" array (found keys: \(root.keys.sorted().joined(separator: ", ")))")
        }
        let objects = root["objects"] as? [Any] ?? []
        var declaredTypes: [String] = []
        for case let type as [String: Any] in root["objectTypes"] as? [Any] ?? [] {
            if let n = text(type["name"]) { declaredTypes.append(n) }
        }
        // Objects: id -> (type, attributes with their latest value).
        var objectType: [String: String] = [:]
        var objectAttributes: [String: [String: (time: Int64, value: String)]] = [:]
        for (i, item) in objects.enumerated() {
            guard let object = item as? [String: Any], let id = text(object["id"]), let type = text(object["type"]) else {
                throw fail("object \(i + 1): expected \"id\" and \"type\"")
            }
            objectType[id] = type
            if !declaredTypes.contains(type) { declaredTypes.append(type) }
            for case let attribute as [String: Any] in object["attributes"] as? [Any] ?? [] {
                guard let key = text(attribute["name"]), let value = text(attribute["value"]) else { continue }
                let time = text(attribute["time"]).flatMap { TimestampParser.parse($0)?.milliseconds } ?? Int64.min
                if let old = objectAttributes[id]?[key], old.time > time { continue }
                objectAttributes[id, default: [:]][key] = (time, value)
            }
        }
        let fields = options.fields
        let caseType: String
        if let chosen = fields.caseObjectType {
            guard declaredTypes.contains(chosen) else {
                throw fail("no object type \"\(chosen)\" (for the cases); the log's object types are: \(declaredTypes.map { "\"\($0)\"" }.joined(separator: ", "))")
            }
            caseType = chosen
        } else if declaredTypes.count == 1 {
            caseType = declaredTypes[0]
        } else {
            throw fail("name the object type whose objects are the cases (the patients): --case-object-type TYPE, or case-object-type in the mapping's fields; the log's object types are: \(declaredTypes.map { "\"\($0)\"" }.joined(separator: ", "))")
        }
        if let partnerType = fields.partnerObjectType, !declaredTypes.contains(partnerType) {
            throw fail("no object type \"\(partnerType)\" (for the partner); the log's object types are: \(declaredTypes.map { "\"\($0)\"" }.joined(separator: ", "))")
        }

        var log = EventLog(source: name, format: .ocel)
        var skippedNoCase: [String] = []
        var skippedOther: [String] = []
        var skippedCount = 0
        var naive = 0
        var firstNaive = ""
        for (i, item) in events.enumerated() {
            guard let event = item as? [String: Any] else { throw fail("event \(i + 1): expected an object") }
            let id = text(event["id"]) ?? "#\(i + 1)"
            var attributes: [String: String] = [:]
            for case let attribute as [String: Any] in event["attributes"] as? [Any] ?? [] {
                if let key = text(attribute["name"]), let value = text(attribute["value"]) { attributes[key] = value }
            }
            func attribute(_ key: String?, _ defaults: [String]) -> String? {
                if let key { return attributes[key] }
                for d in defaults { if let v = attributes[d] { return v } }
                return nil
            }
            var related: [String] = []
            for case let relation as [String: Any] in event["relationships"] as? [Any] ?? [] {
                if let object = text(relation["objectId"]) { related.append(object) }
            }
            let cases = related.filter { objectType[$0] == caseType }
            let activity = fields.activityKey.map { attributes[$0] } ?? text(event["type"])
            let timeText = fields.timeKey.map { attributes[$0] } ?? text(event["time"])
            guard !cases.isEmpty, let activity, !activity.isEmpty, let timeText, !timeText.isEmpty else {
                skippedCount += 1
                if cases.isEmpty { if skippedNoCase.count < 5 { skippedNoCase.append(id) } }
                else if skippedOther.count < 5 { skippedOther.append(id) }
                continue
            }
            guard let time = TimestampParser.parse(timeText) else {
                throw fail("event \"\(id)\": cannot read \"\(timeText.prefix(60))\" as a time (expected ISO 8601, e.g. 2022-01-09T14:00:00+00:00)")
            }
            if time.naive {
                if naive == 0 { firstNaive = id }
                naive += 1
            }
            var partner: String?
            if let partnerType = fields.partnerObjectType {
                if let object = related.first(where: { objectType[$0] == partnerType }) {
                    partner = fields.partnerKey.flatMap { objectAttributes[object]?[$0]?.value } ?? object
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
            for c in cases {
                log.append(case: log.cases.intern(c), activity: a, resource: r, group: g, role: o, time: time.milliseconds)
            }
        }
        if skippedCount > 0 {
            let ids = (skippedNoCase + skippedOther).prefix(5).map { "\"\($0)\"" }.joined(separator: ", ")
            log.notices.append("skipped \(skippedCount) event\(skippedCount == 1 ? "" : "s") related to no \"\(caseType)\" object or without a type or time: \(ids)\(skippedCount > 5 ? ", …" : "")")
        }
        if naive > 0 {
            log.notices.append("\(naive) time\(naive == 1 ? "" : "s") without a UTC offset read as UTC (first in event \"\(firstNaive)\")")
        }
        if log.count == 0 {
            throw fail("no events: no event is related to an object of type \"\(caseType)\"")
        }
        return log
    }

    /// A JSON value as text: strings as they are, numbers and booleans written out.
    static func text(_ value: Any?) -> String? {
        switch value {
        case let s as String: return s
        case let n as NSNumber:
            // JSON true/false arrive as NSNumber of C type `char`; numbers as `i`, `q` or `d`.
            if String(cString: n.objCType) == "c" { return n.boolValue ? "true" : "false" }
            let d = n.doubleValue
            if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
            return String(d)
        default: return nil
        }
    }

    static func lineAndColumn(_ data: Data, _ index: Int) -> (Int, Int) {
        var line = 1, lineStart = 0
        for (k, byte) in data.prefix(index).enumerated() where byte == 0x0A {
            line += 1
            lineStart = k + 1
        }
        return (line, index - lineStart + 1)
    }
}
