// SQLType: a SQL data type as PostgreSQL describes a column or an expression: a base type, an
// optional type modifier (typmod, stored exactly as PostgreSQL stores it) and whether it is a
// one-dimensional array of that base type (or one of the catalogs' vector types, int2vector and
// oidvector: arrays numbered from 0 that print as space-separated numbers). The catalog facts (OIDs, typlen, category, names)
// live in SQLType+Catalog.swift; name lookup and format_type in SQLType+Names.swift.

/// A SQL data type: base kind, PostgreSQL typmod (-1 when absent) and array-ness.
///
/// Invariants: 1. `modifier` is -1 or a typmod valid for `kind` (see `TypeModifier`; for `record`,
/// an index into `RecordType`'s registry);
/// 2. pseudo-types (`any`, `anyelement`, ...) and `unknown` are never arrays;
/// 3. `isVector` implies `isArray`, with `kind` smallint (int2vector) or oid (oidvector).
public struct SQLType: Hashable, Sendable {
    /// The base type, or the element type of an array.
    public var kind: Kind
    /// PostgreSQL's typmod: varchar(n) is n + 4, numeric(p,s) is ((p << 16) | s) + 4, -1 for none.
    public var modifier: Int32
    /// True for a one-dimensional array whose elements have type `kind` (and `modifier`).
    public var isArray: Bool
    /// True for int2vector and oidvector (pg_index.indkey, pg_proc.proargtypes): arrays whose
    /// values start at subscript 0 and print as "1 2"; everything arrays do works on them.
    public var isVector: Bool

    public init(_ kind: Kind, modifier: Int32 = -1, isArray: Bool = false, isVector: Bool = false) {
        precondition(!isVector || (isArray && (kind == .smallint || kind == .oid)), "invariant 3")
        self.kind = kind
        self.modifier = modifier
        self.isArray = isArray
        self.isVector = isVector
    }

    /// The base types HeliosDB knows, with PostgreSQL's names in the comments.
    public enum Kind: UInt8, CaseIterable, Sendable {
        case boolean                 // bool
        case smallint                // int2
        case integer                 // int4
        case bigint                  // int8
        case real                    // float4
        case doublePrecision         // float8
        case numeric                 // numeric
        case text                    // text
        case varchar                 // varchar, character varying
        case character               // bpchar, character(n)
        case singleCharacter         // "char": one byte, used by the catalogs
        case name                    // name: identifiers, at most 63 bytes
        case bytea                   // bytea
        case date                    // date
        case time                    // time without time zone
        case timeWithTimeZone        // timetz
        case timestamp               // timestamp without time zone
        case timestampWithTimeZone   // timestamptz
        case interval                // interval
        case uuid                    // uuid
        case json                    // json
        case jsonb                   // jsonb
        case oid                     // oid
        case regclass                // regclass: an oid naming a relation
        case regtype                 // regtype: an oid naming a type
        case regproc                 // regproc: an oid naming a function
        case unknown                 // the type of an untyped literal
        // Pseudo-types: they appear only in function and operator signatures.
        case any                     // "any"
        case anyElement              // anyelement
        case anyArray                // anyarray
        case anyNonArray             // anynonarray
        case anyCompatible           // anycompatible
        case anyCompatibleArray      // anycompatiblearray
        case record                  // record
        case void                    // void
        // Added later; raw values are stored in the catalog, so new kinds go last.
        case regnamespace            // regnamespace: an oid naming a schema
        case regrole                 // regrole: an oid naming a role
    }
}

extension SQLType {
    public static let boolean = SQLType(.boolean)
    public static let smallint = SQLType(.smallint)
    public static let integer = SQLType(.integer)
    public static let bigint = SQLType(.bigint)
    public static let real = SQLType(.real)
    public static let doublePrecision = SQLType(.doublePrecision)
    public static let numeric = SQLType(.numeric)
    public static let text = SQLType(.text)
    public static let varchar = SQLType(.varchar)
    public static let character = SQLType(.character)
    public static let singleCharacter = SQLType(.singleCharacter)
    public static let name = SQLType(.name)
    public static let bytea = SQLType(.bytea)
    public static let date = SQLType(.date)
    public static let time = SQLType(.time)
    public static let timeWithTimeZone = SQLType(.timeWithTimeZone)
    public static let timestamp = SQLType(.timestamp)
    public static let timestampWithTimeZone = SQLType(.timestampWithTimeZone)
    public static let interval = SQLType(.interval)
    public static let uuid = SQLType(.uuid)
    public static let json = SQLType(.json)
    public static let jsonb = SQLType(.jsonb)
    public static let oid = SQLType(.oid)
    public static let regclass = SQLType(.regclass)
    public static let regtype = SQLType(.regtype)
    public static let regproc = SQLType(.regproc)
    public static let unknown = SQLType(.unknown)
    public static let any = SQLType(.any)
    public static let anyElement = SQLType(.anyElement)
    public static let anyArray = SQLType(.anyArray)
    public static let anyNonArray = SQLType(.anyNonArray)
    public static let anyCompatible = SQLType(.anyCompatible)
    public static let anyCompatibleArray = SQLType(.anyCompatibleArray)
    public static let record = SQLType(.record)
    public static let void = SQLType(.void)
    /// int2vector: the column numbers of pg_index.indkey.
    public static let int2vector = SQLType(.smallint, isArray: true, isVector: true)
    /// oidvector: the type oids of pg_proc.proargtypes, the operator classes of pg_index.indclass.
    public static let oidvector = SQLType(.oid, isArray: true, isVector: true)
    public static let regnamespace = SQLType(.regnamespace)
    public static let regrole = SQLType(.regrole)

    /// varchar(n): character varying with at most `length` characters.
    public static func varchar(_ length: Int) -> SQLType {
        SQLType(.varchar, modifier: TypeModifier.characterLength(length))
    }

    /// character(n): blank-padded to exactly `length` characters.
    public static func character(_ length: Int) -> SQLType {
        SQLType(.character, modifier: TypeModifier.characterLength(length))
    }

    /// numeric(precision, scale).
    public static func numeric(_ precision: Int, _ scale: Int = 0) -> SQLType {
        SQLType(.numeric, modifier: TypeModifier.numeric(precision: precision, scale: scale))
    }

    /// The one-dimensional array type whose elements have this type.
    public static func array(of element: SQLType) -> SQLType {
        SQLType(element.kind, modifier: element.modifier, isArray: true)
    }

    /// The element type of an array type, nil for a scalar type.
    public var elementType: SQLType? {
        isArray ? SQLType(kind, modifier: modifier) : nil
    }

    /// The array type of this scalar type, nil when PostgreSQL has none (pseudo-types, unknown).
    public var arrayType: SQLType? {
        if isArray || kind.isPseudo || kind == .unknown { return nil }
        return SQLType(kind, modifier: modifier, isArray: true)
    }

    /// This type without its modifier: numeric(10,2) becomes numeric.
    public var withoutModifier: SQLType { SQLType(kind, modifier: -1, isArray: isArray, isVector: isVector) }

    /// True for the polymorphic and other pseudo-types of function signatures.
    public var isPseudo: Bool { kind.isPseudo }

    /// True for anyelement, anyarray, anynonarray, anycompatible and anycompatiblearray.
    public var isPolymorphic: Bool { kind.isPolymorphic }
}

extension SQLType.Kind {
    /// True for types that exist only in signatures.
    public var isPseudo: Bool {
        switch self {
        case .any, .anyElement, .anyArray, .anyNonArray, .anyCompatible, .anyCompatibleArray, .record, .void:
            true
        default: false
        }
    }

    /// True for the polymorphic pseudo-types.
    public var isPolymorphic: Bool {
        switch self {
        case .anyElement, .anyArray, .anyNonArray, .anyCompatible, .anyCompatibleArray: true
        default: false
        }
    }

    /// True for smallint, integer and bigint.
    public var isInteger: Bool { self == .smallint || self == .integer || self == .bigint }

    /// True for text, varchar, character and name: the string types PostgreSQL converts freely.
    public var isString: Bool {
        self == .text || self == .varchar || self == .character || self == .name
    }
}

extension SQLType: CustomStringConvertible {
    /// The name `format_type` prints, e.g. "character varying(10)" or "integer[]".
    public var description: String { formatted }
}
