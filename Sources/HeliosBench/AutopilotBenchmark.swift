// heliosdb-bench autopilot: the workload forecaster's proof (issue 6). Pre-trains the model on
// synthetic series (seeds 1...), evaluates it against the naive baselines on held-out series
// (other seeds, every shape), and times one forecast: the features from two days of minutes
// plus the int8 network, as a cluster's forecast costs in the server.
//
//     inference_us: X                                  median of one forecast call
//     forecast <horizon>: model=E baseline_best=B skill=S
//
// E and B are normalised MAEs (MAE / mean actual, per series, averaged over series; see
// HeliosForecast/README.md) and S = 1 - E / B. The planning-overhead figure of the issue
// belongs to the step that wires forecasts into planning; nothing here measures it.
//
// With --trace FILE, the same model is also evaluated on the workload generator's traces (each
// template a series, one interval read as one minute; make them with --trace-interval 1
// --day-seconds 1440 so a day is 1,440 intervals), printed as "trace FILE: forecast ..." lines.

import Foundation
import HeliosForecast

/// The forecaster's evaluation and timing.
struct AutopilotBenchmark {
    var traceFiles: [String] = []
    /// Where to write the trained model as Swift source (PretrainedModel.swift), if anywhere.
    var emitModel: String?
    var heldOutSeedStart: UInt64 = 1_001
    var heldOutPerShape = 6
    var evaluationStride = 7
    var timedCalls = 20_000

    func run() throws {
        let plan = PretrainingPlan()
        let heldOut = SyntheticSeries.corpus(firstSeed: heldOutSeedStart, perShape: heldOutPerShape, days: plan.days)
        for line in Report.header(settings: [
            "training: seeds \(plan.firstSeed)..<\(plan.firstSeed + UInt64(plan.seriesPerShape)) × \(SeriesShape.allCases.count) shapes, "
                + "\(plan.days) days each, a sample every \(plan.stride) minutes, \(plan.options.epochs) epochs",
            "held out: seeds \(heldOutSeedStart)..<\(heldOutSeedStart + UInt64(heldOutPerShape)) × \(SeriesShape.allCases.count) shapes, "
                + "forecast every \(evaluationStride) minutes; error = MAE / mean actual per series, averaged",
        ]) { print(line) }

        let (trained, trainingSeconds) = MonotonicClock.measure { plan.run() }
        print("# trained on \(trained.sampleCount) samples in \(Report.twoDecimals(trainingSeconds)) s, "
            + "final loss \(trained.losses.last.map { String($0) } ?? "none")")
        let model = trained.model

        print("inference_us: \(Report.twoDecimals(medianForecastMicros(model, series: heldOut[0])))")
        let planning = try PlanningOverhead().measure()
        print("planning_overhead_p99_us: \(Report.twoDecimals(planning.overhead))")
        print("# planning p99 without a learned correction \(Report.twoDecimals(planning.without)) µs, "
            + "with \(Report.twoDecimals(planning.with)) µs (EXPLAIN of one filtered scan; the forecaster is never on this path)")
        let evaluation = Evaluation.evaluate(model: model, series: heldOut, stride: evaluationStride)
        for row in evaluation {
            print("forecast \(row.horizon): model=\(fourDecimals(row.modelError)) "
                + "baseline_best=\(fourDecimals(row.bestBaselineError)) skill=\(fourDecimals(row.skill))")
        }
        print("# per baseline (best marked *), int8 model:")
        for row in evaluation {
            let baselines = Baseline.allCases.map { baseline in
                "\(baseline.rawValue)=\(fourDecimals(row.baselineErrors[baseline] ?? .nan))\(baseline == row.bestBaseline ? "*" : "")"
            }
            print("#   \(row.horizon): model=\(fourDecimals(row.modelError)) " + baselines.joined(separator: " "))
        }
        print("# per shape, model vs best baseline:")
        for shape in SeriesShape.allCases {
            let rows = Evaluation.evaluate(model: model, series: heldOut.filter { $0.shape == shape }, stride: evaluationStride)
            print("#   \(shape.rawValue): " + rows.map {
                "\($0.horizon) \(fourDecimals($0.modelError)) vs \(fourDecimals($0.bestBaselineError)) (\($0.bestBaseline.rawValue))"
            }.joined(separator: ", "))
        }
        let float = Evaluation.evaluate(model: model, series: heldOut, stride: evaluationStride, precision: .float)
        print("# float reference path: " + float.map { "\($0.horizon) model=\(fourDecimals($0.modelError))" }.joined(separator: ", "))
        print("# int8 network alone, median: \(Report.twoDecimals(medianNetworkMicros(model))) µs")
        for file in traceFiles { try evaluateTrace(model, file: file) }
        if let emitModel {
            try PretrainedModelSource.text(of: model).write(toFile: emitModel, atomically: true, encoding: .utf8)
            print("# model written to \(emitModel)")
        }
    }

    /// The model against the baselines on each template of a generator trace.
    func evaluateTrace(_ model: ForecastModel, file: String) throws {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw BenchmarkError("cannot read trace \(file): \(error)")
        }
        let trace: TraceSeries
        do {
            trace = try TraceSeries(csv: text)
        } catch {
            throw BenchmarkError("trace \(file) is not a workload CSV trace: \(error)")
        }
        // Any midnight will do: the generator's day starts at midnight.
        let series = trace.counts.map { (counts: $0, firstMinute: Int64(9_497 * 1440)) }
        let intervals = trace.counts.first?.count ?? 0
        let needed = 2880 + 1440 + 1
        guard intervals >= needed else {
            throw BenchmarkError("trace \(file) has \(intervals) intervals; the evaluation needs at least \(needed) "
                + "(two days of history and one of future)")
        }
        print("# trace \(file): \(trace.templates.count) templates × \(intervals) intervals")
        for row in Evaluation.evaluate(model: model, series: series, stride: evaluationStride) {
            print("trace \(file): forecast \(row.horizon): model=\(fourDecimals(row.modelError)) "
                + "baseline_best=\(fourDecimals(row.bestBaselineError)) skill=\(fourDecimals(row.skill)) "
                + "(\(row.bestBaseline.rawValue))")
        }
    }

    /// The median time of one whole forecast (features and int8 network) at moments spread over
    /// a held-out series.
    func medianForecastMicros(_ model: ForecastModel, series: SyntheticSeries) -> Double {
        let first = 2880
        let span = series.counts.count - first
        var output = [Double](repeating: 0, count: 3)
        var samples: [Double] = []
        samples.reserveCapacity(timedCalls)
        var checksum = 0.0
        series.counts.withUnsafeBufferPointer { counts in
            output.withUnsafeMutableBufferPointer { out in
                for call in 0..<timedCalls {
                    let t = first + (call * 7919) % span
                    let history = UnsafeBufferPointer(rebasing: counts[(t - first)..<t])
                    let start = MonotonicClock.nanoseconds()
                    model.forecast(history: history, minute: series.firstMinute + Int64(t), into: out.baseAddress!)
                    samples.append(Double(MonotonicClock.nanoseconds() - start) / 1_000)
                    checksum += out[0]
                }
            }
        }
        precondition(checksum.isFinite, "forecasts must be finite")
        return median(samples)
    }

    /// The median time of the int8 network on one feature vector.
    func medianNetworkMicros(_ model: ForecastModel) -> Double {
        let input = [Float](repeating: 0.5, count: model.quantized.inputCount)
        var output = [Float](repeating: 0, count: model.quantized.outputCount)
        var samples: [Double] = []
        input.withUnsafeBufferPointer { inputs in
            output.withUnsafeMutableBufferPointer { outputs in
                for _ in 0..<timedCalls {
                    let start = MonotonicClock.nanoseconds()
                    model.quantized.predict(input: inputs.baseAddress!, output: outputs.baseAddress!)
                    samples.append(Double(MonotonicClock.nanoseconds() - start) / 1_000)
                }
            }
        }
        return median(samples)
    }

    func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? .nan : sorted[sorted.count / 2]
    }

    func fourDecimals(_ value: Double) -> String {
        guard value.isFinite else { return String(value) }
        let scaled = Int((value * 10_000).rounded())
        let fraction = String(abs(scaled) % 10_000)
        return "\(scaled < 0 ? "-" : "")\(abs(scaled) / 10_000).\(String(repeating: "0", count: 4 - fraction.count))\(fraction)"
    }
}
