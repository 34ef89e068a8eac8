// Binds a query (SELECT, VALUES or a set operation, with WITH, ORDER BY, LIMIT and OFFSET) into
// a logical plan. The SELECT core is built in PostgreSQL's clause order: FROM, WHERE, GROUP BY
// with aggregates, HAVING, window functions, the select list, DISTINCT, ORDER BY, LIMIT. Names in
// ORDER BY and GROUP BY may be output columns (by name or position) as PostgreSQL allows.

public import HeliosCore
public import HeliosValues
public import HeliosSQL

/// Binds queries; one per query level.
package struct QueryBinder {
    package let context: BindingContext
    /// Common table expressions visible here, innermost WITH last.
    var visibleCTEs: [String: VisibleCTE]
    /// Set by a set operation for its branches: a plain SELECT branch leaves its untyped
    /// literals untyped, for the set operation to read them as the column's type.
    var keepsUnknownOutputs = false

    package init(context: BindingContext, visibleCTEs: [String: VisibleCTE] = [:]) {
        self.context = context
        self.visibleCTEs = visibleCTEs
    }

    /// Binds `query`, nested in `parent` (for correlated references) if given.
    package func bind(_ query: Query, parent: QueryScope?) throws(DatabaseError) -> BoundQuery {
        var binder = self
        binder.keepsUnknownOutputs = false
        var ctes: [CommonTableExpression] = []
        if let with = query.with {
            ctes = try binder.bindWith(with, parent: parent)
        }
        if query.limitWithTies, let count = query.limit, case .literal(.null) = count.kind {
            // Only a NULL written as such; one computed at run time means no limit, as in LIMIT.
            throw DatabaseError(.invalidRowCountInLimitClause, "row count cannot be null in FETCH FIRST ... WITH TIES clause",
                                position: count.location.errorPosition)
        }
        var bound: BoundQuery
        switch query.body {
        case .select(let select):
            let keepUnknown = keepsUnknownOutputs && query.with == nil && query.orderBy.isEmpty && query.limit == nil
                && query.offset == nil && select.distinct == .none
            bound = try binder.bindSelect(select, orderBy: query.orderBy, parent: parent, locking: !query.locking.isEmpty,
                                          keepUnknown: keepUnknown)
        case .values(let rows):
            bound = try binder.bindValues(rows, parent: parent)
            bound = try binder.applyOutputOrdering(bound, orderBy: query.orderBy, parent: parent)
        case .setOperation(let operation):
            bound = try binder.bindSetOperation(operation, parent: parent)
            bound = try binder.applyOutputOrdering(bound, orderBy: query.orderBy, parent: parent)
        }
        if query.limit != nil || query.offset != nil {
            let scope = QueryScope(context: context, parent: parent)
            scope.clause = .limit
            scope.visibleCTEs = binder.visibleCTEs
            let count = try query.limit.map { (expression) throws(DatabaseError) in try bindLimit(expression, scope: scope, what: "LIMIT") }
            let offset = try query.offset.map { (expression) throws(DatabaseError) in try bindLimit(expression, scope: scope, what: "OFFSET") }
            if query.limitWithTies, let count {
                bound.plan = try Self.limitWithTies(bound.plan, count: count, offset: offset)
            } else {
                bound.plan = .limit(bound.plan, count: count, offset: offset)
            }
            bound.outerReferences.formUnion(scope.outerReferences)
        }
        if !ctes.isEmpty {
            bound.plan = .with(ctes: ctes, body: bound.plan)
        }
        return bound
    }

    /// FETCH FIRST ... WITH TIES over `plan`: the limit goes right above the ORDER BY's sort (or
    /// the DISTINCT ON over it), under the projection that drops hidden sort columns, so that it
    /// can compare the sort keys of neighbouring rows.
    static func limitWithTies(_ plan: LogicalPlan, count: BoundExpression, offset: BoundExpression?) throws(DatabaseError) -> LogicalPlan {
        switch plan {
        case .project(let input, let expressions, let columns):
            return .project(try limitWithTies(input, count: count, offset: offset), expressions, columns: columns)
        case .sort(_, let keys), .distinct(.sort(_, let keys), on: .some):
            return .limit(plan, count: count, offset: offset, withTies: keys)
        default:
            // The parser requires an ORDER BY for WITH TIES, and binding puts its sort on top.
            throw DatabaseError.internalError("FETCH FIRST ... WITH TIES over a plan without a sort")
        }
    }

    private func bindLimit(_ expression: Expression, scope: QueryScope, what: String) throws(DatabaseError) -> BoundExpression {
        let bound = try ExpressionBinder(scope: scope).bind(expression)
        if !bound.columns.isEmpty {
            throw DatabaseError(.invalidColumnReference, "argument of \(what) must not contain variables",
                                position: expression.location.errorPosition)
        }
        return try ExpressionBinder(scope: scope).coerce(bound, to: .bigint, context: .assignment, location: expression.location)
    }

    // MARK: VALUES

    func bindValues(_ rows: [[Expression]], parent: QueryScope?) throws(DatabaseError) -> BoundQuery {
        let scope = QueryScope(context: context, parent: parent)
        scope.clause = .values
        scope.visibleCTEs = visibleCTEs
        let binder = ExpressionBinder(scope: scope)
        var bound: [[BoundExpression]] = []
        let width = rows.first?.count ?? 0
        for row in rows {
            if row.count != width {
                throw DatabaseError(.syntaxError, "VALUES lists must all be the same length",
                                    position: row.first?.location.errorPosition)
            }
            var values: [BoundExpression] = []
            for item in row {
                if case .default = item.kind {
                    throw DatabaseError(.syntaxError, "DEFAULT is not allowed in this context", position: item.location.errorPosition)
                }
                values.append(try binder.bind(item))
            }
            bound.append(values)
        }
        var types: [SQLType] = []
        for column in 0..<width {
            types.append(try ExpressionBinder(scope: scope).commonType(of: bound.map { $0[column] }, context: "VALUES"))
        }
        for index in bound.indices {
            for column in 0..<width {
                bound[index][column] = try ExpressionBinder(scope: scope).coerce(bound[index][column], to: types[column], context: .implicit,
                                                                     location: rows[index][column].location)
            }
        }
        let names = (0..<width).map { "column\($0 + 1)" }
        let columns = context.makeColumns(names: names, types: types)
        return BoundQuery(plan: .values(rows: bound, columns: columns),
                          outputs: zip(names, types).map { OutputColumn(name: $0, type: $1) },
                          outerReferences: scope.outerReferences)
    }

    // MARK: ORDER BY on a VALUES list or set operation (output columns only)

    func applyOutputOrdering(_ bound: BoundQuery, orderBy: [SortItem], parent: QueryScope?) throws(DatabaseError) -> BoundQuery {
        guard !orderBy.isEmpty else { return bound }
        var result = bound
        let columns = bound.planColumns
        var keys: [SortKey] = []
        for item in orderBy {
            var target: Int?
            switch item.expression.kind {
            case .literal(.integer(let position)):
                guard position >= 1 && position <= columns.count else {
                    throw DatabaseError(.invalidColumnReference, "ORDER BY position \(position) is not in select list",
                                        position: item.expression.location.errorPosition)
                }
                target = Int(position) - 1
            case .columnReference(let names) where names.count == 1:
                target = bound.outputs.firstIndex { $0.name == names[0] }
                if target == nil {
                    throw DatabaseError(.undefinedColumn, "column \"\(names[0])\" does not exist",
                                        position: item.expression.location.errorPosition)
                }
            default:
                throw DatabaseError(.featureNotSupported,
                                    "invalid UNION/INTERSECT/EXCEPT ORDER BY clause",
                                    detail: "Only result column names can be used, not expressions or functions.",
                                    position: item.expression.location.errorPosition)
            }
            let column = columns[target!]
            keys.append(try QueryScope.sortKey(for: .column(column.binding, column.type), item: item))
        }
        result.plan = .sort(bound.plan, keys)
        return result
    }
}

/// A common table expression a query can name.
package struct VisibleCTE {
    package var id: Int
    package var name: String
    package var outputs: [OutputColumn]
    /// True inside the recursive term of a WITH RECURSIVE query: a reference reads the working
    /// table.
    package var isRecursiveSelfReference: Bool
}

extension QueryBinder {
    /// A binder for coercing already bound expressions outside any FROM scope (set operation
    /// and USING column types); it shares the statement's parameters.
    var coercer: ExpressionBinder { ExpressionBinder(scope: QueryScope(context: context, parent: nil)) }
}
