// The function registry as a binder uses it: overload resolution (answers recorded from
// PostgreSQL 15), volatility and strictness flags, defaults, set-returning functions, and the
// deterministic random() / setseed() sequence, which must equal PostgreSQL's for the same seed.

import HeliosCore
import HeliosValues
import Testing

@Suite struct FunctionRegistryTests {
    static func resolved(_ name: String, _ types: [SQLType]) throws -> ResolvedFunction {
        guard case .function(let function) = try FunctionRegistry.resolve(name, argumentTypes: types) else {
            Issue.record("\(name) resolved to a cast")
            throw DatabaseError.internalError("cast")
        }
        return function
    }

    @Test func overloadResolutionFollowsPostgreSQL() throws {
        // round('1.5') and abs('1'): unknown goes to the preferred type of the numeric category.
        #expect(try Self.resolved("round", [.unknown]).resultType == .doublePrecision)
        #expect(try Self.resolved("abs", [.unknown]).resultType == .doublePrecision)
        #expect(try Self.resolved("trunc", [.unknown, .integer]).resultType == .numeric)
        #expect(try Self.resolved("round", [.numeric, .integer]).resultType == .numeric)
        #expect(try Self.resolved("length", [.varchar(10)]).argumentTypes == [.text])
        #expect(try Self.resolved("abs", [.smallint]).resultType == .smallint)
    }

    @Test func unresolvableCallsGivePostgreSQLErrors() {
        let hint = "No function matches the given name and argument types. You might need to add explicit type casts."
        #expect(throws: DatabaseError(.undefinedFunction, "function length(integer) does not exist", hint: hint)) {
            try FunctionRegistry.resolve("length", argumentTypes: [.integer])
        }
        #expect(throws: DatabaseError(.undefinedFunction, "function lpad(integer, integer) does not exist", hint: hint)) {
            try FunctionRegistry.resolve("lpad", argumentTypes: [.integer, .integer])
        }
        #expect(throws: DatabaseError(.undefinedFunction, "function substr(unknown, numeric) does not exist", hint: hint)) {
            try FunctionRegistry.resolve("substr", argumentTypes: [.unknown, .numeric])
        }
        #expect(throws: DatabaseError(.undefinedFunction, "function foo(integer) does not exist", hint: hint)) {
            try FunctionRegistry.resolve("foo", argumentTypes: [.integer])
        }
    }

    @Test func typeNamesCalledAsFunctionsAreCasts() throws {
        guard case .cast(let type) = try FunctionRegistry.resolve("int4", argumentTypes: [.text]) else {
            Issue.record("int4(text) is not a cast")
            return
        }
        #expect(type == .integer)
    }

    @Test func flagsMatchPgProc() throws {
        #expect(try Self.resolved("abs", [.integer]).overload.volatility == .immutable)
        #expect(try Self.resolved("abs", [.integer]).overload.isStrict)
        #expect(try Self.resolved("now", []).overload.volatility == .stable)
        #expect(try Self.resolved("random", []).overload.volatility == .volatile)
        #expect(try Self.resolved("clock_timestamp", []).overload.volatility == .volatile)
        #expect(try !Self.resolved("concat", [.text, .integer]).overload.isStrict)
        #expect(try Self.resolved("generate_series", [.integer, .integer]).overload.returnsSet)
        #expect(try !Self.resolved("upper", [.text]).overload.returnsSet)
    }

    @Test func defaultsAreAppended() throws {
        let function = try Self.resolved("make_interval", [])
        #expect(function.resultType == .interval)
        #expect(function.defaultArguments.count == 7)
        #expect(function.overload.parameterNames == ["years", "months", "weeks", "days", "hours", "mins", "secs"])
        let value = try function.evaluate([], context: EvaluationContext())
        #expect(TextFormat.format(value) == "00:00:00")
    }

    @Test func setReturningFunctionsProduceRows() throws {
        let context = EvaluationContext()
        let series = try Self.resolved("generate_series", [.integer, .integer, .integer])
        #expect(try series.overload.evaluateSet([.int32(1), .int32(10), .int32(4)], context: context) == [.int32(1), .int32(5), .int32(9)])
        let unnest = try Self.resolved("unnest", [.array(of: .text)])
        #expect(unnest.resultType == .text)
        let array = SQLValue.array(SQLArray(elementType: .text, elements: [.text("a"), .null]))
        #expect(try unnest.overload.evaluateSet([array], context: context) == [.text("a"), .null])
        let matches = try Self.resolved("regexp_matches", [.text, .text, .text])
        let rows = try matches.overload.evaluateSet([.text("a1b22"), .text("[0-9]+"), .text("g")], context: context)
        #expect(rows.map { TextFormat.format($0) } == ["{1}", "{22}"])
    }

    @Test func randomFollowsSetseedLikePostgreSQL() throws {
        let context = EvaluationContext()
        let setseed = try Self.resolved("setseed", [.doublePrecision])
        let random = try Self.resolved("random", [])
        // SELECT setseed(x); SELECT random() ... on PostgreSQL 15.
        let expected: [(Double, [Double])] = [
            (0.5, [0.9851677175347999, 0.825301858027981, 0.12974610012450416]),
            (-0.25, [0.5553213340039351]),
            (1, [0.3978842227698167]),
            (0, [0.8702553105818676]),
        ]
        for (seed, values) in expected {
            _ = try setseed.evaluate([.float64(seed)], context: context)
            for value in values {
                #expect(try random.evaluate([], context: context) == .float64(value), "seed \(seed)")
            }
        }
        #expect(throws: DatabaseError(.invalidParameterValue, "setseed parameter 1.5 is out of allowed range [-1,1]")) {
            try setseed.evaluate([.float64(1.5)], context: context)
        }
    }

    @Test func clockFunctionsReadTheContext() throws {
        var settings = SessionSettings()
        settings.transactionTimestamp = 1_000_000
        let context = EvaluationContext(settings: settings, statementTimestamp: 2_000_000, clock: { 3_000_000 })
        #expect(try Self.resolved("now", []).evaluate([], context: context) == .timestampWithTimeZone(1_000_000))
        #expect(try Self.resolved("statement_timestamp", []).evaluate([], context: context) == .timestampWithTimeZone(2_000_000))
        #expect(try Self.resolved("clock_timestamp", []).evaluate([], context: context) == .timestampWithTimeZone(3_000_000))
        let uuid = try Self.resolved("gen_random_uuid", []).evaluate([], context: context)
        let text = TextFormat.format(uuid)
        #expect(text.count == 36)
        #expect(Array(text)[14] == "4")
    }
}
