// The expression binder: PostgreSQL's transformExpr for HeliosDB. It turns a syntax-tree
// expression into a typed BoundExpression: literals get their types, names are resolved through
// the ExpressionScope, operators and functions are chosen by PostgreSQL's resolution rules with
// their operands coerced, untyped literals are parsed as the type their context gives them, and
// last, constant sub-expressions are folded the way PostgreSQL's planner folds them
// (ConstantFolder). Each construct's rules live in an extension file named after it.

package import HeliosCore
import HeliosValues
package import HeliosSQL

/// Binds the expressions of one query level. Cheap to create: it holds only its scope.
package struct ExpressionBinder {
    package let scope: any ExpressionScope
    /// Whether the entry points fold constant sub-expressions. Tests turn it off to compare
    /// folded and unfolded evaluation; everything else leaves it on, as PostgreSQL does.
    package var foldsConstants: Bool

    package init(scope: any ExpressionScope, foldsConstants: Bool = true) {
        self.scope = scope
        self.foldsConstants = foldsConstants
    }

    /// The settings literals are read with and constants folded with.
    var settings: SessionSettings { scope.session.settings }

    /// The expression bound and folded. Untyped literals (`'abc'`, NULL) keep type `unknown`
    /// until a context decides; see `resolvingUnknown` for output columns.
    package func bind(_ expression: Expression) throws(DatabaseError) -> BoundExpression {
        try finished(try bindNode(expression))
    }

    /// Folds constant sub-expressions unless folding is turned off.
    func finished(_ expression: BoundExpression) throws(DatabaseError) -> BoundExpression {
        guard foldsConstants else { return expression }
        return try ConstantFolder(settings: settings).fold(expression)
    }

    /// Binds without folding: the recursive step every construct uses.
    func bindNode(_ expression: Expression) throws(DatabaseError) -> BoundExpression {
        let location = expression.location
        // Errors about an infix form's operator point at the operator, as PostgreSQL's do.
        let operatorLocation = expression.errorLocation
        switch expression.kind {
        case .literal(let literal):
            return try bindLiteral(literal, location: location)
        case .columnReference(let names):
            return try scope.resolveColumn(names, location: location)
        case .star(let qualifier):
            if qualifier.isEmpty { throw DatabaseError(.syntaxError, "syntax error at or near \"*\"", position: location.errorPosition) }
            throw DatabaseError(.featureNotSupported, "whole-row references such as \(qualifier.joined(separator: ".")).* are not supported",
                                position: location.errorPosition)
        case .parameter(let index):
            return try bindParameter(index, location: location)
        case .indirection(let base, let steps):
            return try bindIndirection(base, steps)
        case .prefixOperator(let name, let operand):
            return try bindPrefixOperator(name, operand, location: location)
        case .binaryOperator(let name, let left, let right):
            return try bindBinaryOperator(name, left, right, location: operatorLocation)
        case .and, .or:
            return try bindLogical(expression)
        case .not(let operand):
            return .not(try bindBoolean(operand, construct: "NOT"))
        case .isNull(let operand, let negated):
            return try bindIsNull(operand, negated: negated)
        case .booleanTest(let operand, let test):
            return try bindBooleanTest(operand, test)
        case .isDistinctFrom(let left, let right, let negated):
            return try bindIsDistinct(left, right, negated: negated, location: operatorLocation)
        case .between(let between):
            return try bindBetween(between, location: operatorLocation)
        case .inList(let value, let items, let negated):
            return try bindInList(value, items, negated: negated, location: operatorLocation)
        case .inSubquery(let value, let query, let negated):
            let any = try bindQuantifiedSubquery(value, symbol: "=", all: false, query: query, location: operatorLocation)
            return negated ? .not(any) : any
        case .patternMatch(let match):
            return try bindPatternMatch(match, location: operatorLocation)
        case .quantifiedComparison(let comparison):
            return try bindQuantifiedComparison(comparison, location: operatorLocation)
        case .exists(let query):
            return try bindExists(query, location: location)
        case .subquery(let query):
            return try bindScalarSubquery(query, location: location)
        case .arraySubquery(let query):
            return try bindArraySubquery(query, location: location)
        case .array(let elements):
            return try bindArray(elements, elementType: nil, location: location)
        case .row:
            throw DatabaseError(.featureNotSupported, "row values are supported only in comparisons, IN and IS [NOT] NULL",
                                position: location.errorPosition)
        case .typeCast(let operand, let typeName):
            return try bindTypeCast(operand, typeName, location: operatorLocation)
        case .collate(let operand, let collation):
            return try bindCollate(operand, collation, location: operatorLocation)
        case .functionCall(let call):
            return try bindFunctionCall(call, location: operatorLocation)
        case .caseExpression(let caseExpression):
            return try bindCase(caseExpression, location: location)
        case .coalesce(let items):
            return try bindCoalesce(items, location: location)
        case .nullIf(let left, let right):
            return try bindNullIf(left, right, location: location)
        case .greatest(let items):
            return try bindExtreme(items, greatest: true, location: location)
        case .least(let items):
            return try bindExtreme(items, greatest: false, location: location)
        case .sqlValueFunction(let function):
            return try bindValueFunction(function, location: location)
        case .grouping(let arguments):
            return try scope.bindGrouping(arguments, location: location)
        case .default:
            throw DatabaseError(.syntaxError, "DEFAULT is not allowed in this context", position: location.errorPosition)
        }
    }

    /// `$n`: its declared or already inferred type, else `unknown` until a context decides.
    func bindParameter(_ index: Int, location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        guard index >= 1 && index <= ExpressionBinder.maximumParameterCount else {
            throw DatabaseError(.undefinedParameter, "there is no parameter $\(index)", position: location.errorPosition)
        }
        return .parameter(index, scope.parameters.type(of: index) ?? .unknown)
    }

    /// PostgreSQL's limit on `$n` (the wire protocol counts parameters in 16 bits).
    static let maximumParameterCount = 65535
}

extension DatabaseError {
    /// The error pointing at `location`, unless it already points somewhere.
    func positioned(at location: SourceLocation) -> DatabaseError {
        guard position == nil, let errorPosition = location.errorPosition else { return self }
        var error = self
        error.position = errorPosition
        return error
    }
}

/// Runs `body`, pointing any error it throws at `location` (unless it points somewhere already).
func positioned<Result>(at location: SourceLocation, _ body: () throws(DatabaseError) -> Result) throws(DatabaseError) -> Result {
    do {
        return try body()
    } catch {
        throw error.positioned(at: location)
    }
}
