// The forecaster end to end as the engine will drive it: 10-second interval counts in,
// clusters by shape, a template's forecast its share of its cluster's, the template limit
// honoured, and fine-tuning on a cluster's own arrivals deterministic.

import HeliosForecast
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite struct ForecasterTests {
    /// Microseconds since 2000 of 10-second interval `index` from `origin` minutes.
    static func intervalStart(_ index: Int, origin: Int64) -> Int64 {
        origin * 60_000_000 + Int64(index) * 10_000_000
    }

    /// Three templates over `days` days in 10-second intervals: 1 and 2 share a daily shape
    /// (2 twice as busy), 3 is flat.
    static func fed(days: Int, configuration: Forecaster.Configuration = .init()) -> Forecaster {
        var forecaster = Forecaster(model: ForecastModel(seed: 3), configuration: configuration)
        var random = ForecastRandom(seed: 8)
        let origin: Int64 = 9_500 * 1440  // a midnight in 2026
        for minute in 0..<(days * 1440) {
            let hour = Double(minute % 1440) / 60
            let daily = random.poisson(mean: 5 * (1 - 0.7 * cos(2 * Double.pi * hour / 24)))
            let flat = random.poisson(mean: 5)
            // Clusters formed after two days keep summing arrivals, so they hold a third day.
            if minute == 2 * 1440 { forecaster.recluster() }
            for part in 0..<6 {
                let index = minute * 6 + part
                let start = intervalStart(index, origin: origin)
                let share = part == 0 ? 1 : 0  // the minute's arrivals in its first interval
                forecaster.observe(templateID: 1, intervalStart: start, count: daily * share)
                forecaster.observe(templateID: 2, intervalStart: start, count: daily * 2 * share)
                forecaster.observe(templateID: 3, intervalStart: start, count: flat * share + 1)
            }
        }
        forecaster.recluster()
        forecaster.checkInvariants()
        return forecaster
    }

    @Test func templatesShareTheirClustersForecastByVolume() throws {
        let forecaster = Self.fed(days: 2)
        #expect(forecaster.clusters.map(\.members) == [[1, 2], [3]])
        for horizon in ForecastHorizon.allCases {
            let one = try #require(forecaster.forecast(templateID: 1, horizon: horizon))
            let two = try #require(forecaster.forecast(templateID: 2, horizon: horizon))
            #expect(one > 0)
            #expect(abs(two / one - 2) < 1e-6)
            let all = forecaster.forecasts(horizon: horizon)
            #expect(all[1] == one && all[2] == two && all[3] != nil)
        }
        #expect(forecaster.forecast(templateID: 99, horizon: .hour) == nil)
    }

    @Test func templateLimitIsHonoured() {
        var configuration = Forecaster.Configuration()
        configuration.maximumTemplates = 2
        var forecaster = Forecaster(model: ForecastModel(seed: 3), configuration: configuration)
        let accepted = [1, 2, 3].map { forecaster.observe(templateID: $0, intervalStart: 0, count: 1) }
        #expect(accepted == [true, true, false])
        forecaster.recluster()
        forecaster.checkInvariants()
        #expect(forecaster.templates.count == 2)
    }

    @Test func fineTuningOnOwnArrivalsIsDeterministicAndKeepsForecastsFinite() throws {
        var first = Self.fed(days: 3)
        var second = first
        first.train(epochs: 1, stride: 30)
        second.train(epochs: 1, stride: 30)
        first.checkInvariants()
        #expect(first.clusters.map(\.model.network) == second.clusters.map(\.model.network))
        #expect(first.clusters[0].model.network != Self.fed(days: 3).clusters[0].model.network)
        let forecast = try #require(first.forecast(templateID: 1, horizon: .day))
        #expect(forecast.isFinite && forecast > 0)
    }
}
