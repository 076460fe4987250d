import Synchronization

/// The coordination analysis of a whole case, computed in one forward pass over the
/// timeline and stored as stamped facts (see `AnalysisRecords.swift`).
///
/// ```swift
/// let analysis = try Analysis(model)
/// let state = analysis.state(at: 18)      // O(1): a view, not a replay
/// state.activeAlerts.first?.message
/// ```
///
/// A followed log's new events extend it in place (`extend`): the pass goes on from where
/// it stopped, and the result is the analysis the whole case would have had (a test holds
/// them equal). It is read and extended on one thread (the dashboard's loop); it may be
/// built on another and handed over, which is why it is `@unchecked Sendable`.
public final class Analysis: @unchecked Sendable {
    /// The pass, kept: its case and facts are this analysis's (read through it, so that
    /// extending it appends to arrays held once rather than copying them).
    private var builder: AnalysisBuilder
    public var model: CaseModel { _read { yield builder.c.model } }
    var compiled: CompiledCase { _read { yield builder.c } }
    public var items: [KnowledgeItem] { _read { yield builder.items } }
    /// Item ids per `patient * knowledgeCount + knowledge`, in production order.
    var itemsOf: [[Int]] { _read { yield builder.itemsOf } }
    /// In the order raised (so sorted by step).
    public var alerts: [Alert] { _read { yield builder.alerts } }
    public var handoffs: [HandoffInstance] { _read { yield builder.handoffs } }
    public var routines: [RoutineInstance] { _read { yield builder.routineInstances } }
    public var emergent: [EmergentPattern] { _read { yield builder.patterns } }
    public var decisions: [DecisionInstance] { _read { yield builder.decisionInstances } }
    public var therapies: [TherapyEpisode] { _read { yield builder.episodes } }
    /// The step (1-based) at which each routine came into force: 0 for designed ones, nil if never.
    public var routineAdoptedStep: [Int?] { _read { yield builder.routineAdoptedStep } }
    var changes: [StepChange] { _read { yield builder.changes } }
    /// Changes of step s are `changes[changeOffsets[s - 1] ..< changeOffsets[s]]`.
    var changeOffsets: [Int] { _read { yield builder.changeOffsets } }
    /// Short labels that tell partners, patients and actors apart (declared or computed).
    public var labels: ShortLabels { _read { yield builder.c.labels } }
    /// Steps (1-based) at which actors acted for each patient, in order (events are not in a journey).
    private(set) var stepsOf: [[Int]]
    /// Per partner, over all patients: steps, patients, handovers of work at any step.
    public private(set) var partnerActivity: PartnerActivity
    /// Indexes over the facts (alerts, handoffs, decisions): rebuilt when the case grows.
    private var facts: FactIndexes
    /// Active-alert counts per patient, partner and severity, at any step.
    public var alertIndex: AlertIndex { _read { yield facts.alertIndex } }
    /// Handoff counts per status at any step, in O(log handoffs).
    var handoffCounter: HandoffCounter { _read { yield facts.handoffCounter } }
    /// Per patient: the ids of its handoff instances, routine instances, decisions and therapy episodes.
    var handoffsOf: [[Int]] { _read { yield facts.handoffsOf } }
    var routinesOf: [[Int]] { _read { yield facts.routinesOf } }
    var decisionsOf: [[Int]] { _read { yield facts.decisionsOf } }
    var therapiesOf: [[Int]] { _read { yield facts.therapiesOf } }
    /// Per partner: the decision instances owned by a role it holds; and those owned by nobody.
    var decisionsOwnedBy: [[Int]] { _read { yield facts.decisionsOwnedBy } }
    var unownedDecisions: [Int] { _read { yield facts.unownedDecisions } }
    /// Per patient: every lack an alert states, as (partner, knowledge, from step, until step).
    var lacksOf: [[(partner: Int, knowledge: Int, item: Int, from: Int, until: Int?)]] { _read { yield facts.lacksOf } }
    /// Per partner: the decisions open and overdue at any step.
    var decisionIndex: DecisionIndex { _read { yield facts.decisionIndex } }
    /// Per therapy: the index of its awareness knowledge, if it declares one.
    let awarenessKnowledge: [Int?]
    /// Timeline-strip marks, per number of columns (computed once per width).
    private let stripCache = Mutex<[Int: [AlertSeverity?]]>([:])

    /// The number of steps in the timeline.
    public var stepCount: Int { compiled.steps.count }
    /// How many times `extend` grew it: what a cache of anything worked out from it keeps
    /// beside the analysis itself (the same object, grown, is another case).
    public private(set) var generation = 0

    /// Analyses a case. Throws the validator's diagnostics if the model is inconsistent.
    public convenience init(_ model: CaseModel) throws(CaseFileError) {
        let problems = CaseValidator(model: model, path: "<case>").validate()
        guard problems.isEmpty else { throw CaseFileError(diagnostics: problems, source: nil) }
        self.init(validated: model)
    }

    /// Analyses a case that `CaseValidator` (or `CaseFileDecoder`) already accepted.
    /// `growable`: keep what the pass needs to go on, so that `extend` can take new steps
    /// (a followed log, or a room's case that grows); else only what the analysis shows is
    /// kept (a million-step case: tens of megabytes less).
    public init(validated model: CaseModel, growable: Bool = false) {
        var builder = AnalysisBuilder(CompiledCase(model))
        builder.run()
        let compiled = builder.c
        var stepsOf = [[Int]](repeating: [], count: compiled.patientCount)
        for (i, s) in compiled.steps.enumerated() where s.hasPatient && s.isAction { stepsOf[s.patient].append(i + 1) }
        self.stepsOf = stepsOf
        var activity = PartnerActivity(compiled)
        activity.learn(builder.changes, offsets: builder.changeOffsets, items: builder.items, after: 0, patientCount: compiled.patientCount)
        partnerActivity = activity
        facts = FactIndexes(builder)
        awarenessKnowledge = model.therapies.map { t in t.awareness.flatMap { compiled.knowledgeIndex[$0] } }
        if !growable { builder.finish() }
        self.builder = builder
    }

    /// Whether `extend` can take new steps (`init(validated:growable:)`).
    public var isGrowable: Bool { !builder.finished }

    /// `extend(patients:steps:info:)` with a growth whose counts must be this case's.
    public func extend(_ growth: CaseGrowth) -> Bool {
        guard growth.stepsBefore == stepCount, growth.patientsBefore == model.patients.count else { return false }
        return extend(patients: growth.patients, steps: growth.steps, info: growth.info)
    }

    /// This analysis grown by `growth` (from a room: checked first): itself, extended in
    /// place, or (when its new patients change how others are named) a new one of the grown
    /// case; nil when the growth does not follow this case (other counts) or does not fit it
    /// (an id it does not declare, a time going back).
    public func growing(_ growth: CaseGrowth) -> Analysis? {
        guard growth.stepsBefore == stepCount, growth.patientsBefore == model.patients.count, compiled.accepts(growth) else { return nil }
        if extend(growth) { return self }
        var grown = model
        grown.patients += growth.patients
        grown.timeline += growth.steps
        grown.info = growth.info
        return Analysis(validated: grown, growable: true)
    }

    /// A followed log's new events, as new patients (after the existing ones) and steps
    /// (after the existing ones, in time order), and the case's updated description. The
    /// analysis goes on from its last step, and its indexes take what the new steps did:
    /// O(new steps and the facts they touch), plus the decisions' intervals, built again
    /// (a few per patient), and the patients' names when patients are added.
    ///
    /// Returns false, changing nothing, when the new patients would change how existing ones
    /// are named (two patients with one name), or the analysis was not made growable: the
    /// caller analyses the whole case again.
    public func extend(patients: [Patient], steps newSteps: [Step], info: CaseInfo) -> Bool {
        guard isGrowable else { return false }
        var labels = compiled.labels
        if !patients.isEmpty {
            guard let grown = labels.adding(patients: patients, to: model.patients) else { return false }
            labels = grown
        }
        let start = stepCount, X0 = compiled.patientCount
        let before = FactIndexes.Counts(builder)
        builder.extend(patients: patients, steps: newSteps, info: info, labels: labels)
        stepsOf += repeatElement([], count: compiled.patientCount - X0)
        let steps = compiled.steps
        for i in start..<steps.count where steps[i].hasPatient && steps[i].isAction { stepsOf[steps[i].patient].append(i + 1) }
        partnerActivity.extend(compiled, from: start)
        partnerActivity.learn(builder.changes, offsets: builder.changeOffsets, items: builder.items, after: start, patientCount: compiled.patientCount)
        facts.extend(builder, before: before)
        generation += 1
        stripCache.withLock { $0 = [:] }
        return true
    }

    /// The worst severity of the alerts raised in each of `columns` equal slices of the
    /// timeline (for a strip of that many columns); computed once per width.
    public func alertMarks(columns: Int) -> [AlertSeverity?] {
        if let cached = stripCache.withLock({ $0[columns] }) { return cached }
        let n = stepCount
        var worst = [AlertSeverity?](repeating: nil, count: max(1, columns))
        for mark in alertIndex.marks {
            let x = Analysis.column(ofStep: mark.step, steps: n, columns: columns)
            if worst[x].map({ mark.worst < $0 }) ?? true { worst[x] = mark.worst }
        }
        stripCache.withLock { $0[columns] = worst }
        return worst
    }

    /// The column of step s (1-based) in a strip of `columns` columns spanning `steps` steps.
    public static func column(ofStep s: Int, steps n: Int, columns: Int) -> Int {
        n <= 1 || columns <= 1 ? 0 : ((s - 1) * (columns - 1) * 2 + (n - 1)) / (2 * (n - 1))
    }

    /// The state after step k (0 = before the first step), clamped to the timeline.
    public func state(at k: Int) -> CaseState {
        CaseState(analysis: self, step: min(max(0, k), stepCount))
    }

    /// What changed at step s (1-based).
    public func changes(at s: Int) -> ArraySlice<StepChange> {
        guard s >= 1, s <= stepCount else { return [] }
        return changes[changeOffsets[s - 1]..<changeOffsets[s]]
    }

    // MARK: names, for messages and views

    /// The partner's name as sentences give it (its short label if another partner has the same name).
    public func partnerName(_ p: Int) -> String { labels.partnerNames[p] }
    /// The patient's name as sentences give it (its short label if another patient has the same name).
    public func patientName(_ x: Int) -> String { labels.patientNames[x] }
    public func knowledgeLabel(_ k: Int) -> String { model.knowledge[k].label }
    public func activityLabel(_ a: Int) -> String { model.activities[a].label }
    public func actorName(_ a: Int) -> String { compiled.actorName[a] }
    /// The case day of t, counted in the case's time zone (`case.time-zone`).
    public func day(of t: Timestamp) -> Int { compiled.calendar.day(of: t) }
    /// The case's calendar (its time zone): dates shown are local dates in it.
    public var calendar: CaseCalendar { compiled.calendar }
    /// The local date of t in the case's time zone (`2024-03-01`).
    public func isoDate(_ t: Timestamp) -> String { compiled.calendar.isoDate(t) }
    /// The local date of t in words (`Fri 1 Mar 2024`).
    public func humanDate(_ t: Timestamp) -> String { compiled.calendar.humanDate(t) }
    /// The partner of the (primary) actor of step s (1-based); nil for an event.
    public func partner(ofStep s: Int) -> Int? { Self.some(compiled.steps[s - 1].partner) }
    /// The index of a partner id, if the case declares it.
    public func partnerIndex(_ id: String) -> Int? { compiled.partnerIndex[id] }
    /// The patient of step s; nil for an alliance-wide step or an event about no one.
    public func patient(ofStep s: Int) -> Int? { Self.some(compiled.steps[s - 1].patient) }
    /// The primary (first) actor of step s; nil for an event.
    public func actor(ofStep s: Int) -> Int? { Self.some(compiled.steps[s - 1].actor) }
    /// Every actor of step s, the primary first (empty for an event).
    public func actors(ofStep s: Int) -> [Int] { Array(compiled.actors(compiled.steps[s - 1])) }
    /// The partners of every actor of step s, the primary's first: the partners that took part.
    public func partners(ofStep s: Int) -> [Int] { Array(compiled.partners(compiled.steps[s - 1])) }
    /// The activity of step s; nil for an event.
    public func activity(ofStep s: Int) -> Int? { Self.some(compiled.steps[s - 1].activity) }
    /// What happened at step s when it is an event (no actor).
    public func event(ofStep s: Int) -> String? { model.timeline[s - 1].event }
    /// The partner of actor a.
    public func partner(ofActor a: Int) -> Int { compiled.actorPartner[a] }
    /// Who did what at step s, in words, without the patient: "Dr Puig (Primary care) and
    /// Núria (Oxigen Llar) agreed the protocol", or the event's own sentence.
    public func stepSentence(_ s: Int) -> String {
        if let e = event(ofStep: s) { return e }
        let who = actors(ofStep: s).map { "\(actorName($0)) (\(partnerName(compiled.actorPartner[$0])))" }
        let names = who.count <= 1 ? who.joined() : who.dropLast().joined(separator: ", ") + " and " + who.last!
        return "\(names) \(activity(ofStep: s).map(activityLabel) ?? "")"
    }
    /// The patient of step s, or of the latest step before it that has one (for a view that
    /// follows the story through alliance-wide steps and events about no one).
    public func patient(atOrBefore s: Int) -> Int? {
        var i = min(s, stepCount)
        while i >= 1 {
            if let x = patient(ofStep: i) { return x }
            i -= 1
        }
        return nil
    }
    private static func some(_ i: Int) -> Int? { i >= 0 ? i : nil }
    public func time(ofStep s: Int) -> Timestamp { s == 0 ? model.info.dayZero : compiled.steps[s - 1].time }
    public func patientSteps(_ x: Int) -> [Int] { stepsOf[x] }
    /// Partners holding the role, for decision ownership.
    public func partners(withRole role: String) -> [Int] {
        compiled.partnerRoles.indices.filter { compiled.partnerRoles[$0].contains(role) }
    }
    /// Knowledge types that partner p needs for some activity (as the case declares).
    public func needs(partner p: Int, knowledge k: Int) -> Bool { compiled.needers[k].contains(p) }
    /// Whether partner p is responsible for patient x.
    public func isResponsible(partner p: Int, patient x: Int) -> Bool { compiled.responsible[x].contains(p) }
    public func costPerDay(therapy: Int) -> Double { compiled.therapyCost[therapy] }
}

/// The indexes over an analysis's facts, built from its pass, and extended when it goes on.
private struct FactIndexes {
    var alertIndex: AlertIndex
    var handoffCounter: HandoffCounter
    var handoffsOf: [[Int]], routinesOf: [[Int]], decisionsOf: [[Int]], therapiesOf: [[Int]]
    var decisionsOwnedBy: [[Int]], unownedDecisions: [Int]
    var lacksOf: [[(partner: Int, knowledge: Int, item: Int, from: Int, until: Int?)]]
    var decisionIndex: DecisionIndex

    /// How far the pass had gone: its steps and the facts it had recorded.
    struct Counts {
        let steps: Int, alerts: Int, handoffs: Int, routines: Int, decisions: Int, episodes: Int, resolved: Int
        init(_ b: AnalysisBuilder) {
            steps = b.c.steps.count
            alerts = b.alerts.count
            handoffs = b.handoffs.count
            routines = b.routineInstances.count
            decisions = b.decisionInstances.count
            episodes = b.episodes.count
            resolved = b.resolvedLackAlerts.count
        }
    }

    init(_ builder: AnalysisBuilder) {
        let compiled = builder.c
        alertIndex = AlertIndex(alerts: builder.alerts, patientCount: compiled.patientCount, partnerCount: compiled.partnerCount)
        handoffCounter = HandoffCounter(builder.handoffs)
        handoffsOf = []
        routinesOf = []
        decisionsOf = []
        therapiesOf = []
        decisionsOwnedBy = [[Int]](repeating: [], count: compiled.partnerCount)
        unownedDecisions = []
        lacksOf = []
        decisionIndex = DecisionIndex(decisions: [], owned: decisionsOwnedBy, unowned: [])
        addInstances(builder, after: Counts(empty: ()))
        // One pass over the alerts, in order (by patient, each alert would be a jump in memory).
        let alerts = builder.alerts
        for i in alerts.indices {
            guard let x = alerts[i].patient else { continue }
            Self.appendLacks(of: i, alerts, to: &lacksOf[x])
        }
    }

    /// The new steps' facts: `before` is where the pass stood.
    mutating func extend(_ builder: AnalysisBuilder, before: Counts) {
        let alerts = builder.alerts
        // Alerts cleared at the new steps, in step order.
        var cleared: [Int] = []
        for i in builder.changeOffsets[before.steps]..<builder.changes.count {
            if case .alertCleared(let id) = builder.changes[i] { cleared.append(id) }
        }
        alertIndex.extend(alerts: alerts, from: before.alerts, clearedNow: cleared, patientCount: builder.c.patientCount)
        // Handoff instances new or changed.
        var touched = Set<Int>(before.handoffs..<builder.handoffs.count)
        for i in builder.changeOffsets[before.steps]..<builder.changes.count {
            if case .handoff(let h, _, _) = builder.changes[i] { touched.insert(h) }
        }
        handoffCounter.extend(builder.handoffs, touched: touched.sorted(), after: before.steps)
        addInstances(builder, after: before)
        // The lacks of the patients whose alerts are new, cleared, or ended a lack.
        var patients = Set<Int>()
        for id in before.alerts..<alerts.count { if let x = alerts[id].patient { patients.insert(x) } }
        for id in cleared { if let x = alerts[id].patient { patients.insert(x) } }
        for id in builder.resolvedLackAlerts[before.resolved...] { if let x = alerts[id].patient { patients.insert(x) } }
        for x in patients { lacksOf[x] = Self.lacks(of: x, alerts, alertIndex) }
    }

    /// The per-patient and per-owner lists take the instances recorded after `before`; the
    /// decisions' intervals are built again (their ends move as decisions are taken).
    private mutating func addInstances(_ builder: AnalysisBuilder, after before: Counts) {
        let compiled = builder.c
        let X = compiled.patientCount
        for list in [\FactIndexes.handoffsOf, \.routinesOf, \.decisionsOf, \.therapiesOf] {
            self[keyPath: list] += repeatElement([], count: X - self[keyPath: list].count)
        }
        lacksOf += repeatElement([], count: X - lacksOf.count)
        for id in before.handoffs..<builder.handoffs.count { handoffsOf[builder.handoffs[id].patient].append(id) }
        for id in before.routines..<builder.routineInstances.count { routinesOf[builder.routineInstances[id].patient].append(id) }
        for id in before.episodes..<builder.episodes.count { therapiesOf[builder.episodes[id].patient].append(id) }
        for id in before.decisions..<builder.decisionInstances.count {
            let d = builder.decisionInstances[id]
            decisionsOf[d.patient].append(id)
            guard let role = d.owner else { unownedDecisions.append(d.id); continue }
            for p in 0..<compiled.partnerCount where compiled.partnerRoles[p].contains(role) { decisionsOwnedBy[p].append(d.id) }
        }
        decisionIndex = DecisionIndex(decisions: builder.decisionInstances, owned: decisionsOwnedBy, unowned: unownedDecisions)
    }

    /// Every lack patient x's alerts state, as (partner, knowledge, item, from step, until step).
    private static func lacks(of x: Int, _ alerts: [Alert], _ index: AlertIndex) -> [(partner: Int, knowledge: Int, item: Int, from: Int, until: Int?)] {
        var out: [(partner: Int, knowledge: Int, item: Int, from: Int, until: Int?)] = []
        for i in index.ofPatient[x] { appendLacks(of: i, alerts, to: &out) }
        return out
    }

    /// The lacks alert i states, as (partner, knowledge, item, from its step, until resolved).
    private static func appendLacks(of i: Int, _ alerts: [Alert], to out: inout [(partner: Int, knowledge: Int, item: Int, from: Int, until: Int?)]) {
        // By index: binding the alert would copy it (retaining its strings and arrays).
        guard !alerts[i].lacks.isEmpty else { return }
        let step = alerts[i].step
        for l in alerts[i].lacks { out.append((l.partner, l.knowledge, l.item, step, l.resolvedStep)) }
    }
}

extension FactIndexes.Counts {
    init(empty: Void) {
        steps = 0
        alerts = 0
        handoffs = 0
        routines = 0
        decisions = 0
        episodes = 0
        resolved = 0
    }
}

/// What a case gained (a followed log's new events): patients and steps after its own, and
/// its new description. The room sends it to presenters and followers (`grow`), who extend
/// their own analysis with it instead of reading the whole case again.
public struct CaseGrowth: Sendable, Equatable, Codable {
    /// The case's step and patient counts before: a growth applies only to that case.
    public var stepsBefore: Int, patientsBefore: Int
    public var patients: [Patient]
    public var steps: [Step]
    public var info: CaseInfo

    public init(stepsBefore: Int, patientsBefore: Int, patients: [Patient], steps: [Step], info: CaseInfo) {
        self.stepsBefore = stepsBefore
        self.patientsBefore = patientsBefore
        self.patients = patients
        self.steps = steps
        self.info = info
    }
}
