// Function calls, after PostgreSQL's ParseFuncOrColumn: a call with OVER goes to the scope as a
// window function, an aggregate (by name, or written with DISTINCT, ORDER BY, FILTER or `*`) to
// the scope as an aggregate; anything else is resolved in FunctionRegistry, named arguments
// mapped onto the parameters first and VARIADIC arrays spread, and its arguments coerced to the
// chosen overload's parameter types. A type name called as a function is an explicit cast.
// The SQL-syntax forms (EXTRACT, SUBSTRING, POSITION, TRIM, OVERLAY, AT TIME ZONE) arrive from
// the parser as calls of their pg_catalog functions.

package import HeliosCore
package import HeliosValues
package import HeliosSQL

extension ExpressionBinder {
    func bindFunctionCall(_ call: FunctionCall, location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        let name = try functionName(call, location: location)
        if call.over != nil { return try scope.bindWindowFunction(call, location: location) }
        if ExpressionBinder.isAggregateCall(call, name: name) { return try scope.bindAggregate(call, location: location) }
        if ExpressionBinder.windowOnlyFunctions.contains(name) {
            throw DatabaseError(.wrongObjectType, "window function \(name) requires an OVER clause", position: location.errorPosition)
        }
        if name == "pg_typeof" && call.arguments.count == 1 && call.arguments[0].name == nil {
            // The argument's static type, which is all pg_typeof reports.
            let argument = try bindNode(call.arguments[0].value)
            return .constant(.oid(argument.type.oid), .regtype)
        }
        if EngineFunction.isEngineFunction(name), !call.arguments.contains(where: { $0.name != nil }) {
            var bound: [BoundExpression] = []
            for argument in call.arguments { bound.append(try bindNode(argument.value)) }
            guard let (function, signature) = EngineFunction.resolve(name, argumentTypes: bound.map(\.type)) else {
                throw DatabaseError(.undefinedFunction,
                                    "function \(call.name.description)(\(bound.map(\.type.nameWithoutModifier).joined(separator: ", "))) does not exist",
                                    hint: "No function matches the given name and argument types. You might need to add explicit type casts.",
                                    position: location.errorPosition)
            }
            var arguments: [BoundExpression] = []
            for (index, type) in signature.parameters.enumerated() {
                arguments.append(try coercedOperand(bound[index], to: type, location: call.arguments[index].value.location))
            }
            return .engine(function, arguments, signature.result)
        }
        let (function, arguments) = try resolveFunction(name, call, location: location)
        switch function {
        case .function(let resolved):
            if resolved.overload.returnsSet {
                return try scope.bindSetFunction(resolved, arguments, location: location)
            }
            return .function(resolved, arguments)
        case .cast:
            return arguments[0]
        }
    }

    /// A set-returning function in FROM (generate_series, unnest ...): the chosen overload and
    /// its coerced arguments, for the query binder's function scan.
    package func bindFunctionScan(_ call: FunctionCall, location: SourceLocation) throws(DatabaseError) -> (function: ResolvedFunction, arguments: [BoundExpression]) {
        let name = try functionName(call, location: location)
        if call.over != nil || ExpressionBinder.isAggregateCall(call, name: name) {
            throw DatabaseError(.groupingError, "aggregate functions are not allowed in functions in FROM", position: location.errorPosition)
        }
        let (function, arguments) = try resolveFunction(name, call, location: location)
        guard case .function(let resolved) = function else {
            throw DatabaseError(.featureNotSupported, "a cast is not a function to scan in FROM", position: location.errorPosition)
        }
        var folded: [BoundExpression] = []
        for argument in arguments { folded.append(try finished(argument)) }
        return (resolved, folded)
    }

    /// True when `call` is an aggregate call: an aggregate's name, or written the way only
    /// aggregates are (DISTINCT, ORDER BY, FILTER, WITHIN GROUP, `*`).
    package static func isAggregateCall(_ call: FunctionCall, name: String) -> Bool {
        AggregateRegistry.isAggregate(name) || call.isStar || call.isDistinct || !call.orderBy.isEmpty
            || call.filter != nil || call.withinGroup != nil
    }

    /// The functions that exist only as window functions.
    static let windowOnlyFunctions: Set<String> = [
        "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead", "first_value",
        "last_value", "nth_value",
    ]

    /// The function's own name; only pg_catalog may qualify it. 42883 otherwise.
    func functionName(_ call: FunctionCall, location: SourceLocation) throws(DatabaseError) -> String {
        let parts = call.name.parts
        if parts.count == 1 || (parts.count == 2 && parts[0] == "pg_catalog") { return call.name.name }
        // helios_ai's functions are called by their qualified names.
        if parts.count == 2 && parts[0] == "helios_ai" && EngineFunction.isEngineFunction("helios_ai." + parts[1]) {
            return "helios_ai." + parts[1]
        }
        // information_schema's own functions (_pg_expandarray), by their qualified name only.
        let qualified = "information_schema." + call.name.name
        if parts.count == 2 && parts[0] == "information_schema" && !FunctionRegistry.overloads(named: qualified).isEmpty {
            return qualified
        }
        // Only pg_catalog holds functions; the message names the argument types, as PostgreSQL's.
        var described: [String] = call.isStar ? ["*"] : []
        for argument in call.arguments {
            described.append((argument.name.map { "\($0) => " } ?? "") + (try bindNode(argument.value).type.nameWithoutModifier))
        }
        throw DatabaseError(.undefinedFunction, "function \(call.name.description)(\(described.joined(separator: ", "))) does not exist",
                            hint: "No function matches the given name and argument types. You might need to add explicit type casts.",
                            position: location.errorPosition)
    }

    /// func_get_detail plus make_fn_arguments: the overload (or cast) for the call and the
    /// arguments coerced to it, not folded.
    func resolveFunction(_ name: String, _ call: FunctionCall,
                         location: SourceLocation) throws(DatabaseError) -> (FunctionResolution, [BoundExpression]) {
        var arguments: [BoundExpression] = []
        var locations: [SourceLocation] = []
        for argument in call.arguments {
            arguments.append(try bindNode(argument.value))
            locations.append(argument.value.location)
        }
        let resolution: FunctionResolution
        do {
            if call.arguments.contains(where: { $0.name != nil }) {
                (arguments, locations) = try namedArgumentsInOrder(name, call, arguments, locations, location: location)
            }
            if call.isVariadic {
                (arguments, locations) = try spreadVariadic(name, arguments, locations, location: location)
            }
            resolution = try positioned(at: location) { () throws(DatabaseError) -> FunctionResolution in
                try FunctionRegistry.resolve(name, argumentTypes: arguments.map(\.type))
            }
        } catch {
            throw ExpressionBinder.namingFunction(error, name, as: call.name.description)
        }
        switch resolution {
        case .cast(let type):
            return (resolution, [try explicitCast(arguments[0], to: type, operandLocation: locations[0], castLocation: location)])
        case .function(let function):
            var coerced: [BoundExpression] = []
            for (index, type) in function.argumentTypes.enumerated() {
                var argument = arguments[index]
                let declared = index < function.overload.parameters.count ? function.overload.parameters[index] : function.overload.variadic
                if declared?.kind == .any && declared?.isArray == false && Self.printsThroughItsType(argument.type) {
                    // An "any" argument reaches the function as a bare value; types whose text
                    // depends on the type itself (regclass names, int2vector) become text first,
                    // as their output function would print them.
                    argument = try explicitCast(argument, to: .text, operandLocation: locations[index], castLocation: locations[index])
                }
                coerced.append(try coercedOperand(argument, to: argument.type == arguments[index].type ? type : argument.type,
                                                  location: locations[index]))
            }
            return (resolution, coerced)
        }
    }

    /// Whether values of `type` print differently from their bare value (reg* types print names,
    /// vectors print without braces).
    static func printsThroughItsType(_ type: SQLType) -> Bool {
        if type.isVector { return true }
        guard !type.isArray else { return false }
        switch type.kind {
        case .regclass, .regtype, .regproc, .regnamespace, .regrole: return true
        default: return false
        }
    }

    /// `error` about function `name` naming it as written (`pg_catalog.timezone(...)`), as
    /// PostgreSQL's messages do.
    static func namingFunction(_ error: DatabaseError, _ name: String, as written: String) -> DatabaseError {
        guard written != name, error.message.hasPrefix("function \(name)(") else { return error }
        var renamed = error
        renamed.message = "function \(written)(" + error.message.dropFirst("function \(name)(".count)
        return renamed
    }

    /// Named arguments (`make_interval(days => 3)`) placed at their parameters' positions,
    /// skipped parameters filled with their defaults.
    private func namedArgumentsInOrder(_ name: String, _ call: FunctionCall, _ arguments: [BoundExpression],
                                       _ locations: [SourceLocation],
                                       location: SourceLocation) throws(DatabaseError) -> ([BoundExpression], [SourceLocation]) {
        var placements: [([BoundExpression], [SourceLocation])] = []
        for overload in FunctionRegistry.overloads(named: name) where !overload.parameterNames.isEmpty {
            if let placed = ExpressionBinder.place(call.arguments, arguments, locations, in: overload) { placements.append(placed) }
        }
        guard placements.count == 1 else {
            let described = zip(call.arguments, arguments).map { argument, bound in
                (argument.name.map { "\($0) => " } ?? "") + bound.type.nameWithoutModifier
            }
            let state: SQLState = placements.isEmpty ? .undefinedFunction : .ambiguousFunction
            let outcome = placements.isEmpty ? "does not exist" : "is not unique"
            throw DatabaseError(state, "function \(name)(\(described.joined(separator: ", "))) \(outcome)",
                                hint: "No function matches the given name and argument names and types. You might need to add explicit type casts.",
                                position: location.errorPosition)
        }
        return placements[0]
    }

    /// The arguments in parameter order for `overload`, or nil when the names do not fit it.
    private static func place(_ written: [FunctionArgument], _ arguments: [BoundExpression], _ locations: [SourceLocation],
                              in overload: FunctionOverload) -> ([BoundExpression], [SourceLocation])? {
        let parameterCount = overload.parameters.count
        var slots: [(BoundExpression, SourceLocation)?] = Array(repeating: nil, count: parameterCount)
        for (index, argument) in written.enumerated() {
            let position: Int
            if let name = argument.name {
                guard let named = overload.parameterNames.firstIndex(of: name) else { return nil }
                position = named
            } else {
                position = index
            }
            guard position < parameterCount, slots[position] == nil else { return nil }
            slots[position] = (arguments[index], locations[index])
        }
        // Trailing unfilled parameters are left to the registry's defaults; inner ones get theirs here.
        let lastFilled = slots.lastIndex { $0 != nil } ?? -1
        let firstDefaulted = parameterCount - overload.defaults.count
        var ordered: [BoundExpression] = []
        var orderedLocations: [SourceLocation] = []
        for position in 0...max(lastFilled, 0) where lastFilled >= 0 {
            if let (argument, argumentLocation) = slots[position] {
                ordered.append(argument)
                orderedLocations.append(argumentLocation)
            } else {
                guard position >= firstDefaulted else { return nil }
                ordered.append(.constant(overload.defaults[position - firstDefaulted], overload.parameters[position]))
                orderedLocations.append(.unknown)
            }
        }
        return (ordered, orderedLocations)
    }

    /// `f(VARIADIC array)`: a constant array's elements passed as the variadic arguments.
    private func spreadVariadic(_ name: String, _ arguments: [BoundExpression], _ locations: [SourceLocation],
                                location: SourceLocation) throws(DatabaseError) -> ([BoundExpression], [SourceLocation]) {
        guard let last = arguments.last else { return (arguments, locations) }
        guard let elementType = last.type.elementType,
              FunctionRegistry.overloads(named: name).contains(where: { $0.variadic != nil }) else {
            let described = arguments.map(\.type.nameWithoutModifier)
            throw DatabaseError(.undefinedFunction, "function \(name)(\(described.joined(separator: ", "))) does not exist",
                                hint: "No function matches the given name and argument types. You might need to add explicit type casts.",
                                position: location.errorPosition)
        }
        let folded = try finished(last)
        guard case .constant(let value, _) = folded else {
            throw DatabaseError(.featureNotSupported, "VARIADIC is supported only with a constant array",
                                position: locations[locations.count - 1].errorPosition)
        }
        guard case .array(let array) = value else {
            throw DatabaseError(.featureNotSupported, "VARIADIC NULL is not supported", position: location.errorPosition)
        }
        let spread = array.elements.map { BoundExpression.constant($0, elementType) }
        return (Array(arguments.dropLast()) + spread, Array(locations.dropLast()) + spread.map { _ in locations[locations.count - 1] })
    }
}
