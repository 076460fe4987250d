#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A small pull scanner over XML bytes, shared by the XES and OCEL XML readers: no document
/// tree, a window of a few MB over the (decompressed) file, memory independent of its size.
///
/// `next()` gives one token at a time: a start tag (its name and attributes are the ranges
/// `nameStart..<nameEnd`, `attrNameStart[a]..<attrNameEnd[a]`, `attrValueStart[a]..<attrValueEnd[a]`
/// of `window.base`, valid until the next call), an end tag, text (only when `reportsText`),
/// or the end of the data. It checks well-formedness as far as the readers need: end tags
/// match their start tags, nothing follows the root element, the file does not end inside a
/// tag or an element. Comments, processing instructions and a DOCTYPE (with an internal
/// subset) are skipped; CDATA sections are text (`textIsCDATA`, no entities inside).
///
/// A struct with mutating methods (not a class), owned by the reader (which calls
/// `release()`): the hot loops then pay no dynamic exclusivity checks.
struct XMLScanner {
    enum Token { case start(selfClosing: Bool), end, text, eof }

    /// The longest single tag (or comment, CDATA section, text run) read: 16 MB.
    static let maxTagBytes = 16 << 20

    var window: InputWindow
    let sourceName: String
    /// Whether text between tags (and CDATA) is reported; else it is skipped at memchr speed.
    let reportsText: Bool

    // Line counting: `countedLine` is the line number at window index `countedUpTo`.
    var countedUpTo = 0
    var countedLine = 1
    /// File offset where line `countedLine` starts.
    var countedLineStart = 0

    // The open elements: their names (concatenated) and the lines they were opened on.
    var nameOffsets: [Int] = []
    var openLines: [Int] = []
    var names: [UInt8] = []
    var rootName = ""
    var rootClosed = false
    /// The data is the first part of a file read in two parts (`XESParallelRead`): it ends
    /// inside the root element, which is no error; ending inside a tag sets `endedInsideTag`.
    var endsInsideRoot = false
    var endedInsideTag = false

    /// Where the scan goes on.
    var pos = 0
    /// The window index of the token's '<' (or of its first byte, for text).
    var tokenStart = 0
    /// The current tag's name.
    var nameStart = 0, nameEnd = 0
    /// The current text token (raw: entities not decoded unless `textIsCDATA`).
    var textStart = 0, textEnd = 0
    var textIsCDATA = false

    // Tag attributes of the tag being read: name and value ranges (window indices).
    // (Pointers, not arrays: no uniqueness check on each write.)
    var attrNameStart = UnsafeMutablePointer<Int>.allocate(capacity: 16)
    var attrNameEnd = UnsafeMutablePointer<Int>.allocate(capacity: 16)
    var attrValueStart = UnsafeMutablePointer<Int>.allocate(capacity: 16)
    var attrValueEnd = UnsafeMutablePointer<Int>.allocate(capacity: 16)
    var attrCapacity = 16
    var attrCount = 0

    var scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    var scratchCapacity = 256

    init(source: ByteSource, reportsText: Bool, progress: (@Sendable (Int, Int?) -> Void)?) {
        window = InputWindow(source: source, limit: XMLScanner.maxTagBytes, progress: progress)
        sourceName = source.name
        self.reportsText = reportsText
    }

    func release() {
        attrNameStart.deallocate(); attrNameEnd.deallocate(); attrValueStart.deallocate(); attrValueEnd.deallocate()
        window.release()
        scratch.deallocate()
    }

    mutating func growAttributes() {
        let grown = attrCapacity * 2
        func grow(_ p: inout UnsafeMutablePointer<Int>) {
            let q = UnsafeMutablePointer<Int>.allocate(capacity: grown)
            q.update(from: p, count: attrCapacity)
            p.deallocate()
            p = q
        }
        grow(&attrNameStart); grow(&attrNameEnd); grow(&attrValueStart); grow(&attrValueEnd)
        attrCapacity = grown
    }

    /// Reads the first bytes and skips a byte order mark; false when the data is empty.
    mutating func begin() throws(EventLogError) -> Bool {
        _ = try refill(keeping: 0)
        if window.end == 0 { return false }
        if window.end >= 3, window.base[0] == 0xEF, window.base[1] == 0xBB, window.base[2] == 0xBF { pos = 3 }
        return true
    }

    /// The number of open elements.
    var depth: Int { nameOffsets.count }

    // MARK: positions and errors

    /// The line of window index `index` (indices must not go backwards between calls,
    /// except through `refill`).
    @inline(__always)
    mutating func lineAt(_ index: Int) -> Int {
        if index > countedUpTo {
            let newlines = ByteScan.countNewlines(window.base + countedUpTo, index - countedUpTo)
            if newlines > 0 {
                countedLine += newlines
                var k = index - 1
                while window.base[k] != 0x0A { k -= 1 }
                countedLineStart = window.baseOffset + k + 1
            }
            countedUpTo = index
        }
        return countedLine
    }

    /// Line, column and byte offset of window index `index`.
    mutating func position(_ index: Int) -> (line: Int, column: Int, byteOffset: Int) {
        if index >= countedUpTo {
            // From the counted line's start: no scan back (a file on one line stays linear).
            let line = lineAt(index)
            return (line, window.baseOffset + index - countedLineStart + 1, window.baseOffset + index)
        }
        let newlines = ByteScan.countNewlines(window.base + index, countedUpTo - index)
        if newlines == 0 {
            return (countedLine, window.baseOffset + index - countedLineStart + 1, window.baseOffset + index)
        }
        var k = index - 1
        while k >= 0, window.base[k] != 0x0A { k -= 1 }
        // A line that starts before the window: its column is not known (0).
        return (countedLine - newlines, k >= 0 ? index - k : 0, window.baseOffset + index)
    }

    mutating func error(_ message: String, at index: Int) -> EventLogError {
        let (line, column, byteOffset) = position(index)
        return EventLogError(source: sourceName, line: line, column: column, byteOffset: byteOffset, message: message)
    }

    /// Keeps the window from `keep` on and reads more; returns the shift, nil at the end.
    mutating func refill(keeping keep: Int) throws(EventLogError) -> Int? {
        _ = lineAt(keep)
        guard let shift = try window.refill(keeping: keep) else { return nil }
        countedUpTo -= shift
        return shift
    }

    // MARK: the scan

    enum TagScan { case done(next: Int, token: Token?), needMore }

    /// The next token. At the end of the data: an error if an element is still open.
    @inline(__always)
    mutating func next() throws(EventLogError) -> Token {
        while true {
            let b = window.base
            // Text up to the next tag.
            let found = memchr(b + pos, 0x3C, window.end - pos)
            // Outside the root element only blanks may come between tags (a stream of anything
            // else is not XML: it stops here, rather than being skipped to its end).
            if nameOffsets.isEmpty {
                let end = found.map { UnsafeMutablePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - b } ?? window.end
                if let i = (pos..<end).first(where: { !XMLScanner.isSpace(b[$0]) }) {
                    throw error("text \(rootClosed ? "after" : "before") the root element: expected a tag (`<`)\(b[i] == 0 ? ", found a NUL byte" : "")", at: i)
                }
            }
            if reportsText {
                let lt = found.map { UnsafeMutablePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - b } ?? window.end
                if lt > pos {
                    if found == nil, !window.atEOF {
                        // Keep the text whole: read on from its start.
                        guard let shift = try refill(keeping: pos) else {
                            throw error("a text longer than \(XMLScanner.maxTagBytes >> 20) MB (the limit)", at: pos)
                        }
                        pos -= shift
                        continue
                    }
                    tokenStart = pos
                    textStart = pos
                    textEnd = lt
                    textIsCDATA = false
                    pos = lt
                    return .text
                }
            }
            guard let found else {
                if window.atEOF { return try endOfData() }
                guard try refill(keeping: window.end) != nil else { return try endOfData() }
                pos = 0
                continue
            }
            let lt = UnsafeMutablePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - b
            switch try scanTag(at: lt) {
            case .done(let next, let token):
                pos = next
                if let token {
                    tokenStart = lt
                    return token
                }
            case .needMore:
                if window.atEOF {
                    if endsInsideRoot { endedInsideTag = true }
                    throw error("truncated: the file ends inside this tag", at: lt)
                }
                guard let shift = try refill(keeping: lt) else {
                    throw error("a tag longer than \(XMLScanner.maxTagBytes >> 20) MB (the limit)", at: lt)
                }
                pos = lt - shift
            }
        }
    }

    mutating func endOfData() throws(EventLogError) -> Token {
        if !nameOffsets.isEmpty && !endsInsideRoot {
            let name = String(decoding: names[nameOffsets[nameOffsets.count - 1]...], as: UTF8.self)
            throw error("truncated: the file ends inside <\(name)> (opened on line \(openLines[openLines.count - 1]))", at: window.end)
        }
        window.reportProgress(final: true)
        pos = window.end
        return .eof
    }

    /// Finds `pattern` in the window from `from`.
    mutating func find(_ pattern: StaticString, from: Int) -> Int? {
        let b = window.base
        let n = pattern.utf8CodeUnitCount
        let first = Int32(pattern.utf8Start[0])
        var k = from
        while k + n <= window.end {
            guard let hit = memchr(b + k, first, window.end - k) else { return nil }
            let at = UnsafeMutablePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - b
            if at + n > window.end { return nil }
            if memcmp(b + at, pattern.utf8Start, n) == 0 { return at }
            k = at + 1
        }
        return nil
    }

    @inline(__always) static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D }

    mutating func scanTag(at lt: Int) throws(EventLogError) -> TagScan {
        let b = window.base
        let end = window.end
        if lt + 1 >= end { return .needMore }
        let c1 = b[lt + 1]
        if c1 == 0x2F {  // </name>
            guard let found = memchr(b + lt + 2, 0x3E, end - lt - 2) else { return .needMore }
            let gt = UnsafeMutablePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - b
            var nameEnd = gt
            while nameEnd > lt + 2, Self.isSpace(b[nameEnd - 1]) { nameEnd -= 1 }
            try closeElement(nameStart: lt + 2, nameEnd: nameEnd, at: lt)
            return .done(next: gt + 1, token: .end)
        }
        if c1 == 0x21 {  // <!-- -->, <![CDATA[ ]]>, <!DOCTYPE >
            if lt + 4 > end { return .needMore }
            if b[lt + 2] == 0x2D && b[lt + 3] == 0x2D {
                guard let close = find("-->", from: lt + 4) else { return .needMore }
                return .done(next: close + 3, token: nil)
            }
            if lt + 9 > end { return .needMore }
            if memcmp(b + lt + 2, "[CDATA[", 7) == 0 {
                guard let close = find("]]>", from: lt + 9) else { return .needMore }
                if reportsText {
                    textStart = lt + 9
                    textEnd = close
                    textIsCDATA = true
                    return .done(next: close + 3, token: .text)
                }
                return .done(next: close + 3, token: nil)
            }
            // A DOCTYPE, maybe with an internal subset in brackets.
            var k = lt + 2
            var depth = 0
            while k < end {
                let c = b[k]
                if c == 0x5B { depth += 1 } else if c == 0x5D { depth -= 1 } else if c == 0x3E && depth <= 0 { return .done(next: k + 1, token: nil) }
                k += 1
            }
            return .needMore
        }
        if c1 == 0x3F {  // <? ?>
            guard let close = find("?>", from: lt + 2) else { return .needMore }
            return .done(next: close + 2, token: nil)
        }
        // A start tag: the name, then attributes.
        var k = lt + 1
        while k < end {
            let c = b[k]
            if Self.isSpace(c) || c == 0x3E || c == 0x2F { break }
            k += 1
        }
        if k >= end { return .needMore }
        let nameStart = lt + 1, nameEnd = k
        if nameEnd == nameStart { throw error("a '<' that starts no tag (write &lt; for a literal '<')", at: lt) }
        attrCount = 0
        var selfClosing = false
        while true {
            while k < end, Self.isSpace(b[k]) { k += 1 }
            if k >= end { return .needMore }
            let c = b[k]
            if c == 0x3E { k += 1; break }
            if c == 0x2F {
                if k + 1 >= end { return .needMore }
                if b[k + 1] != 0x3E { throw error("expected '>' after '/' in a tag", at: k) }
                selfClosing = true
                k += 2
                break
            }
            let an = k
            while k < end {
                let d = b[k]
                if d == 0x3D || Self.isSpace(d) || d == 0x3E || d == 0x2F { break }
                k += 1
            }
            let anEnd = k
            while k < end, Self.isSpace(b[k]) { k += 1 }
            if k >= end { return .needMore }
            if b[k] != 0x3D || anEnd == an { throw error("expected name=\"value\" in the attributes of a tag", at: anEnd == an ? k : an) }
            k += 1
            while k < end, Self.isSpace(b[k]) { k += 1 }
            if k >= end { return .needMore }
            let quote = b[k]
            if quote != 0x22 && quote != 0x27 { throw error("expected a quoted attribute value", at: k) }
            guard let found = memchr(b + k + 1, Int32(quote), end - k - 1) else { return .needMore }
            let close = UnsafeMutablePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - b
            if attrCount == attrCapacity { growAttributes() }
            attrNameStart[attrCount] = an
            attrNameEnd[attrCount] = anEnd
            attrValueStart[attrCount] = k + 1
            attrValueEnd[attrCount] = close
            attrCount += 1
            k = close + 1
        }
        try openElement(nameStart: nameStart, nameEnd: nameEnd, selfClosing: selfClosing, at: lt)
        return .done(next: k, token: .start(selfClosing: selfClosing))
    }

    @inline(__always)
    mutating func openElement(nameStart: Int, nameEnd: Int, selfClosing: Bool, at lt: Int) throws(EventLogError) {
        if rootClosed { throw error("an element after the end of the <\(rootName)> element", at: lt) }
        self.nameStart = nameStart
        self.nameEnd = nameEnd
        if nameOffsets.isEmpty {
            rootName = String(decoding: UnsafeBufferPointer(start: window.base + nameStart, count: nameEnd - nameStart), as: UTF8.self)
            if selfClosing { rootClosed = true }
        }
        if selfClosing { return }
        nameOffsets.append(names.count)
        openLines.append(lineAt(lt))
        names.append(contentsOf: UnsafeBufferPointer(start: window.base + nameStart, count: nameEnd - nameStart))
    }

    @inline(__always)
    mutating func closeElement(nameStart: Int, nameEnd: Int, at lt: Int) throws(EventLogError) {
        var closing: String {
            String(decoding: UnsafeBufferPointer(start: window.base + nameStart, count: nameEnd - nameStart), as: UTF8.self)
        }
        guard !nameOffsets.isEmpty else {
            throw error("closing tag </\(closing)> without an opening tag", at: lt)
        }
        let offset = nameOffsets[nameOffsets.count - 1]
        let length = names.count - offset
        let closingName = window.base + nameStart
        let matches = length == nameEnd - nameStart
            && names.withUnsafeBufferPointer { memcmp($0.baseAddress! + offset, closingName, length) == 0 }
        if !matches {
            let open = String(decoding: names[offset...], as: UTF8.self)
            throw error("closing tag </\(closing)> does not match <\(open)> opened on line \(openLines[openLines.count - 1])", at: lt)
        }
        self.nameStart = nameStart
        self.nameEnd = nameEnd
        nameOffsets.removeLast()
        openLines.removeLast()
        names.removeSubrange(offset...)
        if nameOffsets.isEmpty { rootClosed = true }
    }

    // MARK: names and values

    /// The local name (after any prefix) of `b[s..<e]`.
    @inline(__always) func localName(_ s: Int, _ e: Int) -> (Int, Int) {
        var k = e - 1
        while k >= s {
            if window.base[k] == 0x3A { return (k + 1, e) }
            k -= 1
        }
        return (s, e)
    }

    /// Whether the current tag's local name is `name`.
    @inline(__always) func nameIs(_ name: StaticString) -> Bool {
        let (s, e) = localName(nameStart, nameEnd)
        return ByteScan.equals(window.base + s, e - s, name)
    }

    /// The current tag's name as written.
    var tagName: String {
        String(decoding: UnsafeBufferPointer(start: window.base + nameStart, count: nameEnd - nameStart), as: UTF8.self)
    }

    /// The index of the tag attribute named `name` (local name), or -1.
    @inline(__always) func tagAttribute(_ name: StaticString) -> Int {
        for a in 0..<attrCount {
            let (s, e) = localName(attrNameStart[a], attrNameEnd[a])
            if ByteScan.equals(window.base + s, e - s, name) { return a }
        }
        return -1
    }

    /// The bytes of the value of tag attribute `a`, entities decoded (then they sit in
    /// `scratch`, valid until the next call).
    mutating func value(_ a: Int) throws(EventLogError) -> (UnsafePointer<UInt8>, Int) {
        try decoded(attrValueStart[a], attrValueEnd[a])
    }

    /// The bytes `window.base[s..<e]` with entities decoded (in `scratch` when there are
    /// any, valid until the next call).
    mutating func decoded(_ s: Int, _ e: Int) throws(EventLogError) -> (UnsafePointer<UInt8>, Int) {
        let b = window.base
        guard memchr(b + s, 0x26, e - s) != nil else { return (UnsafePointer(b + s), e - s) }
        if e - s > scratchCapacity {
            scratch.deallocate()
            scratchCapacity = e - s
            scratch = .allocate(capacity: scratchCapacity)
        }
        var n = 0
        var k = s
        while k < e {
            let c = b[k]
            if c != 0x26 { scratch[n] = c; n += 1; k += 1; continue }
            guard let found = memchr(b + k, 0x3B, min(e - k, 12)) else { scratch[n] = c; n += 1; k += 1; continue }
            let semi = UnsafeMutablePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - b
            let name = String(decoding: UnsafeBufferPointer(start: b + k + 1, count: semi - k - 1), as: UTF8.self)
            var scalar: UInt32?
            switch name {
            case "amp": scalar = 0x26
            case "lt": scalar = 0x3C
            case "gt": scalar = 0x3E
            case "quot": scalar = 0x22
            case "apos": scalar = 0x27
            case let ref where ref.hasPrefix("#x") || ref.hasPrefix("#X"): scalar = UInt32(ref.dropFirst(2), radix: 16)
            case let ref where ref.hasPrefix("#"): scalar = UInt32(ref.dropFirst(), radix: 10)
            default: scalar = nil
            }
            guard let code = scalar, let u = Unicode.Scalar(code) else {
                throw error("unknown entity \"&\(name);\"", at: k)
            }
            // A character reference takes at least 4 bytes (&#9;), its UTF-8 at most 4: it fits.
            for byte in String(Character(u)).utf8 { scratch[n] = byte; n += 1 }
            k = semi + 1
        }
        return (UnsafePointer(scratch), n)
    }

    /// The value of tag attribute `a` as a string, or nil when it is not UTF-8.
    mutating func string(_ a: Int) throws(EventLogError) -> String? {
        let (p, n) = try value(a)
        if ByteScan.firstInvalidUTF8(p, n) != nil { return nil }
        return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }
}
