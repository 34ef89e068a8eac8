// Plays a statement stream against a server, open loop: each statement is sent at its arrival
// time by one of `clients` connections (each its own thread, each template a prepared statement
// on each connection). A statement whose phase has ended before a client was free is counted as
// missed rather than sent late, so phases keep their length and a slow configuration shows as
// lower throughput. Latency is service time: from sending the statement to its last answer.

import Foundation
public import HeliosClient
import Synchronization

/// Options of a run that do not change which statements are generated.
public struct RunOptions: Sendable {
    /// Concurrent connections.
    public var clients: Int
    /// Statements arriving after this fraction of their phase count as "settled".
    public var settleFraction: Double

    public init(clients: Int = 2, settleFraction: Double = 0.5) {
        self.clients = clients
        self.settleFraction = settleFraction
    }
}

/// Runs statements against one server.
public struct WorkloadRunner: Sendable {
    public var plan: WorkloadPlan
    public var configuration: ClientConfiguration
    public var options: RunOptions

    public init(plan: WorkloadPlan, configuration: ClientConfiguration, options: RunOptions = RunOptions()) {
        self.plan = plan
        self.configuration = configuration
        self.options = options
    }

    /// Runs `statements` (the plan's stream); `atPhaseEnd` is called on this thread as each phase
    /// ends (while the clients go on into the next), with the phase index, and may measure the server.
    public func run(_ statements: [ScheduledStatement],
                    atPhaseEnd: (Int) -> IndexSizeReport? = { _ in nil }) -> RunOutcome {
        let scenario = plan.scenario
        let shared = SharedRun(phases: scenario.phases.map {
            PhaseOutcome(name: $0.name, templateCount: scenario.templates.count)
        })
        let start = ContinuousClock.now
        let finished = DispatchGroup()
        for client in 0..<max(1, options.clients) {
            finished.enter()
            let worker = Thread { [self] in
                defer { finished.leave() }
                runClient(number: client, statements: statements, shared: shared, start: start)
            }
            worker.stackSize = 1 << 20
            worker.start()
        }
        for phase in scenario.phases.indices {
            let phaseEnd = start + .seconds(plan.phaseSeconds * Double(phase + 1))
            Self.sleep(until: phaseEnd)
            let report = atPhaseEnd(phase)
            shared.update { $0[phase].indexes = report }
        }
        finished.wait()
        var phases = shared.update { $0 }
        for index in phases.indices { phases[index].wallSeconds = plan.phaseSeconds }
        for statement in statements { phases[statement.phaseIndex].scheduled += 1 }
        return RunOutcome(phases: phases)
    }

    private func runClient(number: Int, statements: [ScheduledStatement], shared: SharedRun,
                           start: ContinuousClock.Instant) {
        var connection: PostgresConnection?
        var preparedByTemplate: [Int: PreparedStatement] = [:]
        defer { connection?.close() }
        while let statement = shared.claimNext(statements) {
            let phaseEnd = start + .seconds(plan.phaseSeconds * Double(statement.phaseIndex + 1))
            if ContinuousClock.now >= phaseEnd {
                shared.update { $0[statement.phaseIndex].missed += 1 }
                continue
            }
            Self.sleep(until: start + .seconds(statement.arrivalSeconds))
            let template = plan.scenario.templates[statement.templateIndex]
            let began = ContinuousClock.now
            var failure: ClientError?
            do throws(ClientError) {
                if connection == nil || connection!.isBroken {
                    var clientConfiguration = configuration
                    clientConfiguration.applicationName = "heliosdb-workload-\(number)"
                    connection = try PostgresConnection.connect(clientConfiguration)
                    preparedByTemplate = [:]
                }
                let prepared: PreparedStatement
                if let cached = preparedByTemplate[statement.templateIndex] {
                    prepared = cached
                } else {
                    prepared = try connection!.prepare(template.sql)
                    preparedByTemplate[statement.templateIndex] = prepared
                }
                try connection!.execute(prepared, statement.parameters)
            } catch {
                failure = error
            }
            let latency = Self.microseconds(ContinuousClock.now - began)
            let settled = statement.arrivalSeconds
                >= plan.phaseSeconds * (Double(statement.phaseIndex) + options.settleFraction)
            shared.update { phases in
                Self.record(into: &phases[statement.phaseIndex], template: statement.templateIndex, latency: latency,
                            settled: settled, failure: failure)
            }
        }
    }

    /// Adds one statement's outcome to its phase, in place (the sample arrays are not copied).
    static func record(into phase: inout PhaseOutcome, template: Int, latency: Double, settled: Bool,
                       failure: ClientError?) {
        if let failure {
            phase.errors += 1
            phase.templates[template].errors += 1
            if phase.templates[template].firstError == nil { phase.templates[template].firstError = "\(failure)" }
        } else {
            phase.executed += 1
            phase.latencies.append(latency)
            if settled { phase.settledLatencies.append(latency) }
            phase.templates[template].executed += 1
            phase.templates[template].latencies.append(latency)
        }
    }

    static func sleep(until deadline: ContinuousClock.Instant) {
        let remaining = deadline - ContinuousClock.now
        guard remaining > .zero else { return }
        Thread.sleep(forTimeInterval: Double(remaining.components.seconds)
                     + Double(remaining.components.attoseconds) / 1e18)
    }

    static func microseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
    }
}

/// The state the client threads share: the next statement to claim and the measurements.
final class SharedRun: Sendable {
    private let state: Mutex<(next: Int, phases: [PhaseOutcome])>

    init(phases: [PhaseOutcome]) { state = Mutex((0, phases)) }

    func claimNext(_ statements: [ScheduledStatement]) -> ScheduledStatement? {
        state.withLock { state in
            guard state.next < statements.count else { return nil }
            defer { state.next += 1 }
            return statements[state.next]
        }
    }

    func update<T>(_ body: (inout [PhaseOutcome]) -> T) -> T {
        state.withLock { body(&$0.phases) }
    }
}
