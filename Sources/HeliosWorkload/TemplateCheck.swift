// Runs every template of a scenario a few times, with generated parameters, and collects the
// errors: the quickest proof that a server's SQL covers the scenario. A template that fails on
// HeliosDB and works on PostgreSQL is an engine bug, not a template to change.

public import HeliosClient

/// One template that failed.
public struct TemplateFailure: Sendable, Equatable, CustomStringConvertible {
    public var template: String
    public var parameters: [String?]
    public var error: ClientError

    public var description: String {
        "\(template) \(parameters.map { $0 ?? "NULL" }): \(error)"
    }
}

public enum TemplateCheck {
    /// Executes each template `repetitions` times through the extended protocol; returns failures.
    /// Inserts use keys from `keyOffset` above the seeded rows, clear of the statement stream's
    /// (which start right above them); pass another offset to check twice on the same data.
    public static func run(_ plan: WorkloadPlan, on connection: PostgresConnection, repetitions: Int = 3,
                           keyOffset: Int = 1_000_000) -> [TemplateFailure] {
        var context = ParameterContext(random: plan.random(.parameters), rowCounts: plan.rowCounts, keyOffset: keyOffset)
        var failures: [TemplateFailure] = []
        for template in plan.scenario.templates {
            for _ in 0..<repetitions {
                let parameters = template.parameters(&context)
                do {
                    try connection.query(template.sql, parameters: parameters)
                } catch {
                    failures.append(TemplateFailure(template: template.name, parameters: parameters, error: error))
                    break
                }
            }
        }
        return failures
    }
}
