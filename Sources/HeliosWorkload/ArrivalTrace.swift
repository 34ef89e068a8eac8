// The arrival trace: how many statements of each template arrive in each interval of the run,
// computed from the statement stream alone, without a server. The autopilot's forecaster trains
// on it. Two shapes:
//
// CSV, one line per interval and template (zeros included, so every series is dense):
//   interval_start_seconds,phase,template,count
//   0,storefront,customer_by_email,14
//
// JSON:
//   {"scenario": "ecommerce", "seed": 1, "scale": 1, "pattern": "steady", "interval_seconds": 1,
//    "phases": [{"name": "storefront", "start_seconds": 0, "end_seconds": 60}, ...],
//    "templates": [{"name": "customer_by_email", "kind": "read", "sql": "SELECT ..."}, ...],
//    "intervals": [{"start_seconds": 0, "phase": "storefront", "counts": [14, 0, ...]}, ...]}
// where `counts` follows the order of `templates`.

/// Arrival counts per interval and template.
public struct ArrivalTrace: Sendable, Equatable {
    public var intervalSeconds: Double
    /// counts[interval][templateIndex]
    public var counts: [[Int]]
    /// The phase of each interval (the phase its start falls in).
    public var phaseOfInterval: [Int]

    /// Counts the plan's stream into intervals of `intervalSeconds`.
    public init(plan: WorkloadPlan, intervalSeconds: Double) {
        self.intervalSeconds = intervalSeconds
        let intervalCount = max(1, Int((plan.totalSeconds / intervalSeconds).rounded(.up)))
        var counts = Array(repeating: Array(repeating: 0, count: plan.scenario.templates.count), count: intervalCount)
        for statement in StatementStream(plan: plan) {
            let interval = min(intervalCount - 1, Int(statement.arrivalSeconds / intervalSeconds))
            counts[interval][statement.templateIndex] += 1
        }
        self.counts = counts
        phaseOfInterval = (0..<intervalCount).map { plan.phaseIndex(at: Double($0) * intervalSeconds) }
    }

    public func csv(plan: WorkloadPlan) -> String {
        var lines = ["interval_start_seconds,phase,template,count"]
        for (interval, row) in counts.enumerated() {
            let start = Self.number(Double(interval) * intervalSeconds)
            let phase = plan.scenario.phases[phaseOfInterval[interval]].name
            for (template, count) in row.enumerated() {
                lines.append("\(start),\(phase),\(plan.scenario.templates[template].name),\(count)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public func json(plan: WorkloadPlan) -> String {
        let scenario = plan.scenario
        let phases = scenario.phases.enumerated().map { index, phase in
            "{\"name\": \(Self.quoted(phase.name)), \"start_seconds\": \(Self.number(Double(index) * plan.phaseSeconds)), "
                + "\"end_seconds\": \(Self.number(Double(index + 1) * plan.phaseSeconds))}"
        }
        let templates = scenario.templates.map { template in
            "{\"name\": \(Self.quoted(template.name)), \"kind\": \"\(template.kind.rawValue)\", \"sql\": \(Self.quoted(template.sql))}"
        }
        let intervals = counts.enumerated().map { interval, row in
            "{\"start_seconds\": \(Self.number(Double(interval) * intervalSeconds)), "
                + "\"phase\": \(Self.quoted(scenario.phases[phaseOfInterval[interval]].name)), "
                + "\"counts\": [\(row.map(String.init).joined(separator: ", "))]}"
        }
        return """
            {"scenario": \(Self.quoted(scenario.name)), "seed": \(plan.seed), "scale": \(Self.number(plan.scale)), \
            "pattern": "\(plan.pattern.rawValue)", "interval_seconds": \(Self.number(intervalSeconds)),
             "phases": [\(phases.joined(separator: ", "))],
             "templates": [
              \(templates.joined(separator: ",\n  "))],
             "intervals": [
              \(intervals.joined(separator: ",\n  "))]}

            """
    }

    /// Whole numbers without a fraction, others as Swift prints them.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
