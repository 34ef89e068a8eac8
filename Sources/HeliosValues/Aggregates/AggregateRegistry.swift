// The aggregate functions PostgreSQL 15 has for HeliosDB's types, with their result types:
// count(*) and count(any) -> bigint; sum(smallint|integer) -> bigint, sum(bigint|numeric) ->
// numeric, sum(real) -> real, sum(double) -> double, sum(interval) -> interval; avg of integers
// and numeric -> numeric, of floats -> double, of interval -> interval; min/max of every
// ordered type; bool_and, bool_or, every; string_agg(text|bytea, delimiter); array_agg;
// stddev, stddev_samp, stddev_pop, variance, var_samp, var_pop (numeric for exact inputs,
// double for floats); bit_and, bit_or, bit_xor. Resolution is the same as for functions.

public import HeliosCore

/// An aggregate's signature.
public struct AggregateSignature: Sendable {
    public let name: String
    public let parameters: [SQLType]
    public let result: SQLType
    let kind: @Sendable (SQLType) -> AggregateAccumulator.Kind
}

/// An aggregate chosen for given argument types.
public struct ResolvedAggregate: Sendable {
    public let signature: AggregateSignature
    /// The types to coerce the arguments to.
    public let argumentTypes: [SQLType]
    public let resultType: SQLType
    private let kind: AggregateAccumulator.Kind

    init(signature: AggregateSignature, argumentTypes: [SQLType], resultType: SQLType) {
        self.signature = signature
        self.argumentTypes = argumentTypes
        self.resultType = resultType
        kind = signature.kind(argumentTypes.first ?? .unknown)
    }

    /// A fresh state for one group.
    public func makeAccumulator() -> AggregateAccumulator { AggregateAccumulator(kind: kind) }
}

/// The built-in aggregates.
public enum AggregateRegistry {
    static let signatures: [AggregateSignature] = {
        var list: [AggregateSignature] = []
        func add(_ name: String, _ parameters: [SQLType], _ result: SQLType, _ kind: @escaping @Sendable (SQLType) -> AggregateAccumulator.Kind) {
            list.append(AggregateSignature(name: name, parameters: parameters, result: result, kind: kind))
        }
        add("count", [], .bigint) { _ in .countRows }
        add("count", [.any], .bigint) { _ in .count }
        for (input, result) in [(SQLType.smallint, SQLType.bigint), (.integer, .bigint), (.bigint, .numeric), (.numeric, .numeric),
                                (.real, .real), (.doublePrecision, .doublePrecision), (.interval, .interval)] {
            add("sum", [input], result) { _ in .sum(input.kind) }
        }
        for (input, result) in [(SQLType.smallint, SQLType.numeric), (.integer, .numeric), (.bigint, .numeric), (.numeric, .numeric),
                                (.real, .doublePrecision), (.doublePrecision, .doublePrecision), (.interval, .interval)] {
            add("avg", [input], result) { _ in .average(input.kind) }
        }
        let ordered: [SQLType] = [.smallint, .integer, .bigint, .real, .doublePrecision, .numeric, .text, .character, .date, .time,
                                  .timeWithTimeZone, .timestamp, .timestampWithTimeZone, .interval, .oid, .anyArray]
        for type in ordered {
            add("min", [type], type) { _ in .minimum }
            add("max", [type], type) { _ in .maximum }
        }
        add("bool_and", [.boolean], .boolean) { _ in .boolAnd }
        add("every", [.boolean], .boolean) { _ in .boolAnd }
        add("bool_or", [.boolean], .boolean) { _ in .boolOr }
        add("string_agg", [.text, .text], .text) { _ in .stringAggregate }
        add("string_agg", [.bytea, .bytea], .bytea) { _ in .byteaAggregate }
        add("array_agg", [.anyNonArray], .anyArray) { type in .arrayAggregate(type) }
        let statistics: [(String, Bool, Bool)] = [
            ("stddev", true, true), ("stddev_samp", true, true), ("stddev_pop", false, true),
            ("variance", true, false), ("var_samp", true, false), ("var_pop", false, false),
        ]
        for (name, sample, squareRoot) in statistics {
            for (input, result) in [(SQLType.smallint, SQLType.numeric), (.integer, .numeric), (.bigint, .numeric),
                                    (.numeric, .numeric), (.real, .doublePrecision), (.doublePrecision, .doublePrecision)] {
                add(name, [input], result) { _ in .variance(sample: sample, squareRoot: squareRoot, inputKind: input.kind) }
            }
        }
        for type in [SQLType.smallint, .integer, .bigint] {
            add("bit_and", [type], type) { _ in .bitAnd(type.kind) }
            add("bit_or", [type], type) { _ in .bitOr(type.kind) }
            add("bit_xor", [type], type) { _ in .bitXor(type.kind) }
        }
        return list
    }()

    private static let byName: [String: [AggregateSignature]] = Dictionary(grouping: signatures, by: \.name)

    /// True when `name` is an aggregate function.
    public static func isAggregate(_ name: String) -> Bool { byName[name] != nil }

    /// Chooses the aggregate `name` for `argumentTypes`; `count(*)` is `count` with no arguments.
    public static func resolve(_ name: String, argumentTypes: [SQLType]) throws(DatabaseError) -> ResolvedAggregate {
        let candidates = (byName[name] ?? []).filter { $0.parameters.count == argumentTypes.count }
        let inputs = argumentTypes.map(\.withoutModifier)
        var chosen: AggregateSignature?
        if let exact = candidates.first(where: { $0.parameters == inputs }) {
            chosen = exact
        } else {
            switch OverloadResolution.select(inputs: inputs, candidates: candidates.map(\.parameters)) {
            case .chosen(let index): chosen = candidates[index]
            case .none:
                let call = name + "(" + (inputs.isEmpty && name == "count" ? "*" : inputs.map(\.formatted).joined(separator: ", ")) + ")"
                throw DatabaseError(.undefinedFunction, "function \(call) does not exist",
                                    hint: "No function matches the given name and argument types. You might need to add explicit type casts.")
            case .ambiguous:
                throw DatabaseError(.ambiguousFunction, "function \(name)(\(inputs.map(\.formatted).joined(separator: ", "))) is not unique",
                                    hint: "Could not choose a best candidate function. You might need to add explicit type casts.")
            }
        }
        guard let signature = chosen else { throw DatabaseError.internalError("no aggregate chosen") }
        let (parameters, result) = try TypeCoercion.resolvePolymorphic(inputs, parameters: signature.parameters, result: signature.result)
        let argumentTypes = zip(parameters, inputs).map { parameter, input in
            parameter.kind == .any ? (input.kind == .unknown ? SQLType.text : input) : parameter
        }
        if name == "array_agg" && inputs.first?.isArray == true {
            throw DatabaseError(.featureNotSupported, "array_agg of arrays (multidimensional arrays) is not supported")
        }
        return ResolvedAggregate(signature: signature, argumentTypes: argumentTypes, resultType: result)
    }
}
