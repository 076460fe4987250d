import Foundation

/// A window within which something should happen after its trigger.
///
/// - `days(N)` (`within: N` in a case file): by the *end of calendar day* `day(trigger) + N`,
///   in the case's time zone. `within: 0` means "the same day".
/// - `exact(seconds)` (`within: 4h`, `90m`, `2d`): by the exact instant trigger + duration,
///   for logs with clock times.
public enum Window: Sendable, Equatable, Hashable, Codable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    case days(Int)
    case exact(seconds: Int64)

    public init(integerLiteral value: Int) { self = .days(value) }

    /// The window in words: "3 days", "the same day", "4 hours", "90 minutes".
    public var description: String {
        switch self {
        case .days(0): return "the same day"
        case .days(let n): return n == 1 ? "1 day" : "\(n) days"
        case .exact(let s): return Window.durationWords(s)
        }
    }

    /// The text a case file gives it: `3`, `4h`, `90m`, `2d`, `30s`.
    public var fileText: String {
        switch self {
        case .days(let n): return String(n)
        case .exact(let s):
            if s % 86_400 == 0 { return "\(s / 86_400)d" }
            if s % 3600 == 0 { return "\(s / 3600)h" }
            if s % 60 == 0 { return "\(s / 60)m" }
            return "\(s)s"
        }
    }

    /// Parses `N` (whole days) or a number with a unit (`4h`, `90m`, `2d`, `30s`); nil otherwise.
    public init?(fileText text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let n = Int(t) {
            guard n >= 0 else { return nil }
            self = .days(n)
            return
        }
        guard let unit = t.last, let n = Int64(t.dropLast()), n >= 0, t.dropLast().allSatisfy(\.isNumber) else { return nil }
        switch unit {
        case "d": self = .exact(seconds: n * 86_400)
        case "h": self = .exact(seconds: n * 3600)
        case "m": self = .exact(seconds: n * 60)
        case "s": self = .exact(seconds: n)
        default: return nil
        }
    }

    /// A duration in the unit that fits, never zero of a unit: "45 seconds", "1 minute",
    /// "90 minutes" (below 2 hours), "5 hours" (below 2 days), "3 days". Whole units, rounded down.
    public static func durationWords(_ seconds: Int64) -> String {
        func n(_ v: Int64, _ unit: String) -> String { v == 1 ? "1 \(unit)" : "\(v) \(unit)s" }
        let s = max(0, seconds)
        if s < 60 { return n(max(1, s), "second") }
        if s < 7200 { return n(s / 60, "minute") }
        if s < 2 * 86_400 { return n(s / 3600, "hour") }
        return n(s / 86_400, "day")
    }
}

/// The case's calendar: the time zone in which days, dates and "day N" are counted.
///
/// `case.time-zone` is an IANA name (`Europe/Madrid`) or a fixed offset (`+01:00`, `-05`);
/// without it, the offset `day-zero` was written with, else UTC.
public struct CaseCalendar: Sendable {
    private enum Zone: @unchecked Sendable {
        case fixed(Int)
        case named(TimeZone)
    }
    private let zone: Zone
    /// The local calendar day (days since 1970-01-01) of day 0.
    private let dayZeroLocal: Int64
    /// Day 0's instant, and its local clock time (seconds after local midnight).
    public let dayZero: Timestamp
    private let dayZeroClock: Int64

    /// The calendar of a case: `timeZone` as `CaseInfo.timeZone` holds it (nil: UTC).
    public init(timeZone: String?, dayZero: Timestamp) {
        zone = timeZone.flatMap(CaseCalendar.zone(named:)) ?? .fixed(0)
        self.dayZero = dayZero
        let local = dayZero.seconds + Int64(CaseCalendar.offset(zone, at: dayZero))
        dayZeroLocal = Timestamp.floorDiv(local, Timestamp.secondsPerDay)
        dayZeroClock = local - dayZeroLocal * Timestamp.secondsPerDay
    }

    public init(_ info: CaseInfo) { self.init(timeZone: info.timeZone, dayZero: info.dayZero) }

    /// Whether `text` names a time zone a case may declare.
    public static func isValidZone(_ text: String) -> Bool { zone(named: text) != nil }

    /// A fixed offset (`+01:00`, `-0530`, `+02`, `Z`, `UTC`) in seconds east of UTC, if `text` is one.
    public static func fixedOffset(_ text: String) -> Int? {
        if text == "Z" || text == "UTC" { return 0 }
        let b = Array(text.utf8)
        guard b.count >= 3, b[0] == UInt8(ascii: "+") || b[0] == UInt8(ascii: "-") else { return nil }
        let digits = b.dropFirst().filter { $0 != UInt8(ascii: ":") }
        guard digits.allSatisfy({ $0 >= 48 && $0 <= 57 }), digits.count == 2 || digits.count == 4 else { return nil }
        if b.count > 3 { guard b.count == 6 ? b[3] == UInt8(ascii: ":") : b.count == 5 else { return nil } }
        let v = digits.map { Int($0) - 48 }
        let h = v[0] * 10 + v[1], m = v.count == 4 ? v[2] * 10 + v[3] : 0
        guard h <= 23, m < 60 else { return nil }
        return (b[0] == UInt8(ascii: "-") ? -1 : 1) * (h * 3600 + m * 60)
    }

    private static func zone(named text: String) -> Zone? {
        if let o = fixedOffset(text) { return .fixed(o) }
        guard text.contains("/") || text == "GMT", let tz = TimeZone(identifier: text) else { return nil }
        return .named(tz)
    }

    private static func offset(_ zone: Zone, at t: Timestamp) -> Int {
        switch zone {
        case .fixed(let o): return o
        case .named(let tz): return tz.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t.seconds)))
        }
    }

    /// Seconds east of UTC at instant t.
    public func offset(at t: Timestamp) -> Int { CaseCalendar.offset(zone, at: t) }

    private func localDay(_ t: Timestamp) -> Int64 {
        Timestamp.floorDiv(t.seconds + Int64(offset(at: t)), Timestamp.secondsPerDay)
    }

    /// The instant of a local wall-clock time given as seconds since 1970 in local time.
    private func instant(local: Int64) -> Timestamp {
        let guess = local - Int64(offset(at: Timestamp(seconds: local)))
        return Timestamp(seconds: local - Int64(offset(at: Timestamp(seconds: guess))))
    }

    /// The case day of instant t (day 0 is the calendar day of `day-zero`).
    public func day(of t: Timestamp) -> Int { Int(localDay(t) - dayZeroLocal) }

    /// The first instant of case day n (local midnight).
    public func startOfDay(_ n: Int) -> Timestamp { instant(local: (dayZeroLocal + Int64(n)) * Timestamp.secondsPerDay) }

    /// The last second of case day n: "by the end of day n" is `<=` this.
    public func endOfDay(_ n: Int) -> Timestamp { Timestamp(seconds: startOfDay(n + 1).seconds - 1) }

    /// `day: n` of a case file: day n at day 0's local clock time.
    public func time(ofDay n: Int) -> Timestamp {
        instant(local: (dayZeroLocal + Int64(n)) * Timestamp.secondsPerDay + dayZeroClock)
    }

    /// The deadline of a window opened at `trigger`.
    public func due(_ w: Window, after trigger: Timestamp) -> Timestamp {
        switch w {
        case .days(let n): return endOfDay(day(of: trigger) + n)
        case .exact(let s): return Timestamp(seconds: trigger.seconds + s)
        }
    }

    /// How late `done` is against deadline `due` of window `w`, in words: whole calendar days
    /// for a window in days ("2 days"), else the unit that fits ("40 minutes", "5 hours").
    public func lateness(_ w: Window, due: Timestamp, done: Timestamp) -> String {
        if case .days = w {
            let d = day(of: done) - day(of: due)
            return d == 1 ? "1 day" : "\(d) days"
        }
        return Window.durationWords(done.seconds - due.seconds)
    }

    /// The local date of t (`2024-03-01`).
    public func isoDate(_ t: Timestamp) -> String { Timestamp(seconds: t.seconds + Int64(offset(at: t))).isoDate }
    /// The local date of t in words (`Fri 1 Mar 2024`).
    public func humanDate(_ t: Timestamp) -> String { Timestamp(seconds: t.seconds + Int64(offset(at: t))).humanDate }
    /// The local date and time of t with its offset (`2024-03-01T10:30:00+01:00`; `Z` in UTC).
    public func iso8601(_ t: Timestamp) -> String {
        let o = offset(at: t)
        let local = Timestamp(seconds: t.seconds + Int64(o)).iso8601.dropLast()
        guard o != 0 else { return local + "Z" }
        let a = abs(o)
        return local + (o < 0 ? "-" : "+") + String(format: "%02d:%02d", a / 3600, a / 60 % 60)
    }
}
