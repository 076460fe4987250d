import AllianceCore
import ArgumentParser

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate case files.",
        discussion: """
            Prints every problem as `path:line:column: error: message`, with the offending line and a caret.
            Exit status: 0 when every file is valid, 65 when a file has errors, 66 when a file cannot be read.
            """
    )

    @Argument(help: "Case files (YAML) to validate.", completion: .file(extensions: ["yaml", "yml"]))
    var files: [String]

    func run() throws {
        var worst: ExitCode?
        for file in files {
            do {
                let model = try CaseFileDecoder().load(path: file)
                let patients = model.patients.count, partners = model.partners.count
                print("\(TextSanitizer.singleLine(file)): ok (\(model.timeline.count) steps, \(partners) partners, \(patients) patients)")
            } catch {
                printError(error.rendered)
                let count = error.diagnostics.count
                if error.source != nil {
                    printError("\(TextSanitizer.singleLine(file)): \(count) error\(count == 1 ? "" : "s")")
                }
                let code = error.source == nil ? Exit.noInput : Exit.dataError
                if worst == nil || code == Exit.noInput { worst = code }
            }
        }
        if let worst { throw worst }
    }
}
