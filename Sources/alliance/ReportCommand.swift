import AllianceCore
import AllianceLogs
import ArgumentParser
import Foundation

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print the analysis of a case at one step.",
        usage: "alliance report [<file>] [--at <step>] [--format <format>]\n"
            + String(repeating: " ", count: 16) + "[--with <id> ...] [--compare]",
        discussion: """
            Without FILE, reports on the built-in case. The JSON format is documented in docs/report-json.md. \
            The room's annotations (taken with `a` in `alliance open`) are included, up to the step, from \
            FILE.annotations.jsonl beside the case (the built-in case's: $XDG_DATA_HOME/alliance/builtin.annotations.jsonl). \
            The html format is one self-contained page to take home (the case, the timeline, every alert, the debrief charts, the partner handoff network, the JSON embedded); \
            dot is the partner handoff network for Graphviz: alliance report --format dot | dot -Tsvg > network.svg

            --with applies a what-if mechanism the case declares (its id; repeatable): the report is the case \
            with it, and says what it avoided and saved (the html page draws both, side by side). --compare \
            tabulates the case as it happened, each mechanism alone and all together.
            """
    )

    @Argument(help: "A case file (YAML) or an event log (CSV, XES, OCEL). Default: the built-in case.", completion: .file(extensions: ["yaml", "yml"]))
    var file: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("The step to report at: a number from 0 (before the first step) to the last, or a step id. Default: the last step.", valueName: "step"))
    var at: String?

    @Option(name: .long, help: "Output format: text, markdown, json, html or dot.")
    var format: OutputFormat = .text

    /// The report formats: the analysis report's own, and the take-home ones (docs/debrief.md).
    enum OutputFormat: String, CaseIterable, ExpressibleByArgument {
        case text, markdown, json, html, dot

        /// The form of a table (`--compare`): text, markdown and json only.
        var tableFormat: ReportFormat? {
            switch self {
            case .text: .text
            case .markdown: .markdown
            case .json: .json
            case .html, .dot: nil
            }
        }
    }

    @Option(name: .customLong("with"), help: ArgumentHelp("Apply a mechanism the case declares (by id; repeatable): the report is the case with it, and says what it avoided and saved.", valueName: "id"))
    var mechanisms: [String] = []

    @Flag(name: .long, help: "Compare the case as it happened with each declared mechanism alone and all together (a table).")
    var compare = false

    @Option(name: .customLong("log-format"), help: LogOptions.formatHelp)
    var logFormat: EventLogFormat?

    @OptionGroup(title: "Event logs") var log: LogOptions

    func run() throws {
        var logMetrics: LogMetrics?
        let model: CaseModel, name: String
        if let file, isLogPath(file, options: log, format: logFormat) {
            // An event log: its process-mining metrics, straight from the log's columns. The
            // alliance analysis (a case built from the log) only when something asks for it:
            // a knowledge layer in the mapping, a step, mechanisms, or the html and dot forms.
            let (eventLog, mapping) = try readLog(file, options: log, format: logFormat)
            let metrics = LogMetrics.compute(eventLog)
            LogTiming.mark("log metrics")
            let needsCase = mapping?.hasKnowledgeLayer == true || at != nil || !mechanisms.isEmpty || compare
                || format == .html || format == .dot
            guard needsCase else {
                switch format {
                case .text: print(LogMetricsReport.text(metrics), terminator: "")
                case .markdown: print(LogMetricsReport.markdown(metrics), terminator: "")
                default: print(LogMetricsReport.json(metrics), terminator: "")
                }
                return
            }
            logMetrics = metrics
            (model, name) = try buildCase(eventLog, mapping: mapping)
        } else {
            (model, name) = try loadCase(file, log: log, format: logFormat)
        }
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
            guard let table = format.tableFormat else {
                printError("error: --compare prints a table: use --format text, markdown or json")
                throw Exit.usage
            }
            print(ReportRenderer.render(MechanismTable(baseline: analysis), title: model.info.title, as: table), terminator: "")
            return
        }
        var comparison: MechanismComparison?
        if !mechanisms.isEmpty {
            try checkMechanisms(mechanisms, in: model, name: name)
            comparison = MechanismComparison(baseline: analysis, mechanisms: mechanisms)
        }
        let k = step ?? analysis.stepCount
        // With mechanisms, the case as it would have gone with them; else as it happened.
        let state = (comparison?.variant ?? analysis).state(at: k)
        var report = comparison.map { AnalysisReport($0, at: k) } ?? AnalysisReport(state)
        // The room's annotations, from the journal beside the case (as `alliance open` keeps it).
        report.attachAnnotations(AnnotationFiles.forReport(caseFile: file, step: report.step, environment: ProcessInfo.processInfo.environment),
                                 analysis: analysis)
        switch format {
        case .json:
            // Streamed: the whole document is never held (see `writeJSON`). For an event log,
            // one object: the log's metrics and the analysis (docs/report-json.md).
            if let logMetrics {
                let metrics = LogMetricsReport.json(logMetrics).dropLast()  // its final newline
                FileHandleWriter.write("{\n\"log\": \(metrics),\n\"analysis\": ", fd: 1)
            }
            ReportRenderer.writeJSON(report) { FileHandleWriter.write(Data($0), fd: 1) }
            if logMetrics != nil { FileHandleWriter.write("}\n", fd: 1) }
        case .text, .markdown:
            if let logMetrics {
                print(format == .text ? LogMetricsReport.text(logMetrics) : LogMetricsReport.markdown(logMetrics))
            }
            print(ReportRenderer.render(report, as: format == .text ? .text : .markdown), terminator: "")
        case .html:
            // With mechanisms, every chart draws the case as it happened and with them, side by side.
            let debrief = comparison.map { c in
                DebriefComparison(baseline: DebriefData(analysis.state(at: k), buckets: 12), variant: DebriefData(state, buckets: 12),
                                  variantName: "with " + c.mechanisms.map(\.name).joined(separator: ", "))
            }
            let logSections = logMetrics.map { [HTMLReport.Section(id: "log-metrics", title: "Log metrics", place: .afterCase, body: LogMetricsReport.html($0))] } ?? []
            print(HTMLReport(state: state, comparison: debrief, sections: logSections + mechanismSections(analysis), report: report).render(), terminator: "")
        case .dot:
            print(DOTExport.render(DebriefData(state), title: model.info.title), terminator: "")
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

/// The HTML report's "Mechanisms compared" section, when the case declares mechanisms.
func mechanismSections(_ analysis: Analysis) -> [HTMLReport.Section] {
    analysis.model.mechanisms.isEmpty ? [] : [HTMLReport.mechanismsSection(MechanismTable(baseline: analysis))]
}
