import Foundation
import Yams

/// Reads a case file (YAML, `alliance-case: 1`) into a `CaseModel`, reporting every
/// syntax, shape and reference problem with its `line:column`.
///
/// ```swift
/// let model = try CaseFileDecoder().decode(yaml: text, path: "my-case.yaml")
/// ```
public struct CaseFileDecoder: Sendable {
    public init() {}

    /// Decodes and validates; throws every problem found.
    public func decode(yaml: String, path: String) throws(CaseFileError) -> CaseModel {
        let result = decodeUnvalidated(yaml: yaml, path: path)
        var diagnostics = result.diagnostics
        if let model = result.model, diagnostics.isEmpty {
            diagnostics = CaseValidator(model: model, path: path, map: result.map).validate()
            if diagnostics.isEmpty { return model }
        }
        throw CaseFileError(diagnostics: diagnostics.sorted(by: CaseFileDecoder.fileOrder), source: yaml)
    }

    /// Reads the file at `path` and decodes it. A missing, unreadable or non-UTF-8 file
    /// is reported as a single diagnostic naming the file.
    public func load(path: String) throws(CaseFileError) -> CaseModel {
        let text = try CaseFileDecoder.readText(path: path)
        return try decode(yaml: text, path: path)
    }

    /// The text of a file, or a diagnostic saying why it cannot be read.
    public static func readText(path: String) throws(CaseFileError) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CaseFileError(diagnostics: [Diagnostic(path: path, location: nil, message: "no such file")], source: nil)
        }
        guard !isDirectory.boolValue else {
            throw CaseFileError(diagnostics: [Diagnostic(path: path, location: nil, message: "is a directory, expected a case file")], source: nil)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CaseFileError(diagnostics: [Diagnostic(path: path, location: nil, message: "cannot be read (check its permissions)")], source: nil)
        }
        return try text(of: data, path: path)
    }

    /// The text of a file's bytes (UTF-8, a byte-order mark dropped), or a diagnostic naming `path`.
    public static func text(of data: Data, path: String) throws(CaseFileError) -> String {
        guard let text = String(data: data, encoding: .utf8) else {
            throw CaseFileError(diagnostics: [Diagnostic(path: path, location: nil, message: "is not UTF-8 text; save it as UTF-8")], source: nil)
        }
        return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    }

    static func fileOrder(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        switch (a.location, b.location) {
        case let (x?, y?): return x < y
        case (nil, _?): return true
        default: return false
        }
    }

    /// The model (if its shape was readable), where each value came from, and the
    /// syntax and shape problems. References between ids are not checked here.
    public func decodeUnvalidated(yaml: String, path: String) -> (model: CaseModel?, map: SourceMap, diagnostics: [Diagnostic]) {
        let reader = YAMLReader(path: path)
        let root: Node
        do {
            // The basic resolver: every scalar stays text, and we parse numbers and booleans
            // ourselves (the default resolver runs regular expressions on every scalar).
            guard let node = try Yams.compose(yaml: yaml, .basic) else {
                reader.error("the file is empty; expected a case starting with 'alliance-case: 1'", at: SourceLocation(line: 1, column: 1))
                return (nil, SourceMap(), reader.diagnostics)
            }
            root = node
        } catch {
            return (nil, SourceMap(), [CaseFileDecoder.syntaxDiagnostic(error, path: path)])
        }
        let document = CaseDocument(reader: reader)
        let model = document.read(root)
        return (reader.diagnostics.isEmpty ? model : nil, SourceMap(root: root, redirects: document.redirects.paths), reader.diagnostics)
    }

    /// A YAML syntax error as one diagnostic with the position Yams reports.
    package static func syntaxDiagnostic(_ error: Error, path: String) -> Diagnostic {
        func diag(_ problem: String, _ mark: Mark, _ context: YamlError.Context?) -> Diagnostic {
            var message = "invalid YAML: \(problem)"
            if let context { message += " (\(context.text) at \(context.mark.line):\(context.mark.column))" }
            return Diagnostic(path: path, location: SourceLocation(line: mark.line, column: mark.column), message: message)
        }
        guard let yamlError = error as? YamlError else {
            return Diagnostic(path: path, location: nil, message: "invalid YAML: \(error)")
        }
        switch yamlError {
        case let .scanner(context, problem, mark, _): return diag(problem, mark, context)
        case let .parser(context, problem, mark, _): return diag(problem, mark, context)
        case let .composer(context, problem, mark, _): return diag(problem, mark, context)
        case let .duplicatedKeysInMapping(duplicates, context):
            let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return Diagnostic(
                path: path, location: SourceLocation(line: context.mark.line, column: context.mark.column),
                message: "duplicate key \(names) in the same mapping")
        case let .reader(problem, offset, _, yaml):
            var location: SourceLocation?
            if let offset {
                let prefix = yaml.unicodeScalars.prefix(offset)
                let line = prefix.filter { $0 == "\n" }.count + 1
                let column = prefix.count - (prefix.lastIndex(of: "\n").map { prefix.distance(from: prefix.startIndex, to: $0) + 1 } ?? 0) + 1
                location = SourceLocation(line: line, column: column)
            }
            return Diagnostic(path: path, location: location, message: "unreadable text: \(problem)")
        default:
            return Diagnostic(path: path, location: nil, message: "invalid YAML: \(yamlError)")
        }
    }
}

/// The shape of a case document: which keys each mapping takes and how they become model values.
private struct CaseDocument {
    let reader: YAMLReader
    /// Model paths that differ from file paths (a handoff with `to: [a, b]` becomes two).
    let redirects = Redirects()

    final class Redirects {
        var paths: [String: String] = [:]
    }

    func read(_ root: Node) -> CaseModel? {
        guard let top = reader.fields(root, at: "", what: "the case file", allowed: [
            "alliance-case", "case", "partners", "patients", "activities", "knowledge", "therapies",
            "routines", "handoffs", "decisions", "timeline", "mechanisms",
        ]) else { return nil }
        if let version = top.int("alliance-case", required: true), version != 1 {
            reader.error("unsupported format version \(version); this version of alliance reads 'alliance-case: 1'", at: top.values["alliance-case"])
        }
        let info = top.node("case", required: true).flatMap(readInfo)
        let partners = list(top, "partners", required: true, what: "a partner", readPartner)
        let patients = list(top, "patients", required: true, what: "a patient", readPatient)
        let activities = list(top, "activities", required: true, what: "an activity", readActivity)
        let knowledge = list(top, "knowledge", what: "a knowledge type", readKnowledge)
        let therapies = list(top, "therapies", what: "a therapy", readTherapy)
        let routines = list(top, "routines", what: "a routine", readRoutine)
        let handoffs = expandHandoffs(list(top, "handoffs", what: "a handoff", readHandoff))
        let decisions = list(top, "decisions", what: "a decision", readDecision)
        let timeline = list(top, "timeline", required: true, what: "a timeline step") { readStep($0, $1, calendar: info.map(CaseCalendar.init)) }
        let mechanisms = list(top, "mechanisms", what: "a mechanism", readMechanism)
        guard let info else { return nil }
        var model = CaseModel(
            info: info, partners: partners, patients: patients, activities: activities, knowledge: knowledge,
            therapies: therapies, routines: routines, handoffs: handoffs, decisions: decisions, timeline: timeline)
        model.mechanisms = mechanisms
        return model
    }

    /// Handoffs with several receivers (`to: [a, b]`) become one handoff per receiver, with
    /// ids `ID.a` and `ID.b`; positions in the file are kept for the validator's messages.
    private func expandHandoffs(_ read: [(spec: HandoffSpec, to: [String], path: String)]) -> [HandoffSpec] {
        var out: [HandoffSpec] = []
        for (spec, receivers, path) in read {
            if receivers.count == 1 {
                if path != "handoffs.\(out.count)" { redirects.paths["handoffs.\(out.count)"] = path }
                var one = spec
                one.to = receivers[0]
                out.append(one)
                continue
            }
            for (t, to) in receivers.enumerated() {
                let model = "handoffs.\(out.count)"
                redirects.paths[model] = path
                redirects.paths["\(model).id"] = "\(path).id"
                redirects.paths["\(model).to"] = "\(path).to.\(t)"
                var one = spec
                one.id = "\(spec.id).\(to)"
                one.to = to
                out.append(one)
            }
        }
        return out
    }

    /// Reads a top-level list, item by item; items that fail are left out (their errors are recorded).
    private func list<T>(
        _ fields: Fields, _ key: String, required: Bool = false, what: String, _ readItem: (Fields, String) -> T?
    ) -> [T] {
        guard let node = fields.node(key, required: required),
              let items = reader.items(node, at: key, what: "'\(key)'") else { return [] }
        if required, items.isEmpty { reader.error("'\(key)' needs at least one entry", at: node) }
        return items.compactMap { item, path in
            reader.fields(item, at: path, what: what, allowed: allowedKeys[key] ?? []).flatMap { readItem($0, path) }
        }
    }

    private let allowedKeys: [String: [String]] = [
        "partners": ["id", "name", "short", "kind", "actors"],
        "patients": ["id", "name", "short", "profile", "responsible"],
        "activities": ["id", "label"],
        "knowledge": ["id", "label", "needed-by", "share-within"],
        "therapies": ["id", "label", "starts-on", "ends-on", "awareness", "aware-within", "cost-per-day"],
        "routines": ["id", "name", "in-force", "steps"],
        "handoffs": ["id", "from", "to", "knowledge", "trigger", "within"],
        "decisions": ["id", "label", "opens-on", "owner", "due-within", "closes-on", "overdue-days-unneeded"],
        "mechanisms": ["id", "name", "sentence", "changes"],
        "timeline": ["id", "day", "at", "patient", "actor", "actors", "activity", "event", "produces", "sends", "contacts", "consumes",
                     "formalizes", "note", "question", "pause"],
    ]

    private func readInfo(_ node: Node) -> CaseInfo? {
        guard let f = reader.fields(node, at: "case", what: "'case'", allowed: [
            "title", "summary", "question", "source", "time-unit", "day-zero", "time-zone", "currency", "values", "emergent-routines",
        ]) else { return nil }
        let title = f.string("title", required: true)
        var dayZero = f.timestamp("day-zero", required: true)
        // Days are counted in the case's time zone: `time-zone`, else the offset day-zero was written with, else UTC.
        var timeZone: String?
        if let zone = f.string("time-zone")?.trimmingSpaces() {
            if CaseCalendar.isValidZone(zone) {
                timeZone = zone
            } else {
                reader.error("unknown time zone '\(TextSanitizer.singleLine(zone))' for 'time-zone': give an IANA name such as Europe/Madrid, or an offset such as +01:00", at: f.values["time-zone"])
            }
        } else if let text = f.string("day-zero"), let offset = Timestamp.writtenOffset(iso8601: text.trimmingSpaces()) {
            timeZone = offset
        }
        // A bare date is midnight in the case's time zone.
        if let text = f.string("day-zero"), text.trimmingSpaces().count == 10, let t = dayZero, timeZone != nil {
            dayZero = CaseCalendar(timeZone: timeZone, dayZero: t).startOfDay(0)
        }
        if let unit = f.string("time-unit"), unit != "days" {
            reader.error("unsupported time-unit '\(TextSanitizer.singleLine(unit))'; expected 'days'", at: f.values["time-unit"])
        }
        var values: [NamedValue] = []
        if let valuesNode = f.node("values") {
            if case .mapping(let mapping) = valuesNode {
                for (key, value) in mapping {
                    guard let name = key.scalar?.string, Fields.isValidID(name) else {
                        reader.error("expected a value name (an id) in 'values'", at: key)
                        continue
                    }
                    guard case .scalar(let s) = value, let v = Double(s.string), v.isFinite else {
                        reader.error("expected value '\(name)' to be a number, found \(YAMLReader.describe(value))", at: value)
                        continue
                    }
                    values.append(NamedValue(name: name, value: v))
                }
            } else {
                reader.error("expected 'values' as a mapping of names to numbers, found \(YAMLReader.describe(valuesNode))", at: valuesNode)
            }
        }
        var minOccurrences = 2, minPatients = 2
        if let e = f.node("emergent-routines"),
           let ef = reader.fields(e, at: "case.emergent-routines", what: "'emergent-routines'", allowed: ["min-occurrences", "min-patients"]) {
            minOccurrences = ef.int("min-occurrences", minimum: 1) ?? minOccurrences
            minPatients = ef.int("min-patients", minimum: 1) ?? minPatients
        }
        guard let title, let dayZero else { return nil }
        return CaseInfo(
            title: title, summary: f.string("summary") ?? "", question: f.string("question") ?? "", source: f.string("source") ?? "", dayZero: dayZero,
            currency: f.string("currency") ?? "EUR", values: values,
            emergentMinOccurrences: minOccurrences, emergentMinPatients: minPatients, timeZone: timeZone)
    }

    private func readPartner(_ f: Fields, _ path: String) -> Partner? {
        let id = f.id("id"), name = f.string("name", required: true)
        var actors: [Actor] = []
        if let node = f.node("actors", required: true), let items = reader.items(node, at: f.keyPath("actors"), what: "'actors'") {
            if items.isEmpty { reader.error("a partner needs at least one actor", at: node) }
            for (item, p) in items {
                guard let af = reader.fields(item, at: p, what: "an actor", allowed: ["id", "name", "short", "role"]) else { continue }
                if let aid = af.id("id"), let aname = af.string("name", required: true), let role = af.id("role") {
                    actors.append(Actor(id: aid, name: aname, role: role, short: af.string("short")))
                }
            }
        }
        guard let id, let name else { return nil }
        return Partner(id: id, name: name, kind: f.string("kind") ?? "", actors: actors, short: f.string("short"))
    }

    private func readPatient(_ f: Fields, _ path: String) -> Patient? {
        guard let id = f.id("id"), let name = f.string("name", required: true) else { return nil }
        return Patient(id: id, name: name, profile: f.string("profile") ?? "", responsible: f.ids("responsible") ?? [],
                       short: f.string("short"))
    }

    private func readActivity(_ f: Fields, _ path: String) -> Activity? {
        guard let id = f.id("id"), let label = f.string("label", required: true) else { return nil }
        return Activity(id: id, label: label)
    }

    private func readKnowledge(_ f: Fields, _ path: String) -> KnowledgeType? {
        let id = f.id("id"), label = f.string("label", required: true)
        var needs: [KnowledgeNeed] = []
        if let node = f.node("needed-by"), let items = reader.items(node, at: f.keyPath("needed-by"), what: "'needed-by'") {
            for (item, p) in items {
                guard let nf = reader.fields(item, at: p, what: "a need", allowed: ["partner", "for"]) else { continue }
                if let partner = nf.id("partner"), let activities = nf.ids("for", required: true) {
                    needs.append(KnowledgeNeed(partner: partner, activities: activities))
                }
            }
        }
        let within = f.window("share-within")
        guard let id, let label else { return nil }
        return KnowledgeType(id: id, label: label, neededBy: needs, shareWithin: within)
    }

    private func readTherapy(_ f: Fields, _ path: String) -> Therapy? {
        let id = f.id("id"), label = f.string("label", required: true)
        let starts = f.ids("starts-on", required: true), ends = f.ids("ends-on", required: true)
        let awareness = f.id("awareness", required: false)
        let within = f.window("aware-within")
        var cost: CostPerDay?
        if let node = f.node("cost-per-day") {
            if case .scalar(let s) = node, let v = Double(s.string), v.isFinite {
                cost = .amount(v)
            } else if case .scalar(let s) = node, Fields.isValidID(s.string) {
                cost = .named(s.string)
            } else {
                reader.error("expected 'cost-per-day' to be a number or the name of a case value, found \(YAMLReader.describe(node))", at: node)
            }
        }
        guard let id, let label, let starts, let ends else { return nil }
        return Therapy(id: id, label: label, startsOn: starts, endsOn: ends, awareness: awareness, awareWithin: within ?? 14, costPerDay: cost)
    }

    private func readRoutine(_ f: Fields, _ path: String) -> Routine? {
        let id = f.id("id"), name = f.string("name", required: true)
        let inForce = f.bool("in-force") ?? true
        var steps: [RoutineStep] = []
        if let node = f.node("steps", required: true), let items = reader.items(node, at: f.keyPath("steps"), what: "'steps'") {
            if items.count < 2 { reader.error("a routine needs at least two steps", at: node) }
            for (item, p) in items {
                guard let sf = reader.fields(item, at: p, what: "a routine step", allowed: ["partner", "role", "activity", "within"]) else { continue }
                let activities = sf.ids("activity", required: true)
                if activities?.isEmpty == true { reader.error("'activity' needs at least one activity", at: sf.values["activity"]) }
                let within = sf.window("within")
                var performer: Performer?
                switch (sf.has("partner"), sf.has("role")) {
                case (true, false): performer = sf.id("partner").map(Performer.partner)
                case (false, true): performer = sf.id("role").map(Performer.role)
                case (true, true): reader.error("a routine step takes 'partner' or 'role', not both", at: item)
                case (false, false): reader.error("missing 'partner' or 'role' in a routine step", at: item)
                }
                if let activities, !activities.isEmpty, let performer {
                    steps.append(RoutineStep(performer: performer, activities: activities, within: within))
                }
            }
        }
        guard let id, let name else { return nil }
        return Routine(id: id, name: name, inForce: inForce, steps: steps)
    }

    private func readHandoff(_ f: Fields, _ path: String) -> (spec: HandoffSpec, to: [String], path: String)? {
        let id = f.id("id"), from = f.id("from"), to = f.ids("to", required: true), knowledge = f.id("knowledge")
        if to?.isEmpty == true { reader.error("'to' needs at least one partner", at: f.values["to"]) }
        let trigger = f.ids("trigger", required: true), within = f.window("within", required: true)
        guard let id, let from, let to, !to.isEmpty, let knowledge, let trigger, let within else { return nil }
        return (HandoffSpec(id: id, from: from, to: to[0], knowledge: knowledge, trigger: trigger, within: within), to, path)
    }

    private func readDecision(_ f: Fields, _ path: String) -> DecisionSpec? {
        let id = f.id("id"), label = f.string("label", required: true)
        let opens = f.ids("opens-on", required: true), closes = f.ids("closes-on", required: true)
        var owner: String?
        if case .scalar(let s)? = f.values["owner"], YAMLReader.isNull(s) {
            reader.error("'owner' is empty: for a decision that nobody owns, leave out 'owner'", at: f.values["owner"])
        } else {
            owner = f.id("owner", required: false)
        }
        let due = f.window("due-within", required: true)
        let unneeded = f.bool("overdue-days-unneeded") ?? false
        guard let id, let label, let opens, let closes, let due else { return nil }
        return DecisionSpec(id: id, label: label, opensOn: opens, owner: owner, dueWithin: due, closesOn: closes, overdueDaysUnneeded: unneeded)
    }

    static let changeKinds = ["add-handoff", "share", "owner", "in-force"]

    /// A mechanism: its changes, each a mapping with one key naming its kind. A handoff with
    /// several receivers becomes one change per receiver (ids `ID.to`), as in `handoffs`.
    private func readMechanism(_ f: Fields, _ path: String) -> Mechanism? {
        let id = f.id("id"), name = f.string("name", required: true), sentence = f.string("sentence", required: true)
        var changes: [MechanismChange] = []
        if let node = f.node("changes", required: true), let items = reader.items(node, at: f.keyPath("changes"), what: "'changes'") {
            if items.isEmpty { reader.error("a mechanism needs at least one change", at: node) }
            for (item, p) in items {
                let kinds = Self.changeKinds.map { "'\($0)'" }
                let what = "a change (one of \(kinds.dropLast().joined(separator: ", ")) or \(kinds.last!))"
                guard let cf = reader.fields(item, at: p, what: what, allowed: Self.changeKinds) else { continue }
                let given = Self.changeKinds.filter(cf.has)
                guard given.count == 1, let kind = given.first, let body = cf.node(kind) else {
                    if given.count > 1 {
                        reader.error("a change takes one of \(kinds.joined(separator: ", ")), not several; write each as its own change", at: item)
                    } else if given.isEmpty, case .mapping(let m) = item, m.isEmpty {
                        // (A mapping with keys has had its unknown keys reported.)
                        reader.error("a change needs one of \(kinds.joined(separator: ", "))", at: item)
                    }
                    continue
                }
                let model = "\(path).changes.\(changes.count)"
                if model != p { redirects.paths[model] = p }
                switch kind {
                case "add-handoff":
                    guard let hf = reader.fields(body, at: "\(p).add-handoff", what: "'add-handoff'", allowed: allowedKeys["handoffs"]!),
                          let read = readHandoff(hf, "\(p).add-handoff") else { continue }
                    let spec = read.spec, receivers = read.to
                    if receivers.count == 1 {
                        var one = spec
                        one.to = receivers[0]
                        changes.append(.addHandoff(one))
                        continue
                    }
                    for (t, to) in receivers.enumerated() {
                        let model = "\(path).changes.\(changes.count)"
                        redirects.paths[model] = p
                        redirects.paths["\(model).add-handoff.id"] = "\(p).add-handoff.id"
                        redirects.paths["\(model).add-handoff.to"] = "\(p).add-handoff.to.\(t)"
                        var one = spec
                        one.id = "\(spec.id).\(to)"
                        one.to = to
                        changes.append(.addHandoff(one))
                    }
                case "share":
                    guard let sf = reader.fields(body, at: "\(p).share", what: "'share'", allowed: ["knowledge", "within"]) else { continue }
                    if let k = sf.id("knowledge"), let w = sf.window("within", required: true) { changes.append(.share(knowledge: k, within: w)) }
                case "owner":
                    guard let of = reader.fields(body, at: "\(p).owner", what: "'owner'", allowed: ["decision", "role"]) else { continue }
                    if let d = of.id("decision"), let role = of.id("role") { changes.append(.owner(decision: d, role: role)) }
                default:
                    guard let rf = reader.fields(body, at: "\(p).in-force", what: "'in-force'", allowed: ["routine"]) else { continue }
                    if let r = rf.id("routine") { changes.append(.inForce(routine: r)) }
                }
            }
        }
        guard let id, let name, let sentence else { return nil }
        return Mechanism(id: id, name: name, sentence: sentence, changes: changes)
    }

    private func readStep(_ f: Fields, _ path: String, calendar: CaseCalendar?) -> Step? {
        var time: Timestamp?
        var isDay = true
        switch (f.has("day"), f.has("at")) {
        case (true, false):
            if let d = f.int("day") { time = calendar?.time(ofDay: d) ?? Timestamp(seconds: Int64(d) * Timestamp.secondsPerDay) }
        case (false, true):
            time = f.timestamp("at")
            isDay = false
        case (true, true):
            reader.error("a step takes 'day' or 'at', not both", at: f.values["at"])
        case (false, false):
            reader.error("missing 'day' or 'at' in a timeline step", at: f.node)
        }
        let patient = f.id("patient", required: false)
        var actors: [String]?, activity: String?, event: String?
        if f.has("event") {
            event = f.string("event")
            if event?.trimmingSpaces().isEmpty == true { reader.error("'event' needs a sentence saying what happened", at: f.values["event"]) }
            for key in ["actor", "actors", "activity", "produces", "sends", "contacts", "consumes", "formalizes"] where f.has(key) {
                reader.error("an event step takes no '\(key)': an event is something no actor does; for an action, remove 'event'", at: f.values[key])
            }
        } else {
            switch (f.has("actor"), f.has("actors")) {
            case (true, false): actors = f.id("actor").map { [$0] }
            case (false, true):
                actors = f.ids("actors")
                if actors?.isEmpty == true {
                    reader.error("'actors' needs at least one actor", at: f.values["actors"])
                    actors = nil
                }
            case (true, true): reader.error("a step takes 'actor' or 'actors', not both", at: f.values["actors"])
            case (false, false):
                reader.error("missing 'actor' in a timeline step (or 'actors' for several, or 'event' for something no actor does)", at: f.node)
            }
            activity = f.id("activity")
            if patient == nil, !f.has("patient") {
                for key in ["produces", "sends", "contacts", "consumes"] where f.has(key) {
                    reader.error("'\(key)' needs a 'patient': knowledge and contacts are about a patient; add 'patient' to this step", at: f.values[key])
                }
            }
        }
        var produces: [Production] = []
        if let node = f.node("produces"), let items = reader.items(node, at: f.keyPath("produces"), what: "'produces'") {
            for (item, p) in items {
                guard let pf = reader.fields(item, at: p, what: "a production", allowed: ["knowledge", "value"]) else { continue }
                if let k = pf.id("knowledge") { produces.append(Production(knowledge: k, value: pf.string("value") ?? "")) }
            }
        }
        var sends: [Sending] = []
        if let node = f.node("sends"), let items = reader.items(node, at: f.keyPath("sends"), what: "'sends'") {
            for (item, p) in items {
                guard let sf = reader.fields(item, at: p, what: "a sending", allowed: ["knowledge", "to"]) else { continue }
                if let k = sf.id("knowledge"), let to = sf.ids("to", required: true) { sends.append(Sending(knowledge: k, to: to)) }
            }
        }
        let consumes = f.ids("consumes") ?? []
        let contacts = f.ids("contacts") ?? []
        let formalizes = f.id("formalizes", required: false)
        guard let time, event != nil || (actors != nil && activity != nil) else { return nil }
        if f.has("patient"), patient == nil { return nil }
        let id = f.id("id", required: false)
        if let id, id.allSatisfy(\.isASCIIDigit) {
            reader.error("step id '\(id)' is only digits, which reads as a step number ('--at \(id)' means step number \(id)): give it a letter, such as 's\(id)'", at: f.values["id"])
            return nil
        }
        return Step(
            id: id, time: time, timeIsDay: isDay, patient: patient, activity: activity,
            produces: produces, sends: sends, consumes: consumes, formalizes: formalizes,
            note: f.string("note"), question: f.string("question"), actors: actors ?? [], event: event, contacts: contacts,
            pause: f.bool("pause"))
    }
}

/// The declaration sections of a case (`knowledge`, `therapies`, `routines`, `handoffs`,
/// `decisions`, `mechanisms`) read from another document that uses the same vocabulary (a
/// log mapping, `LogMapping`): the same keys, the same checks, the same messages.
package struct CaseDeclarations {
    package var knowledge: [KnowledgeType] = []
    package var therapies: [Therapy] = []
    package var routines: [Routine] = []
    package var handoffs: [HandoffSpec] = []
    package var decisions: [DecisionSpec] = []
    package var mechanisms: [Mechanism] = []
    /// Model paths whose value sits elsewhere in the file (a handoff with `to: [a, b]`), for `SourceMap`.
    package var redirects: [String: String] = [:]
}

extension CaseFileDecoder {
    /// The top-level keys `readDeclarations` reads.
    package static let declarationKeys = ["knowledge", "therapies", "routines", "handoffs", "decisions", "mechanisms"]

    /// Reads the declaration sections among `top`'s fields; problems go to `top.reader`.
    package static func readDeclarations(_ top: Fields) -> CaseDeclarations {
        CaseDocument(reader: top.reader).readDeclarations(top)
    }
}

extension CaseDocument {
    fileprivate func readDeclarations(_ top: Fields) -> CaseDeclarations {
        var d = CaseDeclarations()
        d.knowledge = list(top, "knowledge", what: "a knowledge type", readKnowledge)
        d.therapies = list(top, "therapies", what: "a therapy", readTherapy)
        d.routines = list(top, "routines", what: "a routine", readRoutine)
        d.handoffs = expandHandoffs(list(top, "handoffs", what: "a handoff", readHandoff))
        d.decisions = list(top, "decisions", what: "a decision", readDecision)
        d.mechanisms = list(top, "mechanisms", what: "a mechanism", readMechanism)
        d.redirects = redirects.paths
        return d
    }
}

private extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
