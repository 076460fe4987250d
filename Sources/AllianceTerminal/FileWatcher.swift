#if canImport(Glibc)
import Glibc
#endif

/// Watches files for changes, as editors make them: written in place (truncate and write),
/// saved by rename (write a temporary file, rename it over), deleted and created again. It
/// watches each file's directory (inotify), so a rename onto the name is seen, and lets a
/// burst of events settle (`quiet` seconds without one) before it reports a change, so a
/// save that writes in several pieces gives one reload. Its descriptor goes in the loop's poll.
public final class FileWatcher {
    /// Seconds without a new event before a change is reported.
    public var quiet: Double = 0.15
    /// Seconds after the first event of a burst at which its change is reported even if
    /// events keep coming (a log appended to without pause); nil: only when it settles.
    public var longest: Double?
    private let fd: Int32
    /// Per watched directory: its watch descriptor, and the names in it we care about.
    private var watches: [Int32: [String: String]] = [:]  // name in the directory → the path as given
    /// Changed paths waiting for the burst to end, and the time of the latest event.
    private var pending: Set<String> = []
    private var lastEvent: Double?
    private var firstEvent: Double?

    /// Watches `paths` (files; they need not exist yet, their directories must).
    public init(paths: [String]) throws(WatchError) {
        fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { throw WatchError("cannot watch files: \(String(cString: strerror(errno)))") }
        for path in paths {
            let (directory, name) = Self.split(path)
            let mask = UInt32(IN_CLOSE_WRITE | IN_MODIFY | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_ATTRIB)
            let wd = inotify_add_watch(fd, directory, mask)
            guard wd >= 0 else {
                close(fd)
                throw WatchError("cannot watch \(directory): \(String(cString: strerror(errno)))")
            }
            watches[wd, default: [:]][name] = path
        }
    }

    deinit { close(fd) }

    /// The descriptor to wait on.
    public var descriptor: pollfd { pollfd(fd: fd, events: Int16(POLLIN), revents: 0) }

    /// Milliseconds until a pending change is due (so the loop wakes for it); nil if none.
    public func timeout(now: Double) -> Int32? {
        guard !pending.isEmpty, let last = lastEvent else { return nil }
        var due = last + quiet
        if let longest, let first = firstEvent { due = min(due, first + longest) }
        return Int32(max(0, (due - now) * 1000).rounded(.up)) + 1
    }

    /// Reads the events that arrived (never waits), and returns the watched paths (as given)
    /// whose changes have settled: none while a burst goes on.
    public func changes(now: Double) -> Set<String> {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { break }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= n {
                let (wd, length, name) = buffer.withUnsafeBytes { raw -> (Int32, Int, String) in
                    let base = raw.baseAddress! + offset
                    let event = base.loadUnaligned(as: inotify_event.self)
                    let nameStart = base + MemoryLayout<inotify_event>.size
                    let bytes = UnsafeRawBufferPointer(start: nameStart, count: Int(event.len))
                    let name = String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
                    return (event.wd, Int(event.len), name)
                }
                offset += MemoryLayout<inotify_event>.size + length
                if let path = watches[wd]?[name] {
                    if pending.isEmpty { firstEvent = now }
                    pending.insert(path)
                    lastEvent = now
                }
            }
        }
        guard !pending.isEmpty, let last = lastEvent else { return [] }
        let overdue = longest.map { l in firstEvent.map { now - $0 >= l } ?? false } ?? false
        guard now - last >= quiet || overdue else { return [] }
        defer { pending = [] }
        return pending
    }

    /// `/a/b/c.yaml` → (`/a/b`, `c.yaml`); a bare name is in the current directory.
    static func split(_ path: String) -> (String, String) {
        guard let slash = path.lastIndex(of: "/") else {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX))
            let cwd = getcwd(&buffer, buffer.count).map { _ in String(cString: buffer) } ?? "."
            return (cwd, path)
        }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }
}

public struct WatchError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
