// The proof benchmark: the same seeded shifting workload against each configuration, each on a
// fresh server this code starts and stops itself (a HeliosDB from the given executable, a
// PostgreSQL 15 from initdb). A configuration that cannot run (no PostgreSQL 15 installed, no
// autopilot in this server) is reported as unavailable, and the others still run.

import Foundation
import HeliosClient

/// Runs the comparison.
public struct CompareBenchmark: Sendable {
    public var plan: WorkloadPlan
    public var options: RunOptions
    /// The `heliosdb` executable to start servers from.
    public var heliosExecutable: String
    /// Where initdb and postgres 15 are; nil when not installed.
    public var postgresBinaries: String?
    public var subjects: [CompareSubject]

    public init(plan: WorkloadPlan, options: RunOptions, heliosExecutable: String, postgresBinaries: String?,
                subjects: [CompareSubject] = CompareSubject.allCases) {
        self.plan = plan
        self.options = options
        self.heliosExecutable = heliosExecutable
        self.postgresBinaries = postgresBinaries
        self.subjects = subjects
    }

    /// Runs every subject in turn; `log` hears progress.
    public func run(log: (String) -> Void) -> [(CompareSubject, SubjectResult)] {
        let statements = Array(StatementStream(plan: plan))
        log("generated \(statements.count) statements over \(Int(plan.totalSeconds)) s")
        return subjects.map { subject in
            log("\(subject.rawValue): starting")
            let result = run(subject, statements: statements, log: log)
            if case .unavailable(let reason) = result { log("\(subject.rawValue): unavailable (\(reason))") }
            return (subject, result)
        }
    }

    private func run(_ subject: CompareSubject, statements: [ScheduledStatement], log: (String) -> Void) -> SubjectResult {
        let server: any ThrowawayServer
        do {
            if subject == .postgres {
                guard let postgresBinaries else { return .unavailable("PostgreSQL 15 is not installed") }
                server = try PostgresServerProcess(binaryDirectory: postgresBinaries)
            } else {
                server = try HeliosServerProcess(executable: heliosExecutable)
            }
        } catch {
            return .unavailable("\(error)")
        }
        defer { server.stop() }
        do throws(ClientError) {
            let admin = try PostgresConnection.connect(server.configuration)
            defer { admin.close() }
            var notes: [String] = []
            if let mode = subject.autopilotMode {
                switch Self.setAutopilot(mode, on: admin) {
                case .success(let shown):
                    notes.append("helios.autopilot = \(shown)")
                    // A phase of seconds stands for a phase of an hour: the quiet window after
                    // which the autopilot drops an index no plan reads (10 minutes, a sixth of
                    // such a phase) is compressed by the same factor, to no less than two of
                    // the autopilot's passes.
                    if subject == .heliosAuto, plan.phaseSeconds < 3600 {
                        let quiet = "\(max(10, Int((plan.phaseSeconds * 600 / 3600).rounded(.up))))s"
                        if (try? admin.query("ALTER SYSTEM SET helios.autopilot_prune_after = '\(quiet)'")) != nil {
                            notes.append("helios.autopilot_prune_after = \(quiet) (time compressed with the phases)")
                        }
                    }
                case .failure(let error):
                    if subject == .heliosAuto { return .unavailable("server has no autopilot: \(error)") }
                    notes.append("server has no autopilot setting (\(error)), so it runs with none")
                }
            }
            let loaded = try SeedLoader.load(plan, into: admin) { log("\(subject.rawValue): \($0)") }
            log("\(subject.rawValue): seeded \(loaded) rows")
            if subject.buildsEveryCandidate {
                try SeedLoader.createCandidateIndexes(plan.scenario, on: admin)
                log("\(subject.rawValue): built \(plan.scenario.candidateIndexes.count) candidate indexes")
            }
            let runner = WorkloadRunner(plan: plan, configuration: server.configuration, options: options)
            let outcome = runner.run(statements) { phase in
                let report = IndexSizeProbe.measure(plan.scenario, on: admin)
                log("\(subject.rawValue): phase \(plan.scenario.phases[phase].name) ended")
                return report
            }
            return .ran(outcome, notes: notes)
        } catch {
            return .unavailable("\(error)")
        }
    }

    /// ALTER SYSTEM SET helios.autopilot, then reads it back; the error text when the server refuses.
    static func setAutopilot(_ mode: String, on connection: PostgresConnection) -> Result<String, ClientError> {
        do throws(ClientError) {
            try connection.query("ALTER SYSTEM SET helios.autopilot = '\(mode)'")
            _ = try? connection.query("SELECT pg_reload_conf()")
            let shown = (try? connection.query("SHOW helios.autopilot").scalar) ?? nil
            return .success(shown ?? mode)
        } catch {
            return .failure(error)
        }
    }
}
