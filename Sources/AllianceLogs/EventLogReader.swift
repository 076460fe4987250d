/// Which attribute (CSV column, XES key, OCEL attribute) fills which column of an
/// `EventLog`. Nil keys are detected: PM4Py / XES names first (`case:concept:name`,
/// `concept:name`, `time:timestamp`, `org:resource`, `org:group`, `org:role`), then common
/// plain ones (`case_id`, `activity`, `timestamp`, `resource`).
public struct EventLogFields: Sendable, Equatable {
    public var caseKey: String?
    public var activityKey: String?
    public var timeKey: String?
    public var resourceKey: String?
    /// The attribute that names the partner (default `org:group`).
    public var partnerKey: String?
    public var roleKey: String?
    /// OCEL: the object type whose objects are the patients (cases).
    public var caseObjectType: String?
    /// OCEL: the object type whose related object names the partner, when the partner is
    /// not an event attribute.
    public var partnerObjectType: String?

    public init(
        caseKey: String? = nil, activityKey: String? = nil, timeKey: String? = nil, resourceKey: String? = nil,
        partnerKey: String? = nil, roleKey: String? = nil, caseObjectType: String? = nil,
        partnerObjectType: String? = nil
    ) {
        self.caseKey = caseKey
        self.activityKey = activityKey
        self.timeKey = timeKey
        self.resourceKey = resourceKey
        self.partnerKey = partnerKey
        self.roleKey = roleKey
        self.caseObjectType = caseObjectType
        self.partnerObjectType = partnerObjectType
    }
}

/// How to read a log.
public struct EventLogReadOptions: Sendable {
    /// Nil: from the extension (`.csv`, `.xes`, `.jsonocel`, `.json`, `.xmlocel`, each
    /// optionally `.gz`), else from the content.
    public var format: EventLogFormat?
    public var fields: EventLogFields
    /// Called now and then with (bytes read, total bytes if known); the CLI draws a bar.
    public var progress: (@Sendable (_ done: Int, _ total: Int?) -> Void)?

    public init(
        format: EventLogFormat? = nil, fields: EventLogFields = EventLogFields(),
        progress: (@Sendable (Int, Int?) -> Void)? = nil
    ) {
        self.format = format
        self.fields = fields
        self.progress = progress
    }
}

/// Reads an event log file of any supported format (`.gz` decompressed on the fly).
///
/// The format comes from `options.format`, else from the extension (`.csv`, `.tsv`, `.xes`,
/// `.jsonocel`, `.json`, `.xmlocel`, each optionally followed by `.gz`), else from the first
/// bytes: XML whose root `<log>` starts with `<object-types>`, `<event-types>`, `<objects>`
/// or `<events>` is OCEL 2.0 XML, other XML is XES, `{` is OCEL 2.0 JSON, anything else
/// CSV. Gzip data is recognised by its magic bytes whatever the name, so `-` (standard
/// input) may be gzipped too.
public enum EventLogReader {
    /// The format the extension of `path` names (after removing `.gz`), if any.
    public static func format(ofExtension path: String) -> EventLogFormat? {
        var name = path.lowercased()
        if name.hasSuffix(".gz") { name.removeLast(3) }
        if name.hasSuffix(".csv") || name.hasSuffix(".tsv") { return .csv }
        if name.hasSuffix(".xes") { return .xes }
        if name.hasSuffix(".jsonocel") || name.hasSuffix(".json") || name.hasSuffix(".xmlocel") { return .ocel }
        return nil
    }

    /// The format the first bytes of a file suggest: for `<`, OCEL when the root element
    /// `<log>` starts with an OCEL 2.0 XML part (`<object-types>`, `<event-types>`,
    /// `<objects>`, `<events>`), else XES; OCEL for `{`; else CSV.
    static func format(sniffing prefix: [UInt8]) -> EventLogFormat {
        if startsWithTag(prefix) {
            if let (root, child) = rootAndFirstChild(prefix), root == "log",
                let child, ["object-types", "event-types", "objects", "events"].contains(child)
            {
                return .ocel
            }
            return .xes
        }
        var i = 0
        if prefix.count >= 3, prefix[0] == 0xEF, prefix[1] == 0xBB, prefix[2] == 0xBF { i = 3 }
        while i < prefix.count, prefix[i] == 0x20 || prefix[i] == 0x09 || prefix[i] == 0x0A || prefix[i] == 0x0D { i += 1 }
        if i < prefix.count, prefix[i] == UInt8(ascii: "{") { return .ocel }
        return .csv
    }

    /// Whether the first byte after a byte order mark and white space is `<`.
    static func startsWithTag(_ prefix: [UInt8]) -> Bool {
        var i = 0
        if prefix.count >= 3, prefix[0] == 0xEF, prefix[1] == 0xBB, prefix[2] == 0xBF { i = 3 }
        while i < prefix.count, prefix[i] == 0x20 || prefix[i] == 0x09 || prefix[i] == 0x0A || prefix[i] == 0x0D { i += 1 }
        return i < prefix.count && prefix[i] == UInt8(ascii: "<")
    }

    /// The local names (namespace prefix removed) of the root element and of its first child
    /// element in the XML bytes `prefix` (nil child: none in the prefix); declarations,
    /// processing instructions, comments and a DOCTYPE are skipped.
    static func rootAndFirstChild(_ prefix: [UInt8]) -> (String, String?)? {
        var found: [String] = []
        var i = 0
        let n = prefix.count
        func starts(_ text: String, at k: Int) -> Bool {
            let bytes = Array(text.utf8)
            return k + bytes.count <= n && Array(prefix[k..<(k + bytes.count)]) == bytes
        }
        func skip(past text: String, from k: Int) -> Int {
            let bytes = Array(text.utf8)
            var j = k
            while j + bytes.count <= n {
                if Array(prefix[j..<(j + bytes.count)]) == bytes { return j + bytes.count }
                j += 1
            }
            return n
        }
        while i < n, found.count < 2 {
            guard prefix[i] == UInt8(ascii: "<") else { i += 1; continue }
            if starts("<!--", at: i) { i = skip(past: "-->", from: i + 4); continue }
            if starts("<?", at: i) { i = skip(past: "?>", from: i + 2); continue }
            if starts("<!", at: i) || starts("</", at: i) {
                var depth = 0
                i += 2
                while i < n, !(prefix[i] == UInt8(ascii: ">") && depth <= 0) {
                    if prefix[i] == UInt8(ascii: "[") { depth += 1 } else if prefix[i] == UInt8(ascii: "]") { depth -= 1 }
                    i += 1
                }
                continue
            }
            var j = i + 1
            while j < n, ![0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ">"), UInt8(ascii: "/")].contains(prefix[j]) { j += 1 }
            if j == n { break }
            let name = String(decoding: prefix[(i + 1)..<j], as: UTF8.self)
            found.append(String(name.split(separator: ":").last ?? ""))
            // A self-closing root has no children.
            var k = j
            while k < n, prefix[k] != UInt8(ascii: ">") { k += 1 }
            if found.count == 1, k > 0, k < n, prefix[k - 1] == UInt8(ascii: "/") { break }
            i = k
        }
        guard let root = found.first else { return nil }
        return (root, found.count > 1 ? found[1] : nil)
    }

    /// Whether `path` looks like an event log rather than a case file: an event-log
    /// extension (`.csv`, `.tsv`, `.xes`, `.jsonocel`, `.json`, `.xmlocel`, optionally `.gz`),
    /// or, for other names, gzip data, XML with a `<log` element, JSON with `objectTypes`,
    /// or a first line that has a case column the CSV reader detects. `.yaml` / `.yml`
    /// files are case files. `-` is not decided here (false).
    public static func isEventLog(path: String) -> Bool {
        let lower = path.lowercased()
        if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") { return false }
        if format(ofExtension: path) != nil { return true }
        if path == "-" { return false }
        guard let source = try? ByteSource(path: path) else { return false }
        if source.isGzip { return true }
        guard let prefix = try? source.peek(64 << 10) else { return false }
        let text = String(decoding: prefix, as: UTF8.self)
        switch format(sniffing: prefix) {
        case .xes: return text.contains("<log")
        case .ocel: return text.contains("\"objectTypes\"") || text.contains("\"eventTypes\"") || startsWithTag(prefix)
        case .csv:
            let firstLine = text.prefix { $0 != "\n" && $0 != "\r" }
            let columns = firstLine.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == "\t" }).map {
                $0.trimmingCharacters(in: " \"").lowercased()
            }
            return columns.count >= 3
                && columns.contains(where: { (CSVColumns.caseNames + CSVColumns.plainCaseNames).contains($0) })
        }
    }

    /// Reads the log at `path` (`-`: standard input).
    public static func read(path: String, options: EventLogReadOptions = EventLogReadOptions()) throws(EventLogError) -> EventLog {
        let source = try ByteSource(path: path)
        var format = options.format ?? (path == "-" ? nil : self.format(ofExtension: path))
        if format == nil { format = self.format(sniffing: try source.peek(64 << 10)) }
        switch format ?? .csv {
        case .csv: return try CSVLogReader.read(source: source, options: options)
        case .xes: return try XESLogReader.read(source: source, options: options)
        case .ocel: return try OCELLogReader.read(source: source, options: options)
        }
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var s = self
        while let c = s.first, set.contains(c) { s.removeFirst() }
        while let c = s.last, set.contains(c) { s.removeLast() }
        return String(s)
    }
}
