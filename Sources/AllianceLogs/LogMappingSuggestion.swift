import AllianceCore
import Foundation

/// A starting mapping for a log (`alliance import --suggest-mapping`): the fields, the
/// partners and activities with their ids and event counts, and the knowledge layer as a
/// commented-out template whose examples use the log's own ids (the most frequent
/// succession between two partners as the example handoff).
public enum LogMappingSuggestion {
    /// The mapping text. `fields`: the attributes the log was read with (as detected or given).
    public static func text(for log: EventLog, fields: EventLogFields) -> String {
        let name = (log.source as NSString).lastPathComponent
        var out = """
            # A starting log mapping for \(name) (\(events(log.count)), \(log.cases.count) case\(log.cases.count == 1 ? "" : "s")), written by
            # `alliance import --suggest-mapping`. Edit it, then:
            #   alliance import \(name) --mapping THIS-FILE.yaml -o case.yaml
            # The format is described in docs/log-mapping.md.
            alliance-log-mapping: 1
            format: \(log.format.rawValue)

            # Which attribute is what.
            fields:

            """
        let keys: [(String, String?)] = [
            ("case", fields.caseKey), ("activity", fields.activityKey), ("time", fields.timeKey), ("resource", fields.resourceKey),
            ("partner", fields.partnerKey), ("role", fields.roleKey), ("case-object-type", fields.caseObjectType),
            ("partner-object-type", fields.partnerObjectType),
        ]
        for (key, value) in keys {
            if let value { out += "  \(key): \(quoted(value))\n" }
        }
        if log.format == .ocel {
            out += "  # (the activity is the event's type, the time its time; resource, partner and role attributes are detected)\n"
        }
        out += """

            case:
              title: \(quoted("Event log \(name)"))

            """

        // Partners (or resources when the log has no partner attribute), by events.
        let byResource = log.groups.count == 0
        let partnerNames = byResource ? log.resources.names : log.groups.names
        var partnerCounts = [Int](repeating: 0, count: partnerNames.count)
        var missingPartner = 0
        for e in 0..<log.count {
            let g = byResource ? log.resourceOf[e] : log.groupOf[e]
            if g == EventLog.none { missingPartner += 1 } else { partnerCounts[Int(g)] += 1 }
        }
        var ids = IDAllocator()
        let partnerIDs = partnerNames.map { ids.unique(slugify($0)) }
        out += byResource
            ? "\n# The log names no partner (no org:group): each resource is a partner. Give ids, names and kinds here;\n# the knowledge layer below refers to partners by id.\npartners:\n"
            : "\n# The partners (values of the partner attribute), by number of events. Give ids, names and kinds here;\n# the knowledge layer below refers to partners by id.\npartners:\n"
        for p in partnerCounts.indices.sorted(by: { partnerCounts[$0] != partnerCounts[$1] ? partnerCounts[$0] > partnerCounts[$1] : $0 < $1 }) {
            out += "  - { log: \(quoted(partnerNames[p])), id: \(partnerIDs[p]), name: \(quoted(partnerNames[p])) }  # \(events(partnerCounts[p]))\n"
        }
        if missingPartner > 0 {
            out += "  # \(missingPartner) events name no \(byResource ? "resource" : "partner"): they go to a partner of their own ('\(byResource ? "No resource" : "No group")').\n"
        }

        // Activities, by events.
        var activityCounts = [Int](repeating: 0, count: log.activities.count)
        for a in log.activityOf { activityCounts[Int(a)] += 1 }
        var activityIDAllocator = IDAllocator()
        let activityIDs = log.activities.names.map { activityIDAllocator.unique(slugify($0)) }
        out += "\n# The activities, by number of events. A label is a verb phrase (\"saw the patient\"); an activity can\n# produce, consume (need) and send knowledge types:  produces: [k]  consumes: [k]  sends: [k]\nactivities:\n"
        for a in activityCounts.indices.sorted(by: { activityCounts[$0] != activityCounts[$1] ? activityCounts[$0] > activityCounts[$1] : $0 < $1 }) {
            out += "  - { log: \(quoted(log.activities.names[a])), id: \(activityIDs[a]), label: \(quoted(log.activities.names[a])) }  # \(events(activityCounts[a]))\n"
        }

        // The most frequent succession between two partners within a case: the example handoff.
        let order = log.caseOrder()
        var successions: [Int: Int] = [:]
        let A = log.activities.count, P = partnerNames.count
        for c in 0..<Int32(log.cases.count) {
            var previous: Int32?
            for e32 in order.events(ofCase: c) {
                let e = Int(e32)
                let g = byResource ? log.resourceOf[e] : log.groupOf[e]
                if let prev = previous {
                    let pg = byResource ? log.resourceOf[Int(prev)] : log.groupOf[Int(prev)]
                    if pg != EventLog.none, g != EventLog.none, pg != g {
                        successions[(Int(pg) * A + Int(log.activityOf[Int(prev)])) * P + Int(g), default: 0] += 1
                    }
                }
                previous = e32
            }
        }
        let top = successions.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }
        let from = top.map { partnerIDs[$0.key / P / A] } ?? partnerIDs.first ?? "partner-a"
        let trigger = top.map { activityIDs[($0.key / P) % A] } ?? activityIDs.first ?? "activity"
        let to = top.map { partnerIDs[$0.key % P] } ?? (partnerIDs.count > 1 ? partnerIDs[1] : "partner-b")
        let needing = activityIDs.first { $0 != trigger } ?? trigger
        out += """

            # The knowledge layer, in the case file's vocabulary (docs/case-format.md); uncomment and edit.
            # With it the imported log gets lost-knowledge alerts: omitted and late handoffs, uninformed actions.
            # The example handoff is the log's most frequent succession between two partners
            # (\(from), after \(trigger), then \(to): \(top?.value ?? 0) time\(top?.value == 1 ? "" : "s")).
            #
            # patients:
            #   responsible: [\(from)]
            # knowledge:
            #   - id: summary
            #     label: Summary
            #     needed-by: [{ partner: \(to), for: [\(needing)] }]
            #     share-within: 3
            # (and on the activities: \(trigger) produces [summary] and sends [summary]; \(needing) consumes [summary])
            # handoffs:
            #   - { id: summary-to-\(to), from: \(from), to: \(to), knowledge: summary, trigger: [\(trigger)], within: 2 }
            # decisions:
            #   - { id: follow-up, label: Follow-up, opens-on: [\(trigger)], owner: ROLE, due-within: 7, closes-on: [\(needing)] }
            # therapies:
            #   - { id: therapy, label: Therapy, starts-on: [\(trigger)], ends-on: [\(needing)], awareness: summary, aware-within: 14 }
            # routines:
            #   - id: routine
            #     name: Routine
            #     steps:
            #       - { partner: \(from), activity: \(trigger) }
            #       - { partner: \(to), activity: \(needing), within: 3 }

            """
        return out
    }

    static func events(_ n: Int) -> String { n == 1 ? "1 event" : "\(n) events" }

    static func quoted(_ s: String) -> String { CaseFileEncoder.quoted(s) }
}
