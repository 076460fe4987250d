/// A coordination mechanism the room can try: a named change to the case's design (its
/// declarations), assumed to work as declared. Applying it gives a variant of the case that
/// the analysis runs as it runs any case; `MechanismComparison` says what changed.
///
/// ```yaml
/// mechanisms:
///   - id: shared-record
///     name: A shared care record
///     sentence: What the home nurse sees is in the GP's record within two days.
///     changes:
///       - share: { knowledge: home-obs, within: 2 }
/// ```
public struct Mechanism: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    /// One sentence for the room: what the partners would do differently.
    public var sentence: String
    public var changes: [MechanismChange]
    public init(id: String, name: String, sentence: String, changes: [MechanismChange]) {
        self.id = id
        self.name = name
        self.sentence = sentence
        self.changes = changes
    }
}

/// One change a mechanism makes to the declarations, and what the alliance then does.
///
/// A mechanism is assumed to work: what it declares is carried out, never more.
/// - `addHandoff`: the handoff is declared, and at each of its triggers the sending partner
///   passes the item on (at the trigger step if it holds it then, else at its first step for
///   the patient within the window that holds it).
/// - `share`: the knowledge type's share window is set, and every item of it reaches every
///   partner that needs it (`needed-by`) at the step that produces it.
/// - `owner`: the decision gets an owner role, and the owner takes it by its due date
///   (a decision the timeline takes earlier is taken there, as before).
/// - `inForce`: the routine is in force from day 0 (a step that formalizes it adopts
///   nothing more); its runs are judged on what happened.
public enum MechanismChange: Sendable, Equatable, Codable {
    case addHandoff(HandoffSpec)
    case share(knowledge: String, within: Window)
    case owner(decision: String, role: String)
    case inForce(routine: String)
}

extension CaseModel {
    /// The declared mechanism with this id.
    public func mechanism(_ id: String) -> Mechanism? { mechanisms.first { $0.id == id } }

    /// The case with the mechanisms `ids` applied, in the case's declaration order (ids it
    /// does not declare are ignored: `CaseModel.unknownMechanisms` names them). Pure: the
    /// timeline keeps its steps and their order, so step numbers mean the same in both.
    public func applying(mechanisms ids: [String]) -> CaseModel {
        let active = mechanisms.filter { ids.contains($0.id) }
        guard !active.isEmpty else { return self }
        var m = self
        var deliveries: [HandoffSpec] = []
        var shared: [String] = []
        for mech in active {
            for change in mech.changes {
                switch change {
                case .addHandoff(let h):
                    m.handoffs.append(h)
                    deliveries.append(h)
                case .share(let k, let within):
                    if let i = m.knowledge.firstIndex(where: { $0.id == k }) { m.knowledge[i].shareWithin = within }
                    if !shared.contains(k) { shared.append(k) }
                case .owner(let d, let role):
                    if let i = m.decisions.firstIndex(where: { $0.id == d }) {
                        m.decisions[i].owner = role
                        m.decisions[i].ownerTakesItWhenDue = true
                    }
                case .inForce(let r):
                    if let i = m.routines.firstIndex(where: { $0.id == r }) { m.routines[i].inForce = true }
                    for s in m.timeline.indices where m.timeline[s].formalizes == r { m.timeline[s].formalizes = nil }
                }
            }
        }
        m.deliver(shared: shared, handoffs: deliveries)
        return m
    }

    /// Ids in `ids` that the case does not declare.
    public func unknownMechanisms(_ ids: [String]) -> [String] {
        ids.filter { id in !mechanisms.contains { $0.id == id } }
    }

    /// Adds the deliveries the mechanisms carry out to the timeline's steps (`Step.delivered`).
    private mutating func deliver(shared: [String], handoffs: [HandoffSpec]) {
        guard !shared.isEmpty || !handoffs.isEmpty else { return }
        var partnerOf: [String: String] = [:]
        for p in partners { for a in p.actors where partnerOf[a.id] == nil { partnerOf[a.id] = p.id } }
        let needers: [String: [String]] = Dictionary(knowledge.map { k in
            var out: [String] = []
            for n in k.neededBy where !out.contains(n.partner) { out.append(n.partner) }
            return (k.id, out)
        }, uniquingKeysWith: { a, _ in a })
        let calendar = CaseCalendar(info)
        struct Key: Hashable { var partner: String, patient: String, knowledge: String }
        // Who holds what is needed only for the knowledge of the added handoffs.
        let tracked = Set(handoffs.map(\.knowledge))
        var held = Set<Key>()
        /// Handoff deliveries still to make: (handoff, patient, due).
        var pending: [(h: Int, patient: String, due: Timestamp)] = []
        for i in timeline.indices {
            let st = timeline[i]
            guard let x = st.patient, let actor = st.actor, let from = partnerOf[actor] else { continue }
            for p in st.produces where tracked.contains(p.knowledge) { held.insert(Key(partner: from, patient: x, knowledge: p.knowledge)) }
            var out: [Sending] = []
            func add(_ k: String, _ to: String) {
                guard to != from else { return }
                if let j = out.firstIndex(where: { $0.knowledge == k }) {
                    if !out[j].to.contains(to) { out[j].to.append(to) }
                } else {
                    out.append(Sending(knowledge: k, to: [to]))
                }
            }
            // Shared knowledge reaches its needers where it is produced.
            for p in st.produces where shared.contains(p.knowledge) {
                for q in needers[p.knowledge] ?? [] { add(p.knowledge, q) }
            }
            // Handoffs triggered earlier, still to deliver: the first step of the sender that holds the item.
            if !pending.isEmpty { pending.removeAll { $0.due < st.time } }
            if !pending.isEmpty { pending.removeAll { d in
                let h = handoffs[d.h]
                guard d.patient == x, h.from == from, held.contains(Key(partner: from, patient: x, knowledge: h.knowledge)) else { return false }
                add(h.knowledge, h.to)
                return true
            } }
            for (n, h) in handoffs.enumerated() where h.from == from && st.activity.map(h.trigger.contains) == true {
                if held.contains(Key(partner: from, patient: x, knowledge: h.knowledge)) {
                    add(h.knowledge, h.to)
                } else {
                    pending.append((n, x, calendar.due(h.within, after: st.time)))
                }
            }
            for s in st.sends where tracked.contains(s.knowledge) { for q in s.to { held.insert(Key(partner: q, patient: x, knowledge: s.knowledge)) } }
            for s in out where tracked.contains(s.knowledge) { for q in s.to { held.insert(Key(partner: q, patient: x, knowledge: s.knowledge)) } }
            if !out.isEmpty { timeline[i].delivered = out }
        }
    }
}
