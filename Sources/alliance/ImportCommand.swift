import AllianceCore
import AllianceLogs
import ArgumentParser
import Foundation

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn an event log (CSV, XES, OCEL 2.0; .gz too) into a case file.",
        usage: "alliance import <log> [--mapping <file>] [-o <file>] [--format <format>]\n"
            + String(repeating: " ", count: 16) + "[--case-column <name>] [...]\n"
            + "alliance import --suggest-mapping <log> [-o <file>]",
        discussion: """
            Partners are the log's org:group values (or --partner-column), actors its resources, patients its \
            cases, activities its activity names, and each event a step. A mapping file (--mapping, \
            docs/log-mapping.md) names other columns, renames partners and activities, and adds the knowledge \
            layer (knowledge types, expected handoffs, decisions, therapies, routines) so that the log gets \
            lost-knowledge alerts. `--suggest-mapping` writes a starting mapping for the log instead of a case.

            Exit status: 0 on success, 65 when the log or the mapping has errors, 66 when a file cannot be read.
            """
    )

    @Argument(help: "The event log: .csv, .xes, .jsonocel/.json, .xmlocel (each optionally .gz); - for standard input (with --format).",
              completion: .file(extensions: ["csv", "xes", "gz", "json", "jsonocel", "xmlocel"]))
    var log: String

    @Option(name: .long, help: LogOptions.formatHelp)
    var format: EventLogFormat?

    @OptionGroup var options: LogOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("The case file (or mapping, with --suggest-mapping) to write; - or absent: standard output.", valueName: "file"))
    var output: String?

    @Flag(name: .customLong("suggest-mapping"), help: "Write a starting mapping for the log (fields, partners and activities with their counts, the knowledge layer as a commented template) instead of a case.")
    var suggestMapping = false

    func run() throws {
        let (log, mapping) = try readLog(log, options: options, format: format)
        let text: String
        if suggestMapping {
            var fields = options.fields(over: mapping)
            ImportCommand.fillDetected(&fields, log: log, path: self.log)
            text = LogMappingSuggestion.text(for: log, fields: fields)
        } else {
            do {
                text = CaseFileEncoder().encode(try LogCaseBuilder(mapping: mapping).build(log))
            } catch {
                printError(error.rendered)
                throw Exit.dataError
            }
        }
        guard let output, output != "-" else {
            FileHandleWriter.write(text, fd: 1)
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output))
        } catch {
            printError("\(TextSanitizer.singleLine(output)): error: cannot write: \(error.localizedDescription)")
            throw ExitCode(73)  // EX_CANTCREAT
        }
    }

    /// The attributes the log was read with, for the suggested mapping: what was given, else
    /// for CSV the header's names the reader detects (`CSVColumns`, in its order), for XES and
    /// OCEL the standard keys.
    static func fillDetected(_ fields: inout EventLogFields, log: EventLog, path: String) {
        // OCEL: events have a type and a time; the attributes are detected per file
        // (`org:group` or `group`, …): only what was given is written.
        guard log.format != .ocel else { return }
        let header = log.format == .csv ? csvHeader(path) : nil
        func pick(_ current: String?, _ names: [String], _ plain: [String], present: Bool = true) -> String? {
            if let current { return current }
            guard present else { return nil }
            guard let header else { return names.first }
            for name in names where header.contains(name) { return name }
            for name in plain { if let h = header.first(where: { $0.lowercased() == name }) { return h } }
            return nil
        }
        // XES: the case is the trace's attribute, `concept:name` by default.
        fields.caseKey = log.format == .xes ? fields.caseKey ?? "concept:name" : pick(fields.caseKey, CSVColumns.caseNames, CSVColumns.plainCaseNames)
        fields.activityKey = pick(fields.activityKey, CSVColumns.activityNames, CSVColumns.plainActivityNames)
        fields.timeKey = pick(fields.timeKey, CSVColumns.timeNames, CSVColumns.plainTimeNames)
        fields.resourceKey = pick(fields.resourceKey, CSVColumns.resourceNames, CSVColumns.plainResourceNames, present: log.resources.count > 0)
        fields.partnerKey = pick(fields.partnerKey, CSVColumns.groupNames, CSVColumns.plainGroupNames, present: log.groups.count > 0)
        fields.roleKey = pick(fields.roleKey, CSVColumns.roleNames, CSVColumns.plainRoleNames, present: log.roles.count > 0)
    }

    /// The names in a CSV file's first line (plain, uncompressed files; nil otherwise).
    static func csvHeader(_ path: String) -> [String]? {
        guard path != "-", !path.hasSuffix(".gz"), let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 64 * 1024) else { return nil }
        let firstLine = data.prefix { $0 != 0x0A && $0 != 0x0D }
        var text = String(decoding: firstLine, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        }
    }
}
