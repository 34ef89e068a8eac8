// Window function calls: `f(...) OVER (PARTITION BY ... ORDER BY ... frame)` or `OVER w` naming
// a window of the WINDOW clause (whose partitioning and ordering a call may extend, as
// PostgreSQL allows). The ranking and offset functions are built in; any aggregate can be used
// as a window function over the frame.

public import HeliosCore
public import HeliosValues
public import HeliosSQL

struct WindowFunctionBinder {
    let scope: QueryScope

    func bind(_ call: FunctionCall, location: SourceLocation) throws(DatabaseError) -> BoundWindowFunction {
        guard let over = call.over else { throw DatabaseError.internalError("window function without OVER") }
        let specification = try resolve(over, location: location)
        let saved = scope.clause
        scope.clause = .windowDefinition
        defer { scope.clause = saved }
        let binder = ExpressionBinder(scope: scope)
        var partitionBy: [BoundExpression] = []
        for expression in specification.partitionBy {
            partitionBy.append(try binder.resolvingUnknown(try binder.bind(expression)))
        }
        var orderBy: [SortKey] = []
        for item in specification.orderBy { orderBy.append(try scope.bindSortKey(item, binder: binder)) }
        let frame = try bindFrame(specification.frame, orderBy: orderBy, binder: binder)

        let name = call.name.name.lowercased()
        if call.isDistinct {
            throw DatabaseError(.featureNotSupported, "DISTINCT is not implemented for window functions", position: location.errorPosition)
        }
        if !call.orderBy.isEmpty {
            throw DatabaseError(.featureNotSupported, "aggregate ORDER BY is not implemented for window functions",
                                position: location.errorPosition)
        }
        scope.clause = .aggregateArgument
        var arguments: [BoundExpression] = []
        for argument in call.argumentValues { arguments.append(try binder.bind(argument)) }
        func expect(_ count: ClosedRange<Int>) throws(DatabaseError) {
            if !count.contains(arguments.count) || call.isStar {
                let types = arguments.map { $0.type.formatted }.joined(separator: ", ")
                throw DatabaseError(.undefinedFunction, "function \(name)(\(types)) does not exist",
                                    hint: "No function matches the given name and argument types. You might need to add explicit type casts.",
                                    position: location.errorPosition)
            }
        }
        func value(_ index: Int) throws(DatabaseError) -> BoundExpression { try ExpressionBinder(scope: scope).resolvingUnknown(arguments[index]) }
        func integer(_ index: Int) throws(DatabaseError) -> BoundExpression {
            try ExpressionBinder(scope: scope).coerce(arguments[index], to: .integer, context: .implicit, location: location)
        }
        let function: BoundWindowFunction.Function
        let type: SQLType
        switch name {
        case "row_number", "rank", "dense_rank":
            try expect(0...0)
            function = name == "row_number" ? .rowNumber : name == "rank" ? .rank : .denseRank
            type = .bigint
        case "percent_rank", "cume_dist":
            try expect(0...0)
            function = name == "percent_rank" ? .percentRank : .cumeDist
            type = .doublePrecision
        case "ntile":
            try expect(1...1)
            function = .ntile(try integer(0))
            type = .integer
        case "lag", "lead":
            try expect(1...3)
            var valueExpression = try value(0)
            var defaultValue: BoundExpression?
            if arguments.count == 3 {
                let common = try ExpressionBinder(scope: scope).commonType(of: [valueExpression, arguments[2]], context: name)
                valueExpression = try ExpressionBinder(scope: scope).coerce(valueExpression, to: common, context: .implicit, location: location)
                defaultValue = try ExpressionBinder(scope: scope).coerce(arguments[2], to: common, context: .implicit, location: location)
            }
            let offset = arguments.count >= 2 ? try integer(1) : nil
            function = name == "lag" ? .lag(valueExpression, offset: offset, defaultValue: defaultValue)
                : .lead(valueExpression, offset: offset, defaultValue: defaultValue)
            type = valueExpression.type
        case "first_value", "last_value":
            try expect(1...1)
            let valueExpression = try value(0)
            function = name == "first_value" ? .firstValue(valueExpression) : .lastValue(valueExpression)
            type = valueExpression.type
        case "nth_value":
            try expect(2...2)
            let valueExpression = try value(0)
            function = .nthValue(valueExpression, try integer(1))
            type = valueExpression.type
        default:
            guard AggregateRegistry.isAggregate(name) else {
                // A name no function has is 42883, as for a call without OVER; a plain function is 42809.
                if FunctionRegistry.overloads(named: name).isEmpty && !EngineFunction.isEngineFunction(name) {
                    let types = arguments.map(\.type.nameWithoutModifier).joined(separator: ", ")
                    throw DatabaseError(.undefinedFunction, "function \(call.name.description)(\(types)) does not exist",
                                        hint: "No function matches the given name and argument types. You might need to add explicit type casts.",
                                        position: location.errorPosition)
                }
                throw DatabaseError(.wrongObjectType, "OVER specified, but \(name) is not a window function nor an aggregate function",
                                    position: location.errorPosition)
            }
            scope.clause = saved
            var plain = call
            plain.over = nil
            let aggregate = try scope.bindAggregateCall(plain, name: name, location: location)
            function = .aggregate(aggregate)
            type = aggregate.aggregate.resultType
        }
        return BoundWindowFunction(function: function, partitionBy: partitionBy, orderBy: orderBy, frame: frame, type: type)
    }

    /// The specification with a named window it refers to merged in.
    private func resolve(_ specification: WindowSpecification, location: SourceLocation) throws(DatabaseError) -> WindowSpecification {
        guard let name = specification.existingName else { return specification }
        guard let base = scope.namedWindows[name] else {
            throw DatabaseError(.undefinedObject, "window \"\(name)\" does not exist", position: location.errorPosition)
        }
        let resolvedBase = try resolve(base, location: location)
        if specification.isReference { return resolvedBase }
        if !specification.partitionBy.isEmpty {
            throw DatabaseError(.windowingError, "cannot override PARTITION BY clause of window \"\(name)\"", position: location.errorPosition)
        }
        if !resolvedBase.orderBy.isEmpty && !specification.orderBy.isEmpty {
            throw DatabaseError(.windowingError, "cannot override ORDER BY clause of window \"\(name)\"", position: location.errorPosition)
        }
        if resolvedBase.frame != nil {
            throw DatabaseError(.windowingError, "cannot copy window \"\(name)\" because it has a frame clause",
                                position: location.errorPosition)
        }
        var merged = resolvedBase
        if !specification.orderBy.isEmpty { merged.orderBy = specification.orderBy }
        merged.frame = specification.frame
        return merged
    }

    private func bindFrame(_ frame: WindowFrame?, orderBy: [SortKey], binder: ExpressionBinder) throws(DatabaseError) -> BoundWindowFrame {
        guard let frame else { return .default }
        let offsets = [frame.start, frame.end ?? .currentRow].compactMap { (bound) -> Expression? in
            switch bound {
            case .preceding(let offset), .following(let offset): offset
            default: nil
            }
        }
        var range: BoundWindowFrame.RangeLimits?
        if frame.mode == .range, let first = offsets.first {
            guard orderBy.count == 1 else {
                throw DatabaseError(.windowingError, "RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column",
                                    position: first.location.errorPosition)
            }
            range = BoundWindowFrame.RangeLimits(position: try rangePosition(of: orderBy[0], location: first.location))
        }
        func bound(_ item: WindowFrame.Bound, isStart: Bool) throws(DatabaseError) -> BoundWindowFrame.Bound {
            switch item {
            case .unboundedPreceding: return .unboundedPreceding
            case .currentRow: return .currentRow
            case .unboundedFollowing: return .unboundedFollowing
            case .preceding(let expression), .following(let expression):
                let isPreceding = if case .preceding = item { true } else { false }
                let offset = try binder.bind(expression)
                if !offset.columns.isEmpty {
                    let mode = switch frame.mode { case .rows: "ROWS"; case .range: "RANGE"; case .groups: "GROUPS" }
                    throw DatabaseError(.windowingError, "argument of \(mode) must not contain variables",
                                        position: expression.location.errorPosition)
                }
                let value: BoundExpression
                if let position = range?.position {
                    value = try rangeOffset(offset, key: orderBy[0], location: expression.location)
                    let limit = try rangeLimit(position: position, offset: value, preceding: isPreceding, key: orderBy[0],
                                               location: expression.location)
                    if isStart { range?.start = limit } else { range?.end = limit }
                } else {
                    value = try ExpressionBinder(scope: scope).coerce(offset, to: .bigint, context: .implicit, location: expression.location)
                }
                return isPreceding ? .preceding(value) : .following(value)
            }
        }
        let start = try bound(frame.start, isStart: true)
        let end = try frame.end.map { (item) throws(DatabaseError) in try bound(item, isStart: false) } ?? .currentRow
        if case .unboundedFollowing = start {
            throw DatabaseError(.windowingError, "frame start cannot be UNBOUNDED FOLLOWING")
        }
        if case .unboundedPreceding = end {
            throw DatabaseError(.windowingError, "frame end cannot be UNBOUNDED PRECEDING")
        }
        if frame.mode == .groups && orderBy.isEmpty {
            throw DatabaseError(.windowingError, "GROUPS mode requires an ORDER BY clause")
        }
        return BoundWindowFrame(mode: frame.mode, start: start, end: end, exclusion: frame.exclusion ?? .noOthers, range: range)
    }
}
