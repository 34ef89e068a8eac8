// What-if planning: the optimizer costs a query as if some indexes existed, without building
// them (the autopilot's index advisor asks it which candidate indexes would pay). Hypothetical
// indexes live only in the PlanStatistics of one planning call: their size is estimated from
// the table's rows and column widths, the plan that uses them is described but can never run,
// and nothing is written.

public import HeliosCore
import HeliosSQL
import HeliosStorage

/// An index to cost as if it existed.
public struct HypotheticalIndex: Sendable, Equatable {
    public var table: String
    public var columns: [String]
    public var isUnique: Bool

    public init(table: String, columns: [String], isUnique: Bool = false) {
        self.table = table
        self.columns = columns
        self.isUnique = isUnique
    }
}

/// A query planned in what-if mode.
public struct WhatIfPlan: Sendable {
    /// The plan's estimated total cost (CostModel units).
    public var totalCost: Double
    /// The plan as EXPLAIN prints it.
    public var explain: [String]
    /// Which hypothetical indexes the plan uses, by name.
    public var usedIndexes: [String]
}

extension Session {
    /// Plans the query `sql` (a SELECT) as if `indexes` existed.
    public func planWhatIf(_ sql: String, indexes: [HypotheticalIndex]) throws(DatabaseError) -> WhatIfPlan {
        let statements = try Parser.parseStatements(sql)
        guard statements.count == 1, case .select(let query) = statements[0].statement else {
            throw DatabaseError(.featureNotSupported, "what-if planning takes one SELECT")
        }
        let transaction = try currentTransaction()
        let statement = try StatementContext(session: self, transaction: transaction)
        defer {
            statement.abandon()
            sync(errorReported: false)
        }
        var hypothetical: [ObjectID: [IndexDescriptor]] = [:]
        for (number, index) in indexes.enumerated() {
            let relation = try statement.catalogReader.requireRelation(QualifiedName(index.table))
            var keys: [IndexKeyPart] = []
            for name in index.columns {
                guard let column = relation.column(named: name) else {
                    throw DatabaseError(.undefinedColumn, "column \"\(name)\" of relation \"\(relation.name)\" does not exist")
                }
                keys.append(IndexKeyPart(column: column.number))
            }
            let name = "<hypothetical \(number)>_\(relation.name)_\(index.columns.joined(separator: "_"))"
            hypothetical[relation.oid, default: []].append(
                IndexDescriptor(oid: ObjectID(UInt32.max - UInt32(number)), name: name, tree: TreeID(0), keys: keys,
                                isUnique: index.isUnique, origin: .hypothetical))
        }
        let statistics = planStatistics(statement, hypotheticalIndexes: hypothetical)
        let binding = BindingContext(catalog: statement.catalogReader, parameters: initialParameterTypes([], declared: []), session: sessionFacts)
        let bound = try QueryBinder(context: binding).bind(query, parent: nil)
        let plan = try Optimizer.optimize(bound.plan, statistics: statistics)
        let estimator = PlanEstimator(statistics: statistics)
        estimator.learnOrigins(plan)

        let environment = EvaluationEnvironment(context: evaluationContext(transaction), parameters: [])
        let context = ExecutionContext(access: .read(statement.reader), snapshot: statement.snapshot, environment: environment,
                                       catalog: database.catalog)
        let planner = PhysicalPlanner(context: context)
        planner.estimator = estimator
        planner.describingOnly = true
        let root = try planner.build(plan)
        var lines: [String] = []
        Self.describe(root, depth: 0, analyze: false, costs: true, into: &lines)
        var used: [String] = []
        _ = try plan.transformingScans { scan in
            if let index = scan.access?.index, index.origin == .hypothetical, !used.contains(index.name) { used.append(index.name) }
            return scan
        }
        return WhatIfPlan(totalCost: estimator.estimate(plan).totalCost, explain: lines, usedIndexes: used)
    }
}
