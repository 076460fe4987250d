import AllianceUI
import ArgumentParser

struct ThemesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "themes",
        abstract: "List the built-in themes.",
        discussion: "Use one with `alliance --theme NAME`, or write your own (docs/themes.md) and pass its path."
    )

    func run() {
        let width = ThemeCatalog.builtinNames.map(\.count).max() ?? 0
        for theme in ThemeCatalog.builtins {
            print(theme.name + String(repeating: " ", count: width - theme.name.count + 2) + theme.description)
        }
    }
}
