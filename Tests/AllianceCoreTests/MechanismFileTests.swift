import AllianceCore
import Testing

/// The `mechanisms:` list in a case file: shapes, references, and the round trip.
@Suite("Mechanisms in case files: decoding errors and the round trip")
struct MechanismFileTests {
    static let base = TestCases.yaml(
        knowledge: "  - { id: k, label: reading, needed-by: [{ partner: b, for: [visit] }] }\n  - { id: lonely, label: note }\n",
        routines: """
          - id: r
            name: Calls
            in-force: false
            steps:
              - { partner: a, activity: call }
              - { partner: b, activity: visit, within: 7 }
          - id: live
            name: Live
            steps:
              - { partner: a, activity: look }
              - { partner: b, activity: visit }

        """,
        handoffs: "  - { id: h, from: a, to: b, knowledge: k, trigger: [look], within: 3 }\n",
        decisions: "  - { id: rev, label: review, opens-on: [start], due-within: 30, closes-on: [review] }\n",
        timeline: "  - { day: 1, patient: x, actor: a1, activity: look }\n")

    /// The first line of each diagnostic (the message with its position).
    static func messages(_ mechanisms: String) -> [String] {
        TestCases.problems(base + "mechanisms:\n" + mechanisms, path: "m.yaml")
            .split(separator: "\n").filter { $0.hasPrefix("m.yaml:") }.map(String.init)
    }

    static var lineOfMechanisms: Int { base.split(separator: "\n", omittingEmptySubsequences: false).count + 1 }

    @Test func malformedMechanismsAreReportedWithTheirPositionAndWhatWasExpected() {
        let l = Self.lineOfMechanisms
        #expect(Self.messages("""
          - id: one
            name: One
            sentense: typo
            changes:
              - share: { knowledge: k }
              - { share: { knowledge: k, within: 2 }, owner: { decision: rev, role: rb } }
              - {}
              - shares: { knowledge: k, within: 2 }
              - in-force: r
          - id: two
            name: Two
            sentence: Two.
            changes: []

        """) == [
            "m.yaml:\(l):5: error: missing required key 'sentence' in a mechanism",
            "m.yaml:\(l + 2):5: error: unknown key 'sentense' in a mechanism (did you mean 'sentence'?)",
            "m.yaml:\(l + 4):16: error: missing required key 'within' in 'share'",
            "m.yaml:\(l + 5):9: error: a change takes one of 'add-handoff', 'share', 'owner', 'in-force', not several; write each as its own change",
            "m.yaml:\(l + 6):9: error: a change needs one of 'add-handoff', 'share', 'owner', 'in-force'",
            "m.yaml:\(l + 7):9: error: unknown key 'shares' in a change (one of 'add-handoff', 'share', 'owner' or 'in-force') (did you mean 'share'?)",
            "m.yaml:\(l + 8):19: error: expected 'in-force' as a mapping of keys to values, found 'r'",
            "m.yaml:\(l + 12):14: error: a mechanism needs at least one change",
        ])
    }

    @Test func referencesInChangesAreCheckedWithSuggestions() {
        let l = Self.lineOfMechanisms
        #expect(Self.messages("""
          - id: one
            name: One
            sentence: One.
            changes:
              - add-handoff: { id: h, from: a, to: bb, knowledge: kk, trigger: [lok], within: 3 }
              - share: { knowledge: lonely, within: 2 }
              - owner: { decision: rev, role: b1 }
              - owner: { decision: revue, role: rb }
              - in-force: { routine: live }
              - in-force: { routine: rr }
          - id: one
            name: Again
            sentence: Again.
            changes:
              - add-handoff: { id: h2, from: a, to: a, knowledge: k, trigger: [look], within: 3 }

        """) == [
            "m.yaml:\(l + 4):28: error: mechanism 'one' adds handoff 'h', but a handoff with that id is already declared; give the added one its own id",
            "m.yaml:\(l + 4):44: error: unknown partner 'bb' in mechanism 'one' (did you mean 'b'?)",
            "m.yaml:\(l + 4):59: error: unknown knowledge type 'kk' in mechanism 'one' (did you mean 'k'?)",
            "m.yaml:\(l + 4):73: error: unknown activity 'lok' in mechanism 'one' (did you mean 'look'?)",
            "m.yaml:\(l + 5):29: error: mechanism 'one' shares 'lonely', but no partner needs it; declare 'needed-by' on the knowledge type to say who it should reach",
            "m.yaml:\(l + 6):39: error: the owner of decision 'rev' must be a role, and 'b1' is an actor of partner 'b' with role 'rb'; write 'owner: rb'",
            "m.yaml:\(l + 7):28: error: unknown decision 'revue' in mechanism 'one'",
            "m.yaml:\(l + 8):30: error: mechanism 'one' puts routine 'live' in force, which is already in force; only a routine declared with 'in-force: false' can be",
            "m.yaml:\(l + 9):30: error: unknown routine 'rr' in mechanism 'one' (did you mean 'r'?)",
            "m.yaml:\(l + 10):9: error: duplicate mechanism id 'one' (first declared at line \(l))",
            "m.yaml:\(l + 14):45: error: mechanism 'one' adds handoff 'h2' from 'a' to itself; a handoff passes knowledge between two partners",
        ])
    }

    @Test func everyKindOfChangeRoundTripsThroughTheEncoder() throws {
        let text = Self.base + """
        mechanisms:
          - id: all-kinds
            name: "Every kind: \\"quoted\\""
            sentence: "One sentence, with a colon: here."
            changes:
              - add-handoff: { id: h2, from: a, to: [b, c], knowledge: k, trigger: [look, act], within: 4h }
              - share: { knowledge: k, within: 2 }
              - owner: { decision: rev, role: rb }
              - in-force: { routine: r }

        """
        let model = try CaseFileDecoder().decode(yaml: text, path: "m.yaml")
        #expect(model.mechanisms == [Mechanism(id: "all-kinds", name: "Every kind: \"quoted\"", sentence: "One sentence, with a colon: here.", changes: [
            .addHandoff(HandoffSpec(id: "h2.b", from: "a", to: "b", knowledge: "k", trigger: ["look", "act"], within: .exact(seconds: 4 * 3600))),
            .addHandoff(HandoffSpec(id: "h2.c", from: "a", to: "c", knowledge: "k", trigger: ["look", "act"], within: .exact(seconds: 4 * 3600))),
            .share(knowledge: "k", within: 2),
            .owner(decision: "rev", role: "rb"),
            .inForce(routine: "r"),
        ])])
        let encoded = CaseFileEncoder().encode(model)
        #expect(encoded.contains("""
        mechanisms:
          - id: all-kinds
            name: "Every kind: \\"quoted\\""
            sentence: "One sentence, with a colon: here."
            changes:
              - add-handoff: { id: h2.b, from: a, to: b, knowledge: k, trigger: [look, act], within: 4h }
              - add-handoff: { id: h2.c, from: a, to: c, knowledge: k, trigger: [look, act], within: 4h }
              - share: { knowledge: k, within: 2 }
              - owner: { decision: rev, role: rb }
              - in-force: { routine: r }
        """))
        #expect(try CaseFileDecoder().decode(yaml: encoded, path: "back.yaml") == model)
    }
}
