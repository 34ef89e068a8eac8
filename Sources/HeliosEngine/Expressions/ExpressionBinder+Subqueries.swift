// Subqueries used as values (PostgreSQL's SubLinks): EXISTS, a scalar subquery (one column, at
// most one row), ARRAY(subquery), and `x op ANY|ALL (subquery)` with IN as `= ANY` and NOT IN
// as its negation. The query binder plans the subquery (scope.bindSubquery); when its column must
// be converted for the comparison, the plan is wrapped in a projection that casts it, so the
// executor hands the evaluator values of the right type in column 0.

import HeliosCore
import HeliosValues
import HeliosSQL

extension ExpressionBinder {
    func bindExists(_ query: Query, location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        let planned = try scope.bindSubquery(query, location: location)
        return .subquery(BoundSubquery(id: scope.makeBindingTable(), kind: .exists(negated: false), plan: planned.plan,
                                       type: .boolean, outerReferences: planned.outerReferences, source: SQLPrinter.print(query)))
    }

    func bindScalarSubquery(_ query: Query, location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        let planned = try scope.bindSubquery(query, location: location)
        let column = try onlyColumn(of: planned, location: location)
        let type = column.type.kind == .unknown && !column.type.isArray ? SQLType.text : column.type
        let plan = try planReturning(planned, convertedTo: type, location: location)
        return .subquery(BoundSubquery(id: scope.makeBindingTable(), kind: .scalar, plan: plan, type: type,
                                       outerReferences: planned.outerReferences, source: SQLPrinter.print(query)))
    }

    func bindArraySubquery(_ query: Query, location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        let planned = try scope.bindSubquery(query, location: location)
        let column = try onlyColumn(of: planned, location: location)
        let element = column.type.kind == .unknown && !column.type.isArray ? SQLType.text : column.type
        guard let arrayType = element.arrayType else {
            throw DatabaseError(.featureNotSupported, "ARRAY(subquery) of \(element) would be a multidimensional array, which is not supported",
                                position: location.errorPosition)
        }
        let plan = try planReturning(planned, convertedTo: element, location: location)
        return .subquery(BoundSubquery(id: scope.makeBindingTable(), kind: .array, plan: plan, type: arrayType,
                                       outerReferences: planned.outerReferences, source: SQLPrinter.print(query)))
    }

    /// `left symbol ANY|ALL (query)`: the operator resolved for the left operand and the
    /// subquery's column, which must yield boolean.
    func bindQuantifiedSubquery(_ left: Expression, symbol: String, all: Bool, query: Query,
                                location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        if case .row = left.kind {
            throw DatabaseError(.featureNotSupported, "row comparisons with subqueries are not supported", position: location.errorPosition)
        }
        let boundLeft = try bindNode(left)
        let planned = try scope.bindSubquery(query, location: location)
        guard planned.columns.count <= 1 else {
            throw DatabaseError(.syntaxError, "subquery has too many columns", position: location.errorPosition)
        }
        guard let column = planned.columns.first else {
            throw DatabaseError(.syntaxError, "subquery has too few columns", position: location.errorPosition)
        }
        let resolved = try positioned(at: location) { () throws(DatabaseError) -> ResolvedOperator in
            try OperatorCatalog.resolve(symbol, left: boundLeft.type, right: column.type)
        }
        guard resolved.resultType == .boolean else {
            throw DatabaseError(.datatypeMismatch, "operator \(symbol) must return type boolean, not type \(resolved.resultType)",
                                position: location.errorPosition)
        }
        guard let leftType = resolved.leftType else { throw DatabaseError.internalError("prefix operator in a comparison") }
        let coercedLeft = try coercedOperand(boundLeft, to: leftType, location: left.location)
        let plan = try planReturning(planned, convertedTo: resolved.rightType, location: location)
        return .subquery(BoundSubquery(id: scope.makeBindingTable(), kind: .quantified(coercedLeft, resolved, all: all),
                                       plan: plan, type: .boolean, outerReferences: planned.outerReferences,
                                       source: SQLPrinter.print(query)))
    }

    /// The subquery's one output column; 42601 otherwise.
    private func onlyColumn(of planned: PlannedSubquery, location: SourceLocation) throws(DatabaseError) -> PlanColumn {
        guard planned.columns.count == 1 else {
            throw DatabaseError(.syntaxError, "subquery must return only one column", position: location.errorPosition)
        }
        return planned.columns[0]
    }

    /// The subquery's plan producing its first output column, of `type`, as the plan's first
    /// column: the plan itself when it already does, else a projection that casts.
    private func planReturning(_ planned: PlannedSubquery, convertedTo type: SQLType,
                               location: SourceLocation) throws(DatabaseError) -> LogicalPlan {
        let column = planned.columns[0]
        let leads = planned.plan.columns.first?.binding == column.binding
        if column.type == type && leads { return planned.plan }
        let reference = BoundExpression.column(column.binding, column.type)
        guard let converted = try coercion(reference, to: type, context: .implicit, location: location) else {
            throw ExpressionBinder.cannotCast(column.type, to: type, location: location)
        }
        let output = PlanColumn(binding: ColumnBinding(scope.makeBindingTable(), 0), type: type, name: column.name)
        return .project(planned.plan, [converted], columns: [output])
    }
}
