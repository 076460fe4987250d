import AllianceCore
import ArgumentParser

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print the analysis of a case at one step.",
        usage: "alliance report [<file>] [--at <step>] [--format <format>]\n"
            + String(repeating: " ", count: 16) + "[--with <id> ...] [--compare]",
        discussion: """
            Without FILE, reports on the built-in case. The JSON format is documented in docs/report-json.md.

            --with applies a what-if mechanism the case declares (its id; repeatable): the report is the case \
            with it, and says what it avoided and saved. --compare tabulates the case as it happened, each \
            mechanism alone and all together.
            """
    )

    @Argument(help: "A case file (YAML). Default: the built-in case.", completion: .file(extensions: ["yaml", "yml"]))
    var file: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("The step to report at: a number from 0 (before the first step) to the last, or a step id. Default: the last step.", valueName: "step"))
    var at: String?

    @Option(name: .long, help: "Output format: text, markdown or json.")
    var format: ReportFormat = .text

    @Option(name: .customLong("with"), help: ArgumentHelp("Apply a mechanism the case declares (by id; repeatable): the report is the case with it, and says what it avoided and saved.", valueName: "id"))
    var mechanisms: [String] = []

    @Flag(name: .long, help: "Compare the case as it happened with each declared mechanism alone and all together (a table).")
    var compare = false

    func run() throws {
        let (model, name) = try loadCase(file)
        let analysis = Analysis(validated: model)
        let step = try resolveStep(at, in: model, name: name)
        if compare {
            guard mechanisms.isEmpty, step == nil else {
                printError("error: --compare compares the whole case with each mechanism; leave out --with and --at")
                throw Exit.usage
            }
            guard !model.mechanisms.isEmpty else {
                printError("error: \(TextSanitizer.singleLine(name)) declares no mechanisms to compare; add a 'mechanisms:' list (see docs/case-format.md)")
                throw Exit.usage
            }
            print(ReportRenderer.render(MechanismTable(baseline: analysis), title: model.info.title, as: format), terminator: "")
            return
        }
        if !mechanisms.isEmpty {
            try checkMechanisms(mechanisms, in: model, name: name)
            let comparison = MechanismComparison(baseline: analysis, mechanisms: mechanisms)
            let report = AnalysisReport(comparison, at: step ?? analysis.stepCount)
            if format == .json {
                FileHandleWriter.write(ReportRenderer.jsonData(report), fd: 1)
            } else {
                print(ReportRenderer.render(report, as: format), terminator: "")
            }
            return
        }
        let report = AnalysisReport(analysis.state(at: step ?? analysis.stepCount))
        if format == .json {
            FileHandleWriter.write(ReportRenderer.jsonData(report), fd: 1)
        } else {
            print(ReportRenderer.render(report, as: format), terminator: "")
        }
    }
}

extension ReportFormat: ExpressibleByArgument {}

/// Every id given with `--with` is a mechanism the case declares; else a usage error naming them.
func checkMechanisms(_ ids: [String], in model: CaseModel, name: String) throws {
    guard let id = model.unknownMechanisms(ids).first else { return }
    let declared = model.mechanisms.map(\.id)
    let hint = declared.isEmpty ? "; it declares none" : Suggestions.hint(for: id, in: declared) + "; it declares " + declared.joined(separator: ", ")
    printError("error: no mechanism '\(TextSanitizer.singleLine(id))' in \(TextSanitizer.singleLine(name))\(hint)")
    throw Exit.usage
}

/// A step given as a number (0…N) or as a step id; nil when not given.
func resolveStep(_ text: String?, in model: CaseModel, name: String) throws -> Int? {
    guard let text else { return nil }
    if let n = Int(text) {
        guard n >= 0, n <= model.timeline.count else {
            printError("error: step \(n) is out of range: \(TextSanitizer.singleLine(name)) has steps 0 to \(model.timeline.count)")
            throw Exit.usage
        }
        return n
    }
    if let index = model.timeline.firstIndex(where: { $0.id == text }) { return index + 1 }
    let ids = model.timeline.compactMap(\.id)
    printError("error: no step with id '\(TextSanitizer.singleLine(text))' in \(TextSanitizer.singleLine(name))\(Suggestions.hint(for: text, in: ids)); give a step number from 0 to \(model.timeline.count) or a step id")
    throw Exit.usage
}
