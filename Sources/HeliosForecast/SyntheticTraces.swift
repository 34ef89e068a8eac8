// Synthetic arrival series for pre-training and for the held-out evaluation: arrivals per
// minute drawn as Poisson counts around a rate curve, one curve per shape, every parameter
// drawn from the seed. The shapes follow the workload generator's (HeliosWorkload's
// ArrivalPattern: steady, a daily cycle of 0.3x to 1.7x, spikes of 4x) and add what real
// workloads also do: growth, weekends and regime shifts (a phase change in HeliosWorkload's
// terms: a template's level jumps and stays).
//
//   steady        a constant base rate (0.3 to 60 a minute, log-uniform)
//   daily         base × (1 - a cos(2π (time of day - peak + 12 h) / 24 h)), a in 0.3...0.8,
//                 peak at 10:00 to 16:00 UTC; half of the series are quieter on weekends
//   growth        daily × a level that grows (or, one in four, shrinks) exponentially: ×1.5 to
//                 ×4 (or ×0.3 to ×0.7) over the whole series
//   spikes        daily (flat one time in three) with a few bursts a day of 3 to 8 × the rate,
//                 5 to 60 minutes long
//   regimeShift   daily whose level jumps by ×0.2 to ×0.5 or ×2 to ×5 at one or two moments
//   phases        daily (flat one time in three) whose level is drawn afresh every half day to
//                 three days: off (0) one time in three, else ×0.2 to ×4 — a template that a
//                 workload phase starts or stops using, as in HeliosWorkload's scenarios, where
//                 a ×k jump never reaches 0

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The shape of a synthetic series.
public enum SeriesShape: String, CaseIterable, Sendable {
    case steady, daily, growth, spikes, regimeShift = "regime_shift", phases
    /// Arrivals only in a window of the day (business hours, a nightly batch), silent outside
    /// it: the forecaster must see the window coming back from silence.
    case dailyWindow = "daily_window"
}

/// A synthetic series of arrivals per minute.
package struct SyntheticSeries: Sendable {
    package var shape: SeriesShape
    package var seed: UInt64
    /// The minute (since 2000-01-01 UTC) of counts[0]; always a midnight.
    package var firstMinute: Int64
    package var counts: [Float]

    /// `days` days of `shape`, every draw from `seed`.
    package init(shape: SeriesShape, seed: UInt64, days: Int) {
        self.shape = shape
        self.seed = seed
        var random = ForecastRandom(seed: seed &* 0x2545_F491_4F6C_DD1D ^ UInt64(SeriesShape.allCases.firstIndex(of: shape)!))
        // Some day in 2026, so the day of the week varies between series.
        firstMinute = (9_497 + Int64(random.index(below: 7))) * 1440
        let minutes = days * 1440
        let rates = Self.rates(shape: shape, minutes: minutes, firstMinute: firstMinute, random: &random)
        var noise = random.derived(7)
        counts = rates.map { Float(noise.poisson(mean: $0)) }
    }

    /// The rate (expected arrivals) of each minute.
    static func rates(shape: SeriesShape, minutes: Int, firstMinute: Int64, random: inout ForecastRandom) -> [Double] {
        let base = exp(random.uniform(log(0.3)...log(60)))
        // Spikes and phases come on a flat base one time in three: not every workload has a day.
        let flatBase = (shape == .spikes || shape == .phases) && random.unit() < 1.0 / 3
        let amplitude = shape == .steady || flatBase ? 0 : random.uniform(0.3...0.8)
        let peakMinute = random.uniform(600...960)
        let weekendFactor = shape != .steady && random.unit() < 0.5 ? random.uniform(0.4...0.8) : 1
        var level = [Double](repeating: 1, count: minutes)
        switch shape {
        case .steady, .daily:
            break
        case .growth:
            let total = random.unit() < 0.25 ? random.uniform(0.3...0.7) : random.uniform(1.5...4)
            let perMinute = log(total) / Double(minutes)
            for minute in 0..<minutes { level[minute] = exp(perMinute * Double(minute)) }
        case .spikes:
            let spikeCount = max(1, minutes / 1440 * (1 + random.index(below: 3)))
            for _ in 0..<spikeCount {
                let start = random.index(below: minutes)
                let length = 5 + random.index(below: 56)
                let factor = random.uniform(3...8)
                for minute in start..<min(minutes, start + length) { level[minute] *= factor }
            }
        case .regimeShift:
            var factor = 1.0
            let shifts = (0..<(1 + random.index(below: 2))).map { _ in random.index(below: minutes) }.sorted()
            var next = 0
            for minute in 0..<minutes {
                while next < shifts.count && shifts[next] <= minute {
                    factor *= random.unit() < 0.5 ? random.uniform(0.2...0.5) : random.uniform(2...5)
                    next += 1
                }
                level[minute] = factor
            }
        case .dailyWindow:
            let opens = random.index(below: 1440)
            let length = 60 + random.index(below: 600)
            let outside = random.unit() < 1.0 / 3 ? random.uniform(0.01...0.05) : 0
            for minute in 0..<minutes {
                let sinceOpening = (Int(CalendarFeatures.minuteOfDay(firstMinute + Int64(minute))) - opens + 1440) % 1440
                level[minute] = sinceOpening < length ? 1 : outside
            }
        case .phases:
            var start = 0
            while start < minutes {
                let length = 720 + random.index(below: 720 * 5 + 1)
                let factor = random.unit() < 1.0 / 3 ? 0 : exp(random.uniform(log(0.2)...log(4)))
                for minute in start..<min(minutes, start + length) { level[minute] = factor }
                start += length
            }
        }
        return (0..<minutes).map { index in
            let minute = firstMinute + Int64(index)
            let timeOfDay = Double(CalendarFeatures.minuteOfDay(minute))
            let cycle = 1 - amplitude * cos(2 * Double.pi * (timeOfDay - peakMinute + 720) / 1440)
            let weekend = CalendarFeatures.dayOfWeek(minute) >= 5 ? weekendFactor : 1
            return base * cycle * weekend * level[index]
        }
    }

    /// `perShape` series of every shape, seeds `firstSeed`, `firstSeed + 1`, ...
    package static func corpus(firstSeed: UInt64, perShape: Int, days: Int,
                               shapes: [SeriesShape] = SeriesShape.allCases) -> [SyntheticSeries] {
        var series: [SyntheticSeries] = []
        for index in 0..<perShape {
            for shape in shapes {
                series.append(SyntheticSeries(shape: shape, seed: firstSeed + UInt64(index), days: days))
            }
        }
        return series
    }
}
