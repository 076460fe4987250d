import AllianceCore
import Foundation

/// The built-in themes, and finding a theme by name or file path (`--theme NAME|PATH`).
public enum ThemeCatalog {
    /// The built-in themes' names, in the order they are listed and cycled:
    /// default, light, high-contrast, monochrome, colorblind.
    public static let builtinNames: [String] = BuiltinThemes.files.map(\.name)

    /// The built-in themes, decoded once, in `builtinNames` order. The test suite decodes
    /// every built-in file, so this cannot fail at run time.
    public static let builtins: [Theme] = BuiltinThemes.files.map { file in
        do {
            return try ThemeFileDecoder().decode(yaml: file.yaml, path: "<built-in theme \(file.name)>")
        } catch {
            fatalError("the built-in theme '\(file.name)' does not decode:\n\(error)")
        }
    }

    /// The theme every session starts with unless told otherwise.
    public static var defaultTheme: Theme { builtins[0] }

    /// The built-in theme called `name`, if there is one.
    public static func builtin(named name: String) -> Theme? {
        builtinNames.firstIndex(of: name).map { builtins[$0] }
    }

    /// The text of the built-in theme file called `name`: a starting point for one's own theme.
    public static func builtinSource(named name: String) -> String? {
        BuiltinThemes.files.first { $0.name == name }?.yaml
    }

    /// A built-in theme by name, else the theme file at `nameOrPath`.
    ///
    /// A word that is neither a built-in name nor an existing file is reported as one
    /// diagnostic listing the built-in themes, with a did-you-mean when one is close.
    public static func load(nameOrPath: String) throws(CaseFileError) -> Theme {
        if let theme = builtin(named: nameOrPath) { return theme }
        let looksLikePath = nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml")
        if !looksLikePath, !FileManager.default.fileExists(atPath: nameOrPath) {
            let names = builtinNames.joined(separator: ", ")
            throw CaseFileError(diagnostics: [Diagnostic(
                path: nameOrPath, location: nil,
                message: "no built-in theme or theme file by this name\(Suggestions.hint(for: nameOrPath, in: builtinNames)); "
                    + "the built-in themes are \(names), or give the path of a theme file")], source: nil)
        }
        return try ThemeFileDecoder().load(path: nameOrPath)
    }

    /// Whether the environment asks for no colour: `NO_COLOR` set to anything but the empty
    /// string (https://no-color.org). Draw at depth `.none` then, whatever the theme.
    public static func noColorRequested(environment: [String: String]) -> Bool {
        guard let value = environment["NO_COLOR"] else { return false }
        return !value.isEmpty
    }
}
