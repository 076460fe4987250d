import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The room's end of a link: a listening socket and its clients, serviced without ever
/// blocking the room. Each client has a queue of lines to write; writes go out as the socket
/// takes them, and a client that takes nothing for `stallLimit` seconds (or lets more than
/// `queueLimit` bytes pile up) is dropped. What clients send is parsed line by line.
///
/// Two kinds: presenters, on a Unix socket in the user's session directory (snapshot on
/// connect, commands accepted, malformed lines ignored and counted); followers, on TCP when
/// the room shares itself (a join code in the hello within `helloLimit` seconds, the
/// snapshot only then, and nothing but a hello and a goodbye accepted from them).
public final class LinkServer {
    public enum Kind: Sendable, Equatable {
        case presenters
        case followers(code: String)
    }

    public let kind: Kind
    /// The session id (presenters) or the bound address (followers).
    public let id: String
    public let directory: SessionDirectory?
    public var socketPath: String { directory?.socketPath(id) ?? "" }
    /// The port actually bound (followers; useful with port 0).
    public private(set) var port: Int = 0
    /// Seconds a client may leave queued output unread before it is dropped.
    public var stallLimit: Double = 2
    /// Bytes queued for a client, beyond its first snapshot, before it is dropped.
    public var queueLimit = 4 << 20
    /// Seconds a follower has to send its hello.
    public var helloLimit: Double = 5
    /// At most this many clients at once; more are refused.
    public var maxClients: Int
    /// The snapshot (a `hello` line) a client gets on connect (presenters) or on an accepted
    /// hello (followers).
    public var snapshot: () -> [UInt8] = { [] }

    public private(set) var malformed = 0
    /// Clients let go for not reading (stalled, or too much queued for them).
    public private(set) var dropped = 0
    /// Connections refused: another user, too many clients, a wrong code or a bad hello.
    public private(set) var refused = 0
    public var clientCount: Int { clients.count }
    /// Clients whose hello was accepted.
    public var greetedCount: Int { clients.filter(\.greeted).count }

    private var listenFD: Int32
    private var lockFD: Int32 = -1
    private var clients: [Client] = []
    private var closed = false

    private struct Client {
        var fd: Int32
        var input = LineBuffer(maxLine: SessionProtocol.maxClientLine)
        var output: [UInt8] = []
        var written = 0
        /// When output started waiting without progress.
        var stalledSince: Double?
        var allowance: Int
        var greeted = false
        var connectedAt: Double
    }

    /// Presenters: takes session `baseID` (or `baseID-2`, `-3`… when a live room has it),
    /// locks it, replaces a stale socket, listens, and writes `info`.
    public init(directory: SessionDirectory, baseID: String, info: SessionInfo) throws(LinkError) {
        kind = .presenters
        maxClients = 16
        self.directory = directory
        var chosen: (String, Int32)?
        for n in 1...50 {
            let id = n == 1 ? baseID : "\(baseID)-\(n)"
            let fd = open(directory.lockPath(id), O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw LinkError("cannot create \(directory.lockPath(id)): \(String(cString: strerror(errno)))") }
            if flock(fd, LOCK_EX | LOCK_NB) == 0 {
                chosen = (id, fd)
                break
            }
            Glibc.close(fd)  // a live room has this one
        }
        guard let (id, lockFD) = chosen else { throw LinkError("too many sessions named \(baseID) are running") }
        self.id = id
        self.lockFD = lockFD
        // The lock is ours: any socket file left here belongs to a room that is gone.
        let path = directory.socketPath(id)
        unlink(path)
        let fd = Socket.unixStream()
        guard fd >= 0 else {
            Glibc.close(lockFD)
            throw LinkError("cannot create a socket: \(String(cString: strerror(errno)))")
        }
        let bound = Socket.withAddress(path) { bind(fd, $0, $1) }
        guard bound == 0, listen(fd, 16) == 0 else {
            let why = bound == nil ? "the path is too long" : String(cString: strerror(errno))
            Glibc.close(fd)
            Glibc.close(lockFD)
            throw LinkError("cannot listen on \(path): \(why)")
        }
        chmod(path, 0o600)
        Socket.setNonBlocking(fd)
        listenFD = fd
        var written = info
        written.id = id
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if let data = try? encoder.encode(written) {
            FileManager.default.createFile(atPath: directory.infoPath(id), contents: data, attributes: [.posixPermissions: 0o600])
        }
    }

    /// Followers: listens on `host:port` (that address only; port 0 picks one), admitting
    /// clients that give `code`.
    public init(sharingOn host: String, port: Int, code: String) throws(LinkError) {
        kind = .followers(code: code)
        maxClients = 200
        directory = nil
        let (fd, boundPort) = try Socket.listenTCP(host: host, port: port)
        listenFD = fd
        self.port = boundPort
        id = host.contains(":") ? "[\(host)]:\(boundPort)" : "\(host):\(boundPort)"
    }

    deinit { close() }

    /// The descriptors the room's loop should wait on, with what to wait for.
    public var descriptors: [pollfd] {
        guard !closed else { return [] }
        var fds = [pollfd(fd: listenFD, events: Int16(POLLIN), revents: 0)]
        for c in clients {
            fds.append(pollfd(fd: c.fd, events: Int16(POLLIN) | (c.written < c.output.count ? Int16(POLLOUT) : 0), revents: 0))
        }
        return fds
    }

    /// Milliseconds until a client must be dropped (a stall, a missing hello), so the loop
    /// wakes for it; nil if none.
    public func timeout(now: Double) -> Int32? {
        var deadlines = clients.compactMap { $0.stalledSince.map { $0 + stallLimit } }
        if case .followers = kind { deadlines += clients.filter { !$0.greeted }.map { $0.connectedAt + helloLimit } }
        guard let first = deadlines.min() else { return nil }
        return Int32(max(0, min(60_000, (first - now) * 1000)).rounded(.up)) + 1
    }

    /// Annotations presenters sent (`annotate` commands), oldest first, until taken.
    private var annotations: [String] = []

    /// The annotations presenters sent since the last call.
    public func takeAnnotations() -> [String] {
        defer { annotations = [] }
        return annotations
    }

    /// Accepts, reads and writes whatever is ready, without waiting; drops clients that are
    /// gone, stalled or (followers) silent. Returns the commands received from presenters.
    public func service(now: Double) -> [RemoteCommand] {
        guard !closed else { return [] }
        var commands: [RemoteCommand] = []
        let ready = Socket.readiness(descriptors)
        if let l = ready.first, l.revents & Int16(POLLIN) != 0 { acceptAll(now: now) }
        var gone = Set<Int32>()
        for r in ready.dropFirst() where r.revents != 0 {
            guard let i = clients.firstIndex(where: { $0.fd == r.fd }) else { continue }
            if r.revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
                if !read(i, now: now, into: &commands) { gone.insert(r.fd); continue }
            }
            if r.revents & Int16(POLLOUT) != 0, !flush(i, now: now) { gone.insert(r.fd) }
        }
        remove(gone)
        var late = Set<Int32>()
        for c in clients {
            if let since = c.stalledSince, now - since > stallLimit { late.insert(c.fd) }
            if case .followers = kind, !c.greeted, now - c.connectedAt > helloLimit { late.insert(c.fd) }
        }
        remove(late, dropping: true)
        return commands
    }

    /// Queues a line for every greeted client and writes what the sockets take now.
    public func broadcast(_ line: [UInt8], now: Double) {
        var gone = Set<Int32>(), tooSlow = Set<Int32>()
        for i in clients.indices where clients[i].greeted || kind == .presenters {
            clients[i].output.append(contentsOf: line)
            if clients[i].output.count - clients[i].written > clients[i].allowance { tooSlow.insert(clients[i].fd); continue }
            if !flush(i, now: now) { gone.insert(clients[i].fd) }
        }
        remove(gone)
        remove(tooSlow, dropping: true)
    }

    /// Says goodbye to every client, closes them, removes the socket. Idempotent.
    public func close() {
        guard !closed else { return }
        closed = true
        let bye = RoomMessage.bye.line()
        for c in clients {
            _ = Socket.send(c.fd, bye[...])
            Glibc.close(c.fd)
        }
        clients = []
        Glibc.close(listenFD)
        if let directory {
            unlink(directory.socketPath(id))
            unlink(directory.infoPath(id))
            Glibc.close(lockFD)  // releases the lock; the lock file stays (removing it would race a new room)
        }
    }

    private func acceptAll(now: Double) {
        while true {
            let fd = Socket.accept(listenFD)
            guard fd >= 0 else { return }
            // Presenters: only the user's own processes (the directory is private too).
            let allowed = kind == .presenters ? Socket.peerUID(fd) == getuid() : true
            guard allowed, clients.count < maxClients else {
                refused += 1
                if allowed { _ = Socket.send(fd, RoomMessage.refused(reason: "the session is full").line()[...]) }
                Glibc.close(fd)
                continue
            }
            if kind == .presenters {
                let hello = snapshot()
                clients.append(Client(fd: fd, output: hello, allowance: hello.count + queueLimit, greeted: false, connectedAt: now))
                if !flush(clients.count - 1, now: now) { remove([fd]) }
            } else {
                clients.append(Client(fd: fd, allowance: queueLimit, connectedAt: now))
            }
        }
    }

    /// Reads what client i sent; false when it has gone or must go.
    private func read(_ i: Int, now: Double, into commands: inout [RemoteCommand]) -> Bool {
        // A bounded amount per turn, so a client that floods cannot starve the room.
        for _ in 0..<4 {
            switch Socket.receive(clients[i].fd) {
            case .closed: return false
            case .wouldBlock: return true
            case .bytes(let bytes):
                let before = clients[i].input.oversized
                for line in clients[i].input.append(bytes) {
                    let message = ClientMessage.parse(line)
                    switch kind {
                    case .presenters:
                        switch message {
                        case .hello(let version, _, _)? where version == SessionProtocol.version:
                            clients[i].greeted = true
                        case .command(let c)? where clients[i].greeted:
                            commands.append(c)
                        case .annotate(let text)? where clients[i].greeted:
                            annotations.append(text)
                        case .bye?:
                            return false
                        default:
                            malformed += 1
                        }
                    case .followers(let code):
                        switch message {
                        case .hello(let version, let role, let given)? where !clients[i].greeted:
                            guard version == SessionProtocol.version, role == "follower", let given, JoinCode.matches(given, code) else {
                                refuse(i, version != SessionProtocol.version ? "protocol version \(SessionProtocol.version) is needed" : "wrong join code")
                                return false
                            }
                            clients[i].greeted = true
                            let hello = snapshot()
                            clients[i].output.append(contentsOf: hello)
                            clients[i].allowance = hello.count + queueLimit
                            if !flush(i, now: now) { return false }
                        case .bye?:
                            return false
                        default:
                            // Followers send nothing but a hello and a goodbye.
                            malformed += 1
                            refuse(i, "followers only say hello and goodbye")
                            return false
                        }
                    }
                }
                if clients[i].input.oversized > before {
                    malformed += clients[i].input.oversized - before
                    if case .followers = kind {
                        refuse(i, "line too long")
                        return false
                    }
                }
            }
        }
        return true
    }

    private func refuse(_ i: Int, _ reason: String) {
        refused += 1
        _ = Socket.send(clients[i].fd, RoomMessage.refused(reason: reason).line()[...])
    }

    /// Writes queued output; false when the client has gone.
    private func flush(_ i: Int, now: Double) -> Bool {
        while clients[i].written < clients[i].output.count {
            switch Socket.send(clients[i].fd, clients[i].output[clients[i].written...]) {
            case .closed: return false
            case .wouldBlock:
                if clients[i].stalledSince == nil { clients[i].stalledSince = now }
                return true
            case .wrote(let n):
                clients[i].written += n
                clients[i].stalledSince = nil
            }
        }
        clients[i].output.removeAll(keepingCapacity: clients[i].output.count < 65_536)
        clients[i].written = 0
        clients[i].allowance = queueLimit
        return true
    }

    /// Closes and forgets these clients; `dropping`: the room let them go (too slow or
    /// silent), as opposed to clients that left.
    private func remove(_ fds: Set<Int32>, dropping: Bool = false) {
        guard !fds.isEmpty else { return }
        for fd in fds { Glibc.close(fd) }
        if dropping { dropped += clients.filter { fds.contains($0.fd) }.count }
        clients.removeAll { fds.contains($0.fd) }
    }
}

/// The code a follower types to join: eight characters from an alphabet without look-alikes
/// (no 0/o, 1/l/i), shown as `7f3k-9q2m`.
public enum JoinCode {
    static let alphabet = Array("23456789abcdefghjkmnpqrstuvwxyz")

    public static func random() -> String {
        var g = SystemRandomNumberGenerator()
        let chars = (0..<8).map { _ in alphabet[Int(g.next(upperBound: UInt64(alphabet.count)))] }
        return String(chars[0..<4]) + "-" + String(chars[4..<8])
    }

    /// Compares in time that depends only on the lengths, not on where they differ. Case and
    /// the dash are forgiven (`7F3K9Q2M` joins `7f3k-9q2m`).
    public static func matches(_ given: String, _ code: String) -> Bool {
        let a = Array(given.lowercased().utf8.filter { $0 != UInt8(ascii: "-") && $0 != UInt8(ascii: " ") })
        let b = Array(code.utf8.filter { $0 != UInt8(ascii: "-") })
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for i in 0..<b.count { difference |= (i < a.count ? a[i] : 0) ^ b[i] }
        return difference == 0
    }
}
