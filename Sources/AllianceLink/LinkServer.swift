import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The room's end of the session link: a listening Unix socket and its clients, serviced
/// without ever blocking the room. Each client has a queue of lines to write; writes go out
/// as the socket takes them, and a client that takes nothing for `stallLimit` seconds (or
/// lets more than `queueLimit` bytes pile up) is dropped. What clients send is parsed line
/// by line; anything that is not a message of the protocol is ignored and counted.
public final class LinkServer {
    public let directory: SessionDirectory
    public let id: String
    public var socketPath: String { directory.socketPath(id) }
    /// Seconds a client may leave queued output unread before it is dropped.
    public var stallLimit: Double = 2
    /// Bytes queued for a client, beyond its first snapshot, before it is dropped.
    public var queueLimit = 4 << 20
    /// At most this many clients at once; more are refused.
    public var maxClients = 16
    /// The snapshot sent to a client on connect (a `hello` line).
    public var snapshot: () -> [UInt8] = { [] }

    public private(set) var malformed = 0
    /// Clients let go for not reading (stalled, or too much queued for them).
    public private(set) var dropped = 0
    public private(set) var refused = 0
    public var clientCount: Int { clients.count }

    private var listenFD: Int32
    private var lockFD: Int32
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
    }

    /// Takes session `baseID` (or `baseID-2`, `-3`… when a live room has it): locks it,
    /// replaces a stale socket, listens, and writes `info`.
    public init(directory: SessionDirectory, baseID: String, info: SessionInfo) throws(LinkError) {
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

    /// Milliseconds until a stalled client must be dropped (so the loop wakes for it); nil if none.
    public func timeout(now: Double) -> Int32? {
        let deadlines = clients.compactMap { $0.stalledSince.map { $0 + stallLimit } }
        guard let first = deadlines.min() else { return nil }
        return Int32(max(0, min(60_000, (first - now) * 1000)).rounded(.up))
    }

    /// Accepts, reads and writes whatever is ready, without waiting; drops clients that are
    /// gone or stalled. Returns the commands received from greeted clients, in order.
    public func service(now: Double) -> [RemoteCommand] {
        guard !closed else { return [] }
        var commands: [RemoteCommand] = []
        let ready = Socket.readiness(descriptors)
        if let l = ready.first, l.revents & Int16(POLLIN) != 0 { acceptAll(now: now) }
        var gone = Set<Int32>()
        for r in ready.dropFirst() where r.revents != 0 {
            guard let i = clients.firstIndex(where: { $0.fd == r.fd }) else { continue }
            if r.revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
                if !read(i, into: &commands) { gone.insert(r.fd); continue }
            }
            if r.revents & Int16(POLLOUT) != 0, !flush(i, now: now) { gone.insert(r.fd) }
        }
        remove(gone)
        var stalled = Set<Int32>()
        for c in clients {
            if let since = c.stalledSince, now - since > stallLimit { stalled.insert(c.fd) }
        }
        remove(stalled, dropping: true)
        return commands
    }

    /// Queues a line for every client and writes what the sockets take now.
    public func broadcast(_ line: [UInt8], now: Double) {
        var gone = Set<Int32>(), tooSlow = Set<Int32>()
        for i in clients.indices {
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
        unlink(socketPath)
        unlink(directory.infoPath(id))
        Glibc.close(listenFD)
        Glibc.close(lockFD)  // releases the lock; the lock file stays (removing it would race a new room)
    }

    private func acceptAll(now: Double) {
        while true {
            let fd = Socket.accept(listenFD)
            guard fd >= 0 else { return }
            // Only the user's own processes (the directory is private too).
            guard Socket.peerUID(fd) == getuid(), clients.count < maxClients else {
                refused += 1
                Glibc.close(fd)
                continue
            }
            let hello = snapshot()
            clients.append(Client(fd: fd, output: hello, allowance: hello.count + queueLimit))
            if !flush(clients.count - 1, now: now) { remove([fd]) }
        }
    }

    /// Reads what client i sent; false when it has gone.
    private func read(_ i: Int, into commands: inout [RemoteCommand]) -> Bool {
        // A bounded amount per turn, so a client that floods cannot starve the room.
        for _ in 0..<4 {
            switch Socket.receive(clients[i].fd) {
            case .closed: return false
            case .wouldBlock: return true
            case .bytes(let bytes):
                let before = clients[i].input.oversized
                for line in clients[i].input.append(bytes) {
                    switch ClientMessage.parse(line) {
                    case .hello(let version, _)? where version == SessionProtocol.version:
                        clients[i].greeted = true
                    case .command(let c)? where clients[i].greeted:
                        commands.append(c)
                    case .bye?:
                        return false
                    default:
                        malformed += 1
                    }
                }
                malformed += clients[i].input.oversized - before
            }
        }
        return true
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

    /// Closes and forgets these clients; `dropping`: the room let them go (too slow), as
    /// opposed to clients that left.
    private func remove(_ fds: Set<Int32>, dropping: Bool = false) {
        guard !fds.isEmpty else { return }
        for fd in fds { Glibc.close(fd) }
        if dropping { dropped += clients.filter { fds.contains($0.fd) }.count }
        clients.removeAll { fds.contains($0.fd) }
    }
}
