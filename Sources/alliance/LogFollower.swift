import AllianceCore
import AllianceLogs
import AllianceTerminal
import AllianceUI
import Foundation

/// `alliance open LOG --follow`: keeps reading a CSV log that another system is appending to
/// (`CSVLogTail`) and gives the dashboard the case with the new events as steps. Appends are
/// read when they settle, and at least once a second while they keep coming.
///
/// The case and its analysis are built again from the whole log at each read (linear in the
/// log: about 1.5 s a million events, release build); the reading itself takes only the
/// appended bytes.
final class LogFollower: CaseWatching {
    private let tail: CSVLogTail
    private let mapping: LogMapping?
    private let path: String
    private let watcher: FileWatcher
    /// Set once the log cannot be followed any more (truncated): reported once.
    private var stopped = false

    init(tail: CSVLogTail, mapping: LogMapping?, path: String) throws(WatchError) {
        self.tail = tail
        self.mapping = mapping
        self.path = path
        watcher = try FileWatcher(paths: [path])
        watcher.quiet = 0.1
        watcher.longest = 1
    }

    var descriptors: [pollfd] { [watcher.descriptor] }

    func timeout(now: Double) -> Int32? { watcher.timeout(now: now) }

    func events(now: Double) -> [WatchEvent] {
        guard watcher.changes(now: now).contains(path), !stopped else { return [] }
        let gained: Int
        let skippedBefore = tail.skipped.count
        do {
            gained = try tail.poll()
        } catch {
            if error.message.hasPrefix("the log is now shorter") { stopped = true }
            return [.caseProblems([error.description])]
        }
        var events: [WatchEvent] = []
        if gained > 0 {
            do {
                let builder = LogCaseBuilder(mapping: mapping)
                let model = try builder.buildUnvalidated(tail.log)
                try builder.validate(model, source: tail.log.source)
                events.append(.caseReloaded(ReloadedCase(Analysis(validated: model), appendedEvents: gained)))
            } catch {
                return [.caseProblems(CaseReloader.blocks(error))]
            }
        }
        // Rows passed over (newest last): shown after the reload, which clears the panel.
        if tail.skipped.count > skippedBefore { events.append(.caseProblems(tail.skipped.suffix(20).reversed().map(\.description))) }
        return events
    }
}
