// Type names in both directions: `formatted` prints a type as PostgreSQL's format_type does
// ("character varying(10)", "timestamp(3) with time zone", "integer[]"), `nameWithoutModifier`
// as format_type_be does for messages and regtype output ("character varying", "character"), and `named` turns the
// names a parser produces (SQL keywords such as "double precision" or catalog names such as
// "int4", with modifiers and an optional "[]") into a SQLType, with PostgreSQL's errors.

public import HeliosCore

extension SQLType {
    /// The type as PostgreSQL's format_type_be names it in messages and regtype output: without
    /// its modifier, and bpchar called "character" (which format_type keeps for character(1)).
    public var nameWithoutModifier: String {
        let plain = withoutModifier
        if kind == .character { return isArray ? "character[]" : "character" }
        return plain.formatted
    }

    /// The type as PostgreSQL's format_type prints it.
    public var formatted: String {
        if isVector { return typeName }
        let base = formattedBase
        return isArray ? base + "[]" : base
    }

    private var formattedBase: String {
        switch kind {
        case .boolean: return "boolean"
        case .smallint: return "smallint"
        case .integer: return "integer"
        case .bigint: return "bigint"
        case .real: return "real"
        case .doublePrecision: return "double precision"
        case .singleCharacter: return "\"char\""
        case .character:
            if let length = TypeModifier.characterLength(of: modifier) { return "character(\(length))" }
            return "bpchar"
        case .varchar:
            if let length = TypeModifier.characterLength(of: modifier) { return "character varying(\(length))" }
            return "character varying"
        case .numeric:
            if let (precision, scale) = TypeModifier.numericPrecisionAndScale(of: modifier) {
                return "numeric(\(precision),\(scale))"
            }
            return "numeric"
        case .time, .timeWithTimeZone, .timestamp, .timestampWithTimeZone:
            let word = (kind == .time || kind == .timeWithTimeZone) ? "time" : "timestamp"
            let zone = (kind == .timeWithTimeZone || kind == .timestampWithTimeZone) ? "with" : "without"
            let precision = modifier >= 0 ? "(\(modifier))" : ""
            return "\(word)\(precision) \(zone) time zone"
        case .interval:
            var text = "interval"
            if modifier >= 0 {
                if let phrase = TypeModifier.intervalFields(of: modifier).phrase { text += " " + phrase }
                if let precision = TypeModifier.secondsPrecision(of: modifier, kind: .interval) {
                    text += "(\(precision))"
                }
            }
            return text
        case .any: return "\"any\""
        default: return kind.typeName
        }
    }

    /// The type a parser's type name denotes, e.g. `named("varchar", modifiers: [10])` or
    /// `named("int[]")`. Accepts SQL spellings ("double precision", "character varying",
    /// "timestamp with time zone", "int", "decimal", "float") and catalog names ("int4", "_int4",
    /// "bpchar", "timestamptz"), optionally qualified by "pg_catalog.". Plain `char` and
    /// `character` mean character(1), as in SQL; the quoted name `"char"` is the one-byte type.
    public static func named(_ name: String, modifiers: [Int] = [], intervalFields: IntervalFields? = nil)
        throws(DatabaseError) -> SQLType
    {
        var text = name
        var isArray = false
        while text.hasSuffix("[]") {
            text.removeLast(2)
            isArray = true
        }
        while text.hasSuffix(" ") { text.removeLast() }
        if text.hasPrefix("pg_catalog.") { text.removeFirst("pg_catalog.".count) }
        if !isArray, modifiers.isEmpty, let vector = [SQLType.int2vector, .oidvector].first(where: { $0.typeName == text.lowercased() }) {
            return vector
        }
        if text.hasPrefix("_") && !text.hasPrefix("__") {
            let elementName = String(text.dropFirst())
            if TypeNames.kinds[elementName.lowercased()] != nil {
                text = elementName
                isArray = true
            }
        }
        let key = text == "\"char\"" ? text : text.lowercased()
        guard let entry = TypeNames.kinds[key] else {
            throw DatabaseError(.undefinedObject, "type \"\(name)\" does not exist")
        }
        var type = SQLType(entry.kind)
        type.modifier = try modifierFor(entry, modifiers: modifiers, intervalFields: intervalFields)
        if entry.kind == .real || entry.kind == .doublePrecision, entry.isFloatKeyword {
            type.kind = try floatKind(modifiers: modifiers)
            type.modifier = -1
        }
        if isArray {
            guard let arrayType = type.arrayType else {
                throw DatabaseError(.undefinedObject, "type \"\(name)\" does not exist")
            }
            type = arrayType
        }
        return type
    }

    private static func floatKind(modifiers: [Int]) throws(DatabaseError) -> Kind {
        guard let bits = modifiers.first else { return .doublePrecision }
        if modifiers.count > 1 { throw DatabaseError(.syntaxError, "syntax error at or near \",\"") }
        if bits < 1 { throw DatabaseError(.invalidParameterValue, "precision for type float must be at least 1 bit") }
        if bits > 53 {
            throw DatabaseError(.invalidParameterValue, "precision for type float must be less than 54 bits")
        }
        return bits <= 24 ? .real : .doublePrecision
    }

    private static func modifierFor(_ entry: TypeNames.Entry, modifiers: [Int], intervalFields: IntervalFields?)
        throws(DatabaseError) -> Int32
    {
        let kind = entry.kind
        if entry.isFloatKeyword { return -1 }
        if modifiers.isEmpty {
            if entry.defaultsToLengthOne { return TypeModifier.characterLength(1) }
            if kind == .interval, let intervalFields { return TypeModifier.interval(fields: intervalFields) }
            return -1
        }
        switch kind {
        case .varchar, .character:
            guard modifiers.count == 1 else {
                throw DatabaseError(.invalidParameterValue, "invalid type modifier")
            }
            let label = kind == .varchar ? "varchar" : "char"
            let length = modifiers[0]
            if length < 1 {
                throw DatabaseError(.invalidParameterValue, "length for type \(label) must be at least 1")
            }
            if length > TypeModifier.maximumCharacterLength {
                throw DatabaseError(.invalidParameterValue,
                                    "length for type \(label) cannot exceed \(TypeModifier.maximumCharacterLength)")
            }
            return TypeModifier.characterLength(length)
        case .numeric:
            guard modifiers.count <= 2 else {
                throw DatabaseError(.invalidParameterValue, "invalid NUMERIC type modifier")
            }
            let precision = modifiers[0]
            let scale = modifiers.count == 2 ? modifiers[1] : 0
            if precision < 1 || precision > TypeModifier.maximumNumericPrecision {
                throw DatabaseError(.invalidParameterValue,
                                    "NUMERIC precision \(precision) must be between 1 and 1000")
            }
            if !TypeModifier.numericScaleRange.contains(scale) {
                throw DatabaseError(.invalidParameterValue, "NUMERIC scale \(scale) must be between -1000 and 1000")
            }
            return TypeModifier.numeric(precision: precision, scale: scale)
        case .time, .timeWithTimeZone, .timestamp, .timestampWithTimeZone, .interval:
            guard modifiers.count == 1 else {
                throw DatabaseError(.invalidParameterValue, "invalid type modifier")
            }
            let precision = modifiers[0]
            if precision < 0 {
                let label: String = switch kind {
                case .time: "TIME(\(precision))"
                case .timeWithTimeZone: "TIME(\(precision)) WITH TIME ZONE"
                case .timestamp: "TIMESTAMP(\(precision))"
                case .timestampWithTimeZone: "TIMESTAMP(\(precision)) WITH TIME ZONE"
                default: "INTERVAL(\(precision))"
                }
                throw DatabaseError(.invalidParameterValue, "\(label) precision must not be negative")
            }
            // PostgreSQL warns and reduces a larger precision to the maximum.
            let clamped = min(precision, TypeModifier.maximumSecondsPrecision)
            if kind == .interval {
                return TypeModifier.interval(fields: intervalFields ?? .all, precision: clamped)
            }
            return Int32(clamped)
        default:
            throw DatabaseError(.syntaxError, "type modifier is not allowed for type \"\(kind.typeName)\"")
        }
    }
}

/// The spellings of type names the lookup accepts.
enum TypeNames {
    struct Entry {
        var kind: SQLType.Kind
        /// `char` and `character` without a length mean character(1).
        var defaultsToLengthOne = false
        /// `float` and `float(p)`, whose precision chooses real or double precision.
        var isFloatKeyword = false
    }

    static let kinds: [String: Entry] = {
        var table: [String: Entry] = [:]
        for kind in SQLType.Kind.allCases where kind != .singleCharacter {
            table[kind.typeName] = Entry(kind: kind)
        }
        let aliases: [(String, SQLType.Kind)] = [
            ("boolean", .boolean), ("smallint", .smallint), ("integer", .integer), ("int", .integer),
            ("bigint", .bigint), ("real", .real), ("double precision", .doublePrecision),
            ("decimal", .numeric), ("dec", .numeric), ("character varying", .varchar),
            ("char varying", .varchar), ("national character varying", .varchar),
            ("time without time zone", .time), ("time with time zone", .timeWithTimeZone),
            ("timestamp without time zone", .timestamp),
            ("timestamp with time zone", .timestampWithTimeZone), ("\"any\"", .any),
        ]
        for (name, kind) in aliases { table[name] = Entry(kind: kind) }
        table["\"char\""] = Entry(kind: .singleCharacter)
        table["char"] = Entry(kind: .character, defaultsToLengthOne: true)
        table["character"] = Entry(kind: .character, defaultsToLengthOne: true)
        table["national character"] = Entry(kind: .character, defaultsToLengthOne: true)
        table["nchar"] = Entry(kind: .character, defaultsToLengthOne: true)
        table["float"] = Entry(kind: .doublePrecision, isFloatKeyword: true)
        return table
    }()
}
