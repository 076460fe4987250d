import AllianceCore
import AllianceStore
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The real system calls, with faults to inject: a failing open (read-only directory), a
/// failing or short write (full disk), a failing flush.
final class FaultyFileOperations: JournalFileOperations {
    let real = SystemFileOperations()
    var failOpen: Int32?
    var failWrite: Int32?
    /// Write only this many bytes (then report them written), like a disk that fills up mid-line.
    var shortWrite: Int?
    var failFsync: Int32?
    private(set) var writes = 0, fsyncs = 0

    func read(_ path: String) -> Result<[UInt8], JournalIOError> { real.read(path) }
    func makeDirectories(_ path: String) -> Result<Void, JournalIOError> { real.makeDirectories(path) }
    func openForAppend(_ path: String) -> Result<Int32, JournalIOError> {
        if let e = failOpen { return .failure(JournalIOError(e)) }
        return real.openForAppend(path)
    }
    func write(_ fd: Int32, _ bytes: [UInt8]) -> Result<Int, JournalIOError> {
        writes += 1
        if let e = failWrite { return .failure(JournalIOError(e)) }
        if let n = shortWrite { return real.write(fd, Array(bytes.prefix(n))) }
        return real.write(fd, bytes)
    }
    func fsync(_ fd: Int32) -> Result<Void, JournalIOError> {
        fsyncs += 1
        if let e = failFsync { return .failure(JournalIOError(e)) }
        return real.fsync(fd)
    }
    func syncDirectory(_ path: String) { real.syncDirectory(path) }
    func close(_ fd: Int32) { real.close(fd) }
    func identity(path: String) -> FileIdentity? { real.identity(path: path) }
    func identity(fd: Int32) -> FileIdentity? { real.identity(fd: fd) }
}

@Suite("Annotations store: append, flush, faults, retries")
struct AnnotationStoreTests {
    let a1 = Annotation(id: "a1", step: 3, patient: "maria", text: "The GP never saw it", created: "2026-11-29T08:15:02Z")
    let a2 = Annotation(id: "a2", step: 5, partner: "oxigen", text: "Café 👍 e\u{301}", created: "2026-11-29T08:16:00Z")

    static func journal(_ dir: URL) -> String { dir.appendingPathComponent("case.annotations.jsonl").path }

    static func fileText(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "<none>" }

    static func line(_ c: AnnotationChange) -> String { String(decoding: AnnotationJournal.line(c), as: UTF8.self) }

    @Test func eachChangeIsOneLineWrittenAndFlushed() throws {
        let dir = try temporaryDirectory()
        let ops = FaultyFileOperations()
        let path = Self.journal(dir.appendingPathComponent("new/sub"))  // directories are created
        let store = AnnotationStore(path: path, ops: ops)
        #expect(store.annotations == [] && store.problems == [])
        #expect(!FileManager.default.fileExists(atPath: path), "nothing is created before the first change")
        #expect(store.record(.add(a1)))
        #expect(store.record(.edit(id: "a1", text: "edited", at: "T")))
        #expect(ops.writes == 2 && ops.fsyncs == 2)
        #expect(Self.fileText(path) == Self.line(.add(a1)) + Self.line(.edit(id: "a1", text: "edited", at: "T")))
        #expect(store.unsavedIDs == [] && store.warning == nil)
        let reopened = AnnotationStore(path: path)
        #expect(reopened.annotations.map(\.text) == ["edited"])
    }

    /// The write succeeded, the flush failed: the change stays unsaved, and the retry writes
    /// it again; the journal replays to the same annotations (nothing twice, nothing lost).
    @Test func aFaultBetweenWriteAndFlushIsRecoveredFrom() throws {
        let dir = try temporaryDirectory()
        let ops = FaultyFileOperations()
        let path = Self.journal(dir)
        let store = AnnotationStore(path: path, ops: ops)
        #expect(store.record(.add(a1), now: 100))
        ops.failFsync = EIO
        #expect(!store.record(.add(a2), now: 101))
        #expect(store.warning == "1 annotation not saved (Input/output error); kept here, retrying every 5 s • flushing case.annotations.jsonl to disk")
        #expect(store.unsavedIDs == ["a2"])
        #expect(store.annotations == [a1, a2], "kept in memory")
        #expect(!store.retryDue(now: 103) && store.secondsUntilRetry(now: 103) == 3)
        ops.failFsync = nil
        #expect(store.retryDue(now: 106))
        #expect(store.save(now: 106))
        #expect(store.warning == nil && store.unsavedIDs == [] && store.secondsUntilRetry(now: 106) == nil)
        #expect(store.recovery == "Saved: the annotations that were waiting are on disk now.")
        let replay = AnnotationJournal.replay(Array(Self.fileText(path).utf8))
        #expect(replay.annotations == [a1, a2])
        #expect(replay.problems == [])
    }

    /// A full disk: a write cut short mid-line, then writes that fail with ENOSPC. The text
    /// stays, the warning says why, and once there is room everything is saved; the torn
    /// fragment is its own (skipped) line, nothing else is lost.
    @Test func aFullDiskKeepsTheTextAndARetrySavesIt() throws {
        let dir = try temporaryDirectory()
        let ops = FaultyFileOperations()
        let path = Self.journal(dir)
        let store = AnnotationStore(path: path, ops: ops)
        ops.shortWrite = 17
        #expect(!store.record(.add(a1), now: 0))
        let full = AnnotationJournal.line(.add(a1)).count
        #expect(store.warning == "1 annotation not saved (disk full? only 17 of \(full) bytes written); kept here, retrying every 5 s • writing case.annotations.jsonl")
        ops.shortWrite = nil
        ops.failWrite = ENOSPC
        #expect(!store.record(.add(a2), now: 1))
        #expect(store.warning == "2 annotations not saved (No space left on device); kept here, retrying every 5 s • writing case.annotations.jsonl")
        #expect(store.unsavedIDs == ["a1", "a2"])
        #expect(store.annotations == [a1, a2])
        #expect(!store.save(now: 6), "still full")
        ops.failWrite = nil
        #expect(store.save(now: 11))
        #expect(store.warning == nil)
        let reopened = AnnotationStore(path: path)
        #expect(reopened.annotations == [a1, a2])
        #expect(reopened.problems == [JournalProblem(line: 1, kind: .malformed)])
    }

    /// A read-only directory: with chmod where it stops writes (not as root), else with an
    /// injected EACCES from open. Either way the warning, the kept text, and the retry.
    @Test func aReadOnlyDirectoryWarnsAndRetries() throws {
        let dir = try temporaryDirectory()
        let ops = FaultyFileOperations()
        let path = Self.journal(dir)
        let asRoot = geteuid() == 0
        if asRoot { ops.failOpen = EACCES } else { #expect(chmod(dir.path, 0o555) == 0) }
        defer { chmod(dir.path, 0o755) }
        let store = AnnotationStore(path: path, ops: ops)
        #expect(!store.record(.add(a1), now: 0))
        #expect(store.warning == "1 annotation not saved (Permission denied); kept here, retrying every 5 s • opening case.annotations.jsonl")
        #expect(store.annotations == [a1] && store.unsavedIDs == ["a1"])
        #expect(!FileManager.default.fileExists(atPath: path))
        if asRoot { ops.failOpen = nil } else { #expect(chmod(dir.path, 0o755) == 0) }
        #expect(store.save(now: 5))
        #expect(Self.fileText(path) == Self.line(.add(a1)))
    }

    /// The journal removed (or replaced by another file) while the room runs: the next
    /// change writes every annotation to a new journal, and says so.
    @Test func aVanishedOrReplacedJournalIsWrittenAgainWhole() throws {
        let dir = try temporaryDirectory()
        let path = Self.journal(dir)
        let store = AnnotationStore(path: path)
        #expect(store.record(.add(a1)))
        try FileManager.default.removeItem(atPath: path)
        #expect(store.record(.add(a2)))
        #expect(store.recovery == "Saved; the journal had gone, so all 2 annotations were written to a new one.")
        #expect(Self.fileText(path) == Self.line(.add(a1)) + Self.line(.add(a2)))
        // Replaced by a file without a final newline: a new line starts after it.
        try "junk".write(toFile: path + ".tmp", atomically: false, encoding: .utf8)
        #expect(rename(path + ".tmp", path) == 0)
        #expect(store.record(.delete(id: "a1", at: "T")))
        #expect(Self.fileText(path) == "junk\n" + Self.line(.add(a2)))
        let reopened = AnnotationStore(path: path)
        #expect(reopened.annotations == [a2])
        #expect(reopened.problems == [JournalProblem(line: 1, kind: .malformed)])
    }

    /// The journal existed and vanished before this session wrote to it: still written whole.
    @Test func aJournalGoneBeforeTheFirstWriteIsWrittenWhole() throws {
        let dir = try temporaryDirectory()
        let path = Self.journal(dir)
        try Self.line(.add(a1)).write(toFile: path, atomically: false, encoding: .utf8)
        let store = AnnotationStore(path: path)
        #expect(store.annotations == [a1])
        try FileManager.default.removeItem(atPath: path)
        #expect(store.record(.add(a2)))
        #expect(Self.fileText(path) == Self.line(.add(a1)) + Self.line(.add(a2)))
    }

    /// A journal whose last line was torn by a crash: reported, skipped, and the next line
    /// written starts on a line of its own.
    @Test func aTornLastLineOnOpenIsReportedAndTheNextLineStandsAlone() throws {
        let dir = try temporaryDirectory()
        let path = Self.journal(dir)
        let torn = Self.line(.add(a1)) + String(Self.line(.add(a2)).prefix(30))
        try torn.write(toFile: path, atomically: false, encoding: .utf8)
        let store = AnnotationStore(path: path)
        #expect(store.annotations == [a1])
        #expect(store.problems == [JournalProblem(line: 2, kind: .torn)])
        #expect(store.record(.add(a2)))
        #expect(Self.fileText(path) == torn + "\n" + Self.line(.add(a2)))
        #expect(AnnotationStore(path: path).annotations == [a1, a2])
    }

    @Test func whereJournalsLive() {
        let env = ["HOME": "/home/ana", "XDG_DATA_HOME": "/data"]
        #expect(AnnotationStore.journalPath(forCaseFile: "/cases/oxygen.yaml", environment: env) == "/cases/oxygen.annotations.jsonl")
        #expect(AnnotationStore.journalPath(forCaseFile: "/cases/oxygen.YML", environment: env) == "/cases/oxygen.annotations.jsonl")
        #expect(AnnotationStore.journalPath(forCaseFile: "/cases/oxygen", environment: env) == "/cases/oxygen.annotations.jsonl")
        #expect(AnnotationStore.journalPath(forCaseFile: nil, environment: env) == "/data/alliance/builtin.annotations.jsonl")
        #expect(AnnotationStore.journalPath(forCaseFile: "-", environment: env) == "/data/alliance/stdin.annotations.jsonl")
        #expect(AnnotationStore.journalPath(forCaseFile: nil, environment: ["HOME": "/home/ana"]) == "/home/ana/.local/share/alliance/builtin.annotations.jsonl")
        #expect(AnnotationStore.journalPath(forCaseFile: nil, environment: ["HOME": "/home/ana", "XDG_DATA_HOME": "relative"])
            == "/home/ana/.local/share/alliance/builtin.annotations.jsonl")
        #expect(AnnotationStore.journalPath(forCaseFile: nil, environment: [:]) == nil)
    }
}
