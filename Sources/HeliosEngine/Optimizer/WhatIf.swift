// What-if planning: the optimizer costs a query as if some indexes existed, without building
// them (the autopilot's index advisor asks it which candidate indexes would pay). Hypothetical
// indexes live only in the PlanStatistics of one planning call: their size is estimated from
// the table's rows and column widths, the plan that uses them is described but can never run,
// and nothing is written.

public import HeliosCore
package import HeliosSQL
import HeliosStorage
package import HeliosValues

/// An index to cost as if it existed.
public struct HypotheticalIndex: Sendable, Hashable {
    /// nil: found along the search path.
    public var schema: String?
    public var table: String
    public var columns: [String]
    public var isUnique: Bool

    public init(schema: String? = nil, table: String, columns: [String], isUnique: Bool = false) {
        self.schema = schema
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
        let planner = try WhatIfPlanner(session: self)
        defer { planner.finish() }
        let planned = try planner.plan(query, parameters: [], parameterTypes: [], indexes: indexes)
        return WhatIfPlan(totalCost: planned.cost, explain: try planner.explain(planned.plan, indexes: indexes),
                          usedIndexes: planned.usedIndexes)
    }
}

/// Plans queries in what-if mode against one snapshot of the catalog: the advisor plans each
/// template under many candidate index sets with one of these.
package final class WhatIfPlanner {
    private let session: Session
    private let statement: StatementContext

    package init(session: Session) throws(DatabaseError) {
        self.session = session
        let transaction = try session.currentTransaction()
        statement = try StatementContext(session: session, transaction: transaction)
    }

    package func finish() {
        statement.abandon()
        session.sync(errorReported: false)
    }

    package var catalog: CatalogReader { statement.catalogReader }

    /// The planner's statistics with `indexes` as hypothetical ones.
    func statistics(_ indexes: [HypotheticalIndex]) throws(DatabaseError) -> PlanStatistics {
        var hypothetical: [ObjectID: [IndexDescriptor]] = [:]
        for (number, index) in indexes.enumerated() {
            let relation = try statement.catalogReader.requireRelation(QualifiedName(index.schema.map { [$0, index.table] } ?? [index.table]))
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
        return session.planStatistics(statement, hypotheticalIndexes: hypothetical)
    }

    /// Bytes a table's tree occupies now.
    package func tableBytes(_ relation: RelationDescriptor) throws(DatabaseError) -> Int64 {
        guard let tree = relation.tree else { return 0 }
        return Int64(try statement.reader.pageCount(of: tree)) * Int64(session.database.store.dataFile.pageSize)
    }

    /// Bytes an index's tree occupies now.
    package func indexBytes(_ index: IndexDescriptor) throws(DatabaseError) -> Int64 {
        Int64(try statement.reader.pageCount(of: index.tree)) * Int64(session.database.store.dataFile.pageSize)
    }

    /// The estimated bytes of an index once built: its entries (key columns and the row's key)
    /// in pages filled to 90%.
    package func estimatedBytes(_ index: HypotheticalIndex) throws(DatabaseError) -> Int64 {
        let statistics = try statistics([index])
        guard let (oid, descriptors) = statistics.hypotheticalIndexes.first, let descriptor = descriptors.first,
              let relation = try statement.catalogReader.relation(oid: oid) else { return 0 }
        return Int64(statistics.pages(of: descriptor, on: relation) * 8192)
    }

    /// The optimized plan of `query` as if `indexes` existed, its estimated total cost and the
    /// hypothetical indexes it reads.
    package func plan(_ query: Query, parameters: [SQLValue], parameterTypes: [SQLType?],
                      indexes: [HypotheticalIndex]) throws(DatabaseError) -> (plan: LogicalPlan, cost: Double, usedIndexes: [String]) {
        let statistics = try statistics(indexes)
        let binding = BindingContext(catalog: statement.catalogReader,
                                     parameters: session.initialParameterTypes(parameters, declared: parameterTypes),
                                     session: session.sessionFacts)
        let bound = try QueryBinder(context: binding).bind(query, parent: nil)
        let plan = try Optimizer.optimize(bound.plan, statistics: statistics)
        let estimator = PlanEstimator(statistics: statistics)
        estimator.learnOrigins(plan)
        var used: [String] = []
        _ = try plan.transformingScans { scan in
            if let index = scan.access?.index, index.origin == .hypothetical, !used.contains(index.name) { used.append(index.name) }
            return scan
        }
        return (plan, estimator.estimate(plan).totalCost, used)
    }

    /// EXPLAIN's lines for a plan made by `plan(...)` with the same `indexes`.
    func explain(_ plan: LogicalPlan, indexes: [HypotheticalIndex]) throws(DatabaseError) -> [String] {
        let statistics = try statistics(indexes)
        let estimator = PlanEstimator(statistics: statistics)
        estimator.learnOrigins(plan)
        let environment = EvaluationEnvironment(context: session.evaluationContext(statement.transaction), parameters: [])
        let context = ExecutionContext(access: .read(statement.reader), snapshot: statement.snapshot, environment: environment,
                                       catalog: session.database.catalog)
        let planner = PhysicalPlanner(context: context)
        planner.estimator = estimator
        planner.describingOnly = true
        planner.labelsOperators = true
        let root = try planner.build(plan)
        var lines: [String] = []
        Session.describe(root, depth: 0, analyze: false, costs: true, into: &lines)
        return lines
    }
}
