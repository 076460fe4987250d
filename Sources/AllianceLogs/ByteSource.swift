import CZlib

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The bytes of a file (or standard input for `-`), read in chunks and, when the data starts
/// with the gzip magic bytes (`1f 8b`), inflated on the fly (several gzip members one after
/// another are read as one stream, as `gzip -d` does). Never holds more than one chunk of
/// the file: memory does not grow with the file's size.
///
/// A truncated or corrupt gzip stream is an `EventLogError` naming the file and the byte
/// offset in the compressed file where inflating stopped.
final class ByteSource {
    /// The name messages use: the path, or `<stdin>`.
    let name: String
    /// The file's size in bytes (compressed size for gzip), when it is a regular file.
    let totalBytes: Int?
    /// The path of a file opened by its path (nil for standard input and followed
    /// descriptors): a two-part read (`XESParallelRead`) opens it again.
    let filePath: String?
    /// Whether the data is gzip-compressed.
    private(set) var isGzip = false
    /// Bytes read from the file so far (compressed bytes for gzip): the progress figure.
    private(set) var rawBytesRead = 0

    static let chunkSize = 4 << 20

    private let fd: Int32
    private let ownsFD: Bool
    private var rawEOF = false
    /// Raw input read ahead (the sniffed first bytes; gzip input).
    private let inBuffer: UnsafeMutablePointer<UInt8>
    private var inStart = 0
    private var inEnd = 0
    private var stream: UnsafeMutablePointer<z_stream>?
    /// Between two gzip members (or before the first): the end of the data is not an error here.
    private var atMemberBoundary = true
    private var finished = false

    init(path: String) throws(EventLogError) {
        if path == "-" {
            name = "<stdin>"
            filePath = nil
            fd = 0
            ownsFD = false
            totalBytes = nil
        } else {
            name = path
            filePath = path
            let opened = try ByteSource.openFile(path)
            fd = opened
            ownsFD = true
            var info = stat()
            if fstat(opened, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG {
                totalBytes = Int(info.st_size)
            } else {
                totalBytes = nil
            }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                close(opened)
                throw EventLogError(source: path, line: 0, column: 0, message: "is a directory, not an event log")
            }
        }
        inBuffer = .allocate(capacity: ByteSource.chunkSize)
        // Sniff: read until at least two bytes are in (or the end).
        do {
            while inEnd < 2, !rawEOF { try fillRaw() }
        } catch {
            release()
            throw error
        }
        if inEnd >= 2, inBuffer[0] == 0x1f, inBuffer[1] == 0x8b {
            isGzip = true
            let z = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            z.initialize(to: z_stream())
            // 15 + 16: a gzip header and trailer (CRC and length checked).
            if inflateInit2_(z, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) != Z_OK {
                z.deallocate()
                release()
                throw EventLogError(source: name, line: 0, column: 0, message: "cannot start inflating gzip data")
            }
            stream = z
        }
    }

    /// The next `bytes` bytes of an open file, from its current offset, as plain data (no
    /// gzip): what a log that is being appended to gained since the last read. The
    /// descriptor stays open (the caller owns it).
    init(following fd: Int32, name: String, bytes: Int) {
        self.name = name
        filePath = nil
        self.fd = fd
        ownsFD = false
        totalBytes = bytes
        remaining = bytes
        inBuffer = .allocate(capacity: ByteSource.chunkSize)
    }

    /// The file at `path`, opened to read; an error says why it cannot be.
    private static func openFile(_ path: String) throws(EventLogError) -> Int32 {
        let opened = open(path, O_RDONLY | O_CLOEXEC)
        if opened < 0 {
            let reason = String(cString: strerror(errno))
            throw EventLogError(source: path, line: 0, column: 0, message: "cannot open: \(reason)")
        }
        return opened
    }

    /// The bytes `range` of the regular file at `path`, as plain data (no gzip): one part of a
    /// file read in two parts (`XESParallelRead`). `totalBytes` is the range's length.
    init(path: String, range: Range<Int>) throws(EventLogError) {
        name = path
        filePath = path
        let opened = try ByteSource.openFile(path)
        if lseek(opened, off_t(range.lowerBound), SEEK_SET) < 0 {
            let reason = String(cString: strerror(errno))
            close(opened)
            throw EventLogError(source: path, line: 0, column: 0, byteOffset: range.lowerBound, message: "cannot read: \(reason)")
        }
        fd = opened
        ownsFD = true
        totalBytes = range.count
        remaining = range.count
        inBuffer = .allocate(capacity: ByteSource.chunkSize)
    }

    /// Bytes the source may still read from the descriptor (`init(following:)`); else unbounded.
    private var remaining = Int.max

    deinit { release() }

    private func release() {
        if let stream {
            inflateEnd(stream)
            stream.deallocate()
            self.stream = nil
        }
        if ownsFD, fd >= 0 { close(fd) }
        inBuffer.deallocate()
    }

    /// Reads more raw bytes behind `inEnd` (after moving unread ones to the front).
    private func fillRaw() throws(EventLogError) {
        if inStart > 0 {
            let pending = inEnd - inStart
            if pending > 0 { memmove(inBuffer, inBuffer + inStart, pending) }
            inStart = 0
            inEnd = pending
        }
        // 1 MB at a time: compressed input moves the progress figure in small steps.
        let room = min(ByteSource.chunkSize - inEnd, 1 << 20, remaining)
        if remaining == 0 { rawEOF = true; return }
        if room == 0 { return }
        while true {
            let n = Glibc.read(fd, inBuffer + inEnd, room)
            if n < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                throw EventLogError(source: name, line: 0, column: 0, byteOffset: rawBytesRead, message: "cannot read: \(reason)")
            }
            if n == 0 { rawEOF = true }
            inEnd += n
            rawBytesRead += n
            if remaining != .max { remaining -= n }
            return
        }
    }

    /// Decompressed bytes read ahead by `peek`, served before anything else.
    private var peeked: [UInt8] = []

    /// The first bytes of the (decompressed) data, up to `count`, without consuming them.
    func peek(_ count: Int) throws(EventLogError) -> [UInt8] {
        if peeked.count < count {
            var more = [UInt8](repeating: 0, count: count - peeked.count)
            var got = 0
            while got < more.count {
                let n = try more.withUnsafeMutableBufferPointer { (buffer) throws(EventLogError) -> Int in
                    try readData(into: buffer.baseAddress! + got, capacity: buffer.count - got)
                }
                if n == 0 { break }
                got += n
            }
            peeked += more[0..<got]
        }
        return Array(peeked.prefix(count))
    }

    /// Fills `destination` with up to `capacity` bytes of (decompressed) data; 0 at the end.
    func read(into destination: UnsafeMutablePointer<UInt8>, capacity: Int) throws(EventLogError) -> Int {
        if !peeked.isEmpty {
            let n = min(capacity, peeked.count)
            peeked.withUnsafeBufferPointer { destination.update(from: $0.baseAddress!, count: n) }
            peeked.removeFirst(n)
            return n
        }
        return try readData(into: destination, capacity: capacity)
    }

    private func readData(into destination: UnsafeMutablePointer<UInt8>, capacity: Int) throws(EventLogError) -> Int {
        if finished || capacity == 0 { return 0 }
        guard let z = stream else {
            // Plain data: the sniffed bytes first, then straight from the file.
            if inStart < inEnd {
                let n = min(capacity, inEnd - inStart)
                memcpy(destination, inBuffer + inStart, n)
                inStart += n
                return n
            }
            if rawEOF || remaining == 0 { finished = true; return 0 }
            while true {
                let n = Glibc.read(fd, destination, min(capacity, remaining))
                if n < 0 {
                    if errno == EINTR { continue }
                    let reason = String(cString: strerror(errno))
                    throw EventLogError(source: name, line: 0, column: 0, byteOffset: rawBytesRead, message: "cannot read: \(reason)")
                }
                if n == 0 { rawEOF = true; finished = true }
                rawBytesRead += n
                if remaining != .max { remaining -= n }
                return n
            }
        }
        var produced = 0
        while produced < capacity {
            if inStart == inEnd {
                if rawEOF {
                    if atMemberBoundary { finished = true; return produced }
                    throw EventLogError(
                        source: name, line: 0, column: 0, byteOffset: rawBytesRead,
                        message: "truncated gzip data: the compressed stream ends before its end marker")
                }
                try fillRaw()
                continue
            }
            z.pointee.next_in = inBuffer + inStart
            z.pointee.avail_in = UInt32(inEnd - inStart)
            z.pointee.next_out = destination + produced
            z.pointee.avail_out = UInt32(capacity - produced)
            let status = inflate(z, Z_NO_FLUSH)
            let consumed = (inEnd - inStart) - Int(z.pointee.avail_in)
            let made = (capacity - produced) - Int(z.pointee.avail_out)
            inStart += consumed
            produced += made
            if consumed > 0 || made > 0 { atMemberBoundary = false }
            switch status {
            case Z_OK, Z_BUF_ERROR:
                if status == Z_BUF_ERROR && consumed == 0 && made == 0 && inStart < inEnd {
                    throw corrupt("inflate made no progress")
                }
            case Z_STREAM_END:
                atMemberBoundary = true
                inflateReset(z)
                // Another member may follow; trailing zero bytes (tape padding) are ignored.
                if inStart == inEnd, !rawEOF { try fillRaw() }
                if allZero(inBuffer + inStart, inEnd - inStart) && rawEOF {
                    inStart = inEnd
                    finished = true
                    return produced
                }
            default:
                let detail = z.pointee.msg.map { String(cString: $0) } ?? "error \(status)"
                throw corrupt(detail)
            }
        }
        return produced
    }

    private func corrupt(_ detail: String) -> EventLogError {
        EventLogError(
            source: name, line: 0, column: 0, byteOffset: rawBytesRead - (inEnd - inStart),
            message: "corrupt gzip data (\(detail))")
    }

    private func allZero(_ p: UnsafeMutablePointer<UInt8>, _ n: Int) -> Bool {
        for i in 0..<n where p[i] != 0 { return false }
        return true
    }
}

/// A window over a `ByteSource` for the parsers: the bytes `[start, end)` of `base` are
/// unread; `refill(keeping:)` moves the bytes from an index on to the front and reads more
/// behind them, growing the window only when a single record or tag does not fit, up to
/// `limit` bytes (the caller reports a record longer than that). A struct owned by the
/// parser (which calls `release()`), so reading its fields costs no exclusivity checks.
struct InputWindow {
    let source: ByteSource
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    /// Valid bytes are `base[0..<end]`.
    private(set) var end = 0
    /// File offset (decompressed) of `base[0]`.
    private(set) var baseOffset = 0
    private(set) var atEOF = false
    let limit: Int
    private var progress: (@Sendable (Int, Int?) -> Void)?
    private var lastReported = 0

    init(source: ByteSource, limit: Int, progress: (@Sendable (Int, Int?) -> Void)?) {
        self.source = source
        self.limit = limit
        self.progress = progress
        capacity = ByteSource.chunkSize
        base = .allocate(capacity: capacity + 8)
    }

    func release() { base.deallocate() }

    /// Before the first read: the source's first byte is at file offset `offset` (a byte
    /// range of a file), so positions are the file's.
    mutating func start(atOffset offset: Int) {
        precondition(end == 0 && baseOffset == 0)
        baseOffset = offset
    }

    /// Keeps `base[keep..<end]` (moved to index 0) and reads more behind it. Returns the
    /// shift applied to indices (subtract it), or nil when nothing more could be read
    /// (end of data, or the kept bytes already fill `limit`).
    mutating func refill(keeping keep: Int) throws(EventLogError) -> Int? {
        if atEOF { return nil }
        let kept = end - keep
        if keep > 0 {
            if kept > 0 { memmove(base, base + keep, kept) }
            baseOffset += keep
            end = kept
        }
        if end == capacity {
            if capacity >= limit { return nil }
            let grown = min(limit, capacity * 2)
            let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: grown + 8)
            newBase.update(from: base, count: end)
            base.deallocate()
            base = newBase
            capacity = grown
        }
        // Read until the window is full or the data ends, so chunks stay large.
        while end < capacity {
            let n = try source.read(into: base + end, capacity: capacity - end)
            if n == 0 { atEOF = true; break }
            end += n
        }
        base[end] = 0  // a sentinel for scanners that look one byte ahead
        reportProgress(final: atEOF)
        return keep
    }

    mutating func reportProgress(final: Bool) {
        guard let progress else { return }
        let done = source.rawBytesRead
        let step = max(1 << 20, (source.totalBytes ?? 0) / 100)
        if final || done - lastReported >= step {
            lastReported = done
            progress(done, source.totalBytes)
        }
    }
}
