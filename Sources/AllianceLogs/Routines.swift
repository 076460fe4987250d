/// An n-gram of activities: n consecutive events of one case (in time order).
public struct ActivityNGram: Sendable, Equatable {
    /// Indices into the log's activities.
    public var activities: [Int32]
    /// Its occurrences (windows), over all cases; overlapping windows each count.
    public var occurrences: Int
    /// The cases in which it occurs at least once.
    public var cases: Int

    public init(activities: [Int32], occurrences: Int, cases: Int) {
        self.activities = activities
        self.occurrences = occurrences
        self.cases = cases
    }
}

/// Frequent routines of a log as frequent n-grams of activities, and its routineness.
///
/// With every case's activities in time order (ties in file order), an n-gram occurrence is
/// a window of n consecutive events of one case. The top k n-grams are ranked by
/// occurrences, ties as PM4Py ranks variants (it sorts `(count, variant)` in reverse): the
/// n-gram whose activity names compare greater, element by element, first.
///
/// **Routineness** (after ThreadNet, Pentland et al.): the share of the log's events that lie
/// inside at least one occurrence of one of the top k n-grams: covered events / all events.
/// Events of cases shorter than n are never covered (they count in the denominator).
/// With k = every distinct n-gram it is the share of events in cases of n events or more.
public struct Routines: Sendable, Equatable {
    public var n: Int
    public var k: Int
    /// The log's activity names (`activities` of an n-gram index them).
    public var activityNames: [String]
    /// The most frequent n-grams, at most k, best first.
    public var top: [ActivityNGram]
    /// Distinct n-grams in the log.
    public var distinct: Int
    /// All n-gram occurrences (windows): Σ_cases max(0, |c| − n + 1).
    public var occurrences: Int
    public var events: Int
    /// Events inside an occurrence of a top n-gram.
    public var coveredEvents: Int

    public var routineness: Double { events > 0 ? Double(coveredEvents) / Double(events) : 0 }

    /// The activity names of an n-gram.
    public func names(of gram: ActivityNGram) -> [String] { gram.activities.map { activityNames[Int($0)] } }

    /// Counts the n-grams of `log` (n ≥ 1) and keeps the top `k`. O(events) with a hash
    /// table per distinct n-gram, plus a sort of the distinct n-grams.
    public static func compute(_ log: EventLog, n: Int, k: Int = 10, order: CaseOrder? = nil) -> Routines {
        precondition(n >= 1, "an n-gram has at least one activity")
        let order = order ?? log.caseOrder()
        let names = log.activities.names
        let a = max(1, names.count)
        let activityOf = log.activityOf
        let events = order.events

        // A window's key: its activities in base a, rolled one event at a time. Keys map to
        // dense ids (a flat table when a^n is small, else a dictionary; activity lists when
        // a^n does not fit in an Int).
        var span = 1, fits = true
        for _ in 0..<n {
            let (m, overflow) = span.multipliedReportingOverflow(by: a)
            if overflow { fits = false; break }
            span = m
        }
        let high = fits ? span / a : 0  // a^(n-1)
        let flatTable = fits && span <= 1 << 22
        var flatId = flatTable ? [Int32](repeating: -1, count: span) : []
        var hashId: [Int: Int32] = [:]
        var listId: [[Int32]: Int32] = [:]

        var gramActivities: [Int32] = []  // id * n ..< id * n + n
        var distinct = 0
        // Pass 1: each window's id (new ids in order of first occurrence).
        var windowIds = [Int32](repeating: 0, count: max(0, events.count))
        var windowCount = 0
        activityOf.withUnsafeBufferPointer { act in
            events.withUnsafeBufferPointer { ev in
                windowIds.withUnsafeMutableBufferPointer { out in
                    for c in order.cases {
                        let lo = order.start[Int(c)], hi = order.start[Int(c) + 1]
                        guard hi - lo >= n else { continue }
                        var key = 0
                        for i in lo..<hi {
                            if fits {
                                // Drop the activity leaving the window, shift, add the new one.
                                if i - lo >= n { key -= Int(act[Int(ev[i - n])]) &* high }
                                key = key &* a &+ Int(act[Int(ev[i])])
                            }
                            guard i - lo + 1 >= n else { continue }
                            var id: Int32
                            if flatTable {
                                id = flatId[key]
                                if id < 0 { id = Int32(distinct); flatId[key] = id }
                            } else if fits {
                                id = hashId[key] ?? Int32(distinct)
                                if id == Int32(distinct) { hashId[key] = id }
                            } else {
                                let list = ((i + 1 - n)...i).map { act[Int(ev[$0])] }
                                id = listId[list] ?? Int32(distinct)
                                if id == Int32(distinct) { listId[list] = id }
                            }
                            if id == Int32(distinct) {
                                for j in (i + 1 - n)...i { gramActivities.append(act[Int(ev[j])]) }
                                distinct += 1
                            }
                            out[windowCount] = id
                            windowCount += 1
                        }
                    }
                }
            }
        }
        windowIds.removeLast(windowIds.count - windowCount)
        // Pass 2: occurrences and cases per id.
        var occurrences = [Int](repeating: 0, count: distinct)
        var caseCount = [Int](repeating: 0, count: distinct)
        var lastCase = [Int32](repeating: -1, count: distinct)
        var w = 0
        for c in order.cases {
            let length = order.start[Int(c) + 1] - order.start[Int(c)]
            guard length >= n else { continue }
            for _ in 0...(length - n) {
                let d = Int(windowIds[w])
                occurrences[d] += 1
                if lastCase[d] != c {
                    lastCase[d] = c
                    caseCount[d] += 1
                }
                w += 1
            }
        }

        // Rank: occurrences descending, ties by activity names descending (PM4Py's reverse sort).
        let rank = LogNames.ranks(names)
        let ids = (0..<occurrences.count).sorted { x, y in
            if occurrences[x] != occurrences[y] { return occurrences[x] > occurrences[y] }
            for j in 0..<n {
                let rx = rank[Int(gramActivities[x * n + j])], ry = rank[Int(gramActivities[y * n + j])]
                if rx != ry { return rx > ry }
            }
            return false
        }
        let chosen = ids.prefix(max(0, k))
        var isTop = [Bool](repeating: false, count: occurrences.count)
        for id in chosen { isTop[id] = true }

        // Coverage: per case, the union of the top windows' spans.
        var covered = 0
        w = 0
        for c in order.cases {
            let length = order.start[Int(c) + 1] - order.start[Int(c)]
            guard length >= n else { continue }
            var coveredUntil = 0  // exclusive, relative to the case's first event
            for j in 0...(length - n) {
                if isTop[Int(windowIds[w])] {
                    covered += j + n - max(j, coveredUntil)
                    coveredUntil = j + n
                }
                w += 1
            }
        }

        let top = chosen.map { id in
            ActivityNGram(activities: Array(gramActivities[(id * n)..<(id * n + n)]),
                          occurrences: occurrences[id], cases: caseCount[id])
        }
        return Routines(
            n: n, k: k, activityNames: names, top: top, distinct: occurrences.count,
            occurrences: windowIds.count, events: log.count, coveredEvents: covered)
    }
}
