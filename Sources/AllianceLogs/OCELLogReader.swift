import Foundation

/// Reads an OCEL 2.0 log (ocel-standard.org), JSON or XML, into a case-centric `EventLog`.
///
/// - JSON files are small next to XES ones, so the file is read whole (at most `maxBytes`)
///   and parsed with Foundation's `JSONSerialization`. XML (`.xmlocel`, `.xml`, or content
///   starting with `<`) is streamed by `OCELXMLReader` with the XES reader's byte-level
///   scanner. Both give their objects and events to `OCELMapper`, so they map alike:
/// - The cases are the objects of one type: `EventLogFields.caseObjectType`, or the only
///   object type when there is one (else an error lists the types). An event related to k
///   objects of that type becomes k events, one per case, in file order; an event related
///   to none is skipped and reported.
/// - Activity: the event's `type` (or the event attribute `activityKey`); time: its `time`
///   (or the attribute `timeKey`), normalised to UTC (naive times read as UTC, said once).
/// - Partner: with `partnerObjectType`, the event's first related object of that type (its
///   attribute `partnerKey` when it has one, the value with the latest time, else its id);
///   otherwise the event attribute `partnerKey`, by default `org:group` or else `group`.
///   Resource and role likewise from `resourceKey` (`org:resource`, `resource`) and
///   `roleKey` (`org:role`, `role`).
/// - Attribute values may be strings or numbers (PM4Py writes numbers in JSON).
/// - Errors: an event without a time (when `timeKey` is not given) or with one that is not
///   ISO 8601, a relationship to an object the log does not declare, an unknown object type;
///   in XML with the line, column and byte offset.
/// - OCEL SQLite is not read.
public enum OCELLogReader {
    /// The largest OCEL JSON file read (it is read whole): 512 MB.
    public static let maxBytes = 512 << 20

    /// Reads the OCEL 2.0 JSON or XML log at `path` (`-`: standard input; gzip data is inflated).
    public static func read(path: String, options: EventLogReadOptions = EventLogReadOptions()) throws(EventLogError) -> EventLog {
        let source = try ByteSource(path: path)
        return try read(source: source, options: options)
    }

    static func read(source: ByteSource, options: EventLogReadOptions) throws(EventLogError) -> EventLog {
        var lower = source.name.lowercased()
        if lower.hasSuffix(".gz") { lower.removeLast(3) }
        let xml = lower.hasSuffix(".xmlocel") || lower.hasSuffix(".xml")
        let prefix = try source.peek(4096)
        if xml || EventLogReader.startsWithTag(prefix) {
            return try OCELXMLReader.read(source: source, options: options)
        }
        return try readJSON(source: source, options: options)
    }

    static func readJSON(source: ByteSource, options: EventLogReadOptions) throws(EventLogError) -> EventLog {
        let name = source.name
        func fail(_ message: String, byte: Int? = nil) -> EventLogError {
            EventLogError(source: name, line: 0, column: 0, byteOffset: byte, message: message)
        }
        // A JSON log is an object: anything else fails at its first byte, before the file (or
        // an endless stream) is read whole.
        let head = try source.peek(4096)
        var first = head.startIndex
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { first += 3 }
        while first < head.endIndex, [0x20, 0x0A, 0x0D, 0x09].contains(head[first]) { first += 1 }
        if first < head.endIndex, head[first] != UInt8(ascii: "{") {
            let (line, column) = lineAndColumn(Data(head), first - head.startIndex)
            throw EventLogError(source: name, line: line, column: column, byteOffset: first - head.startIndex,
                                message: "not an OCEL 2.0 JSON log: expected a JSON object (`{`)\(head[first] == 0 ? ", found a NUL byte" : "")")
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
        var mapper = OCELMapper(source: name, fields: options.fields)
        for case let type as [String: Any] in root["objectTypes"] as? [Any] ?? [] {
            if let n = text(type["name"]) { mapper.declareObjectType(n) }
        }
        for (i, item) in (root["objects"] as? [Any] ?? []).enumerated() {
            guard let object = item as? [String: Any], let id = text(object["id"]), let type = text(object["type"]) else {
                throw fail("object \(i + 1): expected \"id\" and \"type\"")
            }
            var attributes: [OCELObjectAttribute] = []
            for case let attribute as [String: Any] in object["attributes"] as? [Any] ?? [] {
                guard let key = text(attribute["name"]), let value = text(attribute["value"]) else { continue }
                attributes.append(OCELObjectAttribute(name: key, time: text(attribute["time"]), value: value))
            }
            mapper.addObject(id: id, type: type, attributes: attributes)
        }
        for (i, item) in events.enumerated() {
            guard let event = item as? [String: Any] else { throw fail("event \(i + 1): expected an object") }
            var input = OCELEventInput(id: text(event["id"]) ?? "#\(i + 1)", type: text(event["type"]), time: text(event["time"]))
            for case let attribute as [String: Any] in event["attributes"] as? [Any] ?? [] {
                if let key = text(attribute["name"]), let value = text(attribute["value"]) { input.attributes.append((key, value)) }
            }
            for case let relation as [String: Any] in event["relationships"] as? [Any] ?? [] {
                if let object = text(relation["objectId"]) { input.relationships.append(object) }
            }
            mapper.addEvent(input)
        }
        return try mapper.finish(format: .ocel, typesPosition: nil)
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
