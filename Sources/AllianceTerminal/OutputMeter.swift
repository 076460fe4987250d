#if canImport(Glibc)
import Glibc
#endif

/// An in-memory stand-in for the terminal's output stream, to measure how many bytes
/// ncurses writes for a frame (for benchmarks and tests; no terminal needed).
public final class OutputMeter {
    private var buffer: UnsafeMutablePointer<CChar>?
    private var size: Int = 0
    public let stream: UnsafeMutablePointer<FILE>
    public let input: UnsafeMutablePointer<FILE>

    public init?() {
        var b: UnsafeMutablePointer<CChar>?
        var s: Int = 0
        guard let stream = open_memstream(&b, &s), let input = fopen("/dev/null", "r") else { return nil }
        self.stream = stream
        self.input = input
        buffer = b
        size = s
    }

    /// Bytes written so far.
    public var bytesWritten: Int {
        fflush(stream)
        return Int(ftell(stream))
    }

    deinit {
        fclose(stream)
        fclose(input)
        free(buffer)
    }
}
