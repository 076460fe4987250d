import Foundation
import AllianceCore
import ArgumentParser

@main
struct AllianceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alliance",
        abstract: "Step through a case of inter-organizational coordination: routines, handoffs and lost knowledge.",
        discussion: """
            Without a subcommand, opens the dashboard on the built-in case ("Home oxygen therapy in Barcelona").

            Case files are YAML: `alliance example > my-case.yaml` writes a complete one to start from.
            """,
        version: AllianceVersion.current,
        subcommands: [OpenCommand.self, PresenterCommand.self, FollowCommand.self, NewCommand.self, ImportCommand.self, ReportCommand.self, SnapshotCommand.self, CheckCommand.self, ExampleCommand.self, ThemesCommand.self, GenerateCommand.self, ProfileRenderCommand.self],
        defaultSubcommand: OpenCommand.self
    )

    /// Sets up the allocator for big cases (see `AllocatorTuning`), then parses and runs.
    static func main() {
        AllocatorTuning.apply(environment: ProcessInfo.processInfo.environment)
        main(nil)
    }
}

enum AllianceVersion {
    static let current = "0.1.0"
}
