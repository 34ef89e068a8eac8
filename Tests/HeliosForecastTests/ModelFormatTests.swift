// Stored models come back exactly (same weights, same forecasts), and damaged bytes are refused
// with the error that names the damage, never read as a model.

import HeliosForecast
import Testing

@Suite struct ModelFormatTests {
    static let model = ForecastModel(seed: 5)

    @Test func roundTripKeepsWeightsAndForecasts() throws {
        let bytes = Self.model.bytes
        let loaded = try ForecastModel(bytes: bytes)
        #expect(loaded.network == Self.model.network)
        #expect(loaded.bytes == bytes)
        let series = SyntheticSeries(shape: .daily, seed: 2, days: 3)
        #expect(loaded.forecast(series: series.counts, at: 3000, firstMinute: series.firstMinute)
            == Self.model.forecast(series: series.counts, at: 3000, firstMinute: series.firstMinute))
    }

    @Test func headerIsAsDocumented() {
        let bytes = Self.model.bytes
        #expect(Array(bytes[0..<4]) == Array("HFCM".utf8))
        #expect(bytes[4] == 1 && bytes[5] == 0)  // version 1, little-endian
        #expect(bytes[8] == 4 && bytes[9] == 0)  // four layer sizes
        #expect(bytes[10] == 80 && bytes[12] == 32 && bytes[14] == 32 && bytes[16] == 3)
        #expect(bytes.count == 18 + 4 * Self.model.network.parameterCount + 4)
    }

    @Test func flippedBitIsAChecksumMismatch() {
        var bytes = Self.model.bytes
        bytes[100] ^= 0x10
        #expect(throws: ForecastModelError.self) { try ForecastModel(bytes: bytes) }
        do {
            _ = try ForecastModel(bytes: bytes)
        } catch {
            guard case .checksumMismatch = error else {
                Issue.record("expected a checksum mismatch, got \(error)")
                return
            }
        }
    }

    @Test func truncatedAndTrailingBytesAreRefused() {
        let bytes = Self.model.bytes
        #expect(throws: ForecastModelError.truncated(needed: bytes.count, actual: bytes.count - 1)) {
            try ForecastModel(bytes: Array(bytes.dropLast()))
        }
        #expect(throws: ForecastModelError.truncated(needed: 14, actual: 3)) { try ForecastModel(bytes: [0x48, 0x46, 0x43]) }
        #expect(throws: ForecastModelError.trailingBytes(expected: bytes.count, actual: bytes.count + 1)) {
            try ForecastModel(bytes: bytes + [0])
        }
    }

    @Test func wrongMagicVersionAndShapeAreRefused() {
        var bytes = Self.model.bytes
        bytes[0] = 0x58
        #expect(throws: ForecastModelError.badMagic) { try ForecastModel(bytes: bytes) }
        bytes = Self.model.bytes
        bytes[4] = 2
        #expect(throws: ForecastModelError.unsupportedVersion(2)) { try ForecastModel(bytes: bytes) }
        bytes = Self.model.bytes
        bytes[6] = 9
        #expect(throws: ForecastModelError.unsupportedFeatureLayout(9)) { try ForecastModel(bytes: bytes) }
        // A well-formed model of another shape is not a forecaster model.
        let other = ModelFormat.encode(MLP(layerSizes: [80, 8, 3], seed: 1))
        #expect(throws: ForecastModelError.self) { try ForecastModel(bytes: other) }
    }
}
