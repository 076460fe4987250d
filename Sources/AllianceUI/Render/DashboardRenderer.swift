import AllianceCore

/// Renders the dashboard: `(state, glyphs) → Grid`. Pure; the same state always gives
/// the same grid, so frames are snapshot-tested without a terminal.
///
/// Layout (100×30 and up; larger terminals widen the patient and alert panels first):
/// a header, a "now" line saying what happened at this step, the partner panels on the
/// left, the patient, handoffs & routines and alert panels on the right, the timeline
/// strip, and a footer with the keys.
public enum DashboardRenderer {
    /// Below this the screen says "Terminal too small".
    public static let minimumSize = Size(width: 80, height: 24)

    public static func render(_ app: AppState, glyphs: Glyphs = .unicode) -> Grid {
        var canvas = Canvas(grid: Grid(width: app.size.width, height: app.size.height), glyphs: glyphs)
        guard app.size.width >= minimumSize.width, app.size.height >= minimumSize.height else {
            tooSmall(&canvas, app.size, glyphs)
            return canvas.grid
        }
        let frame = Frame(app: app, glyphs: glyphs)
        let w = app.size.width, h = app.size.height
        frame.header(&canvas, y: 0)
        frame.nowLine(&canvas, y: 1)
        let body = Rect(x: 0, y: 2, width: w, height: h - 4)
        let leftWidth = min(max(30, w * 34 / 100), 52)
        frame.partners(&canvas, Rect(x: 0, y: body.y, width: leftWidth, height: body.height))
        let right = Rect(x: leftWidth, y: body.y, width: w - leftWidth, height: body.height)
        let patientHeight = max(9, right.height / 2 - (right.height < 24 ? 1 : 0))
        let flowsHeight = max(4, right.height * 21 / 100)
        frame.patientPanel(&canvas, Rect(x: right.x, y: right.y, width: right.width, height: patientHeight))
        frame.flowsPanel(&canvas, Rect(x: right.x, y: right.y + patientHeight, width: right.width, height: flowsHeight))
        let alertsY = right.y + patientHeight + flowsHeight
        frame.alertsPanel(&canvas, Rect(x: right.x, y: alertsY, width: right.width, height: right.maxY - alertsY))
        frame.timelineStrip(&canvas, y: h - 2)
        frame.footer(&canvas, y: h - 1)
        if let overlay = app.overlay { frame.overlay(&canvas, overlay) }
        return canvas.grid
    }

    static func tooSmall(_ c: inout Canvas, _ size: Size, _ glyphs: Glyphs) {
        let lines = ["Terminal too small: need \(minimumSize.width)\(glyphs.times)\(minimumSize.height)",
                     "(now \(size.width)\(glyphs.times)\(size.height))", "q quits"]
        let top = max(0, (size.height - lines.count) / 2)
        for (i, line) in lines.enumerated() where top + i < size.height {
            let x = max(0, (size.width - DisplayWidth.of(line)) / 2)
            c.grid.put(line, x: x, y: top + i, role: i == 0 ? .warning : .muted, attributes: i == 0 ? [.bold] : [])
        }
    }
}

/// One frame's worth of precomputed facts, shared by the widgets.
struct Frame {
    let app: AppState
    let glyphs: Glyphs
    let analysis: Analysis
    let state: CaseState
    let model: CaseModel
    /// Alerts raised at this very step.
    let raisedNow: Set<Int>

    init(app: AppState, glyphs: Glyphs) {
        self.app = app
        self.glyphs = glyphs
        analysis = app.analysis
        state = app.caseState
        model = analysis.model
        raisedNow = Set(state.alertsRaisedNow.map(\.id))
    }

    func severityGlyph(_ s: AlertSeverity) -> String {
        switch s {
        case .critical: glyphs.critical
        case .warning: glyphs.warning
        case .info: glyphs.info
        }
    }

    func severityRole(_ s: AlertSeverity) -> Role {
        switch s {
        case .critical: .critical
        case .warning: .warning
        case .info: .info
        }
    }

    /// `▲2` style badge for a tally (nil when nothing is active).
    func badge(_ t: AlertTally) -> (String, Role)? {
        guard let worst = t.worst else { return nil }
        return ("\(severityGlyph(worst))\(t.total)", severityRole(worst))
    }

    func shortName(partner p: Int, max: Int = 12) -> String {
        let name = model.partners[p].name
        let first = name.split(separator: " ").first.map(String.init) ?? name
        return first.count <= max ? first : String(first.prefix(max))
    }

    func firstName(patient x: Int) -> String {
        let name = model.patients[x].name
        return name.split(separator: " ").first.map(String.init) ?? name
    }

    func day(_ t: Timestamp) -> Int { analysis.day(of: t) }
}
