import Foundation

extension AnalysisReport {
    /// What a set of mechanisms changes (`alliance report --with ID`): the report itself is
    /// the variant's; this says what it avoided and saved against the case as it happened.
    public struct WhatIfReport: Codable, Equatable, Sendable {
        public struct MechanismReport: Codable, Equatable, Sendable {
            public var id: String
            public var name: String
            public var sentence: String
        }
        /// An alert of one analysis, with its identity (see `AlertIdentity`).
        public struct ComparedAlert: Codable, Equatable, Sendable {
            public var identity: String
            public var rule: AlertRule
            public var severity: AlertSeverity
            public var patient: String?
            public var partners: [String]
            public var step: Int
            public var day: Int
            public var message: String
        }
        public var mechanisms: [MechanismReport]
        /// Alerts raised in the case as it happened, by this step, that the variant does not raise.
        public var avoided: [ComparedAlert]
        /// Alerts the variant raises by this step that the case as it happened did not.
        public var new: [ComparedAlert]
        public var savings: MechanismSavings
    }

    /// The variant's report at step k, with what it avoided and saved.
    public init(_ comparison: MechanismComparison, at k: Int) {
        self.init(comparison.variant.state(at: k))
        func compared(_ a: Alert, _ analysis: Analysis) -> WhatIfReport.ComparedAlert {
            .init(identity: AlertIdentity(a).text(in: analysis), rule: a.rule, severity: a.severity,
                  patient: a.patient.map { analysis.model.patients[$0].id }, partners: a.partners.map { analysis.model.partners[$0].id },
                  step: a.step, day: analysis.day(of: a.time), message: a.message)
        }
        whatIf = WhatIfReport(
            mechanisms: comparison.mechanisms.map { .init(id: $0.id, name: $0.name, sentence: $0.sentence) },
            avoided: comparison.avoided(upTo: k).map { compared($0, comparison.baseline) },
            new: comparison.new(upTo: k).map { compared($0, comparison.variant) },
            savings: comparison.savings(at: k))
    }
}

extension ReportDocument {
    /// The what-if section: the mechanisms, the totals saved, per patient and partner, and the alerts.
    static func whatIfBlocks(_ w: AnalysisReport.WhatIfReport) -> [Block] {
        let s = w.savings
        var blocks: [Block] = [.heading(2, "What if: " + w.mechanisms.map(\.name).joined(separator: " + "))]
        blocks.append(.bullets(w.mechanisms.map { "\($0.name) (\($0.id)): \($0.sentence)" }))
        blocks.append(.paragraph(
            "This report is the case with \(w.mechanisms.count == 1 ? "this mechanism" : "these mechanisms") applied. "
                + "By step \(s.step): \(Plural.count(s.avoided, "alert")) avoided (\(s.avoidedCritical) critical, \(s.avoidedWarning) warning, \(s.avoidedInfo) info), "
                + "\(s.new) new; unneeded therapy saved: \(WhatIfFormat.days(s.daysSaved)), \(WhatIfFormat.money(s.costSaved, s.currency))."))
        let patients = s.patients.filter { $0.avoided > 0 || $0.new > 0 || $0.daysSaved != 0 }
        if !patients.isEmpty {
            blocks.append(.table(["patient", "avoided", "new", "days saved", "cost saved"], patients.map {
                [$0.name, "\($0.avoided)", "\($0.new)", WhatIfFormat.number($0.daysSaved), WhatIfFormat.money($0.costSaved, s.currency)]
            }))
        }
        let partners = s.partners.filter { $0.avoided > 0 || $0.new > 0 }
        if !partners.isEmpty {
            blocks.append(.table(["partner", "avoided", "new"], partners.map { [$0.name, "\($0.avoided)", "\($0.new)"] }))
        }
        if !w.avoided.isEmpty {
            blocks.append(.heading(3, "Avoided"))
            blocks.append(.bullets(w.avoided.flatMap { a in
                ["◌ \(a.rule.rawValue) (step \(a.step), day \(a.day)) · \(glyph(a.severity)) \(a.severity.rawValue)", "  \(a.message)"]
            }))
        }
        if !w.new.isEmpty {
            blocks.append(.heading(3, "New"))
            blocks.append(.bullets(w.new.flatMap { a in
                ["\(glyph(a.severity)) \(a.rule.rawValue) (step \(a.step), day \(a.day))", "  \(a.message)"]
            }))
        }
        return blocks
    }

    /// `alliance report --compare`: the rows named, then one line each (narrow enough for 80 columns).
    init(_ t: MechanismTable, title: String) {
        blocks.append(.heading(1, title))
        blocks.append(.heading(2, "Mechanisms compared"))
        blocks.append(.bullets(t.rows.map { "\($0.id): \($0.name)" }))
        blocks.append(.paragraph("Alerts raised over the whole timeline (! critical, ▲ warning, i info), and those\navoided and new against the case as it happened; unneeded therapy days and cost."))
        blocks.append(.table(["id", "! / ▲ / i", "avoided", "new", "unneeded", "saved"], t.rows.map { r in
            [r.id, "\(r.critical) / \(r.warning) / \(r.info)", "\(r.avoided)", "\(r.new)",
             "\(WhatIfFormat.number(r.unneededDays)) d, \(WhatIfFormat.money(r.unneededCost, t.currency))",
             "\(WhatIfFormat.number(r.daysSaved)) d, \(WhatIfFormat.money(r.costSaved, t.currency))"]
        }))
    }
}

enum WhatIfFormat {
    static func number(_ d: Double) -> String { d == d.rounded() ? "\(Int(d))" : String(format: "%.1f", d) }
    static func days(_ d: Double) -> String { number(d) == "1" ? "1 day" : "\(number(d)) days" }
    static func money(_ v: Double, _ currency: String) -> String { String(format: "%.2f %@", v, currency) }
}

extension ReportRenderer {
    /// The `--compare` table as text, Markdown or JSON (`alliance-compare/1`, docs/report-json.md).
    public static func render(_ table: MechanismTable, title: String, as format: ReportFormat) -> String {
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let doc = CompareDocument(title: title, currency: table.currency, rows: table.rows)
            guard let data = try? encoder.encode(doc) else { return "{}\n" }
            return String(decoding: data, as: UTF8.self) + "\n"
        case .text: return ReportDocument(table, title: title).text()
        case .markdown: return ReportDocument(table, title: title).markdown()
        }
    }

    struct CompareDocument: Encodable {
        var format = "alliance-compare/1"
        var title: String
        var currency: String
        var rows: [MechanismTable.Row]
    }
}
