import Yams

/// A line and column in a source file, both counted from 1 (columns in characters).
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }
    public var description: String { "\(line):\(column)" }
}

/// Where each value of a decoded file came from, by its path in the document
/// (`timeline.11.actor`, `partners.0.actors.2.id`; list indices from 0).
///
/// It keeps the parsed YAML tree and walks it only when asked, so a file that decodes
/// without problems pays nothing for its positions.
public struct SourceMap: @unchecked Sendable {
    // The node tree is never mutated after parsing.
    private let root: Node?
    /// Model paths whose value sits elsewhere in the file (longest prefix wins).
    private let redirects: [String: String]

    public init() {
        root = nil
        redirects = [:]
    }

    package init(root: Node, redirects: [String: String] = [:]) {
        self.root = root
        self.redirects = redirects
    }

    /// The path in the file of a path in the model.
    private func components(_ path: String) -> [String] {
        let parts = path.split(separator: ".").map(String.init)
        guard !redirects.isEmpty else { return parts }
        for end in stride(from: parts.count, to: 0, by: -1) {
            if let target = redirects[parts[0..<end].joined(separator: ".")] {
                return target.split(separator: ".").map(String.init) + parts[end...]
            }
        }
        return parts
    }

    /// The location of exactly `path`, if the document has it.
    public subscript(path: String) -> SourceLocation? {
        node(at: components(path)).flatMap(YAMLReader.location)
    }

    /// The location of `path`, or of its nearest ancestor that has one.
    public func nearest(_ path: String) -> SourceLocation? {
        var components = components(path)
        while true {
            if let n = node(at: components), let l = YAMLReader.location(of: n) { return l }
            if components.isEmpty { return nil }
            components.removeLast()
        }
    }

    private func node(at components: [String]) -> Node? {
        guard var current = root else { return nil }
        var i = 0
        while i < components.count {
            switch current {
            case .sequence(let seq):
                guard let index = Int(components[i]), index >= 0, index < seq.count else { return nil }
                current = seq[index]
                i += 1
            case .mapping(let mapping):
                // Keys may contain dots (value names): try the longest run of components first.
                var found: Node?
                for end in stride(from: components.count, to: i, by: -1) {
                    let key = components[i..<end].joined(separator: ".")
                    if let value = mapping.first(where: { $0.key.scalar?.string == key })?.value {
                        found = value
                        i = end
                        break
                    }
                }
                guard let next = found else { return nil }
                current = next
            default:
                return nil
            }
        }
        return current
    }
}

/// One problem found in a file, rendered like a compiler's:
///
/// ```
/// case.yaml:14:12: error: unknown partner 'primay' (did you mean 'primary'?)
///    14 |     to: primay
///       |         ^
/// ```
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }

    public var path: String
    public var location: SourceLocation?
    public var severity: Severity
    public var message: String

    public init(path: String, location: SourceLocation?, severity: Severity = .error, message: String) {
        self.path = path
        self.location = location
        self.severity = severity
        self.message = message
    }

    /// `path:line:column: error: message` (without the snippet).
    public var description: String {
        let path = TextSanitizer.singleLine(self.path), message = TextSanitizer.singleLine(self.message)
        if let l = location { return "\(path):\(l.line):\(l.column): \(severity.rawValue): \(message)" }
        return "\(path): \(severity.rawValue): \(message)"
    }

    /// The headline followed by the offending line of `source` and a caret under the column.
    public func rendered(source: String?) -> String {
        guard let location, let source, let line = Diagnostic.line(location.line, of: source), !line.isEmpty else {
            return description
        }
        let number = String(location.line)
        let gutter = String(repeating: " ", count: number.count)
        let shown = TextSanitizer.singleLine(line)
        // The caret goes under the column-th character; tabs were turned into one space each.
        let caretPad = String(repeating: " ", count: max(0, min(location.column - 1, shown.count)))
        return "\(description)\n \(number) | \(shown)\n \(gutter) | \(caretPad)^"
    }

    static func line(_ number: Int, of source: String) -> String? {
        var current = 1
        var start = source.startIndex
        var i = source.startIndex
        while i < source.endIndex {
            if source[i] == "\n" {
                if current == number { return String(source[start..<i]).replacingTrailingCR() }
                current += 1
                start = source.index(after: i)
            }
            i = source.index(after: i)
        }
        return current == number ? String(source[start...]).replacingTrailingCR() : nil
    }
}

extension String {
    fileprivate func replacingTrailingCR() -> String {
        hasSuffix("\r") ? String(dropLast()) : self
    }
}

/// The problems that stopped a file from loading, all of them, in file order.
public struct CaseFileError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    /// The file's text, for snippets (nil when it could not be read).
    public var source: String?

    public init(diagnostics: [Diagnostic], source: String?) {
        self.diagnostics = diagnostics
        self.source = source
    }

    /// Every diagnostic with its snippet, one blank-free block each.
    public var rendered: String {
        diagnostics.map { $0.rendered(source: source) }.joined(separator: "\n")
    }

    public var description: String { rendered }
}
