// `heliosdb workload`: generates a scenario's seeded, shifting workload. Three modes:
//   --trace-only   prints the arrival trace (per template, counts per interval) without a server;
//   --compare      starts its own servers and runs the same workload on each configuration
//                  (HeliosDB autopilot off / auto / every candidate index, PostgreSQL 15);
//   otherwise      loads the scenario into the server at --host/--port and runs it there.

import ArgumentParser
import Foundation
import HeliosClient
import HeliosWorkload

struct WorkloadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workload",
        abstract: "Generates a seeded, shifting workload against any PostgreSQL-protocol server.",
        discussion: """
            Scenarios: \(Scenario.all.map { "\($0.name) (\($0.summary))" }.joined(separator: "; ")). \
            The same seed gives the same statements in the same order. --trace-only prints the arrival \
            trace without a server; --compare starts throwaway servers and compares HeliosDB with the \
            autopilot off, auto, with every candidate index, and PostgreSQL 15 (primary keys only).
            """)

    @Option(help: "The scenario to run (see --list).")
    var scenario: String?

    @Flag(help: "List the scenarios, their phases and templates, and exit.")
    var list = false

    @Option(help: "Seed of every random choice: data, arrivals, templates, parameters.")
    var seed: UInt64 = 1

    @Option(help: "Multiplies each table's base row count (1 is tens of thousands of rows).")
    var scale = 1.0

    @Option(name: .customLong("phase-seconds"), help: "Length of each phase in seconds.")
    var phaseSeconds: Double?

    @Option(help: "Length of the whole run in seconds, split evenly over the phases (instead of --phase-seconds).")
    var duration: Double?

    @Option(help: "Arrivals per second at the pattern's base level.")
    var rate = 50.0

    @Option(help: "Arrival pattern: steady, daily (one compressed day per run or --day-seconds) or spikes.")
    var pattern: String = "steady"

    @Option(name: .customLong("day-seconds"), help: "Length of one compressed day for --pattern daily.")
    var daySeconds: Double?

    @Option(help: "Concurrent client connections.")
    var clients = 2

    @Option(name: .customLong("settle-fraction"), help: "Statements after this fraction of their phase count as settled.")
    var settleFraction = 0.5

    @Flag(name: .customLong("trace-only"), help: "Print the arrival trace and exit; needs no server.")
    var traceOnly = false

    @Option(name: .customLong("trace-format"), help: "csv or json.")
    var traceFormat = "csv"

    @Option(name: .customLong("trace-interval"), help: "Seconds per trace interval.")
    var traceInterval = 1.0

    @Option(help: "Write the trace or report to this file instead of standard output.")
    var output: String?

    @Flag(help: "Start throwaway servers and compare the configurations.")
    var compare = false

    @Flag(name: .customLong("per-template"), help: "Also report each template's count and mean latency per phase.")
    var perTemplate = false

    @Option(help: "With --compare: the configurations to run, comma-separated (off, auto, every, postgres).")
    var configurations: String?

    @Option(help: "Server to run against (without --compare).")
    var host = "127.0.0.1"

    @Option(help: "Port of the server to run against.")
    var port = 5432

    @Option(help: "User to connect as.")
    var user = "postgres"

    @Option(help: "Database to connect to.")
    var database = "postgres"

    @Flag(name: .customLong("skip-setup"), help: "Do not create and load the tables; they are already there.")
    var skipSetup = false

    @Flag(name: .customLong("check-templates"), help: "Run each template a few times, report failures, and exit.")
    var checkTemplates = false

    mutating func validate() throws {
        if list { return }
        guard let scenario else { throw ValidationError("--scenario is required (one of \(Self.scenarioNames))") }
        guard Scenario.named(scenario) != nil else {
            throw ValidationError("unknown scenario \"\(scenario)\"; known: \(Self.scenarioNames)")
        }
        guard ArrivalPattern(rawValue: pattern) != nil else {
            throw ValidationError("--pattern must be one of \(ArrivalPattern.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard ["csv", "json"].contains(traceFormat) else { throw ValidationError("--trace-format must be csv or json") }
        guard scale > 0, rate > 0, clients > 0, traceInterval > 0 else {
            throw ValidationError("--scale, --rate, --clients and --trace-interval must be positive")
        }
        guard (0..<1).contains(settleFraction) else { throw ValidationError("--settle-fraction must be in [0, 1)") }
        if let phaseSeconds, phaseSeconds <= 0 { throw ValidationError("--phase-seconds must be positive") }
        if let duration, duration <= 0 { throw ValidationError("--duration must be positive") }
        _ = try selectedSubjects()
    }

    func run() throws {
        if list {
            print(Self.listing())
            return
        }
        let plan = makePlan()
        let options = RunOptions(clients: clients, settleFraction: settleFraction)
        if traceOnly {
            let trace = ArrivalTrace(plan: plan, intervalSeconds: traceInterval)
            try emit(traceFormat == "json" ? trace.json(plan: plan) : trace.csv(plan: plan))
        } else if compare {
            try runComparison(plan: plan, options: options)
        } else {
            try runAgainstServer(plan: plan, options: options)
        }
    }

    private func makePlan() -> WorkloadPlan {
        let scenario = Scenario.named(self.scenario!)!  // checked in validate()
        let phaseLength = duration.map { $0 / Double(scenario.phases.count) } ?? phaseSeconds ?? 60
        return WorkloadPlan(scenario: scenario, seed: seed, scale: scale, phaseSeconds: phaseLength, baseRate: rate,
                            pattern: ArrivalPattern(rawValue: pattern)!, daySeconds: daySeconds)
    }

    private func runComparison(plan: WorkloadPlan, options: RunOptions) throws {
        guard let executable = HeliosServerProcess.executableBeside(CommandLine.arguments[0])
            ?? HeliosServerProcess.executableBeside(Bundle.main.executablePath ?? "") else {
            throw ValidationError("cannot find the heliosdb executable to start servers from")
        }
        let postgres = PostgresServerProcess.binaryDirectory()
        let benchmark = CompareBenchmark(plan: plan, options: options, heliosExecutable: executable,
                                         postgresBinaries: postgres, subjects: try selectedSubjects())
        let results = benchmark.run { message in
            FileHandle.standardError.write(Data("workload: \(message)\n".utf8))
        }
        let report = CompareReport(plan: plan, options: options, showsTemplates: perTemplate)
        try emit(report.render(results, preamble: [Self.provenance(executable: executable)]) + "\n")
    }

    private func runAgainstServer(plan: WorkloadPlan, options: RunOptions) throws {
        let configuration = ClientConfiguration(host: host, port: port, user: user, database: database,
                                                password: ProcessInfo.processInfo.environment["PGPASSWORD"],
                                                applicationName: "heliosdb-workload")
        let admin = try PostgresConnection.connect(configuration)
        defer { admin.close() }
        if !skipSetup {
            let loaded = try SeedLoader.load(plan, into: admin) { message in
                FileHandle.standardError.write(Data("workload: \(message)\n".utf8))
            }
            FileHandle.standardError.write(Data("workload: seeded \(loaded) rows\n".utf8))
        }
        if checkTemplates {
            let failures = TemplateCheck.run(plan, on: admin)
            try emit(failures.isEmpty ? "every template of \(plan.scenario.name) ran\n"
                                      : failures.map { "FAILED \($0)" }.joined(separator: "\n") + "\n")
            if !failures.isEmpty { throw ExitCode.failure }
            return
        }
        let statements = Array(StatementStream(plan: plan))
        let runner = WorkloadRunner(plan: plan, configuration: configuration, options: options)
        let outcome = runner.run(statements) { _ in IndexSizeProbe.measure(plan.scenario, on: admin) }
        let report = CompareReport(plan: plan, options: options, showsTemplates: perTemplate)
        try emit(report.render(label: "\(host):\(port)", outcome: outcome) + "\n")
    }

    private func selectedSubjects() throws -> [CompareSubject] {
        guard let configurations else { return CompareSubject.allCases }
        return try configurations.split(separator: ",").map { name in
            switch name.trimmingCharacters(in: .whitespaces) {
            case "off": .heliosOff
            case "auto": .heliosAuto
            case "every", "every-candidate": .heliosEveryCandidate
            case "postgres", "pg", "postgres15": .postgres
            default: throw ValidationError("unknown configuration \"\(name)\" (off, auto, every, postgres)")
            }
        }
    }

    private func emit(_ text: String) throws {
        if let output {
            try text.write(toFile: output, atomically: true, encoding: .utf8)
        } else {
            print(text, terminator: "")
        }
    }

    static var scenarioNames: String { Scenario.all.map(\.name).joined(separator: ", ") }

    /// Commit, build and machine, as benchmarks print them.
    static func provenance(executable: String) -> String {
        #if DEBUG
        let build = "debug"
        #else
        let build = "release"
        #endif
        var commit = ""
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        git.arguments = ["rev-parse", "--short", "HEAD"]
        let pipe = Pipe()
        git.standardOutput = pipe
        git.standardError = FileHandle.nullDevice
        if (try? git.run()) != nil {
            commit = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            git.waitUntilExit()
        }
        return "heliosdb workload --compare: commit \(commit.isEmpty ? "unknown" : commit), \(build) build, "
            + "\(ProcessInfo.processInfo.activeProcessorCount) cores, host \(ProcessInfo.processInfo.hostName), "
            + "servers from \(executable)"
    }

    static func listing() -> String {
        var lines: [String] = []
        for scenario in Scenario.all {
            lines.append("\(scenario.name): \(scenario.summary)")
            lines.append("  tables: " + scenario.tables.map { "\($0.name) (\($0.baseRowCount) rows at scale 1)" }
                .joined(separator: ", "))
            for phase in scenario.phases {
                let mix = scenario.templates.compactMap { template in
                    phase.weights[template.name].map { "\(template.name) \(Int($0))" }
                }
                lines.append("  phase \(phase.name): \(phase.summary) [\(mix.joined(separator: ", "))]")
            }
            lines.append("  candidate indexes: " + scenario.candidateIndexes.map {
                "\($0.table)(\($0.columns.joined(separator: ", ")))"
            }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}
