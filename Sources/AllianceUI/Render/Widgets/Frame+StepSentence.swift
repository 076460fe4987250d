import AllianceCore

extension Frame {
    /// A step in words, as spans: "Maria Soler: Dr Puig (Primary care) saw the patient",
    /// "Núria (Oxigen Llar) and Dr Puig (Primary care) agreed …" for several actors and no
    /// patient, or "Maria Soler: <the event's sentence>" for a step that no actor does.
    func stepSpans(_ k: Int) -> [Span] {
        var parts: [Span] = []
        if let x = analysis.patient(ofStep: k) { parts.append(Span(analysis.patientName(x) + ": ", .title, [.bold])) }
        if let event = analysis.event(ofStep: k) {
            parts.append(Span(event, .normal, [.bold]))
            return parts
        }
        let actors = analysis.actors(ofStep: k)
        for (i, a) in actors.enumerated() {
            if i > 0 { parts.append(Span(i == actors.count - 1 ? " and " : ", ", .normal)) }
            let partner = analysis.partner(ofActor: a)
            parts.append(Span(analysis.actorName(a), Role.accent(partner), [.bold]))
            parts.append(Span(" (\(analysis.partnerName(partner)))" + (i == actors.count - 1 ? " " : ""), .normal))
        }
        if let activity = analysis.activity(ofStep: k) { parts.append(Span(analysis.activityLabel(activity), .normal, [.bold])) }
        return parts
    }

    /// What partner p did at step k, in a few words, if it took part: "Marc: phoned the GP".
    func partnerAction(_ p: Int, at k: Int) -> (who: String, what: String)? {
        guard k > 0, analysis.partners(ofStep: k).contains(p), let activity = analysis.activity(ofStep: k) else { return nil }
        let who = analysis.actors(ofStep: k).filter { analysis.partner(ofActor: $0) == p }.map { short(actor: $0) }
        return (who.joined(separator: ", "), analysis.activityLabel(activity))
    }
}
