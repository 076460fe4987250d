/// The room's annotations in a report: what `alliance report` reads from the case's journal
/// and every format shows (text, Markdown, JSON; the HTML report reads the same list).
extension AnalysisReport {
    public struct AnnotationReport: Codable, Equatable, Sendable {
        public var id: String
        /// The step it was taken at (0 = before the first step).
        public var step: Int
        /// That step's day (absent for step 0).
        public var day: Int?
        /// The patient or partner it is about (ids of the case), when one was in focus.
        public var patient: String?
        public var partner: String?
        public var text: String
        /// ISO 8601 wall-clock times (UTC).
        public var created: String
        public var edited: String?
    }

    /// Adds the annotations up to this report's step, by step then in the order they were
    /// taken. An empty list is kept (the journal exists but holds none); nil leaves the key out.
    public mutating func attachAnnotations(_ list: [Annotation]?, analysis: Analysis) {
        guard let list else {
            annotations = nil
            return
        }
        let kept = list.enumerated().filter { $0.element.step <= step }
            .sorted { ($0.element.step, $0.offset) < ($1.element.step, $1.offset) }.map(\.element)
        annotations = kept.map { a in
            AnnotationReport(id: a.id, step: a.step,
                             day: a.step > 0 && a.step <= analysis.stepCount ? analysis.day(of: analysis.time(ofStep: a.step)) : nil,
                             patient: a.patient, partner: a.partner, text: a.text, created: a.created, edited: a.edited)
        }
    }
}

extension ReportDocument {
    /// The annotations section: one bullet per annotation, `step 12 (day 40), Maria Soler, 08:15: text`.
    mutating func appendAnnotations(_ r: AnalysisReport) {
        guard let notes = r.annotations, !notes.isEmpty else { return }
        let partnerNames = Dictionary(r.partners.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let patientNames = Dictionary(r.patients.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        blocks.append(.heading(2, "Annotations: \(notes.count)"))
        blocks.append(.bullets(notes.map { a in
            var head = a.step == 0 ? "before step 1" : "step \(a.step)" + (a.day.map { " (day \($0))" } ?? "")
            if let p = a.partner { head += ", " + (partnerNames[p] ?? p) } else if let x = a.patient { head += ", " + (patientNames[x] ?? x) }
            head += ", " + a.created + (a.edited.map { " (edited \($0))" } ?? "")
            return "\(head): \(TextSanitizer.singleLine(a.text))"
        }))
    }
}
