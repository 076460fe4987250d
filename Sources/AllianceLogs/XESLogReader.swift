#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Reads an XES log (IEEE 1849) streamed, with a small byte-level XML scanner of its own: no
/// document tree, memory independent of the file's size (a window of a few MB plus the
/// event columns).
///
/// - Namespace-agnostic: element names lose their prefix (`xes:trace` is `trace`); the
///   `xmlns` declarations, `xes.version` (`1849-2016` is fine), `<extension>` URIs (old
///   `code.deckfour.org` ones too) and `<classifier>`s are not checked.
/// - A trace's case is its attribute `EventLogFields.caseKey` (default `concept:name`); an
///   event's activity, time, resource, partner and role are its attributes named by the
///   other fields (defaults `concept:name`, `time:timestamp`, `org:resource`, `org:group`,
///   `org:role`). Only attributes directly inside `<event>` / `<trace>` count: nested ones
///   (inside a `list`, `container` or another attribute) are skipped, and so is all of
///   `<global>` (defaults, not events). Values of any attribute type are read as text, so
///   `float value="nan"` and friends never fail.
/// - Events directly under `<log>` take their case from their attribute `caseKey` (default
///   `case:concept:name`, as PM4Py writes flattened logs); those without one all go into one
///   case named after the log's `concept:name` (or `log`), and a notice says so.
/// - Traces without a case, events without an activity or a time are skipped and reported
///   in `EventLog.notices` (count, first line numbers). Naive times are UTC (one notice).
/// - Entities (`&amp;` `&lt;` `&gt;` `&quot;` `&apos;` `&#NN;` `&#xNN;`), comments, CDATA,
///   processing instructions, a DOCTYPE and self-closing tags are handled.
/// - Errors (mismatched or unclosed tags, a truncated file, a tag longer than 16 MB,
///   non-UTF-8 values, an unreadable time) give the line, column and byte offset
///   (decompressed) where they were found.
public enum XESLogReader {
    /// The longest single tag (or comment, CDATA section) read: 16 MB.
    public static let maxTagBytes = XMLScanner.maxTagBytes

    /// Reads the XES log at `path` (`-`: standard input; gzip data is inflated).
    public static func read(path: String, options: EventLogReadOptions = EventLogReadOptions()) throws(EventLogError) -> EventLog {
        let source = try ByteSource(path: path)
        return try read(source: source, options: options)
    }

    static func read(source: ByteSource, options: EventLogReadOptions) throws(EventLogError) -> EventLog {
        // A big plain file: in two parts on two threads, when it splits safely.
        if let log = try XESParallelRead.readIfLarge(source: source, options: options) { return log }
        var parser = XESParser(source: source, options: options)
        defer { parser.release() }
        return try parser.run()
    }
}

/// A struct with mutating methods (not a class): its hot loops then pay no dynamic
/// exclusivity checks, which cost more than half the time.
struct XESParser {
    enum Kind: UInt8 { case log, trace, event, global, attribute, other }

    var xml: XMLScanner
    let options: EventLogReadOptions
    var log: EventLog
    var tally = ReadingTally()

    /// The kinds of the open elements (parallel to the scanner's names).
    var kinds: [Kind] = []
    var sawRoot = false

    // Keys.
    let caseKey: [UInt8], eventCaseKey: [UInt8], activityKey: [UInt8], timeKey: [UInt8]
    let resourceKey: [UInt8], groupKey: [UInt8], roleKey: [UInt8]
    let logNameKey: [UInt8] = Array("concept:name".utf8)

    // The trace and event being read.
    var traceFirstEvent = 0
    var traceCase = EventLog.none
    var traceLine = 0
    var eventLine = 0
    var eventActivity = EventLog.none, eventResource = EventLog.none, eventGroup = EventLog.none
    var eventRole = EventLog.none, eventCase = EventLog.none
    var eventTime: Int64 = 0
    var eventHasTime = false
    var eventNaive = false
    var logName: String?
    var looseCase = EventLog.none
    var looseEvents = 0

    var caseNames = ByteInterner(), activityNames = ByteInterner(), resourceNames = ByteInterner()
    var groupNames = ByteInterner(), roleNames = ByteInterner()

    func release() {
        xml.release()
        caseNames.release(); activityNames.release(); resourceNames.release()
        groupNames.release(); roleNames.release()
    }

    init(source: ByteSource, options: EventLogReadOptions) {
        xml = XMLScanner(source: source, reportsText: false, progress: options.progress)
        self.options = options
        log = EventLog(source: source.name, format: .xes)
        let f = options.fields
        caseKey = Array((f.caseKey ?? "concept:name").utf8)
        eventCaseKey = Array((f.caseKey ?? "case:concept:name").utf8)
        activityKey = Array((f.activityKey ?? "concept:name").utf8)
        timeKey = Array((f.timeKey ?? "time:timestamp").utf8)
        resourceKey = Array((f.resourceKey ?? "org:resource").utf8)
        groupKey = Array((f.partnerKey ?? "org:group").utf8)
        roleKey = Array((f.roleKey ?? "org:role").utf8)
    }

    mutating func error(_ message: String, at index: Int) -> EventLogError {
        xml.error(message, at: index)
    }

    // MARK: the scan

    mutating func run() throws(EventLogError) -> EventLog {
        try scan()
        return try finish()
    }

    /// Reads all the data (a first part: up to its end inside `<log>`).
    mutating func scan() throws(EventLogError) {
        guard try xml.begin() else {
            throw EventLogError(source: log.source, line: 0, column: 0, message: "the file is empty: expected an XES log")
        }
        scan: while true {
            switch try xml.next() {
            case .start(let selfClosing): try openElement(selfClosing: selfClosing, at: xml.tokenStart)
            case .end: try closeElement()
            case .text: break
            case .eof: break scan
            }
        }
        if !sawRoot {
            throw EventLogError(source: log.source, line: 0, column: 0, message: "not an XES log: no <log> element")
        }
    }

    /// The log read, with its notices (an error when it has no events).
    mutating func finish() throws(EventLogError) -> EventLog {
        if looseEvents > 0 {
            log.notices.append("\(looseEvents) event\(looseEvents == 1 ? "" : "s") directly under <log> without a \"\(String(decoding: eventCaseKey, as: UTF8.self))\" attribute put in one case \"\(log.cases[looseCase])\"")
        }
        log.notices += tally.notices(what: "events")
        // Keys the mapping named that no event has (the defaults may simply be absent).
        let f = options.fields
        for (key, table, role) in [(f.resourceKey, log.resources, "resource"), (f.partnerKey, log.groups, "partner"), (f.roleKey, log.roles, "role")] {
            if let key, table.count == 0, log.count > 0 {
                log.notices.append("no event has the attribute \"\(key)\" named for the \(role)")
            }
        }
        if log.count == 0 {
            let why = tally.skipped > 0 ? " (\(tally.notices(what: "events")[0]))" : ""
            throw EventLogError(source: log.source, line: 0, column: 0, message: "no events: the log has no events with a case, an activity and a time\(why)")
        }
        return log
    }

    mutating func classify() -> Kind {
        let (ls, le) = xml.localName(xml.nameStart, xml.nameEnd)
        let p = xml.window.base + ls
        let n = le - ls
        switch n {
        case 3:
            if ByteScan.equals(p, n, "log") { return .log }
            if ByteScan.equals(p, n, "int") { return .attribute }
        case 5:
            if ByteScan.equals(p, n, "event") { return .event }
            if ByteScan.equals(p, n, "trace") { return .trace }
            if ByteScan.equals(p, n, "float") { return .attribute }
        case 6:
            if ByteScan.equals(p, n, "string") { return .attribute }
            if ByteScan.equals(p, n, "global") { return .global }
        case 4:
            if ByteScan.equals(p, n, "date") || ByteScan.equals(p, n, "list") { return .attribute }
        case 2:
            if ByteScan.equals(p, n, "id") { return .attribute }
        case 7:
            if ByteScan.equals(p, n, "boolean") { return .attribute }
        case 9:
            if ByteScan.equals(p, n, "container") { return .attribute }
        default: break
        }
        return .other
    }

    mutating func openElement(selfClosing: Bool, at lt: Int) throws(EventLogError) {
        var kind = classify()
        let parent = kinds.last
        if parent == nil {
            if kind != .log {
                throw error("not an XES log: the root element is <\(xml.tagName)>, expected <log>", at: lt)
            }
            sawRoot = true
        } else {
            // Only the structure XES defines counts; anything else is skipped with its content.
            switch kind {
            case .log: kind = .other
            case .trace: if parent != .log { kind = .other }
            case .event: if parent != .log && parent != .trace { kind = .other }
            case .global: if parent != .log { kind = .other }
            case .attribute: break
            case .other:
                if parent == .log, xml.nameIs("object-types") || xml.nameIs("event-types") || xml.nameIs("objects") || xml.nameIs("events") {
                    throw error("not an XES log: <log> holds <\(xml.tagName)>, as OCEL 2.0 XML logs do (read it as OCEL: a .xmlocel name or --format ocel)", at: lt)
                }
            }
            if kind == .attribute {
                switch parent! {
                case .event: try eventAttribute(at: lt)
                case .trace: try traceAttribute(at: lt)
                case .log: logAttribute()
                default: break
                }
            }
        }
        switch kind {
        case .trace:
            traceFirstEvent = log.count
            traceCase = EventLog.none
            traceLine = xml.lineAt(lt)
        case .event:
            eventLine = xml.lineAt(lt)
            eventActivity = EventLog.none; eventResource = EventLog.none; eventGroup = EventLog.none
            eventRole = EventLog.none; eventCase = EventLog.none
            eventHasTime = false
            eventNaive = false
        default: break
        }
        if selfClosing {
            if kind == .event { try endEvent() }
            if kind == .trace { endTrace() }
            return
        }
        kinds.append(kind)
    }

    mutating func closeElement() throws(EventLogError) {
        // The scanner checked that the names match.
        let kind = kinds.removeLast()
        switch kind {
        case .event: try endEvent()
        case .trace: endTrace()
        default: break
        }
    }

    // MARK: attributes

    /// The key and value ranges of the attribute element just read, or nil without both.
    @inline(__always) mutating func keyAndValue() -> (key: Int, value: Int)? {
        let key = xml.tagAttribute("key"), value = xml.tagAttribute("value")
        if key < 0 || value < 0 { return nil }
        return (key, value)
    }

    @inline(__always) mutating func keyIs(_ a: Int, _ key: [UInt8]) -> Bool {
        let n = xml.attrValueEnd[a] - xml.attrValueStart[a]
        let value = xml.window.base + xml.attrValueStart[a]
        return n == key.count && key.withUnsafeBufferPointer { memcmp($0.baseAddress!, value, n) == 0 }
    }

    mutating func value(_ a: Int) throws(EventLogError) -> (UnsafePointer<UInt8>, Int) {
        try xml.value(a)
    }

    /// Interns the value of tag attribute `a` into one of the name tables.
    mutating func internValue(_ a: Int, key: [UInt8], _ column: Column) throws(EventLogError) -> Int32 {
        let (p, n) = try value(a)
        let index: Int32?
        switch column {
        case .cases: index = ByteInterner.intern(&caseNames, &log.cases, p, n)
        case .activities: index = ByteInterner.intern(&activityNames, &log.activities, p, n)
        case .resources: index = ByteInterner.intern(&resourceNames, &log.resources, p, n)
        case .groups: index = ByteInterner.intern(&groupNames, &log.groups, p, n)
        case .roles: index = ByteInterner.intern(&roleNames, &log.roles, p, n)
        }
        guard let index else {
            throw error("invalid UTF-8 in the value of \"\(String(decoding: key, as: UTF8.self))\"; the file must be UTF-8 encoded", at: xml.attrValueStart[a])
        }
        return index
    }

    enum Column { case cases, activities, resources, groups, roles }

    mutating func eventAttribute(at lt: Int) throws(EventLogError) {
        guard let (k, v) = keyAndValue() else { return }
        if keyIs(k, activityKey) {
            eventActivity = try internValue(v, key: activityKey, .activities)
        }
        if keyIs(k, timeKey) {
            let (p, n) = try value(v)
            guard let parsed = TimestampParser.parse(p, n) else {
                let text = String(decoding: UnsafeBufferPointer(start: p, count: min(n, 60)), as: UTF8.self)
                throw error("attribute \"\(String(decoding: timeKey, as: UTF8.self))\": cannot read \"\(text)\" as a time (expected xs:dateTime, e.g. 2011-10-11T13:45:40.276+02:00)", at: lt)
            }
            eventTime = parsed.milliseconds
            eventNaive = parsed.naive
            eventHasTime = true
        }
        if keyIs(k, resourceKey) {
            eventResource = try internValue(v, key: resourceKey, .resources)
        }
        if keyIs(k, groupKey) {
            eventGroup = try internValue(v, key: groupKey, .groups)
        }
        if keyIs(k, roleKey) {
            eventRole = try internValue(v, key: roleKey, .roles)
        }
        if kinds.count >= 2, kinds[kinds.count - 2] == .log, keyIs(k, eventCaseKey) {
            eventCase = try internValue(v, key: eventCaseKey, .cases)
        }
    }

    mutating func traceAttribute(at lt: Int) throws(EventLogError) {
        guard let (k, v) = keyAndValue() else { return }
        if keyIs(k, caseKey) {
            traceCase = try internValue(v, key: caseKey, .cases)
        }
    }

    mutating func logAttribute() {
        guard let (k, v) = keyAndValue(), keyIs(k, logNameKey) else { return }
        if let (p, n) = try? value(v) { logName = String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self) }
    }

    // MARK: ends

    mutating func endEvent() throws(EventLogError) {
        let inTrace = kinds.last == .trace
        var caseIndex = inTrace ? traceCase : eventCase
        if !inTrace && caseIndex == EventLog.none && eventActivity != EventLog.none && eventHasTime {
            if looseCase == EventLog.none { looseCase = log.cases.intern(logName ?? "log") }
            caseIndex = looseCase
            looseEvents += 1
        }
        if eventActivity == EventLog.none || !eventHasTime || (!inTrace && caseIndex == EventLog.none) {
            tally.skip(line: eventLine, missingCase: false, missingActivity: eventActivity == EventLog.none, missingTime: !eventHasTime)
            return
        }
        if eventNaive { tally.sawNaive(line: eventLine) }
        // Inside a trace whose case is not known yet, the case is filled in at its end.
        log.append(
            case: caseIndex, activity: eventActivity, resource: eventResource, group: eventGroup, role: eventRole,
            time: eventTime, line: Int32(truncatingIfNeeded: eventLine))
    }

    mutating func endTrace() {
        let first = traceFirstEvent
        let count = log.count
        if traceCase == EventLog.none {
            if count > first {
                // A trace without a case: its events are skipped and reported.
                for e in first..<count {
                    tally.skip(line: Int(log.lineOf[e]), missingCase: true, missingActivity: false, missingTime: false)
                }
                log.caseOf.removeSubrange(first...)
                log.activityOf.removeSubrange(first...)
                log.resourceOf.removeSubrange(first...)
                log.groupOf.removeSubrange(first...)
                log.roleOf.removeSubrange(first...)
                log.timeOf.removeSubrange(first...)
                log.lineOf.removeSubrange(first...)
            }
            return
        }
        for e in first..<count where log.caseOf[e] == EventLog.none { log.caseOf[e] = traceCase }
    }
}
