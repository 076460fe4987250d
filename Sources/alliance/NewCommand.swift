import AllianceCore
import ArgumentParser
import Foundation

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Write a commented starting case: every section of the format, and a tiny story that already raises one alert of each kind.",
        discussion: """
            Then edit it with the dashboard watching it: `alliance open my-case.yaml --watch` in one \
            terminal, your editor in another. Without FILE the case goes to standard output.
            """
    )

    @Argument(help: "The file to write (refused if it exists, unless --force).", completion: .file(extensions: ["yaml", "yml"]))
    var file: String?

    @Option(name: .long, help: ArgumentHelp("Partners (\(CaseScaffold.minimumPartners)–\(CaseScaffold.maximumPartners)): the story's three, and placeholders for the rest.", valueName: "n"))
    var partners = CaseScaffold.minimumPartners

    @Option(name: .long, help: ArgumentHelp("Patients (\(CaseScaffold.minimumPatients)–\(CaseScaffold.maximumPatients)): the story's two, and simple journeys for the rest.", valueName: "n"))
    var patients = CaseScaffold.minimumPatients

    @Flag(name: .long, help: "Overwrite FILE if it exists.")
    var force = false

    func validate() throws {
        guard (CaseScaffold.minimumPartners...CaseScaffold.maximumPartners).contains(partners) else {
            throw ValidationError("--partners must be from \(CaseScaffold.minimumPartners) to \(CaseScaffold.maximumPartners) (the story needs three)")
        }
        guard (CaseScaffold.minimumPatients...CaseScaffold.maximumPatients).contains(patients) else {
            throw ValidationError("--patients must be from \(CaseScaffold.minimumPatients) to \(CaseScaffold.maximumPatients) (the story needs two)")
        }
    }

    func run() throws {
        let text = CaseScaffold.text(partners: partners, patients: patients)
        guard let file, file != "-" else {
            FileHandleWriter.write(text, fd: 1)
            return
        }
        if FileManager.default.fileExists(atPath: file), !force {
            printError("error: \(TextSanitizer.singleLine(file)) exists; `alliance new` does not overwrite a file unless --force is given")
            throw ExitCode(73)  // EX_CANTCREAT
        }
        do {
            try text.write(toFile: file, atomically: true, encoding: .utf8)
        } catch {
            printError("error: cannot write \(TextSanitizer.singleLine(file)): \(error.localizedDescription)")
            throw ExitCode(73)
        }
        print("""
            Wrote \(TextSanitizer.singleLine(file)): \(partners) partners, \(patients) patients, a story that raises one alert of each kind.
            Next: `alliance check \(file)`, then `alliance open \(file) --watch` while you edit it.
            """)
    }
}
