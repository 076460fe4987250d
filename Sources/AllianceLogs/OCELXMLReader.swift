/// Reads an OCEL 2.0 XML log (ocel-standard.org; what `pm4py.write_ocel2_xml` writes) with
/// the byte-level `XMLScanner` the XES reader uses: streamed, no document tree. The objects
/// and events go to `OCELMapper`, as the JSON reader's do, so both formats map alike.
///
/// The structure read (element names without their namespace prefix; anything else is
/// skipped with its content):
///
/// ```xml
/// <log>
///   <object-types><object-type name="Patient">…</object-type></object-types>
///   <event-types>…</event-types>
///   <objects>
///     <object id="p1" type="Patient">
///       <attributes><attribute name="ward" time="1970-01-01T00:00:00Z">A</attribute></attributes>
///       <objects><relationship object-id="o1" qualifier="…"/></objects>
///     </object>
///   </objects>
///   <events>
///     <event id="e1" type="Visit" time="2024-03-01T10:00:00Z">
///       <attributes><attribute name="org:resource">Ana</attribute></attributes>
///       <objects><relationship object-id="p1" qualifier="patient"/></objects>
///     </event>
///   </events>
/// </log>
/// ```
///
/// Attribute values are the element's text (entities decoded, CDATA as it is, not trimmed).
/// Errors give the line, column and byte offset (decompressed).
enum OCELXMLReader {
    static func read(source: ByteSource, options: EventLogReadOptions) throws(EventLogError) -> EventLog {
        var parser = OCELXMLParser(source: source, options: options)
        defer { parser.xml.release() }
        return try parser.run()
    }
}

private struct OCELXMLParser {
    enum Kind: UInt8 {
        case root, objectTypes, objectType, eventTypes, objects, object, objectAttributes, objectAttribute
        case objectRelations, events, event, eventAttributes, eventAttribute, eventRelations, other
    }

    var xml: XMLScanner
    var mapper: OCELMapper
    let name: String
    var kinds: [Kind] = []
    var rootPosition: OCELPosition?
    var typesPosition: OCELPosition?
    var sawEvents = false

    // The object, event and attribute being read.
    var objectId = "", objectTypeName = ""
    var objectAttributes: [OCELObjectAttribute] = []
    var event = OCELEventInput(id: "", type: nil, time: nil)
    var eventCount = 0
    var attributeName: String?
    var attributeTime: String?
    var text: [UInt8] = []

    init(source: ByteSource, options: EventLogReadOptions) {
        xml = XMLScanner(source: source, reportsText: true, progress: options.progress)
        mapper = OCELMapper(source: source.name, fields: options.fields)
        name = source.name
    }

    mutating func position(_ index: Int) -> OCELPosition {
        let (line, column, byteOffset) = xml.position(index)
        return OCELPosition(line: line, column: column, byteOffset: byteOffset)
    }

    mutating func run() throws(EventLogError) -> EventLog {
        guard try xml.begin() else {
            throw EventLogError(source: name, line: 0, column: 0, message: "the file is empty: expected an OCEL 2.0 XML log")
        }
        scan: while true {
            switch try xml.next() {
            case .start(let selfClosing): try open(selfClosing: selfClosing, at: xml.tokenStart)
            case .end: try close(kinds.removeLast())
            case .text:
                if attributeName != nil, let kind = kinds.last, kind == .objectAttribute || kind == .eventAttribute {
                    if xml.textIsCDATA {
                        text.append(contentsOf: UnsafeBufferPointer(start: xml.window.base + xml.textStart, count: xml.textEnd - xml.textStart))
                    } else {
                        let (p, n) = try xml.decoded(xml.textStart, xml.textEnd)
                        text.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
                    }
                    if let bad = ByteScan.firstInvalidUTF8(xml.window.base + xml.textStart, xml.textEnd - xml.textStart) {
                        throw xml.error("invalid UTF-8 in the value of the attribute \"\(attributeName ?? "")\"; the file must be UTF-8 encoded", at: xml.textStart + bad)
                    }
                }
            case .eof: break scan
            }
        }
        guard let rootPosition else {
            throw EventLogError(source: name, line: 0, column: 0, message: "not an OCEL 2.0 XML log: no <log> element")
        }
        if !sawEvents {
            throw EventLogError(
                source: name, line: rootPosition.line, column: rootPosition.column, byteOffset: rootPosition.byteOffset,
                message: "not an OCEL 2.0 XML log: <log> has no <events> element")
        }
        return try mapper.finish(format: .ocel, typesPosition: typesPosition ?? rootPosition)
    }

    /// The value of the tag attribute `name`, or nil when the tag has none.
    mutating func attribute(_ name: StaticString) throws(EventLogError) -> String? {
        let a = xml.tagAttribute(name)
        if a < 0 { return nil }
        guard let value = try xml.string(a) else {
            throw xml.error("invalid UTF-8 in the attribute \"\(name)\" of <\(xml.tagName)>; the file must be UTF-8 encoded", at: xml.attrValueStart[a])
        }
        return value
    }

    /// The value of the tag attribute `name`, which the element must have.
    mutating func required(_ name: StaticString, at lt: Int) throws(EventLogError) -> String {
        guard let value = try attribute(name) else {
            throw xml.error("<\(xml.tagName)> without the attribute \"\(name)\"", at: lt)
        }
        return value
    }

    mutating func open(selfClosing: Bool, at lt: Int) throws(EventLogError) {
        var kind = Kind.other
        switch kinds.last {
        case nil:
            guard xml.nameIs("log") else {
                throw xml.error("not an OCEL 2.0 XML log: the root element is <\(xml.tagName)>, expected <log>", at: lt)
            }
            kind = .root
            rootPosition = position(lt)
        case .root:
            if xml.nameIs("object-types") {
                kind = .objectTypes
                typesPosition = position(lt)
            } else if xml.nameIs("event-types") {
                kind = .eventTypes
            } else if xml.nameIs("objects") {
                kind = .objects
            } else if xml.nameIs("events") {
                kind = .events
                sawEvents = true
            } else if xml.nameIs("trace") || xml.nameIs("event") || xml.nameIs("extension") || xml.nameIs("global") || xml.nameIs("classifier") {
                throw xml.error("not an OCEL 2.0 XML log: <log> holds <\(xml.tagName)> elements, as XES logs do (read it as XES: a .xes name or --format xes)", at: lt)
            }
        case .objectTypes:
            if xml.nameIs("object-type") {
                kind = .objectType
                mapper.declareObjectType(try required("name", at: lt))
            }
        case .objects:
            if xml.nameIs("object") {
                kind = .object
                objectId = try required("id", at: lt)
                objectTypeName = try required("type", at: lt)
                objectAttributes.removeAll(keepingCapacity: true)
            }
        case .object:
            if xml.nameIs("attributes") { kind = .objectAttributes } else if xml.nameIs("objects") { kind = .objectRelations }
        case .objectAttributes, .eventAttributes:
            if xml.nameIs("attribute") {
                kind = kinds.last == .objectAttributes ? .objectAttribute : .eventAttribute
                // Only the attributes the mapping reads are collected.
                attributeName = try attribute("name")
                attributeTime = nil
                if let name = attributeName {
                    if kind == .objectAttribute {
                        if mapper.readsObjectAttribute(type: objectTypeName, name: name) {
                            attributeTime = try attribute("time")
                        } else {
                            attributeName = nil
                        }
                    } else if !mapper.readsEventAttribute(name) {
                        attributeName = nil
                    }
                }
                text.removeAll(keepingCapacity: true)
            }
        case .events:
            if xml.nameIs("event") {
                kind = .event
                eventCount += 1
                event.id = try attribute("id") ?? "#\(eventCount)"
                event.type = try attribute("type")
                event.time = try attribute("time")
                event.position = position(lt)
                event.attributes.removeAll(keepingCapacity: true)
                event.relationships.removeAll(keepingCapacity: true)
                event.relationshipPositions.removeAll(keepingCapacity: true)
            }
        case .event:
            if xml.nameIs("attributes") { kind = .eventAttributes } else if xml.nameIs("objects") { kind = .eventRelations }
        case .eventRelations:
            if xml.nameIs("relationship"), let id = try attribute("object-id") {
                event.relationships.append(id)
                event.relationshipPositions.append(mapper.knowsObject(id) ? nil : position(lt))
            }
        default:
            break
        }
        if selfClosing { try close(kind) } else { kinds.append(kind) }
    }

    mutating func close(_ kind: Kind) throws(EventLogError) {
        switch kind {
        case .object:
            mapper.addObject(id: objectId, type: objectTypeName, attributes: objectAttributes)
        case .event:
            mapper.addEvent(event)
        case .objectAttribute, .eventAttribute:
            guard let attributeName else { return }
            let value = String(decoding: text, as: UTF8.self)
            if kind == .objectAttribute {
                objectAttributes.append(OCELObjectAttribute(name: attributeName, time: attributeTime, value: value))
            } else {
                event.attributes.append((attributeName, value))
            }
        default:
            break
        }
    }
}
