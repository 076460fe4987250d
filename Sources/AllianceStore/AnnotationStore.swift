import AllianceCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Which file a journal is (device and inode) and how long it is: a file removed or put in
/// its place shows as a different identity.
public struct FileIdentity: Equatable, Sendable {
    public var device: UInt64
    public var inode: UInt64
    public var size: Int64
    public init(device: UInt64, inode: UInt64, size: Int64) {
        self.device = device
        self.inode = inode
        self.size = size
    }
    func sameFile(as other: FileIdentity) -> Bool { device == other.device && inode == other.inode }
}

/// The system calls the store makes, so that tests can make them fail (a read-only
/// directory, a full disk, a flush that fails). Errors are `errno` values.
public protocol JournalFileOperations: AnyObject {
    /// The whole file; `ENOENT` when there is none.
    func read(_ path: String) -> Result<[UInt8], JournalIOError>
    /// Creates the directory and its parents (mode 0700 for new ones).
    func makeDirectories(_ path: String) -> Result<Void, JournalIOError>
    /// Opens for appending (`O_WRONLY|O_APPEND|O_CREAT|O_CLOEXEC`, 0644).
    func openForAppend(_ path: String) -> Result<Int32, JournalIOError>
    /// One `write(2)`: the bytes written (possibly fewer), or the error.
    func write(_ fd: Int32, _ bytes: [UInt8]) -> Result<Int, JournalIOError>
    func fsync(_ fd: Int32) -> Result<Void, JournalIOError>
    /// Flushes a directory's entries (after creating a file in it); failures are ignored.
    func syncDirectory(_ path: String)
    func close(_ fd: Int32)
    /// `stat` of the path (nil when it does not exist).
    func identity(path: String) -> FileIdentity?
    /// `fstat` of an open file.
    func identity(fd: Int32) -> FileIdentity?
}

public struct JournalIOError: Error, Equatable, Sendable, CustomStringConvertible {
    public var code: Int32
    public init(_ code: Int32) { self.code = code }
    public var description: String { String(cString: strerror(code)) }
}

/// The real system calls.
public final class SystemFileOperations: JournalFileOperations {
    public init() {}

    public func read(_ path: String) -> Result<[UInt8], JournalIOError> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(JournalIOError(errno)) }
        defer { Glibc.close(fd) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(JournalIOError(errno))
            }
            if n == 0 { return .success(out) }
            out.append(contentsOf: buffer[0..<n])
        }
    }

    public func makeDirectories(_ path: String) -> Result<Void, JournalIOError> {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o700) != 0, errno != EEXIST { return .failure(JournalIOError(errno)) }
        }
        return .success(())
    }

    public func openForAppend(_ path: String) -> Result<Int32, JournalIOError> {
        while true {
            let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
            if fd >= 0 { return .success(fd) }
            if errno != EINTR { return .failure(JournalIOError(errno)) }
        }
    }

    public func write(_ fd: Int32, _ bytes: [UInt8]) -> Result<Int, JournalIOError> {
        while true {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n >= 0 { return .success(n) }
            if errno != EINTR { return .failure(JournalIOError(errno)) }
        }
    }

    public func fsync(_ fd: Int32) -> Result<Void, JournalIOError> {
        Glibc.fsync(fd) == 0 ? .success(()) : .failure(JournalIOError(errno))
    }

    public func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = Glibc.fsync(fd)
        Glibc.close(fd)
    }

    public func close(_ fd: Int32) { _ = Glibc.close(fd) }

    public func identity(path: String) -> FileIdentity? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return FileIdentity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino), size: Int64(st.st_size))
    }

    public func identity(fd: Int32) -> FileIdentity? {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        return FileIdentity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino), size: Int64(st.st_size))
    }
}

/// The annotations of one case and their journal on disk (`AnnotationJournal` gives the
/// format). Every change is applied in memory, then appended: the whole line in one
/// `write(2)` on an `O_APPEND` descriptor, then `fsync`. A change that cannot be written
/// (read-only directory, full disk, the file removed or replaced, a failed flush) is kept,
/// in order, with every later one, marked unsaved; `warning` says why, and the next change
/// or `retry` writes them all again. Nothing is dropped.
public final class AnnotationStore {
    public let path: String
    public let ops: JournalFileOperations
    /// The annotations, saved or not.
    public private(set) var annotations: [Annotation]
    /// Lines skipped when the journal was opened (a torn last line, malformed lines).
    public let problems: [JournalProblem]
    /// Why the journal could not be read on open (the system's reason; nil when it was read,
    /// or did not exist yet).
    public private(set) var readError: String?
    /// Changes not yet on disk, in order.
    public private(set) var pending: [AnnotationChange] = []
    /// Why they are not (nil once everything is saved).
    public private(set) var warning: String?
    /// Seconds between retries while changes wait.
    public var retryInterval: Double = 5
    private var lastAttempt: Double?
    private var fd: Int32 = -1
    private var openedIdentity: FileIdentity?
    /// The file may end in the middle of a line (a torn line, a short write): start the next
    /// write with a newline, so what is written next is a line of its own.
    private var needsNewline: Bool
    /// The file was removed or replaced: write every annotation to it again.
    private var rewriteAll = false

    /// Opens (replays) the journal at `path`; nothing is created until the first change.
    public init(path: String, ops: JournalFileOperations = SystemFileOperations()) {
        self.path = path
        self.ops = ops
        switch ops.read(path) {
        case .success(let bytes):
            let replay = AnnotationJournal.replay(bytes)
            annotations = replay.annotations
            problems = replay.problems
            needsNewline = replay.endsMidLine
            fileShouldExist = true
        case .failure(let error):
            annotations = []
            problems = []
            needsNewline = false
            if error.code != ENOENT { readError = error.description }
        }
    }

    deinit { if fd >= 0 { ops.close(fd) } }

    public var unsavedIDs: Set<String> {
        rewriteAll ? Set(annotations.map(\.id)).union(pending.map(\.id)) : Set(pending.map(\.id))
    }

    /// Applies a change and saves it with whatever waits; true when all is on disk.
    @discardableResult
    public func record(_ change: AnnotationChange, now: Double = 0) -> Bool {
        AnnotationJournal.apply(change, to: &annotations)
        pending.append(change)
        return save(now: now)
    }

    /// Whether a retry is due at `now` (something waits and `retryInterval` has passed).
    public func retryDue(now: Double) -> Bool {
        !pending.isEmpty && now - (lastAttempt ?? -.infinity) >= retryInterval - 0.001
    }

    /// Seconds until the next retry (0 when due); nil when nothing waits.
    public func secondsUntilRetry(now: Double) -> Double? {
        guard !pending.isEmpty else { return nil }
        return max(0, (lastAttempt ?? now) + retryInterval - now)
    }

    /// Writes everything that waits; true when all is on disk.
    @discardableResult
    public func save(now: Double = 0) -> Bool {
        lastAttempt = now
        let name = (path as NSString).lastPathComponent
        guard !pending.isEmpty || rewriteAll else {
            warning = nil
            return true
        }
        // The file we hold is no longer the one at the path (removed, replaced): start a new one
        // and write every annotation to it.
        if fd >= 0 {
            let onDisk = ops.identity(path: path)
            if onDisk == nil || !(onDisk!.sameFile(as: openedIdentity ?? onDisk!)) {
                ops.close(fd)
                fd = -1
                rewriteAll = true
            }
        }
        if fd < 0 {
            let dir = (path as NSString).deletingLastPathComponent
            if !dir.isEmpty, ops.identity(path: dir) == nil, case .failure(let e) = ops.makeDirectories(dir) {
                return fail("\(e)", "creating \(dir)")
            }
            let existed = ops.identity(path: path) != nil
            switch ops.openForAppend(path) {
            case .failure(let e): return fail("\(e)", "opening \(name)")
            case .success(let d): fd = d
            }
            openedIdentity = ops.identity(fd: fd)
            if !existed {
                ops.syncDirectory(dir.isEmpty ? "." : dir)
                // A journal that vanished: write it anew with every annotation.
                if fileShouldExist { rewriteAll = true }
                needsNewline = false
            } else if rewriteAll, (openedIdentity?.size ?? 0) > 0 {
                needsNewline = true
            }
        }
        var bytes: [UInt8] = needsNewline ? [0x0A] : []
        if rewriteAll {
            for a in annotations { bytes += AnnotationJournal.line(.add(a)) }
        } else {
            for c in pending { bytes += AnnotationJournal.line(c) }
        }
        switch ops.write(fd, bytes) {
        case .failure(let e):
            // write(2) failed: nothing of it is in the file.
            reopenNextTime(torn: false)
            return fail("\(e)", "writing \(name)")
        case .success(let n) where n < bytes.count:
            // Part of a line is on disk: the next write starts a new line after it.
            reopenNextTime(torn: true)
            return fail("disk full? only \(n) of \(bytes.count) bytes written", "writing \(name)")
        case .success: break
        }
        if case .failure(let e) = ops.fsync(fd) {
            // The lines may or may not be on disk: write them again (replay takes a repeated
            // change as the same change).
            reopenNextTime(torn: false)
            return fail("\(e)", "flushing \(name) to disk")
        }
        recovery = rewriteAll ? "Saved; the journal had gone, so all \(annotations.count) annotation\(annotations.count == 1 ? " was" : "s were") written to a new one."
            : warning != nil ? "Saved: the annotations that were waiting are on disk now." : nil
        pending = []
        rewriteAll = false
        needsNewline = false
        fileShouldExist = true
        warning = nil
        return true
    }

    /// What the last successful save recovered from, if anything (a line for the footer).
    public private(set) var recovery: String?
    /// The journal was on disk (read on open, or written since): if it is gone, it vanished.
    private var fileShouldExist = false

    private func reopenNextTime(torn: Bool) {
        if torn { needsNewline = true }
        ops.close(fd)
        fd = -1
    }

    /// The warning: what, why, what happens now, then where (cut first on a narrow screen).
    private func fail(_ reason: String, _ doing: String) -> Bool {
        recovery = nil
        let n = unsavedIDs.count
        warning = "\(n) annotation\(n == 1 ? "" : "s") not saved (\(reason)); kept here, retrying every \(Int(retryInterval)) s \u{2022} \(doing)"
        return false
    }

    /// Where a case's journal lives: `CASE.annotations.jsonl` beside a case file (its
    /// extension replaced); for the built-in case (`file` nil) and standard input (`-`),
    /// `$XDG_DATA_HOME/alliance/builtin.annotations.jsonl` (`~/.local/share/alliance/`).
    /// nil when neither XDG_DATA_HOME nor HOME is set.
    public static func journalPath(forCaseFile file: String?, environment: [String: String]) -> String? {
        if let file, file != "-" {
            let url = URL(fileURLWithPath: file).standardizedFileURL
            let ext = url.pathExtension.lowercased()
            let base = ext == "yaml" || ext == "yml" ? url.deletingPathExtension() : url
            return base.path + ".annotations.jsonl"
        }
        let data: String
        if let x = environment["XDG_DATA_HOME"], x.hasPrefix("/") {
            data = x
        } else if let home = environment["HOME"], !home.isEmpty {
            data = home + "/.local/share"
        } else {
            return nil
        }
        return data + "/alliance/" + (file == "-" ? "stdin" : "builtin") + ".annotations.jsonl"
    }
}
