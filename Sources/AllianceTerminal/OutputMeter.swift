#if canImport(Glibc)
import Glibc
#endif

/// A stand-in for the terminal's output: an anonymous temporary file, to measure how many
/// bytes ncurses writes for a frame (for benchmarks and tests; no terminal needed).
/// ncurses writes to the stream's file descriptor, so the size is read from the file.
public final class OutputMeter {
    public let stream: UnsafeMutablePointer<FILE>
    public let input: UnsafeMutablePointer<FILE>

    public init?() {
        guard let stream = tmpfile(), let input = fopen("/dev/null", "r") else { return nil }
        self.stream = stream
        self.input = input
    }

    /// Bytes written so far.
    public var bytesWritten: Int {
        fflush(stream)
        var info = stat()
        guard fstat(fileno(stream), &info) == 0 else { return 0 }
        return Int(info.st_size)
    }

    deinit {
        fclose(stream)
        fclose(input)
    }
}
