import AllianceCore
import Synchronization

/// The last debrief computed, so scrolling the view (a frame per key) lays out lines without
/// recomputing the figures. Keyed by the analysis itself (held, so its identity cannot be
/// reused), the step and the number of slices.
/// The figures last computed: the case as shown, and (with mechanisms on) as it happened.
private let debriefCache = Mutex<[(analysis: Analysis, generation: Int, step: Int, buckets: Int, data: DebriefData)]>([])

/// The debrief's lines last laid out, so a key that scrolls the view costs a frame, not a
/// layout of every chart (a case with 10,000 patients has thousands of bars to rank).
private struct DebriefLinesKey: Equatable {
    var step: Int, width: Int, glyphs: Glyphs, mechanisms: [String]
}
private let debriefLinesCache = Mutex<(analysis: Analysis, generation: Int, key: DebriefLinesKey, lines: [Line])?>(nil)

/// The glyphs of the debrief's charts: one per series, each with its own colour role, in
/// Unicode and in ASCII. The baseline's bars use eighth blocks (`▏▎▍▌▋▊▉█`), so a bar's
/// end shows eighths of a cell; a second series (the what-if variant) whole cells of `▒`.
/// In ASCII, `#` and `=`. The alerts-along-the-timeline columns use the lower eighth blocks
/// (`▁▂▃▄▅▆▇█`) for the count against the busiest slice, or the count's digit in ASCII.
/// They appear only in the debrief view, whose legend says what they are.
struct ChartGlyphs {
    /// Per series: the whole-cell glyph, the partial-cell glyphs (1/8 … 7/8; empty: whole
    /// cells only), the marker shown in legends and the role.
    struct Series {
        var full: String
        var eighths: [String]
        var role: Role
    }
    var series: [Series]
    /// Columns for 1/8 … 8/8 of the busiest slice; nil: the count's digit (ASCII).
    var columns: [String]?

    static let unicode = ChartGlyphs(
        series: [Series(full: "█", eighths: ["▏", "▎", "▍", "▌", "▋", "▊", "▉"], role: .accent1),
                 Series(full: "▒", eighths: [], role: .accent2)],
        columns: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"])
    static let ascii = ChartGlyphs(
        series: [Series(full: "#", eighths: [], role: .accent1), Series(full: "=", eighths: [], role: .accent2)],
        columns: nil)

    static func matching(_ glyphs: Glyphs) -> ChartGlyphs {
        glyphs.cursor.unicodeScalars.allSatisfy(\.isASCII) ? .ascii : .unicode
    }

    /// A bar of `cells` columns (a fraction allowed) in series s: whole cells, then the
    /// partial cell rounded to the nearest eighth; at least one eighth for a value above 0.
    func bar(_ cells: Double, series s: Int) -> String {
        let g = series[min(s, series.count - 1)]
        guard cells > 0 else { return "" }
        if g.eighths.isEmpty {
            return String(repeating: g.full, count: max(1, Int(cells.rounded())))
        }
        var whole = Int(cells), eighth = Int(((cells - Double(whole)) * 8).rounded())
        if eighth == 8 { whole += 1; eighth = 0 }
        if whole == 0, eighth == 0 { eighth = 1 }
        return String(repeating: g.full, count: whole) + (eighth > 0 ? g.eighths[eighth - 1] : "")
    }

    /// A timeline column for `count` alerts when the busiest slice has `peak`.
    func column(_ count: Int, peak: Int) -> String {
        guard count > 0 else { return columns == nil ? "." : " " }
        guard let columns else { return count > 9 ? "+" : String(count) }
        let level = max(1, min(8, Int((Double(count) / Double(max(1, peak)) * 8).rounded())))
        return columns[level - 1]
    }
}

/// The debrief view (`d`): full screen, its own scrolling (j/k, Ctrl-D/U), Esc closes. The
/// charts of `DebriefComparison`: alerts by rule along the timeline, unneeded days and cost
/// per patient, handoff latency per partner pair, the partner × partner handoff matrix with
/// the emergent routines, and the shared-knowledge index per pair; each bar with its value.
extension Frame {
    /// The figures the view draws. Extension point for what-if mechanisms: build the variant
    /// (the same step analysed with the active mechanisms) and pass it here as `variant`;
    /// every chart then draws it as a second series.
    func debriefComparison(buckets: Int) -> DebriefComparison {
        func data(_ state: CaseState) -> DebriefData {
            if let hit = debriefCache.withLock({ c in c.first { $0.analysis === state.analysis && $0.generation == state.analysis.generation && $0.step == state.step && $0.buckets == buckets }?.data }) {
                return hit
            }
            let d = DebriefData(state, buckets: buckets)
            debriefCache.withLock { c in
                c.append((state.analysis, state.analysis.generation, state.step, buckets, d))
                if c.count > 2 { c.removeFirst() }
            }
            return d
        }
        // With mechanisms on: the case as it happened, and beside it the case with them.
        guard let comparison = app.comparison else { return DebriefComparison(baseline: data(state)) }
        return DebriefComparison(baseline: data(comparison.baseline.state(at: state.step)), variant: data(state),
                                 variantName: "with " + comparison.mechanisms.map(\.name).joined(separator: ", "))
    }

    func debriefView(_ c: inout Canvas) {
        let w = c.grid.width, h = c.grid.height
        c.fill(Rect(x: 0, y: 0, width: w, height: 1), with: Cell(" ", role: .header))
        let sep = " \(glyphs.separator) "
        let right = "after step \(Plural.grouped(state.step))/\(Plural.grouped(state.stepCount))\(sep)day \(state.day) "
        c.draw(Line(" Debrief\(sep)" + TextSanitizer.singleLine(model.info.title), .header, [.bold]), x: 0, y: 0, maxX: w - DisplayWidth.of(right) - 1)
        c.draw(Line(right, .header, [], atomic: true), x: w - DisplayWidth.of(right), y: 0, maxX: w)
        let lines = debriefLines(width: w - 2)
        let room = h - 2
        let scroll = min(app.overlayScroll, max(0, lines.count - room))
        for (i, line) in lines.dropFirst(scroll).prefix(room).enumerated() {
            c.draw(line, x: 1, y: 1 + i, maxX: w - 1)
        }
        var footer = Line([Span(" j/k scroll", .key), Span("  Ctrl-D/U page", .key), Span("  Esc close", .key)])
        if lines.count > room {
            footer.append(Span("  lines \(scroll + 1)-\(min(lines.count, scroll + room)) of \(lines.count)", .muted, [], atomic: true))
            if scroll + room < lines.count { footer.append(Span(" \(glyphs.moreBelow)", .muted, [.bold], atomic: true)) }
        }
        c.draw(footer, x: 0, y: h - 1, maxX: w)
    }

    /// The whole debrief as lines of `width` columns (the view scrolls through them).
    /// `variant`, given the number of timeline slices, names and builds a second series.
    func debriefLines(width: Int, variant: ((Int) -> (name: String, data: DebriefData))? = nil) -> [Line] {
        guard variant == nil else { return layoutDebrief(width: width, variant: variant) }
        let key = DebriefLinesKey(step: state.step, width: width, glyphs: glyphs, mechanisms: app.activeMechanisms)
        if let hit = debriefLinesCache.withLock({ c in c.flatMap { $0.analysis === analysis && $0.generation == analysis.generation && $0.key == key ? $0.lines : nil } }) {
            return hit
        }
        let lines = layoutDebrief(width: width, variant: nil)
        debriefLinesCache.withLock { $0 = (analysis, analysis.generation, key, lines) }
        return lines
    }

    private func layoutDebrief(width: Int, variant: ((Int) -> (name: String, data: DebriefData))?) -> [Line] {
        let charts = ChartGlyphs.matching(glyphs)
        // The timeline's columns: one cell per slice, as many as fit beside the labels.
        // Severity glyph, space, the longest rule id, a space before the columns.
        // With a second series, each row also carries its series' glyph and a space.
        let marker = app.comparison != nil || variant != nil ? 2 : 0
        let labelWidth = 2 + (AlertRule.allCases.map(\.rawValue.count).max() ?? 18) + 1 + marker, totalWidth = 6
        let slices = max(1, min(24, width - labelWidth - totalWidth - 1))
        var comparison = debriefComparison(buckets: slices)
        if let v = variant?(slices) {
            comparison.variant = v.data
            comparison.variantName = v.name
        }
        let d = comparison.baseline
        var lines: [Line] = []
        // Legend of the series.
        var legend = Line([Span("Bars: ", .muted)])
        for (i, name) in comparison.seriesNames.enumerated() {
            let g = charts.series[min(i, charts.series.count - 1)]
            legend.append(Span("\(g.full) \(name)", g.role, [.bold], atomic: true))
            legend.append(Span("   "))
        }
        legend.append(Span("the value is printed beside each bar", .muted))
        lines.append(legend)

        lines += debriefTimeline(comparison, charts: charts, width: width, labelWidth: labelWidth)
        for chart in [comparison.unneededDaysChart, comparison.unneededCostChart, comparison.latencyChart] {
            lines += debriefBars(chart, charts: charts, width: width)
        }
        lines += debriefMatrix(d, width: width)
        lines += debriefBars(comparison.sharedKnowledgeChart, charts: charts, width: width)
        lines += debriefBars(comparison.handoverChart, charts: charts, width: width)
        return lines
    }

    private func debriefHeading(_ title: String) -> [Line] { [.empty, Line(title, .title, [.bold, .underline])] }

    private func debriefTimeline(_ comparison: DebriefComparison, charts: ChartGlyphs, width: Int, labelWidth: Int) -> [Line] {
        let t = comparison.baseline.alertTimeline
        var lines = debriefHeading("Alerts by rule along the timeline")
        guard !t.rows.isEmpty else { return lines + [Line("No alert raised so far.", .muted)] }
        let timelines = comparison.all.map(\.alertTimeline)
        let peak = timelines.map(\.peak).max() ?? 0
        let axisPad = String(repeating: " ", count: labelWidth)
        lines.append(Line(charts.columns == nil ? "Alerts raised in each slice of the steps (the count), total at the end"
                                                : "Alerts raised in each slice of the steps (the tallest: \(peak)), total at the end", .muted))
        for row in t.rows {
            for (s, timeline) in timelines.enumerated() {
                let counts = timeline.rows.first { $0.rule == row.rule }?.counts ?? Array(repeating: 0, count: t.buckets.count)
                let marker = comparison.variant == nil ? "" : charts.series[min(s, 1)].full + " "
                let label = "\(severityGlyph(row.severity)) " + (s == 0 ? row.rule.rawValue : "")
                var line = Line([Span(TextFit.pad(label, labelWidth - DisplayWidth.of(marker), ellipsis: glyphs.ellipsis), severityRole(row.severity), [.bold])])
                if !marker.isEmpty { line.append(Span(marker, charts.series[min(s, 1)].role, [.bold], atomic: true)) }
                line.append(Span(counts.map { charts.column($0, peak: peak) }.joined(), s == 0 ? severityRole(row.severity) : charts.series[1].role, [], atomic: true))
                line.append(Span(" \(counts.reduce(0, +))", .normal, [.bold], atomic: true))
                lines.append(line)
            }
        }
        // The axis: the first step of the first slice, the last of the last.
        if let first = t.buckets.first, let last = t.buckets.last {
            let end = "\(last.lastStep)"
            let gap = max(1, t.buckets.count - String(first.firstStep).count - end.count)
            lines.append(Line([Span(axisPad), Span("\(first.firstStep)" + String(repeating: " ", count: gap) + end, .muted, [], atomic: true),
                               Span(" step", .muted)]))
            lines.append(Line([Span(axisPad), Span("day \(first.firstDay)", .muted, [], atomic: true),
                               Span(" to day \(last.lastDay)", .muted, [], atomic: true)]))
        }
        return lines
    }

    /// At most this many bars per chart; the rest (a case with thousands of patients) are counted.
    static let debriefBarLimit = 30

    private func debriefBars(_ chart: BarChart, charts: ChartGlyphs, width: Int) -> [Line] {
        var lines = debriefHeading(chart.title)
        guard !chart.rows.isEmpty else { return lines + [Line(chart.empty, .muted)] }
        // Many rows: the largest values, in the chart's order, and how many are left out.
        var chart = chart
        let hidden = max(0, chart.rows.count - Self.debriefBarLimit)
        if hidden > 0 {
            let value = chart.rows.map { $0.values.reduce(0) { Swift.max($0, $1 ?? 0) } }
            let top = Set(chart.rows.indices.sorted { (value[$0], -$0) > (value[$1], -$1) }.prefix(Self.debriefBarLimit))
            chart.rows = chart.rows.indices.filter(top.contains).map { chart.rows[$0] }
        }

        let labelWidth = min(22, max(8, chart.rows.map { DisplayWidth.of(TextSanitizer.singleLine($0.short)) }.max() ?? 8) + 1)
        let textWidth = chart.rows.flatMap(\.texts).map { DisplayWidth.of($0) }.max() ?? 0
        let markerWidth = chart.series.count > 1 ? 2 : 0
        let barWidth = max(4, width - labelWidth - markerWidth - textWidth - 2)
        for row in chart.rows {
            for (s, value) in row.values.enumerated() {
                let g = charts.series[min(s, charts.series.count - 1)]
                let label = s == 0 ? row.short : ""
                var line = Line([Span(TextFit.pad(label, labelWidth, ellipsis: glyphs.ellipsis), .normal)])
                if markerWidth > 0 { line.append(Span(g.full + " ", g.role, [.bold], atomic: true)) }
                let bar = value.map { charts.bar(chart.fraction($0) * Double(barWidth), series: s) } ?? ""
                if !bar.isEmpty { line.append(Span(bar, g.role, [], atomic: true)) }
                line.append(Span(" " + row.texts[s], .normal, [.bold], atomic: true))
                lines.append(line)
            }
        }
        if hidden > 0 { lines.append(Line("and \(hidden) more with smaller values (report --format html has them all)", .muted)) }
        return lines
    }

    private func debriefMatrix(_ d: DebriefData, width: Int) -> [Line] {
        var lines = debriefHeading("Handoffs, partner \(glyphs.times) partner")
        lines.append(Line([Span("from the row to the column: ", .muted)] + statusKey()))
        func cell(_ c: AnalysisReport.HandoffCounts) -> [Span] {
            let present = HandoffStatus.worstFirst.reversed().filter { c[status: $0] > 0 }
            guard !present.isEmpty else { return [Span(glyphs.notNeeded, .muted, [], atomic: true)] }
            var spans: [Span] = []
            for (i, s) in present.enumerated() {
                spans.append(Span((i > 0 ? " " : "") + statusGlyph(s).0 + "\(c[status: s])", statusGlyph(s).1, [.bold], atomic: true))
            }
            return spans
        }
        let n = d.partners.count
        let rowLabel = min(16, (d.partners.map { DisplayWidth.of(TextSanitizer.singleLine($0.short)) }.max() ?? 4) + 1)
        let cellTexts = d.matrix.counts.flatMap { $0.map { Line(cell($0)).width } }
        let cellWidth = max(cellTexts.max() ?? 1, d.partners.map { DisplayWidth.of(TextSanitizer.singleLine($0.short)) }.max() ?? 1) + 2
        if rowLabel + n * cellWidth <= width {
            var header = Line([Span(String(repeating: " ", count: rowLabel))])
            for p in d.partners { header.append(Span(TextFit.pad(p.short, cellWidth, ellipsis: glyphs.ellipsis), .title, [.bold])) }
            lines.append(header)
            for f in 0..<n {
                var line = Line([Span(TextFit.pad(d.partners[f].short, rowLabel, ellipsis: glyphs.ellipsis), .title, [.bold])])
                for t in 0..<n {
                    let spans = cell(d.matrix.counts[f][t])
                    line.spans += spans
                    line.append(Span(String(repeating: " ", count: max(0, cellWidth - Line(spans).width))))
                }
                lines.append(line)
            }
        } else {
            // Too many partners for a table: one line per pair that has handoffs.
            for (f, t, counts) in d.handoffPairs {
                lines.append(Line([Span("\(d.partners[f].short) \(glyphs.arrow) \(d.partners[t].short): ")] + cell(counts)))
            }
            if d.handoffPairs.isEmpty { lines.append(Line("No expected handoff has been triggered yet.", .muted)) }
        }
        for e in d.matrix.emergent {
            lines.append(Line([Span("\(glyphs.emergent) ", .emergent, [.bold], atomic: true), Span(e.description, .emergent),
                               Span(": \(Plural.count(e.occurrences, "time")), \(Plural.count(e.patients, "patient")) \(glyphs.separator) \(e.status.rawValue)", .emergent, [], atomic: true)]))
        }
        return lines
    }

    private func statusKey() -> [Span] {
        HandoffStatus.worstFirst.reversed().flatMap { s in [Span(statusGlyph(s).0, statusGlyph(s).1, [.bold], atomic: true), Span(" \(s.rawValue)  ", .muted)] }
    }
}
