// The operator catalog (PostgreSQL 15's pg_operator for HeliosDB's types) and operator
// resolution (parse_oper.c): an exact match first, then with an unknown operand assumed to have
// the other operand's type, then the general overload resolution. The resolved operator says
// which types to coerce the operands to and what type the result has.

public import HeliosCore

/// The implementation of a binary operator; operands are never NULL (operators are strict).
public typealias BinaryOperation = @Sendable (SQLValue, SQLValue, EvaluationContext) throws(DatabaseError) -> SQLValue
/// The implementation of a prefix operator; the operand is never NULL.
public typealias UnaryOperation = @Sendable (SQLValue, EvaluationContext) throws(DatabaseError) -> SQLValue

/// One operator of the catalog.
public struct OperatorEntry: Sendable {
    /// The operator's name, e.g. "+", "=", "~~" (LIKE), "||".
    public let name: String
    /// The left operand's type; nil for a prefix operator.
    public let left: SQLType?
    public let right: SQLType
    /// The result type (polymorphic for a few array operators; see `ResolvedOperator.resultType`).
    public let result: SQLType
    /// PostgreSQL's implementing function (pg_operator.oprcode), e.g. "int4pl".
    public let functionName: String
    /// True (all but the array concatenation operators): a NULL operand gives NULL without calling.
    public let isStrict: Bool
    let binary: BinaryOperation?
    let unary: UnaryOperation?

    init(_ name: String, _ left: SQLType?, _ right: SQLType, _ result: SQLType, _ functionName: String,
         isStrict: Bool = true, binary: BinaryOperation? = nil, unary: UnaryOperation? = nil) {
        self.isStrict = isStrict
        self.name = name
        self.left = left
        self.right = right
        self.result = result
        self.functionName = functionName
        self.binary = binary
        self.unary = unary
    }

    /// Applies a binary operator to operands already coerced to its operand types; the caller
    /// returns NULL for a NULL operand when `isStrict`.
    public func evaluate(_ left: SQLValue, _ right: SQLValue, context: EvaluationContext) throws(DatabaseError) -> SQLValue {
        guard let binary else { throw DatabaseError.internalError("\(name) is not a binary operator") }
        return try binary(left, right, context)
    }

    /// Applies a prefix operator to a non-NULL operand.
    public func evaluate(_ operand: SQLValue, context: EvaluationContext) throws(DatabaseError) -> SQLValue {
        guard let unary else { throw DatabaseError.internalError("\(name) is not a prefix operator") }
        return try unary(operand, context)
    }

    /// The parameter list used by overload resolution.
    var parameters: [SQLType] { left.map { [$0, right] } ?? [right] }
}

/// An operator chosen for given operand types.
public struct ResolvedOperator: Sendable {
    public let entry: OperatorEntry
    /// The type to coerce the left operand to (nil for prefix operators).
    public let leftType: SQLType?
    /// The type to coerce the right operand to.
    public let rightType: SQLType
    /// The concrete result type.
    public let resultType: SQLType

    public func evaluate(_ left: SQLValue, _ right: SQLValue, context: EvaluationContext) throws(DatabaseError) -> SQLValue {
        try entry.evaluate(left, right, context: context)
    }

    public func evaluate(_ operand: SQLValue, context: EvaluationContext) throws(DatabaseError) -> SQLValue {
        try entry.evaluate(operand, context: context)
    }
}

/// The operators HeliosDB knows, by name.
public enum OperatorCatalog {
    static let all: [OperatorEntry] = NumericOperatorEntries.entries + TextOperatorEntries.entries
        + DateTimeOperatorEntries.entries + OtherOperatorEntries.entries

    private static let byName: [String: [OperatorEntry]] = Dictionary(grouping: all, by: \.name)

    /// Every operator named `name`.
    public static func entries(named name: String) -> [OperatorEntry] { byName[name] ?? [] }

    /// All operators.
    public static var allEntries: [OperatorEntry] { all }

    /// Chooses the operator `name` for operand types `left` (nil for prefix) and `right`.
    public static func resolve(_ name: String, left: SQLType?, right: SQLType) throws(DatabaseError) -> ResolvedOperator {
        let candidates = entries(named: name).filter { ($0.left == nil) == (left == nil) }
        let inputs = left.map { [$0.withoutModifier, right.withoutModifier] } ?? [right.withoutModifier]
        if let exact = exactMatch(candidates, inputs: inputs) { return try finish(exact, inputs: inputs) }
        switch OverloadResolution.select(inputs: inputs, candidates: candidates.map(\.parameters)) {
        case .chosen(let index):
            return try finish(candidates[index], inputs: inputs)
        case .none:
            let hint = left == nil
                ? "No operator matches the given name and argument type. You might need to add an explicit type cast."
                : "No operator matches the given name and argument types. You might need to add explicit type casts."
            throw DatabaseError(.undefinedFunction, "operator does not exist: \(signature(name, left, right))", hint: hint)
        case .ambiguous:
            throw DatabaseError(.ambiguousFunction, "operator is not unique: \(signature(name, left, right))",
                                hint: "Could not choose a best candidate operator. You might need to add explicit type casts.")
        }
    }

    /// "text + integer", "- text": the operator signature PostgreSQL prints in errors.
    static func signature(_ name: String, _ left: SQLType?, _ right: SQLType) -> String {
        if let left { return "\(left.withoutModifier.formatted) \(name) \(right.withoutModifier.formatted)" }
        return "\(name) \(right.withoutModifier.formatted)"
    }

    /// binary_oper_exact: identical types, or an unknown operand taking the other's type.
    private static func exactMatch(_ candidates: [OperatorEntry], inputs: [SQLType]) -> OperatorEntry? {
        if let match = candidates.first(where: { $0.parameters == inputs }) { return match }
        guard inputs.count == 2 else { return nil }
        let unknown = SQLType.unknown
        if inputs[0] == unknown && inputs[1] != unknown {
            return candidates.first { $0.parameters == [inputs[1], inputs[1]] }
        }
        if inputs[1] == unknown && inputs[0] != unknown {
            return candidates.first { $0.parameters == [inputs[0], inputs[0]] }
        }
        return nil
    }

    private static func finish(_ entry: OperatorEntry, inputs: [SQLType]) throws(DatabaseError) -> ResolvedOperator {
        let (parameters, result) = try TypeCoercion.resolvePolymorphic(inputs, parameters: entry.parameters, result: entry.result)
        // "any"-like operands (anynonarray || text) keep their own type.
        let concrete = zip(parameters, inputs).map { parameter, input in parameter.kind == .any ? input : parameter }
        if entry.left != nil {
            return ResolvedOperator(entry: entry, leftType: concrete[0], rightType: concrete[1], resultType: result)
        }
        return ResolvedOperator(entry: entry, leftType: nil, rightType: concrete[0], resultType: result)
    }
}
