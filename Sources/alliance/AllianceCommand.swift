import AllianceCore
import ArgumentParser

@main
struct AllianceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alliance",
        abstract: "Step through a case of inter-organizational coordination: routines, handoffs and lost knowledge.",
        discussion: """
            Without a subcommand, prints the analysis of the built-in case ("Home oxygen therapy in Barcelona").
            Case files are YAML: `alliance example > my-case.yaml` writes a complete one to start from.
            """,
        version: AllianceVersion.current,
        subcommands: [ReportCommand.self, SnapshotCommand.self, CheckCommand.self, ExampleCommand.self, GenerateCommand.self],
        defaultSubcommand: ReportCommand.self
    )
}

enum AllianceVersion {
    static let current = "0.1.0"
}
