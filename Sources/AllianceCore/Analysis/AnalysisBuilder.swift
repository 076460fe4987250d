/// The forward pass behind `Analysis`: walks the timeline once, fires the deadlines that
/// pass between steps, and records every fact with the step it happened at.
///
/// Cost: O(steps × (declarations touched by the step) + deadlines × log deadlines).
///
/// A struct, not a class: its tables are mutated at every step, and a class's stored
/// properties pay a dynamic exclusivity check (`swift_beginAccess`) at each access in a
/// release build, where a struct's are checked when compiling.
struct AnalysisBuilder {
    private(set) var c: CompiledCase
    let P: Int, A: Int, K: Int, T: Int
    /// Read at every step, so resolved once: per knowledge type its sharing window; per
    /// handoff declaration its partners and knowledge as indices; per therapy the index of
    /// its awareness knowledge. (Reading them through the model would copy declarations and
    /// hash their string ids.)
    let shareWithin: [Window?]
    let handoffFrom: [Int], handoffTo: [Int], handoffKnowledge: [Int]
    let awarenessOf: [Int?]
    /// The wording of sentences, shared with the sentences rendered on demand.
    private(set) var wording: AlertWording

    var items: [KnowledgeItem] = []
    var itemsOf: [[Int]]
    /// The newest item of `patient * K + knowledge` (-1: none), and whether a partner is
    /// responsible for a patient (`patient * P + partner`): read at nearly every step, flat
    /// tables cost one memory access where the lists cost a pointer chase (a cache miss).
    private var lastItem: [Int]
    private var isResponsible: [Bool]
    var alerts: [Alert] = []
    var handoffs: [HandoffInstance] = []
    var routineInstances: [RoutineInstance] = []
    var patterns: [EmergentPattern] = []
    var decisionInstances: [DecisionInstance] = []
    var episodes: [TherapyEpisode] = []
    var routineAdoptedStep: [Int?]
    var changes: [StepChange] = []
    var changeOffsets: [Int] = [0]
    /// Alerts a lack of which ended after it was raised (in that order), for the indexes
    /// that a grown case updates (`Analysis.extend`).
    private(set) var resolvedLackAlerts: [Int] = []

    private var deadlines = DeadlineQueue()
    /// Handoff instances still awaiting receipt, by `(patient * P + to) * K + knowledge`.
    private var awaiting: [Int: [Int]] = [:]
    /// The omitted-handoff alert of each instance, cleared if the knowledge arrives late.
    private var omittedAlert: [Int: Int] = [:]
    /// Per handoff instance: the first item that can fulfil it (the item current at its
    /// trigger, or the first produced from then on).
    private var handoffMinItem: [Int] = []
    /// Unfulfilled, not yet superseded instances by `patient * H + handoff spec`.
    private var unfulfilled: [Int: [Int]] = [:]
    /// Partners to whom this step's sends fulfilled a handoff from the acting partner.
    private var fulfilledContacts: [Int] = []
    /// Unresolved lacks of alerts, by `(patient * P + partner) * K + knowledge`.
    private var openLacks: [Int: [(alert: Int, lack: Int)]] = [:]
    // Tables keyed by patient (times a small count of declarations) are arrays, not
    // dictionaries: read at nearly every step, they cost one memory access instead of a hash
    // and a probe into a table that grows with the case.
    /// Active therapy episode by `patient * T + therapy`.
    private var activeEpisode: [Int?]
    /// Unaware-partner alerts raised, by `episode * P + partner`.
    private var unawareAlert: [Int?] = []
    /// Per episode: the first item of its awareness knowledge that makes a partner aware
    /// (items produced after the therapy's previous episode for the patient ended), and the
    /// partners that started it (aware of it by starting it).
    private var episodeMinItem: [Int] = []
    private var episodeStarters: [[Int]] = []
    /// `items.count` when the last episode of `patient * T + therapy` ended.
    private var itemsAtEnd: [Int?]
    /// Stranded-knowledge alerts by `patient * K + knowledge`: a newer item clears them.
    private var strandedAlerts: [[Int]]
    /// Handoff instances by `(patient * P + to) * K + knowledge`.
    private var handoffsByFlow: [Int: [Int]] = [:]
    /// The overdue alert of each routine step, by instance and step index.
    private var routineOverdueAlert: [Int: [Int: Int]] = [:]
    /// Open decision instance by `patient * D + decision`, and the alerts to clear when taken.
    private var openDecision: [Int?]
    private var decisionAlerts: [Int: [Int]] = [:]
    /// Open routine instance by `patient * R + routine`, and the time its last step was done.
    private var openRoutine: [Int?]
    private var routineInForce: [Bool]
    /// Designed edges: contacts `(from, activity) → to` and transitions `(from, activity) → (to, activity)`.
    private var designedContacts = Set<Int>()
    private var designedTransitions = Set<Int>()
    /// `(from * A + trigger) * P + to` of every handoff declaration.
    private var handoffEdges = Set<Int>()
    private var candidates: [EdgeKey: Candidate] = [:]
    private var lastOf: [(partner: Int, activity: Int, sentTo: [Int])?]

    struct EdgeKey: Hashable {
        var from: Int, fromActivity: Int, to: Int, toActivity: Int  // toActivity -1: a contact
    }

    private struct Candidate {
        var occurrences: [EmergentPattern.Occurrence] = []
        var patients = Set<Int>()
        var pattern: Int?
    }

    init(_ c: CompiledCase) {
        self.c = c
        P = c.partnerCount
        A = c.activityCount
        K = c.knowledgeCount
        T = c.model.therapies.count
        wording = AlertWording(c)
        let X = c.patientCount
        activeEpisode = Array(repeating: nil, count: X * T)
        itemsAtEnd = Array(repeating: nil, count: X * T)
        strandedAlerts = Array(repeating: [], count: X * K)
        openDecision = Array(repeating: nil, count: X * c.model.decisions.count)
        openRoutine = Array(repeating: nil, count: X * c.routineSteps.count)
        lastOf = Array(repeating: nil, count: X)
        shareWithin = c.model.knowledge.map(\.shareWithin)
        handoffFrom = c.model.handoffs.map { c.partnerIndex[$0.from]! }
        handoffTo = c.model.handoffs.map { c.partnerIndex[$0.to]! }
        handoffKnowledge = c.model.handoffs.map { c.knowledgeIndex[$0.knowledge]! }
        awarenessOf = c.model.therapies.map { t in t.awareness.flatMap { c.knowledgeIndex[$0] } }
        itemsOf = [[Int]](repeating: [], count: c.patientCount * K)
        lastItem = Array(repeating: -1, count: c.patientCount * K)
        var isResponsible = Array(repeating: false, count: X * P)
        for x in 0..<X { for p in c.responsible[x] { isResponsible[x * P + p] = true } }
        self.isResponsible = isResponsible
        routineInForce = c.model.routines.map(\.inForce)
        routineAdoptedStep = c.model.routines.map { $0.inForce ? 0 : nil }
        for h in c.model.handoffs {
            let from = c.partnerIndex[h.from]!, to = c.partnerIndex[h.to]!
            for a in h.trigger { handoffEdges.insert((from * A + c.activityIndex[a]!) * P + to) }
        }
        for r in c.routineSteps.indices where routineInForce[r] { addDesignedEdges(routine: r) }
    }

    // MARK: the pass

    mutating func run() { run(from: 0) }

    /// The pass over steps `from + 1 ...` (the steps before were passed already).
    private mutating func run(from start: Int) {
        // By index: binding each step would copy it (retaining its six arrays).
        let steps = c.steps
        for i in start..<steps.count {
            let s = i + 1
            fulfilledContacts.removeAll(keepingCapacity: true)
            fireDeadlines(before: steps[i].time, at: s)
            process(steps[i], s)
            changeOffsets.append(changes.count)
        }
    }

    /// Whether `finish()` let go of what the pass needs to go on (it cannot be extended).
    private(set) var finished = false

    /// Lets go of the pass's working state (open deadlines, awaited handoffs, pattern
    /// candidates, per-patient tables), keeping its facts: for an analysis that will not
    /// grow, which then holds only what it shows.
    mutating func finish() {
        finished = true
        deadlines = DeadlineQueue()
        awaiting = [:]
        omittedAlert = [:]
        handoffMinItem = []
        unfulfilled = [:]
        fulfilledContacts = []
        openLacks = [:]
        activeEpisode = []
        unawareAlert = []
        episodeMinItem = []
        episodeStarters = []
        itemsAtEnd = []
        strandedAlerts = []
        handoffsByFlow = [:]
        routineOverdueAlert = [:]
        openDecision = []
        decisionAlerts = [:]
        openRoutine = []
        designedContacts = []
        designedTransitions = []
        handoffEdges = []
        candidates = [:]
        lastOf = []
        lastItem = []
        isResponsible = []
        resolvedLackAlerts = []
    }

    /// A followed log's new patients and steps: the case grows in place and the pass goes on
    /// from where it stopped, as if they had been there from the start (the pass never looks
    /// ahead: deadlines still to come fire at the first step after them, new or not).
    mutating func extend(patients: [Patient], steps newSteps: [Step], info: CaseInfo, labels: ShortLabels) {
        precondition(!finished, "a finished pass cannot go on")
        let start = c.steps.count, X0 = c.patientCount
        c.append(patients: patients, steps: newSteps, info: info, labels: labels)
        wording = AlertWording(c)
        let added = c.patientCount - X0
        if added > 0 {
            let D = c.model.decisions.count, R = c.routineSteps.count
            activeEpisode += repeatElement(nil, count: added * T)
            itemsAtEnd += repeatElement(nil, count: added * T)
            strandedAlerts += repeatElement([], count: added * K)
            openDecision += repeatElement(nil, count: added * D)
            openRoutine += repeatElement(nil, count: added * R)
            lastOf += repeatElement(nil, count: added)
            itemsOf += repeatElement([], count: added * K)
            lastItem += repeatElement(-1, count: added * K)
            for x in X0..<c.patientCount {
                var row = [Bool](repeating: false, count: P)
                for p in c.responsible[x] { row[p] = true }
                isResponsible += row
            }
        }
        run(from: start)
    }

    private mutating func process(_ st: CompiledCase.CompiledStep, _ s: Int) {
        // An event: only the deadlines that passed before it fire (above).
        guard st.isAction else { return }
        guard st.hasPatient else {
            // An alliance-wide step (a coordination meeting): it can adopt a routine; the
            // rules about a patient's knowledge, handoffs, decisions and routines do not apply.
            if let r = st.formalizes { formalize(r, s) }
            return
        }
        checkUninformed(st, s)
        checkUnawareOnAction(st, s)
        for (k, value) in c.produces(st) { produce(k, value, st, s) }
        updateTherapies(st, s)
        triggerHandoffs(st, s)
        for (k, tos) in c.sends(st) { send(k, to: c.recipients(tos), st, s) }
        for (k, tos) in c.delivered(st) { send(k, to: c.recipients(tos), st, s) }
        updateDecisions(st, s)
        updateRoutines(st, s)
        // Formalising a routine at a step that is its first step starts a run there.
        if let r = st.formalizes, formalize(r, s), c.performs(st, c.routineSteps[r][0]) { startRun(r, st, s) }
        recordEdges(st, s)
    }

    // MARK: knowledge

    private func holds(_ p: Int, _ item: Int) -> Bool {
        items[item].holders.contains { $0.partner == p }
    }

    /// Whether partner p holds an item of knowledge k about patient x numbered `from` or later.
    private func holds(_ p: Int, patient x: Int, knowledge k: Int, from: Int) -> Bool {
        for id in itemsOf[x * K + k].reversed() {
            if id < from { return false }
            if holds(p, id) { return true }
        }
        return false
    }

    private mutating func produce(_ k: Int, _ value: String, _ st: CompiledCase.CompiledStep, _ s: Int) {
        let id = items.count
        items.append(KnowledgeItem(id: id, patient: st.patient, knowledge: k, value: value, step: s, time: st.time,
                                   producer: st.partner, holders: [Holding(partner: st.partner, step: s)]))
        itemsOf[st.patient * K + k].append(id)
        lastItem[st.patient * K + k] = id
        changes.append(.learned(partner: st.partner, item: id))
        acquired(st.partner, id, s)
        // Stranded knowledge concerns the newest item: an alert about an older one clears.
        let stranded = strandedAlerts[st.patient * K + k]
        if !stranded.isEmpty {
            strandedAlerts[st.patient * K + k] = []
            for a in stranded { clear(a, s) }
        }
        // Partners that need it must get it within the window (unless a designed handoff owns
        // the flow for this patient when the window ends: see the deadline).
        if let window = shareWithin[k] {
            // The partners to check are the needers other than the producer (read when it fires:
            // no list allocated per item).
            if c.needers[k].contains(where: { $0 != st.partner }) {
                deadlines.push(c.calendar.due(window, after: st.time), .stranded(item: id))
            }
        }
    }

    private mutating func send(_ k: Int, to recipients: ArraySlice<Int>, _ st: CompiledCase.CompiledStep, _ s: Int) {
        guard let item = itemsOf[st.patient * K + k].last(where: { holds(st.partner, $0) }) else { return }
        for q in recipients where !holds(q, item) {
            items[item].holders.append(Holding(partner: q, step: s))
            changes.append(.learned(partner: q, item: item))
            received(q, item, st, s)
        }
    }

    /// Partner q now holds `item`: fulfil handoffs, clear stranded and unaware alerts.
    private mutating func received(_ q: Int, _ item: Int, _ st: CompiledCase.CompiledStep, _ s: Int) {
        let x = items[item].patient, k = items[item].knowledge
        let key = (x * P + q) * K + k
        if let waiting = awaiting[key] {
            var still: [Int] = []
            for h in waiting {
                // Only an item produced for this instance fulfils it (see `handoffMinItem`, `supersededStep`).
                guard item >= handoffMinItem[h], handoffs[h].supersededStep.map({ items[item].step < $0 }) ?? true else {
                    still.append(h)
                    continue
                }
                let before = handoffs[h].status(at: s - 1)
                handoffs[h].receivedStep = s
                handoffs[h].receivedTime = st.time
                let after = handoffs[h].status(at: s)!
                changes.append(.handoff(instance: h, from: before, to: after))
                if after == .late { lateHandoff(h, s) }
                if handoffFrom[handoffs[h].spec] == st.partner, !fulfilledContacts.contains(q) {
                    fulfilledContacts.append(q)
                }
            }
            awaiting[key] = still.isEmpty ? nil : still
        }
        acquired(q, item, s)
    }

    /// Partner q now holds `item` (received or produced): resolve the lacks it ends, and
    /// clear the alerts left with none.
    private mutating func acquired(_ q: Int, _ item: Int, _ s: Int) {
        let key = (items[item].patient * P + q) * K + items[item].knowledge
        guard let open = openLacks[key] else { return }
        var still: [(alert: Int, lack: Int)] = []
        for ref in open {
            guard alerts[ref.alert].lacks[ref.lack].resolvedStep == nil else { continue }
            guard alerts[ref.alert].lacks[ref.lack].item <= item else {
                still.append(ref)
                continue
            }
            alerts[ref.alert].lacks[ref.lack].resolvedStep = s
            resolvedLackAlerts.append(ref.alert)
            if alerts[ref.alert].lacks.allSatisfy({ $0.resolvedStep != nil }) { clear(ref.alert, s) }
        }
        openLacks[key] = still.isEmpty ? nil : still
    }

    // MARK: rules at the acting partner

    private mutating func checkUninformed(_ st: CompiledCase.CompiledStep, _ s: Int) {
        // The knowledge the partner needs for the activity, then what the step consumes
        // besides (not merged into a new list: that would allocate at every such step).
        let needs = c.needs[st.partner * A + st.activity]
        // What the partner lacks: built directly as the alert's lacks (no list in between).
        var lacks: [Lack] = []
        for k in needs {
            let latest = lastItem[st.patient * K + k]
            guard latest >= 0, !holds(st.partner, latest) else { continue }
            lacks.append(Lack(partner: st.partner, knowledge: k, item: latest))
        }
        let consumes = c.consumes(st)
        for (j, k) in zip(consumes.indices, consumes) where !needs.contains(k) && !consumes[..<j].contains(k) {
            let latest = lastItem[st.patient * K + k]
            guard latest >= 0, !holds(st.partner, latest) else { continue }
            lacks.append(Lack(partner: st.partner, knowledge: k, item: latest))
        }
        guard !lacks.isEmpty else { return }
        // The sentence is built when shown: it keeps the values it names (the holders as they
        // are now: more may come), and the step's actors (the wording holds no compiled tables).
        let facts = lacks.map { m -> (k: Int, value: String, producer: Int, time: Timestamp, step: Int, holders: [Int]) in
            (m.knowledge, items[m.item].value, items[m.item].producer, items[m.item].time, items[m.item].step, items[m.item].holders.map(\.partner))
        }
        let actors = c.actors(st)
        // The primary actor, and the others (most steps have one: no array then).
        let w = wording, patient = st.patient, primary = actors.first!, others = actors.count > 1 ? Array(actors.dropFirst()) : []
        let activity = st.activity
        let text = AlertText { part in
            switch part {
            case .message:
                let what = facts.map { f in
                    "the \(w.knowledgeLabel(f.k))\(w.quoted(f.value)), held by \(w.name(partner: f.producer)) since day \(w.day(f.time))"
                }
                return ["\(w.name(patient: patient)): \(w.actorLabel([primary] + others)) \(w.activityLabel(activity)) without \(w.list(what))"]
            case .evidence:
                return facts.map { f in
                    "\(w.knowledgeLabel(f.k)) produced at step \(f.step) (day \(w.day(f.time))) by \(w.name(partner: f.producer)); held by \(f.holders.map { w.name(partner: $0) }.joined(separator: ", "))"
                }
            }
        }
        var partners: [Int] = []
        partners.reserveCapacity(1 + facts.count)
        partners.append(st.partner)
        for f in facts where !partners.contains(f.producer) { partners.append(f.producer) }
        raise(.uninformedAction, .critical, patient: st.patient, partners: partners, at: s, time: st.time, text, lacks: lacks)
    }

    private mutating func checkUnawareOnAction(_ st: CompiledCase.CompiledStep, _ s: Int) {
        guard isResponsible[st.patient * P + st.partner] else { return }
        for t in 0..<T {
            guard let e = activeEpisode[st.patient * T + t] else { continue }
            raiseUnaware(episode: e, partner: st.partner, at: s, time: st.time, acting: st)
        }
    }

    private mutating func raiseUnaware(episode e: Int, partner q: Int, at s: Int, time: Timestamp, acting: CompiledCase.CompiledStep?) {
        let ep = episodes[e]
        guard unawareAlert[e * P + q] == nil, let k = awarenessOf[ep.therapy] else { return }
        // The partner that started the therapy knows of it; an item from an earlier episode
        // does not tell of this one.
        guard !episodeStarters[e].contains(q), !holds(q, patient: ep.patient, knowledge: k, from: episodeMinItem[e]) else { return }
        let therapy = c.model.therapies[ep.therapy]
        let since = "that started on day \(day(ep.startTime))"
        let message: String
        if let acting {
            message = "\(name(patient: ep.patient)): \(actorLabel(acting)) \(c.model.activities[acting.activity].label) not knowing of the \(therapy.label) \(since)"
        } else {
            message = "\(name(partner: q)) is responsible for \(name(patient: ep.patient)) but does not know of the \(therapy.label) \(since)"
        }
        let evidence = ["no \(c.model.knowledge[k].label) about \(name(patient: ep.patient)) from this therapy has reached \(name(partner: q))"]
        unawareAlert[e * P + q] = raise(.unawarePartner, .critical, patient: ep.patient, partners: [q], at: s, time: time, message, evidence,
                                        lacks: [Lack(partner: q, knowledge: k, item: episodeMinItem[e])],
                                        subject: .therapy(ep.therapy, started: ep.startStep, partner: q))
    }

    // MARK: therapies

    private mutating func updateTherapies(_ st: CompiledCase.CompiledStep, _ s: Int) {
        for t in c.therapyEnds[st.activity] {
            guard let e = activeEpisode[st.patient * T + t] else { continue }
            activeEpisode[st.patient * T + t] = nil
            episodes[e].endStep = s
            episodes[e].endTime = st.time
            itemsAtEnd[st.patient * T + t] = items.count
            changes.append(.therapy(episode: e, from: .active, to: .ended))
            // Nobody needs to learn of a therapy that has ended: the alert resolves into a record.
            for q in 0..<P {
                guard let a = unawareAlert[e * P + q], alerts[a].clearedStep == nil else { continue }
                alerts[a].resolution = "the \(c.model.therapies[t].label) ended on day \(day(st.time)) (step \(s)) before \(name(partner: q)) knew of it"
                clear(a, s)
            }
        }
        for t in c.therapyStarts[st.activity] where activeEpisode[st.patient * T + t] == nil {
            let e = episodes.count
            episodes.append(TherapyEpisode(id: e, therapy: t, patient: st.patient, startStep: s, startTime: st.time))
            episodeMinItem.append(itemsAtEnd[st.patient * T + t] ?? 0)
            episodeStarters.append(Array(c.partners(st)))
            activeEpisode[st.patient * T + t] = e
            unawareAlert.append(contentsOf: repeatElement(nil, count: P))  // by `e * P + partner`
            changes.append(.therapy(episode: e, from: nil, to: .active))
            if awarenessOf[t] != nil {
                for q in c.responsible[st.patient] where !c.partners(st).contains(q) {
                    deadlines.push(c.calendar.due(c.model.therapies[t].awareWithin, after: st.time), .unaware(episode: e, partner: q))
                }
            }
        }
    }

    // MARK: handoffs

    private mutating func triggerHandoffs(_ st: CompiledCase.CompiledStep, _ s: Int) {
        for hs in c.handoffsByTrigger[st.partner * A + st.activity] {
            let to = handoffTo[hs], k = handoffKnowledge[hs]
            let id = handoffs.count
            var h = HandoffInstance(id: id, spec: hs, patient: st.patient, triggerStep: s, triggerTime: st.time,
                                    dueTime: c.calendar.due(c.model.handoffs[hs].within, after: st.time))
            // The same handoff triggering again for the patient supersedes an unfulfilled one:
            // items produced from now on are for the new instance.
            let sk = st.patient * c.model.handoffs.count + hs
            let ids = itemsOf[st.patient * K + k]
            for old in unfulfilled.removeValue(forKey: sk) ?? [] where handoffs[old].receivedStep == nil {
                handoffs[old].supersededStep = s
                // With no item produced for it, it can never be fulfilled: stop waiting (its deadline still fires).
                if !ids.contains(where: { $0 >= handoffMinItem[old] && items[$0].step < s }) {
                    awaiting[(st.patient * P + to) * K + k]?.removeAll { $0 == old }
                }
            }
            // Items that can fulfil it: the item current at the trigger (produced at this step,
            // or the newest before it), and any produced later.
            var minItem = items.count
            if let last = ids.last {
                minItem = items[last].step == s ? ids.first { items[$0].step == s }! : last
            }
            handoffMinItem.append(minItem)
            // Already there: the receiver holds the item current at the trigger.
            if let latest = ids.last, holds(to, latest) {
                h.receivedStep = s
                h.receivedTime = st.time
            } else {
                awaiting[(st.patient * P + to) * K + k, default: []].append(id)
                unfulfilled[sk, default: []].append(id)
                deadlines.push(h.dueTime, .handoff(id))
            }
            handoffs.append(h)
            handoffsByFlow[(st.patient * P + to) * K + k, default: []].append(id)
            changes.append(.handoff(instance: id, from: nil, to: h.status(at: s)!))
        }
    }

    private func handoffPhrase(_ h: HandoffInstance) -> String {
        let spec = c.model.handoffs[h.spec]
        return "\(c.model.knowledge[c.knowledgeIndex[spec.knowledge]!].label) from \(name(partner: c.partnerIndex[spec.from]!)) to \(name(partner: c.partnerIndex[spec.to]!))"
    }

    private mutating func lateHandoff(_ h: Int, _ s: Int) {
        let inst = handoffs[h]
        let spec = c.model.handoffs[inst.spec]
        let late = c.calendar.lateness(spec.within, due: inst.dueTime, done: inst.receivedTime!)
        let message = "\(capitalized(handoffPhrase(inst))) for \(name(patient: inst.patient)) arrived on day \(day(inst.receivedTime!)), \(late) late (due by \(dueText(spec.within, inst.dueTime)))"
        let evidence = ["triggered at step \(inst.triggerStep) (day \(day(inst.triggerTime))), expected \(windowText(spec.within)); received at step \(s)"]
        raise(.lateHandoff, .warning, patient: inst.patient, partners: [c.partnerIndex[spec.from]!, c.partnerIndex[spec.to]!],
              at: s, time: inst.receivedTime!, message, evidence, subject: .handoff(inst.spec, trigger: inst.triggerStep))
        if let omitted = omittedAlert.removeValue(forKey: h) { clear(omitted, s) }
    }

    /// Whether step s sends to handoff h's receiver an item that fulfils h (what `send` and
    /// `received` will do at that step).
    private func delivers(_ h: Int, _ st: CompiledCase.CompiledStep, _ s: Int) -> Bool {
        let inst = handoffs[h]
        guard st.isAction, st.patient == inst.patient else { return false }
        let to = handoffTo[inst.spec], k = handoffKnowledge[inst.spec]
        guard c.sends(st).contains(where: { $0.knowledge == k && c.recipients($0.to).contains(to) }) else { return false }
        // The same handoff triggering again at this step supersedes h before the send.
        let retriggered = c.handoffsByTrigger[st.partner * A + st.activity].contains(inst.spec)
        let superseded = inst.supersededStep ?? (retriggered ? s : nil)
        // The item sent: one produced at this step, else the newest its partner holds.
        if c.produces(st).contains(where: { $0.knowledge == k }) { return superseded == nil }
        guard let item = itemsOf[inst.patient * K + k].last(where: { holds(st.partner, $0) }), !holds(to, item) else { return false }
        return item >= handoffMinItem[h] && (superseded.map { items[item].step < $0 } ?? true)
    }

    private func supersededPhrase(_ step: Int) -> String {
        "never sent; superseded on day \(day(c.steps[step - 1].time)) (step \(step)), when the same handoff was triggered again"
    }

    private func omittedEvidence(_ inst: HandoffInstance) -> String {
        "handoff #\(inst.id) '\(c.model.handoffs[inst.spec].id)' triggered at step \(inst.triggerStep) (day \(day(inst.triggerTime)))"
    }

    // MARK: decisions

    private mutating func updateDecisions(_ st: CompiledCase.CompiledStep, _ s: Int) {
        let D = c.model.decisions.count
        for d in c.decisionCloses[st.activity] {
            guard let i = openDecision[st.patient * D + d] else { continue }
            openDecision[st.patient * D + d] = nil
            let before = decisionInstances[i].status(at: s - 1)
            decisionInstances[i].decidedStep = s
            decisionInstances[i].decidedTime = st.time
            decisionInstances[i].decidedActivity = st.activity
            // Any partner's step can take it; the record says whether the owner's role did.
            let byOwner = decisionInstances[i].owner.map { role in c.actors(st).contains { c.actorRole[$0] == role } }
            decisionInstances[i].decidedByOwner = byOwner
            changes.append(.decision(instance: i, from: before, to: .decided))
            let inst = decisionInstances[i], spec = c.model.decisions[d]
            // Its open alerts are resolved, saying who took it.
            for a in decisionAlerts.removeValue(forKey: i) ?? [] where alerts[a].clearedStep == nil {
                alerts[a].resolution = decidedEvidence(inst, st, s)
                clear(a, s)
            }
            if st.time > inst.dueTime {
                // Taken after its window: the overdue alert resolves into a record of lateness.
                let late = c.calendar.lateness(spec.dueWithin, due: inst.dueTime, done: st.time)
                let owners = inst.owner.map { role in c.partnerRoles.indices.filter { c.partnerRoles[$0].contains(role) } } ?? []
                var partners = [st.partner]
                for p in owners where !partners.contains(p) { partners.append(p) }
                raise(inst.owner == nil ? .ownerlessDecision : .overdueDecision, .warning, patient: st.patient, partners: partners, at: s, time: st.time,
                      "The decision to \(spec.label) for \(name(patient: st.patient)) was taken on day \(day(st.time)), \(late) late (due by \(dueText(spec.dueWithin, inst.dueTime)))",
                      [decidedEvidence(inst, st, s)], subject: .decision(d, opened: inst.openStep))
            }
        }
        for d in c.decisionOpens[st.activity] where openDecision[st.patient * D + d] == nil {
            let spec = c.model.decisions[d]
            let i = decisionInstances.count
            let inst = DecisionInstance(id: i, decision: d, patient: st.patient, openStep: s, openTime: st.time,
                                        dueTime: c.calendar.due(spec.dueWithin, after: st.time), owner: spec.owner)
            decisionInstances.append(inst)
            openDecision[st.patient * D + d] = i
            changes.append(.decision(instance: i, from: nil, to: .open))
            deadlines.push(inst.dueTime, .decision(i))
            if spec.owner == nil {
                let message = "Nobody owns the decision to \(spec.label) for \(name(patient: st.patient)), due by \(dueText(spec.dueWithin, inst.dueTime))"
                let evidence = ["opened at step \(s) (day \(day(st.time))) by \(actorLabel(st)); no owner role is declared for '\(spec.id)'"]
                let a = raise(.ownerlessDecision, .warning, patient: st.patient, partners: [st.partner], at: s, time: st.time, message, evidence,
                              subject: .decision(d, opened: s))
                decisionAlerts[i, default: []].append(a)
            }
        }
    }

    /// Who took a decision, and whether that is the owner's role.
    private func decidedEvidence(_ inst: DecisionInstance, _ st: CompiledCase.CompiledStep, _ s: Int) -> String {
        let who = "taken on day \(day(st.time)) (step \(s)) by \(actorLabel(st))"
        guard let role = inst.owner else { return who + "; nobody owns it" }
        return who + (inst.decidedByOwner == true ? ", in the owner's role (\(role))" : ", not in the owner's role (\(role))")
    }

    // MARK: routines

    private mutating func updateRoutines(_ st: CompiledCase.CompiledStep, _ s: Int) {
        let R = c.routineSteps.count
        for r in 0..<R where routineInForce[r] {
            let steps = c.routineSteps[r]
            if let i = openRoutine[st.patient * R + r] {
                let next = routineInstances[i].steps.firstIndex { $0.doneStep == nil && $0.skippedStep == nil } ?? steps.count
                if next < steps.count, c.performs(st, steps[next]) {
                    complete(i, next, st, s)
                } else if c.performs(st, steps[0]) {
                    // The first step recurring while a run is open: that run closes (its missing
                    // steps skipped) and a new one starts.
                    skip(i, next..<steps.count, st, s, restart: true)
                    openRoutine[st.patient * R + r] = nil
                    startRun(r, st, s)
                } else if let m = (next..<steps.count).first(where: { c.performs(st, steps[$0]) }) {
                    skip(i, next..<m, st, s)
                    complete(i, m, st, s)
                }
            } else if c.performs(st, steps[0]) {
                startRun(r, st, s)
            }
        }
    }

    private mutating func startRun(_ r: Int, _ st: CompiledCase.CompiledStep, _ s: Int) {
        let i = routineInstances.count
        routineInstances.append(RoutineInstance(id: i, routine: r, patient: st.patient, startStep: s,
                                                steps: Array(repeating: .init(), count: c.routineSteps[r].count)))
        changes.append(.routineStarted(instance: i))
        openRoutine[st.patient * c.routineSteps.count + r] = i
        complete(i, 0, st, s)
    }

    private mutating func complete(_ i: Int, _ m: Int, _ st: CompiledCase.CompiledStep, _ s: Int) {
        let inst = routineInstances[i]
        let before = inst.steps[m].status(at: s - 1)
        let due = inst.steps[m].dueTime
        routineInstances[i].steps[m].doneStep = s
        routineInstances[i].steps[m].late = due.map { st.time > $0 } ?? false
        changes.append(.routineStep(instance: i, index: m, from: before, to: routineInstances[i].steps[m].status(at: s)))
        let routine = c.model.routines[inst.routine]
        if routineInstances[i].steps[m].late, let due, let w = c.routineSteps[inst.routine][m].within {
            // Done after its window: the overdue alert (if raised) resolves into a record of lateness.
            let late = c.calendar.lateness(w, due: due, done: st.time)
            if let overdue = routineOverdueAlert[i]?.removeValue(forKey: m) {
                alerts[overdue].resolution = "done on day \(day(st.time)) (step \(s)) by \(actorLabel(st)), \(late) late"
                clear(overdue, s)
            }
            let message = "\(name(patient: inst.patient)): \"\(c.label(c.routineSteps[inst.routine][m]))\" in \"\(routine.name)\" happened on day \(day(st.time)), \(late) late (due by \(dueText(w, due)))"
            raise(.routineDeviation, .warning, patient: inst.patient, partners: [st.partner], at: s, time: st.time, message,
                  ["routine '\(routine.id)' step \(m + 1) of \(c.routineSteps[inst.routine].count), done at step \(s) by \(actorLabel(st))"],
                  subject: .routine(inst.routine, started: inst.startStep, step: m))
        }
        let steps = c.routineSteps[inst.routine]
        if m + 1 < steps.count {
            if let w = steps[m + 1].within {
                let due = c.calendar.due(w, after: st.time)
                routineInstances[i].steps[m + 1].dueTime = due
                deadlines.push(due, .routineStep(instance: i, index: m + 1))
            }
        } else {
            openRoutine[inst.patient * c.routineSteps.count + inst.routine] = nil
        }
    }

    private mutating func skip(_ i: Int, _ range: Range<Int>, _ st: CompiledCase.CompiledStep, _ s: Int, restart: Bool = false) {
        let inst = routineInstances[i]
        var newlySkipped: [Int] = []
        for j in range {
            let before = inst.steps[j].status(at: s - 1)
            routineInstances[i].steps[j].skippedStep = s
            changes.append(.routineStep(instance: i, index: j, from: before, to: .skipped))
            if inst.steps[j].overdueStep == nil { newlySkipped.append(j) }
        }
        guard !newlySkipped.isEmpty else { return }
        let routine = c.model.routines[inst.routine]
        let labels = newlySkipped.map { "\"\(c.label(c.routineSteps[inst.routine][$0]))\"" }
        let message = restart
            ? "\(name(patient: inst.patient)): \(list(labels)) in \"\(routine.name)\" skipped; \"\(c.model.activities[st.activity].label)\" started the routine again"
            : "\(name(patient: inst.patient)): \(list(labels)) in \"\(routine.name)\" skipped; \"\(c.model.activities[st.activity].label)\" came first"
        // It names the partners whose steps were skipped (so their panels show it), then the acting one.
        var partners: [Int] = []
        for j in newlySkipped { for p in c.routineSteps[inst.routine][j].partners where !partners.contains(p) { partners.append(p) } }
        if !partners.contains(st.partner) { partners.append(st.partner) }
        raise(.routineDeviation, .warning, patient: inst.patient, partners: partners, at: s, time: st.time, message,
              ["routine '\(routine.id)' started at step \(inst.startStep)" + (restart ? "; a new run started at step \(s)" : "")],
              subject: .routine(inst.routine, started: inst.startStep, step: newlySkipped[0]))
    }

    // MARK: emergent routines

    private mutating func addDesignedEdges(routine r: Int) {
        let steps = c.routineSteps[r]
        for (a, b) in zip(steps, steps.dropFirst()) {
            for p in a.partners {
                for q in b.partners {
                    for x in a.activities {
                        designedContacts.insert((p * A + x) * P + q)
                        for y in b.activities { designedTransitions.insert(((p * A + x) * P + q) * A + y) }
                    }
                }
            }
        }
    }

    private func isDesigned(_ e: EdgeKey) -> Bool {
        if handoffEdges.contains((e.from * A + e.fromActivity) * P + e.to) { return true }
        if e.toActivity < 0 { return designedContacts.contains((e.from * A + e.fromActivity) * P + e.to) }
        return designedTransitions.contains(((e.from * A + e.fromActivity) * P + e.to) * A + e.toActivity)
    }

    private mutating func recordEdges(_ st: CompiledCase.CompiledStep, _ s: Int) {
        var sentTo: [Int] = []
        for (_, tos) in c.sends(st) { for q in c.recipients(tos) where q != st.partner && !sentTo.contains(q) { sentTo.append(q) } }
        for q in c.contacts(st) where q != st.partner && !sentTo.contains(q) { sentTo.append(q) }
        // A send that fulfilled an expected handoff is designed coordination, whatever triggered the handoff.
        for q in sentTo where !fulfilledContacts.contains(q) {
            observe(EdgeKey(from: st.partner, fromActivity: st.activity, to: q, toActivity: -1), st, s)
        }
        if let prev = lastOf[st.patient], prev.partner != st.partner, !prev.sentTo.contains(st.partner) {
            observe(EdgeKey(from: prev.partner, fromActivity: prev.activity, to: st.partner, toActivity: st.activity), st, s)
        }
        lastOf[st.patient] = (st.partner, st.activity, sentTo)
    }

    private mutating func observe(_ e: EdgeKey, _ st: CompiledCase.CompiledStep, _ s: Int) {
        guard !isDesigned(e) else { return }
        // Mutated in place: a copy would copy the occurrence list at every step.
        let (occurrence, flagged) = { (cand: inout Candidate) -> (EmergentPattern.Occurrence, Int?) in
            cand.patients.insert(st.patient)
            let o = EmergentPattern.Occurrence(step: s, patient: st.patient, patientsSoFar: cand.patients.count)
            if cand.pattern == nil { cand.occurrences.append(o) }
            return (o, cand.pattern)
        }(&candidates[e, default: Candidate()])
        if let p = flagged {
            patterns[p].occurrences.append(occurrence)
            return
        }
        let cand = candidates[e]!
        guard cand.occurrences.count >= c.model.info.emergentMinOccurrences, cand.patients.count >= c.model.info.emergentMinPatients else { return }
        let p = patterns.count
        patterns.append(EmergentPattern(id: p, fromPartner: e.from, fromActivity: e.fromActivity, toPartner: e.to,
                                        toActivity: e.toActivity < 0 ? nil : e.toActivity, occurrences: cand.occurrences, flaggedStep: s))
        candidates[e]!.pattern = p
        candidates[e]!.occurrences = []  // from now on the pattern keeps them
        changes.append(.emergent(pattern: p, from: nil, to: .emergent))
        let names = cand.patients.sorted().map { name(patient: $0) }
        let message = "New routine: \(patternPhrase(patterns[p])), seen \(count(cand.occurrences.count, "time")) across \(count(cand.patients.count, "patient")) (\(names.joined(separator: ", "))); no designed routine or handoff covers it"
        let evidence = cand.occurrences.map { "step \($0.step) (day \(day(c.steps[$0.step - 1].time))), \(name(patient: $0.patient))" }
        raise(.emergentRoutine, .info, patient: st.patient, partners: [e.from, e.to], at: s, time: st.time, message, evidence,
              subject: patternSubject(patterns[p], formalised: false))
    }

    /// A pattern's identity (for `Alert.subject`).
    private func patternSubject(_ p: EmergentPattern, formalised: Bool) -> AlertSubject {
        .pattern(from: p.fromPartner, activity: p.fromActivity, to: p.toPartner, toActivity: p.toActivity ?? -1, formalised: formalised)
    }

    func patternPhrase(_ p: EmergentPattern) -> String {
        EmergentPattern.phrase(from: name(partner: p.fromPartner), fromActivity: c.model.activities[p.fromActivity].label,
                               to: name(partner: p.toPartner), toActivity: p.toActivity.map { c.model.activities[$0].label })
    }

    /// Adopts routine r at step s; false if it was already in force.
    @discardableResult
    private mutating func formalize(_ r: Int, _ s: Int) -> Bool {
        guard !routineInForce[r] else { return false }
        routineInForce[r] = true
        routineAdoptedStep[r] = s
        changes.append(.routineAdopted(routine: r))
        addDesignedEdges(routine: r)
        for p in patterns.indices where patterns[p].formalisedStep == nil {
            let e = EdgeKey(from: patterns[p].fromPartner, fromActivity: patterns[p].fromActivity, to: patterns[p].toPartner,
                            toActivity: patterns[p].toActivity ?? -1)
            guard isDesigned(e) else { continue }
            patterns[p].formalisedStep = s
            patterns[p].formalisedBy = r
            changes.append(.emergent(pattern: p, from: .emergent, to: .formalised))
            let st = c.steps[s - 1]
            let message = "Formalised: \(patternPhrase(patterns[p])) is now part of the design as \"\(c.model.routines[r].name)\""
            raise(.emergentRoutine, .info, patient: nil, partners: [patterns[p].fromPartner, patterns[p].toPartner], at: s, time: st.time, message,
                  ["adopted at step \(s) by \(actorLabel(st))"], subject: patternSubject(patterns[p], formalised: true))
        }
        return true
    }

    // MARK: deadlines

    private mutating func fireDeadlines(before time: Timestamp, at s: Int) {
        while let (due, deadline) = deadlines.popIfBefore(time) {
            switch deadline {
            case .handoff(let h):
                guard handoffs[h].receivedStep == nil else { continue }
                // Sent at this very step, late: recorded as late when it arrives, never as "never sent".
                if delivers(h, c.steps[s - 1], s) { continue }
                handoffs[h].omittedStep = s
                changes.append(.handoff(instance: h, from: .pending, to: .omitted))
                let inst = handoffs[h], spec = c.model.handoffs[inst.spec]
                let message = "\(capitalized(handoffPhrase(inst))) for \(name(patient: inst.patient)) was due by \(dueText(spec.within, due)) and never sent"
                var evidence = [omittedEvidence(inst), "expected \(windowText(spec.within)) after \(actorLabel(c.steps[inst.triggerStep - 1])) \(c.model.activities[c.steps[inst.triggerStep - 1].activity].label)"]
                if let sup = inst.supersededStep { evidence.append(supersededPhrase(sup)) }
                let to = c.partnerIndex[spec.to]!
                omittedAlert[h] = raise(.omittedHandoff, .critical, patient: inst.patient, partners: [c.partnerIndex[spec.from]!, to],
                                        at: s, time: due, message, evidence,
                                        lacks: [Lack(partner: to, knowledge: c.knowledgeIndex[spec.knowledge]!, item: handoffMinItem[h])],
                                        subject: .handoff(inst.spec, trigger: inst.triggerStep))
            case .stranded(let item):
                // Fields read one by one: binding the item would copy it (retaining its value and holders).
                let itPatient = items[item].patient, itKnowledge = items[item].knowledge, itProducer = items[item].producer
                // It concerns the newest item of its type for the patient only.
                guard lastItem[itPatient * K + itKnowledge] == item else { continue }
                // Still lacking: holding neither this item nor a newer one; and no designed
                // handoff owns the flow for this patient (an instance open, or omitted).
                // The alert's partners are the producer then those lacking it: built as one
                // list, which the sentence also reads (no list of the lacking alone).
                var partners: [Int] = [], designed: [Int] = []
                for q in c.needers[itKnowledge] where q != itProducer && !holds(q, patient: itPatient, knowledge: itKnowledge, from: item) {
                    if c.handoffCovers.contains((itProducer * P + q) * K + itKnowledge) {
                        let owned = (handoffsByFlow[(itPatient * P + q) * K + itKnowledge] ?? []).contains { h in
                            handoffFrom[handoffs[h].spec] == itProducer
                                && (handoffs[h].receivedStep == nil || handoffs[h].omittedStep != nil)
                        }
                        if owned { continue }
                        designed.append(q)
                    }
                    if partners.isEmpty {
                        partners.reserveCapacity(c.needers[itKnowledge].count)
                        partners.append(itProducer)
                    }
                    partners.append(q)
                }
                guard !partners.isEmpty else { continue }
                // The sentence is built when shown, from the values it names.
                let it = items[item]
                let w = wording, k = it.knowledge, value = it.value, patient = it.patient, producer = it.producer
                let time = it.time, step = it.step, alertPartners = partners, designedTo = designed
                let window = shareWithin[k] ?? 0
                let text = AlertText { part in
                    switch part {
                    case .message:
                        let needers = alertPartners.dropFirst()
                        return ["\(w.capitalized(w.knowledgeLabel(k)))\(w.quoted(value)) about \(w.name(patient: patient)) has stayed with \(w.name(partner: producer)) since day \(w.day(time)); \(w.list(needers.map { w.name(partner: $0) })) \(needers.count == 1 ? "needs" : "need") it"]
                    case .evidence:
                        let channel = designedTo.isEmpty
                            ? "no handoff is designed for it"
                            : "a handoff to \(w.list(designedTo.map { w.name(partner: $0) })) is designed but none is open for \(w.name(patient: patient))"
                        return ["produced at step \(step) by \(w.name(partner: producer)); to be shared \(w.windowText(window)); \(channel)"]
                    }
                }
                let a = raise(.strandedKnowledge, .warning, patient: it.patient, partners: partners, at: s, time: due, text,
                              lacks: partners.dropFirst().map { Lack(partner: $0, knowledge: it.knowledge, item: item) },
                              subject: .knowledge(it.knowledge, produced: it.step))
                if alerts[a].clearedStep == nil { strandedAlerts[it.patient * K + it.knowledge].append(a) }
            case .unaware(let e, let q):
                guard episodes[e].endStep == nil else { continue }
                raiseUnaware(episode: e, partner: q, at: s, time: due, acting: nil)
            case .decision(let i):
                guard decisionInstances[i].decidedStep == nil else { continue }
                // Taken at this very step, late: recorded as late when it is taken, not as overdue.
                let now = c.steps[s - 1]
                if now.isAction, now.patient == decisionInstances[i].patient,
                   c.decisionCloses[now.activity].contains(decisionInstances[i].decision) { continue }
                if c.model.decisions[decisionInstances[i].decision].ownerTakesItWhenDue {
                    // A mechanism gave it an owner who takes it by its due date (see `Mechanism`).
                    decisionInstances[i].decidedStep = s
                    decisionInstances[i].decidedTime = due
                    decisionInstances[i].decidedByOwner = true
                    openDecision[decisionInstances[i].patient * c.model.decisions.count + decisionInstances[i].decision] = nil
                    changes.append(.decision(instance: i, from: .open, to: .decided))
                    continue
                }
                decisionInstances[i].overdueStep = s
                changes.append(.decision(instance: i, from: .open, to: .overdue))
                let inst = decisionInstances[i], spec = c.model.decisions[inst.decision]
                let opener = c.steps[inst.openStep - 1].partner
                let owners = inst.owner.map { role in c.partnerRoles.indices.filter { c.partnerRoles[$0].contains(role) } } ?? []
                let who = inst.owner.map { role in
                    "its owner, the \(role)\(owners.isEmpty ? "" : " at " + list(owners.map { name(partner: $0) })), has not taken it"
                } ?? "nobody owns it"
                var message = "The decision to \(spec.label) for \(name(patient: inst.patient)) was due by \(dueText(spec.dueWithin, due)) and is still open: \(who)"
                if spec.overdueDaysUnneeded, let t = (0..<T).first(where: { activeEpisode[inst.patient * T + $0] != nil }) {
                    message += "; each further day of \(c.model.therapies[t].label) counts as unneeded"
                }
                // It concerns its owners; with none, the partner whose step opened it.
                let a = raise(inst.owner == nil ? .ownerlessDecision : .overdueDecision, .critical, patient: inst.patient,
                              partners: owners.isEmpty ? [opener] : owners, at: s, time: due, message,
                              ["opened at step \(inst.openStep) (day \(day(inst.openTime))) by \(actorLabel(c.steps[inst.openStep - 1])), due \(windowText(spec.dueWithin))"],
                              subject: .decision(inst.decision, opened: inst.openStep))
                decisionAlerts[i, default: []].append(a)
            case .routineStep(let i, let m):
                let inst = routineInstances[i]
                guard inst.steps[m].doneStep == nil, inst.steps[m].skippedStep == nil,
                      openRoutine[inst.patient * c.routineSteps.count + inst.routine] == i else { continue }
                // Done (late), skipped or restarted at this very step: recorded there, not as "has not happened".
                let now = c.steps[s - 1], rsteps = c.routineSteps[inst.routine]
                if now.isAction, now.patient == inst.patient,
                   c.performs(now, rsteps[0]) || (m..<rsteps.count).contains(where: { c.performs(now, rsteps[$0]) }) { continue }
                routineInstances[i].steps[m].overdueStep = s
                changes.append(.routineStep(instance: i, index: m, from: .pending, to: .overdue))
                let routine = c.model.routines[inst.routine]
                let rs = c.routineSteps[inst.routine][m]
                let message = "\(name(patient: inst.patient)): \"\(c.label(rs))\" in \"\(routine.name)\" was due by \(dueText(rs.within ?? 0, due)) and has not happened"
                // It concerns the partners that can perform the step; with none, the partner that started the run.
                let performers = rs.partners
                routineOverdueAlert[i, default: [:]][m] = raise(.routineDeviation, .warning, patient: inst.patient,
                      partners: performers.isEmpty ? [c.steps[inst.startStep - 1].partner] : performers, at: s, time: due, message,
                      ["routine '\(routine.id)' step \(m + 1) of \(c.routineSteps[inst.routine].count), started at step \(inst.startStep)"],
                      subject: .routine(inst.routine, started: inst.startStep, step: m))
            }
        }
    }

    // MARK: alerts

    @discardableResult
    private mutating func raise(
        _ rule: AlertRule, _ severity: AlertSeverity, patient: Int?, partners: [Int], at s: Int, time: Timestamp,
        _ message: String, _ evidence: [String], lacks: [Lack] = [], subject: AlertSubject? = nil
    ) -> Int {
        raise(rule, severity, patient: patient, partners: partners, at: s, time: time, AlertText(message: message, evidence: evidence), lacks: lacks,
              subject: subject)
    }

    @discardableResult
    private mutating func raise(
        _ rule: AlertRule, _ severity: AlertSeverity, patient: Int?, partners: [Int], at s: Int, time: Timestamp,
        _ text: AlertText, lacks: [Lack] = [], subject: AlertSubject? = nil
    ) -> Int {
        let id = alerts.count
        alerts.append(Alert(id: id, rule: rule, severity: severity, patient: patient, partners: partners, step: s, time: time,
                            text: text, clearedStep: nil, lacks: lacks, subject: subject ?? .step(s)))
        changes.append(.alertRaised(id))
        guard let x = patient, !lacks.isEmpty else { return id }
        for (i, lack) in lacks.enumerated() {
            let key = (x * P + lack.partner) * K + lack.knowledge
            // Already ended (a newer item reached the partner before the deadline fired).
            if holds(lack.partner, patient: x, knowledge: lack.knowledge, from: lack.item) {
                alerts[id].lacks[i].resolvedStep = s
            } else {
                openLacks[key, default: []].append((id, i))
            }
        }
        if alerts[id].lacks.allSatisfy({ $0.resolvedStep != nil }) { clear(id, s) }
        return id
    }

    private mutating func clear(_ id: Int, _ s: Int) {
        guard alerts[id].clearedStep == nil else { return }
        alerts[id].clearedStep = s
        for i in alerts[id].lacks.indices where alerts[id].lacks[i].resolvedStep == nil { alerts[id].lacks[i].resolvedStep = s }
        changes.append(.alertCleared(id))
    }

    // MARK: wording

    private func name(partner p: Int) -> String { wording.name(partner: p) }
    private func name(patient x: Int) -> String { wording.name(patient: x) }
    private func day(_ t: Timestamp) -> Int { wording.day(t) }
    private func actorLabel(_ st: CompiledCase.CompiledStep) -> String { wording.actorLabel(c.actors(st)) }
    /// "day 12" for a window in days; "day 12 at 14:30" for an exact one.
    private func dueText(_ w: Window, _ due: Timestamp) -> String {
        if case .days = w { return "day \(day(due))" }
        let clock = c.calendar.iso8601(due).dropFirst(11).prefix(5)
        return "day \(day(due)) at \(clock)"
    }
    private func windowText(_ w: Window) -> String { wording.windowText(w) }
    private func count(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }
    private func quoted(_ value: String) -> String { wording.quoted(value) }
    private func capitalized(_ s: String) -> String { wording.capitalized(s) }
    private func list(_ parts: [String]) -> String { wording.list(parts) }
}

/// A deadline that may fire between two steps.
enum Deadline: Sendable {
    case handoff(Int)
    case stranded(item: Int)
    case unaware(episode: Int, partner: Int)
    case decision(Int)
    case routineStep(instance: Int, index: Int)
}

/// A min-heap of deadlines by time, first-in first-out among equal times.
///
/// The heap holds only plain values (time, sequence number); the deadlines themselves, some
/// of which carry arrays, wait in a side list. So sifting copies no reference-counted
/// payload (each copy would be a retain and a release).
struct DeadlineQueue {
    private var heap: [(time: Timestamp, seq: Int)] = []
    private var payloads: [Deadline] = []

    @inline(__always)
    private static func less(_ a: (time: Timestamp, seq: Int), _ b: (time: Timestamp, seq: Int)) -> Bool {
        a.time < b.time || (a.time == b.time && a.seq < b.seq)
    }

    mutating func push(_ time: Timestamp, _ deadline: Deadline) {
        heap.append((time, payloads.count))
        payloads.append(deadline)
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard Self.less(heap[i], heap[parent]) else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    /// The earliest deadline strictly before `time`, removed.
    mutating func popIfBefore(_ time: Timestamp) -> (Timestamp, Deadline)? {
        guard let top = heap.first, top.time < time else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < heap.count, Self.less(heap[l], heap[m]) { m = l }
                if r < heap.count, Self.less(heap[r], heap[m]) { m = r }
                if m == i { break }
                heap.swapAt(i, m)
                i = m
            }
        }
        return (top.time, payloads[top.seq])
    }
}
