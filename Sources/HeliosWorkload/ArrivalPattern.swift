// How the arrival rate moves over a run: steady, a daily cycle compressed into the run (quiet
// night, busy midday), or a steady base with sudden spikes. The rate at each moment multiplies
// the run's base rate; statements then arrive as a Poisson process at that rate.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The shape of the arrival rate over time.
public enum ArrivalPattern: String, CaseIterable, Sendable {
    case steady
    /// One compressed day per `daySeconds`: 0.3 × the base rate at midnight, 1.7 × at noon.
    case daily
    /// The base rate, with one burst at 4 × per phase at a seeded moment, lasting a tenth of it.
    case spikes

    /// The highest multiplier the pattern reaches (for thinning the Poisson process).
    var peakMultiplier: Double {
        switch self {
        case .steady: 1
        case .daily: 1.7
        case .spikes: 4
        }
    }
}

/// A pattern made concrete for one run: where its spikes fall, how long its day is.
public struct ArrivalRate: Sendable {
    public var pattern: ArrivalPattern
    /// Statements per second at multiplier 1.
    public var baseRate: Double
    public var daySeconds: Double
    /// Half-open [start, end) windows in seconds, for `.spikes`.
    public var spikeWindows: [Range<Double>]

    /// Places one spike in each phase from `random`.
    public init(pattern: ArrivalPattern, baseRate: Double, daySeconds: Double, phaseSeconds: Double, phaseCount: Int,
                random: inout WorkloadRandom) {
        self.pattern = pattern
        self.baseRate = baseRate
        self.daySeconds = daySeconds
        var windows: [Range<Double>] = []
        if pattern == .spikes {
            let length = phaseSeconds / 10
            for phase in 0..<phaseCount {
                let start = Double(phase) * phaseSeconds + random.unit() * (phaseSeconds - length)
                windows.append(start..<(start + length))
            }
        }
        spikeWindows = windows
    }

    /// Statements per second at `time` seconds into the run.
    public func rate(at time: Double) -> Double {
        baseRate * multiplier(at: time)
    }

    public func multiplier(at time: Double) -> Double {
        switch pattern {
        case .steady:
            return 1
        case .daily:
            // Starts at midnight (the minimum), peaks at noon.
            let angle = 2 * Double.pi * time / max(daySeconds, 1)
            return 1 - 0.7 * cos(angle)
        case .spikes:
            return spikeWindows.contains { $0.contains(time) } ? 4 : 1
        }
    }
}
