import AllianceCore
import Testing

@Suite("Timestamps")
struct TimestampTests {
    @Test func parsesDatesAndDateTimesWithZones() {
        let day0 = Timestamp(year: 2024, month: 1, day: 8)
        #expect(Timestamp(iso8601: "2024-01-08") == day0)
        #expect(Timestamp(iso8601: "2024-01-08T00:00:00Z") == day0)
        #expect(Timestamp(iso8601: "2024-01-08T10:30") == Timestamp(seconds: day0.seconds + 37_800))
        #expect(Timestamp(iso8601: "2024-01-08T10:30:00.250+01:00") == Timestamp(seconds: day0.seconds + 34_200))
        #expect(Timestamp(iso8601: "2024-01-08 10:30:00-02:30") == Timestamp(seconds: day0.seconds + 46_800))
        #expect(Timestamp(iso8601: "1970-01-01T00:00:01Z")?.seconds == 1)
    }

    @Test(arguments: ["2024-13-01", "2024-02-30", "2023-02-29", "2024-01-08T25:00", "2024-1-8", "yesterday", "2024-01-08T10:30:00+0", ""])
    func rejectsWhatIsNotADate(_ text: String) {
        #expect(Timestamp(iso8601: text) == nil)
    }

    @Test func daysAndCalendarDates() {
        let day0 = Timestamp(year: 2024, month: 1, day: 8)
        let t = day0.adding(days: 53)
        #expect(t.day(since: day0) == 53)
        #expect(t.isoDate == "2024-03-01")
        #expect(t.humanDate == "Fri 1 Mar 2024")
        #expect(Timestamp(seconds: day0.seconds - 1).day(since: day0) == -1)
        #expect(Timestamp(iso8601: "2024-02-29T23:59:59Z")!.iso8601 == "2024-02-29T23:59:59Z")
        #expect(Timestamp(iso8601: "1969-12-31T12:00:00Z")!.iso8601 == "1969-12-31T12:00:00Z")
    }
}
