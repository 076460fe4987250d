/// Short labels for partners, patients and actors that tell them apart within a case.
///
/// A case may declare one (`short:`); otherwise the shortest distinguishing form of the
/// name is computed: the first word where it is unique (`Joan`, `CatSalut`), then forms
/// that keep what differs (`Joan F.` / `Joan P.` for people, `H. del Mar` / `H. Litoral`
/// for organisations, `Patient 802` when the names end in a number), then the full name.
///
/// ```swift
/// ShortLabels.organisations(["Hospital del Mar", "Hospital Litoral"])  // ["H. del Mar", "H. Litoral"]
/// ShortLabels.people(["Joan Ferrer", "Joan Puig", "Maria Soler"])     // ["Joan F.", "Joan P.", "Maria"]
/// ```
public struct ShortLabels: Sendable, Equatable {
    /// Per partner, per patient, and per actor (actors in declaration order, partner by partner).
    public private(set) var partners: [String], patients: [String], actors: [String]
    /// The names sentences use: the full name, or the short label where two share a name
    /// (two partners called "Hospital" would otherwise be the same in every sentence).
    public private(set) var partnerNames: [String], patientNames: [String], actorNames: [String]

    public init(_ model: CaseModel) {
        partners = Self.organisations(model.partners.map(\.name), declared: model.partners.map(\.short))
        patients = Self.people(model.patients.map(\.name), declared: model.patients.map(\.short))
        let actors = model.partners.flatMap(\.actors)
        self.actors = Self.people(actors.map(\.name), declared: actors.map(\.short))
        partnerNames = Self.distinctNames(model.partners.map(\.name), labels: partners)
        patientNames = Self.distinctNames(model.patients.map(\.name), labels: patients)
        actorNames = Self.distinctNames(actors.map(\.name), labels: self.actors)
    }

    /// The labels with `added` patients after `existing` ones (a followed log's new cases),
    /// or nil when that would change a label or a sentence's name of an existing patient
    /// (the analysis's sentences already name them).
    func adding(patients added: [Patient], to existing: [Patient]) -> ShortLabels? {
        let all = existing + added
        let names = all.map(\.name)
        let labels = Self.people(names, declared: all.map(\.short))
        let sentenceNames = Self.distinctNames(names, labels: labels)
        guard labels[..<existing.count].elementsEqual(patients), sentenceNames[..<existing.count].elementsEqual(patientNames) else { return nil }
        var out = self
        out.patients = labels
        out.patientNames = sentenceNames
        return out
    }

    /// Each name, unless another has the same one: then its (unique) label.
    static func distinctNames(_ names: [String], labels: [String]) -> [String] {
        var count: [String: Int] = [:]
        for n in names { count[n, default: 0] += 1 }
        return names.indices.map { count[names[$0]]! > 1 ? labels[$0] : names[$0] }
    }

    /// Labels for people: `Joan`, then `Joan F.`, then the full name.
    public static func people(_ names: [String], declared: [String?] = []) -> [String] {
        distinct(names, declared: declared) { words in
            guard words.count > 1 else { return [] }
            let last = words[words.count - 1]
            if isTitle(words[0]) { return [words[0] + " " + words[1], words[0] + " " + words[1] + " " + initial(last)] }
            if isNumber(last) { return [words[0], words[0] + " " + last] }
            return [words[0], words[0] + " " + initial(last)]
        }
    }

    /// Labels for organisations: `Hospital`, then `H. del Mar`, then the full name.
    public static func organisations(_ names: [String], declared: [String?] = []) -> [String] {
        distinct(names, declared: declared) { words in
            guard words.count > 1 else { return [] }
            let last = words[words.count - 1]
            if isNumber(last) { return [words[0], words[0] + " " + last] }
            return [words[0], initial(words[0]) + " " + words.dropFirst().joined(separator: " ")]
        }
    }

    /// Gives every name its first candidate that no other name shares; declared labels are
    /// kept as they are and never given to another name.
    static func distinct(_ names: [String], declared: [String?], candidates: ([String]) -> [String]) -> [String] {
        let n = names.count
        var options: [[String]] = []
        for (i, name) in names.enumerated() {
            if i < declared.count, let d = declared[i] { options.append([d]); continue }
            let words = name.split(whereSeparator: \.isWhitespace).map(String.init)
            var list = candidates(words).filter { !$0.isEmpty }
            let full = words.joined(separator: " ")
            list.append(full.isEmpty ? name : full)
            options.append(list)
        }
        var choice = [Int](repeating: 0, count: n)
        func label(_ i: Int) -> String { options[i][choice[i]] }
        // Move every colliding name to its next form until nothing collides (or no form is left).
        while true {
            var owners: [String: [Int]] = [:]
            for i in 0..<n { owners[label(i), default: []].append(i) }
            var moved = false
            for (_, group) in owners where group.count > 1 {
                for i in group where choice[i] + 1 < options[i].count {
                    choice[i] += 1
                    moved = true
                }
            }
            if !moved { break }
        }
        // Still the same (identical names, or a name equal to another's declared label):
        // number the computed ones in order.
        var out = (0..<n).map(label)
        let isDeclared = (0..<n).map { $0 < declared.count && declared[$0] != nil }
        let counts = Dictionary(out.map { ($0, 1) }, uniquingKeysWith: +)
        var seen: [String: Int] = [:]
        for i in 0..<n where counts[out[i]]! > 1 && !isDeclared[i] {
            seen[out[i], default: 0] += 1
            out[i] += " (\(seen[out[i]]!))"
        }
        return out
    }

    static func initial(_ word: String) -> String {
        guard let c = word.first else { return word }
        return c.isLetter ? "\(c)." : word
    }

    static func isNumber(_ word: String) -> Bool { word.first?.isNumber == true }

    /// `Dr`, `Mr.`, `Sr`: a short first word that names a title, not the person.
    static func isTitle(_ word: String) -> Bool {
        if word.count >= 2, word.count <= 5, word.hasSuffix("."), word.dropLast().allSatisfy(\.isLetter) { return true }
        return ["Dr", "Dra", "Mr", "Mrs", "Ms", "Sr", "Sra", "Srta", "Prof", "Fr"].contains(word)
    }
}
