/// An alert's sentence and its lines of evidence: either stored, or rendered when asked
/// from the facts they name.
///
/// The analysis raises tens of thousands of alerts on a large case and a screen shows a
/// few dozen, so the most frequent rules (stranded knowledge, uninformed actions) keep the
/// values their sentences need and build the text on access. The text is the same either
/// way: rendering is a pure function of values captured when the alert was raised.
struct AlertText: Sendable {
    /// The part a deferred rendering is asked for (each is built alone).
    enum Part { case message, evidence }
    private enum Storage {
        case stored(message: String, evidence: [String])
        /// `.message`: the sentence alone in the array; `.evidence`: the evidence lines.
        case deferred(@Sendable (Part) -> [String])
    }
    private let storage: Storage

    init(message: String, evidence: [String]) {
        storage = .stored(message: message, evidence: evidence)
    }

    /// Text rendered by `render` each time it is asked for (it must capture only values):
    /// for `.message` it returns the sentence alone, for `.evidence` the evidence lines.
    init(deferred render: @escaping @Sendable (Part) -> [String]) {
        storage = .deferred(render)
    }

    var message: String {
        switch storage {
        case .stored(let message, _): message
        case .deferred(let render): render(.message)[0]
        }
    }

    var evidence: [String] {
        switch storage {
        case .stored(_, let evidence): evidence
        case .deferred(let render): render(.evidence)
        }
    }
}

extension AlertText: Equatable {
    static func == (a: AlertText, b: AlertText) -> Bool { a.message == b.message && a.evidence == b.evidence }
}

/// The wording of alert sentences: names, days and lists as the analysis writes them.
/// A reference, so a deferred sentence captures one pointer rather than the compiled case.
///
/// It keeps what sentences name (labels, not the compiled case's tables), so that a case
/// that grows (a followed log) appends to its tables in place rather than copying them.
final class AlertWording: Sendable {
    let labels: ShortLabels
    let actorName: [String], actorPartner: [Int]
    let knowledgeLabels: [String], activityLabels: [String]
    let dayZero: Timestamp

    init(_ c: CompiledCase) {
        labels = c.labels
        actorName = c.actorName
        actorPartner = c.actorPartner
        knowledgeLabels = c.model.knowledge.map(\.label)
        activityLabels = c.model.activities.map(\.label)
        dayZero = c.model.info.dayZero
    }

    func name(partner p: Int) -> String { labels.partnerNames[p] }
    func name(patient x: Int) -> String { labels.patientNames[x] }
    func day(_ t: Timestamp) -> Int { t.day(since: dayZero) }
    func actorLabel<C: Collection<Int>>(_ actors: C) -> String {
        list(actors.map { "\(actorName[$0]) (\(name(partner: actorPartner[$0])))" })
    }
    func knowledgeLabel(_ k: Int) -> String { knowledgeLabels[k] }
    func activityLabel(_ a: Int) -> String { activityLabels[a] }
    /// "within 3 days", "the same day", "within 4 hours".
    func windowText(_ w: Window) -> String {
        if case .days(0) = w { return "the same day" }
        return "within \(w)"
    }
    func quoted(_ value: String) -> String { value.isEmpty ? "" : " \"\(value)\"" }
    func capitalized(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }
    func list(_ parts: [String]) -> String {
        switch parts.count {
        case 0: return ""
        case 1: return parts[0]
        default: return parts.dropLast().joined(separator: ", ") + " and " + parts.last!
        }
    }
}
