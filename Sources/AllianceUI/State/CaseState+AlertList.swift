import AllianceCore

extension CaseState {
    /// The alerts panel's list: every alert raised at this step first (resolved at it or
    /// not, so "N new" always shows N rows), then the other active alerts, newest first.
    func panelAlerts(limit: Int) -> [Alert] { panelAlerts(from: 0, limit: limit) }

    /// Rows `offset ..< offset + limit` of the panel's list, without reading the rows before
    /// them: the active alerts raised now are the newest active ones, so the rest of the list
    /// is the active list after them.
    func panelAlerts(from offset: Int, limit: Int) -> [Alert] {
        let now = alertsRaisedNow
        var out = offset < now.count ? Array(now[offset..<min(now.count, offset + limit)]) : []
        guard out.count < limit else { return out }
        let activeNow = now.filter(isActive).count
        let start = max(0, offset - now.count) + activeNow
        out += activeAlerts(from: start, count: limit - out.count)
        return out
    }

    /// How many rows `panelAlerts` has in all.
    var panelAlertCount: Int {
        let now = alertsRaisedNow
        return alertTally.total + now.filter { !isActive($0) }.count
    }
}
