import AllianceCore
import Foundation
import Testing

/// `alliance report --with` and `--compare`, end to end.
@Suite("What-if mechanisms on the command line")
struct MechanismCommandTests {
    @Test func compareTabulatesEveryMechanismAloneAndTogether() throws {
        let run = try Run(["report", "--compare"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("""
          id              ! / ▲ / i   avoided  new  unneeded          saved
          baseline        5 / 8 / 2   0        0    46 d, 239.20 EUR  0 d, 0.00 EUR
          shared-record   5 / 6 / 2   2        0    46 d, 239.20 EUR  0 d, 0.00 EUR
          use-report      5 / 6 / 2   2        0    46 d, 239.20 EUR  0 d, 0.00 EUR
          named-reviewer  4 / 6 / 2   3        0    0 d, 0.00 EUR     46 d, 239.20 EUR
          call-protocol   5 / 10 / 0  2        2    46 d, 239.20 EUR  0 d, 0.00 EUR
          all             2 / 4 / 0   11       2    0 d, 0.00 EUR     46 d, 239.20 EUR
        """))
        #expect(run.stdout.contains("  named-reviewer: Every prescription names its reviewer\n"))
        // The JSON rows are the table's.
        let json = try Run(["report", "--compare", "--format", "json"])
        let doc = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        #expect(doc["format"] as? String == "alliance-compare/1")
        let rows = doc["rows"] as! [[String: Any]]
        #expect(rows.map { $0["id"] as! String } == ["baseline", "shared-record", "use-report", "named-reviewer", "call-protocol", "all"])
        #expect(rows.map { $0["avoided"] as! Int } == [0, 2, 2, 3, 2, 11])
        #expect(rows.map { $0["daysSaved"] as! Double } == [0, 0, 0, 46, 0, 46])
    }

    @Test func withReportsTheVariantAndWhatItAvoidedAndSaved() throws {
        let run = try Run(["report", "--with", "named-reviewer", "--with", "shared-record"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("What if: A shared care record + Every prescription names its reviewer\n"))
        #expect(run.stdout.contains("By step 34: 5 alerts avoided (1 critical, 4 warning, 0 info), 0 new; unneeded therapy saved: 46 days, 239.20 EUR."))
        #expect(run.stdout.contains("  ◌ ownerless-decision (step 3, day 3) · ▲ warning\n"))
        let json = try Run(["report", "--with", "named-reviewer", "--format", "json"])
        let doc = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        let whatIf = doc["whatIf"] as! [String: Any]
        #expect((whatIf["avoided"] as! [[String: Any]]).map { $0["identity"] as! String } == [
            "ownerless-decision warning maria decision:review-discharge-o2@3",
            "ownerless-decision critical maria decision:review-discharge-o2@3",
            "ownerless-decision warning maria decision:review-discharge-o2@3",
        ])
        #expect((doc["metrics"] as! [String: Any])["unneededTherapyDays"] as? Double == 0)
        // Without --with, no whatIf.
        let plain = try JSONSerialization.jsonObject(with: Data(try Run(["report", "--format", "json"]).stdout.utf8)) as! [String: Any]
        #expect(plain["whatIf"] == nil)
    }

    @Test func anUnknownMechanismIsAUsageErrorNamingTheDeclaredOnes() throws {
        let run = try Run(["report", "--with", "named-reviewr"])
        #expect(run.status == 64)
        #expect(run.stderr == "error: no mechanism 'named-reviewr' in the built-in case (did you mean 'named-reviewer'?); it declares shared-record, use-report, named-reviewer, call-protocol\n")
        let snapshot = try Run(["snapshot", "--with", "nope"])
        #expect(snapshot.status == 64)
        #expect(snapshot.stderr.hasPrefix("error: no mechanism 'nope' in the built-in case; it declares shared-record"))
        let both = try Run(["report", "--compare", "--with", "named-reviewer"])
        #expect(both.status == 64)
        #expect(both.stderr == "error: --compare compares the whole case with each mechanism; leave out --with and --at\n")
    }
}
