// The scalar function registry: PostgreSQL's built-in functions by name, each overload with its
// parameter and result types (as pg_proc has them), volatility, strictness, parameter names and
// defaults, and an implementation. `resolve` is PostgreSQL's func_get_detail: an exact match,
// then a type name used as a function (int4(x) is a cast), then overload resolution over the
// candidates (with VARIADIC "any" expanded and defaulted parameters filled in).

public import HeliosCore

/// How a function's result depends on its inputs (pg_proc.provolatile).
public enum Volatility: Sendable {
    /// Same arguments, same result, always: may be folded at plan time.
    case immutable
    /// Same result within one statement (now(), to_char with the session's settings).
    case stable
    /// May change at every call (random(), clock_timestamp()).
    case volatile
}

/// A scalar function's implementation: arguments already coerced to the parameter types, with
/// defaults filled in; never called with a NULL argument when the function is strict.
public typealias FunctionImplementation = @Sendable ([SQLValue], EvaluationContext) throws(DatabaseError) -> SQLValue
/// A set-returning function's implementation: all rows it produces.
public typealias SetFunctionImplementation = @Sendable ([SQLValue], EvaluationContext) throws(DatabaseError) -> [SQLValue]

/// One overload of a function.
public struct FunctionOverload: Sendable {
    public let name: String
    public let parameters: [SQLType]
    /// The type of each argument of a trailing VARIADIC parameter ("any" for concat, format ...).
    public let variadic: SQLType?
    public let result: SQLType
    public let volatility: Volatility
    /// A strict function returns NULL, without being called, when any argument is NULL.
    public let isStrict: Bool
    /// Parameter names, for calls with named arguments (make_interval(days => 3)).
    public let parameterNames: [String]
    /// Values of the trailing parameters that may be omitted.
    public let defaults: [SQLValue]
    /// The fields of a `record` result (pg_proc's OUT parameters); polymorphic field types
    /// resolve from the arguments as the result type does.
    public let outputColumns: [RecordType.Field]
    let implementation: FunctionImplementation?
    let setImplementation: SetFunctionImplementation?

    init(_ name: String, _ parameters: [SQLType], _ result: SQLType, variadic: SQLType? = nil,
         volatility: Volatility = .immutable, isStrict: Bool = true, names: [String] = [], defaults: [SQLValue] = [],
         outputColumns: [RecordType.Field] = [],
         implementation: FunctionImplementation? = nil, set: SetFunctionImplementation? = nil) {
        self.outputColumns = outputColumns
        self.name = name
        self.parameters = parameters
        self.variadic = variadic
        self.result = result
        self.volatility = volatility
        self.isStrict = isStrict
        self.parameterNames = names
        self.defaults = defaults
        self.implementation = implementation
        self.setImplementation = set
    }

    /// True for functions that return a set of rows (unnest, generate_series, regexp_matches ...).
    public var returnsSet: Bool { setImplementation != nil }

    /// Calls a scalar function. The caller handles strictness (see `isStrict`).
    public func evaluate(_ arguments: [SQLValue], context: EvaluationContext) throws(DatabaseError) -> SQLValue {
        guard let implementation else { throw DatabaseError.internalError("\(name) returns a set") }
        return try implementation(arguments, context)
    }

    /// Calls a set-returning function: every row's value.
    public func evaluateSet(_ arguments: [SQLValue], context: EvaluationContext) throws(DatabaseError) -> [SQLValue] {
        guard let setImplementation else { return [try evaluate(arguments, context: context)] }
        return try setImplementation(arguments, context)
    }

    /// The parameter list for `count` arguments (variadic expanded, defaults dropped), or nil.
    func parameters(forArgumentCount count: Int) -> [SQLType]? {
        if let variadic {
            guard count >= parameters.count + 1 else { return nil }
            return parameters + Array(repeating: variadic, count: count - parameters.count)
        }
        guard count <= parameters.count && count >= parameters.count - defaults.count else { return nil }
        return Array(parameters.prefix(count))
    }
}

/// A function chosen for given argument types.
public struct ResolvedFunction: Sendable {
    public let overload: FunctionOverload
    /// The type each argument must be coerced to (an "any" argument keeps its own type).
    public let argumentTypes: [SQLType]
    /// Values to append for omitted defaulted parameters.
    public let defaultArguments: [SQLValue]
    public let resultType: SQLType

    /// Calls the function with the given arguments followed by the defaults.
    public func evaluate(_ arguments: [SQLValue], context: EvaluationContext) throws(DatabaseError) -> SQLValue {
        try overload.evaluate(defaultArguments.isEmpty ? arguments : arguments + defaultArguments, context: context)
    }
}

/// What a function call turned out to be.
public enum FunctionResolution: Sendable {
    case function(ResolvedFunction)
    /// A type name used as a function of one argument: a cast to that type (int4(x), text(x)).
    case cast(SQLType)
}

/// The built-in scalar functions.
public enum FunctionRegistry {
    static let all: [FunctionOverload] = MathFunctions.overloads + StringFunctions.overloads
        + PatternFunctions.overloads + DateTimeFunctions.overloads + ArrayFunctions.overloads
        + FormattingFunctions.overloads + MiscellaneousFunctions.overloads + JSONBuildFunctions.overloads
        + SleepFunctions.overloads + InformationSchemaFunctions.overloads

    private static let byName: [String: [FunctionOverload]] = Dictionary(grouping: all, by: \.name)

    /// Every overload named `name` (lower case).
    public static func overloads(named name: String) -> [FunctionOverload] { byName[name] ?? [] }

    /// All function names.
    public static var names: [String] { Array(byName.keys) }

    /// "foo(integer, unknown)": the call PostgreSQL prints in errors.
    static func signature(_ name: String, _ arguments: [SQLType]) -> String {
        "\(name)(\(arguments.map(\.nameWithoutModifier).joined(separator: ", ")))"
    }

    /// Chooses the overload of `name` for `argumentTypes`.
    public static func resolve(_ name: String, argumentTypes: [SQLType]) throws(DatabaseError) -> FunctionResolution {
        let inputs = argumentTypes.map(\.withoutModifier)
        let candidates = overloads(named: name).compactMap { overload -> (FunctionOverload, [SQLType])? in
            overload.parameters(forArgumentCount: inputs.count).map { (overload, $0) }
        }
        // Exact match; a non-variadic overload wins over a variadic one with the same list.
        let exact = candidates.filter { $0.1 == inputs }
        if let match = exact.first(where: { $0.0.variadic == nil }) ?? exact.first {
            return .function(try finish(match.0, parameters: match.1, inputs: inputs))
        }
        if inputs.count == 1, SQLType.Kind.allCases.contains(where: { $0.typeName == name }),
           let type = try? SQLType.named(name), !type.isPseudo,
           CastCatalog.canCast(from: inputs[0], to: type, in: .explicit) {
            return .cast(type)
        }
        switch OverloadResolution.select(inputs: inputs, candidates: candidates.map(\.1)) {
        case .chosen(let index):
            return .function(try finish(candidates[index].0, parameters: candidates[index].1, inputs: inputs))
        case .none:
            throw DatabaseError(.undefinedFunction, "function \(signature(name, argumentTypes)) does not exist",
                                hint: "No function matches the given name and argument types. You might need to add explicit type casts.")
        case .ambiguous:
            throw DatabaseError(.ambiguousFunction, "function \(signature(name, argumentTypes)) is not unique",
                                hint: "Could not choose a best candidate function. You might need to add explicit type casts.")
        }
    }

    private static func finish(_ overload: FunctionOverload, parameters: [SQLType], inputs: [SQLType])
        throws(DatabaseError) -> ResolvedFunction
    {
        var (concrete, result) = try TypeCoercion.resolvePolymorphic(inputs, parameters: parameters, result: overload.result)
        if result.kind == .record && !overload.outputColumns.isEmpty {
            // A record with OUT parameters: blessed with their (resolved) types, so that
            // (f(x)).field finds its field.
            var fields: [RecordType.Field] = []
            for column in overload.outputColumns {
                let type = try TypeCoercion.resolvePolymorphic(inputs, parameters: parameters, result: column.type).1
                fields.append(RecordType.Field(name: column.name, type: type))
            }
            result = RecordType.blessed(fields)
        }
        let argumentTypes = zip(concrete, inputs).map { parameter, input in
            parameter.kind == .any && !parameter.isArray ? (input.kind == .unknown ? SQLType.text : input) : parameter
        }
        let missing = overload.variadic == nil ? overload.parameters.count - inputs.count : 0
        let defaults = missing > 0 ? Array(overload.defaults.suffix(missing)) : []
        return ResolvedFunction(overload: overload, argumentTypes: argumentTypes, defaultArguments: defaults, resultType: result)
    }
}
