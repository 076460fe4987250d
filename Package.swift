// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "AllianceDashboard",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "alliance", targets: ["alliance"]),
        .library(name: "AllianceCore", targets: ["AllianceCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // Pure core: case model, case files, replay engine, analysis, reports. No terminal code.
        .target(
            name: "AllianceCore",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        // The command-line entry point: wires the core to the outside world.
        .executableTarget(
            name: "alliance",
            dependencies: [
                "AllianceCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "AllianceCoreTests", dependencies: ["AllianceCore"]),
        .testTarget(name: "AllianceCLITests", dependencies: ["AllianceCore", "alliance"]),
    ],
    swiftLanguageModes: [.v6]
)
