import ArgumentParser

/// The options shared by the commands that show the dashboard (`open`, `snapshot`).
struct FrameOptions: ParsableArguments {
    @Argument(help: "A case file (YAML) or an event log (CSV, XES, OCEL). Default: the built-in case.", completion: .file(extensions: ["yaml", "yml"]))
    var file: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("The step to show: a number from 0 (before the first step) to the last, or a step id.", valueName: "step"))
    var at: String?

    @Option(name: .long, help: ArgumentHelp("The patient to select (an id). Default: the patient of the current step.", valueName: "id"))
    var patient: String?

    @Option(name: .long, help: ArgumentHelp("A theme name (see `alliance themes`) or a theme file.", valueName: "theme"))
    var theme: String?

    @Option(name: .customLong("with"), help: ArgumentHelp("Start with a what-if mechanism on (an id the case declares; repeatable). In the dashboard, m lists them.", valueName: "id"))
    var mechanisms: [String] = []
}
