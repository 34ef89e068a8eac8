// Predicates with their own syntax, bound as PostgreSQL's transformAExpr* functions bind them:
//   BETWEEN            `x >= a AND x <= b` (NOT: `x < a OR x > b`; SYMMETRIC tries both orders)
//   IN (list)          the constant items compared as one list of the common type (PostgreSQL's
//                      ScalarArrayOpExpr), items that read columns compared one by one and OR'ed
//   LIKE, ILIKE        the operators ~~ and ~~* (NOT: !~~, !~~*); ESCAPE rewrites the pattern
//                      with like_escape
//   SIMILAR TO         `x ~ similar_to_escape(pattern [, escape])` (NOT: !~)
//   op ANY|ALL (array) the operator applied to each element

import HeliosCore
import HeliosValues
import HeliosSQL

extension ExpressionBinder {
    func bindBetween(_ between: Between, location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        func comparison(_ symbol: String, _ left: Expression, _ right: Expression) -> Expression {
            Expression(.binaryOperator(OperatorName(symbol), left, right), location: location)
        }
        func connect(_ and: Bool, _ left: Expression, _ right: Expression) -> Expression {
            Expression(and ? .and(left, right) : .or(left, right), location: location)
        }
        let (value, low, high) = (between.value, between.low, between.high)
        let inside = between.negated ? ("<", ">") : (">=", "<=")
        let forward = connect(!between.negated, comparison(inside.0, value, low), comparison(inside.1, value, high))
        guard between.symmetric else { return try bindNode(forward) }
        let backward = connect(!between.negated, comparison(inside.0, value, high), comparison(inside.1, value, low))
        return try bindNode(connect(between.negated, forward, backward))
    }

    /// `value [NOT] IN (items)`, as transformAExprIn: with more than one item that reads no
    /// column of this query, those are converted to the common type of the value and them and
    /// compared as one list; the others each with `=` (`<>` for NOT IN), OR'ed (AND'ed).
    func bindInList(_ value: Expression, _ items: [Expression], negated: Bool,
                    location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        if case .row = value.kind { return try bindRowInList(value, items, negated: negated, location: location) }
        let left = try bindNode(value)
        var bound: [(expression: BoundExpression, location: SourceLocation)] = []
        for item in items { bound.append((try bindNode(item), item.location)) }
        var tests: [BoundExpression] = []
        var oneByOne = bound
        let constants = bound.filter { $0.expression.columns.isEmpty }
        if constants.count > 1, let list = try commonTypeList(left, constants, negated: negated, valueLocation: value.location,
                                                              location: location) {
            tests.append(list)
            oneByOne = bound.filter { !$0.expression.columns.isEmpty }
        }
        for item in oneByOne {
            tests.append(try makeOperator(negated ? "<>" : "=", left, item.expression, leftLocation: value.location,
                                          rightLocation: item.location, location: location))
        }
        if tests.count == 1 { return tests[0] }
        return negated ? .and(tests) : .or(tests)
    }

    /// The constant IN items as one list of their common type with the value, or nil when
    /// they have none (then PostgreSQL compares them one by one).
    private func commonTypeList(_ left: BoundExpression, _ items: [(expression: BoundExpression, location: SourceLocation)],
                                negated: Bool, valueLocation: SourceLocation,
                                location: SourceLocation) throws(DatabaseError) -> BoundExpression? {
        let types = [left.type] + items.map(\.expression.type)
        guard var common = try? TypeCoercion.commonType(types, context: nil), common.arrayType != nil,
              types.allSatisfy({ CastCatalog.canCast(from: $0, to: common, in: .implicit) }) else { return nil }
        common.modifier = TypeCoercion.commonModifier(types, commonType: common)
        var converted: [BoundExpression] = []
        for item in items { converted.append(try coerceToCommon(item.expression, common, context: "IN", location: item.location)) }
        // The operator is resolved for the value's own type against the list's element type.
        let probe = BoundExpression.constant(.null, common)
        if negated {
            _ = try makeOperator("<>", left, probe, leftLocation: valueLocation, rightLocation: location, location: location)
        }
        guard case .binary(let equals, let coercedLeft, _) = try makeOperator("=", left, probe, leftLocation: valueLocation,
                                                                               rightLocation: location, location: location),
              equals.resultType == .boolean else {
            throw DatabaseError(.wrongObjectType, "op ANY/ALL (array) requires operator to yield boolean", position: location.errorPosition)
        }
        var list: [(BoundExpression, ResolvedOperator)] = []
        for item in converted { list.append((try coercedOperand(item, to: equals.rightType, location: location), equals)) }
        return .inList(coercedLeft, list, negated: negated)
    }

    /// `(a, b) IN ((1, 2), (3, 4))`: the OR of the row equalities (NOT IN: AND of <>).
    private func bindRowInList(_ value: Expression, _ items: [Expression], negated: Bool,
                               location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        guard case .row(let fields) = value.kind else { return .constant(.null, .boolean) }
        var tests: [BoundExpression] = []
        for item in items {
            guard case .row(let itemFields) = item.kind else {
                throw DatabaseError(.featureNotSupported, "a row can be compared only with another row constructor",
                                    position: item.location.errorPosition)
            }
            tests.append(try bindRowComparison(negated ? "<>" : "=", fields, itemFields, location: location))
        }
        if tests.count == 1 { return tests[0] }
        return negated ? .and(tests) : .or(tests)
    }

    func bindPatternMatch(_ match: PatternMatch, location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        let value = try bindNode(match.value)
        var pattern = try bindNode(match.pattern)
        let symbol: String
        switch match.kind {
        case .like, .ilike:
            let base = match.kind == .like ? "~~" : "~~*"
            symbol = match.negated ? "!" + base : base
            if let escape = match.escape {
                let text = try coercedOperand(pattern, to: .text, location: match.pattern.location)
                let escapeText = try coercedOperand(try bindNode(escape), to: .text, location: escape.location)
                pattern = .intrinsic(.likeEscape, [text, escapeText], .text)
            }
        case .similarTo:
            symbol = match.negated ? "!~" : "~"
            var arguments = [pattern]
            var types = [pattern.type]
            if let escape = match.escape {
                let boundEscape = try bindNode(escape)
                arguments.append(boundEscape)
                types.append(boundEscape.type)
            }
            let resolution = try positioned(at: location) { () throws(DatabaseError) -> FunctionResolution in
                try FunctionRegistry.resolve("similar_to_escape", argumentTypes: types)
            }
            guard case .function(let function) = resolution else {
                throw DatabaseError.internalError("similar_to_escape resolved to a cast")
            }
            var coerced: [BoundExpression] = []
            for (argument, type) in zip(arguments, function.argumentTypes) {
                coerced.append(try coercedOperand(argument, to: type, location: match.pattern.location))
            }
            pattern = .function(function, coerced)
        }
        return try makeOperator(symbol, value, pattern, leftLocation: match.value.location, rightLocation: match.pattern.location,
                                location: location)
    }

    func bindQuantifiedComparison(_ comparison: QuantifiedComparison, location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        let all = comparison.quantifier == .all
        let symbol = try operatorSymbol(comparison.operatorName, location: location)
        switch comparison.right {
        case .subquery(let query):
            return try bindQuantifiedSubquery(comparison.left, symbol: symbol, all: all, query: query, location: location)
        case .array(let arrayExpression):
            let left = try bindNode(comparison.left)
            let array = try bindNode(arrayExpression)
            return try makeArrayComparison(symbol, left, array, all: all, leftLocation: comparison.left.location,
                                           arrayLocation: arrayExpression.location, location: location)
        }
    }

    /// make_scalar_array_op: `left symbol ANY|ALL (array)`, the operator resolved against the
    /// array's element type (an untyped literal array takes the left operand's type).
    func makeArrayComparison(_ symbol: String, _ left: BoundExpression, _ array: BoundExpression, all: Bool,
                             leftLocation: SourceLocation, arrayLocation: SourceLocation,
                             location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        let arrayType = array.type
        let elementType: SQLType
        if arrayType.kind == .unknown && !arrayType.isArray {
            elementType = .unknown
        } else if let element = arrayType.elementType {
            elementType = element
        } else {
            throw DatabaseError(.wrongObjectType, "op ANY/ALL (array) requires array on right side", position: location.errorPosition)
        }
        let resolved = try positioned(at: location) { () throws(DatabaseError) -> ResolvedOperator in
            try OperatorCatalog.resolve(symbol, left: left.type, right: elementType)
        }
        guard resolved.resultType == .boolean else {
            throw DatabaseError(.wrongObjectType, "op ANY/ALL (array) requires operator to yield boolean", position: location.errorPosition)
        }
        guard let leftType = resolved.leftType, let targetArray = resolved.rightType.arrayType else {
            throw DatabaseError(.undefinedObject, "could not find array type for data type \(resolved.rightType)",
                                position: location.errorPosition)
        }
        let coercedLeft = try coercedOperand(left, to: leftType, location: leftLocation)
        let coercedArray = try coercedOperand(array, to: targetArray, location: arrayLocation)
        return .quantifiedArray(coercedLeft, resolved, coercedArray, all: all)
    }
}
