// Type names (PostgreSQL's Typename): the SQL spellings with their modifiers, normalized to
// pg_catalog's internal names as gram.y does; generic (possibly qualified) names with modifiers;
// array bounds `[]`, `[n]`, `ARRAY`, `ARRAY[n]`; interval fields.

import HeliosCore

extension Parser {
    /// `[SETOF] simple-type [array bounds]`.
    mutating func parseTypeName() throws(DatabaseError) -> TypeName {
        let isSetOf = accept(.setof)
        var type = try parseSimpleTypeName(forConstant: false)
        type.isSetOf = isSetOf
        if accept(.array) {
            if accept(.leftBracket) {
                type.arrayBounds.append(try parseIntegerConstant())
                try expect(.rightBracket)
            } else {
                type.arrayBounds.append(nil)
            }
            return type
        }
        while accept(.leftBracket) {
            if current.kind == .integer {
                type.arrayBounds.append(try parseIntegerConstant())
            } else {
                type.arrayBounds.append(nil)
            }
            try expect(.rightBracket)
        }
        return type
    }

    /// A type without array bounds. With `forConstant`, INTERVAL's fields are left for after the
    /// string (`INTERVAL '1' DAY`), as in PostgreSQL's ConstTypename.
    mutating func parseSimpleTypeName(forConstant: Bool) throws(DatabaseError) -> TypeName {
        let start = location
        func system(_ name: String, _ modifiers: [Expression] = []) -> TypeName {
            TypeName.system(name, modifiers: modifiers, location: start)
        }
        guard current.kind == .identifier, let keyword = current.keyword else {
            return try parseGenericTypeName()
        }
        switch keyword {
        case .int, .integer:
            advance()
            return system("int4")
        case .smallint:
            advance()
            return system("int2")
        case .bigint:
            advance()
            return system("int8")
        case .real:
            advance()
            return system("float4")
        case .float:
            advance()
            guard accept(.leftParenthesis) else { return system("float8") }
            let precisionLocation = location
            let precision = try parseIntegerConstant()
            try expect(.rightParenthesis)
            if precision < 1 {
                throw error("precision for type float must be at least 1 bit", at: precisionLocation,
                            state: .invalidParameterValue)
            }
            if precision > 53 {
                throw error("precision for type float must be less than 54 bits", at: precisionLocation,
                            state: .invalidParameterValue)
            }
            return system(precision <= 24 ? "float4" : "float8")
        case .double where isKeyword(.precision, at: 1):
            advance()
            advance()
            return system("float8")
        case .decimal, .dec, .numeric:
            advance()
            return system("numeric", try parseTypeModifiers())
        case .boolean:
            advance()
            return system("bool")
        case .bit:
            advance()
            let varying = accept(.varying)
            if current.kind == .leftParenthesis {
                return system(varying ? "varbit" : "bit", try parseTypeModifiers())
            }
            if varying || forConstant { return system(varying ? "varbit" : "bit") }
            return system("bit", [Expression(.literal(.integer(1)), location: start)])
        case .character, .char, .varchar, .national, .nchar:
            var type = try parseCharacterType(start: start)
            // In a typed literal, CHAR without a length is unconstrained (gram.y's ConstCharacter).
            if forConstant && type.baseName == "bpchar" && current.kind == .string
                && tokens[index - 1].kind != .rightParenthesis {
                type.modifiers = []
            }
            return type
        case .timestamp, .time:
            advance()
            var modifiers: [Expression] = []
            if accept(.leftParenthesis) {
                modifiers = [try parseIntegerExpression()]
                try expect(.rightParenthesis)
            }
            var withTimeZone = false
            if isKeyword(.with) && isKeyword(.time, at: 1) && isKeyword(.zone, at: 2) {
                advance(); advance(); advance()
                withTimeZone = true
            } else if accept(.without) {
                try expect(.time)
                try expect(.zone)
            }
            let base = keyword == .timestamp ? "timestamp" : "time"
            return system(withTimeZone ? base + "tz" : base, modifiers)
        case .interval:
            advance()
            var type = system("interval")
            if accept(.leftParenthesis) {
                type.modifiers = [try parseIntegerExpression()]
                try expect(.rightParenthesis)
                return type
            }
            if !forConstant, let fields = try parseIntervalFields(type: &type) { type.intervalFields = fields }
            return type
        default:
            return try parseGenericTypeName()
        }
    }

    /// An integer constant as an expression (type modifiers).
    mutating func parseIntegerExpression() throws(DatabaseError) -> Expression {
        let start = location
        let value = try parseIntegerConstant()
        return Expression(.literal(.integer(Int64(value))), location: start)
    }

    /// `CHARACTER [VARYING] [(n)]`, `CHAR`, `VARCHAR`, `NATIONAL CHARACTER`, `NCHAR`.
    mutating func parseCharacterType(start: SourceLocation) throws(DatabaseError) -> TypeName {
        var varying = false
        if accept(.varchar) {
            varying = true
        } else {
            if accept(.national) {
                if !accept(.character) { try expect(.char) }
            } else if !accept(.character) && !accept(.char) {
                try expect(.nchar)
            }
            varying = accept(.varying)
        }
        if current.kind == .leftParenthesis {
            return TypeName.system(varying ? "varchar" : "bpchar", modifiers: try parseTypeModifiers(), location: start)
        }
        if varying { return TypeName.system("varchar", location: start) }
        return TypeName.system("bpchar", modifiers: [Expression(.literal(.integer(1)), location: start)], location: start)
    }

    /// `YEAR`, `DAY TO SECOND(3)`, ... after INTERVAL (or after an interval literal's string).
    mutating func parseIntervalFields(type: inout TypeName) throws(DatabaseError) -> IntervalFields? {
        func field(_ keyword: Keyword?) -> IntervalFields? {
            switch keyword {
            case .year?: return .year
            case .month?: return .month
            case .day?: return .day
            case .hour?: return .hour
            case .minute?: return .minute
            case .second?: return .second
            default: return nil
            }
        }
        guard current.kind == .identifier, let first = field(current.keyword) else { return nil }
        advance()
        var result = first
        if accept(.to) {
            guard current.kind == .identifier, let last = field(current.keyword) else { throw syntaxError() }
            advance()
            let combined = IntervalFields(rawValue: "\(first.rawValue) TO \(last.rawValue)")
            guard let combined else { throw syntaxError(at: tokens[index - 1]) }
            result = combined
        }
        if result == .second || result == .dayToSecond || result == .hourToSecond || result == .minuteToSecond,
           accept(.leftParenthesis) {
            type.modifiers = [try parseIntegerExpression()]
            try expect(.rightParenthesis)
        }
        return result
    }

    /// `name[.name...] [(modifiers)]` for types without a SQL spelling.
    mutating func parseGenericTypeName() throws(DatabaseError) -> TypeName {
        let start = location
        guard Parser.isTypeFunctionName(current) else { throw syntaxError() }
        var parts = [current.text]
        advance()
        while current.kind == .dot {
            advance()
            parts.append(try parseColumnLabel())
        }
        guard parts.count <= 3 else {
            throw error("improper %TYPE reference (too many dotted names): \(parts.joined(separator: "."))", at: start)
        }
        var type = TypeName(name: QualifiedName(parts, location: start), location: start)
        if current.kind == .leftParenthesis { type.modifiers = try parseTypeModifiers() }
        return type
    }

    /// `(expression, ...)` after a type name.
    mutating func parseTypeModifiers() throws(DatabaseError) -> [Expression] {
        guard accept(.leftParenthesis) else { return [] }
        let modifiers = try parseExpressionList()
        try expect(.rightParenthesis)
        return modifiers
    }
}
