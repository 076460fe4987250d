/// A validated `CaseModel` with every id resolved to an index, and the lookup tables the
/// analysis needs per step. Built once; afterwards only `append(patients:steps:labels:)`
/// changes it (a followed log's new events), in place.
struct CompiledCase: Sendable {
    /// One timeline step. `patient`, `actor`, `partner` and `activity` are -1 when the step
    /// has none (an event has no actor or activity; an alliance-wide step has no patient).
    struct CompiledStep: Sendable {
        var time: Timestamp
        var patient: Int
        /// The primary (first) actor and its partner.
        var actor: Int
        var partner: Int
        var activity: Int
        var formalizes: Int?
        // Its lists are spans of the case's flat tables (`produces(_:)`, `sends(_:)`, ...): a
        // step holds no array, so reading or copying one retains nothing, and compiling the
        // timeline allocates no array per step.
        var produced: Span
        var sent: Span
        var consumed: Span
        /// Every actor, primary first, and their partners (distinct, the primary's first).
        var actorSpan: Span
        var partnerSpan: Span
        /// Partners contacted without a knowledge item.
        var contacted: Span
        /// Knowledge passed on by a what-if mechanism (`Step.delivered`): sent, but no contact.
        var delivered: Span

        var hasPatient: Bool { patient >= 0 }
        /// An actor performs an activity (not an event).
        var isAction: Bool { actor >= 0 }
    }

    /// A run of a flat table: elements `lo ..< hi`.
    struct Span: Sendable {
        var lo: Int32, hi: Int32
        var range: Range<Int> { Int(lo)..<Int(hi) }
        init(_ lo: Int, _ hi: Int) { self.lo = Int32(lo); self.hi = Int32(hi) }
    }

    struct CompiledRoutineStep: Sendable {
        var partner: Int?
        var role: String?
        /// The activities that perform the step (alternatives); `activity` is the first.
        var activities: [Int]
        var activity: Int { activities[0] }
        var within: Window?
        /// Partners whose actors can perform it (the partner, or every partner with the role).
        var partners: [Int]
    }

    private(set) var model: CaseModel
    /// The case's calendar: days and windows are counted in its time zone.
    let calendar: CaseCalendar
    let partnerIndex: IDIndex
    let actorPartner: [Int]
    let actorRole: [String]
    let actorName: [String]
    /// Short labels, and the distinct names sentences use.
    private(set) var labels: ShortLabels
    let actorIndex: IDIndex
    private(set) var patientIndex: IDIndex
    let activityIndex: IDIndex
    let knowledgeIndex: IDIndex
    /// `needs[partner * A + activity]`: knowledge types the partner needs for that activity.
    let needs: [[Int]]
    /// Partners that need each knowledge type, for any activity.
    let needers: [[Int]]
    /// Whether a handoff declaration covers `from → to` for knowledge `k` (key `(from*P+to)*K+k`).
    let handoffCovers: Set<Int>
    /// `handoffsByTrigger[partner * A + activity]`: handoff declarations it triggers.
    let handoffsByTrigger: [[Int]]
    let therapyStarts: [[Int]]
    let therapyEnds: [[Int]]
    let therapyCost: [Double]
    let decisionOpens: [[Int]]
    let decisionCloses: [[Int]]
    let routineSteps: [[CompiledRoutineStep]]
    private(set) var responsible: [[Int]]
    private(set) var steps: [CompiledStep] = []
    /// Routine ids, for the steps that formalise one.
    private let routineIndex: IDIndex
    /// The flat tables behind the steps' spans.
    private var producedTable: [(knowledge: Int, value: String)] = []
    private var sentTable: [(knowledge: Int, to: Span)] = []
    private var sentToTable: [Int] = [], consumedTable: [Int] = [], actorTable: [Int] = [], partnerTable: [Int] = [], contactedTable: [Int] = []

    /// What a step produces, sends (to whom: `recipients(_:)`), consumes; its actors, partners and contacts.
    func produces(_ st: CompiledStep) -> ArraySlice<(knowledge: Int, value: String)> { producedTable[st.produced.range] }
    func sends(_ st: CompiledStep) -> ArraySlice<(knowledge: Int, to: Span)> { sentTable[st.sent.range] }
    /// What a what-if mechanism passed on at this step (see `Step.delivered`).
    func delivered(_ st: CompiledStep) -> ArraySlice<(knowledge: Int, to: Span)> { sentTable[st.delivered.range] }
    func recipients(_ to: Span) -> ArraySlice<Int> { sentToTable[to.range] }
    func consumes(_ st: CompiledStep) -> ArraySlice<Int> { consumedTable[st.consumed.range] }
    func actors(_ st: CompiledStep) -> ArraySlice<Int> { actorTable[st.actorSpan.range] }
    func partners(_ st: CompiledStep) -> ArraySlice<Int> { partnerTable[st.partnerSpan.range] }
    func contacts(_ st: CompiledStep) -> ArraySlice<Int> { contactedTable[st.contacted.range] }
    /// The role-holders of each partner, for decision ownership.
    let partnerRoles: [Set<String>]

    var partnerCount: Int { model.partners.count }
    var activityCount: Int { model.activities.count }
    var knowledgeCount: Int { model.knowledge.count }
    var patientCount: Int { model.patients.count }

    /// Resolves a model that `CaseValidator` accepted. Unknown ids are a programming error here.
    init(_ model: CaseModel) {
        self.model = model
        calendar = CaseCalendar(model.info)
        func index(_ ids: [String]) -> IDIndex { IDIndex(ids) }
        partnerIndex = index(model.partners.map(\.id))
        var actorPartner: [Int] = [], actorRole: [String] = [], actorIDs: [String] = []
        var partnerRoles = [Set<String>](repeating: [], count: model.partners.count)
        for (pi, p) in model.partners.enumerated() {
            for a in p.actors {
                actorPartner.append(pi)
                actorRole.append(a.role)
                actorIDs.append(a.id)
                partnerRoles[pi].insert(a.role)
            }
        }
        self.actorPartner = actorPartner
        self.actorRole = actorRole
        let labels = ShortLabels(model)
        self.labels = labels
        // Sentences name people and organisations by names that tell them apart.
        self.actorName = labels.actorNames
        self.partnerRoles = partnerRoles
        actorIndex = index(actorIDs)
        patientIndex = index(model.patients.map(\.id))
        activityIndex = index(model.activities.map(\.id))
        knowledgeIndex = index(model.knowledge.map(\.id))
        let P = model.partners.count, A = model.activities.count, K = model.knowledge.count
        let partnerIndex = self.partnerIndex, activityIndex = self.activityIndex, knowledgeIndex = self.knowledgeIndex

        var needs = [[Int]](repeating: [], count: P * A)
        var needers = [[Int]](repeating: [], count: K)
        for (ki, k) in model.knowledge.enumerated() {
            for need in k.neededBy {
                let p = partnerIndex[need.partner]!
                if !needers[ki].contains(p) { needers[ki].append(p) }
                for a in need.activities where !needs[p * A + activityIndex[a]!].contains(ki) {
                    needs[p * A + activityIndex[a]!].append(ki)
                }
            }
        }
        self.needs = needs
        self.needers = needers

        var covers = Set<Int>()
        var byTrigger = [[Int]](repeating: [], count: P * A)
        for (hi, h) in model.handoffs.enumerated() {
            let from = partnerIndex[h.from]!, to = partnerIndex[h.to]!
            covers.insert((from * P + to) * K + knowledgeIndex[h.knowledge]!)
            for a in h.trigger { byTrigger[from * A + activityIndex[a]!].append(hi) }
        }
        handoffCovers = covers
        handoffsByTrigger = byTrigger

        func byActivity(_ lists: [[String]]) -> [[Int]] {
            var out = [[Int]](repeating: [], count: A)
            for (i, list) in lists.enumerated() {
                for a in list where !out[activityIndex[a]!].contains(i) { out[activityIndex[a]!].append(i) }
            }
            return out
        }
        therapyStarts = byActivity(model.therapies.map(\.startsOn))
        therapyEnds = byActivity(model.therapies.map(\.endsOn))
        therapyCost = model.therapies.map { t in
            switch t.costPerDay {
            case .amount(let v)?: return v
            case .named(let name)?: return model.info.value(named: name) ?? 0
            case nil: return 0  // no cost-per-day: the therapy has no cost
            }
        }
        decisionOpens = byActivity(model.decisions.map(\.opensOn))
        decisionCloses = byActivity(model.decisions.map(\.closesOn))

        var roleHolders: [String: [Int]] = [:]
        for (pi, roles) in partnerRoles.enumerated() {
            for r in roles { roleHolders[r, default: []].append(pi) }
        }
        routineSteps = model.routines.map { r in
            r.steps.map { s in
                switch s.performer {
                case .partner(let id):
                    let p = partnerIndex[id]!
                    return CompiledRoutineStep(partner: p, role: nil, activities: s.activities.map { activityIndex[$0]! }, within: s.within,
                                               partners: [p])
                case .role(let role):
                    return CompiledRoutineStep(partner: nil, role: role, activities: s.activities.map { activityIndex[$0]! }, within: s.within,
                                               partners: roleHolders[role, default: []])
                }
            }
        }
        responsible = model.patients.map { $0.responsible.map { partnerIndex[$0]! } }
        routineIndex = index(model.routines.map(\.id))
        compile(model.timeline.indices)
    }

    /// Adds a followed log's new patients and steps, in place. Nothing else may change
    /// (partners, actors, activities, declarations); `labels` are those of the grown case.
    mutating func append(patients: [Patient], steps newSteps: [Step], info: CaseInfo, labels: ShortLabels) {
        let oldSteps = model.timeline.count
        model.info = info
        for p in patients {
            patientIndex.append(p.id)
            responsible.append(p.responsible.map { partnerIndex[$0]! })
        }
        model.patients += patients
        model.timeline += newSteps
        self.labels = labels
        compile(oldSteps..<model.timeline.count)
    }

    /// Whether a growth that came from elsewhere (a room's `grow`) fits this case: every id
    /// it names declared (or one of its new patients), new patient ids unused, times not
    /// going back, each step an action or an event. What the analysis could not take
    /// (an unknown id) is refused here rather than trusted.
    func accepts(_ g: CaseGrowth) -> Bool {
        var patients = Set<String>()
        for p in g.patients {
            guard patientIndex[p.id] == nil, patients.insert(p.id).inserted, p.responsible.allSatisfy({ partnerIndex[$0] != nil }) else { return false }
        }
        var last = steps.last?.time
        let routines = Set(model.routines.map(\.id))
        for st in g.steps {
            if let t = last, st.time < t { return false }
            last = st.time
            if let x = st.patient, patientIndex[x] == nil, !patients.contains(x) { return false }
            if st.event != nil ? (!st.actors.isEmpty || st.activity != nil) : (st.actors.isEmpty || st.activity == nil) { return false }
            if st.patient == nil, !st.produces.isEmpty || !st.sends.isEmpty || !st.consumes.isEmpty || !st.contacts.isEmpty || !st.delivered.isEmpty {
                return false
            }
            guard st.actors.allSatisfy({ actorIndex[$0] != nil }), st.activity.map({ activityIndex[$0] != nil }) ?? true,
                  st.produces.allSatisfy({ knowledgeIndex[$0.knowledge] != nil }), st.consumes.allSatisfy({ knowledgeIndex[$0] != nil }),
                  (st.sends + st.delivered).allSatisfy({ s in knowledgeIndex[s.knowledge] != nil && s.to.allSatisfy { partnerIndex[$0] != nil } }),
                  st.contacts.allSatisfy({ partnerIndex[$0] != nil }), st.formalizes.map(routines.contains) ?? true
            else { return false }
        }
        return true
    }

    /// Compiles timeline steps (in order, after those compiled) into `steps` and the flat tables.
    private mutating func compile(_ range: Range<Int>) {
        // The loop works on locals, moved out of the case and back (each then has one owner,
        // so appends stay in place): through `self` in a mutating method, every look-up and
        // append would pay for exclusivity and retain its table (about 10% of an analysis).
        var steps = self.steps, producedTable = self.producedTable, sentTable = self.sentTable, sentToTable = self.sentToTable
        var consumedTable = self.consumedTable, actorTable = self.actorTable, partnerTable = self.partnerTable, contactedTable = self.contactedTable
        self.steps = []
        self.producedTable = []
        self.sentTable = []
        self.sentToTable = []
        self.consumedTable = []
        self.actorTable = []
        self.partnerTable = []
        self.contactedTable = []
        defer {
            self.steps = steps
            self.producedTable = producedTable
            self.sentTable = sentTable
            self.sentToTable = sentToTable
            self.consumedTable = consumedTable
            self.actorTable = actorTable
            self.partnerTable = partnerTable
            self.contactedTable = contactedTable
        }
        let actorIndex = self.actorIndex, patientIndex = self.patientIndex, activityIndex = self.activityIndex
        let knowledgeIndex = self.knowledgeIndex, partnerIndex = self.partnerIndex, routineIndex = self.routineIndex, actorPartner = self.actorPartner
        // By index: binding each step would copy it (retaining its arrays and strings).
        let timeline = model.timeline
        // Room for as many steps as the timeline has room for (a case that will grow has more).
        if steps.isEmpty {
            steps.reserveCapacity(timeline.capacity)
            actorTable.reserveCapacity(timeline.capacity)
            partnerTable.reserveCapacity(timeline.capacity)
        }
        for i in range {
            let a0 = actorTable.count, p0 = partnerTable.count
            for id in timeline[i].actors {
                let a = actorIndex[id]!
                actorTable.append(a)
                if !partnerTable[p0...].contains(actorPartner[a]) { partnerTable.append(actorPartner[a]) }
            }
            let pr0 = producedTable.count
            for p in timeline[i].produces { producedTable.append((knowledgeIndex[p.knowledge]!, p.value)) }
            let se0 = sentTable.count
            for send in timeline[i].sends {
                let t0 = sentToTable.count
                for to in send.to { sentToTable.append(partnerIndex[to]!) }
                sentTable.append((knowledgeIndex[send.knowledge]!, Span(t0, sentToTable.count)))
            }
            // A mechanism's deliveries: in the same table as what was sent, a span of their own.
            let de0 = sentTable.count
            for d in timeline[i].delivered {
                let t0 = sentToTable.count
                for to in d.to { sentToTable.append(partnerIndex[to]!) }
                sentTable.append((knowledgeIndex[d.knowledge]!, Span(t0, sentToTable.count)))
            }
            let de1 = sentTable.count
            let co0 = consumedTable.count
            for k in timeline[i].consumes { consumedTable.append(knowledgeIndex[k]!) }
            let ct0 = contactedTable.count
            for p in timeline[i].contacts { contactedTable.append(partnerIndex[p]!) }
            steps.append(CompiledStep(
                time: timeline[i].time, patient: timeline[i].patient.map { patientIndex[$0]! } ?? -1,
                actor: actorTable.count > a0 ? actorTable[a0] : -1, partner: partnerTable.count > p0 ? partnerTable[p0] : -1,
                activity: timeline[i].activity.map { activityIndex[$0]! } ?? -1,
                formalizes: timeline[i].formalizes.map { routineIndex[$0]! },
                produced: Span(pr0, producedTable.count), sent: Span(se0, de0), consumed: Span(co0, consumedTable.count),
                actorSpan: Span(a0, actorTable.count), partnerSpan: Span(p0, partnerTable.count), contacted: Span(ct0, contactedTable.count),
                delivered: Span(de0, de1)))
        }
    }

    /// Whether step `s` of the timeline performs routine step `rs`: one of its activities,
    /// by any of the step's actors that fits the performer.
    func performs(_ s: CompiledStep, _ rs: CompiledRoutineStep) -> Bool {
        guard s.activity >= 0, rs.activities.contains(s.activity) else { return false }
        if let p = rs.partner { return partners(s).contains(p) }
        return actors(s).contains { actorRole[$0] == rs.role }
    }

    /// The label of a routine step's activity, or its alternatives joined with "or".
    func label(_ rs: CompiledRoutineStep) -> String {
        rs.activities.map { model.activities[$0].label }.joined(separator: " or ")
    }
}
