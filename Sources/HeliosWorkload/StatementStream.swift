// The statement stream: arrival times from a Poisson process whose rate follows the arrival
// pattern (Lewis and Shedler's thinning: draw at the peak rate, keep each draw with probability
// rate(t) / peak), a template for each arrival drawn from its phase's mix, and the template's
// parameters. A pure function of the plan.

/// One statement of the stream.
public struct ScheduledStatement: Sendable, Equatable {
    /// Position in the stream, from 0.
    public var sequence: Int
    /// Seconds from the start of the run at which the statement arrives.
    public var arrivalSeconds: Double
    public var phaseIndex: Int
    public var templateIndex: Int
    /// Text parameters for the template's `$n` placeholders; nil is NULL.
    public var parameters: [String?]
}

/// The statements of a plan, in arrival order.
public struct StatementStream: Sequence, IteratorProtocol, Sendable {
    public let plan: WorkloadPlan
    public let arrivalRate: ArrivalRate
    private var arrivals: WorkloadRandom
    private var parameters: ParameterContext
    private var clock = 0.0
    private var sequence = 0
    /// Cumulative weights of each phase's templates, for drawing one.
    private let phaseMixes: [[(templateIndex: Int, cumulativeWeight: Double)]]

    public init(plan: WorkloadPlan) {
        self.plan = plan
        var spikes = plan.random(.spikes)
        arrivalRate = ArrivalRate(pattern: plan.pattern, baseRate: plan.baseRate,
                                  daySeconds: plan.daySeconds ?? plan.totalSeconds, phaseSeconds: plan.phaseSeconds,
                                  phaseCount: plan.scenario.phases.count, random: &spikes)
        arrivals = plan.random(.arrivals)
        parameters = ParameterContext(random: plan.random(.parameters), rowCounts: plan.rowCounts)
        phaseMixes = plan.scenario.phases.map { phase in
            Self.cumulativeMix(phase, templates: plan.scenario.templates)
        }
    }

    public mutating func next() -> ScheduledStatement? {
        let peak = plan.baseRate * plan.pattern.peakMultiplier
        guard peak > 0 else { return nil }
        while true {
            clock += arrivals.exponential(mean: 1 / peak)
            guard clock < plan.totalSeconds else { return nil }
            // Thinning: the draw is always made, so the stream of decisions does not depend on the outcome.
            let keep = arrivals.unit() * plan.pattern.peakMultiplier < arrivalRate.multiplier(at: clock)
            guard keep else { continue }
            let phase = plan.phaseIndex(at: clock)
            let template = Self.draw(from: phaseMixes[phase], random: &arrivals)
            parameters.elapsedSeconds = clock
            let values = plan.scenario.templates[template].parameters(&parameters)
            defer { sequence += 1 }
            return ScheduledStatement(sequence: sequence, arrivalSeconds: clock, phaseIndex: phase,
                                      templateIndex: template, parameters: values)
        }
    }

    /// The phase's mix as cumulative weights over template indexes, in template order (so the
    /// draw does not depend on dictionary order).
    static func cumulativeMix(_ phase: WorkloadPhase, templates: [QueryTemplate]) -> [(templateIndex: Int, cumulativeWeight: Double)] {
        var total = 0.0
        var mix: [(templateIndex: Int, cumulativeWeight: Double)] = []
        for (index, template) in templates.enumerated() {
            guard let weight = phase.weights[template.name], weight > 0 else { continue }
            total += weight
            mix.append((index, total))
        }
        return mix.map { ($0.templateIndex, $0.cumulativeWeight / total) }
    }

    static func draw(from mix: [(templateIndex: Int, cumulativeWeight: Double)], random: inout WorkloadRandom) -> Int {
        let point = random.unit()
        return (mix.first { point < $0.cumulativeWeight } ?? mix[mix.count - 1]).templateIndex
    }
}
