import AllianceCore
import Foundation
import Yams

/// How an event log becomes a case (`alliance-log-mapping: 1`, see docs/log-mapping.md):
/// which attributes are the case, activity, time, resource, partner and role; optional ids,
/// names and labels for the log's partners and activities; and the knowledge layer in the
/// case file's own vocabulary (knowledge types, therapies, routines, expected handoffs,
/// decisions), so that an imported log gets lost-knowledge alerts.
///
/// The knowledge layer is read by the case file's decoder (`CaseFileDecoder.readDeclarations`):
/// the same keys, checks and messages as in a case file. Problems are reported with the
/// mapping file's `line:column`.
///
/// ```swift
/// let mapping = try LogMapping.load(path: "oxygen.mapping.yaml")
/// let model = try LogCaseBuilder(mapping: mapping).build(log)
/// ```
public struct LogMapping: Sendable {
    /// The mapping file, for messages.
    public var path: String
    /// The file's text, for snippets in messages.
    public var source: String
    /// `fields:` (nil keys: detected by the reader).
    public var fields = EventLogFields()
    /// `format:`, if given.
    public var format: EventLogFormat?

    /// `case:` (all optional).
    public var title: String?
    public var summary: String?
    public var question: String?
    public var timeZone: String?
    public var emergentMinOccurrences: Int?
    public var emergentMinPatients: Int?

    /// `partners:`: ids, names and kinds for the log's partner values.
    public var partners: [PartnerEntry] = []
    /// `activities:`: ids, labels and the knowledge each activity produces, needs and sends.
    public var activities: [ActivityEntry] = []
    /// `patients.responsible`: the partners answerable for every patient's care.
    public var responsible: [String] = []

    public var knowledge: [KnowledgeType] = []
    public var therapies: [Therapy] = []
    public var routines: [Routine] = []
    public var handoffs: [HandoffSpec] = []
    public var decisions: [DecisionSpec] = []
    public var mechanisms: [Mechanism] = []

    /// Where each value came from (model paths of the knowledge layer are the file's own).
    public var map = SourceMap()

    /// One entry of `partners:`.
    public struct PartnerEntry: Sendable, Equatable {
        /// The value in the log's partner attribute (`org:group`).
        public var log: String
        public var id: String?
        public var name: String?
        public var kind: String?
        public var short: String?
        /// `partners.N`, for messages.
        public var path: String
    }

    /// One entry of `activities:`.
    public struct ActivityEntry: Sendable, Equatable {
        /// The activity's name in the log (`concept:name`).
        public var log: String
        public var id: String?
        public var label: String?
        /// Knowledge types every step of this activity produces.
        public var produces: [String] = []
        /// Knowledge types it needs (consumes).
        public var consumes: [String] = []
        /// Knowledge types it sends; `to` nil: to the receivers of the handoffs declared for
        /// that knowledge from the acting partner, else to the partners that need it.
        public var sends: [Send] = []
        /// `activities.N`, for messages.
        public var path: String
    }

    public struct Send: Sendable, Equatable {
        public var knowledge: String
        public var to: [String]?
        /// `activities.N.sends.M`, for messages.
        public var path: String
    }

    public init(path: String, source: String = "") {
        self.path = path
        self.source = source
    }

    /// Whether the mapping declares any knowledge layer.
    public var hasKnowledgeLayer: Bool {
        !knowledge.isEmpty || !handoffs.isEmpty || !decisions.isEmpty || !therapies.isEmpty || !routines.isEmpty
    }

    /// The diagnostic for a problem at a path of the mapping file.
    func diagnostic(_ message: String, at keyPath: String) -> Diagnostic {
        Diagnostic(path: path, location: map.nearest(keyPath), message: message)
    }

    // MARK: reading

    /// Reads the mapping file at `path`.
    public static func load(path: String) throws(CaseFileError) -> LogMapping {
        let text = try CaseFileDecoder.readText(path: path)
        return try decode(yaml: text, path: path)
    }

    static let topKeys = ["alliance-log-mapping", "format", "fields", "case", "partners", "activities", "patients"]
        + CaseFileDecoder.declarationKeys

    /// Decodes a mapping; throws every problem found, each with its `line:column`.
    public static func decode(yaml: String, path: String) throws(CaseFileError) -> LogMapping {
        let reader = YAMLReader(path: path)
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml, .basic) else {
                reader.error("the file is empty; expected a log mapping starting with 'alliance-log-mapping: 1'", at: SourceLocation(line: 1, column: 1))
                throw CaseFileError(diagnostics: reader.diagnostics, source: yaml)
            }
            root = node
        } catch let error as CaseFileError {
            throw error
        } catch {
            throw CaseFileError(diagnostics: [CaseFileDecoder.syntaxDiagnostic(error, path: path)], source: yaml)
        }
        var mapping = LogMapping(path: path, source: yaml)
        if let top = reader.fields(root, at: "", what: "the log mapping", allowed: topKeys) {
            mapping.read(top, reader: reader)
            let declarations = CaseFileDecoder.readDeclarations(top)
            mapping.knowledge = declarations.knowledge
            mapping.therapies = declarations.therapies
            mapping.routines = declarations.routines
            mapping.handoffs = declarations.handoffs
            mapping.decisions = declarations.decisions
            mapping.mechanisms = declarations.mechanisms
            mapping.map = SourceMap(root: root, redirects: declarations.redirects)
        }
        guard reader.diagnostics.isEmpty else {
            throw CaseFileError(diagnostics: reader.diagnostics.sorted(by: fileOrder), source: yaml)
        }
        return mapping
    }

    static func fileOrder(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        switch (a.location, b.location) {
        case let (x?, y?): return x < y
        case (nil, _?): return true
        default: return false
        }
    }

    private mutating func read(_ top: Fields, reader: YAMLReader) {
        if top.has("alliance-log-mapping") {
            if let version = top.int("alliance-log-mapping"), version != 1 {
                reader.error("unsupported mapping version \(version); this version of alliance reads 'alliance-log-mapping: 1'", at: top.values["alliance-log-mapping"])
            }
        } else {
            reader.error("missing 'alliance-log-mapping: 1' at the top of the log mapping", at: top.node)
        }
        if let text = top.string("format") {
            if let f = EventLogFormat(rawValue: text.trimmingSpaces()) {
                format = f
            } else {
                reader.error("unknown format '\(TextSanitizer.singleLine(text))' for 'format': expected csv, xes or ocel", at: top.values["format"])
            }
        }
        if let node = top.node("fields"),
           let f = reader.fields(node, at: "fields", what: "'fields'", allowed: [
               "case", "activity", "time", "resource", "partner", "role", "case-object-type", "partner-object-type",
           ]) {
            fields = EventLogFields(
                caseKey: f.string("case"), activityKey: f.string("activity"), timeKey: f.string("time"),
                resourceKey: f.string("resource"), partnerKey: f.string("partner"), roleKey: f.string("role"),
                caseObjectType: f.string("case-object-type"), partnerObjectType: f.string("partner-object-type"))
        }
        if let node = top.node("case"),
           let f = reader.fields(node, at: "case", what: "'case'", allowed: ["title", "summary", "question", "time-zone", "emergent-routines"]) {
            title = f.string("title")
            summary = f.string("summary")
            question = f.string("question")
            if let zone = f.string("time-zone")?.trimmingSpaces() {
                if CaseCalendar.isValidZone(zone) {
                    timeZone = zone
                } else {
                    reader.error("unknown time zone '\(TextSanitizer.singleLine(zone))' for 'time-zone': give an IANA name such as Europe/Madrid, or an offset such as +01:00", at: f.values["time-zone"])
                }
            }
            if let e = f.node("emergent-routines"),
               let ef = reader.fields(e, at: "case.emergent-routines", what: "'emergent-routines'", allowed: ["min-occurrences", "min-patients"]) {
                emergentMinOccurrences = ef.int("min-occurrences", minimum: 1)
                emergentMinPatients = ef.int("min-patients", minimum: 1)
            }
        }
        if let node = top.node("partners"), let items = reader.items(node, at: "partners", what: "'partners'") {
            for (item, p) in items {
                guard let f = reader.fields(item, at: p, what: "a partner", allowed: ["log", "id", "name", "kind", "short"]),
                      let log = f.string("log", required: true) else { continue }
                if let first = partners.first(where: { $0.log == log }) {
                    reader.error("partner '\(TextSanitizer.singleLine(log))' is mapped twice (first in '\(first.path)'); map each log value once", at: f.values["log"])
                    continue
                }
                partners.append(PartnerEntry(log: log, id: f.id("id", required: false), name: f.string("name"), kind: f.string("kind"),
                                             short: f.string("short"), path: p))
            }
        }
        if let node = top.node("activities"), let items = reader.items(node, at: "activities", what: "'activities'") {
            for (item, p) in items {
                guard let f = reader.fields(item, at: p, what: "an activity", allowed: ["log", "id", "label", "produces", "consumes", "sends"]),
                      let log = f.string("log", required: true) else { continue }
                if let first = activities.first(where: { $0.log == log }) {
                    reader.error("activity '\(TextSanitizer.singleLine(log))' is mapped twice (first in '\(first.path)'); map each log value once", at: f.values["log"])
                    continue
                }
                var entry = ActivityEntry(log: log, id: f.id("id", required: false), label: f.string("label"), path: p)
                entry.produces = f.ids("produces") ?? []
                entry.consumes = f.ids("consumes") ?? []
                if let sendsNode = f.node("sends"), let sends = reader.items(sendsNode, at: f.keyPath("sends"), what: "'sends'") {
                    for (s, sp) in sends {
                        if case .scalar(let scalar) = s {
                            if Fields.isValidID(scalar.string) {
                                entry.sends.append(Send(knowledge: scalar.string, to: nil, path: sp))
                            } else {
                                reader.error("expected a knowledge type (an id) or a mapping with 'knowledge' and 'to' in 'sends', found \(YAMLReader.describe(s))", at: s)
                            }
                            continue
                        }
                        guard let sf = reader.fields(s, at: sp, what: "a sending", allowed: ["knowledge", "to"]),
                              let k = sf.id("knowledge") else { continue }
                        entry.sends.append(Send(knowledge: k, to: sf.ids("to"), path: sp))
                    }
                }
                activities.append(entry)
            }
        }
        if let node = top.node("patients"),
           let f = reader.fields(node, at: "patients", what: "'patients'", allowed: ["responsible"]) {
            responsible = f.ids("responsible") ?? []
        }
    }
}
