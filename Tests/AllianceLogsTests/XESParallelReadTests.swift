import Foundation
import Synchronization
import Testing
@testable import AllianceLogs

/// The two-part read of big XES files (`XESParallelRead`), forced on small files: it must give
/// what the sequential read gives, column by column, error by error.
@Suite struct XESParallelReadTests {
    static func size(_ path: String) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
    }

    /// The log read in two parts (nil: it did not split safely).
    static func parallel(_ path: String, options: EventLogReadOptions = EventLogReadOptions()) throws -> EventLog? {
        try XESParallelRead.readInParts(path: path, size: size(path), options: options)
    }

    /// The log read sequentially (small files are under the threshold).
    static func sequential(_ path: String, options: EventLogReadOptions = EventLogReadOptions()) throws -> EventLog {
        try XESLogReader.read(path: path, options: options)
    }

    /// The error each read raises (nil: it read; "fallback": the two-part read declined).
    static func errors(_ path: String) throws -> (parallel: EventLogError?, sequential: EventLogError?) {
        var p: EventLogError?, s: EventLogError?
        do { if try parallel(path) == nil { Issue.record("the two-part read fell back") } } catch { p = error as? EventLogError }
        do { _ = try sequential(path) } catch { s = error as? EventLogError }
        return (p, s)
    }

    static func expectSame(_ a: EventLog, _ b: EventLog) {
        #expect(a.source == b.source)
        #expect(a.cases.names == b.cases.names)
        #expect(a.activities.names == b.activities.names)
        #expect(a.resources.names == b.resources.names)
        #expect(a.groups.names == b.groups.names)
        #expect(a.roles.names == b.roles.names)
        #expect(a.caseOf == b.caseOf)
        #expect(a.activityOf == b.activityOf)
        #expect(a.resourceOf == b.resourceOf)
        #expect(a.groupOf == b.groupOf)
        #expect(a.roleOf == b.roleOf)
        #expect(a.timeOf == b.timeOf)
        #expect(a.lineOf == b.lineOf)
        #expect(a.notices == b.notices)
        let same = a == b  // all of it (the tables' indexes too), without printing both logs
        #expect(same)
    }

    /// A synthetic XES log of `traces` traces, each of `events` events; each trace on one line
    /// when `oneLine`. Names differ between the halves (some only in the second), so the name
    /// tables must be merged, not concatenated.
    static func log(traces: Int, events: Int = 3, oneLine: Bool = false, root: String = "log", prefix: String = "",
                    event extra: (Int, Int) -> String = { _, _ in "" }, trace traceExtra: (Int) -> String = { _ in "" }) -> String {
        let nl = oneLine ? "" : "\n    "
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- a <trace> in a comment before the root -->\n"
        text += "<\(prefix)\(root) xes.version=\"1849-2016\" note=\"a > in a value\">\n"
        text += "  <\(prefix)string key=\"concept:name\" value=\"synthetic\"/>\n"
        for t in 0..<traces {
            text += "  <\(prefix)trace>\(nl)<\(prefix)string key=\"concept:name\" value=\"case-\(t)\"/>\(traceExtra(t))"
            for e in 0..<events {
                let activity = "act-\((t * 7 + e) % (t < traces / 2 ? 3 : 6))"
                let resource = "res-\((t + e) % (t < traces / 2 ? 2 : 5))"
                let time = String(format: "2024-01-%02dT%02d:%02d:00.000+01:00", 1 + t % 28, e % 24, t % 60)
                text += "\(nl)<\(prefix)event>\(nl)  <\(prefix)string key=\"concept:name\" value=\"\(activity)\"/>"
                text += "\(nl)  <\(prefix)date key=\"time:timestamp\" value=\"\(time)\"/>"
                text += "\(nl)  <\(prefix)string key=\"org:resource\" value=\"\(resource)\"/>"
                if t % 4 == 1 { text += "\(nl)  <\(prefix)string key=\"org:group\" value=\"group-\(t % 3)\"/>" }
                text += extra(t, e)
                text += "\(nl)</\(prefix)event>"
            }
            text += "\(oneLine ? "" : "\n  ")</\(prefix)trace>\n"
        }
        text += "</\(prefix)\(root)>\n"
        return text
    }

    static func write(_ text: String) throws -> String { try LogFixtures.temporary("log.xes", text) }

    /// The split the two-part read would use for `path`.
    static func split(_ path: String) throws -> Int {
        try #require(try XESParallelRead.plan(path: path, size: size(path))).split
    }

    /// `text` with the first `old` at or after byte `from` replaced by `new` (the same length,
    /// so the split does not move).
    static func replacing(_ text: String, _ old: String, with new: String, after from: Int) throws -> String {
        #expect(old.utf8.count == new.utf8.count)
        var bytes = Array(text.utf8)
        let o = Array(old.utf8)
        let at = try #require((from...(bytes.count - o.count)).first { Array(bytes[$0..<$0 + o.count]) == o })
        bytes.replaceSubrange(at..<at + o.count, with: Array(new.utf8))
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: the same log

    @Test func runningExample() throws {
        let path = LogFixtures.path("running-example.xes")
        // Six traces in 15,891 bytes: the second part starts at the fifth, on line 228.
        #expect(try XESParallelRead.plan(path: path, size: Self.size(path)) == XESParallelRead.Plan(rootName: Array("log".utf8), rootLine: 2, split: 9534))
        let p = try #require(try Self.parallel(path))
        let s = try Self.sequential(path)
        Self.expectSame(p, s)
        #expect(p.count == 42)
    }

    @Test func tiny() throws {
        let path = LogFixtures.path("tiny.xes")
        #expect(try Self.split(path) == 1982)
        let p = try #require(try Self.parallel(path))
        Self.expectSame(p, try Self.sequential(path))
        #expect(p.lineOf == [15, 23, 31, 42, 49])
    }

    @Test(.enabled(if: genLogScript != nil, "python3 or ../shared/tools/gen_log.py is missing"))
    func generatedLog() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("alliance-genlog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [genLogScript!, "--cases", "200", "--xes", "--out", dir.appendingPathComponent("log").path]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        let path = dir.appendingPathComponent("log.xes").path
        let p = try #require(try Self.parallel(path))
        let s = try Self.sequential(path)
        Self.expectSame(p, s)
        #expect(s.count == 20269)
        // Both parts hold events.
        let splitLine = 1 + (try Data(contentsOf: URL(fileURLWithPath: path)).prefix(Self.split(path)).filter { $0 == 0x0A }.count)
        #expect(p.lineOf.contains { $0 < splitLine } && p.lineOf.contains { $0 > splitLine })
    }

    @Test func prefixedNames() throws {
        let path = try Self.write(Self.log(traces: 20, root: "log", prefix: "xes:"))
        let p = try #require(try Self.parallel(path))
        Self.expectSame(p, try Self.sequential(path))
        #expect(p.count == 60)
    }

    @Test func noticesOnceForTheWholeLog() throws {
        // Naive times and skipped events in both halves, a trace without a case in the second.
        let text = Self.log(traces: 40, event: { t, e in
            e == 1 && t % 10 == 3 ? "\n      <date key=\"time:timestamp\" value=\"2024-02-01T10:00:00\"/>" : ""
        }, trace: { t in t == 35 ? "<string key=\"note\" value=\"x\"/>" : "" })
        var edited = text.replacingOccurrences(of: "value=\"case-35\"", with: "value=\"\"")  // an empty case is a case
        edited = edited.replacingOccurrences(of: "<string key=\"concept:name\" value=\"case-37\"/>", with: "")
        edited = edited.replacingOccurrences(of: "<string key=\"concept:name\" value=\"act-5\"/>", with: "")
        let path = try Self.write(edited)
        let p = try #require(try Self.parallel(path))
        let s = try Self.sequential(path)
        Self.expectSame(p, s)
        #expect(s.notices == [
            "skipped 13 events (3 without a case, 10 without an activity): lines 414, 428, 441, 527, 540, …",
            "4 timestamps without a UTC offset read as UTC (first on line 69)",
        ])
        // Naive times in the second part only: the first one's line is the file's.
        let late = try Self.write(Self.log(traces: 40, event: { t, e in
            e == 2 && t >= 33 ? "\n      <date key=\"time:timestamp\" value=\"2024-02-01T10:00:00\"/>" : ""
        }))
        let p2 = try #require(try Self.parallel(late))
        let s2 = try Self.sequential(late)
        Self.expectSame(p2, s2)
        #expect(s2.notices == ["7 timestamps without a UTC offset read as UTC (first on line 637)"])
        let splitLine = 1 + (try Data(contentsOf: URL(fileURLWithPath: late)).prefix(Self.split(late)).filter { $0 == 0x0A }.count)
        #expect(splitLine == 398)
    }

    @Test func progressIsTheSumOfBothParts() throws {
        let path = LogFixtures.path("running-example.xes")
        let size = try Self.size(path)
        let calls = Mutex<[Int]>([])
        let options = EventLogReadOptions(progress: { done, total in
            #expect(total == size)
            calls.withLock { $0.append(done) }
        })
        _ = try #require(try Self.parallel(path, options: options))
        let seen = calls.withLock { $0 }
        #expect(seen.last == size)
        #expect(seen == seen.sorted())
        #expect(seen.count >= 3)  // each part once at its end, and the total
    }

    // MARK: errors

    @Test func errorOnTheSplitLine() throws {
        // One trace a line: an unreadable time on the line where the second part starts, so
        // its column counts from before the split.
        let text = Self.log(traces: 30, oneLine: true)
        let at = try Self.split(try Self.write(text))
        let path = try Self.write(try Self.replacing(text, "2024-01-", with: "2024-13-", after: at))
        let (p, s) = try Self.errors(path)
        let error = try #require(s)
        #expect(p == error)
        #expect(error.byteOffset! > at)
        #expect(error.description == "\(path):20:107 (byte 9425): error: attribute \"time:timestamp\": cannot read \"2024-13-16T00:15:00.000+01:00\" as a time (expected xs:dateTime, e.g. 2011-10-11T13:45:40.276+02:00)")
        #expect(at == 9321)
    }

    @Test func mismatchedTagInTheSecondPart() throws {
        let text = Self.log(traces: 30)
        let at = try Self.split(try Self.write(text))
        let path = try Self.write(try Self.replacing(text, "</event>", with: "</evenx>", after: at + 2000))
        let (p, s) = try Self.errors(path)
        let error = try #require(s)
        #expect(p == error)
        #expect(error.byteOffset! > at)
        #expect(error.description == "\(path):342:5 (byte 12722): error: closing tag </evenx> does not match <event> opened on line 337")
    }

    @Test func truncatedSecondPart() throws {
        let text = Self.log(traces: 30)
        // Cut inside the last trace, and after it (the root left open).
        let inTrace = try Self.write(String(text.dropLast(200)))
        let (p1, s1) = try Self.errors(inTrace)
        #expect(p1 == s1)
        #expect(s1?.description == "\(inTrace):564:2 (byte 20877): error: truncated: the file ends inside <event> (opened on line 562)")
        let noRootEnd = try Self.write(String(text.dropLast("</log>\n".count)))
        let (p2, s2) = try Self.errors(noRootEnd)
        #expect(p2 == s2)
        #expect(s2?.description == "\(noRootEnd):569:1 (byte 21070): error: truncated: the file ends inside <log> (opened on line 3)")
    }

    @Test func anErrorInTheFirstPartWins() throws {
        let text = Self.log(traces: 30)
        let at = try Self.split(try Self.write(text))
        var edited = try Self.replacing(text, "2024-01-", with: "2024-00-", after: 0)
        edited = try Self.replacing(edited, "</event>", with: "</evenx>", after: at + 10)
        let path = try Self.write(edited)
        let (p, s) = try Self.errors(path)
        let error = try #require(s)
        #expect(p == error)
        #expect(error.byteOffset! < at)
        #expect(error.description == "\(path):9:7 (byte 313): error: attribute \"time:timestamp\": cannot read \"2024-00-01T00:00:00.000+01:00\" as a time (expected xs:dateTime, e.g. 2011-10-11T13:45:40.276+02:00)")
    }

    // MARK: falling back

    /// A log whose middle falls inside `inner` (repeated), which trace 2 holds after its case.
    static func logWithBigMiddle(_ open: String, _ inner: String, _ close: String) -> (text: String, range: Range<Int>) {
        let padding = String(repeating: inner, count: 2000)
        let text = Self.log(traces: 4, trace: { t in t == 2 ? open + padding + close : "" })
        let bytes = Array(text.utf8)
        let o = Array(open.utf8)
        let start = (0...(bytes.count - o.count)).first { Array(bytes[$0..<$0 + o.count]) == o }!
        return (text, start..<(start + o.count + padding.utf8.count + close.utf8.count))
    }

    @Test func aSplitInsideACommentFallsBack() throws {
        // The first `<trace` after the middle, after a '>', sits in a comment.
        let (text, comment) = Self.logWithBigMiddle("<!-- old:", " >\n  <trace>", " -->")
        let path = try Self.write(text)
        #expect(comment.contains(try Self.split(path)))
        #expect(try Self.parallel(path) == nil)
        // Read the ordinary way with the threshold lowered: the sequential read's log.
        let source = try ByteSource(path: path)
        #expect(try XESParallelRead.readIfLarge(source: source, options: EventLogReadOptions(), threshold: 0) == nil)
        #expect(try EventLogReader.read(path: path).count == 12)
    }

    @Test func aSplitInsideAnAttributeValueFallsBack() throws {
        let (text, value) = Self.logWithBigMiddle("<string key=\"note\" value=\"", "a >\n  <trace ", "\"/>")
        let path = try Self.write(text)
        #expect(value.contains(try Self.split(path)))
        #expect(try Self.parallel(path) == nil)
        #expect(try Self.sequential(path).count == 12)
    }

    @Test func aSplitInsideCDATAFallsBack() throws {
        let (text, cdata) = Self.logWithBigMiddle("<![CDATA[", "</x>\n<trace>", "]]>")
        let path = try Self.write(text)
        #expect(cdata.contains(try Self.split(path)))
        #expect(try Self.parallel(path) == nil)
        #expect(try Self.sequential(path).count == 12)
    }

    @Test func eventsDirectlyUnderTheLogFallBack() throws {
        // A trace-less event without a case in the second part takes the log's name as its case.
        var text = Self.log(traces: 10)
        text = text.replacingOccurrences(of: "</log>", with: "<event><string key=\"concept:name\" value=\"loose\"/><date key=\"time:timestamp\" value=\"2024-01-01T00:00:00Z\"/></event>\n</log>")
        let path = try Self.write(text)
        #expect(try Self.parallel(path) == nil)
        #expect(try Self.sequential(path).cases.names.last == "synthetic")
    }

    @Test func eventsUnderTheLogWithACaseAreMerged() throws {
        // Events directly under <log> that name their case need nothing from the other part.
        func loose(_ c: String, _ a: String) -> String {
            "  <event><string key=\"case:concept:name\" value=\"\(c)\"/><string key=\"concept:name\" value=\"\(a)\"/><date key=\"time:timestamp\" value=\"2024-01-01T00:00:00Z\"/></event>\n"
        }
        var text = Self.log(traces: 20)
        text = text.replacingOccurrences(of: "  <trace>", with: loose("case-3", "early") + "  <trace>", options: [], range: text.range(of: "  <trace>"))
        text = text.replacingOccurrences(of: "</log>", with: loose("case-new", "late") + loose("case-3", "early") + "</log>")
        let path = try Self.write(text)
        let p = try #require(try Self.parallel(path))
        let s = try Self.sequential(path)
        Self.expectSame(p, s)
        #expect(s.count == 63)
        #expect(s.cases.names.last == "case-new")
        #expect(s.activities.names.first == "early" && s.activities.names.last == "late")
    }

    @Test func noTraceAfterTheMiddleFallsBack() throws {
        let text = Self.log(traces: 2).replacingOccurrences(of: "</log>", with: "<!--\(String(repeating: "padding ", count: 200))-->\n</log>")
        let path = try Self.write(text)
        #expect(try XESParallelRead.plan(path: path, size: Self.size(path)) == nil)
        #expect(try Self.parallel(path) == nil)
    }

    @Test func gzipAndSmallFilesAreNotSplit() throws {
        let path = LogFixtures.path("running-example.xes")
        #expect(try XESParallelRead.readIfLarge(source: ByteSource(path: path), options: EventLogReadOptions()) == nil)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let gz = try LogFixtures.temporary("log.xes.gz", gzip(Array(bytes)))
        #expect(try XESParallelRead.readIfLarge(source: ByteSource(path: gz), options: EventLogReadOptions(), threshold: 0) == nil)
        #expect(try XESParallelRead.readIfLarge(source: ByteSource(path: path), options: EventLogReadOptions(), threshold: 0) != nil)
    }
}
