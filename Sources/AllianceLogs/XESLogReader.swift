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
    public static let maxTagBytes = 16 << 20

    /// Reads the XES log at `path` (`-`: standard input; gzip data is inflated).
    public static func read(path: String, options: EventLogReadOptions = EventLogReadOptions()) throws(EventLogError) -> EventLog {
        let source = try ByteSource(path: path)
        return try read(source: source, options: options)
    }

    static func read(source: ByteSource, options: EventLogReadOptions) throws(EventLogError) -> EventLog {
        var parser = XESParser(source: source, options: options)
        defer { parser.release() }
        return try parser.run()
    }
}

/// A struct with mutating methods (not a class): its hot loops then pay no dynamic
/// exclusivity checks, which cost more than half the time.
private struct XESParser {
    enum Kind: UInt8 { case log, trace, event, global, attribute, other }

    var window: InputWindow
    let options: EventLogReadOptions
    var log: EventLog
    var tally = ReadingTally()

    // Line counting: `countedLine` is the line number at window index `countedUpTo`.
    var countedUpTo = 0
    var countedLine = 1
    /// File offset where line `countedLine` starts.
    var countedLineStart = 0

    // The open elements.
    var kinds: [Kind] = []
    var nameOffsets: [Int] = []
    var openLines: [Int] = []
    var names: [UInt8] = []
    var sawRoot = false
    var rootClosed = false

    // Tag attributes of the tag being read: name and value ranges (window indices).
    // (Pointers, not arrays: no uniqueness check on each write.)
    var attrNameStart = UnsafeMutablePointer<Int>.allocate(capacity: 16)
    var attrNameEnd = UnsafeMutablePointer<Int>.allocate(capacity: 16)
    var attrValueStart = UnsafeMutablePointer<Int>.allocate(capacity: 16)
    var attrValueEnd = UnsafeMutablePointer<Int>.allocate(capacity: 16)
    var attrCapacity = 16
    var attrCount = 0

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
    var scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    var scratchCapacity = 256

    mutating func growAttributes() {
        let grown = attrCapacity * 2
        func grow(_ p: inout UnsafeMutablePointer<Int>) {
            let q = UnsafeMutablePointer<Int>.allocate(capacity: grown)
            q.update(from: p, count: attrCapacity)
            p.deallocate()
            p = q
        }
        grow(&attrNameStart); grow(&attrNameEnd); grow(&attrValueStart); grow(&attrValueEnd)
        attrCapacity = grown
    }

    func release() {
        attrNameStart.deallocate(); attrNameEnd.deallocate(); attrValueStart.deallocate(); attrValueEnd.deallocate()
        window.release()
        scratch.deallocate()
        caseNames.release(); activityNames.release(); resourceNames.release()
        groupNames.release(); roleNames.release()
    }

    init(source: ByteSource, options: EventLogReadOptions) {
        window = InputWindow(source: source, limit: XESLogReader.maxTagBytes, progress: options.progress)
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

    // MARK: positions and errors

    /// The line of window index `index` (indices must not go backwards between calls,
    /// except through `refill`).
    @inline(__always)
    mutating func lineAt(_ index: Int) -> Int {
        if index > countedUpTo {
            let newlines = ByteScan.countNewlines(window.base + countedUpTo, index - countedUpTo)
            if newlines > 0 {
                countedLine += newlines
                var k = index - 1
                while window.base[k] != 0x0A { k -= 1 }
                countedLineStart = window.baseOffset + k + 1
            }
            countedUpTo = index
        }
        return countedLine
    }

    mutating func error(_ message: String, at index: Int) -> EventLogError {
        let line = index >= countedUpTo ? lineAt(index) : countedLine - ByteScan.countNewlines(window.base + index, countedUpTo - index)
        var k = index - 1
        while k >= 0, window.base[k] != 0x0A { k -= 1 }
        let column = k >= 0 || index >= countedUpTo ? index - k : 0
        if k < 0 && index >= countedUpTo {
            return EventLogError(source: log.source, line: line, column: window.baseOffset + index - countedLineStart + 1, byteOffset: window.baseOffset + index, message: message)
        }
        return EventLogError(source: log.source, line: line, column: column, byteOffset: window.baseOffset + index, message: message)
    }

    /// Keeps the window from `keep` on and reads more; returns the shift, nil at the end.
    mutating func refill(keeping keep: Int) throws(EventLogError) -> Int? {
        _ = lineAt(keep)
        guard let shift = try window.refill(keeping: keep) else { return nil }
        countedUpTo -= shift
        return shift
    }

    // MARK: the scan

    enum TagScan { case done(next: Int), needMore }

    mutating func run() throws(EventLogError) -> EventLog {
        _ = try refill(keeping: 0)
        if window.end == 0 {
            throw EventLogError(source: log.source, line: 0, column: 0, message: "the file is empty: expected an XES log")
        }
        var pos = 0
        if window.end >= 3, window.base[0] == 0xEF, window.base[1] == 0xBB, window.base[2] == 0xBF { pos = 3 }
        while true {
            // Text up to the next tag.
            let b = window.base
            guard let found = memchr(b + pos, 0x3C, window.end - pos) else {
                if window.atEOF { break }
                guard try refill(keeping: window.end) != nil else { break }
                pos = 0
                continue
            }
            let lt = UnsafeMutablePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - b
            switch try scanTag(at: lt) {
            case .done(let next):
                pos = next
            case .needMore:
                if window.atEOF {
                    throw error("truncated: the file ends inside this tag", at: lt)
                }
                guard let shift = try refill(keeping: lt) else {
                    throw error("a tag longer than \(XESLogReader.maxTagBytes >> 20) MB (the limit)", at: lt)
                }
                pos = lt - shift
            }
        }
        let endIndex = window.end
        if let kind = kinds.last {
            let name = String(decoding: names[nameOffsets[nameOffsets.count - 1]...], as: UTF8.self)
            _ = kind
            throw error("truncated: the file ends inside <\(name)> (opened on line \(openLines[openLines.count - 1]))", at: endIndex)
        }
        if !sawRoot {
            throw EventLogError(source: log.source, line: 0, column: 0, message: "not an XES log: no <log> element")
        }
        window.reportProgress(final: true)
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

    /// Finds `pattern` in the window from `from`.
    func find(_ pattern: StaticString, from: Int) -> Int? {
        let b = window.base
        let n = pattern.utf8CodeUnitCount
        let first = Int32(pattern.utf8Start[0])
        var k = from
        while k + n <= window.end {
            guard let hit = memchr(b + k, first, window.end - k) else { return nil }
            let at = UnsafeMutablePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - b
            if at + n > window.end { return nil }
            if memcmp(b + at, pattern.utf8Start, n) == 0 { return at }
            k = at + 1
        }
        return nil
    }

    @inline(__always) func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D }

    mutating func scanTag(at lt: Int) throws(EventLogError) -> TagScan {
        let b = window.base
        let end = window.end
        if lt + 1 >= end { return .needMore }
        let c1 = b[lt + 1]
        if c1 == 0x2F {  // </name>
            guard let found = memchr(b + lt + 2, 0x3E, end - lt - 2) else { return .needMore }
            let gt = UnsafeMutablePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - b
            var nameEnd = gt
            while nameEnd > lt + 2, isSpace(b[nameEnd - 1]) { nameEnd -= 1 }
            try closeElement(nameStart: lt + 2, nameEnd: nameEnd, at: lt)
            return .done(next: gt + 1)
        }
        if c1 == 0x21 {  // <!-- -->, <![CDATA[ ]]>, <!DOCTYPE >
            if lt + 4 > end { return .needMore }
            if b[lt + 2] == 0x2D && b[lt + 3] == 0x2D {
                guard let close = find("-->", from: lt + 4) else { return .needMore }
                return .done(next: close + 3)
            }
            if lt + 9 > end { return .needMore }
            if memcmp(b + lt + 2, "[CDATA[", 7) == 0 {
                guard let close = find("]]>", from: lt + 9) else { return .needMore }
                return .done(next: close + 3)
            }
            // A DOCTYPE, maybe with an internal subset in brackets.
            var k = lt + 2
            var depth = 0
            while k < end {
                let c = b[k]
                if c == 0x5B { depth += 1 } else if c == 0x5D { depth -= 1 } else if c == 0x3E && depth <= 0 { return .done(next: k + 1) }
                k += 1
            }
            return .needMore
        }
        if c1 == 0x3F {  // <? ?>
            guard let close = find("?>", from: lt + 2) else { return .needMore }
            return .done(next: close + 2)
        }
        // A start tag: the name, then attributes.
        var k = lt + 1
        while k < end {
            let c = b[k]
            if isSpace(c) || c == 0x3E || c == 0x2F { break }
            k += 1
        }
        if k >= end { return .needMore }
        let nameStart = lt + 1, nameEnd = k
        if nameEnd == nameStart { throw error("a '<' that starts no tag (write &lt; for a literal '<')", at: lt) }
        attrCount = 0
        var selfClosing = false
        while true {
            while k < end, isSpace(b[k]) { k += 1 }
            if k >= end { return .needMore }
            let c = b[k]
            if c == 0x3E { k += 1; break }
            if c == 0x2F {
                if k + 1 >= end { return .needMore }
                if b[k + 1] != 0x3E { throw error("expected '>' after '/' in a tag", at: k) }
                selfClosing = true
                k += 2
                break
            }
            let an = k
            while k < end {
                let d = b[k]
                if d == 0x3D || isSpace(d) || d == 0x3E || d == 0x2F { break }
                k += 1
            }
            let anEnd = k
            while k < end, isSpace(b[k]) { k += 1 }
            if k >= end { return .needMore }
            if b[k] != 0x3D || anEnd == an { throw error("expected name=\"value\" in the attributes of a tag", at: anEnd == an ? k : an) }
            k += 1
            while k < end, isSpace(b[k]) { k += 1 }
            if k >= end { return .needMore }
            let quote = b[k]
            if quote != 0x22 && quote != 0x27 { throw error("expected a quoted attribute value", at: k) }
            guard let found = memchr(b + k + 1, Int32(quote), end - k - 1) else { return .needMore }
            let close = UnsafeMutablePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - b
            if attrCount == attrCapacity { growAttributes() }
            attrNameStart[attrCount] = an
            attrNameEnd[attrCount] = anEnd
            attrValueStart[attrCount] = k + 1
            attrValueEnd[attrCount] = close
            attrCount += 1
            k = close + 1
        }
        try openElement(nameStart: nameStart, nameEnd: nameEnd, selfClosing: selfClosing, at: lt)
        return .done(next: k)
    }

    /// The local name (after any prefix) of `b[s..<e]`.
    @inline(__always) func localName(_ s: Int, _ e: Int) -> (Int, Int) {
        var k = e - 1
        while k >= s {
            if window.base[k] == 0x3A { return (k + 1, e) }
            k -= 1
        }
        return (s, e)
    }

    func classify(_ s: Int, _ e: Int) -> Kind {
        let (ls, le) = localName(s, e)
        let p = window.base + ls
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

    /// The index of the tag attribute named `name` (local name), or -1.
    @inline(__always) func tagAttribute(_ name: StaticString) -> Int {
        for a in 0..<attrCount {
            let (s, e) = localName(attrNameStart[a], attrNameEnd[a])
            if ByteScan.equals(window.base + s, e - s, name) { return a }
        }
        return -1
    }

    mutating func openElement(nameStart: Int, nameEnd: Int, selfClosing: Bool, at lt: Int) throws(EventLogError) {
        if rootClosed { throw error("an element after the end of the <log> element", at: lt) }
        var kind = classify(nameStart, nameEnd)
        let parent = kinds.last
        if parent == nil {
            if kind != .log {
                let name = String(decoding: UnsafeBufferPointer(start: window.base + nameStart, count: nameEnd - nameStart), as: UTF8.self)
                throw error("not an XES log: the root element is <\(name)>, expected <log>", at: lt)
            }
            sawRoot = true
        } else {
            // Only the structure XES defines counts; anything else is skipped with its content.
            switch kind {
            case .log: kind = .other
            case .trace: if parent != .log { kind = .other }
            case .event: if parent != .log && parent != .trace { kind = .other }
            case .global: if parent != .log { kind = .other }
            case .attribute, .other: break
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
            traceLine = lineAt(lt)
        case .event:
            eventLine = lineAt(lt)
            eventActivity = EventLog.none; eventResource = EventLog.none; eventGroup = EventLog.none
            eventRole = EventLog.none; eventCase = EventLog.none
            eventHasTime = false
            eventNaive = false
        default: break
        }
        if selfClosing {
            if kind == .event { try endEvent() }
            if kind == .trace { endTrace() }
            if kind == .log { rootClosed = true }
            return
        }
        kinds.append(kind)
        nameOffsets.append(names.count)
        openLines.append(kind == .event ? eventLine : kind == .trace ? traceLine : lineAt(lt))
        names.append(contentsOf: UnsafeBufferPointer(start: window.base + nameStart, count: nameEnd - nameStart))
    }

    mutating func closeElement(nameStart: Int, nameEnd: Int, at lt: Int) throws(EventLogError) {
        var closing: String {
            String(decoding: UnsafeBufferPointer(start: window.base + nameStart, count: nameEnd - nameStart), as: UTF8.self)
        }
        guard let kind = kinds.last else {
            throw error("closing tag </\(closing)> without an opening tag", at: lt)
        }
        let offset = nameOffsets[nameOffsets.count - 1]
        let length = names.count - offset
        let matches = length == nameEnd - nameStart
            && names.withUnsafeBufferPointer { memcmp($0.baseAddress! + offset, window.base + nameStart, length) == 0 }
        if !matches {
            let open = String(decoding: names[offset...], as: UTF8.self)
            throw error("closing tag </\(closing)> does not match <\(open)> opened on line \(openLines[openLines.count - 1])", at: lt)
        }
        kinds.removeLast()
        nameOffsets.removeLast()
        openLines.removeLast()
        names.removeSubrange(offset...)
        switch kind {
        case .event: try endEvent()
        case .trace: endTrace()
        case .log: rootClosed = true
        default: break
        }
    }

    // MARK: attributes

    /// The key and value ranges of the attribute element just read, or nil without both.
    @inline(__always) func keyAndValue() -> (key: Int, value: Int)? {
        let key = tagAttribute("key"), value = tagAttribute("value")
        if key < 0 || value < 0 { return nil }
        return (key, value)
    }

    @inline(__always) func keyIs(_ a: Int, _ key: [UInt8]) -> Bool {
        let n = attrValueEnd[a] - attrValueStart[a]
        return n == key.count && key.withUnsafeBufferPointer { memcmp($0.baseAddress!, window.base + attrValueStart[a], n) == 0 }
    }

    /// The bytes of the value of tag attribute `a`, entities decoded (then they sit in
    /// `scratch`, valid until the next call).
    mutating func value(_ a: Int) throws(EventLogError) -> (UnsafePointer<UInt8>, Int) {
        let s = attrValueStart[a], e = attrValueEnd[a]
        let b = window.base
        guard memchr(b + s, 0x26, e - s) != nil else { return (UnsafePointer(b + s), e - s) }
        if e - s > scratchCapacity {
            scratch.deallocate()
            scratchCapacity = e - s
            scratch = .allocate(capacity: scratchCapacity)
        }
        var n = 0
        var k = s
        while k < e {
            let c = b[k]
            if c != 0x26 { scratch[n] = c; n += 1; k += 1; continue }
            guard let found = memchr(b + k, 0x3B, min(e - k, 12)) else { scratch[n] = c; n += 1; k += 1; continue }
            let semi = UnsafeMutablePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - b
            let name = String(decoding: UnsafeBufferPointer(start: b + k + 1, count: semi - k - 1), as: UTF8.self)
            var scalar: UInt32?
            switch name {
            case "amp": scalar = 0x26
            case "lt": scalar = 0x3C
            case "gt": scalar = 0x3E
            case "quot": scalar = 0x22
            case "apos": scalar = 0x27
            case let ref where ref.hasPrefix("#x") || ref.hasPrefix("#X"): scalar = UInt32(ref.dropFirst(2), radix: 16)
            case let ref where ref.hasPrefix("#"): scalar = UInt32(ref.dropFirst(), radix: 10)
            default: scalar = nil
            }
            guard let code = scalar, let u = Unicode.Scalar(code) else {
                throw error("unknown entity \"&\(name);\"", at: k)
            }
            // A character reference takes at least 4 bytes (&#9;), its UTF-8 at most 4: it fits.
            for byte in String(Character(u)).utf8 { scratch[n] = byte; n += 1 }
            k = semi + 1
        }
        return (UnsafePointer(scratch), n)
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
            throw error("invalid UTF-8 in the value of \"\(String(decoding: key, as: UTF8.self))\"; the file must be UTF-8 encoded", at: attrValueStart[a])
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
