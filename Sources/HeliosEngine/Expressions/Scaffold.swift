// TEMPORARY scaffold (engine branch only): a minimal expression binder and evaluator so the
// query layer can be exercised before the real ones (branch `exprs`) land. Deleted at merge.

public import HeliosCore
public import HeliosValues
public import HeliosSQL

package struct ExpressionBinder {
    let scope: any ExpressionScope

    package init(scope: any ExpressionScope) { self.scope = scope }

    package func bind(_ expression: Expression) throws(DatabaseError) -> BoundExpression {
        switch expression.kind {
        case .literal(let literal):
            switch literal {
            case .integer(let value):
                if let small = Int32(exactly: value) { return .constant(.int32(small), .integer) }
                return .constant(.int64(value), .bigint)
            case .numeric(let text): return .constant(try TextFormat.parse(text, as: .numeric), .numeric)
            case .string(let text): return .constant(.text(text), .unknown)
            case .boolean(let flag): return .constant(.bool(flag), .boolean)
            case .null: return .constant(.null, .unknown)
            default: throw DatabaseError(.featureNotSupported, "literal")
            }
        case .columnReference(let names):
            return try scope.resolveColumn(names, location: expression.location)
        case .parameter(let index):
            let type = scope.parameters.type(of: index) ?? .text
            return .parameter(index, type)
        case .binaryOperator(let name, let left, let right):
            return try ExpressionCoercion.comparison(name.symbol, try bind(left), try bind(right), location: expression.location)
        case .prefixOperator(let name, let operand):
            let inner = try bind(operand)
            let op = try OperatorCatalog.resolve(name.symbol, left: nil, right: inner.type)
            return .prefix(op, try ExpressionCoercion.coerce(inner, to: op.rightType, context: .implicit, location: expression.location))
        case .and(let a, let b): return .and([try bindCondition(a, clause: "AND"), try bindCondition(b, clause: "AND")])
        case .or(let a, let b): return .or([try bindCondition(a, clause: "OR"), try bindCondition(b, clause: "OR")])
        case .not(let a): return .not(try bindCondition(a, clause: "NOT"))
        case .isNull(let a, let negated): return .isNull(try bind(a), negated: negated)
        case .typeCast(let inner, let typeName):
            let type = try SQLType.named(typeName.baseName, modifiers: [])
            return try ExpressionCoercion.coerce(try bind(inner), to: type, context: .explicit, location: expression.location)
        case .functionCall(let call):
            let name = call.name.name.lowercased()
            if call.over != nil { return try scope.bindWindowFunction(call, location: expression.location) }
            if AggregateRegistry.isAggregate(name) || call.isStar { return try scope.bindAggregate(call, location: expression.location) }
            var arguments: [BoundExpression] = []
            for argument in call.argumentValues { arguments.append(try bind(argument)) }
            switch try FunctionRegistry.resolve(name, argumentTypes: arguments.map(\.type)) {
            case .function(let function):
                var coerced: [BoundExpression] = []
                for (argument, type) in zip(arguments, function.argumentTypes) {
                    coerced.append(try ExpressionCoercion.coerce(argument, to: type, context: .implicit, location: expression.location))
                }
                for value in function.defaultArguments { coerced.append(.constant(value, value.naturalType)) }
                return .function(function, coerced)
            case .cast(let type):
                return try ExpressionCoercion.coerce(arguments[0], to: type, context: .explicit, location: expression.location)
            }
        case .subquery(let query):
            let planned = try scope.bindSubquery(query, location: expression.location)
            return .subquery(BoundSubquery(id: scope.makeBindingTable(), kind: .scalar, plan: planned.plan, type: planned.columns[0].type,
                                           outerReferences: planned.outerReferences))
        case .exists(let query):
            let planned = try scope.bindSubquery(query, location: expression.location)
            return .subquery(BoundSubquery(id: scope.makeBindingTable(), kind: .exists(negated: false), plan: planned.plan, type: .boolean,
                                           outerReferences: planned.outerReferences))
        default:
            throw DatabaseError(.featureNotSupported, "scaffold: \(expression.kind)")
        }
    }

    package func bindCondition(_ expression: Expression, clause: String) throws(DatabaseError) -> BoundExpression {
        try ExpressionCoercion.coerce(try bind(expression), to: .boolean, context: .implicit, location: expression.location)
    }

    package func bindAssigned(_ expression: Expression, to type: SQLType, column: String) throws(DatabaseError) -> BoundExpression {
        try ExpressionCoercion.coerce(try bind(expression), to: type, context: .assignment, location: expression.location)
    }
}

package enum ExpressionCoercion {
    package static func coerce(_ expression: BoundExpression, to type: SQLType, context: CastContext,
                               location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        if expression.type == type { return expression }
        if case .constant(let value, .unknown) = expression {
            if value.isNull { return .constant(.null, type) }
            return .constant(try TextFormat.parse(value.stringValue ?? "", as: type), type)
        }
        if expression.type.withoutModifier == type.withoutModifier { return expression }
        guard let plan = CastCatalog.find(from: expression.type, to: type, context: context) else {
            throw DatabaseError(.datatypeMismatch, "cannot cast \(expression.type.formatted) to \(type.formatted)", position: location.errorPosition)
        }
        return .cast(expression, .plan(plan), type)
    }

    package static func resolvingUnknown(_ expression: BoundExpression) throws(DatabaseError) -> BoundExpression {
        expression.type == .unknown ? try coerce(expression, to: .text, context: .implicit, location: .unknown) : expression
    }

    package static func commonType(of expressions: [BoundExpression], context: String) throws(DatabaseError) -> SQLType {
        try TypeCoercion.commonType(expressions.map(\.type), context: context)
    }

    package static func comparison(_ symbol: String, _ left: BoundExpression, _ right: BoundExpression,
                                   location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        let op = try OperatorCatalog.resolve(symbol, left: left.type, right: right.type)
        return .binary(op, try coerce(left, to: op.leftType!, context: .implicit, location: location),
                       try coerce(right, to: op.rightType, context: .implicit, location: location))
    }
}

package struct CompiledExpression {
    let body: (Row, EvaluationEnvironment) throws(DatabaseError) -> SQLValue

    package func evaluate(_ row: Row, _ environment: EvaluationEnvironment) throws(DatabaseError) -> SQLValue {
        try body(row, environment)
    }
}

package enum ExpressionCompiler {
    package static func compile(_ expression: BoundExpression, layout: [ColumnBinding: Int]) throws(DatabaseError) -> CompiledExpression {
        switch expression {
        case .constant(let value, _): return CompiledExpression { _, _ in value }
        case .column(let binding, _):
            guard let index = layout[binding] else { throw DatabaseError.internalError("column \(binding) not in layout") }
            return CompiledExpression { row, _ in row[index] }
        case .outerColumn(let binding, _):
            return CompiledExpression { _, environment in environment.outer[binding] ?? .null }
        case .parameter(let index, _):
            return CompiledExpression { _, environment in environment.parameters[index - 1] }
        case .cast(let inner, let step, _):
            let compiled = try compile(inner, layout: layout)
            guard case .plan(let plan) = step else { return compiled }
            return CompiledExpression { (row, environment) throws(DatabaseError) in
                let value = try compiled.evaluate(row, environment)
                return value.isNull ? .null : try plan.apply(value, settings: environment.context.settings)
            }
        case .binary(let op, let a, let b):
            let left = try compile(a, layout: layout)
            let right = try compile(b, layout: layout)
            return CompiledExpression { (row, environment) throws(DatabaseError) in
                try op.evaluate(try left.evaluate(row, environment), try right.evaluate(row, environment), context: environment.context)
            }
        case .prefix(let op, let a):
            let inner = try compile(a, layout: layout)
            return CompiledExpression { (row, environment) throws(DatabaseError) in
                try op.evaluate(try inner.evaluate(row, environment), context: environment.context)
            }
        case .and(let items), .or(let items):
            let isAnd = if case .and = expression { true } else { false }
            var compiled: [CompiledExpression] = []
            for item in items { compiled.append(try compile(item, layout: layout)) }
            return CompiledExpression { (row, environment) throws(DatabaseError) in
                var sawNull = false
                for item in compiled {
                    switch try item.evaluate(row, environment) {
                    case .bool(let flag): if flag != isAnd { return .bool(flag) }
                    default: sawNull = true
                    }
                }
                return sawNull ? .null : .bool(isAnd)
            }
        case .not(let a):
            let inner = try compile(a, layout: layout)
            return CompiledExpression { (row, environment) throws(DatabaseError) in
                if case .bool(let flag) = try inner.evaluate(row, environment) { return .bool(!flag) }
                return .null
            }
        case .isNull(let a, let negated):
            let inner = try compile(a, layout: layout)
            return CompiledExpression { (row, environment) throws(DatabaseError) in .bool(try inner.evaluate(row, environment).isNull != negated) }
        case .function(let function, let arguments):
            var compiled: [CompiledExpression] = []
            for argument in arguments { compiled.append(try compile(argument, layout: layout)) }
            return CompiledExpression { (row, environment) throws(DatabaseError) in
                var values: [SQLValue] = []
                for item in compiled { values.append(try item.evaluate(row, environment)) }
                if function.overload.isStrict && values.contains(where: \.isNull) { return .null }
                return try function.evaluate(values, context: environment.context)
            }
        case .subquery(let subquery):
            let outerHere = subquery.outerReferences.compactMap { binding in layout[binding].map { (binding, $0) } }
            return CompiledExpression { (row, environment) throws(DatabaseError) in
                for (binding, index) in outerHere { environment.outer[binding] = row[index] }
                let rows = try environment.subqueries!.rows(of: subquery.plan, id: subquery.id, limit: 2, environment: environment)
                switch subquery.kind {
                case .exists(let negated): return .bool(rows.isEmpty == negated)
                default:
                    if rows.count > 1 { throw DatabaseError(.cardinalityViolation, "more than one row returned by a subquery used as an expression") }
                    return rows.first?[0] ?? .null
                }
            }
        default:
            throw DatabaseError(.featureNotSupported, "scaffold compile")
        }
    }
}

package enum TypeResolution {
    package static func resolve(_ name: TypeName) throws(DatabaseError) -> SQLType {
        var modifiers: [Int] = []
        for modifier in name.modifiers {
            if case .literal(.integer(let value)) = modifier.kind { modifiers.append(Int(value)) }
        }
        let base = try SQLType.named(name.baseName, modifiers: modifiers)
        return name.isArray ? SQLType.array(of: base) : base
    }
}
