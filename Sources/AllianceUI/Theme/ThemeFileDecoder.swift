import AllianceCore
import Yams

/// Reads a theme file (YAML, `theme: 1`) into a `Theme`, reporting every problem with its
/// `path:line:column`, the way case files are reported.
///
/// ```swift
/// let theme = try ThemeFileDecoder().decode(yaml: text, path: "solarized.yaml")
/// ```
public struct ThemeFileDecoder: Sendable {
    /// The format version this decoder reads (`theme: 1`).
    public static let formatVersion = 1

    /// The keys a role's entry takes.
    public static let roleKeys = ["fg", "bg", "bold", "underline", "reverse", "dim"]

    /// The keys at the top of a theme file.
    public static let topLevelKeys = ["theme", "name", "description", "background", "roles"]

    public init() {}

    /// Decodes a theme; throws every problem found, in file order.
    public func decode(yaml: String, path: String) throws(CaseFileError) -> Theme {
        let composed: Node?
        do {
            composed = try Yams.compose(yaml: yaml, .basic)
        } catch {
            // An unquoted `#808080` is a comment to YAML: inside `{ … }` it hides the closing
            // brace, and the parser reports a missing '}' on a later line. Name the cause too.
            let causes = Self.unquotedHexColours(in: yaml).map { Diagnostic(path: path, location: $0.location, message: Self.unquotedMessage($0.key)) }
            throw CaseFileError(diagnostics: (causes + [CaseFileDecoder.syntaxDiagnostic(error, path: path)]).sorted(by: Self.fileOrder), source: yaml)
        }
        guard let root = composed else {
            throw CaseFileError(diagnostics: [Diagnostic(
                path: path, location: SourceLocation(line: 1, column: 1),
                message: "the file is empty; expected a theme starting with 'theme: \(Self.formatVersion)'")], source: yaml)
        }
        let reader = YAMLReader(path: path)
        let theme = read(root, reader: reader, hexComments: Self.unquotedHexColours(in: yaml).map(\.location))
        if let theme, reader.diagnostics.isEmpty { return theme }
        throw CaseFileError(diagnostics: reader.diagnostics.sorted(by: Self.fileOrder), source: yaml)
    }

    /// Reads the file at `path` and decodes it. A missing, unreadable or non-UTF-8 file is
    /// reported as a single diagnostic naming the file.
    public func load(path: String) throws(CaseFileError) -> Theme {
        let text = try CaseFileDecoder.readText(path: path)
        return try decode(yaml: text, path: path)
    }

    private static func unquotedMessage(_ key: String) -> String {
        "unquoted hex colour for '\(key)': an unquoted # starts a YAML comment; put the colour in quotes (\"#rrggbb\")"
    }

    /// Where a colour key is followed by an unquoted `#` (`fg: #808080`): comments that
    /// start right after `fg:`, `bg:` or `background:`.
    static func unquotedHexColours(in yaml: String) -> [(key: String, location: SourceLocation)] {
        var found: [(key: String, location: SourceLocation)] = []
        for (index, line) in yaml.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let characters = Array(line)
            var quote: Character?
            for (column, c) in characters.enumerated() {
                if let q = quote {
                    if c == q { quote = nil }
                    continue
                }
                // A quote opens a quoted scalar only where a value can start (not in `it's`).
                if c == "\"" || c == "'", column == 0 || " \t{[,:".contains(characters[column - 1]) {
                    quote = c
                    continue
                }
                guard c == "#", column == 0 || characters[column - 1] == " " || characters[column - 1] == "\t" else { continue }
                // A comment starts here. Is it where a colour was expected?
                let before = String(characters[..<column]).trimmingSpaces()
                for key in ["fg", "bg", "background"] where before.hasSuffix(key + ":") {
                    let start = before.dropLast(key.count + 1).last
                    if start == nil || start == " " || start == "{" || start == "," || start == "\t" {
                        found.append((key, SourceLocation(line: index + 1, column: column + 1)))
                    }
                }
                break
            }
        }
        return found
    }

    private static func fileOrder(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        switch (a.location, b.location) {
        case let (x?, y?): x < y
        case (nil, _?): true
        default: false
        }
    }

    private func read(_ root: Node, reader: YAMLReader, hexComments: [SourceLocation]) -> Theme? {
        guard let top = reader.fields(root, at: "", what: "the theme file", allowed: Self.topLevelKeys) else { return nil }
        if let version = top.int("theme", required: true), version != Self.formatVersion {
            reader.error(
                "unsupported theme format version \(version); this version of alliance reads 'theme: \(Self.formatVersion)'",
                at: top.values["theme"])
        }
        let name = top.string("name", required: true)
        if let name, name.trimmingSpaces().isEmpty {
            reader.error("'name' is empty; give the theme a name", at: top.values["name"])
        }
        let description = top.string("description") ?? ""
        let background = color(top, "background", hexComments: hexComments) ?? .terminalDefault
        let roles = top.node("roles").map { readRoles($0, reader: reader, hexComments: hexComments) } ?? [:]
        guard let name else { return nil }
        return Theme(name: name, description: description, background: background, roles: roles)
    }

    private func readRoles(_ node: Node, reader: YAMLReader, hexComments: [SourceLocation]) -> [Role: RoleStyle] {
        if case .scalar(let s) = node, YAMLReader.isNull(s) { return [:] }
        guard case .mapping(let mapping) = node else {
            reader.error("expected 'roles' as a mapping of role names to styles, found \(YAMLReader.describe(node))", at: node)
            return [:]
        }
        let byKey = Dictionary(uniqueKeysWithValues: Role.allCases.map { ($0.themeKey, $0) })
        let keys = Role.allCases.map(\.themeKey)
        var roles: [Role: RoleStyle] = [:]
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                reader.error("expected a role name in 'roles'", at: key)
                continue
            }
            guard let role = byKey[name] else {
                let hint = Suggestions.hint(for: name, in: keys)
                let list = hint.isEmpty ? "; the roles are \(keys.joined(separator: ", "))" : hint
                reader.error("unknown role '\(TextSanitizer.singleLine(name))'\(list)", at: key)
                continue
            }
            if let style = readRole(value, name: name, reader: reader, hexComments: hexComments) { roles[role] = style }
        }
        return roles
    }

    private func readRole(_ node: Node, name: String, reader: YAMLReader, hexComments: [SourceLocation]) -> RoleStyle? {
        // `new: {}` and a bare `new:` both mean "no colours of its own, no attributes".
        if case .scalar(let s) = node, YAMLReader.isNull(s) { return RoleStyle() }
        guard let f = reader.fields(node, at: "roles.\(name)", what: "role '\(name)'", allowed: Self.roleKeys) else { return nil }
        var attributes: Attributes = []
        let flags: [(String, Attributes)] = [("bold", .bold), ("underline", .underline), ("reverse", .reverse), ("dim", .dim)]
        for (key, attribute) in flags where f.bool(key) == true {
            attributes.insert(attribute)
        }
        return RoleStyle(
            foreground: color(f, "fg", hexComments: hexComments), background: color(f, "bg", hexComments: hexComments),
            attributes: attributes)
    }

    /// A colour field: `default`, `#rrggbb` or `#rgb`; nil (with an error if present) otherwise.
    /// `hexComments` are where unquoted hex colours turned into comments (`fg: #808080`).
    private func color(_ f: Fields, _ key: String, hexComments: [SourceLocation]) -> ThemeColor? {
        guard let node = f.node(key) else { return nil }
        let expected = "\"#rrggbb\", \"#rgb\" or default"
        guard case .scalar(let s) = node else {
            f.reader.error("expected '\(key)' to be a colour (\(expected)), found \(YAMLReader.describe(node))", at: node)
            return nil
        }
        if YAMLReader.isNull(s) {
            // Point at the `#` that swallowed the colour, when that is what happened.
            let at = YAMLReader.location(of: node)
            let comment = at.flatMap { at in hexComments.first { $0.line == at.line && $0.column >= at.column } }
            f.reader.error(
                "expected '\(key)' to be a colour (\(expected)), found nothing; put hex colours in quotes, since an unquoted # starts a comment",
                at: comment ?? at)
            return nil
        }
        let text = s.string.trimmingSpaces()
        if text == "default" { return .terminalDefault }
        if let rgb = ColorMapping.parseHex(text) { return .rgb(rgb) }
        let hint = ColorMapping.parseHex("#" + text) != nil ? " (did you mean \"#\(text)\"?)" : ""
        f.reader.error("'\(TextSanitizer.singleLine(text))' is not a colour for '\(key)'\(hint); use \(expected)", at: node)
        return nil
    }
}
