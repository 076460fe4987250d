import Foundation
import AllianceCore

/// How the patient list is ordered (Tab cycles).
public enum PatientSort: Int, Sendable, CaseIterable {
    /// Most active alerts first, then most alerts raised, then by name.
    case alerts
    /// By name, numbers in names by value (`Patient 9` before `Patient 10`).
    case name
    /// Most recent activity first; patients nothing has happened to yet last.
    case lastActivity

    public var label: String {
        switch self {
        case .alerts: "alerts"
        case .name: "name"
        case .lastActivity: "last activity"
        }
    }
}

/// A move of the list's selection.
public enum ListMove: Sendable, Equatable {
    case up, down, pageUp, pageDown, first, last
}

/// The patient list (`P`, `/`): a search on name or id, a sort order, the selection, and the
/// rows, worked out once per change of query, sort, step or case (`Reducer`), never per frame.
/// The renderer lays out only the rows in view.
public struct PatientListState: Sendable {
    /// The search text (name or id, any case, accents ignored).
    public var query = TextInput(purpose: .search)
    /// Keys go to the search text (`/`); otherwise they move the selection.
    public var typing = false
    public var sort: PatientSort = .alerts
    /// Index into `rows` of the selected row.
    public var cursor = 0
    /// Index into `rows` of the first row in view.
    public var top = 0
    /// The patients that match, in order.
    public private(set) var rows: [Int32] = []
    /// What `rows` were worked out for.
    private var basis: Basis?
    /// Search keys and name order of the case's patients, built once per case.
    private var directory: PatientDirectory?

    struct Basis: Equatable {
        var analysis: ObjectIdentifier, generation: Int, step: Int, sort: PatientSort, query: String
    }

    public init() {}

    /// The selected patient, if any row is there.
    public var selected: Int? { rows.indices.contains(cursor) ? Int(rows[cursor]) : nil }

    /// Brings `rows` up to date with the query, sort and step (a no-op when they have not
    /// changed). A query that extends the previous one filters the previous rows (their order
    /// stands); anything else filters and sorts all patients once.
    mutating func refresh(_ analysis: Analysis, step: Int) {
        if directory?.analysis !== analysis || directory?.generation != analysis.generation { directory = PatientDirectory(analysis); basis = nil }
        let dir = directory!
        let query = PatientDirectory.fold(query.text)
        let new = Basis(analysis: ObjectIdentifier(analysis), generation: analysis.generation, step: step, sort: sort, query: query)
        guard new != basis else { return }
        let needle = Array(query.utf8)
        if let old = basis, old.analysis == new.analysis, old.generation == new.generation, old.step == step, old.sort == sort, old.query.isEmpty || query.contains(old.query) {
            rows = rows.filter { dir.matches(Int($0), needle) }
        } else {
            rows = PatientListState.order(dir, analysis.state(at: step), sort: sort, needle: needle)
        }
        if basis?.query != query { cursor = 0; top = 0 }
        basis = new
        cursor = min(cursor, max(0, rows.count - 1))
    }

    /// Forgets the case's search keys (another case is on screen and the list is closed).
    mutating func release(unless analysis: Analysis) {
        if directory?.analysis !== analysis || directory?.generation != analysis.generation {
            directory = nil
            basis = nil
            rows = []
        }
    }

    static func order(_ dir: PatientDirectory, _ state: CaseState, sort: PatientSort, needle: [UInt8]) -> [Int32] {
        let n = dir.count
        if sort == .name {
            return needle.isEmpty ? dir.byName : dir.byName.filter { dir.matches(Int($0), needle) }
        }
        var rows = needle.isEmpty ? (0..<Int32(n)).map { $0 } : (0..<Int32(n)).filter { dir.matches(Int($0), needle) }
        let rank = dir.nameRank
        switch sort {
        case .alerts:
            // Keys worked out once per patient, then one sort.
            var key = [Int64](repeating: 0, count: n)
            for x in rows {
                let i = Int(x)
                key[i] = Int64(state.alertTally(patient: i).total) << 32 | Int64(min(state.alertsRaised(patient: i), Int(Int32.max)))
            }
            rows.sort { key[Int($0)] != key[Int($1)] ? key[Int($0)] > key[Int($1)] : rank[Int($0)] < rank[Int($1)] }
        case .lastActivity:
            var key = [Int](repeating: 0, count: n)
            for x in rows { key[Int(x)] = state.lastActionStep(patient: Int(x)) ?? 0 }
            rows.sort { key[Int($0)] != key[Int($1)] ? key[Int($0)] > key[Int($1)] : rank[Int($0)] < rank[Int($1)] }
        case .name: break
        }
        return rows
    }

    /// Keeps the selection in view in a list of `height` rows.
    mutating func scrollIntoView(height: Int) {
        let h = max(1, height)
        cursor = min(max(0, cursor), max(0, rows.count - 1))
        if cursor < top { top = cursor }
        if cursor >= top + h { top = cursor - h + 1 }
        top = max(0, min(top, max(0, rows.count - h)))
    }

    mutating func move(_ m: ListMove, page: Int) {
        let last = max(0, rows.count - 1)
        switch m {
        case .up: cursor -= 1
        case .down: cursor += 1
        case .pageUp: cursor -= max(1, page)
        case .pageDown: cursor += max(1, page)
        case .first: cursor = 0
        case .last: cursor = last
        }
        cursor = min(max(0, cursor), last)
    }
}

/// The case's patients as the list searches and sorts them: folded (lower case, no accents)
/// name and id bytes in one buffer, and the name order. Built once per case.
final class PatientDirectory: Sendable {
    let analysis: Analysis
    /// The analysis's generation it was built for (a followed log's case grows in place).
    let generation: Int
    /// Per patient x: `bytes[offsets[x] ..< offsets[x + 1]]` is its folded name, a 0 byte,
    /// its folded id (the 0 never matches: a search never spans name and id).
    let bytes: [UInt8], offsets: [Int]
    /// Where each patient's name ends (its 0 byte).
    let nameEnds: [Int]
    /// Patients by name; each patient's place in that order.
    let byName: [Int32], nameRank: [Int32]
    var count: Int { offsets.count - 1 }

    init(_ analysis: Analysis) {
        self.analysis = analysis
        generation = analysis.generation
        let patients = analysis.model.patients
        var bytes: [UInt8] = []
        var offsets = [0], nameEnds: [Int] = []
        offsets.reserveCapacity(patients.count + 1)
        nameEnds.reserveCapacity(patients.count)
        for x in patients.indices {
            PatientDirectory.appendFolded(analysis.patientName(x), to: &bytes)
            nameEnds.append(bytes.count)
            bytes.append(0)
            PatientDirectory.appendFolded(patients[x].id, to: &bytes)
            offsets.append(bytes.count)
        }
        let order = bytes.withUnsafeBufferPointer { b in
            patients.indices.sorted { x, y in
                let c = PatientDirectory.naturalCompare(b[offsets[x]..<nameEnds[x]], b[offsets[y]..<nameEnds[y]])
                return c != 0 ? c < 0 : x < y
            }
        }
        self.bytes = bytes
        self.offsets = offsets
        self.nameEnds = nameEnds
        byName = order.map { Int32($0) }
        var rank = [Int32](repeating: 0, count: patients.count)
        for (i, x) in order.enumerated() { rank[x] = Int32(i) }
        nameRank = rank
    }

    /// Lower case, accents dropped, as searches compare.
    static func fold(_ s: String) -> String {
        var bytes: [UInt8] = []
        appendFolded(s, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends s folded: ASCII (ids, most log case names) lower-cased byte by byte, anything
    /// else through Foundation's folding.
    static func appendFolded(_ s: String, to bytes: inout [UInt8]) {
        if s.utf8.allSatisfy({ $0 < 0x80 }) {
            for c in s.utf8 { bytes.append(c >= 65 && c <= 90 ? c + 32 : c) }
        } else {
            bytes += s.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).utf8
        }
    }

    /// Whether patient x's name or id contains `needle` (folded bytes).
    func matches(_ x: Int, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        let lo = offsets[x], end = offsets[x + 1] - needle.count
        guard lo <= end else { return false }
        return bytes.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { n in
                var i = lo
                while i <= end {
                    if hay[i] == first {
                        var j = 1
                        while j < n.count, hay[i + j] == n[j] { j += 1 }
                        if j == n.count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }

    /// Compares byte strings with runs of digits compared by value (`9` < `10`).
    static func naturalCompare<C: RandomAccessCollection<UInt8>>(_ a: C, _ b: C) -> Int where C.Index == Int {
        func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        var i = a.startIndex, j = b.startIndex
        while i < a.endIndex, j < b.endIndex {
            if isDigit(a[i]), isDigit(b[j]) {
                var i2 = i, j2 = j
                while i2 < a.endIndex, isDigit(a[i2]) { i2 += 1 }
                while j2 < b.endIndex, isDigit(b[j2]) { j2 += 1 }
                // Leading zeros aside, the longer run is the larger number.
                var si = i, sj = j
                while si < i2 - 1, a[si] == 48 { si += 1 }
                while sj < j2 - 1, b[sj] == 48 { sj += 1 }
                if i2 - si != j2 - sj { return i2 - si < j2 - sj ? -1 : 1 }
                for (x, y) in zip(a[si..<i2], b[sj..<j2]) where x != y { return x < y ? -1 : 1 }
                i = i2
                j = j2
            } else {
                if a[i] != b[j] { return a[i] < b[j] ? -1 : 1 }
                i += 1
                j += 1
            }
        }
        let restA = a.endIndex - i, restB = b.endIndex - j
        return restA < restB ? -1 : restA == restB ? 0 : 1
    }
}

extension PatientListState: Equatable {
    public static func == (a: PatientListState, b: PatientListState) -> Bool {
        a.query == b.query && a.typing == b.typing && a.sort == b.sort && a.cursor == b.cursor && a.top == b.top && a.rows == b.rows
    }
}

/// Where the list is drawn, shared by the renderer and the reducer (a page is what is in view).
enum PatientListLayout {
    static func rect(_ size: Size) -> Rect {
        let margin = max(1, size.width / 20)
        return Rect(x: margin, y: 2, width: size.width - 2 * margin, height: size.height - 4)
    }
    /// Lines above the rows: the sort, the search line, the column heads.
    static let headLines = 3
    static func rowsInView(_ size: Size) -> Int { max(1, rect(size).height - 2 - headLines) }
}

extension Reducer {
    /// `P` opens the list as it was left; `/` opens it with a new search, keys going to it.
    static func openPatientList(_ s: inout AppState, search: Bool) {
        if s.overlay != .patients {
            s.overlay = .patients
            s.overlayScroll = 0
        } else if !search {
            s.overlay = nil  // P again closes it
            return
        }
        if search {
            s.patientList.query = TextInput(purpose: .search)
            s.patientList.typing = true
        }
    }

    /// The list's keys; nil: the action is the other overlays' (quit, help, themes, stepping).
    static func reducePatientList(_ s: inout AppState, _ action: Action) -> Effect?? {
        let page = PatientListLayout.rowsInView(s.size)
        switch action {
        case .patientListEdit(let edit):
            s.patientList.typing = true
            if edit == .cancel { return reducePatientList(&s, .close) }
            s.patientList.query.apply(edit)
        case .patientListSort:
            let all = PatientSort.allCases
            s.patientList.sort = all[(s.patientList.sort.rawValue + 1) % all.count]
        case .patientListMove(let m): s.patientList.move(m, page: page)
        case .scrollUp: s.patientList.move(.up, page: page)
        case .scrollDown: s.patientList.move(.down, page: page)
        case .pageUp: s.patientList.move(.pageUp, page: page)
        case .pageDown: s.patientList.move(.pageDown, page: page)
        case .open:
            // Enter: the selected patient on the dashboard, kept (not following the steps).
            guard let x = s.patientList.selected else { return .some(nil) }
            s.overlay = nil
            s.patientList.typing = false
            selectPatient(&s, x)
            s.focus = .patient
            s.notice = "\(s.analysis.patientName(x)) selected (f: follow the patient of each step again)"
        case .close:
            // Esc: a search is cleared first, then the list closes.
            if !s.patientList.query.text.isEmpty {
                s.patientList.query = TextInput(purpose: .search)
            } else {
                s.overlay = nil
            }
            s.patientList.typing = false
        case .resize(let size): s.size = size
        default: return nil
        }
        return .some(nil)
    }

    /// After every action: the list's rows for this step and query (worked out only when they
    /// changed), the selection in view; a closed list lets go of another case's search keys.
    static func syncPatientList(_ s: inout AppState) {
        guard s.overlay == .patients else {
            s.patientList.release(unless: s.analysis)
            return
        }
        // The step the panels show (the one before, while a staged step is held back).
        s.patientList.refresh(s.analysis, step: s.consequenceState.step)
        s.patientList.scrollIntoView(height: PatientListLayout.rowsInView(s.size))
    }
}

extension KeyBinding {
    /// The action for a key in the patient list; nil: the key is the other overlays' (q, ?,
    /// n and p step and close the list). While typing, every key but the moves goes to the search.
    static func patientListAction(for key: Key, typing: Bool) -> Action? {
        switch key {
        case .up: return .patientListMove(.up)
        case .down: return .patientListMove(.down)
        case .pageUp, .character("\u{15}"): return .patientListMove(.pageUp)
        case .pageDown, .character("\u{04}"): return .patientListMove(.pageDown)
        case .home: return .patientListMove(.first)
        case .end: return .patientListMove(.last)
        case .enter: return .open
        case .escape: return .close
        case .tab, .backTab: return .patientListSort
        case .backspace: return .patientListEdit(.backspace)
        default: break
        }
        if typing {
            switch key {
            case .character(let c): return .patientListEdit(.insert(String(c)))
            case .left: return .patientListEdit(.left)
            case .right: return .patientListEdit(.right)
            case .delete: return .patientListEdit(.delete)
            case .interrupt: return .patientListEdit(.cancel)
            default: return nil
            }
        }
        switch key {
        case .character("/"): return .searchPatients
        case .character("j"): return .patientListMove(.down)
        case .character("k"): return .patientListMove(.up)
        case .character("g"): return .patientListMove(.first)
        case .character("G"): return .patientListMove(.last)
        default: return nil
        }
    }

    /// The footer's hints in the patient list, most useful first (the footer keeps what fits).
    static func patientListFooter(typing: Bool) -> [String] {
        typing ? ["↑/↓ move", "Enter select", "Tab sort", "Esc clear", "Backspace edit"]
            : ["↑/↓ move", "Enter select", "/ search", "Tab sort", "Esc close", "n/→ next", "p/← back", "? help", "q quit"]
    }

    /// What a paste does: text for the open input line or the list's search; nil: nothing.
    public static func pasteAction(_ text: String, in state: AppState) -> Action? {
        if state.annotations.input != nil { return .textInput(.insert(text)) }
        if state.overlay == .patients, !state.blank {
            // Keys typed fast enough arrive as one burst: `/` then a name, in the list but
            // not yet searching, is the search key followed by the text to search for.
            if !state.patientList.typing, state.patientList.query.characters.isEmpty, text.hasPrefix("/") {
                return .patientListEdit(.insert(String(text.dropFirst())))
            }
            return .patientListEdit(.insert(text))
        }
        return nil
    }
}
