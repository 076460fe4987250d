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
        // An offset of hours only.
        #expect(Timestamp(iso8601: "2024-01-08T10:30+02") == Timestamp(seconds: day0.seconds + 30_600))
        #expect(Timestamp(iso8601: "2024-01-08T10:30:00-05") == Timestamp(seconds: day0.seconds + 55_800))
        #expect(Timestamp.writtenOffset(iso8601: "2024-01-08T10:30+02") == "+02")
        #expect(Timestamp.writtenOffset(iso8601: "2024-01-08T10:30:00Z") == nil)
        #expect(Timestamp.writtenOffset(iso8601: "2024-01-08") == nil)
    }

    @Test func aCaseCalendarCountsLocalDaysAndEndsThemAtLocalMidnight() {
        let madrid = CaseCalendar(timeZone: "Europe/Madrid", dayZero: Timestamp(iso8601: "2023-12-31T23:00:00Z")!)
        #expect(madrid.day(of: Timestamp(iso8601: "2024-01-01T22:59:59Z")!) == 0)
        #expect(madrid.day(of: Timestamp(iso8601: "2024-01-01T23:00:00Z")!) == 1)
        #expect(madrid.endOfDay(0) == Timestamp(iso8601: "2024-01-01T22:59:59Z"))
        // 31 March 2024 has 23 hours in Madrid.
        #expect(madrid.startOfDay(90) == Timestamp(iso8601: "2024-03-30T23:00:00Z"))
        #expect(madrid.startOfDay(91) == Timestamp(iso8601: "2024-03-31T22:00:00Z"))
        #expect(madrid.due(.days(2), after: Timestamp(iso8601: "2024-03-30T10:00:00Z")!) == Timestamp(iso8601: "2024-04-01T21:59:59Z"))
        #expect(madrid.due(.exact(seconds: 3600), after: Timestamp(iso8601: "2024-03-30T10:00:00Z")!) == Timestamp(iso8601: "2024-03-30T11:00:00Z"))
        #expect(madrid.iso8601(Timestamp(iso8601: "2024-04-01T10:00:00Z")!) == "2024-04-01T12:00:00+02:00")
        #expect(madrid.humanDate(Timestamp(iso8601: "2024-03-31T23:30:00Z")!) == "Mon 1 Apr 2024")
        let fixed = CaseCalendar(timeZone: "-05:30", dayZero: Timestamp(iso8601: "2024-01-01T05:30:00Z")!)
        #expect(fixed.day(of: Timestamp(iso8601: "2024-01-02T05:29:59Z")!) == 0)
        #expect(fixed.day(of: Timestamp(iso8601: "2024-01-02T05:30:00Z")!) == 1)
        #expect(CaseCalendar.isValidZone("+02") && CaseCalendar.isValidZone("UTC") && !CaseCalendar.isValidZone("+2") && !CaseCalendar.isValidZone("Mars/Base"))
        #expect(Window.durationWords(59) == "59 seconds" && Window.durationWords(60) == "1 minute" && Window.durationWords(7199) == "119 minutes")
        #expect(Window.durationWords(7200) == "2 hours" && Window.durationWords(172_799) == "47 hours" && Window.durationWords(172_800) == "2 days")
        #expect(Window.durationWords(0) == "1 second")
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
