import Foundation
import Testing
@testable import AllianceLogs

/// Our metrics against the values PM4Py computed on the same logs
/// (Fixtures/pm4py/*.json, written by Benchmarks/pm4py/fixtures.py; see docs/event-logs.md,
/// "Checking against PM4Py"). Every pair is compared, to 1e-9.
enum PM4PyFixture {
    struct Loaded {
        var events: Int
        var cases: Int
        var successions: Int
        /// attribute → metric → "from>to" → value.
        var metrics: [String: [String: [String: Double]]]
    }

    static func load(_ name: String) throws -> Loaded {
        let data = try Data(contentsOf: URL(fileURLWithPath: LogFixtures.path("pm4py/\(name)")))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var metrics: [String: [String: [String: Double]]] = [:]
        for (attribute, byMetric) in try #require(object["metrics"] as? [String: [String: [[Any]]]]) {
            for (metric, rows) in byMetric {
                var pairs: [String: Double] = [:]
                for row in rows {
                    let from = try #require(row[0] as? String), to = try #require(row[1] as? String)
                    pairs["\(from)>\(to)"] = try #require((row[2] as? NSNumber)?.doubleValue)
                }
                metrics[attribute, default: [:]][metric] = pairs
            }
        }
        return Loaded(
            events: try #require(object["events"] as? Int), cases: try #require(object["cases"] as? Int),
            successions: try #require(object["successions"] as? Int), metrics: metrics)
    }

    /// Compares every metric PM4Py computed with ours; returns the number of pairs compared.
    @discardableResult
    static func check(_ log: EventLog, against fixture: Loaded, sourceLocation: SourceLocation = #_sourceLocation) -> Int {
        #expect(log.count == fixture.events, sourceLocation: sourceLocation)
        #expect(log.cases.count == fixture.cases, sourceLocation: sourceLocation)
        let order = log.caseOrder()
        var compared = 0
        for performer in LogPerformer.allCases {
            guard let expected = fixture.metrics[performer.attribute] else {
                #expect(performer.names(of: log).isEmpty, "PM4Py saw no \(performer.attribute)", sourceLocation: sourceLocation)
                continue
            }
            let direct = HandoverOfWork.direct(log, by: performer, order: order)
            #expect(Int(direct.denominator) == fixture.successions, sourceLocation: sourceLocation)
            let ours: [String: PairMetric] = [
                "handover_beta0": direct,
                "handover_beta0.5": HandoverOfWork.indirect(log, by: performer, beta: 0.5, order: order),
                "working_together": WorkingTogether.compute(log, by: performer, order: order),
            ]
            for (name, metric) in ours {
                let theirs = try! #require(expected[name], sourceLocation: sourceLocation)
                let got = byName(metric)
                #expect(Set(got.keys) == Set(theirs.keys), "\(performer.attribute) \(name)", sourceLocation: sourceLocation)
                var worst = 0.0
                for (key, value) in theirs { worst = max(worst, abs((got[key] ?? .infinity) - value)) }
                #expect(worst <= 1e-9, "\(performer.attribute) \(name): largest difference \(worst)", sourceLocation: sourceLocation)
                compared += theirs.count
            }
            // PM4Py's DataFrame variant of working together divides by events, not cases:
            // ours times cases / events is what it reports.
            let dataFrame = try! #require(expected["working_together_dataframe"], sourceLocation: sourceLocation)
            let scale = Double(log.cases.count) / Double(log.count)
            var worst = 0.0
            for (key, value) in byName(ours["working_together"]!) {
                worst = max(worst, abs(value * scale - (dataFrame[key] ?? .infinity)))
            }
            #expect(worst <= 1e-9, "\(performer.attribute) working together, DataFrame variant", sourceLocation: sourceLocation)
        }
        return compared
    }
}

/// Whether the readers can read XES yet (the XES reader lands from another branch).
let xesReaderAvailable = (try? EventLogReader.read(path: LogFixtures.path("tiny.xes"))) != nil

/// gen_log.py beside the repository (`../shared/tools`), and a python3 to run it.
let genLogScript: String? = {
    let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let script = repo.deletingLastPathComponent().appendingPathComponent("shared/tools/gen_log.py").path
    let fm = FileManager.default
    guard fm.fileExists(atPath: script), fm.isExecutableFile(atPath: "/usr/bin/python3") else { return nil }
    return script
}()

/// Runs gen_log.py for `cases` cases into a new temporary directory; returns the directory
/// (the caller removes it) and the CSV log's path.
func generateLog(cases: Int) throws -> (directory: URL, csv: String) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("alliance-genlog-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    process.arguments = [genLogScript!, "--cases", "\(cases)", "--out", dir.appendingPathComponent("log").path]
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0)
    return (dir, dir.appendingPathComponent("log.csv").path)
}

@Suite struct PM4PyCrossCheckTests {
    @Test func receiptAgreesWithPM4Py() throws {
        let log = try EventLogReader.read(path: LogFixtures.path("receipt.csv.gz"))
        let fixture = try PM4PyFixture.load("receipt.json")
        let compared = PM4PyFixture.check(log, against: fixture)
        #expect(compared == 47 + 84 + 86 + 286 + 347 + 418)
    }

    @Test(.enabled(if: xesReaderAvailable, "the XES reader is not there yet"))
    func runningExampleAgreesWithPM4Py() throws {
        let log = try EventLogReader.read(path: LogFixtures.path("running-example.xes"))
        let fixture = try PM4PyFixture.load("running-example.json")
        #expect(PM4PyFixture.check(log, against: fixture) == 20 + 30 + 28)
    }

    @Test(.enabled(if: genLogScript != nil, "python3 or ../shared/tools/gen_log.py is missing"))
    func generatedLogAgreesWithPM4Py() throws {
        let (dir, csv) = try generateLog(cases: 1000)
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = try EventLogReader.read(path: csv)
        let fixture = try PM4PyFixture.load("generated-1000.json")
        #expect(PM4PyFixture.check(log, against: fixture) == 25 + 25 + 20 + 484 + 484 + 462)
        // The design note's figures.
        let direct = HandoverOfWork.direct(log, by: .partner)
        #expect(direct.denominator == 98_224)
        #expect(direct.pairs.first { direct.names[Int($0.from)] == "GP" && direct.names[Int($0.to)] == "Hospital" }?.weight == 3_739)
        #expect(String(format: "%.6f", direct.value(from: "GP", to: "Hospital")!) == "0.038066")
        #expect(String(format: "%.6f", direct.value(from: "Caregiver", to: "GP")!) == "0.071184")
    }
}
