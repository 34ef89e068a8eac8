// Aggregates as state machines against PostgreSQL's answers: each data set fed row by row, and
// again split in two partial states that are merged, must give the recorded result and type.

import HeliosCore
import HeliosValues
import Testing

@Suite struct AggregateTests {
    static func run(_ name: String, _ typeName: String, _ inputs: [String?], split: Int?) -> String {
        do throws(DatabaseError) {
            let type = try SQLType.named(typeName)
            let isStar = name == "count(*)"
            let arguments: [SQLType] = isStar ? [] : (name == "string_agg" ? [type, type] : [type])
            let aggregate = try AggregateRegistry.resolve(isStar ? "count" : name, argumentTypes: arguments)
            let delimiter: SQLValue = typeName == "bytea" ? .bytes([0]) : .text(",")
            var values: [SQLValue] = []
            for input in inputs { values.append(try input.map { text throws(DatabaseError) in try TextFormat.parse(text, as: type) } ?? .null) }
            var states = [aggregate.makeAccumulator(), aggregate.makeAccumulator()]
            for (index, value) in values.enumerated() {
                let part = split.map { index < $0 ? 0 : 1 } ?? 0
                try states[part].add(isStar ? [] : (name == "string_agg" ? [value, delimiter] : [value]))
            }
            var state = states[0]
            if split != nil { try state.merge(states[1]) }
            let result = try state.finish()
            var typeText = aggregate.resultType.withoutModifier.formatted
            if aggregate.resultType.kind == .character { typeText = "character" }
            if result.isNull { return "NULL|T:\(typeText)" }
            return "V:" + OracleComparison.escape(TextFormat.format(result, as: aggregate.resultType)) + "|T:\(typeText)"
        } catch {
            return "E:\(error.state.code):\(error.message)"
        }
    }

    @Test func aggregatesMatchPostgreSQL() {
        var failures: [String] = []
        for (name, type, inputs, expected) in AggregateOracleCases.cases {
            let actual = Self.run(name, type, inputs, split: nil)
            if actual != expected { failures.append("\(name)(\(type)) \(inputs): expected \(expected), got \(actual)") }
        }
        #expect(failures.isEmpty, Comment(rawValue: failures.prefix(30).joined(separator: "\n")))
    }

    @Test func mergedPartialStatesMatchPostgreSQL() {
        var failures: [String] = []
        for (name, type, inputs, expected) in AggregateOracleCases.cases where inputs.count >= 2 {
            let actual = Self.run(name, type, inputs, split: inputs.count / 2)
            // Float sums merged in another order may differ in the last digit; compare exactly otherwise.
            if actual != expected && !(type.hasPrefix("float") && expected.hasPrefix("V:")) {
                failures.append("\(name)(\(type)) \(inputs): expected \(expected), got \(actual)")
            }
        }
        #expect(failures.isEmpty, Comment(rawValue: failures.prefix(30).joined(separator: "\n")))
    }

    @Test func resultTypesFollowPostgreSQL() throws {
        let expectations: [(String, SQLType, SQLType)] = [
            ("sum", .smallint, .bigint), ("sum", .integer, .bigint), ("sum", .bigint, .numeric), ("sum", .real, .real),
            ("sum", .numeric, .numeric), ("avg", .integer, .numeric), ("avg", .doublePrecision, .doublePrecision),
            ("avg", .real, .doublePrecision), ("stddev", .integer, .numeric), ("variance", .real, .doublePrecision),
            ("min", .varchar, .text), ("max", .character(3), .character), ("count", .text, .bigint),
            ("array_agg", .integer, .array(of: .integer)), ("sum", .interval, .interval), ("bool_and", .boolean, .boolean),
        ]
        for (name, input, result) in expectations {
            #expect(try AggregateRegistry.resolve(name, argumentTypes: [input]).resultType == result, "\(name)(\(input))")
        }
        #expect(try AggregateRegistry.resolve("count", argumentTypes: []).resultType == .bigint)
        #expect(throws: DatabaseError.self) { try AggregateRegistry.resolve("sum", argumentTypes: [.text]) }
        #expect(throws: DatabaseError.self) { try AggregateRegistry.resolve("min", argumentTypes: [.boolean]) }
    }
}
