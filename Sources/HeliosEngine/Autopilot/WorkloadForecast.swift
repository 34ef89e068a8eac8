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
// The state — every template's arrival history and each cluster's fine-tuned model — is kept in
// tree `helios.autopilot.forecaster` (HeliosForecast's state format, checksummed) every
// `persistPasses` passes and when the database closes, and restored when it opens; a damaged
// or older state is dropped and learning starts again from the shipped model.

package import HeliosCore
package import HeliosForecast
package import HeliosStorage
import Synchronization

package final class WorkloadForecast: Sendable {
    static let reclusterPasses = 12
    static let trainPasses = 120
    static let persistPasses = 60
    static let treeName = "helios.autopilot.forecaster"
    static let stateKey = Array("state".utf8)

    private struct State {
        var forecaster: Forecaster?
        /// The newest interval number handed over, per template.
        var fed: [Int64: Int64] = [:]
        var passes = 0
    }

    private let state: Mutex<State>
    private let store: Store?

    /// A forecaster starting from `model`, restored from `store` when it holds a state.
    package init(store: Store?, model: ForecastModel? = ForecastModel.pretrained) throws(DatabaseError) {
        self.store = store
        var forecaster = model.map { Forecaster(model: $0) }
        if let model, let store, let saved = try Self.savedState(store) {
            forecaster = (try? Forecaster(restoring: saved, model: model)) ?? forecaster
        }
        state = Mutex(State(forecaster: forecaster))
    }

    private static func savedState(_ store: Store) throws(DatabaseError) -> [UInt8]? {
        let reader = try store.beginRead(latestCommitted: true)
        guard let tree = try reader.tree(named: treeName) else { return nil }
        return try reader.get(stateKey, in: tree)
    }

    /// Writes the forecaster's state to the store (deferred durability: losing the newest
    /// minutes of history to a crash costs only forecast quality).
    package func persist() throws(DatabaseError) {
        guard let store, let bytes = state.withLock({ $0.forecaster?.stateBytes }) else { return }
        let txn = try store.beginWrite()
        do {
            let tree: TreeID
            if let existing = try txn.tree(named: Self.treeName) { tree = existing } else { tree = try txn.createTree(named: Self.treeName) }
            _ = try txn.put(Self.stateKey, bytes, in: tree)
            try txn.commit(deferringDurability: true)
        } catch {
            txn.rollback()
            throw error
        }
    }

    /// Hands over the intervals of `entries` completed before `now`, and reclusters or trains
    /// when their turn comes.
    package func update(_ entries: [WorkloadRepository.Entry], now: Int64) throws(DatabaseError) {
        let current = IntervalSeries.number(of: now)
        let due = state.withLock { state -> Bool in
            guard state.forecaster != nil else { return false }
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
            return state.passes % Self.persistPasses == 0
        }
        if due { try persist() }
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
