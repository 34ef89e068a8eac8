// The workload forecaster the autopilot talks to. It is fed arrival counts per template (the
// engine's 10-second intervals or anything finer than a minute), groups templates into
// clusters by arrival shape (ArrivalClustering), keeps each cluster's summed minute series and
// model, and answers "how many calls of this template in the next minute / hour / day": the
// cluster's forecast times the template's share of the cluster's arrivals over the last day.
//
// A value type with no locks: the engine owns one behind its own mutex (or in an actor) and
// calls `observe` from its merge of the workload, `recluster` and `train` from the autopilot's
// background pass, `forecast` from the advisors.
//
// Invariants: 1. every cluster's member IDs are templates in `templates`; a template is a
// member of at most one cluster and `clusterOfTemplate` says which; 2. every cluster has its
// own model (a field of Cluster, so this holds by construction); 3. at most
// `maximumTemplates` templates are tracked.

/// Forecasts of template arrivals.
public struct Forecaster: Sendable {
    public struct Configuration: Sendable {
        /// Templates beyond this many are not tracked (each costs two days of minutes, 11.5 KB).
        public var maximumTemplates = 1_000
        /// Cosine similarity a template needs to join a cluster.
        public var clusterThreshold = ArrivalClustering.defaultThreshold
        public init() {}
    }

    /// One cluster: its members, its summed series (three days) and its model.
    package struct Cluster: Sendable {
        package var members: [UInt64]
        package var series: MinuteSeries
        package var model: ForecastModel
    }

    package let configuration: Configuration
    /// The model new clusters start from.
    package let pretrained: ForecastModel
    package private(set) var templates: [UInt64: MinuteSeries] = [:]
    package private(set) var clusters: [Cluster] = []
    private var clusterOfTemplate: [UInt64: Int] = [:]
    /// The newest minute any observation fell in.
    public private(set) var newestMinute: Int64?

    /// Three days: two of history and one of targets for training on the cluster's own arrivals.
    static let clusterCapacity = ForecastFeatures.historyMinutes + ForecastHorizon.day.minutes

    public init(model: ForecastModel, configuration: Configuration = Configuration()) {
        pretrained = model
        self.configuration = configuration
    }

    /// Records `count` arrivals of `templateID` in the interval starting at `intervalStart`
    /// (microseconds since 2000-01-01 UTC, the engine's clock). Intervals must not straddle a
    /// minute; the engine's 10-second ones never do. Returns false when the template is not
    /// tracked (the template limit is reached).
    @discardableResult
    public mutating func observe(templateID: UInt64, intervalStart: Int64, count: Int) -> Bool {
        let minute = IntervalAggregation.minute(ofMicros: intervalStart)
        if templates[templateID] == nil {
            guard templates.count < configuration.maximumTemplates else { return false }
            templates[templateID] = MinuteSeries()
        }
        guard count > 0 else { return true }
        templates[templateID]!.add(minute: minute, count: Float(count))
        if let cluster = clusterOfTemplate[templateID] {
            clusters[cluster].series.add(minute: minute, count: Float(count))
        }
        newestMinute = max(newestMinute ?? minute, minute)
        return true
    }

    /// Groups the templates by their last two days of arrivals. A cluster whose members did
    /// not change keeps its series (with its third day) and its trained model; others start
    /// from their members' series and the pre-trained model. Call it from a background pass,
    /// e.g. every few minutes; it costs O(templates × clusters × 48).
    public mutating func recluster(now: Int64? = nil) {
        guard let now = now.map(IntervalAggregation.minute(ofMicros:)) ?? newestMinute.map({ $0 + 1 }) else { return }
        var vectors: [UInt64: [Double]] = [:]
        for (id, series) in templates { vectors[id] = ArrivalClustering.vector(of: series, now: now) }
        let groups = ArrivalClustering.cluster(vectors, threshold: configuration.clusterThreshold)
        var previous: [[UInt64]: Cluster] = [:]
        for cluster in clusters { previous[cluster.members] = cluster }
        clusters = groups.map { members in
            if let kept = previous[members] { return kept }
            var series = MinuteSeries(capacity: Self.clusterCapacity)
            for id in members { series.merge(templates[id]!) }
            return Cluster(members: members, series: series, model: pretrained)
        }
        clusterOfTemplate = [:]
        for (index, cluster) in clusters.enumerated() {
            for id in cluster.members { clusterOfTemplate[id] = index }
        }
    }

    /// Arrivals of `templateID` expected in the horizon's window from `now` (microseconds since
    /// 2000-01-01 UTC; default: the minute after the newest observation). Nil for a template
    /// that is in no cluster (not tracked, quiet for two days, or not clustered yet).
    public func forecast(templateID: UInt64, horizon: ForecastHorizon, now: Int64? = nil) -> Double? {
        guard let index = clusterOfTemplate[templateID], let minute = resolve(now) else { return nil }
        let cluster = clusters[index]
        let clusterDay = cluster.series.total(from: minute - 1440, to: minute)
        guard clusterDay > 0, let template = templates[templateID] else { return 0 }
        let share = Double(template.total(from: minute - 1440, to: minute) / clusterDay)
        return clusterForecast(index, minute: minute)[horizon.rawValue] * min(1, share)
    }

    /// Every clustered template's forecast for `horizon`, each cluster's model run once.
    public func forecasts(horizon: ForecastHorizon, now: Int64? = nil) -> [UInt64: Double] {
        guard let minute = resolve(now) else { return [:] }
        var result: [UInt64: Double] = [:]
        for index in clusters.indices {
            let cluster = clusters[index]
            let clusterDay = cluster.series.total(from: minute - 1440, to: minute)
            let forecast = clusterForecast(index, minute: minute)[horizon.rawValue]
            for id in cluster.members {
                let share = clusterDay > 0 ? Double((templates[id]?.total(from: minute - 1440, to: minute) ?? 0) / clusterDay) : 0
                result[id] = forecast * min(1, share)
            }
        }
        return result
    }

    /// The forecasts of every horizon for cluster `index` at minute `minute`.
    package func clusterForecast(_ index: Int, minute: Int64) -> [Double] {
        var out = [Double](repeating: 0, count: ForecastHorizon.allCases.count)
        withUnsafeTemporaryAllocation(of: Float.self, capacity: ForecastFeatures.historyMinutes) { history in
            clusters[index].series.copyHistory(before: minute, into: history.baseAddress!)
            out.withUnsafeMutableBufferPointer { result in
                clusters[index].model.forecast(history: UnsafeBufferPointer(history), minute: minute,
                                               into: result.baseAddress!)
            }
        }
        return out
    }

    /// Fine-tunes each cluster's model on its own arrivals (a sample every `stride` minutes of
    /// its three-day series; the day horizon only where a whole day of targets is there).
    /// Clusters with less than two days and an hour of history are left alone. Deterministic.
    public mutating func train(epochs: Int = 3, stride: Int = 5, seed: UInt64 = 1) {
        for index in clusters.indices {
            guard let (counts, first) = clusters[index].series.contents(),
                  let observedFrom = clusters[index].series.firstMinute,
                  observedFrom <= first + Int64(Self.clusterCapacity - ForecastFeatures.historyMinutes - 60) else { continue }
            var set = TrainingSet()
            set.add(series: counts, firstMinute: first, stride: stride, partialTargets: true)
            var options = TrainingOptions(epochs: epochs, learningRate: 5e-4, seed: seed &+ UInt64(index))
            options.finalLearningRateFraction = 0.5
            clusters[index].model.train(on: set, options: options)
        }
    }

    /// After `recluster`: gives the cluster with exactly `members` a model trained earlier
    /// (restoring a saved forecaster). False when no such cluster exists now.
    @discardableResult
    package mutating func restoreModel(_ model: ForecastModel, members: [UInt64]) -> Bool {
        guard let index = clusters.firstIndex(where: { $0.members == members }) else { return false }
        clusters[index].model = model
        return true
    }

    /// Checks invariants 1 to 3 (all of the forecaster; for tests).
    package func checkInvariants() {
        precondition(templates.count <= configuration.maximumTemplates, "invariant 3")
        var seen = Set<UInt64>()
        for (index, cluster) in clusters.enumerated() {
            for id in cluster.members {
                precondition(templates[id] != nil, "invariant 1: cluster member \(id) is not tracked")
                precondition(seen.insert(id).inserted, "invariant 1: \(id) is in two clusters")
                precondition(clusterOfTemplate[id] == index, "invariant 1: \(id) maps to the wrong cluster")
            }
        }
        precondition(clusterOfTemplate.count == seen.count, "invariant 1: a mapped template is in no cluster")
    }

    private func resolve(_ now: Int64?) -> Int64? {
        if let now { return IntervalAggregation.minute(ofMicros: now) }
        return newestMinute.map { $0 + 1 }
    }
}
