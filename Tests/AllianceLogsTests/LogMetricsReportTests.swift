import AllianceCore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import AllianceLogs

@Suite struct LogMetricsReportTests {
    // c1: GP (ann), Hospital (bob), Hospital (bob), GP (cy); c2: GP (ann), <Care> & Co (dee).
    let log = makeLog([
        ("c1", "Consult", "ann", "GP", 1), ("c1", "Admit", "bob", "Hospital", 2),
        ("c1", "Discharge", "bob", "Hospital", 3), ("c1", "Follow up", "cy", "GP", 4),
        ("c2", "Consult", "ann", "GP", 1), ("c2", "Visit", "dee", "<Care> & Co", 2),
    ])

    var metrics: LogMetrics { LogMetrics.compute(log, options: LogMetricsOptions(ngramSizes: [2], topK: 3)) }

    @Test func textListsTheTopPairsWithTheirCountsAndShares() {
        let expected = """
            Log metrics: hand
              6 events, 2 cases

            Handover of work among 3 partners (org:group)
              direct succession: 4 successions in 2 cases
              indirect: β = 0.5, no depth cap
              from → to                       transfers   share   cases   share  indirect
              Hospital → Hospital                     1  0.2500       1  0.5000    0.1905
              Hospital → GP                           1  0.2500       1  0.5000    0.2857
              GP → Hospital                           1  0.2500       1  0.5000    0.2857
              (top 3 of 4 pairs; every pair in the JSON report)

            Working together (partners in the same case, share of cases)
              pair                                                      cases     share
              GP + Hospital                                                 1    0.5000
              <Care> & Co + GP                                              1    0.5000

            Handover of work among 4 resources (org:resource)
              direct succession: 4 successions in 2 cases
              indirect: β = 0.5, no depth cap
              from → to                       transfers   share   cases   share  indirect
              bob → cy                                1  0.2500       1  0.5000    0.2857
              bob → bob                               1  0.2500       1  0.5000    0.1905
              ann → dee                               1  0.2500       1  0.5000    0.1905
              (top 3 of 4 pairs; every pair in the JSON report)

            Working together (resources in the same case, share of cases)
              pair                                                      cases     share
              bob + cy                                                      1    0.5000
              ann + dee                                                     1    0.5000
              ann + cy                                                      1    0.5000

            Routines: 2-grams of activities
              routineness 1.0000: the top 3 of 4 cover 6 of 6 events
                 times   cases  activities
                     1       1  Discharge → Follow up
                     1       1  Consult → Visit
                     1       1  Consult → Admit

            """
        #expect(LogMetricsReport.text(metrics) == expected)
    }

    @Test func markdownHasATableRowPerTopPair() {
        let md = LogMetricsReport.markdown(metrics)
        #expect(md.contains("""
            | from | to | transfers | share | cases | share of cases | indirect |
            | --- | --- | ---: | ---: | ---: | ---: | ---: |
            | Hospital | Hospital | 1 | 0.250000 | 1 | 0.500000 | 0.190476 |
            | Hospital | GP | 1 | 0.250000 | 1 | 0.500000 | 0.285714 |
            | GP | Hospital | 1 | 0.250000 | 1 | 0.500000 | 0.285714 |
            """))
        #expect(md.contains("Routineness 1.0000: the top 3 of 4 2-grams cover 6 of 6 events."))
    }

    @Test func jsonCarriesEveryPairByName() throws {
        let json = LogMetricsReport.json(metrics)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let performers = try #require(object["performers"] as? [[String: Any]])
        #expect(performers.map { $0["attribute"] as? String } == ["org:group", "org:resource"])
        let handover = try #require(performers[0]["handover"] as? [String: Any])
        let pairs = try #require(handover["pairs"] as? [[String: Any]])
        #expect(pairs.map { "\($0["from"]!)>\($0["to"]!)" } == ["GP><Care> & Co", "GP>Hospital", "Hospital>GP", "Hospital>Hospital"])
        #expect(handover["denominator"] as? Double == 4)
        #expect(performers[0]["names"] as? [String] == ["<Care> & Co", "GP", "Hospital"])
        let routines = try #require(object["routines"] as? [[String: Any]])
        #expect(routines.first?["coveredEvents"] as? Int == 6)
    }

    @Test func htmlEscapesNames() {
        let html = LogMetricsReport.html(metrics).markup
        #expect(html.hasPrefix("<section class=\"log-metrics\"><h2>Log metrics: hand</h2>"))
        #expect(html.contains("<td>&lt;Care&gt; &amp; Co</td>"))
        #expect(!html.contains("<Care>"))
        // Well-formed XML, as the rest of the HTML report.
        #expect(XMLParser(data: Data(html.utf8)).parse())
        #expect(html.components(separatedBy: "<table>").count - 1 == 5)  // 2 × 2 pair tables + 1 n-gram table
    }

    @Test func aLogWithoutPartnersSaysSo() {
        let noGroups = makeLog([("c", "a", "ann", nil, 1), ("c", "b", "bob", nil, 2)])
        let m = LogMetrics.compute(noGroups, options: LogMetricsOptions(ngramSizes: []))
        #expect(m.absent == [.partner])
        #expect(m.performers.map(\.performer) == [.resource])
        #expect(LogMetricsReport.text(m).contains("\nNo partners: the log has no org:group values.\n"))
    }

    @Test func textOfARealLogFitsEightyColumns() throws {
        let log = try EventLogReader.read(path: LogFixtures.path("receipt.csv.gz"))
        let text = LogMetricsReport.text(LogMetrics.compute(log))
        let wide = text.split(separator: "\n").filter { $0.count > 80 }
        #expect(wide == [])
        // Long n-grams wrap under their first line rather than being cut.
        #expect(text.contains("""
                 1,177   1,177  T04 Determine confirmation of receipt →
                                T05 Print and send confirmation of receipt

            """))
        #expect(text.hasPrefix("Log metrics: "))
        #expect(text.hasPrefix("Log metrics: receipt.csv.gz\n  8,577 events, 1,434 cases\n"))
    }
}
