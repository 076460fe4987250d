import AllianceCore
import AllianceLink
import AllianceLogs
import AllianceStore
import AllianceTerminal
import AllianceUI
import ArgumentParser
import Foundation

struct OpenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Open the interactive dashboard on a case (the built-in case by default), before its first step unless --at says otherwise.",
        usage: "alliance open [<file>] [--at <step>] [--patient <id>] [--theme <theme>]\n"
            + String(repeating: " ", count: 14) + "[--reveal <mode>]",
        discussion: """
            Keys: n/→/PgDn next step, p/←/PgUp previous, g/G first/last, [ ] patient, Tab focus, \
            j/k scroll, Enter details, s play/pause, + - pace, b blank, r staged reveal, t theme, \
            a annotate, A annotations, ? help, q quit.

            Annotations are kept in FILE.annotations.jsonl beside the case (the built-in case's in \
            $XDG_DATA_HOME/alliance/, default ~/.local/share/alliance/), each flushed to disk before \
            the input line closes.

            Needs a terminal; for a picture of one step \
            without a terminal use `alliance snapshot`, for the analysis as text `alliance report`.
            """
    )

    @OptionGroup var frame: FrameOptions

    @Option(name: .long, help: ArgumentHelp("The planned length of the session (45m, 1h30m, 90s; a bare number is minutes): the presenter view shows the time left and warns when the pace will overrun.", valueName: "duration"))
    var duration: String?

    @Option(name: .long, help: ArgumentHelp("all: each step shows everything at once; staged: the first press shows what happened, the second reveals the alerts, handoffs and knowledge it changed (r toggles).", valueName: "mode"))
    var reveal: RevealMode = .all

    enum RevealMode: String, ExpressibleByArgument, CaseIterable {
        case all, staged
    }

    @Option(name: .long, help: ArgumentHelp("Let participants follow on their own terminals: publish the session, read-only, on this address only (e.g. 10.0.0.5:7070, or 0.0.0.0:7070 for every interface). The room's screen shows the address and a join code for `alliance follow`.", valueName: "host:port"))
    var share: String?

    @Option(name: .long, help: LogOptions.formatHelp)
    var format: EventLogFormat?

    @OptionGroup(title: "Event logs") var log: LogOptions

    @Flag(name: .long, help: "Read the case file again whenever it changes on disk (and a theme file given by path): the dashboard keeps its step, patient and focus; a save with errors keeps the last good case on screen and shows the errors.")
    var watch = false

    @Flag(name: .long, help: "Keep reading a CSV event log that another system is still appending to, as tail -f does: new events become steps; the view stays where it is unless it is at the last step, which then follows the newest.")
    var follow = false

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        // Mistakes in the arguments and files are reported first, whether or not there is a terminal.
        try OpenCommand.rejectMistypedCommand(frame.file)
        let plannedSeconds = try duration.map { text -> Double in
            guard let seconds = OpenCommand.seconds(text) else {
                printError("error: --duration '\(TextSanitizer.singleLine(text))' is not a duration: write it as 45m, 1h30m, 90s or a number of minutes")
                throw Exit.usage
            }
            return seconds
        }
        let shareAddress = try share.map { text -> (host: String, port: Int) in
            guard let address = parseHostPort(text) else {
                printError("error: --share '\(TextSanitizer.singleLine(text))' is not an address: write it as HOST:PORT (10.0.0.5:7070, [::1]:7070)")
                throw Exit.usage
            }
            return address
        }
        if watch, frame.file == nil || frame.file == "-" {
            printError("error: --watch needs a case file to watch (the built-in case and standard input do not change); write one with `alliance new my-case.yaml`")
            throw Exit.usage
        }
        if watch, isLogPath(frame.file, options: log, format: format) {
            printError("error: --watch reads a case file again when it changes; an event log is read once (import it with `alliance import` to edit a case)")
            throw Exit.usage
        }
        // --follow: a CSV log, read as it grows.
        var tail: CSVLogTail?
        var followMapping: LogMapping?
        if follow {
            guard !watch else {
                printError("error: --follow keeps reading an event log, --watch re-reads a case file: give one of them")
                throw Exit.usage
            }
            guard let file = frame.file, file != "-", isLogPath(file, options: log, format: format),
                  (format ?? EventLogReader.format(ofExtension: file)) == .csv else {
                printError("error: --follow needs a CSV event log file that another system appends to (XES, OCEL, standard input and the built-in case are read once)")
                throw Exit.usage
            }
            followMapping = try loadMapping(log)
            do {
                tail = try CSVLogTail(path: file, options: EventLogReadOptions(format: .csv, fields: log.fields(over: followMapping)))
            } catch {
                printError(error.description)
                throw error.message.hasPrefix("cannot open") ? Exit.noInput : Exit.dataError
            }
            for notice in tail!.log.notices { printError("\(TextSanitizer.singleLine(file)): note: \(notice)") }
        }
        // The case lives in its analysis only: a followed log's case grows there in place,
        // which a second copy held here would turn into a copy of the whole timeline.
        let (analysis, name, step, patientIndex, growth) = try OpenCommand.analyse(frame: frame, log: log, format: format, tail: tail,
                                                                                  mapping: followMapping)
        do {
            try TerminalSession.checkUsable(environment: environment)
        } catch {
            throw OpenCommand.unavailable(error)
        }
        let choice = ThemeChoice.resolve(frame.theme, environment: environment)
        let state = AppState(analysis: analysis, step: step, patient: patientIndex, themeNames: choice.themes.map(\.name),
                             themeIndex: choice.index)
        var withNotice = state
        withNotice.setMechanisms(frame.mechanisms)
        withNotice.notice = choice.notice
        withNotice.colorsOff = choice.noColor
        // The session link for `alliance presenter`; the dashboard runs without it if it cannot be set up.
        // Sharing was asked for: if it cannot be done, say so and stop, before taking the terminal.
        let followers: LinkServer?
        do {
            followers = try shareAddress.map { a throws(LinkError) in try LinkServer(sharingOn: a.host, port: a.port, code: JoinCode.random()) }
        } catch {
            printError("alliance: cannot share the session: \(error.description)")
            throw ExitCode(69)
        }
        let link: RoomLink?
        do {
            link = try OpenCommand.roomLink(analysis: analysis, file: frame.file, environment: environment, duration: plannedSeconds,
                                            followers: followers)
        } catch {
            link = followers.map { f in
                RoomLink(server: nil, followers: f, caseText: "", followersCaseText: CaseFileEncoder().encode(RoomLink.forFollowers(analysis.model)),
                         path: nil, duration: plannedSeconds, now: WallClock.now())
            }
            withNotice.notice = "No presenter link: \(error.description)"
        }
        defer { link?.close() }

        withNotice.staged = reveal == .staged
        withNotice.followingLog = tail != nil
        // The room's annotations: the journal beside the case is replayed; what it could not
        // read is said on the first frame.
        let journal = AnnotationFiles.path(forCaseFile: frame.file, environment: environment).map { RoomJournal(store: AnnotationStore(path: $0)) }
        withNotice.annotations.enabled = true
        if let journal {
            withNotice.annotations.list = journal.store.annotations
            withNotice.annotations.journal = journal.store.path
            if let n = AnnotationFiles.openNotice(journal.store) {
                withNotice.notice = withNotice.notice.map { "\($0) \u{2022} \(n)" } ?? n
            }
        } else {
            withNotice.notice = "Annotations are kept in memory only: neither XDG_DATA_HOME nor HOME is set."
        }
        // --watch: the case file and a theme file given by path.
        var reloader: CaseReloader?
        if watch, let file = frame.file {
            let path = URL(fileURLWithPath: file).standardizedFileURL.path
            let themePath = frame.theme.flatMap { ThemeCatalog.builtin(named: $0) == nil ? URL(fileURLWithPath: $0).standardizedFileURL.path : nil }
            do {
                reloader = try CaseReloader(casePath: path, caseText: (try? CaseFileDecoder.readText(path: path)) ?? "", themePath: themePath,
                                            themeLoaded: !(choice.notice?.hasPrefix("Theme not loaded") ?? false))
            } catch {
                printError("alliance: cannot watch \(TextSanitizer.singleLine(file)): \(error.description)")
                throw ExitCode(69)
            }
        }
        var watcher: (any CaseWatching)? = reloader
        if let tail, let file = frame.file {
            do throws(WatchError) {
                watcher = try LogFollower(tail: tail, mapping: followMapping, path: URL(fileURLWithPath: file).standardizedFileURL.path,
                                          analysis: analysis, growth: growth)
            } catch {
                printError("alliance: cannot follow \(TextSanitizer.singleLine(file)): \(error.description)")
                throw ExitCode(69)
            }
        }
        let ending: TerminalApp.Ending
        do {
            ending = try TerminalApp.run(withNotice, themes: choice.themes, noColor: choice.noColor, link: link, journal: journal, watcher: watcher,
                                         clock: WallClock.now,
                                         afterFirstFrame: OpenCommand.testCrashHook)
        } catch {
            throw OpenCommand.unavailable(error)
        }
        // Annotations still unsaved: one last try, else they go to standard error, never lost silently.
        if let store = journal?.store, !store.pending.isEmpty, !store.save(now: 0) {
            printError("alliance: \(store.pending.count) annotation change(s) could not be saved to \(store.path): \(store.warning ?? "")")
            printError("alliance: here they are, as journal lines (append them to the journal to keep them):")
            for change in store.pending { printError(String(decoding: AnnotationJournal.line(change).dropLast(), as: UTF8.self)) }
        }
        switch ending {
        case .quit, .roomClosed: return
        case .signal(let signal):
            link?.close()  // the socket goes before the process does
            SignalTrap.dieBy(signal)  // the terminal is restored: die as the signal asks
        case .lost:
            printError("alliance: the terminal went away")
            throw ExitCode(74)  // EX_IOERR
        }
    }

    /// The case to open, analysed, with the step and patient asked for; a followed log's
    /// case comes with what extends it as the log grows.
    static func analyse(frame: FrameOptions, log: LogOptions, format: EventLogFormat?, tail: CSVLogTail?, mapping: LogMapping?) throws
        -> (analysis: Analysis, name: String, step: Int, patient: Int?, growth: LogCaseGrowth?)
    {
        var growth: LogCaseGrowth?
        let (model, name) = try tail.map { t in
            let built = try buildGrowableCase(t.log, mapping: mapping)
            growth = built.growth
            return (built.model, built.name)
        } ?? loadCase(frame.file, log: log, format: format)
        let step = try resolveStep(frame.at, in: model, name: name) ?? 0
        let patient = try resolvePatient(frame.patient, in: model)
        try checkMechanisms(frame.mechanisms, in: model, name: name)
        return (Analysis(validated: model, growable: growth != nil), name, step, patient, growth)
    }

    /// Sets up the session's socket: its id comes from the case's file name (`builtin` for the
    /// built-in case), the presenter gets the case as YAML.
    static func roomLink(analysis: Analysis, file: String?, environment: [String: String], duration: Double?,
                         followers: LinkServer?) throws(LinkError) -> RoomLink {
        let dir = try SessionDirectory.user(environment: environment)
        let path = file.flatMap { $0 == "-" ? nil : URL(fileURLWithPath: $0).standardizedFileURL.path }
        let server = try LinkServer(directory: dir, baseID: SessionDirectory.baseID(forCasePath: path ?? (file == "-" ? "stdin" : nil)),
                                    info: SessionInfo(id: "", path: path, title: analysis.model.info.title, pid: getpid()))
        return RoomLink(server: server, followers: followers, caseText: { CaseFileEncoder().encode(analysis.model) },
                        followersCaseText: followers == nil ? "" : CaseFileEncoder().encode(RoomLink.forFollowers(analysis.model)),
                        path: path, duration: duration, now: WallClock.now())
    }

    /// `45m`, `1h30m`, `90s`, `1h`, `45` (minutes) in seconds; nil when it is none of these.
    static func seconds(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let minutes = Double(t), minutes > 0 { return minutes * 60 }
        var total = 0.0, number = "", units = Set<Character>()
        for ch in t {
            if ch.isNumber || ch == "." { number.append(ch); continue }
            guard ["h", "m", "s"].contains(ch), let v = Double(number), !units.contains(ch) else { return nil }
            units.insert(ch)
            total += v * (ch == "h" ? 3600 : ch == "m" ? 60 : 1)
            number = ""
        }
        guard number.isEmpty, total > 0 else { return nil }
        return total
    }

    /// For the end-to-end tests of the crash paths (debug builds only): with
    /// `ALLIANCE_TEST_CRASH_AFTER_FIRST_FRAME=1`, a Swift trap after the first frame; with
    /// `=stack-overflow`, unbounded recursion.
    static func testCrashHook() {
        #if DEBUG
        switch ProcessInfo.processInfo.environment["ALLIANCE_TEST_CRASH_AFTER_FIRST_FRAME"] {
        case "1": fatalError("crash requested by ALLIANCE_TEST_CRASH_AFTER_FIRST_FRAME")
        case "stack-overflow": print(recurse(1))
        default: break
        }
        #endif
    }

    #if DEBUG
    /// Recursion the optimiser cannot turn into a loop.
    @inline(never) static func recurse(_ n: Int) -> Int {
        var frame = [Int](repeating: n, count: 64)
        frame.withUnsafeMutableBufferPointer { $0[0] = recurse(n + 1) }
        return frame[0] + frame[63]
    }
    #endif

    /// `alliance reprot`: the default command takes `reprot` for a case file. When no such file
    /// exists and the word is close to a command's name, say which command was meant (exit 64).
    static func rejectMistypedCommand(_ file: String?) throws {
        guard let file, !file.contains("/"), !file.contains("."), !FileManager.default.fileExists(atPath: file) else { return }
        let names = AllianceCommand.configuration.subcommands.compactMap { $0.configuration.commandName }
            .filter { $0 != ProfileRenderCommand.configuration.commandName }
        guard let meant = Suggestions.closest(to: file, in: names) else { return }
        printError("""
            error: '\(TextSanitizer.singleLine(file))' is not a command, and no file has that name (did you mean `\(meant)`?)
            The commands are: \(names.joined(separator: ", ")). See `alliance --help`.
            """)
        throw Exit.usage
    }

    /// Says why there is no dashboard and what to use instead; exit status 69 (EX_UNAVAILABLE).
    static func unavailable(_ error: TerminalUnavailable) -> ExitCode {
        printError("""
            alliance: cannot open the dashboard: \(error).
            Try `alliance report` for the analysis as text, or `alliance snapshot` for a picture of one step.
            """)
        return ExitCode(69)
    }
}

/// The themes the dashboard cycles through, and which one it starts with.
struct ThemeChoice {
    var themes: [Theme]
    var index: Int
    var noColor: Bool
    var notice: String?

    /// `--theme NAME|PATH`, NO_COLOR, and the fall-back to `default` (with a notice) when a theme cannot be loaded.
    static func resolve(_ requested: String?, environment: [String: String]) -> ThemeChoice {
        var themes = ThemeCatalog.builtins
        let noColor = ThemeCatalog.noColorRequested(environment: environment)
        guard let requested else {
            let start = noColor ? themes.firstIndex { $0.name == "monochrome" } ?? 0 : 0
            return ThemeChoice(themes: themes, index: start, noColor: noColor, notice: noColor ? "NO_COLOR is set: monochrome" : nil)
        }
        do {
            let theme = try ThemeCatalog.load(nameOrPath: requested)
            if let i = themes.firstIndex(where: { $0.name == theme.name && ThemeCatalog.builtin(named: requested) != nil }) {
                return ThemeChoice(themes: themes, index: i, noColor: noColor, notice: nil)
            }
            themes.insert(theme, at: 0)
            return ThemeChoice(themes: themes, index: 0, noColor: noColor, notice: nil)
        } catch {
            let first = error.diagnostics.first.map(\.description) ?? "cannot be loaded"
            return ThemeChoice(themes: themes, index: 0, noColor: noColor,
                               notice: "Theme not loaded, using default: \(first) (run `alliance check` on it)")
        }
    }
}
