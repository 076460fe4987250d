#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum FileHandleWriter {
    /// Writes all of `string` to a file descriptor, retrying short writes.
    static func write(_ string: String, fd: Int32) {
        var bytes = Array(string.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { buf in
                #if canImport(Glibc)
                Glibc.write(fd, buf.baseAddress! + offset, buf.count - offset)
                #else
                Darwin.write(fd, buf.baseAddress! + offset, buf.count - offset)
                #endif
            }
            if n <= 0 { return }
            offset += n
        }
    }
}
