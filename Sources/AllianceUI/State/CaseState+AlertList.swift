import AllianceCore

extension CaseState {
    /// The alerts panel's list: every alert raised at this step first (resolved at it or
    /// not, so "N new" always shows N rows), then the other active alerts, newest first.
    func panelAlerts(limit: Int) -> [Alert] {
        let now = alertsRaisedNow
        var out = Array(now.prefix(limit))
        guard out.count < limit else { return out }
        let nowIDs = Set(now.map(\.id))
        for a in newestActiveAlerts(limit: limit + now.count) where !nowIDs.contains(a.id) {
            if out.count >= limit { break }
            out.append(a)
        }
        return out
    }

    /// How many rows `panelAlerts` has in all.
    var panelAlertCount: Int {
        let now = alertsRaisedNow
        return alertTally.total + now.filter { !isActive($0) }.count
    }
}
