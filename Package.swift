// swift-tools-version: 6.1
// HeliosDB: a self-tuning relational database. One module per layer; see ARCHITECTURE.md.
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "HeliosDB",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "heliosdb", targets: ["heliosdb"]),
        .executable(name: "heliosdb-bench", targets: ["HeliosBench"]),
        .executable(name: "helios-crash-worker", targets: ["HeliosCrashWorker"]),
        .library(name: "HeliosStorage", targets: ["HeliosStorage"]),
        .library(name: "HeliosSQL", targets: ["HeliosSQL"]),
        .library(name: "HeliosEngine", targets: ["HeliosEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.70.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.27.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
        // Tests only: a real Swift client (HeliosServerTests); no server target may depend on it.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
    ],
    targets: [
        .target(name: "HeliosCore", exclude: ["README.md"], swiftSettings: strict),
        .target(
            name: "HeliosStorage",
            dependencies: ["HeliosCore", .product(name: "DequeModule", package: "swift-collections")],
            exclude: ["README.md"],
            swiftSettings: strict),
        .target(name: "HeliosSQL", dependencies: ["HeliosCore"], exclude: ["README.md"], swiftSettings: strict),
        .target(name: "HeliosValues", dependencies: ["HeliosCore"], exclude: ["README.md"], swiftSettings: strict),
        .target(
            name: "HeliosEngine",
            dependencies: ["HeliosCore", "HeliosStorage", "HeliosSQL", "HeliosValues", "HeliosForecast"],
            exclude: ["README.md", "Expressions/README.md"],
            swiftSettings: strict),
        .target(
            name: "HeliosWire",
            dependencies: [
                "HeliosCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md"],
            swiftSettings: strict),
        .target(
            name: "HeliosServer",
            dependencies: ["HeliosCore", "HeliosEngine", "HeliosValues", "HeliosSQL", "HeliosWire",
                           .product(name: "Logging", package: "swift-log")],
            exclude: ["README.md"],
            swiftSettings: strict),
        .target(
            name: "HeliosClient",
            dependencies: ["HeliosCore", "HeliosWire", .product(name: "NIOCore", package: "swift-nio")],
            exclude: ["README.md"],
            swiftSettings: strict),
        .target(
            name: "HeliosWorkload",
            dependencies: ["HeliosCore", "HeliosClient"],
            exclude: ["README.md"],
            swiftSettings: strict),
        .target(name: "HeliosForecast", exclude: ["README.md"], swiftSettings: strict),
        .target(name: "HeliosTesting", dependencies: ["HeliosCore", "HeliosStorage"], exclude: ["README.md"],
                swiftSettings: strict),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        .executableTarget(
            name: "heliosdb",
            dependencies: [
                "HeliosCore", "HeliosStorage", "HeliosEngine", "HeliosServer", "HeliosWire", "HeliosWorkload",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md"],
            swiftSettings: strict),
        .executableTarget(
            name: "HeliosCrashWorker",
            dependencies: ["HeliosCore", "HeliosStorage", "HeliosTesting"],
            exclude: ["README.md"],
            swiftSettings: strict),
        .executableTarget(
            name: "HeliosBench",
            dependencies: [
                "HeliosCore", "HeliosStorage", "HeliosEngine", "HeliosValues", "HeliosForecast", "CSQLite",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["README.md"],
            swiftSettings: strict),
        .testTarget(
            name: "HeliosSQLTests",
            dependencies: ["HeliosCore", "HeliosSQL", "HeliosTesting"],
            swiftSettings: strict),
        .testTarget(
            name: "HeliosEngineTests",
            dependencies: ["HeliosCore", "HeliosStorage", "HeliosEngine", "HeliosTesting"],
            swiftSettings: strict),
        .testTarget(
            name: "HeliosWireTests",
            dependencies: [
                "HeliosCore", "HeliosWire", "HeliosTesting",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "HeliosServerTests",
            dependencies: [
                "HeliosCore", "HeliosTesting",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "HeliosClientTests",
            dependencies: ["HeliosCore", "HeliosClient", "HeliosWorkload", "HeliosTesting"],
            swiftSettings: strict),
        .testTarget(
            name: "HeliosWorkloadTests",
            dependencies: ["HeliosCore", "HeliosClient", "HeliosWorkload", "HeliosTesting"],
            swiftSettings: strict),
        .testTarget(
            name: "HeliosValuesTests",
            dependencies: ["HeliosCore", "HeliosValues", "HeliosTesting"],
            swiftSettings: strict),
        .testTarget(
            name: "HeliosForecastTests",
            dependencies: ["HeliosForecast"],
            swiftSettings: strict),
        .testTarget(
            name: "HeliosStorageTests",
            dependencies: ["HeliosCore", "HeliosStorage", "HeliosTesting"],
            swiftSettings: strict),
    ]
)
