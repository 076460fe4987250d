#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Follows a CSV log that another system is still appending to, as `tail -f` does: the
/// first read takes the header and every whole record; each `poll()` reads only the bytes
/// appended since, and adds the whole records among them to `log` (a record whose line
/// break has not been written yet is read on a later poll). The columns and names found at
/// the start stay: an appended row is read against the same header.
///
/// A log that gets shorter than what was read (truncated, or replaced by a smaller file) is
/// an error: what was read may no longer be in it. Gzip data cannot be followed.
public final class CSVLogTail {
    private var parser: CSVParser
    private let fd: Int32
    /// Bytes of the file read as a header and whole records.
    public private(set) var offset: Int

    /// The events read so far.
    public var log: EventLog { parser.log }

    public init(path: String, options: EventLogReadOptions = EventLogReadOptions()) throws(EventLogError) {
        let source = try ByteSource(path: path)
        if source.isGzip {
            throw EventLogError(source: path, line: 0, column: 0, message: "a gzip log cannot be followed (it is read whole: open it without --follow)")
        }
        var parser = CSVParser(source: source, options: options)
        parser.tailMode = true
        do {
            _ = try parser.run()
        } catch {
            parser.release()
            throw error
        }
        let opened = open(path, O_RDONLY | O_CLOEXEC)
        guard opened >= 0 else {
            parser.release()
            throw EventLogError(source: path, line: 0, column: 0, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        parser.skipBadRecords = true
        self.parser = parser
        fd = opened
        offset = parser.consumed
    }

    deinit {
        parser.release()
        close(fd)
    }

    /// Appended rows that could not be read (each named by line and column), in file
    /// order: they were passed over, the rows after them read.
    public var skipped: [EventLogError] { parser.skippedErrors }

    /// Reads what was appended since the last read; returns the number of events added to
    /// `log` (0 when nothing whole was appended). A row that cannot be read is passed over
    /// and added to `skipped`. A file shorter than what was read is an error (and stays one).
    @discardableResult
    public func poll() throws(EventLogError) -> Int {
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw EventLogError(source: parser.log.source, line: 0, column: 0, message: "cannot read: \(String(cString: strerror(errno)))")
        }
        let size = Int(info.st_size)
        if size < offset {
            throw EventLogError(source: parser.log.source, line: 0, column: 0, byteOffset: size,
                                message: "the log is now shorter (\(size) bytes) than what was read (\(offset) bytes): truncated or replaced; following stopped")
        }
        guard size > offset, lseek(fd, off_t(offset), SEEK_SET) == off_t(offset) else { return 0 }
        let before = parser.log.count
        let source = ByteSource(following: fd, name: parser.log.source, bytes: size - offset)
        do {
            offset += try parser.readMore(source)
        } catch {
            offset += parser.consumed
            throw error
        }
        return parser.log.count - before
    }
}
