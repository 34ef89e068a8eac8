// Queries: bind, optimize, build operators, run. Also what queries need around them: the
// session facts expressions read, and statement parameters (values given as text take the type
// the statement infers for them, as PostgreSQL's text-format parameters do).

public import HeliosCore
public import HeliosValues
public import HeliosSQL

/// A query ready to run: its operators and what they read from.
package final class QueryExecution {
    package let statement: StatementContext
    package let context: ExecutionContext
    package let planner: PhysicalPlanner
    package let root: PhysicalOperator
    package let outputs: [OutputColumn]
    package let plan: LogicalPlan
    private var opened = false
    package private(set) var isFinished = false

    init(statement: StatementContext, context: ExecutionContext, planner: PhysicalPlanner, root: PhysicalOperator,
         outputs: [OutputColumn], plan: LogicalPlan) {
        self.statement = statement
        self.context = context
        self.planner = planner
        self.root = root
        self.outputs = outputs
        self.plan = plan
    }

    /// Up to `limit` more rows (nil: all); fewer means the result is complete.
    package func fetch(_ limit: Int?) throws(DatabaseError) -> [Row] {
        guard !isFinished else { return [] }
        if !opened {
            opened = true
            try root.open()
        }
        var rows: [Row] = []
        let wanted = limit ?? Int.max
        while rows.count < wanted {
            guard let row = try root.next() else {
                finish()
                break
            }
            rows.append(row)
        }
        return rows
    }

    /// The settings this query's values print with: the session's, with the statement's catalog
    /// for the names regclass, regproc, regnamespace and regrole values print as.
    /// Results that outlive the statement keep the catalog names only when a column needs them.
    package var outputSettings: SessionSettings {
        var settings = context.environment.context.settings
        let registered: Set<SQLType.Kind> = [.regclass, .regproc, .regnamespace, .regrole]
        if outputs.contains(where: { registered.contains($0.type.kind) }), let names = settings.objectNames as? CatalogObjectNames {
            names.detach()
        } else {
            settings.objectNames = nil
        }
        return settings
    }

    package func finish() {
        guard !isFinished else { return }
        isFinished = true
        reportScanRows()
        root.close()
        try? statement.finish()
    }

    /// Scans that ran once to their end tell LearnedEstimates how their estimate fared — when it
    /// was off by 2x or more, or their table has corrections already (to keep them honest).
    private func reportScanRows() {
        guard !planner.feedbackScans.isEmpty else { return }
        let learned = statement.database.statistics.learned
        for scan in planner.feedbackScans where scan.loops == 1 && scan.completed {
            guard let feedback = scan.feedback else { continue }
            let actual = Double(scan.rowsProduced)
            let ratio = max(actual, 1) / max(feedback.expectedRows, 1)
            guard ratio >= 2 || ratio <= 0.5 || learned.watches(feedback.relation) else { continue }
            learned.observe(LearnedEstimates.Key(relation: feedback.relation,
                                                 shape: FilterShape.of(feedback.filters, columns: feedback.columns)),
                            estimated: feedback.expectedRows, actual: actual)
        }
    }

    deinit {
        if !isFinished {
            root.close()
            statement.abandon()
        }
    }
}

extension Session {
    /// What expressions may ask about the session.
    var sessionFacts: SessionFacts {
        SessionFacts(user: settings.user, database: database.name, searchPath: settings.searchPath)
    }

    /// The parameter types a statement starts binding with: declared ones, and for values
    /// given without a declared type, their own type (text stays undetermined, to be inferred).
    func initialParameterTypes(_ values: [SQLValue], declared: [SQLType?]) -> ParameterTypes {
        var types = declared
        for (index, value) in values.enumerated() {
            if index < types.count, types[index] != nil { continue }
            let natural: SQLType?
            switch value {
            case .null, .text: natural = nil
            default: natural = value.naturalType
            }
            if index < types.count { types[index] = natural } else { types.append(natural) }
        }
        return ParameterTypes(declared: types)
    }

    /// The parameter values converted to the types binding settled on.
    func resolveParameters(_ values: [SQLValue], types: ParameterTypes,
                           objectNames: (any ObjectNameResolver)? = nil) throws(DatabaseError) -> [SQLValue] {
        var valueSettings = settings.valueSettings
        valueSettings.objectNames = objectNames
        let resolved = types.resolved
        if values.count < resolved.count {
            throw DatabaseError(.undefinedParameter, "there is no parameter $\(values.count + 1)")
        }
        var result: [SQLValue] = []
        for (index, value) in values.enumerated() {
            guard index < resolved.count else { result.append(value); continue }
            let type = resolved[index]
            switch value {
            case .null:
                result.append(.null)
            case .text(let text) where type.kind != .text && type.kind != .varchar && type.kind != .unknown:
                result.append(try TextFormat.parse(text, as: type, settings: valueSettings))
            default:
                if value.naturalType.withoutModifier == type.withoutModifier || type.kind == .unknown {
                    result.append(value)
                } else if let cast = CastCatalog.find(from: value.naturalType, to: type, context: .assignment) {
                    result.append(try cast.apply(value, settings: valueSettings))
                } else {
                    throw DatabaseError(.datatypeMismatch,
                                        "parameter $\(index + 1) of type \(value.naturalType.formatted) cannot be used as \(type.formatted)")
                }
            }
        }
        return result
    }

    /// Binds, optimizes and builds a query (not yet run). With `cached`, a plan bound earlier
    /// for the same statement is reused (the caller checked it is still valid). `explaining`:
    /// the operators are labelled for EXPLAIN; `estimating`: they carry the optimizer's estimates.
    package func prepareQuery(_ query: Query, statement: StatementContext, parameters: [SQLValue],
                              parameterTypes: [SQLType?], cached: CachedPlan? = nil,
                              estimating: Bool = false, explaining: Bool = false) throws(DatabaseError) -> QueryExecution {
        let types = initialParameterTypes(parameters, declared: parameterTypes)
        let plan: LogicalPlan
        let outputs: [OutputColumn]
        if let cached {
            plan = cached.plan
            outputs = cached.outputs
        } else {
            let planningStarted = Self.monotonicNanoseconds()
            let binding = BindingContext(catalog: statement.catalogReader, parameters: types, session: sessionFacts)
            let bound = try QueryBinder(context: binding).bind(query, parent: nil)
            plan = try Optimizer.optimize(bound.plan, statistics: planStatistics(statement), pruneProjections: true)
            outputs = bound.outputs
            capturedPlanningMicros = (capturedPlanningMicros ?? 0) + Double(Self.monotonicNanoseconds() &- planningStarted) / 1000
        }
        let environment = EvaluationEnvironment(context: evaluationContext(statement.transaction),
                                                parameters: try resolveParameters(parameters, types: types, objectNames:
                                                    CatalogObjectNames(reader: statement.catalogReader, user: settings.user)))
        environment.attach(EngineServices(session: self, statement: statement))
        let context = ExecutionContext(access: .read(statement.reader), snapshot: statement.snapshot, environment: environment,
                                       catalog: database.catalog)
        context.interruption = interruptionCheck()
        context.workMemory = workMemory
        let planner = PhysicalPlanner(context: context)
        planner.labelsOperators = explaining || estimating
        if estimating {
            let estimator = PlanEstimator(statistics: planStatistics(statement))
            estimator.learnOrigins(plan)
            planner.estimator = estimator
        }
        let root = try planner.build(plan)
        return QueryExecution(statement: statement, context: context, planner: planner, root: root, outputs: outputs, plan: plan)
    }

    func runQuery(_ query: Query, parameters: [SQLValue], parameterTypes: [SQLType?]) throws(DatabaseError) -> StatementResult {
        let transaction = try currentTransaction()
        let forWriting = query.locking.isEmpty == false
        let statement = try StatementContext(session: self, transaction: transaction, forWriting: forWriting)
        let execution: QueryExecution
        do {
            execution = try prepareQuery(query, statement: statement, parameters: parameters, parameterTypes: parameterTypes)
        } catch {
            statement.abandon()
            throw error
        }
        let rows = try execution.fetch(nil)
        execution.finish()
        var result = StatementResult(columns: execution.outputs.map(ResultColumn.init), rows: rows, commandTag: "SELECT \(rows.count)")
        result.outputSettings = execution.outputSettings
        return result
    }
}
