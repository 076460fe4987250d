#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

/// Reads a big plain XES file on two threads: the file is split at the start of a `<trace>`
/// near its middle, each half is read by the ordinary `XESParser` (the second one starting
/// inside `<log>`), and the two `EventLog`s are merged into exactly what a sequential read
/// gives: the same name tables (in order of first appearance), events, line numbers,
/// notices and errors.
///
/// The split is only a guess until the first half has been read: a `<trace` found by
/// searching bytes could sit inside a comment, a CDATA section or an attribute value. The
/// first half then proves it: the split is safe exactly when that half ends between tags
/// with nothing but the root `<log>` open (the state a sequential read is in at that byte).
/// Anything else (the half ends inside a tag, the root is not what the header scan found,
/// events sit directly under `<log>` without a case) and the file is read sequentially.
///
/// Errors: an error in the first half is the sequential read's first error (it read the same
/// bytes from the same state). An error in the second half is re-read from that half with its
/// real starting line, so its line, column, byte offset and message (which may name the line
/// an element was opened on) are the sequential read's too. Each half holds its own window
/// (4 MB, up to the 16 MB tag limit): memory stays bounded.
enum XESParallelRead {
    /// Files from this size on are read in two parts (when the machine has two cores).
    static let threshold = 32 << 20

    /// Reads the plain file behind `source` in two parts when it is a regular file of at least
    /// `threshold` bytes (not gzip, not standard input) on a machine with two cores or more;
    /// nil when it is not, or does not split safely (the caller reads it sequentially).
    static func readIfLarge(source: ByteSource, options: EventLogReadOptions, threshold: Int = XESParallelRead.threshold) throws(EventLogError) -> EventLog? {
        guard let path = source.filePath, !source.isGzip, let size = source.totalBytes, size >= threshold else { return nil }
        guard sysconf(Int32(_SC_NPROCESSORS_ONLN)) >= 2 else { return nil }
        return try readInParts(path: path, size: size, options: options)
    }

    /// Where to split a file, and what the second part needs to know of the first.
    struct Plan: Equatable {
        /// The root element's name as written (`log`, `xes:log`) and the line of its start tag.
        var rootName: [UInt8]
        var rootLine: Int
        /// File offset of the `<trace` that starts the second part.
        var split: Int
    }

    /// Reads the regular plain file `path` (`size` bytes) in two parts on two threads; nil when
    /// it has no safe split (the caller reads it sequentially).
    static func readInParts(path: String, size: Int, options: EventLogReadOptions) throws(EventLogError) -> EventLog? {
        guard let plan = try plan(path: path, size: size) else { return nil }
        let progress = options.progress.map { PartProgress(total: size, report: $0) }

        // The second part on its own thread, its lines counted from 1 (shifted afterwards).
        let second = SecondPart()
        var secondOptions = options
        secondOptions.progress = progress.map { p in { @Sendable done, _ in p.update(part: 1, done: done) } }
        let secondSpec = XESPart(
            root: XESPart.Root(name: plan.rootName, line: plan.rootLine), endsInsideRoot: false,
            firstLine: 1, firstLineStart: plan.split, startOffset: plan.split)
        let sendableOptions = secondOptions
        let thread = Worker.start {
            second.result = readPart(path: path, range: plan.split..<size, options: sendableOptions, spec: secondSpec)
        }

        // The first part here.
        var firstOptions = options
        firstOptions.progress = progress.map { p in { @Sendable done, _ in p.update(part: 0, done: done) } }
        let firstSource: ByteSource
        do {
            firstSource = try ByteSource(path: path, range: 0..<plan.split)
        } catch {
            thread.join()
            throw error
        }
        var first = XESParser(
            source: firstSource, options: firstOptions,
            part: XESPart(root: nil, endsInsideRoot: true, firstLine: 1, firstLineStart: 0, startOffset: 0))
        defer { first.release() }
        var firstError: EventLogError?
        do { try first.scan() } catch { firstError = error }
        thread.join()

        if let firstError {
            // Ending inside a tag is the split's fault, not the file's.
            if first.xml.endedInsideTag { return nil }
            throw firstError
        }
        guard first.kinds == [.log], first.xml.depth == 1, !first.xml.rootClosed, first.xml.names == plan.rootName,
              first.xml.openLines == [plan.rootLine], first.looseEvents == 0
        else { return nil }
        // The line, and where it starts, at the split: what a sequential read has counted there.
        let splitLine = first.xml.lineAt(first.xml.window.end)
        let splitLineStart = first.xml.countedLineStart

        guard let result = second.result else { return nil }
        switch result {
        case .failure:
            // Read the second part again knowing its first line, for the sequential read's
            // positions and messages.
            let spec = XESPart(
                root: XESPart.Root(name: plan.rootName, line: plan.rootLine), endsInsideRoot: false,
                firstLine: splitLine, firstLineStart: splitLineStart, startOffset: plan.split)
            var quiet = options
            quiet.progress = nil
            if case .failure(let error) = readPart(path: path, range: plan.split..<size, options: quiet, spec: spec) {
                throw error
            }
            return nil
        case .success(let part):
            if part.looseEvents > 0 { return nil }
            let offset = splitLine - 1
            first.log.append(contentsOf: part.log, lineOffset: Int32(truncatingIfNeeded: offset))
            first.tally.append(part.tally, lineOffset: offset)
            return try first.finish()
        }
    }

    /// What the read of the second part gives back.
    struct PartResult: Sendable {
        var log: EventLog
        var tally: ReadingTally
        var looseEvents: Int
    }

    static func readPart(path: String, range: Range<Int>, options: EventLogReadOptions, spec: XESPart) -> Result<PartResult, EventLogError> {
        do throws(EventLogError) {
            let source = try ByteSource(path: path, range: range)
            var parser = XESParser(source: source, options: options, part: spec)
            defer { parser.release() }
            try parser.scan()
            return .success(PartResult(log: parser.log, tally: parser.tally, looseEvents: parser.looseEvents))
        } catch {
            return .failure(error)
        }
    }

    // MARK: the plan

    /// The root element and a split point, or nil when the file has none (or looks unusual).
    static func plan(path: String, size: Int) throws(EventLogError) -> Plan? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { return nil }
        defer { close(fd) }
        guard let header = readAt(fd, offset: 0, count: min(size, 1 << 20)),
              let root = scanHeader(header)
        else { return nil }
        // A `<trace` (with the root's prefix) after a `>` and blanks, from the middle on.
        let pattern = Array("<".utf8) + root.prefix + Array("trace".utf8)
        var from = max(size / 2, root.end)
        let chunk = 1 << 20, back = 64
        while from < size {
            let start = max(from - back, 0)
            guard let bytes = readAt(fd, offset: start, count: min(chunk + back, size - start)) else { return nil }
            if let at = findSplit(bytes, pattern: pattern, from: from - start) {
                return Plan(rootName: root.name, rootLine: root.line, split: start + at)
            }
            from = start + bytes.count - pattern.count
            if start + bytes.count == size { break }
        }
        return nil
    }

    /// The first index from `from` in `bytes` where `pattern` starts a tag (followed by a blank,
    /// `>` or `/`) that follows a `>` and blanks only.
    static func findSplit(_ bytes: [UInt8], pattern: [UInt8], from: Int) -> Int? {
        var k = from
        let n = pattern.count
        while k + n < bytes.count {
            if bytes[k] == 0x3C, bytes[k + 1] == pattern[1], Array(bytes[k..<k + n]) == pattern {
                let next = bytes[k + n]
                if isBlank(next) || next == 0x3E || next == 0x2F {
                    var j = k - 1
                    while j >= 0, isBlank(bytes[j]) { j -= 1 }
                    if j >= 0, bytes[j] == 0x3E { return k }
                }
            }
            k += 1
        }
        return nil
    }

    static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D }

    struct Root {
        var name: [UInt8]
        var prefix: [UInt8]
        var line: Int
        /// Index just past the root's start tag.
        var end: Int
    }

    /// The root element of the document in `bytes` (its first 1 MB): skips an optional BOM,
    /// text, the XML declaration and processing instructions, comments and a DOCTYPE. Nil when
    /// the root is not `log` (any prefix), closes itself, or does not start in these bytes.
    static func scanHeader(_ bytes: [UInt8]) -> Root? {
        let n = bytes.count
        func find(_ text: String, from: Int) -> Int? {
            let p = Array(text.utf8)
            var k = from
            while k + p.count <= n {
                if bytes[k] == p[0], Array(bytes[k..<k + p.count]) == p { return k }
                k += 1
            }
            return nil
        }
        var k = 0
        if n >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { k = 3 }
        while true {
            while k < n, bytes[k] != 0x3C { k += 1 }
            if k + 1 >= n { return nil }
            let c = bytes[k + 1]
            if c == 0x3F {
                guard let close = find("?>", from: k + 2) else { return nil }
                k = close + 2
                continue
            }
            if c == 0x21 {
                if k + 3 < n, bytes[k + 2] == 0x2D, bytes[k + 3] == 0x2D {
                    guard let close = find("-->", from: k + 4) else { return nil }
                    k = close + 3
                    continue
                }
                // A DOCTYPE, maybe with an internal subset in brackets.
                var j = k + 2
                var depth = 0
                while j < n {
                    let d = bytes[j]
                    if d == 0x5B { depth += 1 } else if d == 0x5D { depth -= 1 } else if d == 0x3E && depth <= 0 { break }
                    j += 1
                }
                if j >= n { return nil }
                k = j + 1
                continue
            }
            // The root's start tag.
            var e = k + 1
            while e < n, !isBlank(bytes[e]), bytes[e] != 0x3E, bytes[e] != 0x2F { e += 1 }
            if e >= n || e == k + 1 { return nil }
            let name = Array(bytes[(k + 1)..<e])
            var colon = name.count - 1
            while colon >= 0, name[colon] != 0x3A { colon -= 1 }
            guard Array(name[(colon + 1)...]) == Array("log".utf8) else { return nil }
            // Past its attributes (quoted values may hold '>').
            var j = e
            while j < n, bytes[j] != 0x3E {
                if bytes[j] == 0x22 || bytes[j] == 0x27 {
                    let quote = bytes[j]
                    j += 1
                    while j < n, bytes[j] != quote { j += 1 }
                }
                j += 1
            }
            if j >= n || bytes[j - 1] == 0x2F { return nil }
            let line = 1 + bytes[0..<k].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            return Root(name: name, prefix: colon >= 0 ? Array(name[0...colon]) : [], line: line, end: j + 1)
        }
    }

    /// `count` bytes of `fd` from `offset` (fewer at the end of the file); nil on an error.
    static func readAt(_ fd: Int32, offset: Int, count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + got, count - got, off_t(offset + got)) }
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if n == 0 { break }
            got += n
        }
        return Array(bytes[0..<got])
    }
}

/// What a parser reading one byte range of a file (`XESParallelRead`) knows of the rest.
struct XESPart: Sendable {
    struct Root: Sendable {
        /// The root element's name as written, and the line of its start tag.
        var name: [UInt8]
        var line: Int
    }
    /// The range starts inside the root element, after its start tag (a second part).
    var root: Root?
    /// The range ends inside the root element (a first part): its end is not the file's.
    var endsInsideRoot: Bool
    /// The line of the range's first byte, and the file offset where that line starts.
    var firstLine: Int
    var firstLineStart: Int
    /// The file offset of the range's first byte.
    var startOffset: Int
}

extension XESParser {
    /// A parser of the byte range `part` describes (`source` reads that range).
    init(source: ByteSource, options: EventLogReadOptions, part: XESPart) {
        self.init(source: source, options: options)
        xml.window.start(atOffset: part.startOffset)
        xml.countedLine = part.firstLine
        xml.countedLineStart = part.firstLineStart
        xml.endsInsideRoot = part.endsInsideRoot
        if let root = part.root {
            kinds = [.log]
            sawRoot = true
            xml.nameOffsets = [0]
            xml.openLines = [root.line]
            xml.names = root.name
            xml.rootName = String(decoding: root.name, as: UTF8.self)
        }
    }
}

/// The two parts' progress summed for the caller's callback (called from both threads, one
/// at a time).
final class PartProgress: Sendable {
    private let done = Mutex<(Int, Int)>((0, 0))
    let total: Int
    let report: @Sendable (Int, Int?) -> Void

    init(total: Int, report: @escaping @Sendable (Int, Int?) -> Void) {
        self.total = total
        self.report = report
    }

    func update(part: Int, done bytes: Int) {
        done.withLock { done in
            if part == 0 { done.0 = bytes } else { done.1 = bytes }
            report(done.0 + done.1, total)
        }
    }
}

/// The result of the second part, written by its thread before the join, read after it.
private final class SecondPart: @unchecked Sendable {
    var result: Result<XESParallelRead.PartResult, EventLogError>?
}

/// A POSIX thread running one closure (the package does not use Foundation).
struct Worker {
    private final class Job {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    private var thread: pthread_t?
    private var inline: (() -> Void)?

    /// Starts `body` on a new thread (or, if no thread can be made, runs it at `join`).
    static func start(_ body: @escaping @Sendable () -> Void) -> Worker {
        var worker = Worker()
        let job = Unmanaged.passRetained(Job(body))
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, { raw in
            let job = Unmanaged<Job>.fromOpaque(raw!).takeRetainedValue()
            job.body()
            return nil
        }, job.toOpaque())
        if status == 0 {
            worker.thread = thread
        } else {
            job.release()
            worker.inline = body
        }
        return worker
    }

    /// Waits for the body to have run.
    func join() {
        if let thread { pthread_join(thread, nil) }
        inline?()
    }
}

extension ReadingTally {
    /// Adds the counts of `other`, a tally of the events that followed, its lines shifted by `lineOffset`.
    mutating func append(_ other: ReadingTally, lineOffset: Int) {
        skipped += other.skipped
        skippedMissingCase += other.skippedMissingCase
        skippedMissingActivity += other.skippedMissingActivity
        skippedMissingTime += other.skippedMissingTime
        for line in other.firstSkippedLines where firstSkippedLines.count < 5 { firstSkippedLines.append(line + lineOffset) }
        if naive == 0, other.naive > 0 { firstNaiveLine = other.firstNaiveLine + lineOffset }
        naive += other.naive
    }
}
