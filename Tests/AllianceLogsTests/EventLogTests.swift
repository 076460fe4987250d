import Testing
@testable import AllianceLogs

@Suite struct EventLogTests {
    @Test func caseOrderGroupsByCaseSortsByTimeAndKeepsFileOrderOnTies() {
        var log = EventLog(source: "t", format: .csv)
        let b = log.cases.intern("b"), a = log.cases.intern("a")
        let x = log.activities.intern("x")
        log.append(case: b, activity: x, time: 30)
        log.append(case: a, activity: x, time: 20)
        log.append(case: b, activity: x, time: 10)
        log.append(case: b, activity: x, time: 10)
        log.append(case: a, activity: x, time: 5)
        let order = log.caseOrder()
        #expect(order.cases == [a, b])
        #expect(Array(order.events(ofCase: a)) == [4, 1])
        #expect(Array(order.events(ofCase: b)) == [2, 3, 0])
    }

    @Test func errorsNameTheFileAndPosition() {
        #expect(EventLogError(source: "l.csv", line: 3, column: 7, message: "expected a time").description
            == "l.csv:3:7: error: expected a time")
        #expect(EventLogError(source: "l.xes", line: 0, column: 0, byteOffset: 99, message: "truncated").description
            == "l.xes: byte 99: error: truncated")
    }
}
