import AllianceCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// ISO 8601 timestamps parsed by hand from bytes (no Foundation): `2011-10-11 13:45:40.276000+02:00`,
/// `T` or a space between date and time, seconds and fraction optional, an offset `Z`,
/// `+02`, `+0200` or `+02:00` (optionally after one space), or none (a naive time, read as
/// UTC by the caller's rule). A date alone is midnight. Fractions are cut to milliseconds.
enum TimestampParser {
    struct Parsed: Equatable {
        /// Milliseconds since 1970-01-01T00:00:00Z.
        var milliseconds: Int64
        /// No offset was given.
        var naive: Bool
    }

    static func parse(_ p: UnsafePointer<UInt8>, _ count: Int) -> Parsed? {
        var i = 0
        var n = count
        while i < n, p[i] == 0x20 || p[i] == 0x09 { i += 1 }
        while n > i, p[n - 1] == 0x20 || p[n - 1] == 0x09 { n -= 1 }
        @inline(__always) func digits(_ k: Int) -> Int? {
            if i + k > n { return nil }
            var v = 0
            for j in 0..<k {
                let d = Int(p[i + j]) &- 48
                if d < 0 || d > 9 { return nil }
                v = v * 10 + d
            }
            i += k
            return v
        }
        @inline(__always) func expect(_ b: UInt8) -> Bool {
            if i < n, p[i] == b { i += 1; return true }
            return false
        }
        guard let year = digits(4), expect(0x2D), let month = digits(2), expect(0x2D), let day = digits(2) else { return nil }
        guard month >= 1, month <= 12, day >= 1, day <= daysInMonth(year, month) else { return nil }
        var hour = 0, minute = 0, second = 0, millis = 0
        var naive = true
        var offsetMinutes = 0
        if i < n {
            guard p[i] == 0x54 || p[i] == 0x74 || p[i] == 0x20 else { return nil }  // T t space
            i += 1
            guard let h = digits(2), expect(0x3A), let m = digits(2) else { return nil }
            hour = h
            minute = m
            if expect(0x3A) {
                guard let s = digits(2) else { return nil }
                second = s
                if i < n, p[i] == 0x2E || p[i] == 0x2C {  // . or ,
                    i += 1
                    var k = 0
                    var frac = 0
                    while i < n, p[i] >= 0x30, p[i] <= 0x39 {
                        if k < 3 { frac = frac * 10 + Int(p[i] - 0x30) }
                        k += 1
                        i += 1
                    }
                    if k == 0 { return nil }
                    while k < 3 { frac *= 10; k += 1 }
                    millis = frac
                }
            }
            guard hour <= 23 || (hour == 24 && minute == 0 && second == 0 && millis == 0),
                minute <= 59, second <= 60
            else { return nil }
            if i < n, p[i] == 0x20 { i += 1 }
            if i < n {
                if p[i] == 0x5A || p[i] == 0x7A {  // Z z
                    i += 1
                    naive = false
                } else if p[i] == 0x2B || p[i] == 0x2D {  // + -
                    let sign = p[i] == 0x2D ? -1 : 1
                    i += 1
                    guard let oh = digits(2), oh <= 23 else { return nil }
                    var om = 0
                    if i < n {
                        _ = expect(0x3A)
                        guard let m = digits(2), m <= 59 else { return nil }
                        om = m
                    }
                    offsetMinutes = sign * (oh * 60 + om)
                    naive = false
                } else {
                    return nil
                }
            }
            if i != n { return nil }
        }
        let days = daysFromCivil(year, month, day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetMinutes * 60)
        return Parsed(milliseconds: seconds * 1000 + Int64(millis), naive: naive)
    }

    static func parse(_ text: String) -> Parsed? {
        var copy = text
        return copy.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return nil }
            return parse(base, buffer.count)
        }
    }

    static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    @inline(__always)
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        Timestamp.daysFromCivil(year: year, month: month, day: day)
    }
}

/// Interns byte strings to the indices of a `NameTable`, hashing the bytes, so a `String`
/// is made once per distinct name rather than once per event. The last name found is
/// checked first: logs repeat a case id row after row. A struct (with `release()`), so that
/// the parsers' hot loops pay no dynamic exclusivity checks.
struct ByteInterner {
    private var arena: UnsafeMutablePointer<UInt8>
    private var arenaCapacity = 1 << 12
    private var arenaCount = 0
    private var slots: [Int32]
    private var mask: Int
    private var entryStart: [Int] = []
    private var entryLength: [Int] = []
    private var entryHash: [UInt64] = []
    private var entryValue: [Int32] = []
    private var lastEntry = -1
    private var pendingHash: UInt64 = 0
    private var pendingSlot = 0

    init() {
        arena = .allocate(capacity: arenaCapacity)
        slots = [Int32](repeating: -1, count: 64)
        mask = 63
    }

    func release() { arena.deallocate() }

    /// The value stored for the bytes, or nil (then `insert` the same bytes next).
    @inline(__always)
    mutating func find(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int32? {
        if lastEntry >= 0, entryLength[lastEntry] == n, memcmp(arena + entryStart[lastEntry], p, n) == 0 {
            return entryValue[lastEntry]
        }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for k in 0..<n { h = (h ^ UInt64(p[k])) &* 0x100_0000_01b3 }
        var s = Int(truncatingIfNeeded: h ^ (h >> 29)) & mask
        while true {
            let e = Int(slots[s])
            if e < 0 { break }
            if entryHash[e] == h, entryLength[e] == n, memcmp(arena + entryStart[e], p, n) == 0 {
                lastEntry = e
                return entryValue[e]
            }
            s = (s + 1) & mask
        }
        pendingHash = h
        pendingSlot = s
        return nil
    }

    /// Stores `value` for the bytes `find` just missed.
    mutating func insert(_ p: UnsafePointer<UInt8>, _ n: Int, value: Int32) {
        if arenaCount + n > arenaCapacity {
            var grown = arenaCapacity * 2
            while arenaCount + n > grown { grown *= 2 }
            let newArena = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
            newArena.update(from: arena, count: arenaCount)
            arena.deallocate()
            arena = newArena
            arenaCapacity = grown
        }
        (arena + arenaCount).update(from: p, count: n)
        let e = entryStart.count
        entryStart.append(arenaCount)
        entryLength.append(n)
        entryHash.append(pendingHash)
        entryValue.append(value)
        arenaCount += n
        slots[pendingSlot] = Int32(e)
        lastEntry = e
        if entryStart.count * 2 > slots.count { rehash() }
    }

    /// The `table` index of the bytes (interned when new), or nil when new bytes are not UTF-8.
    @inline(__always)
    static func intern(_ interner: inout ByteInterner, _ table: inout NameTable, _ p: UnsafePointer<UInt8>, _ n: Int) -> Int32? {
        if let v = interner.find(p, n) { return v }
        if ByteScan.firstInvalidUTF8(p, n) != nil { return nil }
        let v = table.intern(String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self))
        interner.insert(p, n, value: v)
        return v
    }

    private mutating func rehash() {
        let size = slots.count * 2
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        for e in 0..<entryHash.count {
            let h = entryHash[e]
            var s = Int(truncatingIfNeeded: h ^ (h >> 29)) & mask
            while slots[s] >= 0 { s = (s + 1) & mask }
            slots[s] = Int32(e)
        }
    }
}

enum ByteScan {
    /// The number of `\n` bytes in `p[0..<n]`, a word at a time.
    static func countNewlines(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
        var count = 0
        var i = 0
        let raw = UnsafeRawPointer(p)
        let low7: UInt64 = 0x7f7f_7f7f_7f7f_7f7f
        let nl: UInt64 = 0x0a0a_0a0a_0a0a_0a0a
        while i + 8 <= n {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ nl
            // A byte of `w` is zero exactly where the input had '\n'.
            let t = ~(((w & low7) &+ low7) | w | low7)
            count += t.nonzeroBitCount
            i += 8
        }
        while i < n {
            if p[i] == 0x0A { count += 1 }
            i += 1
        }
        return count
    }

    /// The index of the first byte of `p[0..<n]` that starts an invalid UTF-8 sequence, or nil.
    static func firstInvalidUTF8(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int? {
        var i = 0
        let raw = UnsafeRawPointer(p)
        while i < n {
            // ASCII a word at a time.
            while i + 8 <= n, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
            if i >= n { break }
            let b = p[i]
            if b < 0x80 { i += 1; continue }
            var need = 0
            var minimum: UInt32 = 0
            var scalar: UInt32 = 0
            if b & 0xE0 == 0xC0 { need = 1; minimum = 0x80; scalar = UInt32(b & 0x1F) }
            else if b & 0xF0 == 0xE0 { need = 2; minimum = 0x800; scalar = UInt32(b & 0x0F) }
            else if b & 0xF8 == 0xF0 { need = 3; minimum = 0x10000; scalar = UInt32(b & 0x07) }
            else { return i }
            if i + need >= n { return i }
            for k in 1...need {
                let c = p[i + k]
                if c & 0xC0 != 0x80 { return i }
                scalar = (scalar << 6) | UInt32(c & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (scalar >= 0xD800 && scalar <= 0xDFFF) { return i }
            i += need + 1
        }
        return nil
    }

    /// Whether `p[0..<n]` equals `text` (ASCII) byte for byte.
    @inline(__always)
    static func equals(_ p: UnsafePointer<UInt8>, _ n: Int, _ text: StaticString) -> Bool {
        n == text.utf8CodeUnitCount && memcmp(p, text.utf8Start, n) == 0
    }
}
