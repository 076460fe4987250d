// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "AllianceDashboard",
    // Linux only (see DECISIONS.md): the terminal backend uses glibc's signal and pty APIs,
    // Debian's ncursesw headers; macOS is neither built nor tested here.
    products: [
        .executable(name: "alliance", targets: ["alliance"]),
        .library(name: "AllianceCore", targets: ["AllianceCore"]),
        .library(name: "AllianceUI", targets: ["AllianceUI"]),
        .library(name: "AllianceTerminal", targets: ["AllianceTerminal"]),
        .library(name: "AllianceLink", targets: ["AllianceLink"]),
        .library(name: "AllianceLogs", targets: ["AllianceLogs"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // Pure core: case model, case files, replay engine, analysis, reports. No terminal code.
        .target(
            name: "AllianceCore",
            dependencies: ["CAllocatorTuning", .product(name: "Yams", package: "Yams")]
        ),
        // One setting of the C allocator (glibc's top pad) for programs that load big cases;
        // see AllocatorTuning.swift.
        .target(name: "CAllocatorTuning"),
        // The dashboard without a terminal: app state, actions, reduce, layout, widgets,
        // the cell grid and themes. Pure and snapshot-testable; imports no curses.
        .target(
            name: "AllianceUI",
            dependencies: ["AllianceCore", .product(name: "Yams", package: "Yams")]
        ),
        // libncursesw, as a system library (the shim header defines NCURSES_WIDECHAR and
        // wraps the macros Swift does not import).
        .systemLibrary(
            name: "CNcursesw",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncursesw5-dev"])]
        ),
        // Signal handlers in C, so that what runs inside them is async-signal-safe.
        .target(name: "CTerminalGuard"),
        // The thin terminal backend: draws changed cells, reads keys, reports the size.
        .target(
            name: "AllianceTerminal",
            dependencies: ["AllianceUI", "CNcursesw", "CTerminalGuard"]
        ),
        // The session link between the room's screen and the presenter view: a Unix socket,
        // newline-delimited JSON (docs/session-protocol.md), serviced by the terminal's own
        // poll loop. No curses.
        .target(
            name: "AllianceLink",
            dependencies: ["AllianceCore", "AllianceUI"]
        ),
        // The annotations journal on disk: append, flush, retry (file operations behind a
        // protocol so tests inject failures). No curses.
        .target(name: "AllianceStore", dependencies: ["AllianceCore"]),
        // zlib, as a system library: `.gz` logs are read directly.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // Event logs (CSV, XES, OCEL 2.0): streamed readers into a column store, the
        // process-mining metrics (handover of work, working together, routineness), and the
        // mapping from a log to a case. No curses.
        .target(name: "AllianceLogs", dependencies: ["AllianceCore", "CZlib", .product(name: "Yams", package: "Yams")]),
        // The command-line entry point: wires the core to the outside world.
        .executableTarget(
            name: "alliance",
            dependencies: [
                "AllianceCore",
                "AllianceUI",
                "AllianceTerminal",
                "AllianceLink",
                "AllianceStore",
                "AllianceLogs",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "AllianceCoreTests", dependencies: ["AllianceCore"], exclude: ["Fixtures"]),
        .testTarget(name: "AllianceUITests", dependencies: ["AllianceUI", "AllianceCore"], exclude: ["Snapshots"]),
        .testTarget(name: "AllianceLinkTests", dependencies: ["AllianceLink", "AllianceUI", "AllianceCore"]),
        .testTarget(name: "AllianceLogsTests", dependencies: ["AllianceLogs", "AllianceCore"], exclude: ["Fixtures"]),
        .testTarget(name: "AllianceCLITests", dependencies: ["AllianceCore", "AllianceUI", "AllianceTerminal", "AllianceLink", "AllianceStore", "alliance"], exclude: ["Golden"]),
    ],
    swiftLanguageModes: [.v6]
)
