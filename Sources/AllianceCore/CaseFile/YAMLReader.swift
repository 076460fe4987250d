import Yams

/// Reads a composed YAML tree into typed values, collecting every problem with its
/// `line:column` instead of stopping at the first.
package final class YAMLReader {
    package let path: String
    package private(set) var diagnostics: [Diagnostic] = []

    package init(path: String) {
        self.path = path
    }

    package func error(_ message: String, at node: Node?) {
        diagnostics.append(Diagnostic(path: path, location: node.flatMap(YAMLReader.location), message: message))
    }

    package func error(_ message: String, at location: SourceLocation?) {
        diagnostics.append(Diagnostic(path: path, location: location, message: message))
    }

    package static func location(of node: Node) -> SourceLocation? {
        node.mark.map { SourceLocation(line: $0.line, column: $0.column) }
    }

    /// A null scalar: empty, `~` or `null` written plain (the case files' resolver resolves no tags).
    package static func isNull(_ s: Node.Scalar) -> Bool {
        s.style == .plain && (s.string.isEmpty || s.string == "~" || s.string == "null" || s.string == "Null" || s.string == "NULL")
    }

    /// A mapping's fields, or nil (with an error) when `node` is not a mapping.
    package func fields(_ node: Node, at keyPath: String, what: String, allowed: [String]) -> Fields? {
        guard case .mapping(let mapping) = node else {
            error("expected \(what) as a mapping of keys to values, found \(YAMLReader.describe(node))", at: node)
            return nil
        }
        var values: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                error("expected a plain key in \(what)", at: key)
                continue
            }
            guard allowed.contains(name) else {
                error("unknown key '\(name)' in \(what)\(Suggestions.hint(for: name, in: allowed))", at: key)
                continue
            }
            values[name] = value
        }
        return Fields(reader: self, node: node, path: keyPath, what: what, values: values)
    }

    /// A sequence's items, or nil (with an error). A null node reads as an empty list.
    package func items(_ node: Node, at keyPath: String, what: String) -> [(Node, String)]? {
        if case .scalar(let s) = node, YAMLReader.isNull(s) { return [] }
        guard case .sequence(let seq) = node else {
            error("expected \(what) as a list, found \(YAMLReader.describe(node))", at: node)
            return nil
        }
        return seq.enumerated().map { index, item in (item, "\(keyPath).\(index)") }
    }

    package static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let s):
            if isNull(s) { return "nothing" }
            let text = TextSanitizer.singleLine(s.string)
            return "'\(text.count > 40 ? String(text.prefix(40)) + "…" : text)'"
        }
    }
}

/// The fields of one mapping, read by name and type.
package struct Fields {
    package let reader: YAMLReader
    package let node: Node
    package let path: String
    package let what: String
    package let values: [String: Node]

    package func has(_ key: String) -> Bool { values[key] != nil }

    package func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    private func missing(_ key: String) {
        reader.error("missing required key '\(key)' in \(what)", at: node)
    }

    package func node(_ key: String, required: Bool = false) -> Node? {
        guard let n = values[key] else {
            if required { missing(key) }
            return nil
        }
        return n
    }

    package func string(_ key: String, required: Bool = false) -> String? {
        guard let n = node(key, required: required) else { return nil }
        guard case .scalar(let s) = n, !YAMLReader.isNull(s) else {
            reader.error("expected '\(key)' to be text, found \(YAMLReader.describe(n))", at: n)
            return nil
        }
        return s.string
    }

    /// An id: non-empty, letters, digits, `-`, `_`, `.`.
    package func id(_ key: String, required: Bool = true) -> String? {
        guard let text = string(key, required: required) else { return nil }
        guard Fields.isValidID(text) else {
            reader.error("'\(TextSanitizer.singleLine(text))' is not a valid id for '\(key)': use letters, digits, '-', '_' or '.', starting with a letter or digit", at: values[key])
            return nil
        }
        return text
    }

    package static func isValidID(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first,
              first.properties.isAlphabetic || ("0"..."9").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy {
            $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" || $0 == "."
        }
    }

    package func int(_ key: String, required: Bool = false, minimum: Int? = nil) -> Int? {
        guard let n = node(key, required: required) else { return nil }
        guard case .scalar(let s) = n, let v = Int(s.string.trimmingSpaces()) else {
            reader.error("expected '\(key)' to be a whole number, found \(YAMLReader.describe(n))", at: n)
            return nil
        }
        if let minimum, v < minimum {
            reader.error("expected '\(key)' to be at least \(minimum), found \(v)", at: n)
            return nil
        }
        return v
    }

    /// A window: whole days (`3`: by the end of calendar day trigger + 3) or a duration with
    /// a unit (`4h`, `90m`, `2d`, `30s`: an exact instant).
    package func window(_ key: String, required: Bool = false) -> Window? {
        guard let n = node(key, required: required) else { return nil }
        guard case .scalar(let s) = n, let w = Window(fileText: s.string.trimmingSpaces()) else {
            var found = YAMLReader.describe(n)
            if case .scalar(let s) = n, let v = Int(s.string.trimmingSpaces()), v < 0 { found = "\(v)" }
            reader.error("expected '\(key)' to be a number of days (3: by the end of the third calendar day after) or a duration with a unit (4h, 90m, 2d), found \(found)", at: n)
            return nil
        }
        return w
    }

    package func double(_ key: String, required: Bool = false) -> Double? {
        guard let n = node(key, required: required) else { return nil }
        guard case .scalar(let s) = n, let v = Double(s.string.trimmingSpaces()), v.isFinite else {
            reader.error("expected '\(key)' to be a number, found \(YAMLReader.describe(n))", at: n)
            return nil
        }
        return v
    }

    package func bool(_ key: String) -> Bool? {
        guard let n = node(key) else { return nil }
        if case .scalar(let s) = n {
            switch s.string.lowercased() {
            case "true", "yes", "on": return true
            case "false", "no", "off": return false
            default: break
            }
        }
        reader.error("expected '\(key)' to be true or false, found \(YAMLReader.describe(n))", at: n)
        return nil
    }

    /// A list of ids, also accepting a single id for a list of one.
    package func ids(_ key: String, required: Bool = false) -> [String]? {
        guard let n = node(key, required: required) else { return nil }
        if case .scalar = n {
            guard let one = id(key) else { return nil }
            return [one]
        }
        guard let items = reader.items(n, at: keyPath(key), what: "'\(key)'") else { return nil }
        var out: [String] = []
        for (item, _) in items {
            guard case .scalar(let s) = item, Fields.isValidID(s.string) else {
                reader.error("expected an id in '\(key)', found \(YAMLReader.describe(item))", at: item)
                continue
            }
            out.append(s.string)
        }
        return out
    }

    /// A date or date-time in ISO 8601.
    package func timestamp(_ key: String, required: Bool = false) -> Timestamp? {
        guard let text = string(key, required: required) else { return nil }
        guard let t = Timestamp(iso8601: text.trimmingSpaces()) else {
            reader.error("expected '\(key)' to be an ISO 8601 date or date-time such as 2024-01-08 or 2024-01-08T09:30:00Z, found '\(TextSanitizer.singleLine(text))'", at: values[key])
            return nil
        }
        return t
    }
}

extension String {
    package func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
