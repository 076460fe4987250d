/// Writes a `CaseModel` as a case file that `CaseFileDecoder` reads back to an equal model.
///
/// Ids are written plain; all other text is double-quoted with escapes, so any string
/// (colons, quotes, control characters, non-ASCII) survives the round trip.
public struct CaseFileEncoder: Sendable {
    public init() {}

    public func encode(_ m: CaseModel) -> String {
        var out = "alliance-case: 1\ncase:\n"
        out += "  title: \(q(m.info.title))\n"
        if !m.info.summary.isEmpty { out += "  summary: \(q(m.info.summary))\n" }
        if !m.info.question.isEmpty { out += "  question: \(q(m.info.question))\n" }
        if !m.info.source.isEmpty { out += "  source: \(q(m.info.source))\n" }
        out += "  time-unit: days\n"
        let calendar = CaseCalendar(m.info)
        if let zone = m.info.timeZone { out += "  time-zone: \(q(zone))\n" }
        out += "  day-zero: \(dayZero(m.info.dayZero, calendar))\n"
        out += "  currency: \(q(m.info.currency))\n"
        if !m.info.values.isEmpty {
            out += "  values:\n" + m.info.values.map { "    \($0.name): \(number($0.value))\n" }.joined()
        }
        out += "  emergent-routines: { min-occurrences: \(m.info.emergentMinOccurrences), min-patients: \(m.info.emergentMinPatients) }\n"

        out += "partners:\n"
        for p in m.partners {
            out += "  - id: \(p.id)\n    name: \(q(p.name))\n"
            if let short = p.short { out += "    short: \(q(short))\n" }
            if !p.kind.isEmpty { out += "    kind: \(q(p.kind))\n" }
            out += "    actors:\n" + p.actors.map { a in
                "      - { id: \(a.id), name: \(q(a.name)), \(a.short.map { "short: \(q($0)), " } ?? "")role: \(a.role) }\n"
            }.joined()
        }
        out += "patients:\n"
        for x in m.patients {
            out += "  - id: \(x.id)\n    name: \(q(x.name))\n"
            if let short = x.short { out += "    short: \(q(short))\n" }
            if !x.profile.isEmpty { out += "    profile: \(q(x.profile))\n" }
            if !x.responsible.isEmpty { out += "    responsible: \(ids(x.responsible))\n" }
        }
        out += "activities:\n" + m.activities.map { "  - { id: \($0.id), label: \(q($0.label)) }\n" }.joined()
        if !m.knowledge.isEmpty {
            out += "knowledge:\n"
            for k in m.knowledge {
                out += "  - id: \(k.id)\n    label: \(q(k.label))\n"
                if let w = k.shareWithin { out += "    share-within: \(w.fileText)\n" }
                if !k.neededBy.isEmpty {
                    out += "    needed-by:\n" + k.neededBy.map { "      - { partner: \($0.partner), for: \(ids($0.activities)) }\n" }.joined()
                }
            }
        }
        if !m.therapies.isEmpty {
            out += "therapies:\n"
            for t in m.therapies {
                out += "  - id: \(t.id)\n    label: \(q(t.label))\n    starts-on: \(ids(t.startsOn))\n    ends-on: \(ids(t.endsOn))\n"
                if let a = t.awareness { out += "    awareness: \(a)\n" }
                out += "    aware-within: \(t.awareWithin.fileText)\n"
                switch t.costPerDay {
                case .amount(let v)?: out += "    cost-per-day: \(number(v))\n"
                case .named(let n)?: out += "    cost-per-day: \(n)\n"
                case nil: break
                }
            }
        }
        if !m.routines.isEmpty {
            out += "routines:\n"
            for r in m.routines {
                out += "  - id: \(r.id)\n    name: \(q(r.name))\n"
                if !r.inForce { out += "    in-force: false\n" }
                out += "    steps:\n"
                for s in r.steps {
                    let who: String
                    switch s.performer {
                    case .partner(let p): who = "partner: \(p)"
                    case .role(let r): who = "role: \(r)"
                    }
                    out += "      - { \(who), activity: \(s.activities.count == 1 ? s.activity : ids(s.activities))\(s.within.map { ", within: \($0.fileText)" } ?? "") }\n"
                }
            }
        }
        if !m.handoffs.isEmpty {
            out += "handoffs:\n" + m.handoffs.map {
                "  - { id: \($0.id), from: \($0.from), to: \($0.to), knowledge: \($0.knowledge), trigger: \(ids($0.trigger)), within: \($0.within.fileText) }\n"
            }.joined()
        }
        if !m.decisions.isEmpty {
            out += "decisions:\n"
            for d in m.decisions {
                out += "  - id: \(d.id)\n    label: \(q(d.label))\n    opens-on: \(ids(d.opensOn))\n"
                if let o = d.owner { out += "    owner: \(o)\n" }
                out += "    due-within: \(d.dueWithin.fileText)\n    closes-on: \(ids(d.closesOn))\n"
                if d.overdueDaysUnneeded { out += "    overdue-days-unneeded: true\n" }
            }
        }
        if !m.mechanisms.isEmpty {
            out += "mechanisms:\n"
            for mech in m.mechanisms {
                out += "  - id: \(mech.id)\n    name: \(q(mech.name))\n    sentence: \(q(mech.sentence))\n    changes:\n"
                for change in mech.changes {
                    switch change {
                    case .addHandoff(let h):
                        out += "      - add-handoff: { id: \(h.id), from: \(h.from), to: \(h.to), knowledge: \(h.knowledge), trigger: \(ids(h.trigger)), within: \(h.within.fileText) }\n"
                    case .share(let k, let w): out += "      - share: { knowledge: \(k), within: \(w.fileText) }\n"
                    case .owner(let d, let role): out += "      - owner: { decision: \(d), role: \(role) }\n"
                    case .inForce(let r): out += "      - in-force: { routine: \(r) }\n"
                    }
                }
            }
        }
        out += "timeline:\n"
        for s in m.timeline { out += step(s, calendar) }
        return out
    }

    private func step(_ s: Step, _ calendar: CaseCalendar) -> String {
        let day = calendar.day(of: s.time)
        var out: String
        if s.timeIsDay, calendar.time(ofDay: day) == s.time {
            out = "  - day: \(day)\n"
        } else {
            out = "  - at: \(s.time.iso8601)\n"
        }
        if let id = s.id { out += "    id: \(id)\n" }
        if let e = s.event { out += "    event: \(q(e))\n" }
        if let x = s.patient { out += "    patient: \(x)\n" }
        if s.actors.count == 1 { out += "    actor: \(s.actors[0])\n" } else if !s.actors.isEmpty { out += "    actors: \(ids(s.actors))\n" }
        if let a = s.activity { out += "    activity: \(a)\n" }
        if !s.produces.isEmpty {
            out += "    produces:\n" + s.produces.map { "      - { knowledge: \($0.knowledge), value: \(q($0.value)) }\n" }.joined()
        }
        if !s.sends.isEmpty {
            out += "    sends:\n" + s.sends.map { "      - { knowledge: \($0.knowledge), to: \(ids($0.to)) }\n" }.joined()
        }
        if !s.contacts.isEmpty { out += "    contacts: \(ids(s.contacts))\n" }
        if !s.consumes.isEmpty { out += "    consumes: \(ids(s.consumes))\n" }
        if let f = s.formalizes { out += "    formalizes: \(f)\n" }
        if let n = s.note { out += "    note: \(q(n))\n" }
        if let qn = s.question { out += "    question: \(q(qn))\n" }
        if let pause = s.pause { out += "    pause: \(pause)\n" }
        return out
    }

    private func dayZero(_ t: Timestamp, _ calendar: CaseCalendar) -> String {
        // A bare date is midnight in the case's time zone; any other instant is written in UTC.
        calendar.startOfDay(0) == t ? calendar.isoDate(t) : t.iso8601
    }

    private func ids(_ list: [String]) -> String { "[" + list.joined(separator: ", ") + "]" }

    private func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)"
    }

    /// A double-quoted YAML scalar.
    func q(_ s: String) -> String { Self.quoted(s) }

    /// A double-quoted YAML scalar: quotes, backslashes and line breaks escaped, control and
    /// invisible separators as `\uXXXX`. For every YAML this project writes.
    public static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if u.value < 0x20 || (0x7F...0x9F).contains(u.value) || u.value == 0x2028 || u.value == 0x2029 || u.value == 0xFEFF {
                    let hex = String(u.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
