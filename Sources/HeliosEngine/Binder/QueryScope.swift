// The names one query level can see — the columns of its FROM items — and what the clause being
// bound allows (aggregates in the select list but not in WHERE, window functions only in the
// select list and ORDER BY). A reference not found here is looked up in the enclosing query
// (a correlated reference), and every level it crosses records it, so each subquery knows which
// outer values it needs.

public import HeliosCore
public import HeliosValues
public import HeliosSQL

/// A name a query level can refer to.
package struct ScopeColumn {
    /// The FROM item's alias (or table name), nil for a JOIN ... USING merged column.
    package var qualifier: String?
    /// The table's schema, when the FROM item is a table without an alias.
    package var schema: String?
    package var name: String
    package var expression: BoundExpression
    /// False for the two sides of a USING column (the merged column answers unqualified).
    package var visibleUnqualified = true
    package var origin: ColumnOrigin?
}

/// The clause an expression is in, for what it may contain.
package enum Clause: Equatable {
    case select, whereClause, joinCondition, groupBy, having, orderBy, values, limit, fromFunction
    case aggregateArgument, windowDefinition, returning, update, check, defaultValue, indexExpression, other

    /// The clause as PostgreSQL names it in "aggregate functions are not allowed in ...".
    var errorName: String {
        switch self {
        case .whereClause: "WHERE"
        case .joinCondition: "JOIN conditions"
        case .groupBy: "GROUP BY"
        case .values: "VALUES"
        case .limit: "LIMIT"
        case .fromFunction: "functions in FROM"
        case .returning: "RETURNING"
        case .update: "UPDATE"
        case .check: "check constraints"
        case .defaultValue: "DEFAULT expressions"
        case .indexExpression: "index expressions"
        case .windowDefinition: "window definitions"
        default: "this context"
        }
    }
}

/// One query level's names and clause state.
package final class QueryScope: ExpressionScope {
    package let context: BindingContext
    package let parent: QueryScope?
    package var columns: [ScopeColumn] = []
    /// The columns `*` expands to, in order.
    package var starColumns: [ScopeColumn] = []
    package var clause: Clause = .select
    /// Columns of enclosing levels read at this level or below.
    package var outerReferences: Set<ColumnBinding> = []
    /// Binding tables produced at this level (everything else is outer).
    package var localTables: Set<Int> = []
    /// Common table expressions this level's query sees; its subqueries see them too.
    var visibleCTEs: [String: VisibleCTE] = [:]

    // Aggregation state.
    package var aggregates: [BoundAggregate] = []
    package var aggregateTable: Int
    package var hasGrouping = false
    // Window functions.
    package var windowFunctions: [BoundWindowFunction] = []
    package var windowTable: Int
    package var namedWindows: [String: WindowSpecification] = [:]
    // Set-returning functions of the select list.
    package var setFunctions: [SetFunctionCall] = []
    package var setFunctionTable: Int

    package init(context: BindingContext, parent: QueryScope?) {
        self.context = context
        self.parent = parent
        aggregateTable = context.makeTable()
        windowTable = context.makeTable()
        setFunctionTable = context.makeTable()
    }

    package var parameters: ParameterTypes { context.parameters }

    package func relationOID(named text: String, location: SourceLocation) throws(DatabaseError) -> UInt32? {
        try objectOID(named: text, kind: .regclass, location: location)
    }

    package func objectOID(named text: String, kind: SQLType.Kind, location: SourceLocation) throws(DatabaseError) -> UInt32? {
        if let number = UInt32(text) { return number }
        do {
            return try CatalogObjectNames(reader: context.catalog, user: context.session.user).oid(named: text, kind: kind)
        } catch {
            throw error.positioned(location)
        }
    }

    package var session: SessionFacts { context.session }
    package func makeBindingTable() -> Int { context.makeTable() }

    /// Adds a FROM item's columns.
    package func add(_ items: [ScopeColumn]) {
        columns += items
        starColumns += items
        for item in items {
            item.expression.visit { if case .column(let binding, _) = $0 { localTables.insert(binding.table) } }
        }
    }

    // MARK: column references

    package func resolveColumn(_ names: [String], location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        var scope: QueryScope? = self
        var crossed: [QueryScope] = []
        var qualifierSeen = false
        while let current = scope {
            switch try current.lookUp(names, location: location) {
            case .found(let expression):
                guard !crossed.isEmpty else { return expression }
                var outer: Set<ColumnBinding> = []
                let rewritten = try expression.rewritten { (node) throws(DatabaseError) -> BoundExpression? in
                    if case .column(let binding, let type) = node {
                        outer.insert(binding)
                        return .outerColumn(binding, type)
                    }
                    return nil
                }
                for level in crossed { level.outerReferences.formUnion(outer) }
                return rewritten
            case .qualifierWithoutColumn:
                qualifierSeen = true
                fallthrough
            case .notFound:
                if qualifierSeen { break }
                crossed.append(current)
                scope = current.parent
                continue
            }
            break
        }
        let position = location.errorPosition
        if names.count == 1 {
            throw DatabaseError(.undefinedColumn, "column \"\(names[0])\" does not exist", position: position)
        }
        let qualifier = names.dropLast().joined(separator: ".")
        if qualifierSeen {
            throw DatabaseError(.undefinedColumn, "column \(qualifier).\(names.last!) does not exist", position: position)
        }
        throw DatabaseError(.undefinedTable, "missing FROM-clause entry for table \"\(names[names.count - 2])\"", position: position)
    }

    private enum LookUp {
        case found(BoundExpression)
        case qualifierWithoutColumn
        case notFound
    }

    private func lookUp(_ names: [String], location: SourceLocation) throws(DatabaseError) -> LookUp {
        let name = names[names.count - 1]
        let matches: [ScopeColumn]
        switch names.count {
        case 1:
            matches = columns.filter { $0.visibleUnqualified && $0.name == name }
        case 2, 3, 4:
            let qualifier = names[names.count - 2]
            let schema = names.count >= 3 ? names[names.count - 3] : nil
            let qualified = columns.filter { $0.qualifier == qualifier && (schema == nil || $0.schema == schema) }
            if qualified.isEmpty { return .notFound }
            matches = qualified.filter { $0.name == name }
            if matches.isEmpty { return .qualifierWithoutColumn }
        default:
            throw DatabaseError(.syntaxError, "improper qualified name (too many dotted names): \(names.joined(separator: "."))",
                                position: location.errorPosition)
        }
        guard let first = matches.first else { return .notFound }
        if matches.count > 1 {
            throw DatabaseError(.ambiguousColumn, "column reference \"\(name)\" is ambiguous", position: location.errorPosition)
        }
        return .found(first.expression)
    }

    /// The scope column a plain column reference names (for output column names and origins).
    package func scopeColumn(for names: [String]) -> ScopeColumn? {
        let name = names[names.count - 1]
        if names.count == 1 { return columns.first { $0.visibleUnqualified && $0.name == name } }
        return columns.first { $0.qualifier == names[names.count - 2] && $0.name == name }
    }

    // MARK: aggregates and window functions

    package func bindAggregate(_ call: FunctionCall, location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        let name = call.name.name.lowercased()
        switch clause {
        case .select, .having, .orderBy, .windowDefinition:
            break
        case .aggregateArgument:
            throw DatabaseError(.groupingError, "aggregate function calls cannot be nested", position: location.errorPosition)
        default:
            throw DatabaseError(.groupingError, "aggregate functions are not allowed in \(clause.errorName)",
                                position: location.errorPosition)
        }
        let aggregate = try bindAggregateCall(call, name: name, location: location)
        // A call repeated (in ORDER BY, HAVING) is computed once, as PostgreSQL shares equal Aggrefs.
        let index = aggregates.firstIndex { $0.isSame(as: aggregate) } ?? aggregates.count
        if index == aggregates.count { aggregates.append(aggregate) }
        return .column(ColumnBinding(aggregateTable, index), aggregate.aggregate.resultType)
    }

    /// Binds an aggregate's arguments, FILTER and ORDER BY (nested aggregates are errors).
    package func bindAggregateCall(_ call: FunctionCall, name: String, location: SourceLocation) throws(DatabaseError) -> BoundAggregate {
        let saved = clause
        clause = .aggregateArgument
        defer { clause = saved }
        let binder = ExpressionBinder(scope: self)
        var arguments: [BoundExpression] = []
        for argument in call.argumentValues { arguments.append(try binder.bind(argument)) }
        if call.isStar && name != "count" {
            throw DatabaseError(.wrongObjectType, "\(name)(*) must be used to call a parameterless aggregate function",
                                position: location.errorPosition)
        }
        let resolved: ResolvedAggregate
        do {
            resolved = try AggregateRegistry.resolve(name, argumentTypes: arguments.map(\.type))
        } catch {
            throw error.positioned(location)
        }
        var coerced: [BoundExpression] = []
        for (argument, type) in zip(arguments, resolved.argumentTypes) {
            coerced.append(try ExpressionBinder(scope: self).coerce(argument, to: type, context: .implicit, location: location))
        }
        let filter = try call.filter.map { (condition) throws(DatabaseError) in try binder.bindCondition(condition, clause: "FILTER") }
        var orderBy: [SortKey] = []
        for item in call.orderBy { orderBy.append(try bindSortKey(item, binder: binder)) }
        return BoundAggregate(aggregate: resolved, arguments: coerced, distinct: call.isDistinct, filter: filter, orderBy: orderBy)
    }

    package func bindSortKey(_ item: SortItem, binder: ExpressionBinder) throws(DatabaseError) -> SortKey {
        let expression = try binder.bind(item.expression)
        return try QueryScope.sortKey(for: try ExpressionBinder(scope: self).resolvingUnknown(expression), item: item)
    }

    /// A sort key with the item's direction and NULLS placement.
    package static func sortKey(for expression: BoundExpression, item: SortItem) throws(DatabaseError) -> SortKey {
        let descending: Bool
        switch item.direction {
        case .default, .ascending: descending = false
        case .descending: descending = true
        case .using(let op):
            switch op.symbol {
            case "<": descending = false
            case ">": descending = true
            default:
                throw DatabaseError(.featureNotSupported, "ORDER BY USING \(op.symbol) is not supported",
                                    position: item.expression.location.errorPosition)
            }
        }
        let nullsFirst: Bool? = switch item.nulls {
        case .default: nil
        case .first: true
        case .last: false
        }
        return SortKey(expression: expression, descending: descending, nullsFirst: nullsFirst)
    }

    package func bindWindowFunction(_ call: FunctionCall, location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        switch clause {
        case .select, .orderBy:
            break
        case .aggregateArgument, .windowDefinition:
            throw DatabaseError(.windowingError, "window function calls cannot be nested", position: location.errorPosition)
        default:
            throw DatabaseError(.windowingError, "window functions are not allowed in \(clause.errorName)",
                                position: location.errorPosition)
        }
        let function = try WindowFunctionBinder(scope: self).bind(call, location: location)
        // A call repeated (in ORDER BY) is computed once and sorts by the select-list item.
        let index = windowFunctions.firstIndex { $0.isSame(as: function) } ?? windowFunctions.count
        if index == windowFunctions.count { windowFunctions.append(function) }
        return .column(ColumnBinding(windowTable, index), function.type)
    }

    // MARK: set-returning functions

    package func bindSetFunction(_ function: ResolvedFunction, _ arguments: [BoundExpression],
                                 location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        let name = function.overload.name
        switch clause {
        case .select:
            break
        case .aggregateArgument:
            throw DatabaseError(.featureNotSupported, "aggregate function calls cannot contain set-returning function calls",
                                hint: "You might be able to move the set-returning function into a LATERAL FROM item.",
                                position: location.errorPosition)
        default:
            throw DatabaseError(.featureNotSupported, "set-returning function \(name)() is not supported in this context",
                                hint: "Call it in FROM instead.", position: location.errorPosition)
        }
        let nested = arguments.contains { argument in
            var found = false
            argument.visit { if case .column(let binding, _) = $0, binding.table == setFunctionTable { found = true } }
            return found
        }
        if nested {
            throw DatabaseError(.featureNotSupported, "set-returning functions as arguments of set-returning functions are not supported",
                                position: location.errorPosition)
        }
        setFunctions.append(SetFunctionCall(function: function, arguments: arguments))
        return .column(ColumnBinding(setFunctionTable, setFunctions.count - 1), function.resultType)
    }

    // MARK: subqueries

    package func bindSubquery(_ query: Query, location: SourceLocation) throws(DatabaseError) -> PlannedSubquery {
        let saved = clause
        defer { clause = saved }
        let bound = try QueryBinder(context: context, visibleCTEs: visibleCTEs).bind(query, parent: self)
        return PlannedSubquery(plan: bound.plan, columns: bound.planColumns, outerReferences: bound.outerReferences)
    }

    package func bindGrouping(_ arguments: [Expression], location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        throw DatabaseError(.featureNotSupported, "GROUPING is not supported yet", position: location.errorPosition)
    }
}

extension DatabaseError {
    /// The error with `location` as its position, unless it has one.
    package func positioned(_ location: SourceLocation) -> DatabaseError {
        guard position == nil, let at = location.errorPosition else { return self }
        var copy = self
        copy.position = at
        return copy
    }
}
