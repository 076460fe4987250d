#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Reads a CSV event log (RFC 4180) in chunks, straight from bytes, into an `EventLog`.
///
/// - Columns: `EventLogFields` names them; unnamed ones are detected from the header, PM4Py /
///   XES names first (`case:concept:name`, `concept:name`, `time:timestamp`, `org:resource`,
///   `org:group`, `org:role`), then plain ones, case-insensitively (`case_id`, `activity`,
///   `timestamp`, `resource`, `group`, `role`; see `CSVColumns`).
/// - The delimiter is a comma, or `;` / tab when the header has no comma but one of those.
/// - Quoting per RFC 4180: quoted fields, doubled quotes, line breaks inside quotes, CRLF.
///   A quote inside an unquoted field, text after a closing quote, and a quote left open at
///   the end are errors with line and column (columns count bytes).
/// - Rows missing a case, an activity or a timestamp are skipped and reported in
///   `EventLog.notices` (how many, and the first line numbers). A row with fewer fields than
///   the header has its missing fields empty; one with more is an error. Blank lines are skipped.
/// - Timestamps: ISO 8601 (see `TimestampParser`); naive ones are read as UTC and one notice
///   says so; one that cannot be read is an error.
/// - Bytes must be UTF-8 (a BOM is skipped): others are an error with line and column.
/// - A record longer than `maxRecordBytes` is an error: memory stays bounded whatever the input.
public enum CSVLogReader {
    /// The longest record (line, or lines joined by quoted line breaks) read: 16 MB.
    public static let maxRecordBytes = 16 << 20

    /// Reads the CSV log at `path` (`-`: standard input; gzip data is inflated).
    public static func read(path: String, options: EventLogReadOptions = EventLogReadOptions()) throws(EventLogError) -> EventLog {
        let source = try ByteSource(path: path)
        return try read(source: source, options: options)
    }

    static func read(source: ByteSource, options: EventLogReadOptions) throws(EventLogError) -> EventLog {
        var parser = CSVParser(source: source, options: options)
        defer { parser.release() }
        return try parser.run()
    }
}

/// The header names the CSV reader detects, in the order it tries them.
public enum CSVColumns {
    public static let caseNames = ["case:concept:name"]
    public static let plainCaseNames = ["case_id", "case id", "caseid", "case"]
    public static let activityNames = ["concept:name"]
    public static let plainActivityNames = ["activity", "activity_name", "activity name"]
    public static let timeNames = ["time:timestamp"]
    public static let plainTimeNames = ["timestamp", "time", "complete_timestamp"]
    public static let resourceNames = ["org:resource"]
    public static let plainResourceNames = ["resource", "user"]
    public static let groupNames = ["org:group"]
    public static let plainGroupNames = ["group", "partner", "organisation", "organization"]
    public static let roleNames = ["org:role"]
    public static let plainRoleNames = ["role"]
}

/// Rows skipped for a missing value, and naive timestamps: what the notices say.
struct ReadingTally {
    var skipped = 0
    var skippedMissingCase = 0
    var skippedMissingActivity = 0
    var skippedMissingTime = 0
    var firstSkippedLines: [Int] = []
    var naive = 0
    var firstNaiveLine = 0

    mutating func skip(line: Int, missingCase: Bool, missingActivity: Bool, missingTime: Bool) {
        skipped += 1
        if missingCase { skippedMissingCase += 1 }
        if missingActivity { skippedMissingActivity += 1 }
        if missingTime { skippedMissingTime += 1 }
        if firstSkippedLines.count < 5 { firstSkippedLines.append(line) }
    }

    mutating func sawNaive(line: Int) {
        if naive == 0 { firstNaiveLine = line }
        naive += 1
    }

    /// `what`: "rows" (CSV) or "events" (XES, OCEL).
    func notices(what: String) -> [String] {
        var out: [String] = []
        if skipped > 0 {
            var parts: [String] = []
            if skippedMissingCase > 0 { parts.append("\(skippedMissingCase) without a case") }
            if skippedMissingActivity > 0 { parts.append("\(skippedMissingActivity) without an activity") }
            if skippedMissingTime > 0 { parts.append("\(skippedMissingTime) without a timestamp") }
            let lines = firstSkippedLines.map(String.init).joined(separator: ", ")
            let more = skipped > firstSkippedLines.count ? ", …" : ""
            let label = firstSkippedLines.count == 1 ? "line" : "lines"
            out.append("skipped \(skipped) \(skipped == 1 ? String(what.dropLast()) : what) (\(parts.joined(separator: ", "))): \(label) \(lines)\(more)")
        }
        if naive > 0 {
            out.append("\(naive) timestamp\(naive == 1 ? "" : "s") without a UTC offset read as UTC (first on line \(firstNaiveLine))")
        }
        return out
    }
}

/// A struct with mutating methods (not a class): its hot loops then pay no dynamic
/// exclusivity checks, which cost more than half the time.
struct CSVParser {
    var window: InputWindow
    let options: EventLogReadOptions
    var log: EventLog
    var delimiter: UInt8 = 0x2C
    /// Physical line (1-based) of the record being read.
    var line = 1
    // Per record: field content ranges (indices into the window) and whether a field holds
    // doubled quotes to undo. Sized to the header's column count.
    var fieldStart: UnsafeMutablePointer<Int>
    var fieldEnd: UnsafeMutablePointer<Int>
    var fieldEscaped: UnsafeMutablePointer<Bool>
    var columnCount = 0
    var fieldCount = 0
    var extraFieldAt = -1
    var sawQuote = false
    var scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    var scratchCapacity = 256
    var tally = ReadingTally()
    /// Following a log that is being appended to: a quote still open at the end of the data
    /// is a record not yet written whole, not an error.
    var tailMode = false
    /// Offset just past the last whole record read from the current source.
    var consumed = 0
    /// Following a log, after the first read: rows that cannot be read are collected in
    /// `skippedErrors` and passed over instead of ending the read.
    var skipBadRecords = false
    var skippedErrors: [EventLogError] = []

    var caseColumn = -1, activityColumn = -1, timeColumn = -1
    var resourceColumn = -1, groupColumn = -1, roleColumn = -1
    var caseNames = ByteInterner(), activityNames = ByteInterner(), resourceNames = ByteInterner()
    var groupNames = ByteInterner(), roleNames = ByteInterner()

    init(source: ByteSource, options: EventLogReadOptions) {
        window = InputWindow(source: source, limit: CSVLogReader.maxRecordBytes, progress: options.progress)
        self.options = options
        log = EventLog(source: source.name, format: .csv)
        fieldStart = .allocate(capacity: 1)
        fieldEnd = .allocate(capacity: 1)
        fieldEscaped = .allocate(capacity: 1)
    }

    func release() {
        fieldStart.deallocate()
        fieldEnd.deallocate()
        fieldEscaped.deallocate()
        scratch.deallocate()
        window.release()
        caseNames.release(); activityNames.release(); resourceNames.release()
        groupNames.release(); roleNames.release()
    }

    func error(_ message: String, line: Int, column: Int) -> EventLogError {
        EventLogError(source: log.source, line: line, column: column, message: message)
    }

    enum Scan { case record(next: Int), needMore, end }

    /// Line and column of window index `index` inside the record that starts at `start`.
    func position(of index: Int, recordStart start: Int) -> (line: Int, column: Int) {
        var l = line
        var lineStart = start
        var k = start
        let b = window.base
        while k < index {
            if b[k] == 0x0A { l += 1; lineStart = k + 1 }
            k += 1
        }
        return (l, index - lineStart + 1)
    }

    /// Finds the fields of the record that starts at `start`.
    mutating func scanRecord(at start: Int) throws(EventLogError) -> Scan {
        let b = window.base
        let end = window.end
        let eof = window.atEOF
        let delimiter = self.delimiter
        let delimiterWord = UInt64(delimiter) &* 0x0101_0101_0101_0101
        if start >= end { return eof ? .end : .needMore }
        var i = start
        var f = 0
        extraFieldAt = -1
        sawQuote = false
        while true {
            let fieldBegin = i
            var contentStart: Int
            var contentEnd: Int
            var escaped = false
            if i < end, b[i] == 0x22 {
                sawQuote = true
                contentStart = i + 1
                var j = i + 1
                while true {
                    guard let found = memchr(b + j, 0x22, end - j) else {
                        if !eof { return .needMore }
                        // Following a log: the rest of this record is still being written.
                        if tailMode { return .end }
                        let at = position(of: i, recordStart: start)
                        throw error("unterminated quoted field: the quote opened here is never closed", line: at.line, column: at.column)
                    }
                    let q = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - UnsafePointer(b)
                    if q + 1 >= end && !eof { return .needMore }
                    if q + 1 < end, b[q + 1] == 0x22 {
                        escaped = true
                        j = q + 2
                        continue
                    }
                    contentEnd = q
                    i = q + 1
                    break
                }
                if i < end {
                    let c = b[i]
                    if c != delimiter && c != 0x0A && c != 0x0D {
                        let at = position(of: i, recordStart: start)
                        throw error("unexpected character after a closing quote (a field's closing quote must be followed by a delimiter or the end of the line)", line: at.line, column: at.column)
                    }
                }
            } else {
                var j = i
                // Eight bytes at a time to the first delimiter, line break or quote (the
                // lowest flagged byte is exact: the borrow runs only towards higher bytes).
                let raw = UnsafeRawPointer(b)
                while j + 8 <= end {
                    let w = raw.loadUnaligned(fromByteOffset: j, as: UInt64.self)
                    let hit = Self.zeroBytes(w ^ delimiterWord) | Self.zeroBytes(w ^ 0x0A0A_0A0A_0A0A_0A0A)
                        | Self.zeroBytes(w ^ 0x0D0D_0D0D_0D0D_0D0D) | Self.zeroBytes(w ^ 0x2222_2222_2222_2222)
                    if hit != 0 {
                        j += hit.trailingZeroBitCount >> 3
                        break
                    }
                    j += 8
                }
                while j < end {
                    let c = b[j]
                    if c == delimiter || c == 0x0A || c == 0x0D || c == 0x22 { break }
                    j += 1
                }
                if j >= end && !eof { return .needMore }
                if j < end, b[j] == 0x22 {
                    let at = position(of: j, recordStart: start)
                    throw error("a quote inside an unquoted field (quote the whole field and double the quotes inside it)", line: at.line, column: at.column)
                }
                contentStart = i
                contentEnd = j
                i = j
            }
            if f < columnCount {
                fieldStart[f] = contentStart
                fieldEnd[f] = contentEnd
                fieldEscaped[f] = escaped
            } else if f == columnCount && extraFieldAt < 0 {
                extraFieldAt = fieldBegin
            }
            f += 1
            if i >= end {
                // Following a log: a record without its line break is still being written.
                if tailMode { return .end }
                // The data ends without a line break.
                fieldCount = f
                return .record(next: end)
            }
            let c = b[i]
            if c == delimiter {
                i += 1
                if i >= end && !eof { return .needMore }
                continue
            }
            fieldCount = f
            if c == 0x0A { return .record(next: i + 1) }
            // CR: CRLF, or a lone CR taken as a line break.
            if i + 1 >= end && !eof { return .needMore }
            if i + 1 >= end && tailMode { return .end }
            if i + 1 < end, b[i + 1] == 0x0A { return .record(next: i + 2) }
            return .record(next: i + 1)
        }
    }

    /// The high bit of each byte of `v` that is zero (and maybe of higher ones after it).
    @inline(__always)
    static func zeroBytes(_ v: UInt64) -> UInt64 { (v &- 0x0101_0101_0101_0101) & ~v & 0x8080_8080_8080_8080 }

    /// Runs `body` on the content of field `f` (doubled quotes undone).
    @inline(__always)
    mutating func field(_ f: Int) -> (UnsafePointer<UInt8>, Int) {
        let s = fieldStart[f], e = fieldEnd[f]
        if !fieldEscaped[f] { return (UnsafePointer(window.base + s), e - s) }
        if e - s > scratchCapacity {
            scratch.deallocate()
            scratchCapacity = e - s
            scratch = .allocate(capacity: scratchCapacity)
        }
        var k = s
        var n = 0
        let b = window.base
        while k < e {
            scratch[n] = b[k]
            n += 1
            k += b[k] == 0x22 ? 2 : 1
        }
        return (UnsafePointer(scratch), n)
    }

    /// Lines the record `[start, next)` spans (for the line counter).
    mutating func linesSpanned(_ start: Int, _ next: Int) -> Int {
        let b = window.base
        if !sawQuote {
            let last = b[next - 1]
            return last == 0x0A || last == 0x0D ? 1 : 0
        }
        var n = ByteScan.countNewlines(b + start, next - start)
        if b[next - 1] == 0x0D { n += 1 }
        return n
    }

    mutating func checkUTF8(_ start: Int, _ next: Int) throws(EventLogError) {
        if let bad = ByteScan.firstInvalidUTF8(window.base + start, next - start) {
            let at = position(of: start + bad, recordStart: start)
            throw error(String(format0x: window.base[start + bad]), line: at.line, column: at.column)
        }
    }

    mutating func run() throws(EventLogError) -> EventLog {
        var pos = 0
        _ = try window.refill(keeping: 0)
        if window.end == 0 {
            throw EventLogError(source: log.source, line: 0, column: 0, message: "the file is empty: expected a header line and events")
        }
        // A UTF-8 byte order mark.
        if window.end >= 3, window.base[0] == 0xEF, window.base[1] == 0xBB, window.base[2] == 0xBF { pos = 3 }
        sniffDelimiter(from: pos)
        // The header: read it with room for any number of columns.
        columnCount = 0
        var header: [String] = []
        while true {
            let headerStart = pos
            switch try scanHeader(at: pos) {
            case .needMore:
                guard let shift = try window.refill(keeping: pos) else {
                    throw error("a header line longer than \(CSVLogReader.maxRecordBytes >> 20) MB", line: 1, column: 1)
                }
                pos -= shift
                continue
            case .end:
                throw EventLogError(source: log.source, line: 0, column: 0, message: "the file is empty: expected a header line and events")
            case .record(let next, let names):
                try checkUTF8(headerStart, next)
                header = names
                line += linesSpanned(headerStart, next)
                pos = next
            }
            break
        }
        try assignColumns(header)
        consumed = window.baseOffset + pos
        columnCount = header.count
        fieldStart.deallocate(); fieldEnd.deallocate(); fieldEscaped.deallocate()
        fieldStart = .allocate(capacity: columnCount)
        fieldEnd = .allocate(capacity: columnCount)
        fieldEscaped = .allocate(capacity: columnCount)
        if let size = window.source.totalBytes, size > 0 {
            let estimate = size / 90
            log.caseOf.reserveCapacity(estimate); log.activityOf.reserveCapacity(estimate)
            log.timeOf.reserveCapacity(estimate); log.lineOf.reserveCapacity(estimate)
            log.resourceOf.reserveCapacity(estimate); log.groupOf.reserveCapacity(estimate)
            log.roleOf.reserveCapacity(estimate)
        }

        try readRecords(from: pos)
        window.reportProgress(final: true)
        log.notices += tally.notices(what: "rows")
        if log.count == 0 && !tailMode {
            let why = tally.skipped > 0 ? " (\(tally.notices(what: "rows")[0]))" : ""
            throw EventLogError(source: log.source, line: 0, column: 0, message: "no events: the file has a header but no event rows\(why)")
        }
        return log
    }

    /// Reads the records from `pos` to the end of the window's source. `consumed` ends as
    /// the offset (in this source) just past the last whole record.
    mutating func readRecords(from position: Int) throws(EventLogError) {
        var pos = position
        while true {
            let start = pos
            switch try scanRecord(at: pos) {
            case .needMore:
                guard let shift = try window.refill(keeping: pos) else {
                    throw error("a record longer than \(CSVLogReader.maxRecordBytes >> 20) MB (the limit; is this a CSV file?)", line: line, column: 1)
                }
                pos -= shift
                continue
            case .end:
                break
            case .record(let next):
                do {
                    try checkUTF8(start, next)
                    try addEvent(recordStart: start, next: next)
                } catch {
                    // Following a log: a bad row is reported and passed over, so one row
                    // another system wrote wrong does not stop the feed.
                    guard skipBadRecords else { throw error }
                    skippedErrors.append(error)
                }
                line += linesSpanned(start, next)
                pos = next
                consumed = window.baseOffset + next
                continue
            }
            break
        }
    }

    /// Following a log: reads the records in `source` (the bytes appended since the last
    /// read, cut after a line break) into `log`; returns how many bytes of it were whole
    /// records (a record still being written is read again next time).
    mutating func readMore(_ source: ByteSource) throws(EventLogError) -> Int {
        window.release()
        window = InputWindow(source: source, limit: CSVLogReader.maxRecordBytes, progress: nil)
        consumed = 0
        _ = try window.refill(keeping: 0)
        let before = tally
        try readRecords(from: 0)
        if tally.skipped != before.skipped || tally.naive != before.naive {
            log.notices = tally.notices(what: "rows")
        }
        return consumed
    }

    mutating func addEvent(recordStart start: Int, next: Int) throws(EventLogError) {
        // A blank line.
        if fieldCount == 1 && fieldEnd[0] == fieldStart[0] && !sawQuote { return }
        if extraFieldAt >= 0 {
            let at = position(of: extraFieldAt, recordStart: start)
            throw error("this row has \(fieldCount) fields, the header has \(columnCount)", line: at.line, column: at.column)
        }
        let n = fieldCount
        let hasCase = caseColumn < n && fieldEnd[caseColumn] > fieldStart[caseColumn]
        let hasActivity = activityColumn < n && fieldEnd[activityColumn] > fieldStart[activityColumn]
        let hasTime = timeColumn < n && fieldEnd[timeColumn] > fieldStart[timeColumn]
        if !(hasCase && hasActivity && hasTime) {
            tally.skip(line: line, missingCase: !hasCase, missingActivity: !hasActivity, missingTime: !hasTime)
            return
        }
        let (tp, tn) = field(timeColumn)
        guard let time = TimestampParser.parse(tp, tn) else {
            let at = position(of: fieldStart[timeColumn], recordStart: start)
            let text = String(decoding: UnsafeBufferPointer(start: tp, count: min(tn, 60)), as: UTF8.self)
            throw error("column \"\(headerName(timeColumn))\": cannot read \"\(text)\" as a timestamp (expected ISO 8601, e.g. 2011-10-11 13:45:40.276+02:00)", line: at.line, column: at.column)
        }
        if time.naive { tally.sawNaive(line: line) }
        // Records were checked to be UTF-8, so interning cannot fail (`?? none` never applies).
        var (p, count) = field(caseColumn)
        let caseIndex = ByteInterner.intern(&caseNames, &log.cases, p, count) ?? EventLog.none
        (p, count) = field(activityColumn)
        let activity = ByteInterner.intern(&activityNames, &log.activities, p, count) ?? EventLog.none
        var resource = EventLog.none, group = EventLog.none, role = EventLog.none
        if resourceColumn >= 0, resourceColumn < n, fieldEnd[resourceColumn] > fieldStart[resourceColumn] {
            (p, count) = field(resourceColumn)
            resource = ByteInterner.intern(&resourceNames, &log.resources, p, count) ?? EventLog.none
        }
        if groupColumn >= 0, groupColumn < n, fieldEnd[groupColumn] > fieldStart[groupColumn] {
            (p, count) = field(groupColumn)
            group = ByteInterner.intern(&groupNames, &log.groups, p, count) ?? EventLog.none
        }
        if roleColumn >= 0, roleColumn < n, fieldEnd[roleColumn] > fieldStart[roleColumn] {
            (p, count) = field(roleColumn)
            role = ByteInterner.intern(&roleNames, &log.roles, p, count) ?? EventLog.none
        }
        log.append(
            case: caseIndex, activity: activity, resource: resource, group: group, role: role,
            time: time.milliseconds, line: Int32(truncatingIfNeeded: line))
    }

    var headerNames: [String] = []
    func headerName(_ column: Int) -> String { column < headerNames.count ? headerNames[column] : "\(column + 1)" }

    mutating func sniffDelimiter(from pos: Int) {
        let b = window.base
        var commas = 0, semicolons = 0, tabs = 0
        var quoted = false
        var k = pos
        while k < window.end {
            let c = b[k]
            if c == 0x22 { quoted.toggle() }
            else if !quoted {
                if c == 0x0A || c == 0x0D { break }
                if c == 0x2C { commas += 1 } else if c == 0x3B { semicolons += 1 } else if c == 0x09 { tabs += 1 }
            }
            k += 1
        }
        if commas == 0 {
            if semicolons > 0 { delimiter = 0x3B } else if tabs > 0 { delimiter = 0x09 }
        }
    }

    enum HeaderScan { case record(next: Int, names: [String]), needMore, end }

    /// The header record, with as many fields as it has.
    mutating func scanHeader(at pos: Int) throws(EventLogError) -> HeaderScan {
        var capacity = 16
        while true {
            columnCount = capacity
            fieldStart.deallocate(); fieldEnd.deallocate(); fieldEscaped.deallocate()
            fieldStart = .allocate(capacity: capacity)
            fieldEnd = .allocate(capacity: capacity)
            fieldEscaped = .allocate(capacity: capacity)
            switch try scanRecord(at: pos) {
            case .needMore: return .needMore
            case .end: return .end
            case .record(let next):
                if fieldCount > capacity {
                    capacity = fieldCount
                    continue
                }
                if fieldCount == 1 && fieldEnd[0] == fieldStart[0] && !sawQuote {
                    throw error("the header line is empty: expected column names", line: line, column: 1)
                }
                var names: [String] = []
                for f in 0..<fieldCount {
                    let (p, n) = field(f)
                    names.append(String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self))
                }
                return .record(next: next, names: names)
            }
        }
    }

    mutating func assignColumns(_ header: [String]) throws(EventLogError) {
        headerNames = header
        let fields = options.fields
        let listing = header.map { "\"\($0)\"" }.joined(separator: ", ")
        func named(_ key: String?, _ names: [String], _ plain: [String], role: String, required: Bool) throws(EventLogError) -> Int {
            if let key {
                if let i = header.firstIndex(of: key) { return i }
                if let i = header.firstIndex(where: { $0.lowercased() == key.lowercased() }) { return i }
                throw error("no column named \"\(key)\" (for the \(role)); the header has: \(listing)", line: 1, column: 1)
            }
            for name in names { if let i = header.firstIndex(of: name) { return i } }
            for name in plain { if let i = header.firstIndex(where: { $0.lowercased() == name }) { return i } }
            if required {
                let tried = (names + plain).map { "\"\($0)\"" }.joined(separator: ", ")
                throw error("no \(role) column: the header has none of \(tried); name the column in the mapping. The header has: \(listing)", line: 1, column: 1)
            }
            return -1
        }
        caseColumn = try named(fields.caseKey, CSVColumns.caseNames, CSVColumns.plainCaseNames, role: "case", required: true)
        activityColumn = try named(fields.activityKey, CSVColumns.activityNames, CSVColumns.plainActivityNames, role: "activity", required: true)
        timeColumn = try named(fields.timeKey, CSVColumns.timeNames, CSVColumns.plainTimeNames, role: "timestamp", required: true)
        resourceColumn = try named(fields.resourceKey, CSVColumns.resourceNames, CSVColumns.plainResourceNames, role: "resource", required: false)
        groupColumn = try named(fields.partnerKey, CSVColumns.groupNames, CSVColumns.plainGroupNames, role: "partner", required: false)
        roleColumn = try named(fields.roleKey, CSVColumns.roleNames, CSVColumns.plainRoleNames, role: "role", required: false)
    }
}

extension String {
    /// "invalid UTF-8 (byte 0xE9)".
    init(format0x byte: UInt8) {
        let hex = String(byte, radix: 16, uppercase: true)
        self = "invalid UTF-8 (byte 0x\(hex.count == 1 ? "0" + hex : hex)); the file must be UTF-8 encoded"
    }
}
