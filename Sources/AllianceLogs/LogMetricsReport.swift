import AllianceCore
import Foundation

/// Renders `LogMetrics` for the reports: text (fits 80 columns: the top pairs, not whole
/// matrices), Markdown, JSON (every pair of every matrix) and an HTML fragment for the HTML
/// report.
public enum LogMetricsReport {
    // MARK: Text

    public static func text(_ m: LogMetrics) -> String {
        var out: [String] = []
        out.append(fit("Log metrics: \(fileName(m.source))", 80))
        out.append("  \(count(m.events)) events, \(count(m.cases)) cases")
        for p in m.performers {
            out.append("")
            out += performerText(p, m)
        }
        for kind in m.absent {
            out.append("")
            out.append("No \(plural(kind)): the log has no \(kind.attribute) values.")
        }
        for r in m.routines {
            out.append("")
            out += routinesText(r)
        }
        return out.joined(separator: "\n") + "\n"
    }

    private static func performerText(_ p: PerformerMetrics, _ m: LogMetrics) -> [String] {
        var out: [String] = []
        let k = m.options.topK
        out.append("Handover of work among \(p.names.count) \(plural(p.performer)) (\(p.performer.attribute))")
        out.append("  direct succession: \(count(Int(p.handover.denominator))) successions in \(count(m.cases)) cases")
        out.append("  indirect: \(indirectLabel(p.handoverIndirect))")
        if p.eventsWithoutPerformer > 0 {
            out.append("  \(count(p.eventsWithoutPerformer)) events without \(p.performer.attribute): "
                + "\(count(p.handover.successionsSkipped)) successions left out")
        }
        let top = p.handover.top(k)
        if top.isEmpty {
            out.append("  no successions")
        } else {
            let casesBy = index(p.handoverCases), indirectBy = index(p.handoverIndirect)
            out.append("  " + pad("from → to", 31) + lpad("transfers", 10) + lpad("share", 8)
                + lpad("cases", 8) + lpad("share", 8) + lpad("indirect", 10))
            for pair in top {
                let key = Key(pair.from, pair.to)
                let label = "\(p.names[Int(pair.from)]) → \(p.names[Int(pair.to)])"
                out.append("  " + pad(fit(label, 30), 31) + lpad(count(Int(pair.weight)), 10)
                    + lpad(fixed(pair.value, 4), 8) + lpad(count(Int(casesBy[key]?.weight ?? 0)), 8)
                    + lpad(fixed(casesBy[key]?.value ?? 0, 4), 8) + lpad(fixed(indirectBy[key]?.value ?? 0, 4), 10))
            }
            if p.handover.pairs.count > top.count {
                out.append("  (top \(top.count) of \(p.handover.pairs.count) pairs; every pair in the JSON report)")
            }
        }
        out.append("")
        out.append("Working together (\(plural(p.performer)) in the same case, share of cases)")
        let together = p.workingTogether.top(k)
        if together.isEmpty {
            out.append("  no case with two \(plural(p.performer))")
        } else {
            out.append("  " + pad("pair", 53) + lpad("cases", 10) + lpad("share", 10))
            for pair in together {
                let label = "\(p.names[Int(pair.from)]) + \(p.names[Int(pair.to)])"
                out.append("  " + pad(fit(label, 52), 53) + lpad(count(Int(pair.weight)), 10) + lpad(fixed(pair.value, 4), 10))
            }
        }
        return out
    }

    private static func routinesText(_ r: Routines) -> [String] {
        var out: [String] = []
        out.append("Routines: \(r.n)-grams of activities")
        out.append("  routineness \(fixed(r.routineness, 4)): the top \(r.top.count) of \(count(r.distinct)) "
            + "cover \(count(r.coveredEvents)) of \(count(r.events)) events")
        guard !r.top.isEmpty else { return out + ["  no case has \(r.n) events"] }
        out.append("  " + lpad("times", 8) + lpad("cases", 8) + "  " + "activities")
        for g in r.top {
            // The activities wrapped at 80 columns, continuation lines under the first.
            let lines = wrap(r.names(of: g), separator: " → ", width: 60)
            out.append("  " + lpad(count(g.occurrences), 8) + lpad(count(g.cases), 8) + "  " + lines[0])
            for line in lines.dropFirst() { out.append(String(repeating: " ", count: 20) + line) }
        }
        return out
    }

    // MARK: Markdown

    public static func markdown(_ m: LogMetrics) -> String {
        var out: [String] = []
        out.append("## Log metrics: \(md(fileName(m.source)))")
        out.append("")
        out.append("\(count(m.events)) events, \(count(m.cases)) cases.")
        let k = m.options.topK
        for p in m.performers {
            out.append("")
            out.append("### Handover of work among \(p.names.count) \(plural(p.performer)) (`\(p.performer.attribute)`)")
            out.append("")
            out.append("Direct succession: \(count(Int(p.handover.denominator))) successions; "
                + "indirect: \(indirectLabel(p.handoverIndirect)).")
            if p.eventsWithoutPerformer > 0 {
                out.append("\(count(p.eventsWithoutPerformer)) events without `\(p.performer.attribute)`: "
                    + "\(count(p.handover.successionsSkipped)) successions left out.")
            }
            out.append("")
            let casesBy = index(p.handoverCases), indirectBy = index(p.handoverIndirect)
            out.append("| from | to | transfers | share | cases | share of cases | indirect |")
            out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
            for pair in p.handover.top(k) {
                let key = Key(pair.from, pair.to)
                out.append("| \(md(p.names[Int(pair.from)])) | \(md(p.names[Int(pair.to)])) | \(count(Int(pair.weight))) "
                    + "| \(fixed(pair.value, 6)) | \(count(Int(casesBy[key]?.weight ?? 0))) "
                    + "| \(fixed(casesBy[key]?.value ?? 0, 6)) | \(fixed(indirectBy[key]?.value ?? 0, 6)) |")
            }
            out.append("")
            out.append("Working together (share of cases):")
            out.append("")
            out.append("| \(p.performer.rawValue) | \(p.performer.rawValue) | cases | share |")
            out.append("| --- | --- | ---: | ---: |")
            for pair in p.workingTogether.top(k) {
                out.append("| \(md(p.names[Int(pair.from)])) | \(md(p.names[Int(pair.to)])) "
                    + "| \(count(Int(pair.weight))) | \(fixed(pair.value, 6)) |")
            }
        }
        for kind in m.absent {
            out.append("")
            out.append("No \(plural(kind)): the log has no `\(kind.attribute)` values.")
        }
        for r in m.routines {
            out.append("")
            out.append("### Routines: \(r.n)-grams of activities")
            out.append("")
            out.append("Routineness \(fixed(r.routineness, 4)): the top \(r.top.count) of \(count(r.distinct)) "
                + "\(r.n)-grams cover \(count(r.coveredEvents)) of \(count(r.events)) events.")
            if !r.top.isEmpty {
                out.append("")
                out.append("| times | cases | activities |")
                out.append("| ---: | ---: | --- |")
                for g in r.top {
                    out.append("| \(count(g.occurrences)) | \(count(g.cases)) | \(md(r.names(of: g).joined(separator: " → "))) |")
                }
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: JSON

    /// Stable JSON (keys sorted, two-space indent): every pair of every matrix, by name.
    public static func json(_ m: LogMetrics) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(JSONDocument(m)) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    struct JSONDocument: Encodable {
        var source: String
        var events: Int
        var cases: Int
        var beta: Double
        var depthCap: Int?
        var performers: [JSONPerformer]
        var absent: [String]
        var routines: [JSONRoutines]

        init(_ m: LogMetrics) {
            source = m.source
            events = m.events
            cases = m.cases
            beta = m.options.beta
            depthCap = m.options.depthCap
            performers = m.performers.map(JSONPerformer.init)
            absent = m.absent.map(\.attribute)
            routines = m.routines.map(JSONRoutines.init)
        }
    }

    struct JSONPerformer: Encodable {
        var performer: String
        var attribute: String
        var names: [String]
        var eventsWithoutPerformer: Int
        var handover: JSONMatrix
        var handoverCases: JSONMatrix
        var handoverIndirect: JSONMatrix
        var workingTogether: JSONMatrix

        init(_ p: PerformerMetrics) {
            performer = p.performer.rawValue
            attribute = p.performer.attribute
            names = p.names.sorted(by: LogNames.less)
            eventsWithoutPerformer = p.eventsWithoutPerformer
            handover = JSONMatrix(p.handover)
            handoverCases = JSONMatrix(p.handoverCases)
            handoverIndirect = JSONMatrix(p.handoverIndirect)
            workingTogether = JSONMatrix(p.workingTogether)
        }
    }

    struct JSONMatrix: Encodable {
        var denominator: Double
        var beta: Double?
        var depthCap: Int?
        var directed: Bool
        var successionsSkipped: Int
        var pairs: [JSONPair]

        init(_ m: PairMetric) {
            denominator = m.denominator
            beta = m.beta
            depthCap = m.depthCap
            directed = m.isDirected
            successionsSkipped = m.successionsSkipped
            pairs = m.pairs.map { JSONPair(from: m.names[Int($0.from)], to: m.names[Int($0.to)], weight: $0.weight, value: $0.value) }
        }
    }

    struct JSONPair: Encodable {
        var from: String
        var to: String
        var weight: Double
        var value: Double
    }

    struct JSONRoutines: Encodable {
        var n: Int
        var k: Int
        var distinct: Int
        var occurrences: Int
        var events: Int
        var coveredEvents: Int
        var routineness: Double
        var top: [JSONNGram]

        init(_ r: Routines) {
            n = r.n
            k = r.k
            distinct = r.distinct
            occurrences = r.occurrences
            events = r.events
            coveredEvents = r.coveredEvents
            routineness = r.routineness
            top = r.top.map { JSONNGram(activities: r.names(of: $0), occurrences: $0.occurrences, cases: $0.cases) }
        }
    }

    struct JSONNGram: Encodable {
        var activities: [String]
        var occurrences: Int
        var cases: Int
    }

    // MARK: HTML

    /// A `<section class="log-metrics">` for the HTML report: the same tables as Markdown,
    /// every text escaped.
    public static func html(_ m: LogMetrics) -> HTML {
        let k = m.options.topK
        var parts: [HTML] = [
            .element("h2", [:], .text("Log metrics: \(fileName(m.source))")),
            .element("p", [:], .text("\(count(m.events)) events, \(count(m.cases)) cases.")),
        ]
        for p in m.performers {
            parts.append(.element("h3", [:], .text("Handover of work among \(p.names.count) \(plural(p.performer)) (\(p.performer.attribute))")))
            var note = "Direct succession: \(count(Int(p.handover.denominator))) successions; indirect: \(indirectLabel(p.handoverIndirect))."
            if p.eventsWithoutPerformer > 0 {
                note += " \(count(p.eventsWithoutPerformer)) events without \(p.performer.attribute): "
                    + "\(count(p.handover.successionsSkipped)) successions left out."
            }
            parts.append(.element("p", [:], .text(note)))
            let casesBy = index(p.handoverCases), indirectBy = index(p.handoverIndirect)
            let rows = p.handover.top(k).map { pair -> [String] in
                let key = Key(pair.from, pair.to)
                return [p.names[Int(pair.from)], p.names[Int(pair.to)], count(Int(pair.weight)), fixed(pair.value, 6),
                        count(Int(casesBy[key]?.weight ?? 0)), fixed(casesBy[key]?.value ?? 0, 6),
                        fixed(indirectBy[key]?.value ?? 0, 6)]
            }
            parts.append(table(["from", "to", "transfers", "share", "cases", "share of cases", "indirect"], rows, numeric: 2))
            parts.append(.element("h3", [:], .text("Working together: \(plural(p.performer)) in the same case")))
            let together = p.workingTogether.top(k).map { pair in
                [p.names[Int(pair.from)], p.names[Int(pair.to)], count(Int(pair.weight)), fixed(pair.value, 6)]
            }
            parts.append(table([p.performer.rawValue, p.performer.rawValue, "cases", "share of cases"], together, numeric: 2))
        }
        for kind in m.absent {
            parts.append(.element("p", [:], .text("No \(plural(kind)): the log has no \(kind.attribute) values.")))
        }
        for r in m.routines {
            parts.append(.element("h3", [:], .text("Routines: \(r.n)-grams of activities")))
            parts.append(.element("p", [:], .text("Routineness \(fixed(r.routineness, 4)): the top \(r.top.count) of "
                + "\(count(r.distinct)) \(r.n)-grams cover \(count(r.coveredEvents)) of \(count(r.events)) events.")))
            let rows = r.top.map { g in [count(g.occurrences), count(g.cases), r.names(of: g).joined(separator: " → ")] }
            parts.append(table(["times", "cases", "activities"], rows, numeric: 0, numericUpTo: 2))
        }
        return .element("section", ["class": "log-metrics"], .join(parts))
    }

    /// A table whose columns from `numeric` (up to `numericUpTo`, exclusive) are numbers.
    private static func table(_ header: [String], _ rows: [[String]], numeric: Int, numericUpTo: Int? = nil) -> HTML {
        let upTo = numericUpTo ?? header.count
        func isNumber(_ i: Int) -> Bool { i >= numeric && i < upTo }
        let head = HTML.element("tr", [], header.enumerated().map { i, h in
            HTML.element("th", isNumber(i) ? [("class", "n")] : [], [.text(h)])
        })
        let body = rows.map { row in
            HTML.element("tr", [], row.enumerated().map { i, cell in
                HTML.element("td", isNumber(i) ? [("class", "n")] : [], [.text(cell)])
            })
        }
        return .element("table", [], [.element("thead", [], [head]), .element("tbody", [], body)])
    }

    // MARK: Helpers

    private struct Key: Hashable {
        var from: Int32, to: Int32
        init(_ f: Int32, _ t: Int32) { from = f; to = t }
    }

    private static func index(_ m: PairMetric) -> [Key: PairMetric.Pair] {
        var out: [Key: PairMetric.Pair] = [:]
        for p in m.pairs { out[Key(p.from, p.to)] = p }
        return out
    }

    /// The last component of a path (the whole path is in the JSON).
    private static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    private static func plural(_ p: LogPerformer) -> String { p == .partner ? "partners" : "resources" }

    private static func indirectLabel(_ m: PairMetric) -> String {
        "β = \(short(m.beta ?? 0)), " + (m.depthCap.map { "distances up to \($0)" } ?? "no depth cap")
    }

    /// 12,345.
    static func count(_ n: Int) -> String { Plural.grouped(n) }

    static func fixed(_ x: Double, _ places: Int) -> String { String(format: "%.\(places)f", x) }

    private static func short(_ x: Double) -> String {
        x == x.rounded() ? String(Int(x)) : String(x)
    }

    /// `items` joined by `separator` in lines of at most `width` characters (the separator
    /// ends a line that continues); an item longer than a line is cut.
    static func wrap(_ items: [String], separator: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for (i, item) in items.enumerated() {
            let piece = fit(item, width - separator.count) + (i < items.count - 1 ? String(separator.reversed().drop { $0 == " " }.reversed()) : "")
            if line.isEmpty {
                line = piece
            } else if line.count + 1 + piece.count <= width {
                line += " " + piece
            } else {
                lines.append(line)
                line = piece
            }
        }
        lines.append(line)
        return lines
    }

    /// Cut to `width` characters with an ellipsis.
    static func fit(_ s: String, _ width: Int) -> String {
        s.count <= width ? s : String(s.prefix(width - 1)) + "…"
    }

    private static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }

    private static func lpad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
    }

    /// Markdown table cell text: pipes and line breaks escaped.
    private static func md(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
