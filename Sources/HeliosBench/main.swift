// heliosdb-bench: HeliosDB side by side with other databases, one subcommand per layer.
//
//     swift run -c release heliosdb-bench storage [--rows N] [--seconds S] [--dir PATH]
//     swift run -c release heliosdb-bench sql [--rows N] [--seconds S] [--dir PATH]
//     swift run -c release heliosdb-bench autopilot [--trace FILE ...]

import ArgumentParser

struct HeliosBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "heliosdb-bench",
        abstract: "Benchmarks HeliosDB against other databases, side by side in one run.",
        subcommands: [StorageCommand.self, SQLCommand.self, AutopilotCommand.self])
}

/// The options every benchmark takes.
struct BenchmarkOptions: ParsableArguments {
    @Option(help: "Rows in the main table or tree; the other figures scale with it.")
    var rows = 1_000_000

    @Option(help: "Seconds each durable-commit figure runs.")
    var seconds = 3.0

    @Option(help: "Directory in which to make the temporary data directories.")
    var dir = "/tmp"

    func validate() throws {
        guard rows >= 1_000 else { throw ValidationError("--rows must be at least 1000") }
        guard seconds > 0 else { throw ValidationError("--seconds must be positive") }
    }
}

struct StorageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage",
        abstract: "Compares HeliosDB's storage engine with SQLite on key-value workloads.")

    @OptionGroup var options: BenchmarkOptions

    func run() throws {
        try StorageBenchmark(rowCount: options.rows, seconds: options.seconds, parentDirectory: options.dir).run()
    }
}

struct SQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Compares embedded HeliosDB with SQLite on the same SQL.")

    @OptionGroup var options: BenchmarkOptions

    func run() throws {
        try SQLBenchmark(rowCount: options.rows, seconds: options.seconds, parentDirectory: options.dir).run()
    }
}

struct AutopilotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "autopilot",
        abstract: "Trains the workload forecaster, evaluates it against naive baselines on held-out traces, times it.")

    @Option(help: "Also evaluate on this CSV arrival trace of `heliosdb workload --trace-only` (one interval read as one minute; repeatable).")
    var trace: [String] = []

    @Option(help: "Write the trained model as the Swift source the engine ships (Sources/HeliosForecast/PretrainedModel.swift).")
    var emitModel: String?

    func run() throws {
        try AutopilotBenchmark(traceFiles: trace, emitModel: emitModel).run()
    }
}

HeliosBenchCommand.main()
