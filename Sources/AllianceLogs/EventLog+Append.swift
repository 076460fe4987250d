extension EventLog {
    /// Appends the events of `other`, a log read from the data that follows this one's (the
    /// second part of a file read in two parts): its names are interned into this log's tables
    /// (names new here are added in the order `other` first saw them, so the tables end up as
    /// one read of the whole file makes them), and its lines are shifted by `lineOffset`.
    /// Notices are not merged: the reader makes them once, for the whole log.
    mutating func append(contentsOf other: EventLog, lineOffset: Int32) {
        func remap(_ from: NameTable, into table: inout NameTable) -> [Int32] {
            from.names.map { table.intern($0) }
        }
        let caseMap = remap(other.cases, into: &cases)
        let activityMap = remap(other.activities, into: &activities)
        let resourceMap = remap(other.resources, into: &resources)
        let groupMap = remap(other.groups, into: &groups)
        let roleMap = remap(other.roles, into: &roles)
        let total = count + other.count
        func appendMapped(_ column: inout [Int32], _ values: [Int32], _ map: [Int32]) {
            column.reserveCapacity(total)
            map.withUnsafeBufferPointer { m in
                for v in values { column.append(v < 0 ? v : m[Int(v)]) }
            }
        }
        appendMapped(&caseOf, other.caseOf, caseMap)
        appendMapped(&activityOf, other.activityOf, activityMap)
        appendMapped(&resourceOf, other.resourceOf, resourceMap)
        appendMapped(&groupOf, other.groupOf, groupMap)
        appendMapped(&roleOf, other.roleOf, roleMap)
        timeOf.append(contentsOf: other.timeOf)
        lineOf.reserveCapacity(total)
        for line in other.lineOf { lineOf.append(line &+ lineOffset) }
    }
}
