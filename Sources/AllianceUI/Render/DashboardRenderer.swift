import AllianceCore

/// Renders the dashboard: `(state, glyphs) → Grid`. Pure; the same state always gives
/// the same grid, so frames are snapshot-tested without a terminal.
///
/// Layout: a header, a "now" line saying what happened at this step, the partner panels
/// on the left, the patient, handoffs & routines and alert panels on the right (at step 0,
/// the case itself), the timeline strip, and a footer with the keys. Panel heights are
/// solved per frame from what each panel has to say (`PanelLayout`): the patient panel
/// gets its matrix, the handoffs panel its lines, the alerts the rest.
public enum DashboardRenderer {
    /// Below this the screen says "Terminal too small".
    public static let minimumSize = Size(width: 80, height: 24)

    public static func render(_ app: AppState, glyphs: Glyphs = .unicode) -> Grid {
        renderChecked(app, glyphs: glyphs).grid
    }

    /// The frame and every place where text had to be cut to fit (see `TextCut`).
    public static func renderChecked(_ app: AppState, glyphs: Glyphs = .unicode) -> (grid: Grid, cuts: [TextCut]) {
        var canvas = Canvas(grid: Grid(width: app.size.width, height: app.size.height), glyphs: glyphs)
        guard app.size.width >= minimumSize.width, app.size.height >= minimumSize.height else {
            tooSmall(&canvas, app.size, glyphs)
            return (canvas.grid, canvas.cuts)
        }
        let frame = Frame(app: app, glyphs: glyphs)
        let w = app.size.width, h = app.size.height
        if app.blank {
            frame.blankCard(&canvas)
            _ = frame.annotationFooter(&canvas, y: h - 1)  // typing goes on while blanked
            return (canvas.grid, canvas.cuts)
        }
        if app.overlay == .debrief {
            frame.debriefView(&canvas)
            return (canvas.grid, canvas.cuts)
        }
        frame.header(&canvas, y: 0)
        frame.nowLine(&canvas, y: 1)
        // With what-if mechanisms on, a line says which and what they saved so far.
        let top = app.comparison == nil ? 2 : 3
        if top == 3 { frame.whatIfLine(&canvas, y: 2) }
        let body = Rect(x: 0, y: top, width: w, height: h - 2 - top)
        let leftWidth = min(max(30, w * 34 / 100), 52)
        frame.partners(&canvas, Rect(x: 0, y: body.y, width: leftWidth, height: body.height))
        let right = Rect(x: leftWidth, y: body.y, width: w - leftWidth, height: body.height)
        if app.step == 0 {
            frame.casePanel(&canvas, right)
        } else {
            let inner = right.width - 4
            let patient = frame.patientContent(width: inner, roomy: right.height >= 34)
            let flows = frame.flowBlocks(width: inner)
            let flowsWanted = 2 + flows.reduce(0) { $0 + $1.lines.count }
            let heights = PanelLayout.solve(total: right.height, panels: [
                .init(minimum: min(patient.wanted, 8), wanted: patient.wanted),
                .init(minimum: min(flowsWanted, right.height >= 26 ? 6 : 4), wanted: flowsWanted,
                      maximum: max(4, (right.height - patient.wanted) / 2)),
                .init(minimum: max(6, right.height / 3), wanted: .max),
            ])
            var y = right.y
            frame.patientPanel(&canvas, Rect(x: right.x, y: y, width: right.width, height: heights[0]), content: patient)
            y += heights[0]
            frame.flowsPanel(&canvas, Rect(x: right.x, y: y, width: right.width, height: heights[1]), blocks: flows)
            y += heights[1]
            frame.alertsPanel(&canvas, Rect(x: right.x, y: y, width: right.width, height: right.maxY - y))
        }
        frame.timelineStrip(&canvas, y: h - 2)
        frame.footer(&canvas, y: h - 1)
        if let overlay = app.overlay { frame.overlay(&canvas, overlay) }
        if let problems = app.caseProblems, !problems.isEmpty { frame.problemsPanel(&canvas, problems) }
        return (canvas.grid, canvas.cuts)
    }

    static func tooSmall(_ c: inout Canvas, _ size: Size, _ glyphs: Glyphs, minimum: Size = minimumSize) {
        let lines = ["Terminal too small: need \(minimum.width)\(glyphs.times)\(minimum.height)",
                     "(now \(size.width)\(glyphs.times)\(size.height))", "q quits"]
        let top = max(0, (size.height - lines.count) / 2)
        for (i, line) in lines.enumerated() where top + i < size.height {
            let x = max(0, (size.width - DisplayWidth.of(line)) / 2)
            c.draw(Line(line, i == 0 ? .warning : .muted, i == 0 ? [.bold] : []), x: x, y: top + i, maxX: size.width)
        }
    }
}

/// Solves panel heights stacked in a column: every panel gets its minimum, then, in
/// order, what it wants (up to its maximum); the last panel takes what is left.
enum PanelLayout {
    struct Panel {
        var minimum: Int, wanted: Int, maximum: Int = .max
    }

    static func solve(total: Int, panels: [Panel]) -> [Int] {
        var heights = panels.map(\.minimum)
        var left = total - heights.reduce(0, +)
        for i in panels.indices.dropLast() where left > 0 {
            let want = min(panels[i].wanted, panels[i].maximum)
            let extra = min(left, max(0, want - heights[i]))
            heights[i] += extra
            left -= extra
        }
        if let last = heights.indices.last { heights[last] += left }
        // Too little room even for the minimums: shrink from the last panel up.
        var over = heights.reduce(0, +) - total
        for i in heights.indices.reversed() where over > 0 {
            let cut = min(over, max(0, heights[i] - 2))
            heights[i] -= cut
            over -= cut
        }
        return heights
    }
}

/// One frame's worth of precomputed facts, shared by the widgets.
struct Frame {
    let app: AppState
    let glyphs: Glyphs
    let analysis: Analysis
    /// The state the consequence panels draw (alerts, handoffs and routines, knowledge, the
    /// partners' knowledge and badges): the previous step's while a staged step is held back.
    let state: CaseState
    /// The step as reached: what happened (header, now line, timeline, the partners' actions,
    /// the patient's journey and therapy). The same as `state` unless held back.
    let stepState: CaseState
    /// Consequences held back (staged reveal): `state` is the previous step's.
    var held: Bool { stepState.step != state.step }
    let model: CaseModel
    let labels: ShortLabels
    /// Alerts raised at this very step (resolved at it or not); none while held back.
    let raisedNow: Set<Int>
    /// Partners in the order a crowded panel shows them (see `partnersByRelevance`), worked
    /// out once per frame for the partner list and the matrix alike; empty when the case has
    /// too few partners to crowd a panel.
    let relevantPartners: [Int]

    init(app: AppState, glyphs: Glyphs) {
        self.app = app
        self.glyphs = glyphs
        analysis = app.analysis
        state = app.consequenceState
        stepState = app.caseState
        model = analysis.model
        labels = analysis.labels
        // Held back, the panels show the state before this step: nothing in them is new.
        raisedNow = stepState.step != state.step ? [] : Set(state.alertsRaisedNow.map(\.id))
        relevantPartners = model.partners.count > 4 ? Frame.partnersByRelevance(app: app, state: state, step: stepState.step, model: model, analysis: analysis) : []
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
    func badge(_ t: AlertTally) -> Span? {
        guard let worst = t.worst else { return nil }
        return Span("\(severityGlyph(worst))\(Plural.grouped(t.total))", severityRole(worst), [.bold], atomic: true)
    }

    func short(partner p: Int) -> String { labels.partners[p] }
    func short(patient x: Int) -> String { labels.patients[x] }
    func short(actor a: Int) -> String { labels.actors[a] }

    func day(_ t: Timestamp) -> Int { analysis.day(of: t) }

    /// Draws blocks into the inside of a box, fitted (`BlockFit`).
    func drawBlocks(_ c: inout Canvas, _ blocks: [Block], in inner: Rect, skip: Int = 0, hiddenAbove: Int = 0, hiddenBelow: Int = 0) {
        let lines = BlockFit.lines(blocks, height: inner.height, skip: skip, width: inner.width, glyphs: glyphs,
                                   hiddenAbove: hiddenAbove, hiddenBelow: hiddenBelow)
        for (i, line) in lines.prefix(inner.height).enumerated() {
            c.draw(line, x: inner.x, y: inner.y + i, maxX: inner.maxX)
        }
    }
}
