// swift-tools-version: 6.1
// Benchmarks live in their own package so that `swift build` and `swift test` of the
// product never fetch or build the benchmark harness. Run: `cd Benchmarks && swift package benchmark`.
import Foundation
import PackageDescription

/// SwiftPM names a local package after its directory, so find out what the parent is called.
let parent = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "AllianceBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "CoreBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "AllianceCore", package: parent),
            ],
            path: "Benchmarks/CoreBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "DashboardBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "AllianceCore", package: parent),
                .product(name: "AllianceUI", package: parent),
                .product(name: "AllianceTerminal", package: parent),
            ],
            path: "Benchmarks/DashboardBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "LinkBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "AllianceCore", package: parent),
                .product(name: "AllianceUI", package: parent),
                .product(name: "AllianceTerminal", package: parent),
                .product(name: "AllianceLink", package: parent),
            ],
            path: "Benchmarks/LinkBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
