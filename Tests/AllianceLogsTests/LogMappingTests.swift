import AllianceCore
import Testing
@testable import AllianceLogs

@Suite struct LogMappingTests {
    @Test func readsFieldsPartnersActivitiesAndTheKnowledgeLayer() throws {
        let yaml = """
            alliance-log-mapping: 1
            format: csv
            fields:
              case: patient_id
              activity: action
              time: when
              resource: who
              partner: organisation
              role: job
            case:
              title: Oxygen
              time-zone: Europe/Madrid
              emergent-routines: { min-occurrences: 5, min-patients: 3 }
            partners:
              - { log: OxygenDistributor, id: distributor, name: Oxygen distributor, kind: supplier, short: Oxy }
            activities:
              - log: Send discharge letter
                id: send-letter
                label: sent the discharge letter
                produces: letter
                sends:
                  - letter
                  - { knowledge: letter, to: [gp, distributor] }
            patients: { responsible: [gp] }
            knowledge:
              - { id: letter, label: Discharge letter, needed-by: [{ partner: gp, for: gp-consultation }] }
            handoffs:
              - { id: h, from: hospital, to: [gp, distributor], knowledge: letter, trigger: hospital-discharge, within: 2 }
            decisions:
              - { id: d, label: Renew, opens-on: [send-letter], owner: generalpractitioner, due-within: 3, closes-on: [gp-consultation] }
            """
        let m = try LogMapping.decode(yaml: yaml, path: "m.yaml")
        #expect(m.format == .csv)
        #expect(m.fields == EventLogFields(caseKey: "patient_id", activityKey: "action", timeKey: "when", resourceKey: "who",
                                           partnerKey: "organisation", roleKey: "job"))
        #expect(m.title == "Oxygen")
        #expect(m.timeZone == "Europe/Madrid")
        #expect(m.emergentMinOccurrences == 5 && m.emergentMinPatients == 3)
        #expect(m.partners == [LogMapping.PartnerEntry(log: "OxygenDistributor", id: "distributor", name: "Oxygen distributor", kind: "supplier",
                                                        short: "Oxy", path: "partners.0")])
        #expect(m.activities.count == 1)
        #expect(m.activities[0].produces == ["letter"])
        #expect(m.activities[0].sends == [
            LogMapping.Send(knowledge: "letter", to: nil, path: "activities.0.sends.0"),
            LogMapping.Send(knowledge: "letter", to: ["gp", "distributor"], path: "activities.0.sends.1"),
        ])
        #expect(m.responsible == ["gp"])
        // The case file's own decoding: a handoff to two partners is two handoffs.
        #expect(m.handoffs.map(\.id) == ["h.gp", "h.distributor"])
        #expect(m.knowledge.map(\.neededBy) == [[KnowledgeNeed(partner: "gp", activities: ["gp-consultation"])]])
        #expect(m.decisions.map(\.owner) == ["generalpractitioner"])
        #expect(m.hasKnowledgeLayer)
    }

    @Test func problemsAreReportedWithLineAndColumnLikeACaseFile() {
        let yaml = """
            alliance-log-mapping: 2
            fields: { case: id, partnr: group }
            partners:
              - { log: GP }
              - { log: GP, id: g p }
            knowledge:
              - { id: k, label: K, share-within: soon }
            handoffs:
              - { id: h, from: a, to: b, knowledge: k, trigger: x }
            """
        do {
            _ = try LogMapping.decode(yaml: yaml, path: "m.yaml")
            Issue.record("expected errors")
        } catch {
            #expect(error.diagnostics.map(\.description) == [
                "m.yaml:1:23: error: unsupported mapping version 2; this version of alliance reads 'alliance-log-mapping: 1'",
                "m.yaml:2:21: error: unknown key 'partnr' in 'fields' (did you mean 'partner'?)",
                "m.yaml:5:12: error: partner 'GP' is mapped twice (first in 'partners.0'); map each log value once",
                "m.yaml:7:38: error: expected 'share-within' to be a number of days (3: by the end of the third calendar day after) or a duration with a unit (4h, 90m, 2d), found 'soon'",
                "m.yaml:9:5: error: missing required key 'within' in a handoff",
            ])
        }
    }

    @Test func aMappingWithoutItsVersionLineOrWithBadYAMLIsRejected() {
        do {
            _ = try LogMapping.decode(yaml: "fields: {}\n", path: "m.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.map(\.description) == ["m.yaml:1:1: error: missing 'alliance-log-mapping: 1' at the top of the log mapping"])
        }
        do {
            _ = try LogMapping.decode(yaml: "a: [\n", path: "m.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.count == 1)
            #expect(error.diagnostics[0].description.hasPrefix("m.yaml:2:1: error: invalid YAML"))
        }
    }
}
