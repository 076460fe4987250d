import AllianceCore
import Foundation
import Testing
@testable import AllianceLogs

/// A small log in the shape of the generated one: two patients, GP and Hospital, times in ms.
func smallLog() -> EventLog {
    var log = EventLog(source: "small.csv", format: .csv)
    let day: Int64 = 86_400_000
    let t0: Int64 = 1_704_067_200_000  // 2024-01-01T00:00:00Z
    // (case, activity, resource, group, role, time)
    let rows: [(String, String, String?, String?, String?, Int64)] = [
        ("C2", "Hospital admission", "Hospital-1", "Hospital", "Pulmonologist", t0 + 9 * 3_600_000),
        ("C1", "GP consultation", "GP-1", "GP", "GeneralPractitioner", t0 + 9 * 3_600_000),
        ("C1", "Hospital admission", "Hospital-2", "Hospital", "Pulmonologist", t0 + day),
        ("C1", "Hospital discharge", "Hospital-2", "Hospital", "Pulmonologist", t0 + 3 * day),
        ("C1", "Send discharge letter", "Hospital-2", "Hospital", "Pulmonologist", t0 + 3 * day + 60_000),
        ("C2", "Hospital discharge", "Hospital-1", "Hospital", "Pulmonologist", t0 + 4 * day),
        ("C2", "GP consultation", "GP-1", "GP", "GeneralPractitioner", t0 + 9 * day),
        ("C1", "GP consultation", "GP-1", "GP", "GeneralPractitioner", t0 + 10 * day + 500),
        // A resource seen with two partners; an event without a resource.
        ("C2", "Hospital discharge", "GP-1", "Hospital", nil, t0 + 11 * day),
        ("C2", "GP consultation", nil, "GP", nil, t0 + 12 * day),
    ]
    for (c, a, r, g, role, t) in rows {
        log.append(case: log.cases.intern(c), activity: log.activities.intern(a), resource: r.map { log.resources.intern($0) } ?? EventLog.none,
                   group: g.map { log.groups.intern($0) } ?? EventLog.none, role: role.map { log.roles.intern($0) } ?? EventLog.none,
                   time: t, line: Int32(log.count + 2))
    }
    return log
}

let smallMapping = """
    alliance-log-mapping: 1
    case:
      title: Two oxygen patients
    partners:
      - { log: GP, id: gp, name: General practitioner, kind: primary care }
      - { log: Pharmacy, id: pharmacy, name: Pharmacy }
    activities:
      - log: Hospital discharge
        label: discharged the patient
        produces: [discharge-letter]
      - log: Send discharge letter
        sends: [discharge-letter]
      - log: GP consultation
        consumes: [discharge-letter]
    patients:
      responsible: [gp]
    knowledge:
      - id: discharge-letter
        label: Discharge letter
        needed-by: [{ partner: gp, for: [gp-consultation] }]
    handoffs:
      - { id: letter-to-gp, from: hospital, to: gp, knowledge: discharge-letter, trigger: hospital-discharge, within: 2 }
    """

@Suite struct LogCaseBuilderTests {
    @Test func slugsAreLowerCaseWordsJoinedByDashes() {
        #expect(slugify("OxygenDistributor") == "oxygen-distributor")
        #expect(slugify("T02 Check confirmation of receipt") == "t02-check-confirmation-of-receipt")
        #expect(slugify("GP-2") == "gp-2")
        #expect(slugify("GP") == "gp")
        #expect(slugify("Resource21") == "resource21")
        #expect(slugify("  ") == "x")
        #expect(slugify("Café  Ñu") == "café-ñu")
    }

    @Test func withoutAMappingPartnersAreGroupsActorsResourcesPatientsCases() throws {
        let model = try LogCaseBuilder().build(smallLog())
        #expect(model.partners.map(\.id) == ["hospital", "gp"])
        #expect(model.partners.map(\.name) == ["Hospital", "GP"])
        // GP-1 acts for two partners: one actor per (resource, partner), ids with the partner.
        #expect(model.partners[0].actors.map(\.id) == ["hospital-1", "hospital-2", "gp-1.hospital"])
        #expect(model.partners[0].actors.map(\.role) == ["pulmonologist", "pulmonologist", "hospital"])
        #expect(model.partners[1].actors.map(\.id) == ["gp-1.gp", "gp-staff"])
        #expect(model.partners[1].actors.map(\.name) == ["GP-1", "GP (no resource)"])
        #expect(model.patients.map(\.id) == ["c2", "c1"])
        #expect(model.activities.map(\.id) == ["hospital-admission", "gp-consultation", "hospital-discharge", "send-discharge-letter"])
        #expect(model.info.dayZero == Timestamp(iso8601: "2024-01-01T00:00:00Z"))
        #expect(model.info.emergentMinOccurrences == 2)
        // Ties at 09:00 on day 0: case name C1 before C2, though C2 comes first in the file.
        let steps = model.timeline.map { "\($0.patient!) \($0.actor!) \($0.activity!) \($0.time.iso8601)" }
        #expect(steps == [
            "c1 gp-1.gp gp-consultation 2024-01-01T09:00:00Z",
            "c2 hospital-1 hospital-admission 2024-01-01T09:00:00Z",
            "c1 hospital-2 hospital-admission 2024-01-02T00:00:00Z",
            "c1 hospital-2 hospital-discharge 2024-01-04T00:00:00Z",
            "c1 hospital-2 send-discharge-letter 2024-01-04T00:01:00Z",
            "c2 hospital-1 hospital-discharge 2024-01-05T00:00:00Z",
            "c2 gp-1.gp gp-consultation 2024-01-10T00:00:00Z",
            "c1 gp-1.gp gp-consultation 2024-01-11T00:00:00Z",
            "c2 gp-1.hospital hospital-discharge 2024-01-12T00:00:00Z",
            "c2 gp-staff gp-consultation 2024-01-13T00:00:00Z",
        ])
        #expect(model.timeline.allSatisfy { $0.produces.isEmpty && $0.sends.isEmpty && $0.consumes.isEmpty && !$0.timeIsDay })
        #expect(model.knowledge.isEmpty && model.handoffs.isEmpty)
        #expect(CaseValidator(model: model, path: "m").validate() == [])
    }

    @Test func theTimelineOrderMatchesCaseOrderWithinEachCase() {
        let log = smallLog()
        let order = LogCaseBuilder.timelineOrder(log)
        let byCase = log.caseOrder()
        for c in 0..<Int32(log.cases.count) {
            #expect(order.filter { log.caseOf[Int($0)] == c } == Array(byCase.events(ofCase: c)))
        }
    }

    @Test func aLogWithoutGroupsMakesEachResourceAPartner() throws {
        var log = EventLog(source: "plain.csv", format: .csv)
        let a = log.activities.intern("Check")
        log.append(case: log.cases.intern("1"), activity: a, resource: log.resources.intern("Ann"), time: 1000)
        log.append(case: log.cases.intern("1"), activity: a, resource: log.resources.intern("Bob"), time: 2000)
        log.append(case: log.cases.intern("2"), activity: a, time: 3000)
        let model = try LogCaseBuilder().build(log)
        #expect(model.partners.map(\.id) == ["ann", "bob", "no-resource"])
        #expect(model.partners.map { $0.actors.map(\.id) } == [["ann"], ["bob"], ["no-resource-staff"]])
    }

    @Test func theMappingAddsTheKnowledgeLayerAndTheLogGetsLostKnowledgeAlerts() throws {
        let mapping = try LogMapping.decode(yaml: smallMapping, path: "small.mapping.yaml")
        let model = try LogCaseBuilder(mapping: mapping).build(smallLog())
        #expect(model.info.title == "Two oxygen patients")
        #expect(model.partners.map(\.id) == ["hospital", "gp", "pharmacy"])
        #expect(model.partners[1].name == "General practitioner")
        #expect(model.partners[1].kind == "primary care")
        // A partner the mapping names that never acts gets a placeholder actor.
        #expect(model.partners[2].actors.map(\.id) == ["pharmacy-staff"])
        #expect(model.patients.map(\.responsible) == [["gp"], ["gp"]])
        #expect(model.activities[2] == Activity(id: "hospital-discharge", label: "discharged the patient"))
        let discharge = model.timeline[3], letter = model.timeline[4], consult = model.timeline[7]
        #expect(discharge.produces == [Production(knowledge: "discharge-letter")])
        #expect(letter.sends == [Sending(knowledge: "discharge-letter", to: ["gp"])])
        // The sending step's partner already holds the letter: no second production.
        #expect(letter.produces == [])
        #expect(consult.consumes == ["discharge-letter"])
        #expect(CaseValidator(model: model, path: "m").validate() == [])
        let analysis = try Analysis(model)
        // C1's letter reached the GP; C2's never did: omitted once (the second discharge, on day
        // 11, is still within its window when the log ends on day 12).
        let omitted = analysis.alerts.filter { $0.rule == .omittedHandoff }
        #expect(omitted.map { analysis.patientName($0.patient!) } == ["C2"])
        let uninformed = analysis.alerts.filter { $0.rule == .uninformedAction }
        #expect(uninformed.map { analysis.patientName($0.patient!) } == ["C2", "C2"])
        #expect(analysis.handoffs.map { $0.receivedStep != nil } == [true, false, false])
    }

    @Test func unknownReferencesInTheMappingNameTheMappingFileLineAndColumn() throws {
        let yaml = smallMapping
            .replacingOccurrences(of: "consumes: [discharge-letter]", with: "consumes: [discharge-leter]")
            .replacingOccurrences(of: "to: gp, knowledge", with: "to: gpp, knowledge")
        let mapping = try LogMapping.decode(yaml: yaml, path: "m.yaml")
        #expect(throws: CaseFileError.self) { try LogCaseBuilder(mapping: mapping).build(smallLog()) }
        do {
            _ = try LogCaseBuilder(mapping: mapping).build(smallLog())
        } catch {
            #expect(error.diagnostics.map(\.description) == [
                "m.yaml:14:15: error: unknown knowledge type 'discharge-leter' in 'consumes' (did you mean 'discharge-letter'?)",
            ])
        }
        let second = yaml.replacingOccurrences(of: "consumes: [discharge-leter]", with: "consumes: [discharge-letter]")
        do {
            _ = try LogCaseBuilder(mapping: try LogMapping.decode(yaml: second, path: "m.yaml")).build(smallLog())
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.map(\.description) == [
                "m.yaml:22:45: error: unknown partner 'gpp' in handoff 'letter-to-gp' (did you mean 'gp'?)",
            ])
        }
    }

    @Test func mappedIdsMergeOnlyWhenTheMappingSaysSo() throws {
        // Hospital comes first in the log and would slug to `hospital`; the mapping gives GP
        // that id: Hospital gets `hospital-2`, not GP's partner. Two activities mapped to one
        // id are one activity.
        let mapping = try LogMapping.decode(yaml: """
            alliance-log-mapping: 1
            partners:
              - { log: GP, id: hospital }
            activities:
              - { log: Hospital admission, id: care, label: cared }
              - { log: Hospital discharge, id: care }
            """, path: "m.yaml")
        let model = try LogCaseBuilder(mapping: mapping).build(smallLog())
        #expect(model.partners.map(\.id) == ["hospital-2", "hospital"])
        #expect(model.partners.map(\.name) == ["Hospital", "GP"])
        #expect(model.activities == [Activity(id: "care", label: "cared"), Activity(id: "gp-consultation", label: "GP consultation"),
                                     Activity(id: "send-discharge-letter", label: "Send discharge letter")])
        #expect(model.timeline.map { $0.activity! }.filter { $0 == "care" }.count == 5)
        #expect(CaseValidator(model: model, path: "m").validate() == [])
    }

    @Test func anEmptyLogIsAnError() {
        do {
            _ = try LogCaseBuilder().build(EventLog(source: "empty.csv", format: .csv))
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "empty.csv: error: the log has no events; a case needs at least one")
        }
    }

    @Test func theDocumentedMappingsBuildValidCases() throws {
        // The generated log's mapping, on a small log with two of its partners: the others are
        // declared by the mapping, the role `general-practitioner` comes from org:role.
        // The routine names two activities by id that the small log lacks: a mapping's
        // references are to the log's activities (or to those the mapping lists).
        let generated = try LogMapping.load(path: LogFixtures.path("generated-log.mapping.yaml"))
        var log = smallLog()
        #expect(throws: CaseFileError.self) { try LogCaseBuilder(mapping: generated).build(log) }
        for activity in ["Receive oxygen order", "Schedule delivery"] {
            log.append(case: 0, activity: log.activities.intern(activity), resource: log.resources.intern("OxygenDistributor-1"),
                       group: log.groups.intern("OxygenDistributor"), role: log.roles.intern("Technician"), time: log.timeOf.max()! + 1000)
        }
        let model = try LogCaseBuilder(mapping: generated).build(log)
        #expect(model.partners.map(\.id) == ["hospital", "gp", "distributor", "caregiver", "patient"])
        #expect(CaseValidator(model: model, path: "m").validate() == [])
        #expect(model.partners[1].actors.map(\.role) == ["general-practitioner", "gp"])
        #expect(model.info.emergentMinOccurrences == 100)
        _ = try Analysis(model)
        // receipt.csv with its mapping (skipped when the shared data is absent).
        let receipt = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/data/receipt.csv").path
        guard FileManager.default.fileExists(atPath: receipt) else { return }
        let receiptLog = try EventLogReader.read(path: receipt)
        let receiptModel = try LogCaseBuilder(mapping: try LogMapping.load(path: LogFixtures.path("receipt.mapping.yaml"))).build(receiptLog)
        #expect(receiptModel.timeline.count == 8577)
        #expect(CaseValidator(model: receiptModel, path: "m").validate() == [])
        #expect(CaseValidator(model: try LogCaseBuilder().build(receiptLog), path: "m").validate() == [])
        #expect(receiptModel.patients.count == 1434)
        #expect(receiptModel.partners.prefix(3).map(\.id) == ["front-office", "back-office", "unassigned"])
        // Resource21 works for several groups: one actor per group.
        let actors = receiptModel.partners.flatMap(\.actors).filter { $0.name == "Resource21" }.map(\.id)
        #expect(actors.count > 1)
        #expect(actors.allSatisfy { $0.hasPrefix("resource21.") })
    }

    @Test func aStepSharesItsStringsAndArrays() {
        // Measured, not assumed: what one step of an imported log costs in the timeline array.
        #expect(MemoryLayout<Step>.stride == 184)
    }
}
