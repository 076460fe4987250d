import AllianceCore
import AllianceLogs
import ArgumentParser
import Foundation

/// How to read an event log given where a case is expected (`open`, `report`, `check`,
/// `import`): a mapping file and the columns to use. The format is an option of each command
/// (`--format`, or `--log-format` for `report`, whose `--format` is the report's).
struct LogOptions: ParsableArguments {
    /// Set by the command from its own format option.
    static let formatHelp = ArgumentHelp("The event log's format (default: from the extension, else the content).", valueName: "csv|xes|ocel")

    @Option(name: .long, help: ArgumentHelp("A log mapping (YAML, docs/log-mapping.md): which columns are what, partner and activity names, and the knowledge layer.", valueName: "file"),
            completion: .file(extensions: ["yaml", "yml"]))
    var mapping: String?

    @Option(name: .customLong("case-column"), help: ArgumentHelp("The log's case attribute (default: case:concept:name or case_id).", valueName: "name"))
    var caseColumn: String?

    @Option(name: .customLong("activity-column"), help: ArgumentHelp("The log's activity attribute (default: concept:name or activity).", valueName: "name"))
    var activityColumn: String?

    @Option(name: .customLong("time-column"), help: ArgumentHelp("The log's timestamp attribute (default: time:timestamp or timestamp).", valueName: "name"))
    var timeColumn: String?

    @Option(name: .customLong("resource-column"), help: ArgumentHelp("The attribute that names the actor (default: org:resource or resource).", valueName: "name"))
    var resourceColumn: String?

    @Option(name: .customLong("partner-column"), help: ArgumentHelp("The attribute that names the partner (default: org:group).", valueName: "name"))
    var partnerColumn: String?

    @Option(name: .customLong("case-object-type"), help: ArgumentHelp("OCEL: the object type whose objects are the cases (the patients).", valueName: "type"))
    var caseObjectType: String?

    @Option(name: .customLong("partner-object-type"), help: ArgumentHelp("OCEL: the object type whose related object names the partner.", valueName: "type"))
    var partnerObjectType: String?

    /// Whether any option asks for a log (so `-` is read as a log, not a case file).
    func asksForLog(format: EventLogFormat?) -> Bool {
        format != nil || mapping != nil || caseColumn != nil || activityColumn != nil || timeColumn != nil || resourceColumn != nil
            || partnerColumn != nil || caseObjectType != nil || partnerObjectType != nil
    }

    /// The fields: the flags over the mapping's `fields:`.
    func fields(over mapping: LogMapping?) -> EventLogFields {
        var f = mapping?.fields ?? EventLogFields()
        if let caseColumn { f.caseKey = caseColumn }
        if let activityColumn { f.activityKey = activityColumn }
        if let timeColumn { f.timeKey = timeColumn }
        if let resourceColumn { f.resourceKey = resourceColumn }
        if let partnerColumn { f.partnerKey = partnerColumn }
        if let caseObjectType { f.caseObjectType = caseObjectType }
        if let partnerObjectType { f.partnerObjectType = partnerObjectType }
        return f
    }
}

extension EventLogFormat: ExpressibleByArgument {}

/// Whether `path` is to be read as an event log rather than a case file.
func isLogPath(_ path: String?, options: LogOptions, format: EventLogFormat?) -> Bool {
    guard let path else { return false }
    if path == "-" { return format != nil }
    if options.asksForLog(format: format) { return true }
    return FileManager.default.isReadableFile(atPath: path) && EventLogReader.isEventLog(path: path)
}

/// Loads the case named on the command line: an event log (through the mapping, if any)
/// when `isLogPath` says so, else as `loadCase(_:)` does.
func loadCase(_ path: String?, log options: LogOptions, format: EventLogFormat?) throws -> (model: CaseModel, name: String) {
    guard let path, isLogPath(path, options: options, format: format) else {
        if options.asksForLog(format: format) {
            printError("error: --mapping, --format and the column options apply to an event log; \(path.map { "'\(TextSanitizer.singleLine($0))' is a case file" } ?? "the built-in case is not a log")")
            throw Exit.usage
        }
        return try loadCase(path)
    }
    let (log, mapping) = try readLog(path, options: options, format: format)
    return try buildCase(log, mapping: mapping)
}

/// The case an event log read by `readLog` makes (through the mapping, if any); on failure
/// prints the problems and throws the data-error exit code.
func buildCase(_ log: EventLog, mapping: LogMapping?) throws -> (model: CaseModel, name: String) {
    let built = try buildCase(log, mapping: mapping, growable: false)
    return (built.model, built.name)
}

/// The same, with what extends the case as the log grows (`open LOG --follow`).
func buildGrowableCase(_ log: EventLog, mapping: LogMapping?) throws -> (model: CaseModel, name: String, growth: LogCaseGrowth) {
    let built = try buildCase(log, mapping: mapping, growable: true)
    return (built.model, built.name, built.growth!)
}

private func buildCase(_ log: EventLog, mapping: LogMapping?, growable: Bool) throws -> (model: CaseModel, name: String, growth: LogCaseGrowth?) {
    do throws(CaseFileError) {
        let builder = LogCaseBuilder(mapping: mapping)
        let (model, growth) = growable ? try builder.buildGrowable(log) : (try builder.buildUnvalidated(log), nil)
        LogTiming.mark("build the case (\(model.timeline.count) steps, Step stride \(MemoryLayout<Step>.stride) B)")
        try builder.validate(model, source: log.source)
        LogTiming.mark("validate the declarations")
        return (model, log.source, growth)
    } catch {
        printError(error.rendered)
        throw Exit.dataError
    }
}

/// The mapping `--mapping` names, if any; on failure prints the problems and throws the exit code.
func loadMapping(_ options: LogOptions) throws -> LogMapping? {
    guard let mappingPath = options.mapping else { return nil }
    do {
        return try LogMapping.load(path: mappingPath)
    } catch {
        printError(error.rendered)
        throw error.source == nil ? Exit.noInput : Exit.dataError
    }
}

/// Reads the mapping (if any) and the log, with a progress bar on a terminal and the log's
/// notices on standard error; on failure prints the error and throws the exit code (65 for
/// bad data, 66 for a file that cannot be read).
func readLog(_ path: String, options: LogOptions, format: EventLogFormat?) throws -> (log: EventLog, mapping: LogMapping?) {
    LogTiming.start()
    let mapping = try loadMapping(options)
    let name = path == "-" ? standardInputName : path
    if path != "-" {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            printError("\(TextSanitizer.singleLine(path)): error: no such file")
            throw Exit.noInput
        }
        if isDirectory.boolValue || !FileManager.default.isReadableFile(atPath: path) {
            printError("\(TextSanitizer.singleLine(path)): error: \(isDirectory.boolValue ? "is a directory, expected an event log" : "cannot be read (check its permissions)")")
            throw Exit.noInput
        }
    }
    // ALLIANCE_PROGRESS_DELAY (seconds, default 1): how long a read runs before the bar shows (tests set 0).
    let delay = ProcessInfo.processInfo.environment["ALLIANCE_PROGRESS_DELAY"].flatMap(Double.init) ?? 1
    let bar = ProgressBar(label: "reading \((name as NSString).lastPathComponent)", delay: delay)
    let readOptions = EventLogReadOptions(format: format ?? mapping?.format, fields: options.fields(over: mapping),
                                          progress: { done, total in bar.update(done: done, total: total) })
    let log: EventLog
    do {
        log = try EventLogReader.read(path: path, options: readOptions)
        bar.finish()
    } catch {
        bar.finish()
        printError(error.description)
        throw Exit.dataError
    }
    LogTiming.mark("read \(log.count) events")
    for notice in log.notices { printError("\(TextSanitizer.singleLine(log.source)): note: \(notice)") }
    return (log, mapping)
}

/// `ALLIANCE_LOAD_TIMING=1`: each phase of loading a log (read, build, validate) with its wall
/// time and the process's resident and peak memory, on standard error. For measurements.
enum LogTiming {
    nonisolated(unsafe) static var last = ProgressBar.now()
    static let enabled = ProcessInfo.processInfo.environment["ALLIANCE_LOAD_TIMING"] == "1"

    static func start() { last = ProgressBar.now() }

    static func mark(_ phase: String) {
        guard enabled else { return }
        let now = ProgressBar.now()
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        func field(_ name: String) -> String {
            status.split(separator: "\n").first { $0.hasPrefix(name) }.map { $0.dropFirst(name.count).trimmingCharacters(in: .whitespaces) } ?? "?"
        }
        printError(String(format: "timing: %@: %.2f s (RSS %@, peak %@)", phase, now - last, field("VmRSS:"), field("VmHWM:")))
        last = ProgressBar.now()
    }
}
