// What a run measured: per phase, how many statements arrived, ran, were missed or failed, their
// service latencies (all, and once the phase had settled), per template, and the index bytes the
// server reported when the phase ended.

/// One template's measurements within a phase.
public struct TemplateOutcome: Sendable {
    public var executed = 0
    public var errors = 0
    public var firstError: String?
    public var latencies: [Double] = []
}

/// One phase's measurements.
public struct PhaseOutcome: Sendable {
    public var name: String
    public var scheduled = 0
    public var executed = 0
    /// Arrivals not started before their phase ended, because every client was busy.
    public var missed = 0
    public var errors = 0
    /// Service time (request sent to answer read) of every statement, in microseconds.
    public var latencies: [Double] = []
    /// Latencies of statements that arrived after the settle point of the phase.
    public var settledLatencies: [Double] = []
    public var templates: [TemplateOutcome]
    public var wallSeconds: Double = 0
    public var indexes: IndexSizeReport?

    public init(name: String, templateCount: Int) {
        self.name = name
        templates = Array(repeating: TemplateOutcome(), count: templateCount)
    }

    /// Statements completed per second of the phase.
    public var throughput: Double { wallSeconds > 0 ? Double(executed) / wallSeconds : 0 }
    public var latency: LatencySummary { LatencySummary(samples: latencies) }
    public var settledLatency: LatencySummary { LatencySummary(samples: settledLatencies) }
}

/// A whole run.
public struct RunOutcome: Sendable {
    public var phases: [PhaseOutcome]

    public init(phases: [PhaseOutcome]) { self.phases = phases }

    public var errors: Int { phases.reduce(0) { $0 + $1.errors } }
    public var executed: Int { phases.reduce(0) { $0 + $1.executed } }
}
