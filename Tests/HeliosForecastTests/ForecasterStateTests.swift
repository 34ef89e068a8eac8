// A forecaster's saved state brings back the same forecasts — histories, clusters and their
// fine-tuned models — and a damaged state is refused, never read.

import HeliosForecast
import Testing

@Suite struct ForecasterStateTests {
    @Test func restoringGivesTheSameForecasts() throws {
        var forecaster = ForecasterTests.fed(days: 3)
        forecaster.recluster()
        forecaster.train(epochs: 1)
        let bytes = forecaster.stateBytes
        let restored = try Forecaster(restoring: bytes, model: ForecastModel(seed: 3))
        for horizon in ForecastHorizon.allCases {
            let before = forecaster.forecasts(horizon: horizon)
            let after = restored.forecasts(horizon: horizon)
            #expect(before.keys.sorted() == after.keys.sorted())
            for (template, value) in before {
                #expect(abs((after[template] ?? -1) - value) <= 1e-6 * max(1, value), "\(horizon) of \(template)")
            }
        }
        #expect(restored.stateBytes == bytes)
    }

    @Test func aDamagedStateIsRefused() throws {
        let bytes = ForecasterTests.fed(days: 1).stateBytes
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x10
        #expect(throws: ForecastModelError.self) { try Forecaster(restoring: flipped, model: ForecastModel(seed: 3)) }
        #expect(throws: ForecastModelError.self) { try Forecaster(restoring: Array(bytes.prefix(10)), model: ForecastModel(seed: 3)) }
        #expect(throws: ForecastModelError.self) { try Forecaster(restoring: Array("HFCM".utf8) + bytes.dropFirst(4), model: ForecastModel(seed: 3)) }
    }
}
