/// Checks the references and the order of a case: every id named is declared, ids are
/// unique, time never goes backwards, and a step only sends knowledge its partner holds.
///
/// Works on any `CaseModel`; a `SourceMap` (from `CaseFileDecoder`) adds `line:column`.
public struct CaseValidator {
    let model: CaseModel
    let path: String
    let map: SourceMap
    private var diagnostics: [Diagnostic] = []

    public init(model: CaseModel, path: String, map: SourceMap = SourceMap()) {
        self.model = model
        self.path = path
        self.map = map
    }

    /// Every problem found, in no particular order.
    public consuming func validate() -> [Diagnostic] {
        let partnerIDs = Set(model.partners.map(\.id))
        let actors = model.partners.flatMap { p in p.actors.map { (p.id, $0) } }
        let roles = Set(actors.map(\.1.role))
        let activityIDs = Set(model.activities.map(\.id))
        let knowledgeIDs = Set(model.knowledge.map(\.id))

        unique(model.partners.map(\.id), "partners", "partner")
        unique(actors.map(\.1.id), paths: model.partners.enumerated().flatMap { pi, p in p.actors.indices.map { "partners.\(pi).actors.\($0).id" } }, "actor")
        unique(model.patients.map(\.id), "patients", "patient")
        uniqueShorts(model.partners.map(\.short), paths: model.partners.indices.map { "partners.\($0).short" }, "partner")
        uniqueShorts(model.patients.map(\.short), paths: model.patients.indices.map { "patients.\($0).short" }, "patient")
        uniqueShorts(actors.map(\.1.short),
                     paths: model.partners.enumerated().flatMap { pi, p in p.actors.indices.map { "partners.\(pi).actors.\($0).short" } }, "actor")
        unique(model.activities.map(\.id), "activities", "activity")
        unique(model.knowledge.map(\.id), "knowledge", "knowledge type")
        unique(model.therapies.map(\.id), "therapies", "therapy")
        unique(model.routines.map(\.id), "routines", "routine")
        unique(model.handoffs.map(\.id), "handoffs", "handoff")
        unique(model.decisions.map(\.id), "decisions", "decision")
        let stepIDs = model.timeline.enumerated().compactMap { i, s in s.id.map { ($0, "timeline.\(i).id") } }
        unique(stepIDs.map(\.0), paths: stepIDs.map(\.1), "step")

        for (i, patient) in model.patients.enumerated() {
            refs(patient.responsible, partnerIDs, "partner", "patients.\(i).responsible", in: "patient '\(patient.id)'")
        }
        for (i, k) in model.knowledge.enumerated() {
            for (n, need) in k.neededBy.enumerated() {
                let p = "knowledge.\(i).needed-by.\(n)"
                ref(need.partner, partnerIDs, "partner", "\(p).partner", in: "knowledge '\(k.id)'")
                refs(need.activities, activityIDs, "activity", "\(p).for", in: "knowledge '\(k.id)'")
            }
        }
        for (i, t) in model.therapies.enumerated() {
            let p = "therapies.\(i)"
            refs(t.startsOn, activityIDs, "activity", "\(p).starts-on", in: "therapy '\(t.id)'")
            refs(t.endsOn, activityIDs, "activity", "\(p).ends-on", in: "therapy '\(t.id)'")
            if let a = t.awareness { ref(a, knowledgeIDs, "knowledge type", "\(p).awareness", in: "therapy '\(t.id)'") }
            if case .named(let name)? = t.costPerDay {
                ref(name, Set(model.info.values.map(\.name)), "case value", "\(p).cost-per-day", in: "therapy '\(t.id)'")
            }
        }
        for (i, r) in model.routines.enumerated() {
            for (s, step) in r.steps.enumerated() {
                let p = "routines.\(i).steps.\(s)"
                switch step.performer {
                case .partner(let id): ref(id, partnerIDs, "partner", "\(p).partner", in: "routine '\(r.id)'")
                case .role(let role): ref(role, roles, "role", "\(p).role", in: "routine '\(r.id)'")
                }
                ref(step.activity, activityIDs, "activity", "\(p).activity", in: "routine '\(r.id)'")
            }
        }
        for (i, h) in model.handoffs.enumerated() {
            let p = "handoffs.\(i)"
            ref(h.from, partnerIDs, "partner", "\(p).from", in: "handoff '\(h.id)'")
            ref(h.to, partnerIDs, "partner", "\(p).to", in: "handoff '\(h.id)'")
            if h.from == h.to { report("handoff '\(h.id)' goes from '\(h.from)' to itself; a handoff is between two partners", at: "\(p).to") }
            ref(h.knowledge, knowledgeIDs, "knowledge type", "\(p).knowledge", in: "handoff '\(h.id)'")
            refs(h.trigger, activityIDs, "activity", "\(p).trigger", in: "handoff '\(h.id)'")
        }
        for (i, d) in model.decisions.enumerated() {
            let p = "decisions.\(i)"
            refs(d.opensOn, activityIDs, "activity", "\(p).opens-on", in: "decision '\(d.id)'")
            refs(d.closesOn, activityIDs, "activity", "\(p).closes-on", in: "decision '\(d.id)'")
            if let owner = d.owner { ref(owner, roles, "role", "\(p).owner", in: "decision '\(d.id)'") }
        }
        validateTimeline(partnerIDs: partnerIDs, actors: Dictionary(actors.map { ($0.1.id, $0.0) }, uniquingKeysWith: { a, _ in a }),
                         activityIDs: activityIDs, knowledgeIDs: knowledgeIDs)
        return diagnostics
    }

    private mutating func validateTimeline(partnerIDs: Set<String>, actors: [String: String], activityIDs: Set<String>, knowledgeIDs: Set<String>) {
        let patientIDs = Set(model.patients.map(\.id))
        let routines = Dictionary(model.routines.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let partnerNames = Dictionary(model.partners.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        /// (partner, patient, knowledge) held so far, to check that sends are of held knowledge.
        struct Holding: Hashable {
            var partner: String, patient: String, knowledge: String
        }
        var held = Set<Holding>()
        var formalized: [String: Int] = [:]
        for (i, step) in model.timeline.enumerated() {
            let p = "timeline.\(i)", where_ = "step \(i + 1)"
            if i > 0, step.time < model.timeline[i - 1].time {
                let before = model.timeline[i - 1]
                report("time goes backwards at \(where_): \(describeTime(step)) is before \(describeTime(before)) of step \(i)",
                       at: step.timeIsDay ? "\(p).day" : "\(p).at")
            }
            ref(step.patient, patientIDs, "patient", "\(p).patient", in: where_)
            ref(step.actor, Set(actors.keys), "actor", "\(p).actor", in: where_)
            ref(step.activity, activityIDs, "activity", "\(p).activity", in: where_)
            let partner = actors[step.actor]
            for (n, prod) in step.produces.enumerated() {
                ref(prod.knowledge, knowledgeIDs, "knowledge type", "\(p).produces.\(n).knowledge", in: where_)
                if let partner { held.insert(Holding(partner: partner, patient: step.patient, knowledge: prod.knowledge)) }
            }
            var received: [Holding] = []
            for (n, send) in step.sends.enumerated() {
                let sp = "\(p).sends.\(n)"
                ref(send.knowledge, knowledgeIDs, "knowledge type", "\(sp).knowledge", in: where_)
                refs(send.to, partnerIDs, "partner", "\(sp).to", in: where_)
                guard let partner, knowledgeIDs.contains(send.knowledge) else { continue }
                if patientIDs.contains(step.patient), !held.contains(Holding(partner: partner, patient: step.patient, knowledge: send.knowledge)) {
                    report("\(where_) sends '\(send.knowledge)' about '\(step.patient)', but \(partnerNames[partner] ?? partner) does not hold it at that step; add it to 'produces' here or to an earlier step",
                           at: "\(sp).knowledge")
                }
                for (t, to) in send.to.enumerated() {
                    if to == partner {
                        report("\(where_) sends '\(send.knowledge)' to '\(to)', the actor's own partner; list only other partners in 'to'",
                               at: send.to.count == 1 ? "\(sp).to" : "\(sp).to.\(t)")
                    }
                    received.append(Holding(partner: to, patient: step.patient, knowledge: send.knowledge))
                }
            }
            held.formUnion(received)
            refs(step.consumes, knowledgeIDs, "knowledge type", "\(p).consumes", in: where_)
            if let f = step.formalizes {
                if let routine = routines[f] {
                    if routine.inForce {
                        report("\(where_) formalizes routine '\(f)', which is already in force; declare it with 'in-force: false' to have it adopted here", at: "\(p).formalizes")
                    } else if let earlier = formalized[f] {
                        report("\(where_) formalizes routine '\(f)' again; step \(earlier) already did", at: "\(p).formalizes")
                    }
                    formalized[f] = formalized[f] ?? i + 1
                } else {
                    ref(f, Set(routines.keys), "routine", "\(p).formalizes", in: where_)
                }
            }
        }
    }

    private func describeTime(_ step: Step) -> String {
        step.timeIsDay ? "day \(step.time.day(since: model.info.dayZero))" : step.time.iso8601
    }

    private mutating func report(_ message: String, at keyPath: String) {
        diagnostics.append(Diagnostic(path: path, location: map.nearest(keyPath), message: message))
    }

    private mutating func ref(
        _ id: String, _ known: Set<String>, _ kind: String, _ keyPath: @autoclosure () -> String, in context: @autoclosure () -> String
    ) {
        guard !known.contains(id) else { return }
        let keyPath = keyPath(), context = context()
        let hint = Suggestions.hint(for: id, in: known.sorted())
        let declared = known.isEmpty ? "; none is declared" : hint
        report("unknown \(kind) '\(TextSanitizer.singleLine(id))' in \(context)\(declared)", at: keyPath)
    }

    private mutating func refs(
        _ ids: [String], _ known: Set<String>, _ kind: String, _ keyPath: @autoclosure () -> String, in context: @autoclosure () -> String
    ) {
        for (i, id) in ids.enumerated() where !known.contains(id) {
            let keyPath = keyPath()
            // A single id written as a scalar sits at the key itself, a list item at `.i`.
            let at = map["\(keyPath).\(i)"] != nil ? "\(keyPath).\(i)" : keyPath
            let where_ = context()
            ref(id, known, kind, at, in: where_)
        }
    }

    private mutating func unique(_ ids: [String], _ list: String, _ kind: String) {
        unique(ids, paths: ids.indices.map { "\(list).\($0).id" }, kind)
    }

    /// Declared short labels (`short:`) must tell things apart: not empty, not shared by two of a kind.
    private mutating func uniqueShorts(_ shorts: [String?], paths: [String], _ kind: String) {
        var first: [String: Int] = [:]
        for (i, short) in shorts.enumerated() {
            guard let short else { continue }
            let key = short
            if key.allSatisfy(\.isWhitespace) {
                report("the short label of a \(kind) cannot be empty; leave out 'short' to have one computed", at: paths[i])
            } else if let f = first[key] {
                let l = map.nearest(paths[f]).map { " (line \($0.line))" } ?? ""
                report("duplicate short label '\(key)': another \(kind) already declares it\(l)", at: paths[i])
            } else {
                first[key] = i
            }
        }
    }

    private mutating func unique(_ ids: [String], paths: [String], _ kind: String) {
        var first: [String: Int] = [:]
        for (i, id) in ids.enumerated() {
            if let f = first[id] {
                let l = map.nearest(paths[f]).map { " (first declared at line \($0.line))" } ?? ""
                report("duplicate \(kind) id '\(id)'\(l)", at: paths[i])
            } else {
                first[id] = i
            }
        }
    }
}
