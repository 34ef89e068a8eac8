// The series and features the model reads: the minute ring keeps exactly the last two days,
// aggregation sums whole intervals, the calendar knows 2000-01-01 was a Saturday, and features
// do not depend on volume (they are scaled by the series' own mean).

import HeliosForecast
import Testing

@Suite struct SeriesAndFeaturesTests {
    @Test func ringKeepsTheLastCapacityMinutes() {
        var series = MinuteSeries()
        for minute in Int64(100)..<Int64(100 + 3000) { series.add(minute: minute, count: Float(minute % 11 + 1)) }
        let now: Int64 = 3100
        var history = [Float](repeating: -1, count: 2880)
        history.withUnsafeMutableBufferPointer { series.copyHistory(before: now, into: $0.baseAddress!) }
        for offset in 0..<2880 {
            let minute = now - 2880 + Int64(offset)
            #expect(history[offset] == Float(minute % 11 + 1))
            #expect(series.count(at: minute) == history[offset])
        }
        #expect(series.count(at: 100) == 0)  // fell out of the ring
        series.add(minute: 50, count: 5)  // older than the ring: dropped
        #expect(series.total(from: 0, to: 3100) == history.reduce(0, +))
    }

    @Test func historyAfterAGapIsZeroAndFutureIsZero() {
        var series = MinuteSeries()
        series.add(minute: 10, count: 3)
        series.add(minute: 20, count: 4)
        var history = [Float](repeating: -1, count: 2880)
        history.withUnsafeMutableBufferPointer { series.copyHistory(before: 25, into: $0.baseAddress!) }
        #expect(history.reduce(0, +) == 7)
        #expect(history[2879 - 4] == 4 && history[2879 - 14] == 3)
        series.add(minute: 5_000, count: 1)  // a long gap clears the ring
        #expect(series.count(at: 20) == 0 && series.total(from: 0, to: 5_001) == 1)
    }

    @Test func aggregationSumsWholeIntervals() {
        let tenSecond: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]
        #expect(IntervalAggregation.sum(tenSecond, factor: 6) == [21, 57])
        #expect(IntervalAggregation.minute(ofMicros: 59_999_999) == 0)
        #expect(IntervalAggregation.minute(ofMicros: 60_000_000) == 1)
        #expect(IntervalAggregation.minute(ofMicros: -1) == -1)
    }

    @Test func calendarStartsOnASaturday() {
        #expect(CalendarFeatures.dayOfWeek(0) == 5)
        #expect(CalendarFeatures.dayOfWeek(2 * 1440) == 0)  // 2000-01-03, a Monday
        #expect(CalendarFeatures.minuteOfDay(1440 + 90) == 90)
        var values = [Float](repeating: 0, count: 4)
        values.withUnsafeMutableBufferPointer { CalendarFeatures.write(minute: 720, into: $0.baseAddress!) }
        #expect(abs(values[0]) < 1e-6 && abs(values[1] + 1) < 1e-6)  // noon: half way round the day
    }

    @Test func featuresDoNotDependOnVolume() {
        let series = SyntheticSeries(shape: .daily, seed: 4, days: 3)
        let tenfold = series.counts.map { $0 * 10 }
        let (a, scaleA) = ForecastFeatures.vector(series: series.counts, at: 3000, firstMinute: series.firstMinute)
        let (b, scaleB) = ForecastFeatures.vector(series: tenfold, at: 3000, firstMinute: series.firstMinute)
        #expect(abs(scaleB / scaleA - 10) < 1e-3)
        for index in 0..<ForecastFeatures.count where index != 66 {  // 66 is a ratio of two (+1)-smoothed sums
            #expect(abs(a[index] - b[index]) < 1e-4, "feature \(index)")
        }
        #expect(a[ForecastFeatures.usedCount...].allSatisfy { $0 == 0 })
    }
}
