import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A presenter's end of the session link.
public final class LinkClient {
    public let fd: Int32
    private var input = LineBuffer(maxLine: SessionProtocol.maxRoomLine)
    private var output: [UInt8] = []
    public private(set) var closed = false
    /// Lines from the room that were not messages of the protocol.
    public private(set) var malformed = 0

    /// Connects to a room's socket and says hello as a presenter.
    public convenience init(socketPath: String) throws(LinkError) {
        let fd = Socket.unixStream()
        guard fd >= 0 else { throw LinkError("cannot create a socket: \(String(cString: strerror(errno)))") }
        let result = Socket.withAddress(socketPath) { connect(fd, $0, $1) }
        guard result == 0 else {
            let why = result == nil ? "the path is too long" : String(cString: strerror(errno))
            Glibc.close(fd)
            throw LinkError("cannot reach the session at \(socketPath): \(why)")
        }
        Socket.setNonBlocking(fd)
        self.init(fd: fd, hello: .hello(protocolVersion: SessionProtocol.version, role: "presenter"))
    }

    /// Connects to a shared room over TCP and says hello as a follower, with the join code.
    public convenience init(host: String, port: Int, code: String) throws(LinkError) {
        let fd = try Socket.connectTCP(host: host, port: port)
        self.init(fd: fd, hello: .hello(protocolVersion: SessionProtocol.version, role: "follower", code: code))
    }

    init(fd: Int32, hello: ClientMessage) {
        self.fd = fd
        send(hello)
    }

    deinit { close() }

    /// Queues a message and writes what the socket takes.
    public func send(_ message: ClientMessage) {
        guard !closed else { return }
        output.append(contentsOf: message.line())
        flush()
    }

    /// Writes queued output without blocking.
    public func flush() {
        while !output.isEmpty, !closed {
            switch Socket.send(fd, output[...]) {
            case .wrote(let n): output.removeFirst(n)
            case .wouldBlock: return
            case .closed: closed = true
            }
        }
    }

    public var wantsToWrite: Bool { !output.isEmpty }

    /// What the room sent since the last call, without waiting; `closed` is set when the
    /// room has gone.
    public func receive() -> [RoomMessage] {
        var messages: [RoomMessage] = []
        while !closed {
            switch Socket.receive(fd, limit: 1 << 20) {
            case .closed: closed = true
            case .wouldBlock: return messages
            case .bytes(let bytes):
                for line in input.append(bytes) {
                    if let m = RoomMessage.parse(line) { messages.append(m) } else { malformed += 1 }
                }
            }
        }
        return messages
    }

    private var released = false

    /// Says goodbye (if the room is still there) and closes the socket. Idempotent.
    public func close() {
        guard !released else { return }
        released = true
        if !closed { _ = Socket.send(fd, ClientMessage.bye.line()[...]) }
        closed = true
        Glibc.close(fd)
    }
}
