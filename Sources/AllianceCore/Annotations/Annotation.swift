import Foundation

/// A remark the room made at a step, attached to the patient or the partner in focus.
/// Kept in an append-only journal next to the case (`AnnotationJournal`); the core only
/// models it and replays the journal's lines, the store does the I/O.
public struct Annotation: Codable, Equatable, Sendable {
    /// Unique within a journal (random, made when it is added).
    public var id: String
    /// The step it was taken at (0…N).
    public var step: Int
    /// The patient in focus (a patient id of the case), when the focus was a patient.
    public var patient: String?
    /// The partner in focus (a partner id of the case), when the focus was a partner.
    public var partner: String?
    public var text: String
    /// Wall-clock time it was added, ISO 8601 in UTC (`2026-11-29T08:15:02Z`).
    public var created: String
    /// When its text was last edited (ISO 8601), if ever.
    public var edited: String?

    public init(id: String, step: Int, patient: String? = nil, partner: String? = nil, text: String, created: String, edited: String? = nil) {
        self.id = id
        self.step = step
        self.patient = patient
        self.partner = partner
        self.text = text
        self.created = created
        self.edited = edited
    }

    /// Text as the input line leaves it: one line (line breaks and tabs become spaces, other
    /// control characters are dropped), without surrounding spaces.
    public static func cleanText(_ text: String) -> String {
        oneLine(text).trimmingCharacters(in: .whitespaces)
    }

    /// Text made one line: line breaks and tabs become spaces, other control characters
    /// (and bidirectional overrides) are dropped.
    public static func oneLine(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if s == "\n" || s == "\r" || s == "\t" {
                out.append(" ")
            } else if s.value < 0x20 || (0x7F...0x9F).contains(s.value) || TextSanitizer.isBidiControl(s) {
                continue
            } else {
                out.append(s)
            }
        }
        return String(out)
    }

    /// `2026-11-29T08:15:02Z` for Unix time `seconds` (UTC, whole seconds).
    public static func isoTime(unixSeconds seconds: Double) -> String {
        Timestamp(seconds: Int64(seconds.rounded(.down))).iso8601
    }

    /// `08:15` from an ISO 8601 time (its hours and minutes, as written).
    public static func clockTime(_ iso: String) -> String {
        guard let t = iso.firstIndex(of: "T") else { return iso }
        return String(iso[iso.index(after: t)...].prefix(5))
    }
}

/// One change to the annotations: one line of the journal.
public enum AnnotationChange: Equatable, Sendable {
    case add(Annotation)
    case edit(id: String, text: String, at: String)
    case delete(id: String, at: String)

    /// The annotation it changes.
    public var id: String {
        switch self {
        case .add(let a): a.id
        case .edit(let id, _, _), .delete(let id, _): id
        }
    }
}

/// What went wrong with one line of a journal.
public struct JournalProblem: Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// The last line, cut short (a crash in the middle of a write): skipped.
        case torn
        /// A line that is not a change this program writes: skipped.
        case malformed
        /// An edit of an annotation the journal never added (or deleted before): skipped.
        case unknownAnnotation
    }

    /// 1-based line number in the journal.
    public var line: Int
    public var kind: Kind

    public init(line: Int, kind: Kind) {
        self.line = line
        self.kind = kind
    }

    public var description: String {
        switch kind {
        case .torn: "line \(line) was cut short (the program stopped while writing it) and is skipped"
        case .malformed: "line \(line) is not a readable change and is skipped"
        case .unknownAnnotation: "line \(line) edits an annotation that is not there and is skipped"
        }
    }
}

/// The annotations journal: one JSON object per line, one line per change, appended only.
///
///     {"op":"add","id":"k3f9…","step":12,"patient":"P1","text":"…","created":"2026-11-29T08:15:02Z"}
///     {"op":"edit","id":"k3f9…","text":"…","edited":"2026-11-29T08:16:40Z"}
///     {"op":"delete","id":"k3f9…","deleted":"2026-11-29T08:17:00Z"}
///
/// Replaying the lines in order gives the current annotations. Adding an id twice (a line
/// written again after a failed flush) replaces the first; deleting an id that is gone is
/// nothing. A torn last line and malformed lines are reported and skipped; nothing else is lost.
public enum AnnotationJournal {
    private struct Wire: Codable {
        var op: String
        var id: String
        var step: Int?
        var patient: String?
        var partner: String?
        var text: String?
        var created: String?
        var edited: String?
        var deleted: String?
    }

    /// The change as one journal line, newline included.
    public static func line(_ change: AnnotationChange) -> [UInt8] {
        let wire: Wire
        switch change {
        case .add(let a):
            wire = Wire(op: "add", id: a.id, step: a.step, patient: a.patient, partner: a.partner, text: a.text, created: a.created, edited: a.edited)
        case .edit(let id, let text, let at): wire = Wire(op: "edit", id: id, text: text, edited: at)
        case .delete(let id, let at): wire = Wire(op: "delete", id: id, deleted: at)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // A plain struct of strings and numbers always encodes.
        var bytes = [UInt8]((try? encoder.encode(wire)) ?? Data())
        bytes.append(0x0A)
        return bytes
    }

    /// Parses one line (without its newline); nil when it is not a change.
    public static func parse(_ line: some Collection<UInt8>) -> AnnotationChange? {
        guard let w = try? JSONDecoder().decode(Wire.self, from: Data(line)), !w.id.isEmpty else { return nil }
        switch w.op {
        case "add":
            guard let step = w.step, step >= 0, let text = w.text, let created = w.created else { return nil }
            return .add(Annotation(id: w.id, step: step, patient: w.patient, partner: w.partner, text: text, created: created, edited: w.edited))
        case "edit":
            guard let text = w.text, let at = w.edited else { return nil }
            return .edit(id: w.id, text: text, at: at)
        case "delete":
            return .delete(id: w.id, at: w.deleted ?? "")
        default: return nil
        }
    }

    /// Applies one change; false when it edits an annotation that is not there.
    @discardableResult
    public static func apply(_ change: AnnotationChange, to list: inout [Annotation]) -> Bool {
        switch change {
        case .add(let a):
            if let i = list.firstIndex(where: { $0.id == a.id }) { list[i] = a } else { list.append(a) }
        case .edit(let id, let text, let at):
            guard let i = list.firstIndex(where: { $0.id == id }) else { return false }
            list[i].text = text
            list[i].edited = at
        case .delete(let id, _):
            list.removeAll { $0.id == id }
        }
        return true
    }

    /// The result of replaying a journal.
    public struct Replay: Equatable, Sendable {
        /// The current annotations, in the order they were added.
        public var annotations: [Annotation]
        /// Lines skipped, in order.
        public var problems: [JournalProblem]
        /// The journal does not end with a newline: the next line written must start with one.
        public var endsMidLine: Bool
    }

    /// Replays a journal's bytes.
    public static func replay(_ bytes: [UInt8]) -> Replay {
        var list: [Annotation] = []
        var problems: [JournalProblem] = []
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        let endsMidLine = !(bytes.isEmpty || bytes.last == 0x0A)
        if !endsMidLine { lines.removeLast() }  // after the final newline: nothing
        for (i, raw) in lines.enumerated() {
            var line = raw[...]
            if line.last == 0x0D { line = line.dropLast() }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            guard let change = parse(line) else {
                let last = i == lines.count - 1
                problems.append(JournalProblem(line: i + 1, kind: last && endsMidLine ? .torn : .malformed))
                continue
            }
            if !apply(change, to: &list) { problems.append(JournalProblem(line: i + 1, kind: .unknownAnnotation)) }
        }
        return Replay(annotations: list, problems: problems, endsMidLine: endsMidLine)
    }
}
