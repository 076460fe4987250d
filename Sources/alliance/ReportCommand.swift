import AllianceCore
import ArgumentParser
import Foundation

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print the analysis of a case at one step.",
        discussion: """
            Without FILE, reports on the built-in case. The JSON format is documented in docs/report-json.md. \
            The room's annotations (taken with `a` in `alliance open`) are included, up to the step, from \
            FILE.annotations.jsonl beside the case (the built-in case's: $XDG_DATA_HOME/alliance/builtin.annotations.jsonl). \
            The html format is one self-contained page to take home (the case, the timeline, every alert, the debrief charts, the partner handoff network, the JSON embedded); \
            dot is the partner handoff network for Graphviz: alliance report --format dot | dot -Tsvg > network.svg
            """
    )

    @Argument(help: "A case file (YAML). Default: the built-in case.", completion: .file(extensions: ["yaml", "yml"]))
    var file: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("The step to report at: a number from 0 (before the first step) to the last, or a step id. Default: the last step.", valueName: "step"))
    var at: String?

    @Option(name: .long, help: "Output format: text, markdown, json, html or dot.")
    var format: OutputFormat = .text

    /// The report formats: the analysis report's own, and the take-home ones (docs/debrief.md).
    enum OutputFormat: String, CaseIterable, ExpressibleByArgument {
        case text, markdown, json, html, dot
    }

    func run() throws {
        let (model, name) = try loadCase(file)
        let analysis = Analysis(validated: model)
        let step = try resolveStep(at, in: model, name: name)
        let state = analysis.state(at: step ?? analysis.stepCount)
        var report = AnalysisReport(state)
        // The room's annotations, from the journal beside the case (as `alliance open` keeps it).
        report.attachAnnotations(AnnotationFiles.forReport(caseFile: file, step: report.step, environment: ProcessInfo.processInfo.environment),
                                 analysis: analysis)
        switch format {
        case .json:
            FileHandleWriter.write(ReportRenderer.jsonData(report), fd: 1)
        case .text, .markdown:
            print(ReportRenderer.render(report, as: format == .text ? .text : .markdown), terminator: "")
        case .html:
            print(HTMLReport(state: state, report: report).render(), terminator: "")
        case .dot:
            print(DOTExport.render(DebriefData(state), title: model.info.title), terminator: "")
        }
    }
}

extension ReportFormat: ExpressibleByArgument {}

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
