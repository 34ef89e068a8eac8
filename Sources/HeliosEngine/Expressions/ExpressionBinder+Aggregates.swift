// Helpers for the query binder, which owns aggregates and window functions (it decides where
// they may appear and rewrites each call into a column of its aggregation or window node): the
// parts of an aggregate call bound and resolved (arguments, DISTINCT, FILTER, ORDER BY), and the
// function of a window call (row_number ... nth_value, or an aggregate over a window). The
// binder calling these should be made with a scope that rejects nested aggregates (42803).

package import HeliosCore
package import HeliosValues
package import HeliosSQL

extension ExpressionBinder {
    /// An aggregate call's parts: the aggregate resolved in AggregateRegistry, its arguments
    /// coerced to its parameter types, FILTER as a boolean condition, ORDER BY as sort keys.
    package func bindAggregateCall(_ call: FunctionCall, location: SourceLocation) throws(DatabaseError) -> BoundAggregate {
        let name = try functionName(call, location: location)
        guard AggregateRegistry.isAggregate(name) else {
            throw notAnAggregate(call, name: name, location: location)
        }
        if call.withinGroup != nil {
            throw DatabaseError(.featureNotSupported, "ordered-set aggregates (WITHIN GROUP) are not supported",
                                position: location.errorPosition)
        }
        if call.isVariadic || call.arguments.contains(where: { $0.name != nil }) {
            throw DatabaseError(.featureNotSupported, "named or VARIADIC arguments to aggregates are not supported",
                                position: location.errorPosition)
        }
        if call.isStar && name != "count" {
            throw DatabaseError(.wrongObjectType, "\(name)(*) must be used to call a parameterless aggregate function",
                                position: location.errorPosition)
        }
        var arguments: [BoundExpression] = []
        for argument in call.arguments { arguments.append(try bindNode(argument.value)) }
        let aggregate = try positioned(at: location) { () throws(DatabaseError) -> ResolvedAggregate in
            try AggregateRegistry.resolve(name, argumentTypes: arguments.map(\.type))
        }
        var coerced: [BoundExpression] = []
        for (index, type) in aggregate.argumentTypes.enumerated() {
            let argument = try coercedOperand(arguments[index], to: type, location: call.arguments[index].value.location)
            coerced.append(try finished(argument))
        }
        var orderBy: [SortKey] = []
        for item in call.orderBy { orderBy.append(try sortKey(item)) }
        let filter = try call.filter.map { (condition) throws(DatabaseError) -> BoundExpression in
            try bindCondition(condition, clause: "FILTER")
        }
        return BoundAggregate(aggregate: aggregate, arguments: coerced, distinct: call.isDistinct, filter: filter, orderBy: orderBy)
    }

    /// An ORDER BY item of an aggregate or window (`USING op` is not supported).
    package func sortKey(_ item: SortItem) throws(DatabaseError) -> SortKey {
        let expression = try resolvingUnknown(try bind(item.expression))
        let descending: Bool
        switch item.direction {
        case .default, .ascending: descending = false
        case .descending: descending = true
        case .using:
            throw DatabaseError(.featureNotSupported, "ORDER BY ... USING is not supported", position: item.expression.location.errorPosition)
        }
        let nullsFirst: Bool? = switch item.nulls {
        case .default: nil
        case .first: true
        case .last: false
        }
        return SortKey(expression: expression, descending: descending, nullsFirst: nullsFirst)
    }

    /// The function of a window call and its result type: the ranking and value functions
    /// with PostgreSQL's signatures, or an aggregate computed over the window.
    package func bindWindowFunctionCall(_ call: FunctionCall,
                                        location: SourceLocation) throws(DatabaseError) -> (function: BoundWindowFunction.Function, type: SQLType) {
        let name = try functionName(call, location: location)
        if AggregateRegistry.isAggregate(name) {
            let aggregate = try bindAggregateCall(call, location: location)
            return (.aggregate(aggregate), aggregate.aggregate.resultType)
        }
        guard ExpressionBinder.windowOnlyFunctions.contains(name) else {
            throw DatabaseError(.wrongObjectType, "OVER specified, but \(name) is not a window function nor an aggregate function",
                                position: location.errorPosition)
        }
        if call.isDistinct || !call.orderBy.isEmpty {
            throw DatabaseError(.wrongObjectType, "DISTINCT or ORDER BY is not implemented for window functions",
                                position: location.errorPosition)
        }
        if call.filter != nil {
            throw DatabaseError(.wrongObjectType, "FILTER is not implemented for non-aggregate window functions",
                                position: location.errorPosition)
        }
        var arguments: [BoundExpression] = []
        for argument in call.arguments { arguments.append(try bindNode(argument.value)) }
        let types = arguments.map(\.type.nameWithoutModifier)
        func noSuchFunction() -> DatabaseError {
            DatabaseError(.undefinedFunction, "function \(name)(\(types.joined(separator: ", "))) does not exist",
                          hint: "No function matches the given name and argument types. You might need to add explicit type casts.",
                          position: location.errorPosition)
        }
        func argument(_ index: Int, as type: SQLType) throws(DatabaseError) -> BoundExpression {
            guard CastCatalog.canCast(from: arguments[index].type, to: type, in: .implicit) else { throw noSuchFunction() }
            return try finished(try coercedOperand(arguments[index], to: type, location: call.arguments[index].value.location))
        }
        func value(_ index: Int) throws(DatabaseError) -> BoundExpression {
            try finished(try resolvingUnknown(arguments[index]))
        }
        switch (name, arguments.count) {
        case ("row_number", 0): return (.rowNumber, .bigint)
        case ("rank", 0): return (.rank, .bigint)
        case ("dense_rank", 0): return (.denseRank, .bigint)
        case ("percent_rank", 0): return (.percentRank, .doublePrecision)
        case ("cume_dist", 0): return (.cumeDist, .doublePrecision)
        case ("ntile", 1): return (.ntile(try argument(0, as: .integer)), .integer)
        case ("first_value", 1):
            let first = try value(0)
            return (.firstValue(first), first.type)
        case ("last_value", 1):
            let last = try value(0)
            return (.lastValue(last), last.type)
        case ("nth_value", 2):
            let nth = try value(0)
            return (.nthValue(nth, try argument(1, as: .integer)), nth.type)
        case ("lag", 1...3), ("lead", 1...3):
            var shifted = try value(0)
            let offset = arguments.count >= 2 ? try argument(1, as: .integer) : nil
            var defaultValue: BoundExpression?
            if arguments.count == 3 {
                // lag(anycompatible, integer, anycompatible): the value and default share a type.
                let locations = [call.arguments[0].value.location, call.arguments[2].value.location]
                let type = try commonType(of: [arguments[0], arguments[2]], context: name, locations: locations)
                shifted = try finished(try coerceToCommon(arguments[0], type, context: name, location: locations[0]))
                defaultValue = try finished(try coerceToCommon(arguments[2], type, context: name, location: locations[1]))
            }
            let function: BoundWindowFunction.Function = name == "lag"
                ? .lag(shifted, offset: offset, defaultValue: defaultValue)
                : .lead(shifted, offset: offset, defaultValue: defaultValue)
            return (function, shifted.type)
        default:
            throw noSuchFunction()
        }
    }

    /// 42809 for aggregate syntax on a plain function ("DISTINCT specified, but lower is not an
    /// aggregate function"), 42883 when there is no such function at all.
    private func notAnAggregate(_ call: FunctionCall, name: String, location: SourceLocation) -> DatabaseError {
        guard !FunctionRegistry.overloads(named: name).isEmpty else {
            let shown = call.isStar ? "*" : "..."
            return DatabaseError(.undefinedFunction, "function \(name)(\(shown)) does not exist",
                                 hint: "No function matches the given name and argument types. You might need to add explicit type casts.",
                                 position: location.errorPosition)
        }
        let what: String
        if call.isStar { what = "\(name)(*)" }
        else if call.isDistinct { what = "DISTINCT" }
        else if call.withinGroup != nil { what = "WITHIN GROUP" }
        else if !call.orderBy.isEmpty { what = "ORDER BY" }
        else { what = "FILTER" }
        return DatabaseError(.wrongObjectType, "\(what) specified, but \(name) is not an aggregate function",
                             position: location.errorPosition)
    }
}
