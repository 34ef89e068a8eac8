// The naive forecasts the model must beat, each given the same two days of minute history the
// model sees (the minutes [t - 2880, t)) and asked for the arrivals in [t, t + L), L the
// horizon's length in minutes:
//   last value      the last window of the same length: [t - L, t)
//   seasonal naive  the same window one day earlier: [t - 1440, t - 1440 + L) (for the day
//                   horizon this is the last 24 hours, the same as last value: two days of
//                   history hold no second period)
//   linear trend    least squares over recent windows of the horizon's grain, extrapolated:
//                   minute: the last 60 minutes; hour: the last 24 hourly sums; day: the last
//                   48 hourly sums, extrapolated over the next 24 hours. Negative forecasts are 0.

/// A naive forecaster.
public enum Baseline: String, CaseIterable, Sendable {
    case lastValue = "last_value"
    case seasonalNaive = "seasonal_naive"
    case linearTrend = "linear_trend"

    /// The forecast of arrivals in the horizon's window, from `history` (2880 minutes before t).
    package func forecast(history: UnsafeBufferPointer<Float>, horizon: ForecastHorizon) -> Double {
        precondition(history.count == ForecastFeatures.historyMinutes, "history must be two days of minutes")
        let end = history.count
        let length = horizon.minutes
        switch self {
        case .lastValue:
            return Self.sum(history, (end - length)..<end)
        case .seasonalNaive:
            let start = end - 1440
            return Self.sum(history, start..<(start + length))
        case .linearTrend:
            switch horizon {
            case .minute:
                let points = (0..<60).map { Double(history[end - 60 + $0]) }
                return max(0, Self.extrapolate(points, over: 1))
            case .hour:
                return max(0, Self.extrapolate(Self.hourly(history, count: 24), over: 1))
            case .day:
                return max(0, Self.extrapolate(Self.hourly(history, count: 48), over: 24))
            }
        }
    }

    static func sum(_ history: UnsafeBufferPointer<Float>, _ range: Range<Int>) -> Double {
        var total = 0.0
        for index in range { total += Double(history[index]) }
        return total
    }

    /// Sums of the last `count` whole hours, oldest first.
    static func hourly(_ history: UnsafeBufferPointer<Float>, count: Int) -> [Double] {
        let end = history.count
        return (0..<count).map { hour in
            let start = end - 60 * (count - hour)
            return sum(history, start..<(start + 60))
        }
    }

    /// Fits y = a + b x to points at x = 0, 1, ..., n-1 and returns the sum of the line at
    /// x = n ..< n + steps.
    static func extrapolate(_ points: [Double], over steps: Int) -> Double {
        let n = Double(points.count)
        let meanX = (n - 1) / 2
        let meanY = points.reduce(0, +) / n
        var covariance = 0.0
        var variance = 0.0
        for (index, y) in points.enumerated() {
            let dx = Double(index) - meanX
            covariance += dx * (y - meanY)
            variance += dx * dx
        }
        let slope = variance > 0 ? covariance / variance : 0
        var total = 0.0
        for step in 0..<steps {
            total += meanY + slope * (Double(points.count + step) - meanX)
        }
        return total
    }
}
