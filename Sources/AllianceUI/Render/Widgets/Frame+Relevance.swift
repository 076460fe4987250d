import AllianceCore

extension Frame {
    /// Partners in the order a crowded panel shows them: those taking part in this step,
    /// then those this step's alerts name, then those the selected patient's active alerts
    /// name, then those with knowledge of the patient to show (held or needed), then the
    /// rest; declaration order within each group. `first` (the selected partner) leads.
    func partnersByRelevance(first: Int? = nil) -> [Int] {
        guard let first else { return relevantPartners }
        return [first] + relevantPartners.filter { $0 != first }
    }

    /// The order itself, for the selected patient (computed once per frame in `init`).
    static func partnersByRelevance(app: AppState, state: CaseState, step: Int, model: CaseModel, analysis: Analysis) -> [Int] {
        let x = app.patient
        let n = model.partners.count
        var rank = [Int](repeating: 5, count: n)
        func promote(_ p: Int, _ r: Int) { if p >= 0, p < n, rank[p] > r { rank[p] = r } }
        if step > 0 { for p in analysis.partners(ofStep: step) { promote(p, 1) } }
        for a in state.alertsRaisedNow { for p in a.partners { promote(p, 2) } }
        // The patient's newest active alerts (a bounded look: a long history adds nothing here).
        for a in state.newestActiveAlerts(limit: 50, patient: x) { for p in a.partners { promote(p, 3) } }
        for p in 0..<n where rank[p] > 4 {
            for k in model.knowledge.indices {
                if case .notNeeded = state.knowledgeCell(patient: x, partner: p, knowledge: k) { continue }
                promote(p, 4)
                break
            }
        }
        return (0..<n).sorted { rank[$0] != rank[$1] ? rank[$0] < rank[$1] : $0 < $1 }
    }
}
