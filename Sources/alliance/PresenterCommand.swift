import AllianceCore
import AllianceLink
import AllianceTerminal
import AllianceUI
import ArgumentParser
import Foundation

extension RoomLink: RoomLoopLink {}

extension PresenterConnection: PresenterLoopLink {}

struct PresenterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "presenter",
        abstract: "The presenter view of a running dashboard, for the facilitator's own screen: the step with its note and question, the next step and the alerts it will raise, the pause points ahead, the clock.",
        discussion: """
            Start the room's screen first (`alliance open [FILE]`, on the projector), then run \
            `alliance presenter` in another terminal on the same machine. Keys in either move both; \
            q quits the presenter view only; a sends an annotation for the room's step, which the \
            room saves in its journal. With several rooms running, name one with --session \
            or by its case file.
            """
    )

    @Argument(help: "The case file of the room to join (when several are running).", completion: .file(extensions: ["yaml", "yml"]))
    var file: String?

    @Option(name: .long, help: ArgumentHelp("The session to join (its id, as `alliance presenter` lists them).", valueName: "id"))
    var session: String?

    @Option(name: .long, help: ArgumentHelp("A theme name (see `alliance themes`) or a theme file.", valueName: "theme"))
    var theme: String?

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let dir: SessionDirectory
        do { dir = try SessionDirectory.user(environment: environment) } catch {
            printError("alliance presenter: \(error.description)")
            throw ExitCode(69)
        }
        let info = try choose(from: dir.liveSessions())
        let connection: PresenterConnection
        let hello: (session: String, path: String?, caseText: String, position: RoomPosition)
        do {
            connection = PresenterConnection(client: try LinkClient(socketPath: dir.socketPath(info.id)))
            hello = try connection.awaitHello(timeout: 5)
            connection.caseText = hello.caseText
        } catch {
            printError("alliance presenter: \(error.description)")
            throw ExitCode(69)
        }
        let model: CaseModel
        do {
            model = try CaseFileDecoder().decode(yaml: hello.caseText, path: "session \(hello.session)")
        } catch {
            printError("alliance presenter: the session sent a case this version cannot read:\n\(error.rendered)")
            throw Exit.dataError
        }
        do {
            try TerminalSession.checkUsable(environment: environment)
        } catch {
            throw OpenCommand.unavailable(error)
        }
        let state = PresenterState(analysis: Analysis(validated: model, growable: true), session: hello.session, position: hello.position, now: WallClock.now())
        let choice = ThemeChoice.resolve(theme, environment: environment)
        let ending: TerminalApp.Ending
        do {
            ending = try TerminalApp.runPresenter(state, link: connection, theme: choice.themes[choice.index], noColor: choice.noColor,
                                                  clock: WallClock.now)
        } catch {
            throw OpenCommand.unavailable(error)
        }
        connection.client.close()
        switch ending {
        case .quit: return
        case .roomClosed: print("alliance presenter: the session \(hello.session) ended.")
        case .signal(let signal): SignalTrap.dieBy(signal)
        case .lost:
            printError("alliance presenter: the terminal went away")
            throw ExitCode(74)
        }
    }

    /// The session to join: by --session, by case file, or the only one running.
    func choose(from live: [SessionInfo]) throws -> SessionInfo {
        func list() -> String {
            live.map { "  \($0.id)  \(TextSanitizer.singleLine($0.title))  \($0.path ?? "(built-in case)")" }.joined(separator: "\n")
        }
        if let session {
            if let s = live.first(where: { $0.id == session }) { return s }
            printError(live.isEmpty ? "alliance presenter: no session named '\(TextSanitizer.singleLine(session))' is running (none is)."
                                    : "alliance presenter: no session named '\(TextSanitizer.singleLine(session))' is running. Running:\n\(list())")
            throw ExitCode(69)
        }
        if let file {
            let path = URL(fileURLWithPath: file).standardizedFileURL.path
            let matches = live.filter { $0.path == path }
            if matches.count == 1 { return matches[0] }
            printError(matches.isEmpty ? "alliance presenter: no running session shows \(TextSanitizer.singleLine(file)).\(live.isEmpty ? "" : " Running:\n\(list())")"
                                       : "alliance presenter: several sessions show \(TextSanitizer.singleLine(file)); choose one with --session:\n\(list())")
            throw ExitCode(69)
        }
        switch live.count {
        case 0:
            printError("alliance presenter: no session is running. Start the room's screen first: `alliance open [FILE]` in another terminal.")
            throw ExitCode(69)
        case 1: return live[0]
        default:
            printError("alliance presenter: \(live.count) sessions are running; choose one with --session ID or its case file:\n\(list())")
            throw Exit.usage
        }
    }
}
