/// An instant, in whole seconds since 1970-01-01T00:00:00Z.
///
/// Cases written by hand use day numbers; event logs carry second-level times. Both end
/// up here, so the analysis never depends on the granularity of its input.
///
/// ```swift
/// let t = Timestamp(iso8601: "2024-03-01T10:30:00+01:00")   // 2024-03-01 09:30 UTC
/// t?.day(since: Timestamp(iso8601: "2024-01-08")!)           // 53
/// ```
public struct Timestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var seconds: Int64

    public static let secondsPerDay: Int64 = 86_400

    public init(seconds: Int64) {
        self.seconds = seconds
    }

    /// Midnight UTC of a calendar date.
    public init(year: Int, month: Int, day: Int) {
        seconds = Int64(Timestamp.daysFromCivil(year: year, month: month, day: day)) * Timestamp.secondsPerDay
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.seconds < rhs.seconds }

    /// This instant plus a number of days.
    public func adding(days: Int) -> Timestamp {
        Timestamp(seconds: seconds + Int64(days) * Timestamp.secondsPerDay)
    }

    /// Whole days elapsed since `origin`, rounded down (negative before it).
    public func day(since origin: Timestamp) -> Int {
        Int(Timestamp.floorDiv(seconds - origin.seconds, Timestamp.secondsPerDay))
    }

    /// Days between two instants, as a fraction.
    public static func days(from start: Timestamp, to end: Timestamp) -> Double {
        Double(end.seconds - start.seconds) / Double(secondsPerDay)
    }

    /// The UTC calendar date, as `(year, month, day, weekday)` with weekday 0 = Monday.
    public var civil: (year: Int, month: Int, day: Int, weekday: Int) {
        let days = Int(Timestamp.floorDiv(seconds, Timestamp.secondsPerDay))
        let (y, m, d) = Timestamp.civilFromDays(days)
        let weekday = ((days % 7) + 7 + 3) % 7  // 1970-01-01 was a Thursday
        return (y, m, d, weekday)
    }

    /// `2024-03-01` (UTC).
    public var isoDate: String {
        let c = civil
        return "\(Timestamp.pad(c.year, 4))-\(Timestamp.pad(c.month, 2))-\(Timestamp.pad(c.day, 2))"
    }

    /// `2024-03-01T09:30:00Z`.
    public var iso8601: String {
        let secondOfDay = Int(seconds - Timestamp.floorDiv(seconds, Timestamp.secondsPerDay) * Timestamp.secondsPerDay)
        let h = secondOfDay / 3600, m = secondOfDay / 60 % 60, s = secondOfDay % 60
        return "\(isoDate)T\(Timestamp.pad(h, 2)):\(Timestamp.pad(m, 2)):\(Timestamp.pad(s, 2))Z"
    }

    /// `Fri 1 Mar 2024` (UTC).
    public var humanDate: String {
        let c = civil
        let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(weekdays[c.weekday]) \(c.day) \(months[c.month - 1]) \(c.year)"
    }

    public var description: String { iso8601 }

    /// The numeric UTC offset an ISO 8601 date-time was written with (`+01:00`, `-05`), if
    /// any: what `case.time-zone` defaults to for `day-zero`. `Z` and no offset give nil.
    public static func writtenOffset(iso8601 text: String) -> String? {
        guard Timestamp(iso8601: text) != nil, text.count > 10 else { return nil }
        let tail = text.dropFirst(10)
        guard let i = tail.lastIndex(where: { $0 == "+" || $0 == "-" }) else { return nil }
        return String(tail[i...])
    }

    /// Parses an ISO 8601 date (`2024-03-01`) or date-time (`2024-03-01T10:30`,
    /// `2024-03-01T10:30:00.250Z`, `2024-03-01 10:30:00+01:00`, `+02`). No zone means UTC;
    /// fractions of a second are dropped. Returns nil for anything else.
    public init?(iso8601 text: String) {
        var p = ISOScanner(Array(text.utf8))
        guard let year = p.digits(4), p.expect(UInt8(ascii: "-")),
              let month = p.digits(2), p.expect(UInt8(ascii: "-")),
              let day = p.digits(2),
              (1...12).contains(month), day >= 1, day <= Timestamp.daysIn(month: month, year: year)
        else { return nil }
        var total = Int64(Timestamp.daysFromCivil(year: year, month: month, day: day)) * Timestamp.secondsPerDay
        if p.atEnd {
            self.init(seconds: total)
            return
        }
        guard p.expect(UInt8(ascii: "T")) || p.expect(UInt8(ascii: "t")) || p.expect(UInt8(ascii: " ")),
              let hour = p.digits(2), p.expect(UInt8(ascii: ":")), let minute = p.digits(2),
              hour < 24, minute < 60
        else { return nil }
        var second = 0
        if p.expect(UInt8(ascii: ":")) {
            guard let s = p.digits(2), s < 61 else { return nil }
            second = s
            if p.expect(UInt8(ascii: ".")) || p.expect(UInt8(ascii: ",")) {
                guard p.skipDigits() > 0 else { return nil }
            }
        }
        total += Int64(hour * 3600 + minute * 60 + second)
        if p.expect(UInt8(ascii: "Z")) || p.expect(UInt8(ascii: "z")) {
        } else if !p.atEnd {
            let sign: Int64
            if p.expect(UInt8(ascii: "+")) { sign = 1 } else if p.expect(UInt8(ascii: "-")) { sign = -1 } else { return nil }
            guard let oh = p.digits(2), oh <= 23 else { return nil }
            var om = 0
            if !p.atEnd {  // `+02` (hours only) is an offset too
                _ = p.expect(UInt8(ascii: ":"))
                guard let m = p.digits(2), m < 60 else { return nil }
                om = m
            }
            total -= sign * Int64(oh * 3600 + om * 60)
        }
        guard p.atEnd else { return nil }
        self.init(seconds: total)
    }

    // MARK: calendar arithmetic (proleptic Gregorian, Howard Hinnant's algorithms)

    /// Days since 1970-01-01 of a proleptic Gregorian date (also the event-log readers'
    /// timestamp parser's: inlinable, it runs once per event).
    @inlinable
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}

/// A cursor over ASCII bytes for the ISO 8601 parser.
private struct ISOScanner {
    let bytes: [UInt8]
    var index = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    var atEnd: Bool { index == bytes.count }

    mutating func expect(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    mutating func digits(_ count: Int) -> Int? {
        guard index + count <= bytes.count else { return nil }
        var value = 0
        for i in index..<(index + count) {
            let b = bytes[i]
            guard b >= 48, b <= 57 else { return nil }
            value = value * 10 + Int(b - 48)
        }
        index += count
        return value
    }

    mutating func skipDigits() -> Int {
        let start = index
        while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
        return index - start
    }
}
