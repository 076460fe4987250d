import AllianceCore
import AllianceLink
import AllianceTerminal
import AllianceUI
import ArgumentParser
import Foundation

extension FollowerConnection: FollowerLoopLink {}

struct FollowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "follow",
        abstract: "Follow a facilitator's shared session on your own terminal, at your own size.",
        discussion: """
            The facilitator starts the room with `alliance open --share HOST:PORT`; its screen shows \
            the address and a join code. Your view moves with the room; your own keys browse the \
            steps already shown (never ahead) and f follows the facilitator again. q quits.
            """
    )

    @Argument(help: "The room's address, as its screen shows it (HOST:PORT).")
    var address: String

    @Option(name: .long, help: ArgumentHelp("The join code shown on the room's screen.", valueName: "code"))
    var code: String

    @Option(name: .long, help: ArgumentHelp("A theme name (see `alliance themes`) or a theme file.", valueName: "theme"))
    var theme: String?

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let (host, port) = parseHostPort(address) else {
            printError("error: '\(TextSanitizer.singleLine(address))' is not an address: write it as HOST:PORT, as the room's screen shows it")
            throw Exit.usage
        }
        let connection: FollowerConnection
        let hello: (session: String, caseText: String, position: RoomPosition)
        do {
            connection = FollowerConnection(client: try LinkClient(host: host, port: port, code: code))
            hello = try connection.awaitHello(timeout: 5)
            connection.caseText = hello.caseText
        } catch {
            printError("alliance follow: \(error.description)")
            throw ExitCode(69)
        }
        let model: CaseModel
        do {
            model = try CaseFileDecoder().decode(yaml: hello.caseText, path: "the room's case")
        } catch {
            printError("alliance follow: the room sent a case this version cannot read:\n\(error.rendered)")
            throw Exit.dataError
        }
        do {
            try TerminalSession.checkUsable(environment: environment)
        } catch {
            throw OpenCommand.unavailable(error)
        }
        let choice = ThemeChoice.resolve(theme, environment: environment)
        var app = AppState(analysis: Analysis(validated: model, growable: true), themeNames: choice.themes.map(\.name), themeIndex: choice.index)
        app.colorsOff = choice.noColor
        let state = FollowerState(app: app, room: hello.position, address: hello.session)
        let ending: TerminalApp.Ending
        do {
            ending = try TerminalApp.runFollower(state, link: connection, themes: choice.themes, noColor: choice.noColor)
        } catch {
            throw OpenCommand.unavailable(error)
        }
        connection.client.close()
        switch ending {
        case .quit, .roomClosed: return
        case .signal(let signal): SignalTrap.dieBy(signal)
        case .lost:
            printError("alliance follow: the terminal went away")
            throw ExitCode(74)
        }
    }
}
