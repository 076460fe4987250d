import AllianceCore
import AllianceLogs
import AllianceTerminal
import AllianceUI
import Foundation
import Synchronization

/// `alliance open LOG --follow`: keeps reading a CSV log that another system is appending to
/// (`CSVLogTail`) and gives the dashboard the case with the new events as steps. Appends are
/// read when they settle, and at least every quarter of a second while they keep coming.
///
/// Reading takes only the appended bytes, on the main loop. The new events then extend the
/// case and its analysis in place (`LogCaseGrowth`, `Analysis.extend`), on the main loop too:
/// the cost follows the new events, not the log.
///
/// When they cannot extend it (a new partner, activity or actor, an event earlier than the
/// last step, a batch over `extendLimit` events: see `LogCaseGrowth`), the case and its
/// analysis are built again from the whole log on another thread (about 1.2 s a million
/// events, release build), so keys keep working meanwhile; events appended during a build
/// go into the next one. A finished build wakes the loop through a pipe.
final class LogFollower: CaseWatching {
    private let tail: CSVLogTail
    private let mapping: LogMapping?
    private let path: String
    private let watcher: FileWatcher
    /// The analysis the dashboard shows, and what extends its case (nil while a build runs,
    /// or once an extension failed: the next build gives a new one).
    private var analysis: Analysis
    private var growth: LogCaseGrowth?
    /// The most new events extended on the main loop at once; more are built on another thread.
    static let extendLimit = 200_000
    /// The loop's state (main thread only).
    private struct Loop {
        /// Set once the log cannot be followed any more (truncated): reported once.
        var stopped = false
        var building = false
        /// Events read since the dashboard's case was last updated.
        var pending = 0
    }
    private var loop = Loop()
    /// Finished builds, handed from the builder thread to the loop.
    private final class Finished: Sendable {
        let events = Mutex<[WatchEvent]>([])
        /// The last build's analysis and growth.
        let built = Mutex<(Analysis, LogCaseGrowth)?>(nil)
    }
    private let finished = Finished()
    /// The builder thread writes a byte when it finishes; the loop polls the read end.
    private let wake: (read: Int32, write: Int32)

    init(tail: CSVLogTail, mapping: LogMapping?, path: String, analysis: Analysis, growth: LogCaseGrowth?) throws(WatchError) {
        self.tail = tail
        self.analysis = analysis
        self.growth = growth
        self.mapping = mapping
        self.path = path
        watcher = try FileWatcher(paths: [path])
        watcher.quiet = 0.1
        watcher.longest = 0.25
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            throw WatchError("cannot follow \(path): \(String(cString: strerror(errno)))")
        }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        wake = (fds[0], fds[1])
    }

    deinit {
        close(wake.read)
        close(wake.write)
    }

    var descriptors: [pollfd] { [watcher.descriptor, pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)] }

    func timeout(now: Double) -> Int32? { watcher.timeout(now: now) }

    func events(now: Double) -> [WatchEvent] {
        var events: [WatchEvent] = []
        // A build that finished.
        var byte: UInt8 = 0
        while read(wake.read, &byte, 1) == 1 {}
        let done = finished.events.withLock { ready in
            defer { ready = [] }
            return ready
        }
        if !done.isEmpty {
            loop.building = false
            if let (analysis, growth) = finished.built.withLock({ b in defer { b = nil }; return b }) {
                self.analysis = analysis
                self.growth = growth
            }
            events += done
            // A reload clears the problems panel: the rows passed over stay listed.
            if !tail.skipped.isEmpty { events.append(.caseProblems(Self.newestFirst(tail.skipped))) }
        }
        // What was appended.
        if watcher.changes(now: now).contains(path), !loop.stopped {
            let skippedBefore = tail.skipped.count
            do {
                loop.pending += try tail.poll()
            } catch {
                if error.message.hasPrefix("the log is now shorter") { loop.stopped = true }
                events.append(.caseProblems([error.description]))
            }
            if tail.skipped.count > skippedBefore { events.append(.caseProblems(Self.newestFirst(tail.skipped))) }
        }
        guard !loop.building, loop.pending > 0 else { return events }
        // The new events extend the case in place when they can; else it is built again.
        let started = ProgressBar.now()
        if let growth, loop.pending <= Self.extendLimit, let g = growth.extend(tail.log) {
            let growth = CaseGrowth(stepsBefore: analysis.stepCount, patientsBefore: analysis.model.patients.count, patients: g.patients,
                                    steps: g.steps, info: g.info)
            if analysis.extend(growth) {
                FollowTiming.note(String(format: "extended by %d events (%d steps): %.2f ms", loop.pending, analysis.stepCount, (ProgressBar.now() - started) * 1000))
                events.append(.caseReloaded(ReloadedCase(analysis, appendedEvents: loop.pending, growth: growth)))
                // A reload clears the problems panel: the rows passed over stay listed.
                if !tail.skipped.isEmpty { events.append(.caseProblems(Self.newestFirst(tail.skipped))) }
                loop.pending = 0
                return events
            }
        }
        FollowTiming.note("\(loop.pending) events: built again on another thread")
        growth = nil
        startBuild(log: tail.log, gained: loop.pending)
        loop.building = true
        loop.pending = 0
        return events
    }

    private static func newestFirst(_ errors: [EventLogError]) -> [String] { errors.suffix(20).reversed().map(\.description) }

    private func startBuild(log: EventLog, gained: Int) {
        let mapping = self.mapping, finished = self.finished, signal = wake.write
        Thread.detachNewThread {
            let event: WatchEvent
            do throws(CaseFileError) {
                let builder = LogCaseBuilder(mapping: mapping)
                let (model, growth) = try builder.buildGrowable(log)
                try builder.validate(model, source: log.source)
                let analysis = Analysis(validated: model, growable: true)
                finished.built.withLock { $0 = (analysis, growth) }
                event = .caseReloaded(ReloadedCase(analysis, appendedEvents: gained))
            } catch {
                event = .caseProblems(CaseReloader.blocks(error))
            }
            finished.events.withLock { $0.append(event) }
            var byte: UInt8 = 1
            _ = write(signal, &byte, 1)
        }
    }
}

/// `ALLIANCE_FOLLOW_TIMING=FILE`: one line per update of a followed log (extended in place,
/// with its time, or built again), appended to FILE. For measurements: the dashboard holds
/// the terminal, so nothing goes to standard error.
enum FollowTiming {
    static let path = ProcessInfo.processInfo.environment["ALLIANCE_FOLLOW_TIMING"]

    static func note(_ line: @autoclosure () -> String) {
        guard let path, let handle = FileHandle(forWritingAtPath: path) ?? {
            FileManager.default.createFile(atPath: path, contents: nil)
            return FileHandle(forWritingAtPath: path)
        }() else { return }
        handle.seekToEndOfFile()
        handle.write(Data((line() + "\n").utf8))
        try? handle.close()
    }
}
