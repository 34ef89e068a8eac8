// Constant folding, after PostgreSQL's eval_const_expressions, whose order matters because a
// fold can fail: `SELECT 1/0` fails when planned, `CASE WHEN false THEN 1/0 END` does not. The
// rules, node by node:
//   - a function, operator or cast is evaluated when all its inputs are constants and it is
//     immutable; a strict one with a NULL constant input is NULL whatever the other inputs are;
//   - AND / OR simplify their operands left to right and stop at a constant false (true), so
//     operands after it are never folded; constant trues (falses) drop out;
//   - CASE drops arms whose condition folds to false or NULL without folding their results, and
//     stops at a condition that folds to true; COALESCE drops NULL constants and stops at the first
//     other constant;
//   - IS [NOT] NULL, IS [NOT] DISTINCT FROM, the boolean tests, NULLIF, GREATEST/LEAST, ARRAY,
//     IN lists and ANY/ALL fold when their inputs are constants;
//   - subqueries, parameters and columns are never constants.
// Folding evaluates with the compiled evaluator, so a folded value is the value evaluation gives.

import HeliosCore
import HeliosValues

/// Folds the constant parts of bound expressions.
struct ConstantFolder {
    let settings: SessionSettings

    func fold(_ expression: BoundExpression) throws(DatabaseError) -> BoundExpression {
        switch expression {
        case .constant, .column, .outerColumn, .parameter, .aggregate:
            return expression
        case .subquery(var subquery):
            if case .quantified(let left, let op, let all) = subquery.kind {
                subquery.kind = .quantified(try fold(left), op, all: all)
            }
            return .subquery(subquery)
        case .and(let items):
            return try foldConnective(items, isAnd: true)
        case .or(let items):
            return try foldConnective(items, isAnd: false)
        case .caseWhen(let branches, let otherwise, let type):
            return try foldCase(branches, otherwise: otherwise, type: type)
        case .coalesce(let items, let type):
            return try foldCoalesce(items, type: type)
        case .cast(let inner, let step, let type):
            let folded = try fold(inner)
            let rebuilt = BoundExpression.cast(folded, step, type)
            guard case .constant(let value, _) = folded else { return rebuilt }
            if value.isNull { return .constant(.null, type) }
            let volatility: Volatility = switch step {
            case .identity: .immutable
            case .plan: CastVolatility.of(folded.type, to: type)
            case .parseUnknown: .immutable
            }
            return volatility == .immutable ? try evaluated(rebuilt) : rebuilt
        case .function(let function, let arguments):
            let folded = try foldAll(arguments)
            return try foldedCall(.function(function, folded), arguments: folded, isStrict: function.overload.isStrict,
                                  volatility: function.overload.volatility, type: function.resultType)
        case .prefix(let op, let operand):
            let folded = try fold(operand)
            return try foldedCall(.prefix(op, folded), arguments: [folded], isStrict: op.entry.isStrict,
                                  volatility: op.volatility, type: op.resultType)
        case .binary(let op, let left, let right):
            let folded = [try fold(left), try fold(right)]
            return try foldedCall(.binary(op, folded[0], folded[1]), arguments: folded, isStrict: op.entry.isStrict,
                                  volatility: op.volatility, type: op.resultType)
        case .engine(let function, let arguments, let type):
            return .engine(function, try foldAll(arguments), type)
        case .intrinsic(let function, let arguments, let type):
            let folded = try foldAll(arguments)
            return try foldedCall(.intrinsic(function, folded, type), arguments: folded, isStrict: true,
                                  volatility: .immutable, type: type)
        case .not(let inner):
            let folded = try fold(inner)
            guard case .constant(let value, _) = folded else { return .not(folded) }
            return .constant(value.boolValue.map { .bool(!$0) } ?? .null, .boolean)
        case .isNull(let inner, let negated):
            return try whenConstant(.isNull(try fold(inner), negated: negated))
        case .booleanTest(let inner, let kind):
            return try whenConstant(.booleanTest(try fold(inner), kind))
        case .isDistinct(let left, let right, let equals, let negated):
            let rebuilt = BoundExpression.isDistinct(try fold(left), try fold(right), equals: equals, negated: negated)
            return equals.volatility == .immutable ? try whenConstant(rebuilt) : rebuilt
        case .nullIf(let left, let right, let equals, let type):
            let (foldedLeft, foldedRight) = (try fold(left), try fold(right))
            // Either argument NULL: the values cannot be equal, the result is the first.
            if case .constant(let value, _) = foldedRight, value.isNull { return foldedLeft }
            if case .constant(let value, _) = foldedLeft, value.isNull { return foldedLeft }
            let rebuilt = BoundExpression.nullIf(foldedLeft, foldedRight, equals: equals, type)
            return equals.volatility == .immutable ? try whenConstant(rebuilt) : rebuilt
        case .extreme(let items, let better, let type):
            return try whenConstant(.extreme(try foldAll(items), better: better, type))
        case .array(let items, let type):
            return try whenConstant(.array(try foldAll(items), type))
        case .inList(let value, let items, let negated):
            var folded: [(BoundExpression, ResolvedOperator)] = []
            for (item, equals) in items { folded.append((try fold(item), equals)) }
            let rebuilt = BoundExpression.inList(try fold(value), folded, negated: negated)
            return items.allSatisfy({ $0.1.volatility == .immutable }) ? try whenConstant(rebuilt) : rebuilt
        case .quantifiedArray(let left, let op, let right, let all):
            let rebuilt = BoundExpression.quantifiedArray(try fold(left), op, try fold(right), all: all)
            return op.volatility == .immutable ? try whenConstant(rebuilt) : rebuilt
        }
    }

    private func foldAll(_ items: [BoundExpression]) throws(DatabaseError) -> [BoundExpression] {
        var result: [BoundExpression] = []
        result.reserveCapacity(items.count)
        for item in items { result.append(try fold(item)) }
        return result
    }

    /// A call with folded arguments: NULL when strict with a NULL constant argument, its value
    /// when immutable with constant arguments, else the call itself.
    private func foldedCall(_ call: BoundExpression, arguments: [BoundExpression], isStrict: Bool, volatility: Volatility,
                            type: SQLType) throws(DatabaseError) -> BoundExpression {
        var allConstant = true
        for argument in arguments {
            guard case .constant(let value, _) = argument else {
                allConstant = false
                continue
            }
            if isStrict && value.isNull { return .constant(.null, type) }
        }
        return allConstant && volatility == .immutable ? try evaluated(call) : call
    }

    /// The node evaluated when all its direct children are constants, else the node.
    private func whenConstant(_ node: BoundExpression) throws(DatabaseError) -> BoundExpression {
        for child in node.children {
            guard case .constant = child else { return node }
        }
        return try evaluated(node)
    }

    /// simplify_and_arguments / simplify_or_arguments.
    private func foldConnective(_ items: [BoundExpression], isAnd: Bool) throws(DatabaseError) -> BoundExpression {
        var kept: [BoundExpression] = []
        var sawNull = false
        var pending = items[...]
        while let item = pending.popFirst() {
            let folded = try fold(item)
            switch folded {
            case .and(let nested) where isAnd: kept += nested
            case .or(let nested) where !isAnd: kept += nested
            case .constant(let value, _):
                guard let flag = value.boolValue else {
                    sawNull = true
                    continue
                }
                // false decides an AND, true an OR; the operands after it are never looked at.
                if flag != isAnd { return .constant(.bool(flag), .boolean) }
            default:
                kept.append(folded)
            }
        }
        if sawNull { kept.append(.constant(.null, .boolean)) }
        if kept.isEmpty { return .constant(.bool(isAnd), .boolean) }
        if kept.count == 1 { return kept[0] }
        return isAnd ? .and(kept) : .or(kept)
    }

    private func foldCase(_ branches: [(condition: BoundExpression, result: BoundExpression)], otherwise: BoundExpression,
                          type: SQLType) throws(DatabaseError) -> BoundExpression {
        var kept: [(condition: BoundExpression, result: BoundExpression)] = []
        for branch in branches {
            let condition = try fold(branch.condition)
            if case .constant(let value, _) = condition {
                // A false or NULL condition drops its arm, result unfolded, as PostgreSQL does.
                guard value.boolValue == true else { continue }
                let result = try fold(branch.result)
                if kept.isEmpty { return result }
                return .caseWhen(kept, otherwise: result, type)
            }
            kept.append((condition, try fold(branch.result)))
        }
        let fallback = try fold(otherwise)
        if kept.isEmpty { return fallback }
        return .caseWhen(kept, otherwise: fallback, type)
    }

    private func foldCoalesce(_ items: [BoundExpression], type: SQLType) throws(DatabaseError) -> BoundExpression {
        var kept: [BoundExpression] = []
        for item in items {
            let folded = try fold(item)
            if case .constant(let value, _) = folded {
                if value.isNull { continue }
                // The first constant ends the list: what follows is never reached.
                if kept.isEmpty { return folded }
                kept.append(folded)
                break
            }
            kept.append(folded)
        }
        if kept.isEmpty { return .constant(.null, type) }
        if kept.count == 1 { return kept[0] }
        return .coalesce(kept, type)
    }

    /// The value of a node whose inputs are constants, as a constant of the node's type.
    private func evaluated(_ node: BoundExpression) throws(DatabaseError) -> BoundExpression {
        let compiled = try ExpressionCompiler.compile(node, layout: [:])
        let environment = EvaluationEnvironment(context: EvaluationContext(settings: settings))
        return .constant(try compiled.evaluate([], environment), node.type)
    }
}
