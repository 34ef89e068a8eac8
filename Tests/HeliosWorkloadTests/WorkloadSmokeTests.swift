// End to end against a real `heliosdb serve`: each scenario loads at a tiny scale, every one of
// its templates runs without error (a strong check that HeliosDB's SQL covers them), and a short
// run of the stream completes with no statement failing. The same template check against
// PostgreSQL 15 (when installed) tells an engine bug from a bad template.

import HeliosClient
import HeliosWorkload
import HeliosTesting
import Testing

@Suite(.serialized) struct WorkloadSmokeTests {
    static let executable = HeliosServerProcess.executableBeside(CommandLine.arguments[0])
    static let postgresBinaries = PostgresServerProcess.binaryDirectory()

    static func tinyPlan(_ scenario: Scenario) -> WorkloadPlan {
        WorkloadPlan(scenario: scenario, seed: 11, scale: 0.02, phaseSeconds: 1, baseRate: 25, pattern: .steady)
    }

    @Test(arguments: Scenario.all.map(\.name))
    func everyTemplateRunsOnHelios(scenario name: String) async throws {
        try await offThePool { () throws in
            let plan = Self.tinyPlan(try #require(Scenario.named(name)))
            let server = try HeliosServerProcess(executable: try #require(Self.executable, "heliosdb must be built"))
            defer { server.stop() }
            let admin = try PostgresConnection.connect(server.configuration)
            defer { admin.close() }
            let loaded = try SeedLoader.load(plan, into: admin)
            #expect(loaded == plan.rowCounts.values.reduce(0, +))
            for table in plan.scenario.tables {
                #expect(try admin.query("SELECT count(*) FROM \(table.name)").scalar == String(plan.rowCounts[table.name]!))
            }
            let failures = TemplateCheck.run(plan, on: admin)
            #expect(failures.isEmpty, "\(failures.map(\.description).joined(separator: "\n"))")
            try SeedLoader.createCandidateIndexes(plan.scenario, on: admin)
            let afterIndexes = TemplateCheck.run(plan, on: admin, keyOffset: 2_000_000)
            #expect(afterIndexes.isEmpty, "with every candidate index: \(afterIndexes.map(\.description).joined(separator: "\n"))")

            let statements = Array(StatementStream(plan: plan))
            let outcome = WorkloadRunner(plan: plan, configuration: server.configuration).run(statements) { _ in
                IndexSizeProbe.measure(plan.scenario, on: admin)
            }
            #expect(outcome.phases.count == plan.scenario.phases.count)
            #expect(outcome.phases.reduce(0) { $0 + $1.scheduled } == statements.count)
            #expect(outcome.executed > 0)
            let firstErrors = outcome.phases.flatMap { $0.templates.compactMap(\.firstError) }
            #expect(outcome.errors == 0, "\(firstErrors)")
            #expect(outcome.phases.allSatisfy { $0.indexes != nil })
        }
    }

    @Test(.enabled(if: postgresBinaries != nil, "PostgreSQL 15 is not installed"))
    func everyTemplateRunsOnPostgres() async throws {
        try await offThePool { () throws in
            let server = try PostgresServerProcess(binaryDirectory: try #require(Self.postgresBinaries))
            defer { server.stop() }
            let admin = try PostgresConnection.connect(server.configuration)
            defer { admin.close() }
            for scenario in Scenario.all {
                let plan = Self.tinyPlan(scenario)
                try SeedLoader.load(plan, into: admin)
                let failures = TemplateCheck.run(plan, on: admin)
                #expect(failures.isEmpty, "\(failures.map(\.description).joined(separator: "\n"))")
                let sizes = IndexSizeProbe.measure(plan.scenario, on: admin)
                #expect((sizes.totalBytes ?? 0) > 0)
                #expect(sizes.indexCount == plan.scenario.tables.count)
            }
        }
    }
}
