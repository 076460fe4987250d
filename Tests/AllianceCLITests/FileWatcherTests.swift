import AllianceTerminal
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The watcher sees saves as editors make them, and a burst of writes as one change.
@Suite struct FileWatcherTests {
    /// Serves the watcher as the loop would (waiting on its descriptor and its timeout)
    /// for `seconds`, and returns every settled change, in order.
    func collect(_ w: FileWatcher, for seconds: Double, during act: () throws -> Void) rethrows -> [Set<String>] {
        try act()
        var out: [Set<String>] = []
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            var pfd = w.descriptor
            let now = Date().timeIntervalSince1970
            _ = poll(&pfd, 1, w.timeout(now: now) ?? 50)
            let changed = w.changes(now: Date().timeIntervalSince1970)
            if !changed.isEmpty { out.append(changed) }
        }
        return out
    }

    @Test func inPlaceRenameBurstDeleteAndRecreate() throws {
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("case.yaml").path
        let other = dir.appendingPathComponent("other.yaml").path
        try "a".write(toFile: file, atomically: false, encoding: .utf8)
        let w = try FileWatcher(paths: [file])
        // Written in place (truncate and write).
        #expect(try collect(w, for: 0.5) { try "b".write(toFile: file, atomically: false, encoding: .utf8) } == [[file]])
        // Saved by rename (as vim, VS Code and many editors do): a temporary file renamed over it.
        #expect(try collect(w, for: 0.5) { try "c".write(toFile: file, atomically: true, encoding: .utf8) } == [[file]])
        // A burst of writes, 20 ms apart: one change.
        #expect(try collect(w, for: 0.8) {
            for i in 0..<10 {
                try "d\(i)".write(toFile: file, atomically: false, encoding: .utf8)
                usleep(20_000)
            }
        } == [[file]])
        // Another file in the directory is none of its business.
        #expect(try collect(w, for: 0.4) { try "x".write(toFile: other, atomically: false, encoding: .utf8) } == [])
        // Deleted, then created again: each a change.
        #expect(try collect(w, for: 0.4) { unlink(file) } == [[file]])
        #expect(try collect(w, for: 0.4) { try "e".write(toFile: file, atomically: false, encoding: .utf8) } == [[file]])
    }

    @Test func aMissingDirectoryIsAnError() {
        #expect(throws: WatchError.self) { try FileWatcher(paths: ["/nonexistent-dir-for-alliance/x.yaml"]) }
    }
}
