import AllianceCore
import ArgumentParser

/// Exit statuses, after sysexits.h.
enum Exit {
    /// The input data was incorrect (a case file with errors).
    static let dataError = ExitCode(65)
    /// An input file did not exist or was not readable.
    static let noInput = ExitCode(66)
    /// The command was used incorrectly.
    static let usage = ExitCode(64)
}

/// Loads the case named on the command line, or the built-in one; on failure prints every
/// problem to standard error and throws the matching exit code.
func loadCase(_ path: String?) throws -> (model: CaseModel, name: String) {
    guard let path else { return (BuiltinCase.model, BuiltinCase.name) }
    do {
        return (try CaseFileDecoder().load(path: path), path)
    } catch {
        printError(error.rendered)
        let unreadable = error.source == nil
        throw unreadable ? Exit.noInput : Exit.dataError
    }
}

func printError(_ text: String) {
    var stderr = StandardError()
    print(text, to: &stderr)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandleWriter.write(string, fd: 2)
    }
}
