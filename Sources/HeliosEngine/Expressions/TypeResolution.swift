// Type names as written (CAST targets, column definitions, typed literals) resolved to SQLTypes,
// after PostgreSQL's typenameType: the parser has already normalized SQL spellings to pg_catalog
// names; modifiers must be integer constants; a type PostgreSQL has but HeliosDB does not is a
// clear 0A000 rather than PostgreSQL's "does not exist". Errors point at the type name.

package import HeliosCore
package import HeliosValues
package import HeliosSQL

/// Resolution of syntax-tree type names.
package enum TypeResolution {
    /// The type `name` denotes. Throws 42704 (type "x" does not exist), 0A000 for PostgreSQL
    /// types HeliosDB lacks, 22023 for bad modifiers, 42601 for modifiers that are not constants.
    package static func resolve(_ name: TypeName) throws(DatabaseError) -> SQLType {
        try positioned(at: name.location) { () throws(DatabaseError) -> SQLType in
            try resolveUnpositioned(name)
        }
    }

    private static func resolveUnpositioned(_ name: TypeName) throws(DatabaseError) -> SQLType {
        if name.isSetOf {
            throw DatabaseError(.syntaxError, "SETOF type not allowed here")
        }
        let parts = name.name.parts
        if parts.count > 1 && !(parts.count == 2 && parts[0] == "pg_catalog") {
            throw DatabaseError(.undefinedObject, "type \"\(parts.joined(separator: "."))\" does not exist")
        }
        var baseName = name.baseName
        // The grammar turns unquoted `char` into pg_catalog.bpchar; a bare "char" was quoted.
        if !name.isSystemType && baseName == "char" { baseName = "\"char\"" }
        if unsupportedTypes.contains(baseName.lowercased()) {
            throw DatabaseError(.featureNotSupported, "type \(baseName) is not supported")
        }
        var modifiers: [Int] = []
        for modifier in name.modifiers {
            guard case .literal(.integer(let value)) = modifier.kind, let small = Int(exactly: value) else {
                throw DatabaseError(.syntaxError, "type modifiers must be simple constants or identifiers",
                                    position: modifier.location.errorPosition)
            }
            modifiers.append(small)
        }
        let type = try SQLType.named(baseName, modifiers: modifiers, intervalFields: intervalFields(name.intervalFields))
        if name.isArray {
            guard let arrayType = type.isArray ? type : type.arrayType else {
                throw DatabaseError(.undefinedObject, "type \"\(name.baseName)[]\" does not exist")
            }
            return arrayType
        }
        return type
    }

    /// The parser's interval field words as HeliosValues' typmod field set.
    static func intervalFields(_ fields: HeliosSQL.IntervalFields?) -> HeliosValues.IntervalFields? {
        guard let fields else { return nil }
        switch fields {
        case .year: return .year
        case .month: return .month
        case .day: return .day
        case .hour: return .hour
        case .minute: return .minute
        case .second: return .second
        case .yearToMonth: return .yearToMonth
        case .dayToHour: return .dayToHour
        case .dayToMinute: return .dayToMinute
        case .dayToSecond: return .dayToSecond
        case .hourToMinute: return .hourToMinute
        case .hourToSecond: return .hourToSecond
        case .minuteToSecond: return .minuteToSecond
        }
    }

    /// Built-in PostgreSQL types HeliosDB does not implement.
    static let unsupportedTypes: Set<String> = [
        "bit", "varbit", "bit varying", "money", "inet", "cidr", "macaddr", "macaddr8", "point", "line", "lseg", "box",
        "path", "polygon", "circle", "xml", "tsvector", "tsquery", "txid_snapshot", "pg_snapshot", "pg_lsn",
        "int4range", "int8range", "numrange", "tsrange", "tstzrange", "daterange", "int4multirange", "int8multirange",
        "nummultirange", "tsmultirange", "tstzmultirange", "datemultirange", "jsonpath",
        "regoper", "regoperator", "regprocedure", "regconfig", "regdictionary", "regcollation", "xid", "xid8", "cid", "tid",
        "aclitem",
    ]
}
