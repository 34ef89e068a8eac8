// A miniature binder and evaluator for constant SQL expressions, written against HeliosValues'
// public API the way the engine's binder uses it: literals typed as PostgreSQL types them,
// operators and functions resolved with OperatorCatalog / FunctionRegistry, operands coerced
// with CastCatalog, NULL propagation for strict routines, and the engine constructs (CASE,
// COALESCE, NULLIF, GREATEST, LEAST, IN, BETWEEN, IS [NOT] NULL, AND/OR/NOT, LIKE ... ESCAPE,
// EXTRACT, SUBSTRING, POSITION, TRIM, OVERLAY, ARRAY[...], AT TIME ZONE). It lets the oracle
// tests replay statements recorded from PostgreSQL verbatim.

import HeliosCore
import HeliosValues

/// A bound expression: its static type and how to compute it.
struct Bound {
    var type: SQLType
    var evaluate: () throws(DatabaseError) -> SQLValue
    /// The text of an untyped string literal, or nil.
    var literal: String?
    var isNullLiteral = false
}

struct ExpressionBinder {
    var tokens: [ExpressionToken]
    var position = 0
    let context: EvaluationContext

    init(_ text: String, context: EvaluationContext) {
        tokens = ExpressionLexer.tokens(text)
        self.context = context
    }

    /// Parses, binds and evaluates `text`: its value, printed, and its type name as pg_typeof shows it.
    static func evaluate(_ text: String, context: EvaluationContext = EvaluationContext()) -> String {
        var binder = ExpressionBinder(text, context: context)
        do throws(DatabaseError) {
            let bound = try binder.parseExpression()
            guard binder.peek == .end else { return "E:42601:syntax error near \(binder.peek)" }
            let value = try bound.evaluate()
            var typeName = bound.type.withoutModifier.formatted
            if bound.type.kind == .character && !bound.type.isArray { typeName = "character" }
            if bound.type.kind == .character && bound.type.isArray { typeName = "character[]" }
            if value.isNull { return "NULL|T:\(typeName)" }
            let text = TextFormat.format(value, as: bound.type, settings: context.settings)
            return "V:\(text)|T:\(typeName)"
        } catch {
            var text = "E:\(error.state.code):\(error.message)"
            if let detail = error.detail { text += "|D:" + detail }
            if let hint = error.hint { text += "|H:" + hint }
            return text
        }
    }

    var peek: ExpressionToken { tokens[position] }

    mutating func advance() -> ExpressionToken {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    mutating func accept(_ symbol: String) -> Bool {
        if peek == .symbol(symbol) || peek == .identifier(symbol) {
            position += 1
            return true
        }
        return false
    }

    mutating func expect(_ symbol: String) throws(DatabaseError) {
        guard accept(symbol) else { throw DatabaseError(.syntaxError, "syntax error: expected \(symbol), found \(peek)") }
    }

    func isKeyword(_ word: String, at offset: Int = 0) -> Bool {
        position + offset < tokens.count && tokens[position + offset] == .identifier(word)
    }

    // MARK: Binding helpers

    static func constant(_ value: SQLValue, _ type: SQLType) -> Bound {
        Bound(type: type, evaluate: { value })
    }

    /// Coerces to `target` in `context` (no-op when the types already agree).
    func coerce(_ bound: Bound, to target: SQLType, context castContext: CastContext = .implicit, name: String = "")
        throws(DatabaseError) -> Bound
    {
        if bound.type == target || (target.modifier < 0 && bound.type.withoutModifier == target.withoutModifier) { return bound }
        if target.kind == .any && !target.isArray { return bound }
        guard let plan = CastCatalog.find(from: bound.type, to: target, context: castContext) else {
            throw DatabaseError(.cannotCoerce, "cannot cast type \(bound.type.withoutModifier.formatted) to \(target.formatted)")
        }
        let settings = self.context.settings
        let inner = bound.evaluate
        return Bound(type: target, evaluate: { () throws(DatabaseError) -> SQLValue in try plan.apply(try inner(), settings: settings) })
    }

    func applyOperator(_ name: String, _ left: Bound?, _ right: Bound) throws(DatabaseError) -> Bound {
        let resolved = try OperatorCatalog.resolve(name, left: left?.type, right: right.type)
        let context = self.context
        let coercedRight = try coerce(right, to: resolved.rightType)
        if let left, let leftType = resolved.leftType {
            let coercedLeft = try coerce(left, to: leftType)
            return Bound(type: resolved.resultType, evaluate: { () throws(DatabaseError) -> SQLValue in
                let a = try coercedLeft.evaluate(), b = try coercedRight.evaluate()
                if resolved.entry.isStrict && (a.isNull || b.isNull) { return .null }
                return try resolved.evaluate(a, b, context: context)
            })
        }
        return Bound(type: resolved.resultType, evaluate: { () throws(DatabaseError) -> SQLValue in
            let a = try coercedRight.evaluate()
            if a.isNull { return .null }
            return try resolved.evaluate(a, context: context)
        })
    }

    func callFunction(_ name: String, _ arguments: [Bound]) throws(DatabaseError) -> Bound {
        switch try FunctionRegistry.resolve(name, argumentTypes: arguments.map(\.type)) {
        case .cast(let type):
            return try coerce(arguments[0], to: type, context: .explicit)
        case .function(let resolved):
            var coerced: [Bound] = []
            for (argument, type) in zip(arguments, resolved.argumentTypes) { coerced.append(try coerce(argument, to: type)) }
            let context = self.context
            let finalArguments = coerced
            return Bound(type: resolved.resultType, evaluate: { () throws(DatabaseError) -> SQLValue in
                var values: [SQLValue] = []
                for argument in finalArguments { values.append(try argument.evaluate()) }
                if resolved.overload.isStrict && values.contains(where: \.isNull) { return .null }
                if resolved.overload.returnsSet {
                    return try resolved.overload.evaluateSet(values + resolved.defaultArguments, context: context).first ?? .null
                }
                return try resolved.evaluate(values, context: context)
            })
        }
    }

    func booleanOperand(_ bound: Bound, construct: String) throws(DatabaseError) -> Bound {
        if bound.type == .boolean { return bound }
        if bound.type.kind == .unknown { return try coerce(bound, to: .boolean) }
        throw DatabaseError(.datatypeMismatch, "argument of \(construct) must be type boolean, not type \(bound.type.formatted)")
    }

    func common(_ items: [Bound], construct: String) throws(DatabaseError) -> (SQLType, [Bound]) {
        var type = try TypeCoercion.commonType(items.map(\.type), context: construct)
        let modifier = TypeCoercion.commonModifier(items.map(\.type), commonType: type)
        if modifier >= 0 { type.modifier = modifier }
        var coerced: [Bound] = []
        for item in items { coerced.append(try coerce(item, to: type)) }
        return (type, coerced)
    }

    // MARK: Grammar

    mutating func parseExpression() throws(DatabaseError) -> Bound { try parseOr() }

    mutating func parseOr() throws(DatabaseError) -> Bound {
        var left = try parseAnd()
        while accept("or") {
            let a = try booleanOperand(left, construct: "OR"), b = try booleanOperand(try parseAnd(), construct: "OR")
            left = Bound(type: .boolean, evaluate: { () throws(DatabaseError) -> SQLValue in
                let x = try a.evaluate()
                if x.boolValue == true { return .bool(true) }
                let y = try b.evaluate()
                if y.boolValue == true { return .bool(true) }
                return x.isNull || y.isNull ? .null : .bool(false)
            })
        }
        return left
    }

    mutating func parseAnd() throws(DatabaseError) -> Bound {
        var left = try parseNot()
        while accept("and") {
            let a = try booleanOperand(left, construct: "AND"), b = try booleanOperand(try parseNot(), construct: "AND")
            left = Bound(type: .boolean, evaluate: { () throws(DatabaseError) -> SQLValue in
                let x = try a.evaluate()
                if x.boolValue == false { return .bool(false) }
                let y = try b.evaluate()
                if y.boolValue == false { return .bool(false) }
                return x.isNull || y.isNull ? .null : .bool(true)
            })
        }
        return left
    }

    mutating func parseNot() throws(DatabaseError) -> Bound {
        if accept("not") {
            let operand = try booleanOperand(try parseNot(), construct: "NOT")
            return Bound(type: .boolean, evaluate: { () throws(DatabaseError) -> SQLValue in
                let value = try operand.evaluate()
                return value.isNull ? .null : .bool(!(value.boolValue ?? false))
            })
        }
        return try parseIs()
    }

    mutating func parseIs() throws(DatabaseError) -> Bound {
        var left = try parseComparison()
        while isKeyword("is") {
            position += 1
            let negated = accept("not")
            if accept("null") {
                let operand = left
                left = Bound(type: .boolean, evaluate: { () throws(DatabaseError) -> SQLValue in
                    .bool(try operand.evaluate().isNull != negated)
                })
            } else if accept("true") || accept("false") {
                let wanted = tokens[position - 1] == .identifier("true")
                let operand = try booleanOperand(left, construct: "IS TRUE")
                left = Bound(type: .boolean, evaluate: { () throws(DatabaseError) -> SQLValue in
                    let value = try operand.evaluate()
                    return .bool((value.boolValue == wanted) != negated)
                })
            } else if accept("distinct") {
                try expect("from")
                let right = try parseComparison()
                let equality = try applyOperator("=", left, right)
                let (a, b) = (left, right)
                left = Bound(type: .boolean, evaluate: { () throws(DatabaseError) -> SQLValue in
                    let x = try a.evaluate(), y = try b.evaluate()
                    if x.isNull || y.isNull { return .bool((x.isNull != y.isNull) != negated) }
                    let equal = try equality.evaluate().boolValue ?? false
                    return .bool(!equal != negated)
                })
            } else {
                throw DatabaseError(.syntaxError, "syntax error at IS")
            }
        }
        return left
    }

    static let comparisonOperators: Set<String> = ["=", "<>", "!=", "<", ">", "<=", ">="]

    mutating func parseComparison() throws(DatabaseError) -> Bound {
        var left = try parsePattern()
        while case .symbol(let symbol) = peek, ExpressionBinder.comparisonOperators.contains(symbol) {
            position += 1
            let right = try parsePattern()
            left = try applyOperator(symbol == "!=" ? "<>" : symbol, left, right)
        }
        return left
    }

    mutating func parsePattern() throws(DatabaseError) -> Bound {
        let left = try parseOther()
        let negated = isKeyword("not") && (isKeyword("like", at: 1) || isKeyword("ilike", at: 1) || isKeyword("similar", at: 1)
                                           || isKeyword("between", at: 1) || isKeyword("in", at: 1))
        if negated { position += 1 }
        if accept("like") || accept("ilike") {
            let caseInsensitive = tokens[position - 1] == .identifier("ilike")
            var pattern = try parseOther()
            if accept("escape") {
                let escape = try parseOther()
                pattern = try callFunction("like_escape", [pattern, escape])
            }
            let name = (negated ? "!" : "") + (caseInsensitive ? "~~*" : "~~")
            return try applyOperator(name, left, pattern)
        }
        if accept("similar") {
            try expect("to")
            let pattern = try parseOther()
            var arguments = [pattern]
            if accept("escape") { arguments.append(try parseOther()) }
            let regex = try callFunction("similar_to_escape", arguments)
            return try applyOperator(negated ? "!~" : "~", left, regex)
        }
        if accept("between") {
            let low = try parseOther()
            try expect("and")
            let high = try parseOther()
            let lower = try applyOperator(">=", left, low), upper = try applyOperator("<=", left, high)
            let both = Bound(type: .boolean, evaluate: { () throws(DatabaseError) -> SQLValue in
                let x = try lower.evaluate(), y = try upper.evaluate()
                if x.boolValue == false || y.boolValue == false { return .bool(false) }
                return x.isNull || y.isNull ? .null : .bool(true)
            })
            return negated ? notOf(both) : both
        }
        if accept("in") {
            try expect("(")
            var tests: [Bound] = []
            repeat { tests.append(try applyOperator("=", left, try parseExpression())) } while accept(",")
            try expect(")")
            let list = tests
            let any = Bound(type: .boolean, evaluate: { () throws(DatabaseError) -> SQLValue in
                var sawNull = false
                for test in list {
                    let value = try test.evaluate()
                    if value.boolValue == true { return .bool(true) }
                    if value.isNull { sawNull = true }
                }
                return sawNull ? .null : .bool(false)
            })
            return negated ? notOf(any) : any
        }
        return left
    }

    func notOf(_ bound: Bound) -> Bound {
        Bound(type: .boolean, evaluate: { () throws(DatabaseError) -> SQLValue in
            let value = try bound.evaluate()
            return value.isNull ? .null : .bool(!(value.boolValue ?? false))
        })
    }

    static let reservedOperators: Set<String> = ["+", "-", "*", "/", "%", "^", "(", ")", ",", "[", "]", "::", ":", "=", "<>", "!=", "<", ">", "<=", ">="]

    mutating func parseOther() throws(DatabaseError) -> Bound {
        var left = try parseAdditive()
        while case .symbol(let symbol) = peek, !ExpressionBinder.reservedOperators.contains(symbol), symbol != ";" {
            position += 1
            let right = try parseAdditive()
            left = try applyOperator(symbol, left, right)
        }
        return left
    }

    mutating func parseAdditive() throws(DatabaseError) -> Bound {
        var left = try parseMultiplicative()
        while case .symbol(let symbol) = peek, symbol == "+" || symbol == "-" {
            position += 1
            left = try applyOperator(symbol, left, try parseMultiplicative())
        }
        return left
    }

    mutating func parseMultiplicative() throws(DatabaseError) -> Bound {
        var left = try parsePower()
        while case .symbol(let symbol) = peek, symbol == "*" || symbol == "/" || symbol == "%" {
            position += 1
            left = try applyOperator(symbol, left, try parsePower())
        }
        return left
    }

    mutating func parsePower() throws(DatabaseError) -> Bound {
        var left = try parseAtTimeZone()
        while accept("^") { left = try applyOperator("^", left, try parseAtTimeZone()) }
        return left
    }

    mutating func parseAtTimeZone() throws(DatabaseError) -> Bound {
        var left = try parseUnary()
        while isKeyword("at") && isKeyword("time", at: 1) && isKeyword("zone", at: 2) {
            position += 3
            let zone = try parseUnary()
            left = try callFunction("timezone", [zone, left])
        }
        return left
    }

    mutating func parseUnary() throws(DatabaseError) -> Bound {
        if case .symbol(let symbol) = peek, ["-", "+", "@", "~", "|/", "||/"].contains(symbol) {
            position += 1
            if symbol == "-", case .number(let digits) = peek, tokens[position + 1] != .symbol("::"), tokens[position + 1] != .symbol("[") {
                position += 1
                return try parsePostfix(try numberLiteral("-" + digits))
            }
            return try applyOperator(symbol, nil, try parseUnary())
        }
        return try parsePostfix(try parsePrimary())
    }

    mutating func parseTypeName() throws(DatabaseError) -> SQLType {
        var words: [String] = []
        switch advance() {
        case .identifier(let word): words.append(word)
        case .quotedIdentifier(let word): words.append("\"\(word)\"")
        default: throw DatabaseError(.syntaxError, "syntax error: expected a type name")
        }
        let continuations: [String: [String]] = ["double": ["precision"], "character": ["varying"], "char": ["varying"]]
        if let next = continuations[words[0]], case .identifier(let word) = peek, next.contains(word) {
            words.append(word)
            position += 1
        }
        var modifiers: [Int] = []
        if accept("(") {
            repeat {
                var sign = 1
                if accept("-") { sign = -1 }
                guard case .number(let digits) = advance(), let value = Int(digits) else {
                    throw DatabaseError(.syntaxError, "syntax error in type modifier")
                }
                modifiers.append(sign * value)
            } while accept(",")
            try expect(")")
        }
        if (words[0] == "timestamp" || words[0] == "time") && (isKeyword("with") || isKeyword("without")) {
            let with = isKeyword("with")
            position += 1
            try expect("time")
            try expect("zone")
            words = [words[0] + (with ? " with time zone" : " without time zone")]
        }
        var name = words.joined(separator: " ")
        if words == ["interval"], let (fields, fieldModifiers) = try parseIntervalFields() {
            return try SQLType.named(name, modifiers: fieldModifiers.isEmpty ? modifiers : fieldModifiers, intervalFields: fields)
        }
        while peek == .symbol("[") {
            position += 1
            try expect("]")
            name += "[]"
        }
        return try SQLType.named(name, modifiers: modifiers)
    }

    mutating func parsePostfix(_ start: Bound) throws(DatabaseError) -> Bound {
        var bound = start
        while true {
            if accept("::") {
                let type = try parseTypeName()
                bound = try coerce(bound, to: type, context: .explicit)
            } else if peek == .symbol("[") {
                position += 1
                let array = bound
                guard let elementType = array.type.elementType else {
                    throw DatabaseError(.datatypeMismatch, "cannot subscript type \(array.type.formatted) because it does not support subscripting")
                }
                let lower: Bound? = peek == .symbol(":") ? nil : try coerce(try parseExpression(), to: .integer)
                if accept(":") {
                    let upper: Bound? = peek == .symbol("]") ? nil : try coerce(try parseExpression(), to: .integer)
                    try expect("]")
                    bound = Bound(type: array.type, evaluate: { () throws(DatabaseError) -> SQLValue in
                        ArrayOperations.slice(of: try array.evaluate(), from: try lower?.evaluate(), to: try upper?.evaluate())
                    })
                } else {
                    try expect("]")
                    guard let index = lower else { throw DatabaseError(.syntaxError, "syntax error at or near \"]\"") }
                    bound = Bound(type: elementType, evaluate: { () throws(DatabaseError) -> SQLValue in
                        ArrayOperations.element(of: try array.evaluate(), at: try index.evaluate())
                    })
                }
            } else {
                return bound
            }
        }
    }

    func numberLiteral(_ digits: String) throws(DatabaseError) -> Bound {
        if !digits.contains(".") && !digits.contains("e") && !digits.contains("E") {
            if let value = Int32(digits) { return ExpressionBinder.constant(.int32(value), .integer) }
            if let value = Int64(digits) { return ExpressionBinder.constant(.int64(value), .bigint) }
        }
        return ExpressionBinder.constant(.numeric(try Numeric(parsing: digits)), .numeric)
    }

    /// typsend functions: the binary wire format (nil: the argument's own type, for array_send).
    static let sendFunctions: [String: SQLType?] = [
        "boolsend": .boolean, "int2send": .smallint, "int4send": .integer, "int8send": .bigint, "float4send": .real,
        "float8send": .doublePrecision, "numeric_send": .numeric, "textsend": .text, "varcharsend": .varchar,
        "bpcharsend": .character, "namesend": .name, "byteasend": .bytea, "date_send": .date, "time_send": .time,
        "timetz_send": .timeWithTimeZone, "timestamp_send": .timestamp, "timestamptz_send": .timestampWithTimeZone,
        "interval_send": .interval, "uuid_send": .uuid, "json_send": .json, "jsonb_send": .jsonb, "oidsend": .oid,
        "charsend": .singleCharacter, "array_send": nil,
    ]

    static let typedLiteralStarts: Set<String> = ["date", "time", "timestamp", "timestamptz", "timetz", "interval", "numeric",
                                                  "integer", "int", "int4", "int8", "bigint", "smallint", "text", "varchar",
                                                  "boolean", "bool", "real", "double", "float8", "float4", "bytea", "uuid", "json",
                                                  "jsonb", "char", "character", "decimal", "name", "oid"]

    mutating func parseArguments() throws(DatabaseError) -> [Bound] {
        var arguments: [Bound] = []
        if accept(")") { return arguments }
        repeat {
            if case .identifier(let word) = peek, tokens[position + 1] == .symbol("=>") {
                _ = word
                position += 2
            }
            arguments.append(try parseExpression())
        } while accept(",")
        try expect(")")
        return arguments
    }

    /// `year`, `day to second(3)` ... after an interval type.
    mutating func parseIntervalFields() throws(DatabaseError) -> (IntervalFields, [Int])? {
        let units: [String: IntervalFields] = ["year": .year, "month": .month, "day": .day, "hour": .hour, "minute": .minute,
                                               "second": .second]
        guard case .identifier(let first) = peek, let start = units[first] else { return nil }
        position += 1
        var fields = start
        var modifiers: [Int] = []
        if accept("to"), case .identifier(let last) = advance(), let end = units[last] {
            let ordered: [IntervalFields] = [.year, .month, .day, .hour, .minute, .second]
            let from = ordered.firstIndex(of: start)!, to = ordered.firstIndex(of: end)!
            fields = IntervalFields(ordered[from...to])
        }
        if accept("("), case .number(let digits) = advance(), let precision = Int(digits) {
            try expect(")")
            modifiers = [precision]
        }
        return (fields, modifiers)
    }

    mutating func parseNamedArguments() throws(DatabaseError) -> ([Bound], [String?]) {
        var arguments: [Bound] = []
        var names: [String?] = []
        if accept(")") { return (arguments, names) }
        repeat {
            var name: String?
            if case .identifier(let word) = peek, tokens[position + 1] == .symbol("=>") {
                name = word
                position += 2
            }
            names.append(name)
            arguments.append(try parseExpression())
        } while accept(",")
        try expect(")")
        return (arguments, names)
    }

    /// Named-argument notation: arguments placed by parameter name, defaults filling the rest.
    func callNamed(_ name: String, _ arguments: [Bound], _ names: [String?]) throws(DatabaseError) -> Bound {
        for overload in FunctionRegistry.overloads(named: name) where !overload.parameterNames.isEmpty {
            var slots: [Bound?] = Array(repeating: nil, count: overload.parameters.count)
            var matched = true
            for (index, argument) in arguments.enumerated() {
                if let argumentName = names[index] {
                    guard let slot = overload.parameterNames.firstIndex(of: argumentName) else { matched = false; break }
                    slots[slot] = argument
                } else if index < slots.count {
                    slots[index] = argument
                }
            }
            guard matched else { continue }
            let firstDefault = overload.parameters.count - overload.defaults.count
            var complete: [Bound] = []
            for (slot, bound) in slots.enumerated() {
                if let bound { complete.append(bound); continue }
                guard slot >= firstDefault else { matched = false; break }
                complete.append(ExpressionBinder.constant(overload.defaults[slot - firstDefault], overload.parameters[slot]))
            }
            if matched { return try callFunction(name, complete) }
        }
        throw DatabaseError(.undefinedFunction, "function \(name) with named arguments does not exist")
    }

    mutating func parsePrimary() throws(DatabaseError) -> Bound {
        let token = advance()
        switch token {
        case .number(let digits):
            return try numberLiteral(digits)
        case .string(let text):
            let value = text
            return Bound(type: .unknown, evaluate: { .text(value) }, literal: value)
        case .symbol("("):
            let inner = try parseExpression()
            try expect(")")
            return inner
        case .identifier(let word):
            return try parseWord(word)
        case .quotedIdentifier(let word):
            throw DatabaseError(.undefinedColumn, "column \"\(word)\" does not exist")
        default:
            throw DatabaseError(.syntaxError, "syntax error at \(token)")
        }
    }

    mutating func parseWord(_ word: String) throws(DatabaseError) -> Bound {
        switch word {
        case "null":
            return Bound(type: .unknown, evaluate: { .null }, literal: nil, isNullLiteral: true)
        case "true", "false":
            return ExpressionBinder.constant(.bool(word == "true"), .boolean)
        case "current_date", "current_timestamp", "localtimestamp", "localtime", "current_time":
            if word == "current_timestamp" && accept("(") {
                let arguments = try parseArguments()
                return try callFunction(word, arguments)
            }
            return try callFunction(word, [])
        case "cast":
            try expect("(")
            let operand = try parseExpression()
            try expect("as")
            let type = try parseTypeName()
            try expect(")")
            return try coerce(operand, to: type, context: .explicit)
        case "array":
            try expect("[")
            var items: [Bound] = []
            if !accept("]") {
                repeat { items.append(try parseExpression()) } while accept(",")
                try expect("]")
            }
            if items.isEmpty { throw DatabaseError(.indeterminateDatatype, "cannot determine type of empty array") }
            let (type, coerced) = try common(items, construct: "ARRAY")
            return Bound(type: .array(of: type), evaluate: { () throws(DatabaseError) -> SQLValue in
                var elements: [SQLValue] = []
                for item in coerced { elements.append(try item.evaluate()) }
                return .array(SQLArray(elementType: type, elements: elements))
            })
        case "case":
            return try parseCase()
        case "extract":
            try expect("(")
            guard case .identifier(let field) = advance() else { throw DatabaseError(.syntaxError, "syntax error in EXTRACT") }
            try expect("from")
            let source = try parseExpression()
            try expect(")")
            return try callFunction("extract", [ExpressionBinder.constant(.text(field), .text), source])
        case "substring" where tokens.contains(.identifier("from")) || tokens.contains(.identifier("similar"))
                || tokens.contains(.identifier("for")):
            try expect("(")
            let source = try parseOther()
            if accept("similar") {
                let pattern = try parseExpression()
                try expect("escape")
                let escape = try parseExpression()
                try expect(")")
                return try callFunction("substring", [source, pattern, escape])
            }
            var arguments = [source]
            if accept("from") { arguments.append(try parseExpression()) }
            if accept("for") {
                if arguments.count == 1 { arguments.append(ExpressionBinder.constant(.int32(1), .integer)) }
                arguments.append(try parseExpression())
            }
            try expect(")")
            return try callFunction("substring", arguments)
        case "position" where tokens.contains(.identifier("in")):
            try expect("(")
            let needle = try parseOther()
            try expect("in")
            let haystack = try parseExpression()
            try expect(")")
            return try callFunction("position", [haystack, needle])
        case "trim":
            try expect("(")
            var function = "btrim"
            if accept("leading") { function = "ltrim" } else if accept("trailing") { function = "rtrim" } else { _ = accept("both") }
            var characters: Bound?
            if !accept("from") {
                let first = try parseExpression()
                if accept("from") {
                    characters = first
                } else {
                    try expect(")")
                    return try callFunction(function, [first])
                }
            }
            let source = try parseExpression()
            try expect(")")
            return try callFunction(function, characters.map { [source, $0] } ?? [source])
        case "overlay":
            try expect("(")
            let source = try parseExpression()
            try expect("placing")
            let replacement = try parseExpression()
            try expect("from")
            let start = try parseExpression()
            var arguments = [source, replacement, start]
            if accept("for") { arguments.append(try parseExpression()) }
            try expect(")")
            return try callFunction("overlay", arguments)
        case "coalesce", "greatest", "least":
            try expect("(")
            let items = try parseArguments()
            let (type, coerced) = try common(items, construct: word.uppercased())
            if word == "coalesce" {
                return Bound(type: type, evaluate: { () throws(DatabaseError) -> SQLValue in
                    for item in coerced {
                        let value = try item.evaluate()
                        if !value.isNull { return value }
                    }
                    return .null
                })
            }
            let placeholder = ExpressionBinder.constant(.null, type)
            let comparison = try OperatorCatalog.resolve(word == "greatest" ? ">" : "<", left: placeholder.type, right: placeholder.type)
            let context = self.context
            return Bound(type: type, evaluate: { () throws(DatabaseError) -> SQLValue in
                var best: SQLValue = .null
                for item in coerced {
                    let value = try item.evaluate()
                    if value.isNull { continue }
                    if best.isNull {
                        best = value
                    } else if try comparison.evaluate(value, best, context: context).boolValue == true {
                        best = value
                    }
                }
                return best
            })
        case "nullif":
            try expect("(")
            let items = try parseArguments()
            let equality = try applyOperator("=", items[0], items[1])
            let first = items[0]
            return Bound(type: first.type.kind == .unknown ? .text : first.type, evaluate: { () throws(DatabaseError) -> SQLValue in
                let value = try first.evaluate()
                return try equality.evaluate().boolValue == true ? .null : value
            })
        default:
            break
        }
        if let sendType = ExpressionBinder.sendFunctions[word], accept("(") {
            let arguments = try parseArguments()
            var argument = arguments[0]
            if let sendType { argument = try coerce(arguments[0], to: sendType) }
            let type = argument.type
            return Bound(type: .bytea, evaluate: { () throws(DatabaseError) -> SQLValue in
                let value = try argument.evaluate()
                return value.isNull ? .null : .bytes(BinaryFormat.encode(value, as: type))
            })
        }
        if word == "pg_typeof" && accept("(") {
            let arguments = try parseArguments()
            guard arguments.count == 1 else { return try callFunction(word, arguments) }
            return ExpressionBinder.constant(.oid(arguments[0].type.oid), .regtype)
        }
        if accept("(") {
            let (arguments, names) = try parseNamedArguments()
            if names.contains(where: { $0 != nil }) { return try callNamed(word, arguments, names) }
            return try callFunction(word, arguments)
        }
        if ExpressionBinder.typedLiteralStarts.contains(word) {
            position -= 1
            var type = try parseTypeName()
            guard case .string(let text) = advance() else { throw DatabaseError(.syntaxError, "syntax error after \(word)") }
            if type.kind == .interval && type.modifier < 0, let (fields, modifiers) = try parseIntervalFields() {
                type = try SQLType.named("interval", modifiers: modifiers, intervalFields: fields)
            }
            let literal = Bound(type: .unknown, evaluate: { .text(text) }, literal: text)
            return try coerce(literal, to: type, context: .explicit)
        }
        throw DatabaseError(.undefinedColumn, "column \"\(word)\" does not exist")
    }

    mutating func parseCase() throws(DatabaseError) -> Bound {
        var subject: Bound?
        if !isKeyword("when") { subject = try parseExpression() }
        var conditions: [Bound] = []
        var results: [Bound] = []
        while accept("when") {
            let condition = try parseExpression()
            if let subject {
                conditions.append(try applyOperator("=", subject, condition))
            } else {
                conditions.append(try booleanOperand(condition, construct: "CASE/WHEN"))
            }
            try expect("then")
            results.append(try parseExpression())
        }
        var otherwise: Bound?
        if accept("else") { otherwise = try parseExpression() }
        try expect("end")
        let (type, coerced) = try common(results + (otherwise.map { [$0] } ?? []), construct: "CASE")
        let branches = Array(coerced.prefix(results.count))
        let fallback = otherwise == nil ? nil : coerced.last
        let tests = conditions
        return Bound(type: type, evaluate: { () throws(DatabaseError) -> SQLValue in
            for (test, result) in zip(tests, branches) where try test.evaluate().boolValue == true {
                return try result.evaluate()
            }
            return try fallback?.evaluate() ?? .null
        })
    }
}
