@testable import AllianceCore
@testable import AllianceLogs
import Foundation
import Testing

/// A followed log grows: the case and its analysis extended with the new events must be
/// exactly what building and analysing the whole log again gives.
@Suite struct LogCaseGrowthTests {
    /// A new log of `events` of `log`, appended in that order (names interned as they come).
    static func copy(_ log: EventLog, events: some Sequence<Int>) -> EventLog {
        var out = EventLog(source: log.source, format: log.format)
        func name(_ from: NameTable, _ i: Int32, _ to: inout NameTable) -> Int32 { i == EventLog.none ? EventLog.none : to.intern(from[i]) }
        for e in events {
            out.append(case: name(log.cases, log.caseOf[e], &out.cases), activity: name(log.activities, log.activityOf[e], &out.activities),
                       resource: name(log.resources, log.resourceOf[e], &out.resources), group: name(log.groups, log.groupOf[e], &out.groups),
                       role: name(log.roles, log.roleOf[e], &out.roles), time: log.timeOf[e], line: log.lineOf[e])
        }
        return out
    }

    /// The log's events in timeline order (time, case name, file order), so that its first n
    /// events are a log as a feed would have written it.
    static func inTimelineOrder(_ log: EventLog) -> EventLog { copy(log, events: LogCaseBuilder.timelineOrder(log).map(Int.init)) }

    /// The first n events of a log (names are interned in order of first use, so a prefix's
    /// names are a prefix of the log's).
    static func prefix(_ log: EventLog, _ n: Int) -> EventLog { copy(log, events: 0..<n) }

    /// Every fact and index of two analyses, compared; returns the number of steps compared.
    static func expectSame(_ grown: Analysis, _ whole: Analysis, at n: Int) -> Int {
        #expect(grown.model == whole.model, "the case at \(n) events")
        #expect(grown.stepCount == whole.stepCount)
        #expect(grown.labels == whole.labels)
        #expect(grown.items == whole.items, "knowledge items at \(n) events")
        #expect(grown.alerts == whole.alerts, "alerts at \(n) events")
        #expect(grown.alerts.map(\.message) == whole.alerts.map(\.message))
        #expect(grown.handoffs == whole.handoffs)
        #expect(grown.routines == whole.routines)
        #expect(grown.emergent == whole.emergent)
        #expect(grown.decisions == whole.decisions)
        #expect(grown.therapies == whole.therapies)
        #expect(grown.routineAdoptedStep == whole.routineAdoptedStep)
        #expect(grown.changes == whole.changes)
        #expect(grown.changeOffsets == whole.changeOffsets)
        #expect(grown.stepsOf == whole.stepsOf)
        // The indexes themselves, as a whole build makes them.
        func counters(_ i: AlertIndex) -> [[Int32]] {
            (i.all + i.patients.flatMap { $0 } + i.partners.flatMap { $0 }).flatMap { [$0.raised, $0.cleared] }
        }
        #expect(counters(grown.alertIndex) == counters(whole.alertIndex), "alert counters at \(n) events")
        #expect(grown.alertIndex.clearedByBlock == whole.alertIndex.clearedByBlock)
        #expect(grown.alertIndex.ofPatient == whole.alertIndex.ofPatient)
        #expect(grown.alertIndex.marks.map(\.step) == whole.alertIndex.marks.map(\.step))
        #expect(grown.alertIndex.marks.map(\.worst) == whole.alertIndex.marks.map(\.worst))
        #expect(grown.handoffsOf == whole.handoffsOf)
        #expect(grown.routinesOf == whole.routinesOf)
        #expect(grown.decisionsOf == whole.decisionsOf)
        #expect(grown.therapiesOf == whole.therapiesOf)
        #expect(grown.decisionsOwnedBy == whole.decisionsOwnedBy)
        #expect(grown.unownedDecisions == whole.unownedDecisions)
        #expect(grown.lacksOf.map { $0.map { "\($0)" } } == whole.lacksOf.map { $0.map { "\($0)" } })
        #expect(grown.partnerActivity.knowsSince == whole.partnerActivity.knowsSince)
        #expect(grown.partnerActivity.knowsOf == whole.partnerActivity.knowsOf)
        var compared = 0
        let P = whole.model.partners.count
        for k in stride(from: 0, through: whole.stepCount, by: max(1, whole.stepCount / 40)) {
            let a = grown.state(at: k), b = whole.state(at: k)
            #expect(a.alertTally == b.alertTally, "alerts active at step \(k)")
            #expect(a.handoffCounts == b.handoffCounts)
            for p in 0..<P {
                #expect(grown.partnerActivity.totals(partner: p, at: k) == whole.partnerActivity.totals(partner: p, at: k))
                #expect(grown.partnerActivity.patientsKnown(partner: p, at: k, limit: 5).count == whole.partnerActivity.patientsKnown(partner: p, at: k, limit: 5).count)
                #expect(a.alertTally(partner: p) == b.alertTally(partner: p))
            }
            for offset in [0, 9, 260, 700] {
                #expect(a.activeAlerts(from: offset, count: 20).map(\.id) == b.activeAlerts(from: offset, count: 20).map(\.id))
            }
            compared += 1
        }
        return compared
    }

    /// Grows the case from `start` events in batches of `batch`, checking against a whole
    /// build after each; returns how many batches extended the case (the others rebuilt it).
    static func grow(_ log: EventLog, mapping: LogMapping?, start: Int, batch: Int) throws -> (extended: Int, rebuilt: Int) {
        let builder = LogCaseBuilder(mapping: mapping)
        var (model, growth) = try builder.buildGrowable(prefix(log, start))
        let analysis = Analysis(validated: model, growable: true)
        var current = analysis
        var extended = 0, rebuilt = 0
        var n = start
        while n < log.count {
            n = min(log.count, n + batch)
            let now = prefix(log, n)
            if let g = growth.extend(now), current.extend(patients: g.patients, steps: g.steps, info: g.info) {
                extended += 1
            } else {
                (model, growth) = try builder.buildGrowable(now)
                current = Analysis(validated: model, growable: true)
                rebuilt += 1
            }
            let whole = Analysis(validated: try builder.buildUnvalidated(now))
            #expect(expectSame(current, whole, at: n) > 0)
        }
        return (extended, rebuilt)
    }

    @Test func aSmallLogGrownEventByEventIsTheWholeLogsCase() throws {
        let log = Self.inTimelineOrder(try EventLogReader.read(path: LogFixtures.path("small-care.csv")))
        let (extended, rebuilt) = try Self.grow(log, mapping: nil, start: 1, batch: 1)
        #expect(extended + rebuilt == log.count - 1)
        #expect(extended > 0)
    }

    /// The generated care log with its knowledge layer (lost-knowledge alerts, handoffs,
    /// decisions, therapies): grown in uneven batches, it is the whole log's analysis each time.
    @Test(.enabled(if: genLogScript != nil, "python3 or ../shared/tools/gen_log.py is missing"))
    func theGeneratedLogGrownInBatchesIsTheWholeLogsAnalysis() throws {
        let (dir, csv) = try generateLog(cases: 60)
        defer { try? FileManager.default.removeItem(at: dir) }
        let mapping = try LogMapping.load(path: LogFixtures.path("generated-log.mapping.yaml"))
        let log = Self.inTimelineOrder(try EventLogReader.read(path: csv, options: EventLogReadOptions(fields: mapping.fields)))
        let (extended, rebuilt) = try Self.grow(log, mapping: mapping, start: log.count / 3, batch: 97)
        // Most batches extend the case; a new actor or a role that changes rebuilds it.
        #expect(extended > rebuilt)
        let whole = Analysis(validated: try LogCaseBuilder(mapping: mapping).buildUnvalidated(log))
        #expect(whole.alerts.count > 50)
        #expect(whole.handoffs.count > 20)
    }

    @Test func anEventBeforeTheLastStepCannotExtendTheCase() throws {
        let log = Self.inTimelineOrder(try EventLogReader.read(path: LogFixtures.path("small-care.csv")))
        let (_, growth) = try LogCaseBuilder().buildGrowable(Self.prefix(log, log.count - 1))
        var late = Self.prefix(log, log.count - 1)
        // One more event for an existing case, at the first event's time.
        late.append(case: late.caseOf[0], activity: late.activityOf[0], resource: late.resourceOf[0], group: late.groupOf[0], role: late.roleOf[0],
                    time: late.timeOf[0])
        #expect(growth.extend(late) == nil)
    }

    @Test func aNewPartnerCannotExtendTheCase() throws {
        let log = Self.inTimelineOrder(try EventLogReader.read(path: LogFixtures.path("small-care.csv")))
        let (_, growth) = try LogCaseBuilder().buildGrowable(log)
        var more = log
        let group = more.groups.intern("Pharmacy")
        more.append(case: log.caseOf[0], activity: log.activityOf[0], resource: log.resourceOf[0], group: group, time: log.timeOf[log.count - 1] + 1000)
        #expect(growth.extend(more) == nil)
        // The same event with an existing partner extends it.
        let (_, growth2) = try LogCaseBuilder().buildGrowable(log)
        var same = log
        same.append(case: log.caseOf[0], activity: log.activityOf[0], resource: log.resourceOf[0], group: log.groupOf[0], time: log.timeOf[log.count - 1] + 1000)
        let g = try #require(growth2.extend(same))
        #expect(g.steps.count == 1)
        #expect(g.patients.isEmpty)
    }
}
