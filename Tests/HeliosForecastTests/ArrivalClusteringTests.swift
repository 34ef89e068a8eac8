// Clustering groups templates whose arrivals have the same shape, whatever their volume, and
// separates different shapes: flat against a daily cycle, and two daily cycles six hours apart.

import HeliosForecast
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite struct ArrivalClusteringTests {
    /// Two days of Poisson arrivals at `base` a minute, with a daily cycle of `amplitude` peaking at `peakHour`.
    static func series(base: Double, amplitude: Double, peakHour: Double, seed: UInt64) -> MinuteSeries {
        var random = ForecastRandom(seed: seed)
        var series = MinuteSeries()
        for minute in Int64(0)..<2880 {
            let hour = Double(minute % 1440) / 60
            let rate = base * (1 - amplitude * cos(2 * Double.pi * (hour - peakHour + 12) / 24))
            series.add(minute: minute, count: Float(random.poisson(mean: rate)))
        }
        return series
    }

    static let templates: [UInt64: MinuteSeries] = [
        1: series(base: 5, amplitude: 0, peakHour: 12, seed: 1),      // flat
        2: series(base: 50, amplitude: 0, peakHour: 12, seed: 2),     // flat, ten times busier
        3: series(base: 10, amplitude: 0.7, peakHour: 12, seed: 3),   // daily, noon peak
        4: series(base: 100, amplitude: 0.7, peakHour: 12, seed: 4),  // the same shape, busier
        5: series(base: 10, amplitude: 0.7, peakHour: 18, seed: 5),   // daily, evening peak
        6: MinuteSeries(),                                            // never called
    ]

    @Test func sameShapesShareAClusterAndOthersDoNot() {
        let vectors = Self.templates.mapValues { ArrivalClustering.vector(of: $0, now: 2880) }
        let clusters = ArrivalClustering.cluster(vectors)
        #expect(clusters == [[1, 2], [3, 4], [5]])
    }

    @Test func clusteringIsIndependentOfInsertionOrder() {
        var shuffled: [UInt64: [Double]] = [:]
        for id in [5, 3, 1, 6, 4, 2] as [UInt64] {
            shuffled[id] = ArrivalClustering.vector(of: Self.templates[id]!, now: 2880)
        }
        let vectors = Self.templates.mapValues { ArrivalClustering.vector(of: $0, now: 2880) }
        #expect(ArrivalClustering.cluster(shuffled) == ArrivalClustering.cluster(vectors))
    }

    @Test func cosineIgnoresVolume() {
        #expect(abs(ArrivalClustering.cosine([1, 2, 3], [10, 20, 30]) - 1) < 1e-12)
        #expect(ArrivalClustering.cosine([1, 0], [0, 1]) == 0)
        #expect(ArrivalClustering.cosine([0, 0], [1, 1]) == 0)
    }
}
