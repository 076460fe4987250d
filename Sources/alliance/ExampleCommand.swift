import AllianceCore
import ArgumentParser

struct ExampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "example",
        abstract: "Print the built-in case as YAML, a starting point for writing your own.",
        discussion: "alliance example > my-case.yaml && alliance check my-case.yaml"
    )

    func run() {
        print(BuiltinCase.yaml, terminator: BuiltinCase.yaml.hasSuffix("\n") ? "" : "\n")
    }
}
