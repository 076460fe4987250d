import AllianceCore
import Testing

/// Small hand-written cases for rule tests: three partners (a, b, c) with one actor each
/// (a1 role ra, b1 role rb, c1 role rc), patients x, y and z, and activities act, look, call,
/// visit, start, stop, review. Each test adds the declarations and steps it needs.
enum TestCases {
    static func yaml(
        patients: String = "  - { id: x, name: Xavi, responsible: [b] }\n  - { id: y, name: Yolanda, responsible: [b] }\n  - { id: z, name: Zoe }\n",
        knowledge: String = "", therapies: String = "", routines: String = "", handoffs: String = "", decisions: String = "",
        emergent: String = "", timeline: String
    ) -> String {
        var s = """
        alliance-case: 1
        case:
          title: Test case
          day-zero: 2024-01-01
          values: { cost-per-therapy-day: 10 }
        \(emergent)
        partners:
          - { id: a, name: Alpha, actors: [{ id: a1, name: Ann, role: ra }] }
          - { id: b, name: Beta, actors: [{ id: b1, name: Bob, role: rb }] }
          - { id: c, name: Gamma, actors: [{ id: c1, name: Cy, role: rc }] }
        patients:
        \(patients)
        activities:
          - { id: act, label: acts }
          - { id: look, label: looks }
          - { id: call, label: calls }
          - { id: visit, label: visits }
          - { id: start, label: starts therapy }
          - { id: stop, label: stops therapy }
          - { id: review, label: reviews }

        """
        if !knowledge.isEmpty { s += "knowledge:\n\(knowledge)\n" }
        if !therapies.isEmpty { s += "therapies:\n\(therapies)\n" }
        if !routines.isEmpty { s += "routines:\n\(routines)\n" }
        if !handoffs.isEmpty { s += "handoffs:\n\(handoffs)\n" }
        if !decisions.isEmpty { s += "decisions:\n\(decisions)\n" }
        s += "timeline:\n\(timeline)"
        return s
    }

    /// Decodes and analyses, recording any decode problem as a test failure.
    static func analyze(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Analysis {
        do {
            let model = try CaseFileDecoder().decode(yaml: text, path: "test.yaml")
            return Analysis(validated: model)
        } catch {
            Issue.record("case does not decode:\n\(error.rendered)", sourceLocation: sourceLocation)
            throw error
        }
    }

    /// The diagnostics of a case that must not decode.
    static func problems(_ text: String, path: String = "test.yaml") -> String {
        do {
            _ = try CaseFileDecoder().decode(yaml: text, path: path)
            return ""
        } catch {
            return error.rendered
        }
    }
}

extension Analysis {
    /// Alerts of a rule as (patient id, step, day) triples, in raise order.
    func fired(_ rule: AlertRule) -> [AlertHit] {
        alerts.filter { $0.rule == rule }.map {
            AlertHit(patient: $0.patient.map { model.patients[$0].id }, step: $0.step, day: day(of: $0.time))
        }
    }
}

struct AlertHit: Equatable, CustomStringConvertible {
    var patient: String?
    var step: Int
    var day: Int
    init(patient: String?, step: Int, day: Int) {
        self.patient = patient
        self.step = step
        self.day = day
    }
    var description: String { "(\(patient ?? "-"), step \(step), day \(day))" }
}
