extension AnalysisReport {
    /// The report of a state: everything the analysis knows after its step.
    public init(_ state: CaseState) {
        let a = state.analysis, m = a.model, k = state.step
        let partnerID = { (p: Int) in m.partners[p].id }
        let patientID = { (x: Int) in m.patients[x].id }

        func summary(_ s: Int) -> StepSummary {
            let st = m.timeline[s - 1]
            return StepSummary(
                step: s, id: st.id, day: a.day(of: st.time), time: a.calendar.iso8601(st.time), patient: st.patient, actor: st.actor,
                actorName: a.actor(ofStep: s).map(a.actorName), partner: a.partner(ofStep: s).map(partnerID), activity: st.activity,
                activityLabel: a.activity(ofStep: s).map(a.activityLabel), actors: st.actors, partners: a.partners(ofStep: s).map(partnerID),
                event: st.event, sentence: a.stepSentence(s), note: st.note, question: st.question)
        }

        self.case = CaseSummary(title: m.info.title, summary: m.info.summary, question: m.info.question, source: m.info.source,
                                dayZero: a.isoDate(m.info.dayZero), timeZone: m.info.timeZone ?? "UTC", currency: m.info.currency)
        step = k
        steps = a.stepCount
        day = state.day
        date = a.isoDate(state.time)
        current = k > 0 ? summary(k) : nil

        partners = m.partners.indices.map { p in
            let knowledge = m.patients.indices.compactMap { x -> PatientKnowledge? in
                let held = m.knowledge.indices.compactMap { kt -> HeldItem? in
                    guard let item = state.latestHeld(patient: x, partner: p, knowledge: kt) else { return nil }
                    let since = item.holders.first { $0.partner == p }!.step
                    return HeldItem(knowledge: m.knowledge[kt].id, value: item.value, since: since, new: since == k)
                }
                return held.isEmpty ? nil : PatientKnowledge(patient: patientID(x), items: held)
            }
            let obligations = state.openDecisions(partner: p).map { d in
                Obligation(decision: m.decisions[d.decision].id, patient: patientID(d.patient), dueDay: a.day(of: d.dueTime),
                           overdue: d.status(at: k) == .overdue)
            }
            return PartnerReport(
                id: m.partners[p].id, name: a.partnerName(p), kind: m.partners[p].kind,
                actors: m.partners[p].actors.map { ActorReport(id: $0.id, name: $0.name, role: $0.role) },
                thisStep: k > 0 && a.partners(ofStep: k).contains(p) ? summary(k) : nil,
                knowledge: knowledge, openObligations: obligations,
                alerts: state.alertTally(partner: p).total)
        }

        patients = m.patients.indices.map { x in
            let episodes = state.therapies(patient: x)
            let unneeded = state.unneeded(patient: x)
            let matrix = m.knowledge.indices.map { kt in
                MatrixRow(knowledge: m.knowledge[kt].id, cells: m.partners.indices.map { p in
                    switch state.knowledgeCell(patient: x, partner: p, knowledge: kt) {
                    case let .held(item, new): return MatrixCell(partner: partnerID(p), status: new ? "new" : "held", value: item.value)
                    case let .outdated(item): return MatrixCell(partner: partnerID(p), status: "outdated", value: item.value)
                    case .missing(true): return MatrixCell(partner: partnerID(p), status: "missing", value: nil)
                    case .missing(false): return MatrixCell(partner: partnerID(p), status: "not-yet-produced", value: nil)
                    case .notNeeded: return MatrixCell(partner: partnerID(p), status: "not-needed", value: nil)
                    }
                })
            }
            return PatientReport(
                id: m.patients[x].id, name: a.patientName(x), profile: m.patients[x].profile,
                journey: state.journey(patient: x).map { s in
                    let st = m.timeline[s - 1]
                    return JourneyStep(step: s, day: a.day(of: st.time), actor: st.actor ?? "", partner: a.partner(ofStep: s).map(partnerID) ?? "",
                                       activity: st.activity ?? "")
                },
                therapyStatus: episodes.last.map { $0.status.rawValue } ?? "none",
                therapies: episodes.map { e, status in
                    TherapyReport(therapy: m.therapies[e.therapy].id, status: status, startDay: a.day(of: e.startTime),
                                  endDay: status == .ended ? a.day(of: e.endTime!) : nil, days: state.daysOnTherapy(e))
                },
                daysOnTherapy: episodes.reduce(0) { $0 + state.daysOnTherapy($1.episode) },
                unneededDays: unneeded.days, unneededCost: AnalysisReport.money(unneeded.cost),
                knowledge: matrix, alerts: state.alertTally(patient: x).total)
        }

        let handoffList = state.handoffs()
        handoffs = handoffList.map { h, status in
            let spec = m.handoffs[h.spec]
            return HandoffReport(
                handoff: spec.id, patient: patientID(h.patient), from: spec.from, to: spec.to, knowledge: spec.knowledge,
                triggeredStep: h.triggerStep, triggeredDay: a.day(of: h.triggerTime), dueDay: a.day(of: h.dueTime), status: status,
                receivedStep: status == .clean || status == .late ? h.receivedStep : nil,
                receivedDay: status == .clean || status == .late ? a.day(of: h.receivedTime!) : nil,
                latencyDays: h.latencyDays(at: k),
                supersededStep: h.supersededStep.flatMap { $0 <= k ? $0 : nil },
                supersededDay: h.supersededStep.flatMap { $0 <= k ? a.day(of: a.time(ofStep: $0)) : nil })
        }

        let instances = state.routineInstances
        routines = RoutinesReport(
            designed: m.routines.indices.map { r in
                let adopted = a.routineAdoptedStep[r]
                return DesignedRoutineReport(
                    id: m.routines[r].id, name: m.routines[r].name,
                    inForce: adopted.map { $0 <= k } ?? false, adoptedStep: adopted.flatMap { $0 > 0 && $0 <= k ? $0 : nil },
                    instances: instances.filter { $0.routine == r }.map { inst in
                        RoutineInstanceReport(patient: patientID(inst.patient), startedStep: inst.startStep, steps: inst.steps.enumerated().map { i, rec in
                            let status = rec.status(at: k)
                            let at: Int? = switch status {
                            case .onTime, .late: rec.doneStep
                            case .skipped: rec.skippedStep
                            case .overdue: rec.overdueStep
                            case .pending: nil
                            }
                            let accepted = m.routines[r].steps[i].activities
                            let done = (status == .onTime || status == .late) ? at.flatMap { m.timeline[$0 - 1].activity } : nil
                            return RoutineStepReport(activity: done ?? accepted[0], activities: accepted, status: status, step: at)
                        })
                    })
            },
            emergent: state.emergentPatterns.map { p, status in
                let seen = p.seen(at: k)
                var patients: [String] = []
                for o in p.occurrences.prefix(seen.occurrences) where patients.count < seen.patients {
                    if !patients.contains(patientID(o.patient)) { patients.append(patientID(o.patient)) }
                }
                return EmergentReport(
                    description: a.describe(p), from: partnerID(p.fromPartner), fromActivity: m.activities[p.fromActivity].id,
                    to: partnerID(p.toPartner), toActivity: p.toActivity.map { m.activities[$0].id },
                    occurrences: seen.occurrences, patients: patients, flaggedStep: p.flaggedStep, status: status,
                    formalisedStep: status == .formalised ? p.formalisedStep : nil,
                    formalisedBy: status == .formalised ? p.formalisedBy.map { m.routines[$0].id } : nil)
            })

        let raised = state.alertsRaised
        alerts = raised.reversed().map { al in
            AlertReport(
                id: al.id, rule: al.rule, severity: al.severity, patient: al.patient.map(patientID), partners: al.partners.map(partnerID),
                step: al.step, day: a.day(of: al.time), message: al.message, evidence: al.evidence, active: state.isActive(al),
                clearedStep: al.clearedStep.flatMap { $0 <= k ? $0 : nil },
                resolution: al.clearedStep.map { $0 <= k } == true ? al.resolution : nil,
                lacks: al.lacks.filter { $0.isOpen(at: k) }.map { LackReport(partner: partnerID($0.partner), knowledge: m.knowledge[$0.knowledge].id) })
        }

        var counts = HandoffCounts()
        var latencies: [Double] = []
        for (h, status) in handoffList {
            switch status {
            case .clean: counts.clean += 1
            case .late: counts.late += 1
            case .omitted: counts.omitted += 1
            case .pending: counts.pending += 1
            }
            if let l = h.latencyDays(at: k) { latencies.append(l) }
        }
        latencies.sort()
        let median: Double? = latencies.isEmpty ? nil
            : latencies.count % 2 == 1 ? latencies[latencies.count / 2]
            : (latencies[latencies.count / 2 - 1] + latencies[latencies.count / 2]) / 2
        var done = 0, onTime = 0, late = 0, skipped = 0, overdue = 0
        for inst in instances {
            for rec in inst.steps {
                switch rec.status(at: k) {
                case .onTime: done += 1; onTime += 1
                case .late: done += 1; late += 1
                case .skipped: skipped += 1
                case .overdue: overdue += 1
                case .pending: break
                }
            }
        }
        metrics = MetricsReport(
            handoffs: counts, medianHandoffLatencyDays: median, sharedKnowledge: AnalysisReport.sharedKnowledge(state),
            unneededTherapyDays: patients.reduce(0) { $0 + $1.unneededDays },
            unneededCost: AnalysisReport.money(patients.reduce(0) { $0 + $1.unneededCost }), currency: m.info.currency,
            routineStepsDone: done, routineStepsOnTime: onTime, routineStepsDue: done + skipped + overdue,
            routineStepsLate: late, routineStepsSkipped: skipped, routineStepsOverdue: overdue, activeAlerts: state.alertTally.total, alertsRaised: raised.count)
    }

    /// Per ordered pair (needing partner, producing partner): of the newest items (of each
    /// knowledge type, for each patient) produced so far that the first needs, how many it
    /// holds. An older item does not count: a partner holding the newest is up to date.
    static func sharedKnowledge(_ state: CaseState) -> [SharedKnowledge] {
        let a = state.analysis, m = a.model, P = m.partners.count, K = m.knowledge.count
        var held = [Int](repeating: 0, count: P * P), needed = [Int](repeating: 0, count: P * P)
        var newest: [Int: Int] = [:]
        for item in a.items where item.step <= state.step { newest[item.patient * K + item.knowledge] = item.id }
        for id in newest.values.sorted() {
            let item = a.items[id]
            for q in a.compiled.needers[item.knowledge] where q != item.producer {
                needed[q * P + item.producer] += 1
                if state.holds(q, item: item.id) { held[q * P + item.producer] += 1 }
            }
        }
        var out: [SharedKnowledge] = []
        for q in 0..<P {
            for p in 0..<P where needed[q * P + p] > 0 {
                let h = held[q * P + p], n = needed[q * P + p]
                out.append(SharedKnowledge(partner: m.partners[q].id, from: m.partners[p].id, held: h, needed: n,
                                           index: (Double(h) / Double(n) * 1000).rounded() / 1000))
            }
        }
        return out
    }

    static func money(_ v: Double) -> Double { (v * 100).rounded() / 100 }
}

extension Analysis {
    /// A phrase naming an emergent pattern ("Oxigen Llar phoned the GP, reaching Primary care").
    public func describe(_ p: EmergentPattern) -> String {
        EmergentPattern.phrase(from: partnerName(p.fromPartner), fromActivity: activityLabel(p.fromActivity),
                               to: partnerName(p.toPartner), toActivity: p.toActivity.map(activityLabel))
    }
}
