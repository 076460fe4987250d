import AllianceCore
import ArgumentParser

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a large synthetic case (for trying the tools at scale).",
        discussion: """
            The same arguments always give the same case. Every patient follows a home-oxygen-like \
            journey with random delays and lapses, so every rule fires.
            """
    )

    @Option(help: ArgumentHelp("Number of patients.", valueName: "n"))
    var patients: Int = 2_000

    @Option(help: ArgumentHelp("Number of steps (about; each patient gets steps / patients).", valueName: "n"))
    var steps: Int = 100_000

    @Option(help: ArgumentHelp("Random seed.", valueName: "n"))
    var seed: UInt64 = 2024

    func validate() throws {
        guard patients >= 1, steps >= patients else {
            throw ValidationError("need at least one patient and at least as many steps as patients")
        }
    }

    func run() {
        print(CaseFileEncoder().encode(SyntheticCase.make(patients: patients, steps: steps, seed: seed)), terminator: "")
    }
}
