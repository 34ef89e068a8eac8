// Functions with VARIADIC "any" arguments and other odds and ends: concat, concat_ws,
// format (%s %I %L with positions, widths and the - flag), num_nulls, num_nonnulls,
// gen_random_uuid and pg_typeof. Arguments of "any" type print through their output functions.

import HeliosCore

/// Miscellaneous functions.
enum MiscellaneousFunctions {
    static func display(_ value: SQLValue, _ context: EvaluationContext) -> String {
        switch value {
        case .text(let text): text
        case .character(let text): text
        default: TextFormat.format(value, settings: context.settings)
        }
    }

    /// text_format.
    static func format(_ template: String, _ arguments: [SQLValue], _ context: EvaluationContext) throws(DatabaseError) -> String {
        func invalid(_ message: String, hint: String? = nil) -> DatabaseError {
            DatabaseError(.invalidParameterValue, message, hint: hint)
        }
        let unterminated = invalid("unterminated format() type specifier", hint: "For a single \"%\" use \"%%\".")
        let tooFew = invalid("too few arguments for format()")
        let characters = Array(template)
        var output = ""
        var index = 0
        var nextArgument = 0
        func number() -> Int? {
            var value = 0
            let start = index
            while index < characters.count, let digit = characters[index].wholeNumberValue, characters[index].isASCII {
                value = value * 10 + digit
                index += 1
            }
            return index > start ? value : nil
        }
        while index < characters.count {
            let character = characters[index]
            index += 1
            guard character == "%" else {
                output.append(character)
                continue
            }
            guard index < characters.count else { throw unterminated }
            if characters[index] == "%" {
                output.append("%")
                index += 1
                continue
            }
            var position: Int?
            var leftAlign = false
            var width = 0
            var widthPosition: Int?? = nil
            let save = index
            if let value = number() {
                guard index < characters.count else { throw unterminated }
                if characters[index] == "$" {
                    if value == 0 { throw invalid("format specifies argument 0, but arguments are numbered from 1") }
                    position = value
                    index += 1
                } else {
                    index = save
                }
            }
            while index < characters.count && characters[index] == "-" {
                leftAlign = true
                index += 1
            }
            guard index < characters.count else { throw unterminated }
            if characters[index] == "*" {
                index += 1
                let save = index
                if let value = number(), index < characters.count, characters[index] == "$" {
                    if value == 0 { throw invalid("format specifies argument 0, but arguments are numbered from 1") }
                    widthPosition = .some(value)
                    index += 1
                } else {
                    index = save
                    widthPosition = .some(nil)
                }
            } else if let value = number() {
                width = value
            }
            guard index < characters.count else { throw unterminated }
            let conversion = characters[index]
            index += 1
            guard conversion == "s" || conversion == "I" || conversion == "L" else {
                throw invalid("unrecognized format() type specifier \"\(conversion)\"", hint: "For a single \"%\" use \"%%\".")
            }
            if let widthPosition {
                let argument = widthPosition ?? (nextArgument + 1)
                nextArgument = argument
                guard argument <= arguments.count else { throw tooFew }
                let value = arguments[argument - 1]
                if !value.isNull {
                    guard let integer = value.integerValue ?? Int64(display(value, context)) else {
                        throw DatabaseError(.invalidTextRepresentation,
                                            "invalid input syntax for type integer: \"\(display(value, context))\"")
                    }
                    width = Int(integer)
                    if width < 0 {
                        leftAlign = true
                        width = -width
                    }
                }
            }
            let argument = position ?? (nextArgument + 1)
            nextArgument = argument
            guard argument <= arguments.count else { throw tooFew }
            let value = arguments[argument - 1]
            var piece: String
            if value.isNull {
                switch conversion {
                case "L": piece = "NULL"
                case "I": throw DatabaseError(.nullValueNotAllowed, "null values cannot be formatted as an SQL identifier")
                default: piece = ""
                }
            } else {
                let text = display(value, context)
                switch conversion {
                case "I": piece = StringFunctions.quoteIdentifier(text)
                case "L": piece = StringFunctions.quoteLiteral(text)
                default: piece = text
                }
            }
            let length = piece.unicodeScalars.count
            if width > length {
                let padding = String(repeating: " ", count: width - length)
                piece = leftAlign ? piece + padding : padding + piece
            }
            output += piece
        }
        return output
    }

    /// pg_size_pretty: bytes below 10 kB, then kB, MB, GB, TB and PB, each rounded half away
    /// from zero and used below 20 units of the next (PostgreSQL 15's size_pretty_units).
    static func prettySize(_ bytes: Int64) -> String {
        let units: [(name: String, limit: Int64, round: Bool, bits: Int)] = [
            ("bytes", 10 * 1024, false, 0), ("kB", 20 * 1024 - 1, true, 10), ("MB", 20 * 1024 - 1, true, 20),
            ("GB", 20 * 1024 - 1, true, 30), ("TB", 20 * 1024 - 1, true, 40), ("PB", 20 * 1024 - 1, true, 50),
        ]
        var size = bytes
        for (index, unit) in units.enumerated() {
            if index == units.count - 1 || size.magnitude < UInt64(unit.limit) {
                if unit.round { size = (size + (size < 0 ? -1 : 1)) / 2 }
                return "\(size) \(unit.name)"
            }
            let next = units[index + 1]
            let bits = next.bits - unit.bits - (next.round ? 1 : 0) + (unit.round ? 1 : 0)
            size /= Int64(1) << bits
        }
        return "\(size) bytes"
    }

    static let overloads: [FunctionOverload] = {
        var list: [FunctionOverload] = []
        list.append(FunctionOverload("concat", [], .text, variadic: .any, volatility: .stable, isStrict: false) { arguments, context throws(DatabaseError) in
            .text(arguments.filter { !$0.isNull }.map { display($0, context) }.joined())
        })
        list.append(FunctionOverload("concat_ws", [.text], .text, variadic: .any, volatility: .stable, isStrict: false) {
            arguments, context throws(DatabaseError) in
            guard let separator = arguments.first, !separator.isNull else { return .null }
            let pieces = arguments.dropFirst().filter { !$0.isNull }.map { display($0, context) }
            return .text(pieces.joined(separator: TextOperatorEntries.string(separator)))
        })
        list.append(FunctionOverload("format", [.text], .text, volatility: .stable, isStrict: false) { arguments, context throws(DatabaseError) in
            arguments[0].isNull ? .null : .text(try format(TextOperatorEntries.string(arguments[0]), [], context))
        })
        list.append(FunctionOverload("format", [.text], .text, variadic: .any, volatility: .stable, isStrict: false) {
            arguments, context throws(DatabaseError) in
            arguments[0].isNull ? .null : .text(try format(TextOperatorEntries.string(arguments[0]), Array(arguments.dropFirst()), context))
        })
        list.append(FunctionOverload("num_nulls", [], .integer, variadic: .any, isStrict: false) { arguments, _ throws(DatabaseError) in
            .int32(Int32(arguments.filter(\.isNull).count))
        })
        list.append(FunctionOverload("num_nonnulls", [], .integer, variadic: .any, isStrict: false) { arguments, _ throws(DatabaseError) in
            .int32(Int32(arguments.filter { !$0.isNull }.count))
        })
        list.append(FunctionOverload("gen_random_uuid", [], .uuid, volatility: .volatile) { _, context throws(DatabaseError) in
            var (high, low) = context.uuidBits()
            high = (high & ~0xF000) | 0x4000
            low = (low & ~(0xC000_0000_0000_0000 as UInt64)) | 0x8000_0000_0000_0000
            return .uuid(UUIDValue(high: high, low: low))
        })
        // HeliosDB has no partitioned tables, so no relation has ancestors: PostgreSQL returns no
        // rows for a relation that is not a partition (psql's \d asks for every table).
        list.append(FunctionOverload("pg_partition_ancestors", [.regclass], .regclass, volatility: .volatile,
                                     set: { _, _ throws(DatabaseError) in [] }))
        list.append(FunctionOverload("pg_size_pretty", [.bigint], .text) { arguments, _ throws(DatabaseError) in
            .text(prettySize(arguments[0].integerValue ?? 0))
        })
        list.append(FunctionOverload("pg_typeof", [.any], .regtype, volatility: .stable, isStrict: false) { arguments, _ throws(DatabaseError) in
            .oid(arguments[0].naturalType.oid)
        })
        return list
    }()
}
