import AllianceCore
import AllianceLogs
import AllianceUI
import ArgumentParser
import Foundation

struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Render one frame of the dashboard to standard output, without a terminal.",
        usage: "alliance snapshot [<file>] [--at <step>] [--patient <id>]\n"
            + String(repeating: " ", count: 18) + "[--theme <theme>] [--size <size>] [--ansi] [--ascii]",
        discussion: "At the last step unless --at says otherwise. Plain text by default; with --ansi, colours and attributes as ANSI escape sequences."
    )

    @OptionGroup var frame: FrameOptions

    @Option(name: .long, help: LogOptions.formatHelp)
    var format: EventLogFormat?

    @OptionGroup(title: "Event logs") var log: LogOptions

    @Option(name: .long, help: ArgumentHelp("The frame size, WIDTHxHEIGHT, up to 1000x1000. Below 80x24 the frame is the dashboard's \"Terminal too small\" screen, as a terminal of that size would show.", valueName: "size"))
    var size: String = "100x30"

    @Flag(name: .long, help: "Write colours and attributes as ANSI escape sequences.")
    var ansi = false

    @Flag(name: .long, help: "Only ASCII, as in a terminal whose locale is not UTF-8: ASCII borders and symbols, and accents dropped from text (Núria → Nuria).")
    var ascii = false

    func run() throws {
        let (model, name) = try loadCase(frame.file, log: log, format: format)
        let analysis = Analysis(validated: model)
        let step = try resolveStep(frame.at, in: model, name: name) ?? analysis.stepCount
        let patientIndex = try resolvePatient(frame.patient, in: model)
        guard let frameSize = parseSize(size) else {
            printError("error: --size takes WIDTHxHEIGHT, such as 100x30 (got '\(TextSanitizer.singleLine(size))')")
            throw Exit.usage
        }
        let minimum = DashboardRenderer.minimumSize
        if frameSize.width < minimum.width || frameSize.height < minimum.height {
            printError("alliance: \(frameSize.width)x\(frameSize.height) is below the dashboard's minimum of \(minimum.width)x\(minimum.height): the frame shows the \"Terminal too small\" screen")
        }
        let environment = ProcessInfo.processInfo.environment
        let choice = ThemeChoice.resolve(frame.theme, environment: environment)
        if let notice = choice.notice, !choice.noColor { printError("alliance: \(notice)") }
        try checkMechanisms(frame.mechanisms, in: model, name: name)
        var app = AppState(analysis: analysis, step: step, patient: patientIndex, themeNames: choice.themes.map(\.name),
                           themeIndex: choice.index, size: frameSize)
        app.setMechanisms(frame.mechanisms)
        let rendered = DashboardRenderer.render(app, glyphs: ascii ? .ascii : .unicode)
        let grid = ascii ? rendered.asciiOnly() : rendered
        if ansi {
            let depth: ColorDepth = choice.noColor ? .none : .xterm256
            print(AnsiWriter.render(grid, theme: choice.themes[choice.index], depth: depth), terminator: "")
        } else {
            print(grid.textRows.map { $0.trimmingTrailingBlanks() }.joined(separator: "\n"))
        }
    }
}

/// `100x30` (or `100×30`) as a size.
func parseSize(_ text: String) -> Size? {
    let parts = text.lowercased().split(whereSeparator: { $0 == "x" || $0 == "×" })
    guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]), (1...1000).contains(w), (1...1000).contains(h) else { return nil }
    return Size(width: w, height: h)
}

/// A patient id as an index (nil when not given).
func resolvePatient(_ id: String?, in model: CaseModel) throws -> Int? {
    guard let id else { return nil }
    if let i = model.patients.firstIndex(where: { $0.id == id }) { return i }
    printError("error: no patient '\(TextSanitizer.singleLine(id))'\(Suggestions.hint(for: id, in: model.patients.map(\.id))); the patients are \(model.patients.map(\.id).joined(separator: ", "))")
    throw Exit.usage
}

extension String {
    func trimmingTrailingBlanks() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
