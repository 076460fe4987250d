import AllianceCore

/// An event log held column by column: one entry per event in each column, in the order the
/// file gave them, with every name interned once. A million events take about 30 MB.
///
/// Readers (`CSVLogReader`, `XESLogReader`, `OCELLogReader`) fill it; the metrics
/// (`HandoverOfWork`, `WorkingTogether`, `Routines`, all at once `LogMetrics`) and `LogCaseBuilder` read it.
/// Indices are `Int32`; `EventLog.none` (-1) marks a missing optional value.
///
/// ```swift
/// let log = try EventLogReader.read(path: "receipt.csv")
/// let byCase = log.caseOrder()                     // events grouped by case, in time order
/// ```
public struct EventLog: Sendable, Equatable {
    public static let none: Int32 = -1

    /// Where the events came from (a path, or `<stdin>`), for messages.
    public var source: String
    /// The file's format.
    public var format: EventLogFormat

    public var cases = NameTable()
    public var activities = NameTable()
    /// `org:resource`, or the column named for the actor.
    public var resources = NameTable()
    /// `org:group`, or the attribute named for the partner.
    public var groups = NameTable()
    /// `org:role`.
    public var roles = NameTable()

    /// Per event: index into `cases`.
    public var caseOf: [Int32] = []
    /// Per event: index into `activities`.
    public var activityOf: [Int32] = []
    /// Per event: index into `resources`, or `none`.
    public var resourceOf: [Int32] = []
    /// Per event: index into `groups`, or `none`.
    public var groupOf: [Int32] = []
    /// Per event: index into `roles`, or `none`.
    public var roleOf: [Int32] = []
    /// Per event: milliseconds since 1970-01-01T00:00:00Z.
    public var timeOf: [Int64] = []
    /// Per event: the line (CSV, XES) where it starts, for messages; 0 when unknown.
    public var lineOf: [Int32] = []

    /// Facts about the reading the user should be told once (naive timestamps read as UTC,
    /// rows skipped for a missing case, activity or time, with their first line numbers).
    public var notices: [String] = []

    public init(source: String, format: EventLogFormat) {
        self.source = source
        self.format = format
    }

    public var count: Int { caseOf.count }

    /// Appends one event (names already interned).
    public mutating func append(
        case caseIndex: Int32, activity: Int32, resource: Int32 = EventLog.none, group: Int32 = EventLog.none,
        role: Int32 = EventLog.none, time: Int64, line: Int32 = 0
    ) {
        caseOf.append(caseIndex)
        activityOf.append(activity)
        resourceOf.append(resource)
        groupOf.append(group)
        roleOf.append(role)
        timeOf.append(time)
        lineOf.append(line)
    }

    /// The events grouped by case and, within a case, ordered by time, ties kept in file
    /// order (a stable sort). Cases come in the order PM4Py sorts them: by case name as a
    /// string (byte order), so that tie-breaks and matrices agree with it.
    /// `ranges[c]` is the slice of `events` that holds case `caseOrderIndex[c]`.
    public func caseOrder() -> CaseOrder {
        let n = count
        let caseCount = cases.count
        // Counting sort by case, stable: file order kept within a case.
        var start = [Int](repeating: 0, count: caseCount + 1)
        for c in caseOf { start[Int(c) + 1] += 1 }
        for i in 0..<caseCount { start[i + 1] += start[i] }
        var fill = start
        var byCase = [Int32](repeating: 0, count: n)
        for e in 0..<n {
            let c = Int(caseOf[e])
            byCase[fill[c]] = Int32(e)
            fill[c] += 1
        }
        // Within a case, by time; the sort is stable on file order because ties compare indices.
        let times = timeOf
        for c in 0..<caseCount where start[c + 1] - start[c] > 1 {
            let range = start[c]..<start[c + 1]
            if !isSortedByTime(byCase[range], times) {
                byCase[range].sort { a, b in
                    let ta = times[Int(a)], tb = times[Int(b)]
                    return ta != tb ? ta < tb : a < b
                }
            }
        }
        let names = cases.names
        let order = (0..<caseCount).sorted { names[$0].utf8.lexicographicallyPrecedes(names[$1].utf8) }
        return CaseOrder(events: byCase, start: start, cases: order.map { Int32($0) })
    }

    private func isSortedByTime(_ slice: ArraySlice<Int32>, _ times: [Int64]) -> Bool {
        var previous = Int64.min
        for e in slice {
            let t = times[Int(e)]
            if t < previous { return false }
            previous = t
        }
        return true
    }
}

/// Events grouped by case (see `EventLog.caseOrder()`).
public struct CaseOrder: Sendable, Equatable {
    /// Event indices, case after case, each case's in time order.
    public var events: [Int32]
    /// `events[start[c]..<start[c + 1]]` are the events of case `c` (an index into `EventLog.cases`).
    public var start: [Int]
    /// Case indices in the order PM4Py visits them (by name).
    public var cases: [Int32]

    /// The events of case `c`, in time order.
    public func events(ofCase c: Int32) -> ArraySlice<Int32> {
        events[start[Int(c)]..<start[Int(c) + 1]]
    }
}

/// The formats an event log can be read from.
public enum EventLogFormat: String, Sendable, Equatable, CaseIterable {
    case csv, xes, ocel
}

/// Names interned to dense indices, in order of first appearance.
public struct NameTable: Sendable, Equatable {
    public private(set) var names: [String] = []
    private var index: [String: Int32] = [:]

    public init() {}

    public var count: Int { names.count }

    /// The index of `name`, adding it if new.
    public mutating func intern(_ name: String) -> Int32 {
        if let i = index[name] { return i }
        let i = Int32(names.count)
        names.append(name)
        index[name] = i
        return i
    }

    /// The index of `name`, if it was seen.
    public func lookup(_ name: String) -> Int32? { index[name] }

    public subscript(i: Int32) -> String { names[Int(i)] }
}

/// A problem reading a log: where (file, line and column, or byte offset for XML), what was
/// expected and what was found.
public struct EventLogError: Error, Sendable, Equatable, CustomStringConvertible {
    public var source: String
    /// 1-based line, or 0 when the position is a byte offset.
    public var line: Int
    public var column: Int
    /// Byte offset from the start of the (decompressed) file, when lines do not apply.
    public var byteOffset: Int?
    public var message: String

    public init(source: String, line: Int, column: Int, byteOffset: Int? = nil, message: String) {
        self.source = source
        self.line = line
        self.column = column
        self.byteOffset = byteOffset
        self.message = message
    }

    /// `receipt.csv:12:4: error: expected …`, `log.xes:12:4 (byte 1234): error: …` when both
    /// are known, or `log.xes: byte 1234: error: …`.
    public var description: String {
        if line > 0, let byteOffset { return "\(source):\(line):\(column) (byte \(byteOffset)): error: \(message)" }
        if line > 0 { return "\(source):\(line):\(column): error: \(message)" }
        if let byteOffset { return "\(source): byte \(byteOffset): error: \(message)" }
        return "\(source): error: \(message)"
    }
}
