import AllianceCore
import AllianceTerminal
import AllianceUI
import Foundation

/// `alliance open FILE --watch`: reads the case (and a theme file given by path) again when it
/// changes on disk. A new text that reads becomes the case on screen; one with errors leaves
/// the last good case there and shows its errors as `check` prints them; a file that is gone
/// says so. Saves by rename, in place, and bursts of writes all come through `FileWatcher`.
final class CaseReloader: CaseWatching {
    let casePath: String
    let themePath: String?
    private let watcher: FileWatcher
    private var lastText: String?
    private var lastThemeText: String?
    /// Whether the theme file was read at start (it is then the first theme).
    private var themeLoaded: Bool

    init(casePath: String, caseText: String, themePath: String?, themeLoaded: Bool) throws(WatchError) {
        self.themeLoaded = themeLoaded
        self.casePath = casePath
        self.themePath = themePath
        lastText = caseText
        lastThemeText = themePath.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) }
        watcher = try FileWatcher(paths: [casePath] + (themePath.map { [$0] } ?? []))
    }

    var descriptors: [pollfd] { [watcher.descriptor] }

    func timeout(now: Double) -> Int32? { watcher.timeout(now: now) }

    func events(now: Double) -> [WatchEvent] {
        let changed = watcher.changes(now: now)
        var events: [WatchEvent] = []
        if changed.contains(casePath), let e = reloadCase() { events.append(e) }
        if let themePath, changed.contains(themePath), let e = reloadTheme(themePath) { events.append(e) }
        return events
    }

    private func reloadCase() -> WatchEvent? {
        guard FileManager.default.fileExists(atPath: casePath) else {
            lastText = nil
            return .caseProblems(["\(casePath): the file is gone (deleted or being replaced); the last good version stays on screen"])
        }
        let text: String
        do { text = try CaseFileDecoder.readText(path: casePath) } catch {
            return .caseProblems(Self.blocks(error))
        }
        // Touched but not changed (an editor's save without edits, a chmod): nothing to do.
        guard text != lastText else { return nil }
        lastText = text
        do {
            let model = try CaseFileDecoder().decode(yaml: text, path: casePath)
            return .caseReloaded(ReloadedCase(Analysis(validated: model)))
        } catch {
            return .caseProblems(Self.blocks(error))
        }
    }

    private func reloadTheme(_ path: String) -> WatchEvent? {
        let text = try? String(contentsOfFile: path, encoding: .utf8)
        guard text != lastThemeText else { return nil }
        lastThemeText = text
        do {
            let theme = try ThemeFileDecoder().load(path: path)
            defer { themeLoaded = true }
            return .themeReloaded(theme, replacing: themeLoaded)
        } catch {
            return .caseProblems(Self.blocks(error))
        }
    }

    /// One block per problem, as `check` prints it: `path:line:column: error: …`, the line, the caret.
    static func blocks(_ error: CaseFileError) -> [String] {
        error.diagnostics.map { $0.rendered(source: error.source) }
    }
}
