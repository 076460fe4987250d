import Foundation

/// `alliance report --format html`: one self-contained file to take home. Inline CSS (with
/// print styles) and inline SVG drawn here, no external asset and no script needed to read
/// it; the analysis also embedded as JSON (the JSON report, docs/report-json.md, in
/// `<script type="application/json" id="alliance-data">`, and the debrief figures in
/// `id="alliance-debrief"`). XHTML-compatible, so an XML parser reads it too.
///
/// ```swift
/// let html = HTMLReport(state: analysis.state(at: analysis.stepCount)).render()
/// ```
/// Extension points: `comparison` takes a what-if variant (drawn as a second series in every
/// chart), and `sections` takes further sections (annotations, mechanisms compared), each
/// placed after a named part of the report.
public struct HTMLReport: Sendable {
    /// A section added by another part of the product, placed after one of the report's own.
    public struct Section: Sendable {
        public enum Place: Sendable { case afterCase, afterTimeline, afterAlerts, afterDebrief, afterNetwork }
        public var id: String
        public var title: String
        public var place: Place
        public var body: HTML
        public init(id: String, title: String, place: Place, body: HTML) {
            self.id = id
            self.title = title
            self.place = place
            self.body = body
        }
    }

    public var state: CaseState
    public var comparison: DebriefComparison
    public var sections: [Section]
    /// The report whose data the page embeds and whose annotations it lists (default: the
    /// state's report, without annotations).
    public var report: AnalysisReport?

    /// The report after the state's step; `comparison` defaults to the baseline alone.
    public init(state: CaseState, comparison: DebriefComparison? = nil, sections: [Section] = [], report: AnalysisReport? = nil) {
        self.state = state
        self.comparison = comparison ?? DebriefComparison(baseline: DebriefData(state, buckets: 12))
        self.sections = sections
        self.report = report
    }

    public func render() -> String {
        let a = state.analysis, m = a.model, k = state.step
        let report = self.report ?? AnalysisReport(state)
        let d = comparison.baseline
        func section(_ id: String, _ title: String, _ body: [HTML]) -> HTML {
            .element("section", [("id", id)], [.element("h2", [], [.text(title)])] + body)
        }
        func extra(_ place: Section.Place) -> [HTML] {
            sections.filter { $0.place == place }.map { section($0.id, $0.title, [$0.body]) }
        }
        func p(_ s: String, cls: String? = nil) -> HTML { .element("p", cls.map { [("class", $0)] } ?? [], [.text(s)]) }

        // The case.
        var caseBody: [HTML] = []
        if !m.info.summary.isEmpty { caseBody.append(p(m.info.summary)) }
        if !m.info.question.isEmpty { caseBody.append(.element("p", [("class", "question")], [.element("strong", [], [.text("Question for the room: ")]), .text(m.info.question)])) }
        caseBody.append(.element("h3", [], [.text("Partners")]))
        caseBody.append(HTMLReport.table(["partner", "kind", "people"], m.partners.indices.map { i in
            [.text(a.partnerName(i)), .text(m.partners[i].kind), .text(m.partners[i].actors.map { "\($0.name) (\($0.role))" }.joined(separator: ", "))]
        }))
        caseBody.append(.element("h3", [], [.text("Patients")]))
        caseBody.append(HTMLReport.table(["patient", "profile", "responsible partners"], m.patients.indices.map { x in
            [.text(a.patientName(x)), .text(m.patients[x].profile),
             .text(m.patients[x].responsible.map { d.partnerName($0) }.joined(separator: ", "))]
        }))
        if !m.info.source.isEmpty { caseBody.append(p("Source: " + m.info.source, cls: "muted")) }

        // The timeline, every step in words.
        let steps = (0..<a.stepCount).map { i -> HTML in
            let s = i + 1, st = m.timeline[i]
            var body: [HTML] = [
                .element("span", [("class", "when")], [.text("Step \(s) · day \(a.day(of: st.time)) · \(a.isoDate(st.time))")]),
                .text(" "),
                .element("span", [("class", "what")], [.text((a.patient(ofStep: s).map { a.patientName($0) + ": " } ?? "") + a.stepSentence(s))]),
            ]
            if let note = st.note { body.append(p("Note: " + note, cls: "note")) }
            if let q = st.question { body.append(p("Question: " + q, cls: "question")) }
            let raised = a.alerts.filter { $0.step == s }
            if !raised.isEmpty {
                body.append(.element("ul", [("class", "raised")], raised.map { al in
                    .element("li", [("class", al.severity.rawValue)], [.text("\(HTMLReport.glyph(al.severity)) \(al.rule.rawValue): \(al.message)")])
                }))
            }
            return .element("li", [("class", s <= k ? "done" : "ahead"), ("id", "step-\(s)")], body)
        }
        let timeline: [HTML] = [
            p(k < a.stepCount ? "The report is at step \(k): later steps are listed but not analysed." : "All \(a.stepCount) steps.", cls: "muted"),
            .element("ol", [("class", "timeline")], steps),
        ]

        // Every alert with its evidence.
        var alertBody: [HTML] = [p("\(report.alerts.filter(\.active).count) active, \(report.alerts.count) raised so far, newest first.", cls: "muted")]
        let patientNames = Dictionary(report.patients.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        alertBody += report.alerts.map { (al: AnalysisReport.AlertReport) -> HTML in
            let sev = "\(HTMLReport.glyph(al.severity)) \(al.severity.rawValue)"
            var where_ = "Step \(al.step), day \(al.day)"
            if let x = al.patient { where_ += " · " + (patientNames[x] ?? x) }
            where_ += " · concerns " + al.partners.map { d.partnerName($0) }.joined(separator: ", ")
            where_ += " · " + (al.active ? "active" : "resolved at step \(al.clearedStep ?? al.step)")
            let heading: HTML = .element("h3", [], [.element("span", [("class", "sev")], [.text(sev)]), .text(" " + al.rule.rawValue)])
            var body: [HTML] = [heading, p(where_, cls: "muted"), p(al.message)]
            if let r = al.resolution { body.append(p("Resolved: " + r)) }
            if !al.evidence.isEmpty {
                body.append(.element("ul", [("class", "evidence")], al.evidence.map { .element("li", [], [.text($0)]) }))
            }
            return .element("article", [("class", "alert \(al.severity.rawValue)")], body)
        }

        // The debrief.
        var debrief: [HTML] = []
        if comparison.variant != nil {
            debrief.append(p("Two series: \(comparison.seriesNames.joined(separator: " and ")) (hatched).", cls: "muted"))
        }
        debrief.append(.element("h3", [("id", "alert-timeline")], [.text("Alerts by rule along the timeline")]))
        debrief.append(p("Alerts raised in each slice of the timeline (steps below); the total at the end of each row.", cls: "muted"))
        debrief.append(.element("figure", [], [DebriefSVG.alertTimeline(comparison)]))
        for chart in comparison.barCharts {
            debrief.append(.element("h3", [("id", chart.id)], [.text(chart.title)]))
            debrief.append(p(chart.caption, cls: "muted"))
            debrief.append(.element("figure", [], [DebriefSVG.barChart(chart)]))
        }
        debrief.append(.element("h3", [("id", "handoff-matrix")], [.text("Handoffs, partner × partner")]))
        debrief.append(p("Expected handoffs triggered so far, from the row's partner to the column's: ✓ clean, ◔ late, ⊘ omitted, ◇ pending.", cls: "muted"))
        debrief.append(matrixTable(d))
        debrief.append(p("Totals: \(report.metrics.handoffs.clean) clean, \(report.metrics.handoffs.late) late, \(report.metrics.handoffs.omitted) omitted, \(report.metrics.handoffs.pending) pending; unneeded therapy \(DebriefFormat.days(d.unneededDays)), \(DebriefFormat.money(d.unneededCost, d.currency)).", cls: "muted"))

        let network: [HTML] = [
            p("Partners on a circle; an arrow per pair with expected handoffs, in the colour and dash of its worst status (solid green clean, long dashes orange late, short dashes red omitted, dots grey pending), labelled with its counts by status; purple dotted arrows marked ★ are emergent routines (patterns nobody designed), with how often they happened.", cls: "muted"),
            .element("figure", [], [DebriefSVG.network(d)]),
        ]

        let title = m.info.title
        // The figures first (what a reader takes home), then the details they summarise.
        let nav: [(String, String)] = [("case", "The case"), ("debrief", "Debrief"), ("network", "Handoff network"), ("alerts", "Alerts"), ("timeline", "Timeline")]
            + ((report.annotations ?? []).isEmpty ? [] : [("annotations", "Annotations")])
        var body: [HTML] = [
            .element("header", [], [
                .element("h1", [], [.text(title)]),
                p("Analysis after step \(k) of \(a.stepCount) · day \(state.day) · \(a.isoDate(state.time)) · report by alliance", cls: "muted"),
            ]),
            .element("nav", [], [.element("ul", [], (nav + sections.map { ($0.id, $0.title) }).map { id, t in
                .element("li", [], [.element("a", [("href", "#" + id)], [.text(t)])])
            })]),
            section("case", "The case", caseBody),
        ]
        body += extra(.afterCase)
        body.append(section("debrief", "Debrief", debrief))
        body += extra(.afterDebrief)
        body.append(section("network", "Handoff network", network))
        body += extra(.afterNetwork)
        body.append(section("alerts", "Alerts", alertBody))
        body += extra(.afterAlerts)
        body.append(section("timeline", "Timeline", timeline))
        // The room's annotations, when the report carries them.
        if let notes = report.annotations, !notes.isEmpty {
            let partnerNames = Dictionary(report.partners.map { ($0.id, $0.name) }, uniquingKeysWith: { x, _ in x })
            let patientNames = Dictionary(report.patients.map { ($0.id, $0.name) }, uniquingKeysWith: { x, _ in x })
            body.append(section("annotations", "Annotations", [.element("ul", [], notes.map { n in
                var head = n.step == 0 ? "before step 1" : "step \(n.step)" + (n.day.map { " (day \($0))" } ?? "")
                if let q = n.partner { head += ", " + (partnerNames[q] ?? q) } else if let x = n.patient { head += ", " + (patientNames[x] ?? x) }
                head += ", " + n.created + (n.edited.map { " (edited \($0))" } ?? "")
                return .element("li", [], [.element("span", [("class", "muted")], [.text(head + ": ")]), .text(n.text)])
            })]))
        }
        body += extra(.afterTimeline)
        body.append(HTML.jsonScript(id: "alliance-data", ReportRenderer.json(report)))
        body.append(HTML.jsonScript(id: "alliance-debrief", HTMLReport.json(comparison)))

        let head = HTML.element("head", [], [
            .element("meta", [("charset", "utf-8")], []),
            .element("meta", [("name", "viewport"), ("content", "width=device-width, initial-scale=1")], []),
            .element("meta", [("name", "generator"), ("content", "alliance")], []),
            .element("title", [], [.text(title)]),
            .element("style", [], [HTML.trusted(HTMLReport.css)]),
        ])
        let html = HTML.element("html", [("xmlns", "http://www.w3.org/1999/xhtml"), ("lang", "en")], [head, .element("body", [], body)])
        return "<!DOCTYPE html>\n" + html.markup + "\n"
    }

    static func table(_ header: [String], _ rows: [[HTML]]) -> HTML {
        .element("table", [], [
            .element("thead", [], [.element("tr", [], header.map { .element("th", [], [.text($0)]) })]),
            .element("tbody", [], rows.map { .element("tr", [], $0.map { .element("td", [], [$0]) }) }),
        ])
    }

    private func matrixTable(_ d: DebriefData) -> HTML {
        let header = [HTML.element("th", [], [.text("from \\ to")])] + d.partners.map { HTML.element("th", [("scope", "col")], [.text($0.short)]) }
        let rows = d.partners.indices.map { f -> HTML in
            .element("tr", [], [HTML.element("th", [("scope", "row")], [.text(d.partners[f].name)])] + d.partners.indices.map { t in
                let c = d.matrix.counts[f][t]
                let parts = HandoffStatus.worstFirst.reversed().filter { c[status: $0] > 0 }
                    .map { HTML.element("span", [("class", "st-\($0.rawValue)"), ("title", "\(c[status: $0]) \($0.rawValue)")], [.text("\(DebriefSVG.glyph($0))\(c[status: $0])")]) }
                return HTML.element("td", [], parts.isEmpty ? [.text("·")] : [HTML.join(parts, separator: " ")])
            })
        }
        return .element("table", [("class", "matrix")], [.element("thead", [], [.element("tr", [], header)]), .element("tbody", [], rows)])
    }

    static func glyph(_ s: AlertSeverity) -> String {
        switch s {
        case .critical: "!"
        case .warning: "▲"
        case .info: "i"
        }
    }

    /// The debrief figures as JSON: `{"baseline": …, "variant": …, "variantName": …}`.
    static func json(_ c: DebriefComparison) -> String {
        struct Doc: Encodable {
            var format = "alliance-debrief/1"
            var baseline: DebriefData
            var variant: DebriefData?
            var variantName: String?
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(Doc(baseline: c.baseline, variant: c.variant, variantName: c.variantName))) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static let css = """
    :root{--fg:#1d1d1f;--muted:#5b5b60;--line:#d0d0d5;--crit:#c0262d;--warn:#c26a00;--info:#2b6cb0;--ok:#1b7f3b}
    body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);max-width:60rem;margin:1.5rem auto;padding:0 1rem}
    h1{font-size:1.7rem;margin:0 0 .3rem}h2{border-bottom:2px solid var(--line);padding-bottom:.2rem;margin-top:2.2rem}h3{margin:1.4rem 0 .3rem}
    .muted{color:var(--muted)}.question{font-weight:600}.note{color:var(--muted);font-style:italic}
    nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4rem 1.2rem}nav a{color:var(--info)}
    table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid var(--line);padding:.25rem .5rem;text-align:left;vertical-align:top}
    .matrix td{text-align:center;white-space:nowrap}.st-clean{color:var(--ok)}.st-late{color:var(--warn)}.st-omitted{color:var(--crit);font-weight:700}.st-pending{color:var(--muted)}
    ol.timeline{padding-left:1.5rem}ol.timeline li{margin:.35rem 0}ol.timeline li.ahead{color:var(--muted)}.when{color:var(--muted);font-size:.9em}
    ul.raised{margin:.2rem 0;padding-left:1.2rem}li.critical,article.critical .sev{color:var(--crit)}li.warning,article.warning .sev{color:var(--warn)}li.info,article.info .sev{color:var(--info)}
    article.alert{border-left:4px solid var(--line);padding:.1rem .8rem;margin:.8rem 0}article.alert.critical{border-color:var(--crit)}article.alert.warning{border-color:var(--warn)}article.alert.info{border-color:var(--info)}
    article.alert h3{margin:.3rem 0;font-size:1.05rem}article.alert p{margin:.2rem 0}ul.evidence{margin:.2rem 0;color:var(--muted)}
    figure{margin:.5rem 0;overflow-x:auto}svg{max-width:100%;height:auto;font:12px system-ui,sans-serif}svg .value{fill:var(--fg)}svg .muted,svg .axis{fill:var(--muted)}
    svg .node-label{font-weight:700;font-size:12px}svg .edge-label{font-weight:700;font-size:12px;paint-order:stroke;stroke:#fff;stroke-width:3px}
    @media print{body{max-width:none;margin:0;font-size:11pt}nav{display:none}section{break-inside:auto}article.alert,figure,tr{break-inside:avoid}h2,h3{break-after:avoid}a{color:inherit;text-decoration:none}}
    """
}


extension HTMLReport {
    /// "Mechanisms compared": the case as it happened, each declared mechanism alone and all
    /// together (the table `alliance report --compare` prints), after the debrief.
    public static func mechanismsSection(_ t: MechanismTable) -> Section {
        func n(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(format: "%.1f", v) }
        let rows = t.rows.map { r -> [HTML] in
            [.text(r.id), .text(r.name), .text("\(r.critical) / \(r.warning) / \(r.info)"), .text(String(r.avoided)), .text(String(r.new)),
             .text("\(n(r.unneededDays)) d, " + DebriefFormat.money(r.unneededCost, t.currency)),
             .text(r.daysSaved == 0 && r.costSaved == 0 ? "–" : "\(n(r.daysSaved)) d, " + DebriefFormat.money(r.costSaved, t.currency))]
        }
        let body = HTML.element("p", [], [.text("Each mechanism is a change to the case's declarations, applied as if it had worked: the alerts it avoids or adds, and the unneeded therapy days and cost it saves, over the whole case.")])
            + table(["id", "mechanism", "alerts critical / warning / info", "avoided", "new", "unneeded days, cost", "saved"], rows)
        return Section(id: "mechanisms", title: "Mechanisms compared", place: .afterDebrief, body: body)
    }
}
