import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The few socket calls the link needs, over file descriptors.
enum Socket {
    /// A `sockaddr_un` for `path`; nil when the path does not fit (108 bytes on Linux).
    static func withAddress<R>(_ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R? {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else { return nil }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
    }

    static func unixStream() -> Int32 {
        socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    }

    /// Accepts a connection, non-blocking and close-on-exec; -1 when none is waiting.
    static func accept(_ listenFD: Int32) -> Int32 {
        let fd = Glibc.accept(listenFD, nil, nil)
        guard fd >= 0 else { return -1 }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        setNonBlocking(fd)
        return fd
    }

    static func setNonBlocking(_ fd: Int32) {
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
    }

    /// The user id of the process at the other end of a Unix socket.
    static func peerUID(_ fd: Int32) -> uid_t? {
        // Linux's `struct ucred` (glibc shows it only to _GNU_SOURCE code): pid, uid, gid.
        struct PeerCredentials { var pid: Int32 = 0, uid: UInt32 = 0, gid: UInt32 = 0 }
        var cred = PeerCredentials()
        var length = socklen_t(MemoryLayout<PeerCredentials>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &length) == 0 else { return nil }
        return cred.uid
    }

    enum WriteResult { case wrote(Int), wouldBlock, closed }

    /// Writes what it can without blocking and without SIGPIPE.
    static func send(_ fd: Int32, _ bytes: ArraySlice<UInt8>) -> WriteResult {
        bytes.withUnsafeBytes { raw in
            while true {
                let n = Glibc.send(fd, raw.baseAddress, raw.count, Int32(MSG_NOSIGNAL))
                if n >= 0 { return .wrote(n) }
                if errno == EINTR { continue }
                return errno == EAGAIN || errno == EWOULDBLOCK ? .wouldBlock : .closed
            }
        }
    }

    enum ReadResult { case bytes([UInt8]), wouldBlock, closed }

    /// Reads what is there, up to `limit` bytes, without blocking.
    static func receive(_ fd: Int32, limit: Int = 65_536) -> ReadResult {
        var buffer = [UInt8](repeating: 0, count: limit)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, limit, Int32(MSG_DONTWAIT)) }
            if n > 0 { return .bytes(Array(buffer[0..<n])) }
            if n == 0 { return .closed }
            if errno == EINTR { continue }
            return errno == EAGAIN || errno == EWOULDBLOCK ? .wouldBlock : .closed
        }
    }

    /// Which of `fds` are ready now (no waiting).
    static func readiness(_ fds: [pollfd]) -> [pollfd] {
        var fds = fds
        guard !fds.isEmpty else { return [] }
        _ = poll(&fds, nfds_t(fds.count), 0)
        return fds
    }

    /// Resolves `host:port` for a stream socket (numeric or by name).
    static func resolve(_ host: String, _ port: Int, passive: Bool) throws(LinkError) -> (family: Int32, address: [UInt8]) {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = passive ? AI_PASSIVE : 0
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw LinkError("cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        let bytes = Array(UnsafeRawBufferPointer(start: first.pointee.ai_addr, count: Int(first.pointee.ai_addrlen)))
        return (first.pointee.ai_family, bytes)
    }

    /// Listens on exactly `host:port` (non-blocking); the port actually bound.
    static func listenTCP(host: String, port: Int) throws(LinkError) -> (fd: Int32, port: Int) {
        let (family, address) = try resolve(host, port, passive: true)
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw LinkError("cannot create a socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        let bound = address.withUnsafeBytes { bind(fd, $0.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(address.count)) }
        guard bound == 0, listen(fd, 64) == 0 else {
            let why = String(cString: strerror(errno))
            Glibc.close(fd)
            throw LinkError("cannot listen on \(host):\(port): \(why)")
        }
        setNonBlocking(fd)
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let actual = withUnsafeMutablePointer(to: &storage) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) == 0 ? p : nil }
        }
        var boundPort = port
        if let actual {
            let raw = UnsafeRawPointer(actual)
            // sin_port and sin6_port sit at the same offset, in network byte order.
            let be = raw.load(fromByteOffset: 2, as: UInt16.self)
            boundPort = Int(UInt16(bigEndian: be))
        }
        return (fd, boundPort)
    }

    /// Connects to `host:port` (blocking, then switched to non-blocking).
    static func connectTCP(host: String, port: Int) throws(LinkError) -> Int32 {
        let (family, address) = try resolve(host, port, passive: false)
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw LinkError("cannot create a socket: \(String(cString: strerror(errno)))") }
        let result = address.withUnsafeBytes { connect(fd, $0.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(address.count)) }
        guard result == 0 else {
            let why = String(cString: strerror(errno))
            Glibc.close(fd)
            throw LinkError("cannot reach \(host):\(port): \(why)")
        }
        var yes: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
        setNonBlocking(fd)
        return fd
    }
}

/// `HOST:PORT`, `[::1]:PORT`; nil when it is not one.
public func parseHostPort(_ text: String) -> (host: String, port: Int)? {
    let t = text.trimmingCharacters(in: .whitespaces)
    let host: Substring, port: Substring
    if t.hasPrefix("["), let close = t.firstIndex(of: "]") {
        host = t[t.index(after: t.startIndex)..<close]
        let rest = t[t.index(after: close)...]
        guard rest.hasPrefix(":") else { return nil }
        port = rest.dropFirst()
    } else {
        guard let colon = t.lastIndex(of: ":"), !t[..<colon].contains(":") else { return nil }
        host = t[..<colon]
        port = t[t.index(after: colon)...]
    }
    guard !host.isEmpty, let p = Int(port), (0...65_535).contains(p) else { return nil }
    return (String(host), p)
}
