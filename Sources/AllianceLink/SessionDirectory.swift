import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Why the session link could not be set up or joined.
public struct LinkError: Error, CustomStringConvertible, Equatable, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// The directory of a user's live sessions: `$XDG_RUNTIME_DIR/alliance/`, else
/// `/tmp/alliance-UID/`; created `0700`, and refused when another user owns it or others
/// can read it. Each session `ID` has `ID.sock` (the socket), `ID.lock` (held with `flock`
/// for the life of the room: a crashed room's lock is gone, so its socket is known stale)
/// and `ID.info` (its case, for `alliance presenter` to list).
public struct SessionDirectory: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    /// The user's directory, created if missing.
    public static func user(environment: [String: String]) throws(LinkError) -> SessionDirectory {
        let base: String
        if let runtime = environment["XDG_RUNTIME_DIR"], !runtime.isEmpty, isDirectory(runtime) {
            base = runtime + "/alliance"
        } else {
            base = "/tmp/alliance-\(getuid())"
        }
        let dir = SessionDirectory(path: base)
        try dir.ensurePrivate()
        return dir
    }

    static func isDirectory(_ p: String) -> Bool {
        var st = stat()
        return stat(p, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// Creates the directory `0700` if needed; refuses one that is not ours or not private.
    public func ensurePrivate() throws(LinkError) {
        if mkdir(path, 0o700) != 0, errno != EEXIST {
            throw LinkError("cannot create the session directory \(path): \(String(cString: strerror(errno)))")
        }
        var st = stat()
        guard lstat(path, &st) == 0 else { throw LinkError("cannot read the session directory \(path): \(String(cString: strerror(errno)))") }
        guard (st.st_mode & S_IFMT) == S_IFDIR else { throw LinkError("\(path) is not a directory") }
        guard st.st_uid == getuid() else { throw LinkError("the session directory \(path) belongs to another user") }
        if st.st_mode & 0o077 != 0, chmod(path, 0o700) != 0 {
            throw LinkError("the session directory \(path) can be read by others and could not be made private")
        }
    }

    public func socketPath(_ id: String) -> String { "\(path)/\(id).sock" }
    func lockPath(_ id: String) -> String { "\(path)/\(id).lock" }
    func infoPath(_ id: String) -> String { "\(path)/\(id).info" }

    /// A session id made from a case's file name (`my case.yaml` → `my-case`), or `builtin`.
    public static func baseID(forCasePath path: String?) -> String {
        guard let path else { return "builtin" }
        let name = (path as NSString).lastPathComponent
        let stem = name.split(separator: ".").first.map(String.init) ?? name
        var id = ""
        for s in stem.lowercased().unicodeScalars {
            if ("a"..."z").contains(s) || ("0"..."9").contains(s) { id.unicodeScalars.append(s) } else if !id.hasSuffix("-") { id += "-" }
        }
        id = String(id.prefix(40)).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        return id.isEmpty ? "case" : id
    }

    /// The sessions whose room is alive (their lock is held), with what their `.info` says.
    public func liveSessions() -> [SessionInfo] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return [] }
        var out: [SessionInfo] = []
        for id in names.filter({ $0.hasSuffix(".sock") }).map({ String($0.dropLast(5)) }).sorted() {
            guard isLive(id) else { continue }
            var info = SessionInfo.read(from: infoPath(id)) ?? SessionInfo(id: id, path: nil, title: "", pid: 0)
            info.id = id
            out.append(info)
        }
        return out
    }

    /// Whether a room holds the lock of session `id`.
    public func isLive(_ id: String) -> Bool {
        let fd = open(lockPath(id), O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return false
        }
        return errno == EWOULDBLOCK
    }
}

/// What a room says about itself in `ID.info`.
public struct SessionInfo: Codable, Equatable, Sendable {
    public var id: String
    /// The case file's absolute path; nil for the built-in case.
    public var path: String?
    public var title: String
    public var pid: Int32

    public init(id: String, path: String?, title: String, pid: Int32) {
        self.id = id
        self.path = path
        self.title = title
        self.pid = pid
    }

    static func read(from path: String) -> SessionInfo? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(SessionInfo.self, from: data)
    }
}
