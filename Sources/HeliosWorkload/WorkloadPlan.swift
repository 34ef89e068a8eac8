// Everything that decides a run's statements: scenario, seed, scale, phase length, arrival rate
// and pattern. Two runs with equal plans send the same statements in the same order with the
// same arrival times, whatever server they run against.

/// The parameters of one generated workload.
public struct WorkloadPlan: Sendable {
    public var scenario: Scenario
    public var seed: UInt64
    /// Multiplies every table's base row count.
    public var scale: Double
    public var phaseSeconds: Double
    /// Statements per second at the pattern's multiplier 1.
    public var baseRate: Double
    public var pattern: ArrivalPattern
    /// Length of one compressed day for `.daily`; the whole run when nil.
    public var daySeconds: Double?

    public init(scenario: Scenario, seed: UInt64 = 1, scale: Double = 1, phaseSeconds: Double = 60,
                baseRate: Double = 50, pattern: ArrivalPattern = .steady, daySeconds: Double? = nil) {
        self.scenario = scenario
        self.seed = seed
        self.scale = scale
        self.phaseSeconds = phaseSeconds
        self.baseRate = baseRate
        self.pattern = pattern
        self.daySeconds = daySeconds
    }

    public var totalSeconds: Double { phaseSeconds * Double(scenario.phases.count) }

    public var rowCounts: [String: Int] { scenario.rowCounts(scale: scale) }

    /// The phase that `time` (seconds into the run) falls in.
    public func phaseIndex(at time: Double) -> Int {
        min(scenario.phases.count - 1, max(0, Int(time / phaseSeconds)))
    }

    /// Seeds of the independent random streams.
    enum Stream: UInt64 {
        case data = 1, arrivals = 2, parameters = 3, spikes = 4
    }

    func random(_ stream: Stream) -> WorkloadRandom {
        WorkloadRandom.derived(seed: seed, stream: stream.rawValue)
    }
}
