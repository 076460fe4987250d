import AllianceCore
import AllianceLogs
import AllianceUI
import ArgumentParser

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate case files, theme files and event logs.",
        usage: "alliance check <file> ... [--mapping <file>] [--format <csv|xes|ocel>]\n"
            + String(repeating: " ", count: 15) + "[--case-column <name>] [...]",
        discussion: """
            A file whose top level has a `theme:` key is checked as a theme, any other as a case. \
            `-` reads one file from standard input (named <stdin> in messages). An event log (CSV, XES, \
            OCEL) is read and built into a case, through --mapping if given, and that case is checked.

            Prints every problem as `path:line:column: error: message`, with the offending line and a caret.

            Exit status: 0 when every file is valid, 65 when a file has errors, 66 when a file cannot be read.
            """
    )

    @Argument(help: "Case or theme files (YAML) or event logs to validate; - for standard input.", completion: .file(extensions: ["yaml", "yml"]))
    var files: [String]

    @Option(name: .long, help: LogOptions.formatHelp)
    var format: EventLogFormat?

    @OptionGroup(title: "Event logs") var log: LogOptions

    func run() throws {
        var worst: ExitCode?
        for file in files {
            if isLogPath(file, options: log, format: format) {
                do {
                    let (model, name) = try loadCase(file, log: log, format: format)
                    print("\(TextSanitizer.singleLine(name)): ok (event log: \(Plural.count(model.timeline.count, "step")), \(Plural.count(model.partners.count, "partner")), \(Plural.count(model.patients.count, "patient")))")
                } catch let code as ExitCode {
                    if worst == nil || code == Exit.noInput { worst = code }
                }
                continue
            }
            do {
                let (text, name) = try readInput(file)
                if CheckCommand.isThemeFile(text) {
                    let theme = try ThemeFileDecoder().decode(yaml: text, path: name)
                    print("\(TextSanitizer.singleLine(name)): ok (theme '\(TextSanitizer.singleLine(theme.name))')")
                } else {
                    let model = try CaseFileDecoder().decode(yaml: text, path: name)
                    let patients = model.patients.count, partners = model.partners.count
                    print("\(TextSanitizer.singleLine(name)): ok (\(Plural.count(model.timeline.count, "step")), \(Plural.count(partners, "partner")), \(Plural.count(patients, "patient")))")
                }
            } catch {
                printError(error.rendered)
                let count = error.diagnostics.count
                if error.source != nil {
                    printError("\(TextSanitizer.singleLine(file == "-" ? standardInputName : file)): \(count) error\(count == 1 ? "" : "s")")
                }
                let code = error.source == nil ? Exit.noInput : Exit.dataError
                if worst == nil || code == Exit.noInput { worst = code }
            }
        }
        if let worst { throw worst }
    }

    /// A theme file has `theme:` at its top level (case files have `alliance-case:`).
    static func isThemeFile(_ text: String) -> Bool {
        text.split(separator: "\n").contains { line in
            line.hasPrefix("theme:") || line.hasPrefix("theme :")
        }
    }
}
