// The comparison as text: a table per phase (p50/p99/mean latency, throughput, misses, errors,
// index bytes per configuration), then the ratios the autopilot's targets are stated in, then
// any template errors. "Settled" is the part of each phase after the settle point (by default its
// second half), when an autopilot that reacts within the phase has had its chance.

/// Formats comparison results.
public struct CompareReport: Sendable {
    public var plan: WorkloadPlan
    public var options: RunOptions
    /// Adds, per phase, each template's count and mean latency per configuration.
    public var showsTemplates: Bool

    public init(plan: WorkloadPlan, options: RunOptions, showsTemplates: Bool = false) {
        self.plan = plan
        self.options = options
        self.showsTemplates = showsTemplates
    }

    /// The whole comparison; `preamble` lines (commit, machine) come first.
    public func render(_ results: [(CompareSubject, SubjectResult)], preamble: [String] = []) -> String {
        var lines = preamble
        lines.append(header)
        for (subject, result) in results {
            switch result {
            case .unavailable(let reason): lines.append("\(subject.rawValue): unavailable (\(reason))")
            case .ran(_, let notes) where !notes.isEmpty: lines.append("\(subject.rawValue): \(notes.joined(separator: "; "))")
            default: break
            }
        }
        lines += phaseTables(results.map { ($0.0.rawValue, $0.1) })
        lines.append("")
        lines += ratioLines(results)
        lines += errorLines(results.map { ($0.0.rawValue, $0.1) })
        lines += indexNotes(results.map { ($0.0.rawValue, $0.1) })
        return lines.joined(separator: "\n")
    }

    /// One configuration's run (a plain `heliosdb workload` against a server): the phase tables only.
    public func render(label: String, outcome: RunOutcome) -> String {
        var lines = [header]
        lines += phaseTables([(label, .ran(outcome, notes: []))])
        lines += errorLines([(label, .ran(outcome, notes: []))])
        lines += indexNotes([(label, .ran(outcome, notes: []))])
        return lines.joined(separator: "\n")
    }

    private var header: String {
        "scenario \(plan.scenario.name) (\(plan.scenario.summary)), seed \(plan.seed), scale \(plan.scale), "
            + "\(plan.scenario.phases.count) phases x \(Self.decimal(plan.phaseSeconds)) s, "
            + "\(Self.decimal(plan.baseRate)) statements/s \(plan.pattern.rawValue), \(options.clients) clients, "
            + "settled = after \(Int(options.settleFraction * 100))% of each phase"
    }

    /// Per phase, a row per configuration.
    func phaseTables(_ results: [(String, SubjectResult)]) -> [String] {
        var lines: [String] = []
        for (index, phase) in plan.scenario.phases.enumerated() {
            lines.append("")
            lines.append("phase \(index + 1) \(phase.name): \(phase.summary)")
            lines.append(Self.row(["configuration", "done", "missed", "errors", "stmt/s", "p50 ms", "p99 ms", "mean ms",
                                   "settled ms", "index bytes", "indexes"]))
            for (label, result) in results {
                guard case .ran(let outcome, _) = result else {
                    lines.append(Self.row([label, "unavailable"]))
                    continue
                }
                let measured = outcome.phases[index]
                let latency = measured.latency
                lines.append(Self.row([
                    label, String(measured.executed), String(measured.missed), String(measured.errors),
                    Self.decimal(measured.throughput), Self.milliseconds(latency.p50Microseconds),
                    Self.milliseconds(latency.p99Microseconds), Self.milliseconds(latency.meanMicroseconds),
                    Self.milliseconds(measured.settledLatency.meanMicroseconds),
                    measured.indexes?.totalBytes.map(String.init) ?? "n/a",
                    measured.indexes?.indexCount.map(String.init) ?? "n/a",
                ]))
            }
            if showsTemplates { lines += templateLines(phase: index, results) }
        }
        return lines
    }

    /// "template  count / mean ms" per configuration, for the templates of one phase.
    func templateLines(phase: Int, _ results: [(String, SubjectResult)]) -> [String] {
        let ran = results.compactMap { label, result -> (String, RunOutcome)? in
            if case .ran(let outcome, _) = result { return (label, outcome) }
            return nil
        }
        var lines = ["    per template (executed / mean ms): " + ran.map(\.0).joined(separator: " | ")]
        for (templateIndex, template) in plan.scenario.templates.enumerated()
        where (plan.scenario.phases[phase].weights[template.name] ?? 0) > 0 {
            let cells = ran.map { _, outcome in
                let measured = outcome.phases[phase].templates[templateIndex]
                let mean = LatencySummary(samples: measured.latencies).meanMicroseconds
                return "\(measured.executed) / \(Self.milliseconds(mean))".leftPadded(toLength: 16)
            }
            lines.append("    " + template.name.rightPadded(toLength: 26) + cells.joined(separator: " "))
        }
        return lines
    }

    /// The targets: auto vs off settled mean latency (≤ 0.60), auto vs every-candidate index
    /// bytes (≤ 0.40) and settled mean latency (≤ 1.10); PostgreSQL vs off for context.
    func ratioLines(_ results: [(CompareSubject, SubjectResult)]) -> [String] {
        func outcome(_ subject: CompareSubject) -> RunOutcome? {
            for (candidate, result) in results where candidate == subject {
                if case .ran(let outcome, _) = result { return outcome }
            }
            return nil
        }
        let off = outcome(.heliosOff), auto = outcome(.heliosAuto), every = outcome(.heliosEveryCandidate)
        let postgres = outcome(.postgres)
        var lines = ["ratios (per phase, then over all phases):"]
        lines.append(ratioLine("auto / off, settled mean latency (target <= 0.60)", auto, off, missing: missing(auto, off)) {
            $0.settledLatency.meanMicroseconds
        })
        lines.append(ratioLine("auto / every-candidate, index bytes at phase end (target <= 0.40)", auto, every,
                               missing: missing(auto, every), total: { phases in
                                   phases.compactMap { $0.indexes?.totalBytes }.max().map(Double.init)
                               }) { $0.indexes?.totalBytes.map(Double.init) })
        lines.append(ratioLine("auto / every-candidate, settled mean latency (target <= 1.10)", auto, every,
                               missing: missing(auto, every)) { $0.settledLatency.meanMicroseconds })
        lines.append(ratioLine("every-candidate / off, settled mean latency (what indexes can win)", every, off,
                               missing: missing(every, off)) { $0.settledLatency.meanMicroseconds })
        lines.append(ratioLine("postgres15 / helios off, settled mean latency", postgres, off,
                               missing: missing(postgres, off)) { $0.settledLatency.meanMicroseconds })
        return lines
    }

    private func missing(_ first: RunOutcome?, _ second: RunOutcome?) -> String? {
        if first == nil || second == nil { return "n/a (a configuration did not run)" }
        return nil
    }

    /// "name: phase a 0.52, phase b 0.40; all 0.45", a ratio of `value` between two outcomes.
    private func ratioLine(_ name: String, _ numerator: RunOutcome?, _ denominator: RunOutcome?, missing: String?,
                           total: (([PhaseOutcome]) -> Double?)? = nil,
                           value: (PhaseOutcome) -> Double?) -> String {
        guard let numerator, let denominator else { return "  \(name): \(missing ?? "n/a")" }
        var parts: [String] = []
        for (index, phase) in plan.scenario.phases.enumerated() {
            parts.append("\(phase.name) \(Self.ratio(value(numerator.phases[index]), value(denominator.phases[index])))")
        }
        let overall: String
        if let total {
            overall = Self.ratio(total(numerator.phases), total(denominator.phases))
        } else {
            overall = Self.ratio(Self.settledMean(numerator), Self.settledMean(denominator))
        }
        return "  \(name): \(parts.joined(separator: ", ")); all \(overall)"
    }

    private func errorLines(_ results: [(String, SubjectResult)]) -> [String] {
        var lines: [String] = []
        for (label, result) in results {
            guard case .ran(let outcome, _) = result else { continue }
            for (index, template) in plan.scenario.templates.enumerated() {
                let errors = outcome.phases.reduce(0) { $0 + $1.templates[index].errors }
                guard errors > 0 else { continue }
                let first = outcome.phases.compactMap { $0.templates[index].firstError }.first ?? ""
                lines.append("  \(label): template \(template.name) failed \(errors) times: \(first)")
            }
        }
        return lines.isEmpty ? [] : ["template errors:"] + lines
    }

    private func indexNotes(_ results: [(String, SubjectResult)]) -> [String] {
        var lines: [String] = []
        for (label, result) in results {
            guard case .ran(let outcome, _) = result,
                  let note = outcome.phases.compactMap({ $0.indexes?.note }).first else { continue }
            lines.append("  \(label): \(note)")
        }
        return lines.isEmpty ? [] : ["index sizes the server could not report:"] + lines
    }

    static func settledMean(_ outcome: RunOutcome) -> Double? {
        let samples = outcome.phases.flatMap(\.settledLatencies)
        return samples.isEmpty ? nil : LatencySummary(samples: samples).meanMicroseconds
    }

    static func ratio(_ numerator: Double?, _ denominator: Double?) -> String {
        guard let numerator, let denominator, denominator > 0 else { return "n/a" }
        return decimal(numerator / denominator, places: 2)
    }

    static func row(_ cells: [String]) -> String {
        let widths = [24, 6, 7, 7, 8, 9, 9, 9, 11, 12, 8]
        var line = "  "
        for (index, cell) in cells.enumerated() {
            let width = index < widths.count ? widths[index] : 10
            line += index == 0 ? cell.rightPadded(toLength: width) : cell.leftPadded(toLength: width)
        }
        return line
    }

    static func milliseconds(_ microseconds: Double) -> String { decimal(microseconds / 1000, places: 2) }

    /// A fixed-point decimal without Foundation's locale-dependent formatting.
    static func decimal(_ value: Double, places: Int = 1) -> String {
        guard value.isFinite else { return "n/a" }
        var factor = 1.0
        for _ in 0..<places { factor *= 10 }
        let scaled = Int((abs(value) * factor).rounded())
        let whole = scaled / Int(factor)
        let fraction = String(scaled % Int(factor))
        let sign = value < 0 && scaled > 0 ? "-" : ""
        if places == 0 { return sign + String(whole) }
        return sign + String(whole) + "." + String(repeating: "0", count: places - fraction.count) + fraction
    }
}

extension String {
    func rightPadded(toLength length: Int) -> String {
        count >= length ? self + " " : self + String(repeating: " ", count: length - count)
    }

    func leftPadded(toLength length: Int) -> String {
        count >= length ? " " + self : String(repeating: " ", count: length - count) + self
    }
}
