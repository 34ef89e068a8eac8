// Operators, after PostgreSQL's make_op: the operands are bound, the operator is chosen by
// OperatorCatalog.resolve (exact match, an unknown operand taking the other's type, then the
// general overload resolution), and each operand is coerced to the type the chosen operator
// takes. Row constructors compared with =, <>, <, <=, > or >= expand into comparisons of their
// fields, as make_row_comparison_op does.

import HeliosCore
import HeliosValues
import HeliosSQL

extension ExpressionBinder {
    func bindBinaryOperator(_ name: OperatorName, _ left: Expression, _ right: Expression,
                            location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        let symbol = try operatorSymbol(name, location: location)
        if case .row(let leftFields) = left.kind, case .row(let rightFields) = right.kind {
            return try bindRowComparison(symbol, leftFields, rightFields, location: location)
        }
        if case .row = left.kind, case .subquery = right.kind {
            throw DatabaseError(.featureNotSupported, "row comparisons with subqueries are not supported", position: location.errorPosition)
        }
        if left.isRow || right.isRow {
            // A row against a scalar: no operator takes type record, so this is make_op's 42883.
            let leftType = try left.isRow ? SQLType.record : bindNode(left).type
            let rightType = try right.isRow ? SQLType.record : bindNode(right).type
            return try positioned(at: location) { () throws(DatabaseError) -> BoundExpression in
                _ = try OperatorCatalog.resolve(symbol, left: leftType, right: rightType)
                throw DatabaseError(.featureNotSupported, "row values are supported only in comparisons, IN and IS [NOT] NULL")
            }
        }
        let boundLeft = try bindNode(left)
        let boundRight = try bindNode(right)
        return try makeOperator(symbol, boundLeft, boundRight, leftLocation: left.location, rightLocation: right.location,
                                location: location)
    }

    func bindPrefixOperator(_ name: OperatorName, _ operand: Expression, location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        let symbol = try operatorSymbol(name, location: location)
        let bound = try bindNode(operand)
        return try makeOperator(symbol, nil, bound, leftLocation: location, rightLocation: operand.location, location: location)
    }

    /// make_op: `left symbol right` (`left` nil for a prefix operator) with both operands
    /// coerced to the operator's types. 42883 "operator does not exist: integer + text".
    func makeOperator(_ symbol: String, _ left: BoundExpression?, _ right: BoundExpression,
                      leftLocation: SourceLocation, rightLocation: SourceLocation,
                      location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        let resolved = try positioned(at: location) { () throws(DatabaseError) -> ResolvedOperator in
            try OperatorCatalog.resolve(symbol, left: left?.type, right: right.type)
        }
        let coercedRight = try coercedOperand(right, to: resolved.rightType, location: rightLocation)
        guard let left, let leftType = resolved.leftType else { return .prefix(resolved, coercedRight) }
        let coercedLeft = try coercedOperand(left, to: leftType, location: leftLocation)
        return .binary(resolved, coercedLeft, coercedRight)
    }

    /// An operand or argument converted to the type its operator or function takes (implicit).
    func coercedOperand(_ expression: BoundExpression, to type: SQLType, location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        guard let converted = try coercion(expression, to: type, context: .implicit, location: location) else {
            // Resolution only picks types the operands convert to implicitly.
            throw ExpressionBinder.cannotCast(expression.type, to: type, location: location)
        }
        return converted
    }

    /// The operator's symbol; `OPERATOR(pg_catalog.+)` is the only qualification accepted.
    func operatorSymbol(_ name: OperatorName, location: SourceLocation) throws(DatabaseError) -> String {
        if let schema = name.schema, schema != "pg_catalog" {
            throw DatabaseError(.undefinedFunction, "operator does not exist: \(schema).\(name.symbol)", position: location.errorPosition)
        }
        return name.symbol
    }

    /// `(a, b) op (c, d)`: = is the AND of the fields' =, <> the OR of their <>, and the
    /// orderings compare lexicographically: `a < c OR (a = c AND b < d)`.
    func bindRowComparison(_ symbol: String, _ left: [Expression], _ right: [Expression],
                           location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        guard left.count == right.count else {
            throw DatabaseError(.syntaxError, "unequal number of entries in row expressions", position: location.errorPosition)
        }
        guard !left.isEmpty else {
            throw DatabaseError(.featureNotSupported, "cannot compare rows of zero length", position: location.errorPosition)
        }
        var pairs: [(BoundExpression, BoundExpression, SourceLocation, SourceLocation)] = []
        for (leftField, rightField) in zip(left, right) {
            pairs.append((try bindNode(leftField), try bindNode(rightField), leftField.location, rightField.location))
        }
        func compare(_ index: Int, _ fieldSymbol: String) throws(DatabaseError) -> BoundExpression {
            let (l, r, leftLocation, rightLocation) = pairs[index]
            let comparison = try makeOperator(fieldSymbol, l, r, leftLocation: leftLocation, rightLocation: rightLocation,
                                              location: location)
            guard comparison.type == .boolean else {
                throw DatabaseError(.datatypeMismatch, "row comparison operator must yield type boolean, not type \(comparison.type)",
                                    position: location.errorPosition)
            }
            return comparison
        }
        switch symbol {
        case "=":
            var items: [BoundExpression] = []
            for index in pairs.indices { items.append(try compare(index, "=")) }
            return items.count == 1 ? items[0] : .and(items)
        case "<>":
            var items: [BoundExpression] = []
            for index in pairs.indices { items.append(try compare(index, "<>")) }
            return items.count == 1 ? items[0] : .or(items)
        case "<", "<=", ">", ">=":
            let strict = symbol.hasPrefix("<") ? "<" : ">"
            var result = try compare(pairs.count - 1, symbol)
            for index in pairs.indices.dropLast().reversed() {
                result = .or([try compare(index, strict), .and([try compare(index, "="), result])])
            }
            return result
        default:
            throw DatabaseError(.featureNotSupported, "could not determine interpretation of row comparison operator \(symbol)",
                                hint: "Row comparison operators must be associated with btree operator families.",
                                position: location.errorPosition)
        }
    }
}

extension Expression {
    /// Whether this is a row constructor, `(a, b)` or `ROW(a, b)`.
    var isRow: Bool {
        if case .row = kind { return true }
        return false
    }
}
