import AllianceCore
import AllianceStore
import AllianceTerminal
import AllianceUI
import Foundation

/// The room's journal as the terminal loop uses it: records, retries, says what happened.
final class RoomJournal: AnnotationJournaling {
    let store: AnnotationStore

    init(store: AnnotationStore) { self.store = store }

    var unsavedIDs: Set<String> { store.unsavedIDs }
    var warning: String? { store.warning }

    func record(_ change: AnnotationChange, now: Double) -> String? {
        // Not saved: the footer shows the store's warning instead of a notice.
        guard store.record(change, now: now) else { return nil }
        let name = (store.path as NSString).lastPathComponent
        let done: String
        switch change {
        case .add(let a): done = "Annotation saved (step \(a.step)) in \(name)"
        case .edit: done = "Annotation edited and saved in \(name)"
        case .delete: done = "Annotation deleted; saved in \(name)"
        }
        return store.recovery ?? done + "."
    }

    func retry(now: Double) -> String? {
        guard store.retryDue(now: now) else { return nil }
        return store.save(now: now) ? store.recovery : nil
    }

    func timeout(now: Double) -> Int32? {
        store.secondsUntilRetry(now: now).map { Int32(min(60_000, ($0 * 1000).rounded(.up))) }
    }
}

enum AnnotationFiles {
    /// The journal of a case (`file` nil: the built-in case; `-`: standard input).
    static func path(forCaseFile file: String?, environment: [String: String]) -> String? {
        AnnotationStore.journalPath(forCaseFile: file, environment: environment)
    }

    /// What opening the journal found wrong, in one line for the dashboard's notice.
    static func openNotice(_ store: AnnotationStore) -> String? {
        let name = (store.path as NSString).lastPathComponent
        if let e = store.readError { return "Annotations journal \(name) could not be read (\(e)); new annotations are still saved when possible." }
        guard let first = store.problems.first else { return nil }
        let more = store.problems.count > 1 ? " (and \(store.problems.count - 1) more lines skipped)" : ""
        return "Annotations journal \(name): \(first)\(more)."
    }

    /// The annotations of a case for a report, up to step `step`; problems are reported on
    /// standard error. nil when there is no journal (or no place for one).
    static func forReport(caseFile: String?, step: Int, environment: [String: String]) -> [Annotation]? {
        guard let path = path(forCaseFile: caseFile, environment: environment),
              FileManager.default.fileExists(atPath: path) else { return nil }
        let store = AnnotationStore(path: path)
        if let e = store.readError { printError("alliance: annotations not included: cannot read \(path): \(e)") }
        for p in store.problems { printError("alliance: \(path): \(p)") }
        return store.annotations.filter { $0.step <= step }
    }
}
