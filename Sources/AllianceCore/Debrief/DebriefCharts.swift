import Foundation

/// A horizontal bar chart of the debrief, one row per item (a patient, a partner pair), one
/// bar per series: the baseline, and the what-if variant when a `DebriefComparison` has one.
/// The terminal view and the HTML report draw the same charts.
public struct BarChart: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        /// The item's name, and a short form for the terminal (short labels, ASCII words only
        /// besides the case's names).
        public var label: String
        public var short: String
        /// One value per series (nil: nothing to measure, such as no handoff received yet).
        public var values: [Double?]
        /// The value as printed beside each bar ("47 d", "244.40 EUR", "67 %").
        public var texts: [String]
    }

    /// Stable id (`unneeded-days`), used as an anchor in the HTML.
    public var id: String
    public var title: String
    /// A sentence saying what a bar measures.
    public var caption: String
    /// Series names: `["baseline"]`, or `["baseline", "with …"]`.
    public var series: [String]
    public var rows: [Row]
    /// What to say when there are no rows.
    public var empty: String

    /// The largest value of any series (bars are drawn against it); 0 when none.
    public let scale: Double

    public init(id: String, title: String, caption: String, series: [String], rows: [Row], empty: String) {
        self.id = id
        self.title = title
        self.caption = caption
        self.series = series
        self.rows = rows
        self.empty = empty
        scale = rows.reduce(0) { m, row in row.values.reduce(m) { Swift.max($0, $1 ?? 0) } }
    }
    /// The share of the scale a value fills, 0…1 (0 when the scale is 0).
    public func fraction(_ v: Double) -> Double { scale > 0 ? min(1, max(0, v / scale)) : 0 }
}

extension DebriefComparison {
    /// The series names: the baseline, then the variant if any.
    public var seriesNames: [String] { variant == nil ? ["baseline"] : ["baseline", variantName ?? "with mechanisms"] }
    /// The baseline, then the variant if any: one per series.
    public var all: [DebriefData] { [baseline] + (variant.map { [$0] } ?? []) }

    /// The bar charts, in the order the views show them: unneeded days and cost per patient,
    /// handoff latency per partner pair, shared-knowledge index per pair.
    public var barCharts: [BarChart] { [unneededDaysChart, unneededCostChart, latencyChart, sharedKnowledgeChart, handoverChart] }

    /// The pairs a handover-of-work chart lists (the rest are counted in its caption).
    public static let handoverRows = 12

    /// Handover of work between partners: the share of successions from one to the other.
    public var handoverChart: BarChart {
        let top = baseline.handover.prefix(Self.handoverRows)
        let more = baseline.handover.count - top.count
        return BarChart(id: "handover-of-work", title: "Handover of work between partners (share of successions)",
                        caption: "Of the \(baseline.successions) times a patient's next step was done by an actor, the share done by the second partner after the first (van der Aalst's direct succession; the same partner twice included)"
                            + (more > 0 ? "; \(more) smaller pair\(more == 1 ? "" : "s") not shown." : "."),
                        series: seriesNames,
                        rows: top.map { h in
                            let matches = all.map { d in d.handover.first { $0.from == h.from && $0.to == h.to } }
                            return BarChart.Row(
                                label: "\(baseline.partnerName(h.from)) → \(baseline.partnerName(h.to))",
                                short: "\(baseline.partnerShort(h.from)) to \(baseline.partnerShort(h.to))",
                                values: matches.map { ($0?.share ?? 0) * 100 },
                                texts: matches.map { m in m.map { String(format: "%.1f %% (%d)", $0.share * 100, $0.count) } ?? "0 % (0)" })
                        },
                        empty: "No patient has had two steps yet.")
    }

    public var unneededDaysChart: BarChart {
        BarChart(id: "unneeded-days", title: "Unneeded therapy days per patient",
                 caption: "Therapy days after an overdue decision marked overdue-days-unneeded was due, until it was taken.",
                 series: seriesNames,
                 rows: baseline.patients.indices.compactMap { i in
                     let values = all.map { $0.patients.indices.contains(i) ? $0.patients[i].unneededDays : 0 }
                     guard values.contains(where: { $0 > 0 }) || baseline.patients[i].daysOnTherapy > 0 else { return nil }
                     return BarChart.Row(label: baseline.patients[i].name, short: baseline.patients[i].short, values: values,
                                         texts: values.map { DebriefFormat.days($0) })
                 },
                 empty: "No patient has been on a therapy yet.")
    }

    public var unneededCostChart: BarChart {
        let currency = baseline.currency
        return BarChart(id: "unneeded-cost", title: "Cost of unneeded days per patient (\(currency))",
                        caption: "The unneeded days at the therapy's cost per day.",
                        series: seriesNames,
                        rows: baseline.patients.indices.compactMap { i in
                            let values = all.map { $0.patients.indices.contains(i) ? $0.patients[i].unneededCost : 0 }
                            guard values.contains(where: { $0 > 0 }) || baseline.patients[i].daysOnTherapy > 0 else { return nil }
                            return BarChart.Row(label: baseline.patients[i].name, short: baseline.patients[i].short, values: values,
                                                texts: values.map { DebriefFormat.money($0, currency) })
                        },
                        empty: "No patient has been on a therapy yet.")
    }

    public var latencyChart: BarChart {
        let unit = baseline.timeUnit
        return BarChart(id: "handoff-latency", title: "Handoff latency per partner pair (\(unit.rawValue))",
                        caption: "Median delay from a handoff's trigger to the receipt of its knowledge, over the handoffs received so far; mean and max beside it.",
                        series: seriesNames,
                        rows: baseline.latency.map { l in
                            let matches = all.map { d in d.latency.first { $0.from == l.from && $0.to == l.to } }
                            return BarChart.Row(
                                label: "\(baseline.partnerName(l.from)) → \(baseline.partnerName(l.to))",
                                short: "\(baseline.partnerShort(l.from)) to \(baseline.partnerShort(l.to))",
                                values: matches.map { $0?.median },
                                texts: matches.map { m in
                                    guard let m, let median = m.median else { return "none received (\(m?.triggered ?? 0) due)" }
                                    return "\(DebriefFormat.number(median)) \(DebriefFormat.unit(unit)) (mean \(DebriefFormat.number(m.mean ?? 0)), max \(DebriefFormat.number(m.max ?? 0)); \(m.received)/\(m.triggered))"
                                })
                        },
                        empty: "No expected handoff has been triggered yet.")
    }

    public var sharedKnowledgeChart: BarChart {
        BarChart(id: "shared-knowledge", title: "Shared-knowledge index per pair",
                 caption: "Of the newest items one partner produced that the other needs, the share the other holds.",
                 series: seriesNames,
                 rows: baseline.sharedKnowledge.map { s in
                     let matches = all.map { d in d.sharedKnowledge.first { $0.partner == s.partner && $0.from == s.from } }
                     return BarChart.Row(
                         label: "\(baseline.partnerName(s.partner)) from \(baseline.partnerName(s.from))",
                         short: "\(baseline.partnerShort(s.partner)) from \(baseline.partnerShort(s.from))",
                         values: matches.map { $0.map { $0.index * 100 } },
                         texts: matches.map { m in m.map { "\(Int(($0.index * 100).rounded())) % (\($0.held)/\($0.needed))" } ?? "—" })
                 },
                 empty: "No partner needs knowledge another has produced yet.")
    }
}

/// Numbers as the debrief prints them.
public enum DebriefFormat {
    /// `3`, `2.5` (one decimal at most).
    public static func number(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(format: "%.1f", r)
    }
    public static func days(_ v: Double) -> String { "\(number(v)) d" }
    public static func money(_ v: Double, _ currency: String) -> String { String(format: "%.2f %@", v, currency) }
    public static func unit(_ u: DebriefData.TimeUnit) -> String { u == .days ? "d" : "h" }
}
