// The type catalog against PostgreSQL 15's pg_type and format_type, and type-name lookup with
// PostgreSQL's errors.

import HeliosCore
import HeliosValues
import Testing

@Suite struct SQLTypeTests {
    /// (type, oid, array oid, typlen, category, preferred) as pg_type lists them.
    static let catalog: [(SQLType.Kind, UInt32, UInt32, Int16, Character, Bool)] = [
        (.boolean, 16, 1000, 1, "B", true), (.bytea, 17, 1001, -1, "U", false), (.singleCharacter, 18, 1002, 1, "Z", false),
        (.name, 19, 1003, 64, "S", false), (.bigint, 20, 1016, 8, "N", false), (.smallint, 21, 1005, 2, "N", false),
        (.integer, 23, 1007, 4, "N", false), (.regproc, 24, 1008, 4, "N", false), (.text, 25, 1009, -1, "S", true),
        (.oid, 26, 1028, 4, "N", true), (.json, 114, 199, -1, "U", false), (.real, 700, 1021, 4, "N", false),
        (.doublePrecision, 701, 1022, 8, "N", true), (.unknown, 705, 0, -2, "X", false), (.character, 1042, 1014, -1, "S", false),
        (.varchar, 1043, 1015, -1, "S", false), (.date, 1082, 1182, 4, "D", false), (.time, 1083, 1183, 8, "D", false),
        (.timestamp, 1114, 1115, 8, "D", false), (.timestampWithTimeZone, 1184, 1185, 8, "D", true),
        (.interval, 1186, 1187, 16, "T", true), (.timeWithTimeZone, 1266, 1270, 12, "D", false),
        (.numeric, 1700, 1231, -1, "N", false), (.regclass, 2205, 2210, 4, "N", false), (.regtype, 2206, 2211, 4, "N", false),
        (.uuid, 2950, 2951, 16, "U", false), (.jsonb, 3802, 3807, -1, "U", false), (.anyElement, 2283, 0, 4, "P", false),
        (.anyArray, 2277, 0, -1, "P", false), (.anyCompatible, 5077, 0, 4, "P", false),
    ]

    @Test func catalogFactsMatchPgType() {
        for (kind, oid, arrayOID, length, category, preferred) in Self.catalog {
            #expect(kind.oid == oid, "\(kind)")
            #expect(kind.arrayOID == arrayOID, "\(kind)")
            #expect(kind.typeLength == length, "\(kind)")
            #expect(kind.category.rawValue == category, "\(kind)")
            #expect(kind.isPreferred == preferred, "\(kind)")
            #expect(SQLType(oid: oid)?.kind == kind)
            if arrayOID != 0 { #expect(SQLType(oid: arrayOID) == .array(of: SQLType(kind))) }
        }
        #expect(SQLType.array(of: .integer).typeName == "_int4")
        #expect(SQLType.array(of: .integer).category == .array)
    }

    @Test func formatTypeMatchesPostgreSQL() {
        let expectations: [(SQLType, String)] = [
            (.varchar(10), "character varying(10)"), (.numeric(10, 2), "numeric(10,2)"), (.numeric, "numeric"),
            (.character(1), "character(1)"), (.character, "bpchar"), (SQLType(.timestamp, modifier: 7), "timestamp(7) without time zone"),
            (.timestamp, "timestamp without time zone"), (SQLType(.timestampWithTimeZone, modifier: 3), "timestamp(3) with time zone"),
            (SQLType(.time, modifier: 2), "time(2) without time zone"), (SQLType(.timeWithTimeZone, modifier: 2), "time(2) with time zone"),
            (.interval, "interval"), (.array(of: .varchar(10)), "character varying(10)[]"), (.array(of: .integer), "integer[]"),
            (.singleCharacter, "\"char\""), (.name, "name"), (.unknown, "unknown"), (.regclass, "regclass"),
            (.array(of: .numeric(10, 2)), "numeric(10,2)[]"), (.anyArray, "anyarray"), (.numeric(5, -2), "numeric(5,-2)"),
            (SQLType(.interval, modifier: TypeModifier.interval(precision: 3)), "interval(3)"),
            (SQLType(.interval, modifier: TypeModifier.interval(fields: .year)), "interval year"),
            (SQLType(.interval, modifier: TypeModifier.interval(fields: .dayToSecond, precision: 3)), "interval day to second(3)"),
            (.boolean, "boolean"), (.array(of: .singleCharacter), "\"char\"[]"), (.doublePrecision, "double precision"),
        ]
        for (type, name) in expectations { #expect(type.formatted == name) }
    }

    @Test func typmodsAreEncodedAsPostgreSQLStoresThem() {
        #expect(SQLType.varchar(10).modifier == 14)
        #expect(SQLType.numeric(10, 2).modifier == (10 << 16 | 2) + 4)
        #expect(TypeModifier.numericPrecisionAndScale(of: SQLType.numeric(5, -2).modifier)! == (5, -2))
        #expect(TypeModifier.characterLength(of: 14) == 10)
    }

    @Test func namesResolveLikeTheParserSpellsThem() throws {
        #expect(try SQLType.named("int4") == .integer)
        #expect(try SQLType.named("integer") == .integer)
        #expect(try SQLType.named("int") == .integer)
        #expect(try SQLType.named("double precision") == .doublePrecision)
        #expect(try SQLType.named("float", modifiers: [10]) == .real)
        #expect(try SQLType.named("float", modifiers: [25]) == .doublePrecision)
        #expect(try SQLType.named("varchar", modifiers: [10]) == .varchar(10))
        #expect(try SQLType.named("character varying") == .varchar)
        #expect(try SQLType.named("char") == .character(1))
        #expect(try SQLType.named("bpchar") == .character)
        #expect(try SQLType.named("\"char\"") == .singleCharacter)
        #expect(try SQLType.named("timestamptz") == .timestampWithTimeZone)
        #expect(try SQLType.named("timestamp with time zone", modifiers: [3]) == SQLType(.timestampWithTimeZone, modifier: 3))
        #expect(try SQLType.named("int[]") == .array(of: .integer))
        #expect(try SQLType.named("_int4") == .array(of: .integer))
        #expect(try SQLType.named("varchar[]", modifiers: [5]) == .array(of: .varchar(5)))
        #expect(try SQLType.named("decimal", modifiers: [5, 2]) == .numeric(5, 2))
        #expect(try SQLType.named("pg_catalog.int8") == .bigint)
        #expect(try SQLType.named("time", modifiers: [9]) == SQLType(.time, modifier: 6))
    }

    @Test func badNamesAndModifiersGivePostgreSQLErrors() {
        #expect(throws: DatabaseError(.undefinedObject, "type \"foo\" does not exist")) { try SQLType.named("foo") }
        #expect(throws: DatabaseError(.invalidParameterValue, "length for type varchar must be at least 1")) {
            try SQLType.named("varchar", modifiers: [0])
        }
        #expect(throws: DatabaseError(.invalidParameterValue, "length for type varchar cannot exceed 10485760")) {
            try SQLType.named("varchar", modifiers: [10485761])
        }
        #expect(throws: DatabaseError(.invalidParameterValue, "NUMERIC precision 1001 must be between 1 and 1000")) {
            try SQLType.named("numeric", modifiers: [1001])
        }
        #expect(throws: DatabaseError(.invalidParameterValue, "NUMERIC scale 1001 must be between -1000 and 1000")) {
            try SQLType.named("numeric", modifiers: [5, 1001])
        }
        #expect(throws: DatabaseError(.invalidParameterValue, "invalid NUMERIC type modifier")) {
            try SQLType.named("numeric", modifiers: [1, 2, 3])
        }
        #expect(throws: DatabaseError(.syntaxError, "type modifier is not allowed for type \"text\"")) {
            try SQLType.named("text", modifiers: [3])
        }
        #expect(throws: DatabaseError(.invalidParameterValue, "precision for type float must be less than 54 bits")) {
            try SQLType.named("float", modifiers: [54])
        }
    }
}
