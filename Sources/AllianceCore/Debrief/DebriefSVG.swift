import Foundation

/// The debrief drawn as inline SVG, for the HTML report: the bar charts, the alerts along
/// the timeline, and the partner handoff network. Every text from the case goes through
/// `HTML.text` / attribute escaping.
public enum DebriefSVG {
    /// Colours per handoff status, and how the line is dashed (so print and colour-blind
    /// readers tell them apart without colour).
    static func stroke(_ s: HandoffStatus) -> (color: String, dash: String?) {
        switch s {
        case .clean: ("#1b7f3b", nil)
        case .late: ("#c26a00", "8 4")
        case .omitted: ("#c0262d", "3 4")
        case .pending: ("#6b6b6b", "1 4")
        }
    }
    static let emergentColor = "#7b3fa0"
    /// Fill per series: the baseline solid, the variant hatched (`url(#hatch)`).
    static let seriesFill = ["#3b6ea5", "url(#hatch)"]
    static func severityColor(_ s: AlertSeverity) -> String {
        switch s {
        case .critical: "#c0262d"
        case .warning: "#c26a00"
        case .info: "#2b6cb0"
        }
    }

    static func n(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(format: "%.1f", r)
    }

    static func svg(width: Double, height: Double, label: String, _ children: [HTML]) -> HTML {
        let defs = HTML.element("defs", [], [
            HTML.element("pattern", ["id": "hatch", "width": "6", "height": "6", "patternUnits": "userSpaceOnUse", "patternTransform": "rotate(45)"],
                         HTML.element("rect", ["width": "6", "height": "6", "fill": "#f3d9b1"]),
                         HTML.element("line", ["x1": "0", "y1": "0", "x2": "0", "y2": "6", "stroke": "#c26a00", "stroke-width": "3"])),
        ])
        return HTML.element("svg", [("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 \(n(width)) \(n(height))"),
                                    ("width", n(width)), ("height", n(height)), ("role", "img"), ("aria-label", label)],
                            [HTML.element("title", [], [.text(label)]), defs] + children)
    }

    static func text(_ s: String, x: Double, y: Double, anchor: String = "start", cls: String? = nil, fill: String? = nil) -> HTML {
        var attrs: [(String, String)] = [("x", n(x)), ("y", n(y))]
        if anchor != "start" { attrs.append(("text-anchor", anchor)) }
        if let cls { attrs.append(("class", cls)) }
        if let fill { attrs.append(("fill", fill)) }
        return HTML.element("text", attrs, [.text(s)])
    }

    /// A horizontal bar chart: a row per item, a bar per series, the value printed beside it.
    public static func barChart(_ chart: BarChart) -> HTML {
        let labelWidth = 230.0, barWidth = 260.0, textWidth = 250.0, barHeight = 16.0, gap = 8.0
        let perRow = Double(chart.series.count) * (barHeight + 2) + gap
        let legend = chart.series.count > 1 ? 22.0 : 0
        let height = legend + max(1, Double(chart.rows.count)) * perRow + 6
        var parts: [HTML] = []
        if chart.series.count > 1 {
            for (i, name) in chart.series.enumerated() {
                let x = labelWidth + Double(i) * 200
                parts.append(HTML.element("rect", [("x", n(x)), ("y", "4"), ("width", "14"), ("height", "12"), ("fill", seriesFill[min(i, 1)]), ("stroke", "#333")], []))
                parts.append(text(name, x: x + 20, y: 15))
            }
        }
        if chart.rows.isEmpty { parts.append(text(chart.empty, x: 0, y: legend + 16, cls: "muted")) }
        for (r, row) in chart.rows.enumerated() {
            let y0 = legend + Double(r) * perRow
            parts.append(HTML.element("text", [("x", n(labelWidth - 8)), ("y", n(y0 + barHeight - 3)), ("text-anchor", "end")],
                                      [HTML.element("title", [], [.text(row.label)]), .text(row.label)]))
            for (i, v) in row.values.enumerated() {
                let y = y0 + Double(i) * (barHeight + 2)
                let w = v.map { chart.fraction($0) * barWidth } ?? 0
                if w > 0 {
                    parts.append(HTML.element("rect", [("x", n(labelWidth)), ("y", n(y)), ("width", n(max(1, w))), ("height", n(barHeight)),
                                                       ("fill", seriesFill[min(i, 1)]), ("stroke", "#333"), ("stroke-width", "0.5")], []))
                }
                parts.append(text(row.texts[i], x: labelWidth + w + 6, y: y + barHeight - 3, cls: "value"))
            }
        }
        return svg(width: labelWidth + barWidth + textWidth, height: height, label: chart.title, parts)
    }

    /// Alerts raised per rule in each slice of the timeline: a column per slice, its height
    /// the count, the count printed above it; the row's total at its end.
    public static func alertTimeline(_ comparison: DebriefComparison) -> HTML {
        let base = comparison.baseline.alertTimeline
        let variants = comparison.all.map(\.alertTimeline)
        let labelWidth = 190.0, col = 34.0, rowHeight = 40.0, top = 8.0
        let cols = Double(base.buckets.count)
        let peak = Double(max(1, variants.map(\.peak).max() ?? 1))
        var parts: [HTML] = []
        var rows: [(RuleRowKey, [Int]?)] = []
        for row in base.rows {
            for (i, t) in variants.enumerated() {
                rows.append((RuleRowKey(rule: row.rule, severity: row.severity, series: i), t.rows.first { $0.rule == row.rule }?.counts ?? Array(repeating: 0, count: base.buckets.count)))
            }
        }
        if rows.isEmpty { parts.append(text("No alert raised so far.", x: 0, y: 20, cls: "muted")) }
        for (r, (key, counts)) in rows.enumerated() {
            let y0 = top + Double(r) * rowHeight
            let name = key.rule.rawValue + (comparison.variant != nil ? " (\(comparison.seriesNames[key.series]))" : "")
            parts.append(text(name, x: labelWidth - 8, y: y0 + rowHeight - 10, anchor: "end"))
            parts.append(HTML.element("line", [("x1", n(labelWidth)), ("y1", n(y0 + rowHeight - 6)), ("x2", n(labelWidth + cols * col)),
                                               ("y2", n(y0 + rowHeight - 6)), ("stroke", "#999")], []))
            let counts = counts ?? []
            for (b, c) in counts.enumerated() where c > 0 {
                let h = Double(c) / peak * (rowHeight - 20)
                let x = labelWidth + Double(b) * col + 6
                parts.append(HTML.element("rect", [("x", n(x)), ("y", n(y0 + rowHeight - 6 - h)), ("width", n(col - 12)), ("height", n(h)),
                                                   ("fill", key.series == 0 ? severityColor(key.severity) : "url(#hatch)")], []))
                parts.append(text("\(c)", x: x + (col - 12) / 2, y: y0 + rowHeight - 9 - h, anchor: "middle", cls: "value"))
            }
            parts.append(text("\(counts.reduce(0, +))", x: labelWidth + cols * col + 8, y: y0 + rowHeight - 10, cls: "value"))
        }
        // The axis: each slice's steps.
        let axisY = top + Double(max(1, rows.count)) * rowHeight + 14
        for (b, bucket) in base.buckets.enumerated() {
            let label = bucket.firstStep == bucket.lastStep ? "\(bucket.firstStep)" : "\(bucket.firstStep)–\(bucket.lastStep)"
            parts.append(HTML.element("text", [("x", n(labelWidth + Double(b) * col + 4)), ("y", n(axisY)), ("class", "axis")],
                                      [HTML.element("title", [], [.text("steps \(label), days \(bucket.firstDay)–\(bucket.lastDay)")]), .text("\(bucket.firstStep)")]))
        }
        parts.append(text("from step", x: labelWidth - 8, y: axisY, anchor: "end", cls: "axis"))
        return svg(width: labelWidth + cols * col + 40, height: axisY + 8, label: "Alerts by rule along the timeline", parts)
    }

    private struct RuleRowKey { var rule: AlertRule; var severity: AlertSeverity; var series: Int }

    /// The partner handoff network: partners on a circle, an edge per ordered pair with
    /// handoffs, drawn in the colour and dash of its worst status and labelled with its
    /// counts by status; emergent routines as purple dotted edges marked ★.
    public static func network(_ d: DebriefData) -> HTML {
        let size = 560.0, c = size / 2, radius = size / 2 - 90, nodeR = 38.0
        let count = max(1, d.partners.count)
        let pos = d.partners.indices.map { i -> (Double, Double) in
            let a = -Double.pi / 2 + 2 * Double.pi * Double(i) / Double(count)
            return (c + radius * cos(a), c + radius * sin(a))
        }
        var parts: [HTML] = []
        var markers: [HTML] = []
        for s in HandoffStatus.allCases {
            markers.append(arrowMarker("arrow-\(s.rawValue)", stroke(s).color))
        }
        markers.append(arrowMarker("arrow-emergent", emergentColor))
        parts.append(HTML.element("defs", [], markers))
        func edge(_ f: Int, _ t: Int, color: String, dash: String?, width: Double, marker: String, label: String, title: String, cls: String, offset: Double) {
            let (x1, y1) = pos[f], (x2, y2) = pos[t]
            let dx = x2 - x1, dy = y2 - y1, len = max(1, (dx * dx + dy * dy).squareRoot())
            let ux = dx / len, uy = dy / len
            // Offset to the right of the direction, so A→B and B→A are two lines.
            let ox = -uy * offset, oy = ux * offset
            let sx = x1 + ux * nodeR + ox, sy = y1 + uy * nodeR + oy, ex = x2 - ux * (nodeR + 4) + ox, ey = y2 - uy * (nodeR + 4) + oy
            var attrs: [(String, String)] = [("x1", n(sx)), ("y1", n(sy)), ("x2", n(ex)), ("y2", n(ey)), ("stroke", color),
                                             ("stroke-width", n(width)), ("marker-end", "url(#\(marker))")]
            if let dash { attrs.append(("stroke-dasharray", dash)) }
            parts.append(HTML.element("g", [("class", cls)], [
                HTML.element("title", [], [.text(title)]),
                HTML.element("line", attrs, []),
                text(label, x: (sx + ex) / 2 + ox * 2.6, y: (sy + ey) / 2 + oy * 2.6 + 4, anchor: "middle", cls: "edge-label", fill: color),
            ]))
        }
        for (f, t, counts) in d.handoffPairs {
            let worst = HandoffStatus.worstFirst.first { counts[status: $0] > 0 } ?? .clean
            let s = stroke(worst)
            let label = HandoffStatus.worstFirst.reversed().filter { counts[status: $0] > 0 }
                .map { "\(DebriefSVG.glyph($0))\(counts[status: $0])" }.joined(separator: " ")
            let words = HandoffStatus.worstFirst.reversed().filter { counts[status: $0] > 0 }
                .map { "\(counts[status: $0]) \($0.rawValue)" }.joined(separator: ", ")
            edge(f, t, color: s.color, dash: s.dash, width: 1.5 + Double(min(4, counts.total)), marker: "arrow-\(worst.rawValue)",
                 label: label, title: "\(d.partners[f].name) → \(d.partners[t].name): \(words)", cls: "edge status-\(worst.rawValue)", offset: 7)
        }
        for e in d.matrix.emergent {
            guard let f = d.partners.firstIndex(where: { $0.id == e.from }), let t = d.partners.firstIndex(where: { $0.id == e.to }) else { continue }
            edge(f, t, color: emergentColor, dash: "2 3", width: 2.5, marker: "arrow-emergent", label: "★ \(e.occurrences)",
                 title: "emergent routine (\(e.status.rawValue)): \(e.description), \(Plural.count(e.occurrences, "time")) across \(Plural.count(e.patients, "patient"))",
                 cls: "edge emergent", offset: 20)
        }
        for (i, p) in d.partners.enumerated() {
            let (x, y) = pos[i]
            parts.append(HTML.element("g", [("class", "node")], [
                HTML.element("title", [], [.text(p.name)]),
                HTML.element("circle", [("cx", n(x)), ("cy", n(y)), ("r", n(nodeR)), ("fill", "#eef3f8"), ("stroke", "#2a4d73"), ("stroke-width", "2")], []),
                text(p.short, x: x, y: y + 4, anchor: "middle", cls: "node-label"),
            ]))
        }
        return svg(width: size, height: size, label: "Partner handoff network", parts)
    }

    static func arrowMarker(_ id: String, _ color: String) -> HTML {
        HTML.element("marker", [("id", id), ("viewBox", "0 0 10 10"), ("refX", "9"), ("refY", "5"), ("markerWidth", "12"), ("markerHeight", "12"), ("markerUnits", "userSpaceOnUse"), ("orient", "auto")],
                     [HTML.element("path", [("d", "M 0 0 L 10 5 L 0 10 z"), ("fill", color)], [])])
    }

    /// The report glyph of a handoff status (as in the text report).
    static func glyph(_ s: HandoffStatus) -> String {
        switch s {
        case .clean: "✓"
        case .late: "◔"
        case .omitted: "⊘"
        case .pending: "◇"
        }
    }
}

extension HandoffStatus {
    /// Statuses from the worst (omitted) to the best (clean): an edge takes the first it has.
    public static let worstFirst: [HandoffStatus] = [.omitted, .late, .pending, .clean]
}
