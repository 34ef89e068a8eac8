// The workload forecaster (HeliosForecast) fed from the captured workload: issue 6's link
// between what ran and what is coming. Each autopilot pass hands it the 10-second intervals
// completed since the last pass (every database's templates, by template id); every
// `reclusterPasses` passes it regroups templates by arrival shape, every `trainPasses` it
// fine-tunes each cluster's model on the cluster's own arrivals. It starts from the model
// pre-trained on the workload generator's synthetic traces, which ships in the binary
// (ForecastModel.pretrained), so forecasts exist as soon as a template has history.
//
// The index advisor weighs templates by max(recent rate, forecast rate over the next hour),
// so a template forecast to return (yesterday's phase) gets its index before it arrives;
// `helios_ai.forecasts` shows the forecasts. All of it runs on the autopilot's pass, off the
// query path; the query path never calls the forecaster.
//
// Not kept across restarts yet: the arrival history and the fine-tuned cluster models (the
// pre-trained model is in the binary); a restart forecasts again once history has built up.

package import HeliosForecast
import Synchronization

package final class WorkloadForecast: Sendable {
    static let reclusterPasses = 12
    static let trainPasses = 120

    private struct State {
        var forecaster: Forecaster?
        /// The newest interval number handed over, per template.
        var fed: [Int64: Int64] = [:]
        var passes = 0
    }

    private let state: Mutex<State>

    package init(model: ForecastModel? = ForecastModel.pretrained) {
        state = Mutex(State(forecaster: model.map { Forecaster(model: $0) }))
    }

    /// Hands over the intervals of `entries` completed before `now`, and reclusters or trains
    /// when their turn comes.
    package func update(_ entries: [WorkloadRepository.Entry], now: Int64) {
        let current = IntervalSeries.number(of: now)
        state.withLock { state in
            guard state.forecaster != nil else { return }
            for entry in entries {
                let template = entry.key.template
                var newest = state.fed[template] ?? Int64.min
                for interval in entry.series.intervals where interval.number > newest && interval.number < current {
                    state.forecaster!.observe(templateID: UInt64(bitPattern: template),
                                              intervalStart: interval.number * IntervalSeries.intervalMicros, count: interval.calls)
                    newest = interval.number
                }
                if newest != Int64.min { state.fed[template] = newest }
            }
            state.passes += 1
            if state.passes % Self.reclusterPasses == 1 { state.forecaster!.recluster(now: now) }
            if state.passes % Self.trainPasses == 0 { state.forecaster!.train() }
        }
    }

    /// Calls per second each clustered template is forecast to make over `horizon` from `now`.
    package func rates(horizon: ForecastHorizon = .hour, now: Int64) -> [Int64: Double] {
        let forecasts = state.withLock { $0.forecaster?.forecasts(horizon: horizon, now: now) ?? [:] }
        var rates: [Int64: Double] = [:]
        for (template, calls) in forecasts { rates[Int64(bitPattern: template)] = calls / Double(horizon.minutes * 60) }
        return rates
    }

    /// Every clustered template's forecast calls per horizon, for helios_ai.forecasts.
    package func table(now: Int64) -> [(template: Int64, horizon: ForecastHorizon, calls: Double)] {
        state.withLock { state in
            guard let forecaster = state.forecaster else { return [] }
            return ForecastHorizon.allCases.flatMap { horizon in
                forecaster.forecasts(horizon: horizon, now: now).map { (Int64(bitPattern: $0.key), horizon, $0.value) }
            }
        }
    }

    /// Feeds arrivals directly (tests, and replaying a trace): `count` calls of `template` in
    /// the 10-second interval starting at `intervalStart`.
    package func observe(template: Int64, intervalStart: Int64, count: Int) {
        state.withLock { state in
            _ = state.forecaster?.observe(templateID: UInt64(bitPattern: template), intervalStart: intervalStart, count: count)
            state.fed[template] = max(state.fed[template] ?? Int64.min, IntervalSeries.number(of: intervalStart))
        }
    }

    package func recluster(now: Int64) {
        state.withLock { $0.forecaster?.recluster(now: now) }
    }
}
