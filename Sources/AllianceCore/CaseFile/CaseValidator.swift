/// Checks the references and the order of a case: every id named is declared, ids are
/// unique, time never goes backwards, and a step only sends knowledge its partner holds.
///
/// Works on any `CaseModel`; a `SourceMap` (from `CaseFileDecoder`) adds `line:column`.
public struct CaseValidator {
    let model: CaseModel
    let path: String
    let map: SourceMap
    private var diagnostics: [Diagnostic] = []
    /// Duplicate declarations, reported at the end with the unknown references they explain.
    private var duplicates: [(kind: String, id: String, keyPath: String, firstLine: Int?)] = []
    /// Unknown references by kind and id, in the order met; each is reported once.
    private var unknown: [UnknownKey: [(keyPath: String, message: String)]] = [:]
    private var unknownOrder: [UnknownKey] = []
    /// Which partner each actor id belongs to, and each partner's roles (for hints).
    private var actorPartner: [String: String] = [:]
    private var actorRole: [String: String] = [:]
    private var partnerRoles: [String: [String]] = [:]

    private struct UnknownKey: Hashable {
        var kind: String, id: String
    }

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
        for (p, a) in actors where actorPartner[a.id] == nil {
            actorPartner[a.id] = p
            actorRole[a.id] = a.role
        }
        for p in model.partners where partnerRoles[p.id] == nil {
            var roles: [String] = []
            for a in p.actors where !roles.contains(a.role) { roles.append(a.role) }
            partnerRoles[p.id] = roles
        }

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
                refs(step.activities, activityIDs, "activity", "\(p).activity", in: "routine '\(r.id)'")
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
            if let owner = d.owner { checkOwner(owner, of: d, roles: roles, at: "\(p).owner") }
        }
        validateMechanisms(partnerIDs: partnerIDs, roles: roles, activityIDs: activityIDs, knowledgeIDs: knowledgeIDs)
        validateTimeline(partnerIDs: partnerIDs, actors: Dictionary(actors.map { ($0.1.id, $0.0) }, uniquingKeysWith: { a, _ in a }),
                         activityIDs: activityIDs, knowledgeIDs: knowledgeIDs)
        reportDuplicatesAndUnknowns()
        return diagnostics
    }

    /// Every id a mechanism's changes name is declared; an added handoff does not reuse a
    /// handoff id; a routine put in force is not already in force.
    private mutating func validateMechanisms(partnerIDs: Set<String>, roles: Set<String>, activityIDs: Set<String>, knowledgeIDs: Set<String>) {
        unique(model.mechanisms.map(\.id), "mechanisms", "mechanism")
        let decisions = Dictionary(model.decisions.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let routines = Dictionary(model.routines.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var handoffIDs = Set(model.handoffs.map(\.id))
        for (i, m) in model.mechanisms.enumerated() {
            let where_ = "mechanism '\(m.id)'"
            for (j, change) in m.changes.enumerated() {
                let p = "mechanisms.\(i).changes.\(j)"
                switch change {
                case .addHandoff(let h):
                    let hp = "\(p).add-handoff"
                    if !handoffIDs.insert(h.id).inserted {
                        report("\(where_) adds handoff '\(h.id)', but a handoff with that id is already declared; give the added one its own id", at: "\(hp).id")
                    }
                    ref(h.from, partnerIDs, "partner", "\(hp).from", in: where_)
                    ref(h.to, partnerIDs, "partner", "\(hp).to", in: where_)
                    if h.from == h.to, partnerIDs.contains(h.to) {
                        report("\(where_) adds handoff '\(h.id)' from '\(h.from)' to itself; a handoff passes knowledge between two partners", at: "\(hp).to")
                    }
                    ref(h.knowledge, knowledgeIDs, "knowledge type", "\(hp).knowledge", in: where_)
                    refs(h.trigger, activityIDs, "activity", "\(hp).trigger", in: where_)
                case .share(let k, _):
                    ref(k, knowledgeIDs, "knowledge type", "\(p).share.knowledge", in: where_)
                    if let type = model.knowledge.first(where: { $0.id == k }), type.neededBy.isEmpty {
                        report("\(where_) shares '\(k)', but no partner needs it; declare 'needed-by' on the knowledge type to say who it should reach", at: "\(p).share.knowledge")
                    }
                case .owner(let d, let role):
                    if let spec = decisions[d] {
                        checkOwner(role, of: spec, roles: roles, at: "\(p).owner.role")
                    } else {
                        ref(d, Set(decisions.keys), "decision", "\(p).owner.decision", in: where_)
                    }
                case .inForce(let r):
                    if let routine = routines[r] {
                        if routine.inForce {
                            report("\(where_) puts routine '\(r)' in force, which is already in force; only a routine declared with 'in-force: false' can be", at: "\(p).in-force.routine")
                        }
                    } else {
                        ref(r, Set(routines.keys), "routine", "\(p).in-force.routine", in: where_)
                    }
                }
            }
        }
    }

    /// An owner is a role; say so, with the case's roles, whatever was written instead.
    private mutating func checkOwner(_ owner: String, of d: DecisionSpec, roles: Set<String>, at keyPath: String) {
        guard !roles.contains(owner) else { return }
        let listed = roles.sorted().joined(separator: ", ")
        let message: String
        if ["none", "nobody", "no-one", "noone", "null", "nil", "unowned"].contains(owner.lowercased()) {
            message = "decision '\(d.id)' names owner '\(owner)': for a decision that nobody owns, leave out 'owner'"
        } else if let role = actorRole[owner], let partner = actorPartner[owner] {
            message = "the owner of decision '\(d.id)' must be a role, and '\(owner)' is an actor of partner '\(partner)' with role '\(role)'; write 'owner: \(role)'"
        } else if let partnerRoles = partnerRoles[owner] {
            message = "the owner of decision '\(d.id)' must be a role, and '\(owner)' is a partner; its actors' roles are \(partnerRoles.joined(separator: ", "))"
        } else {
            message = "the owner of decision '\(d.id)' must be a role, and no actor has role '\(TextSanitizer.singleLine(owner))'\(Suggestions.hint(for: owner, in: roles.sorted())); the case's roles are \(listed)"
        }
        report(message, at: keyPath)
    }

    /// One message per duplicate id and per unknown id, however often the id is used:
    /// unknown ids of a kind that has a duplicate are most likely the id the duplicate
    /// overwrote, so they are named in the duplicate's message instead.
    private mutating func reportDuplicatesAndUnknowns() {
        var folded = Set<UnknownKey>()
        var firstDuplicateOfKind = Set<String>()
        for dup in duplicates {
            var message = "duplicate \(dup.kind) id '\(dup.id)'\(dup.firstLine.map { " (first declared at line \($0))" } ?? "")"
            if !firstDuplicateOfKind.contains(dup.kind) {
                firstDuplicateOfKind.insert(dup.kind)
                let explained = unknownOrder.filter { $0.kind == dup.kind }
                if !explained.isEmpty {
                    let names = explained.map { key in "'\(TextSanitizer.singleLine(key.id))' (\(lines(unknown[key]!.map(\.keyPath))))" }
                    let verb = names.count == 1 ? "is used but not declared: is this its declaration?"
                                                : "are used but not declared: is this the declaration of one of them?"
                    message += "; \(Self.list(names)) \(verb)"
                    folded.formUnion(explained)
                }
            }
            report(message, at: dup.keyPath)
        }
        for key in unknownOrder where !folded.contains(key) {
            let uses = unknown[key]!
            var message = uses[0].message
            if uses.count > 1 { message += "; also used at \(lines(uses.dropFirst().map(\.keyPath)))" }
            report(message, at: uses[0].keyPath)
        }
    }

    /// "line 12", "lines 12, 30 and 41", "lines 12, 30, 41, 50, 61 and 9 more".
    private func lines(_ keyPaths: [String]) -> String {
        var numbers: [Int] = []
        for k in keyPaths {
            if let l = map.nearest(k)?.line, !numbers.contains(l) { numbers.append(l) }
        }
        if numbers.isEmpty { return keyPaths.count == 1 ? "1 place" : "\(keyPaths.count) places" }
        if numbers.count == 1 { return "line \(numbers[0])" }
        let shown = numbers.prefix(5).map(String.init)
        if numbers.count > 5 { return "lines \(shown.joined(separator: ", ")) and \(numbers.count - 5) more" }
        return "lines \(Self.list(shown))"
    }

    private static func list(_ parts: [String]) -> String {
        parts.count <= 1 ? parts.joined() : parts.dropLast().joined(separator: ", ") + " and " + parts.last!
    }

    private mutating func validateTimeline(partnerIDs: Set<String>, actors: [String: String], activityIDs: Set<String>, knowledgeIDs: Set<String>) {
        let patientIDs = Set(model.patients.map(\.id))
        let actorIDs = Set(actors.keys)
        let routines = Dictionary(model.routines.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let partnerNames = Dictionary(model.partners.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        /// (partner, patient, knowledge) held so far, to check that sends are of held knowledge.
        struct Holding: Hashable {
            var partner: String, patient: String, knowledge: String
        }
        var held = Set<Holding>()
        var formalized: [String: Int] = [:]
        // Actors of a repeated partner declaration: their partner id is most likely the copy's mistake.
        var seenPartners = Set<String>(), doubtfulActors = Set<String>()
        for p in model.partners where !seenPartners.insert(p.id).inserted { doubtfulActors.formUnion(p.actors.map(\.id)) }
        for (i, step) in model.timeline.enumerated() {
            let p = "timeline.\(i)", where_ = "step \(i + 1)"
            if i > 0, step.time < model.timeline[i - 1].time {
                let before = model.timeline[i - 1]
                report("time goes backwards at \(where_): \(describeTime(step)) is before \(describeTime(before)) of step \(i)",
                       at: step.timeIsDay ? "\(p).day" : "\(p).at")
            }
            if let patient = step.patient { ref(patient, patientIDs, "patient", "\(p).patient", in: where_) }
            // The shape a file cannot give but a model built in code can.
            if step.event != nil, !step.actors.isEmpty || step.activity != nil {
                report("\(where_) is an event and also names an actor or activity; an event is something no actor does", at: p)
            } else if step.event == nil, step.actors.isEmpty || step.activity == nil {
                report("\(where_) needs an actor and an activity, or an event", at: p)
            }
            if step.patient == nil, !step.produces.isEmpty || !step.sends.isEmpty || !step.consumes.isEmpty || !step.contacts.isEmpty {
                report("\(where_) produces, sends, consumes or contacts without a patient; knowledge and contacts are about a patient", at: p)
            }
            do {
                // Where the actors are written is looked up only for an error (a lookup walks the node tree).
                let map = map
                refs(step.actors, actorIDs, "actor", map["\(p).actors"] != nil ? "\(p).actors" : "\(p).actor", in: where_)
                for (n, a) in step.actors.enumerated() where step.actors[..<n].contains(a) {
                    report("\(where_) lists actor '\(a)' twice in 'actors'", at: "\(p).actors.\(n)")
                }
            }
            if let activity = step.activity { ref(activity, activityIDs, "activity", "\(p).activity", in: where_) }
            // The primary actor's partner produces and sends; with a duplicated partner id the
            // mapping is ambiguous, and the duplicate's own message says what is wrong.
            let partner = step.actor.flatMap { actors[$0] }
            let trusted = partner != nil && !doubtfulActors.contains(step.actor ?? "")
            let stepPatient = step.patient ?? ""
            for (n, prod) in step.produces.enumerated() {
                ref(prod.knowledge, knowledgeIDs, "knowledge type", "\(p).produces.\(n).knowledge", in: where_)
                if let partner { held.insert(Holding(partner: partner, patient: stepPatient, knowledge: prod.knowledge)) }
            }
            var received: [Holding] = []
            for (n, send) in step.sends.enumerated() {
                let sp = "\(p).sends.\(n)"
                ref(send.knowledge, knowledgeIDs, "knowledge type", "\(sp).knowledge", in: where_)
                refs(send.to, partnerIDs, "partner", "\(sp).to", in: where_)
                guard let partner, knowledgeIDs.contains(send.knowledge) else { continue }
                if patientIDs.contains(stepPatient), !held.contains(Holding(partner: partner, patient: stepPatient, knowledge: send.knowledge)) {
                    report("\(where_) sends '\(send.knowledge)' about '\(stepPatient)', but \(partnerNames[partner] ?? partner) does not hold it at that step; add it to 'produces' here or to an earlier step",
                           at: "\(sp).knowledge")
                }
                for (t, to) in send.to.enumerated() {
                    if to == partner, trusted {
                        report("\(where_) sends '\(send.knowledge)' to '\(to)', the actor's own partner; list only other partners in 'to'",
                               at: send.to.count == 1 ? "\(sp).to" : "\(sp).to.\(t)")
                    }
                    received.append(Holding(partner: to, patient: stepPatient, knowledge: send.knowledge))
                }
            }
            refs(step.contacts, partnerIDs, "partner", "\(p).contacts", in: where_)
            for (t, to) in step.contacts.enumerated() where to == partner && trusted {
                report("\(where_) contacts '\(to)', the actor's own partner; list only other partners in 'contacts'",
                       at: step.contacts.count == 1 ? "\(p).contacts" : "\(p).contacts.\(t)")
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
        step.timeIsDay ? "day \(CaseCalendar(model.info).day(of: step.time))" : CaseCalendar(model.info).iso8601(step.time)
    }

    private mutating func report(_ message: String, at keyPath: String) {
        diagnostics.append(Diagnostic(path: path, location: map.nearest(keyPath), message: message))
    }

    private mutating func ref(
        _ id: String, _ known: Set<String>, _ kind: String, _ keyPath: @autoclosure () -> String, in context: @autoclosure () -> String
    ) {
        guard !known.contains(id) else { return }
        let keyPath = keyPath(), context = context()
        let key = UnknownKey(kind: kind, id: id)
        if let uses = unknown[key] {
            // A handoff written with several receivers is several handoffs at one place in the file.
            let at = map.nearest(keyPath)
            if at == nil || !uses.contains(where: { map.nearest($0.keyPath) == at }) { unknown[key]!.append((keyPath, "")) }
            return
        }
        let hint = Suggestions.hint(for: id, in: known.sorted())
        var declared = known.isEmpty ? "; none is declared" : hint
        if kind == "partner", let partner = actorPartner[id] {
            declared = ": '\(id)' is an actor of partner '\(partner)'"
        } else if kind == "actor", let roles = partnerRoles[id] {
            let names = model.partners.first { $0.id == id }?.actors.map(\.id) ?? []
            declared = ": '\(id)' is a partner (roles \(roles.joined(separator: ", "))); name one of its actors: \(names.joined(separator: ", "))"
        } else if kind == "role", let partner = actorPartner[id], let role = actorRole[id] {
            declared = ": '\(id)' is an actor of partner '\(partner)' with role '\(role)'"
        } else if kind == "role", let roles = partnerRoles[id] {
            declared = ": '\(id)' is a partner; its actors' roles are \(roles.joined(separator: ", "))"
        }
        unknown[key] = [(keyPath, "unknown \(kind) '\(TextSanitizer.singleLine(id))' in \(context)\(declared)")]
        unknownOrder.append(key)
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
                duplicates.append((kind, id, paths[i], map.nearest(paths[f])?.line))
            } else {
                first[id] = i
            }
        }
    }
}
