// The horizons the forecaster answers for. Each is a window of whole minutes that starts at
// "now" (the first minute not yet complete): the forecast is the number of arrivals expected in
// that window. The model's series is arrivals per minute; the engine's 10-second intervals are
// summed into minutes first (IntervalAggregation).

/// How far ahead a forecast looks.
public enum ForecastHorizon: Int, CaseIterable, Sendable, CustomStringConvertible {
    /// Arrivals in the next minute.
    case minute = 0
    /// Arrivals in the next 60 minutes.
    case hour = 1
    /// Arrivals in the next 24 hours.
    case day = 2

    /// The window's length in minutes.
    public var minutes: Int {
        switch self {
        case .minute: 1
        case .hour: 60
        case .day: 1440
        }
    }

    public var description: String {
        switch self {
        case .minute: "minute"
        case .hour: "hour"
        case .day: "day"
        }
    }
}
