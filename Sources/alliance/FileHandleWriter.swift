import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum FileHandleWriter {
    /// Writes bytes to a file descriptor, all of them (short writes are resumed).
    static func write(_ data: Data, fd: Int32) {
        data.withUnsafeBytes { buf in
            var offset = 0
            while offset < buf.count {
                #if canImport(Glibc)
                let n = Glibc.write(fd, buf.baseAddress! + offset, buf.count - offset)
                #else
                let n = Darwin.write(fd, buf.baseAddress! + offset, buf.count - offset)
                #endif
                if n <= 0 { return }
                offset += n
            }
        }
    }

    /// Writes all of `string` to a file descriptor.
    static func write(_ string: String, fd: Int32) {
        write(Data(string.utf8), fd: fd)
    }
}
