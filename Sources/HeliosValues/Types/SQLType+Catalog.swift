// Catalog facts about each type, as PostgreSQL 15's pg_type has them: OID, array OID, typname,
// typlen, typcategory and typispreferred. Clients see these through RowDescription and the
// pg_catalog views, and the overload resolution algorithm uses category and preference.

/// PostgreSQL's typcategory: the letter groups types for implicit-cast preferences.
public enum TypeCategory: Character, Sendable {
    case array = "A"
    case boolean = "B"
    case composite = "C"
    case dateTime = "D"
    case enumeration = "E"
    case geometric = "G"
    case network = "I"
    case numeric = "N"
    case pseudo = "P"
    case range = "R"
    case string = "S"
    case timespan = "T"
    case user = "U"
    case bitString = "V"
    case unknown = "X"
    case `internal` = "Z"
}

extension SQLType.Kind {
    /// Catalog row: (oid, array oid, typname, typlen, category, preferred).
    private var row: (oid: UInt32, arrayOID: UInt32, name: String, length: Int16, category: TypeCategory,
                      preferred: Bool) {
        switch self {
        case .boolean: (16, 1000, "bool", 1, .boolean, true)
        case .bytea: (17, 1001, "bytea", -1, .user, false)
        case .singleCharacter: (18, 1002, "char", 1, .`internal`, false)
        case .name: (19, 1003, "name", 64, .string, false)
        case .bigint: (20, 1016, "int8", 8, .numeric, false)
        case .smallint: (21, 1005, "int2", 2, .numeric, false)
        case .integer: (23, 1007, "int4", 4, .numeric, false)
        case .regproc: (24, 1008, "regproc", 4, .numeric, false)
        case .text: (25, 1009, "text", -1, .string, true)
        case .oid: (26, 1028, "oid", 4, .numeric, true)
        case .json: (114, 199, "json", -1, .user, false)
        case .real: (700, 1021, "float4", 4, .numeric, false)
        case .doublePrecision: (701, 1022, "float8", 8, .numeric, true)
        case .unknown: (705, 0, "unknown", -2, .unknown, false)
        case .character: (1042, 1014, "bpchar", -1, .string, false)
        case .varchar: (1043, 1015, "varchar", -1, .string, false)
        case .date: (1082, 1182, "date", 4, .dateTime, false)
        case .time: (1083, 1183, "time", 8, .dateTime, false)
        case .timestamp: (1114, 1115, "timestamp", 8, .dateTime, false)
        case .timestampWithTimeZone: (1184, 1185, "timestamptz", 8, .dateTime, true)
        case .interval: (1186, 1187, "interval", 16, .timespan, true)
        case .timeWithTimeZone: (1266, 1270, "timetz", 12, .dateTime, false)
        case .numeric: (1700, 1231, "numeric", -1, .numeric, false)
        case .regclass: (2205, 2210, "regclass", 4, .numeric, false)
        case .regtype: (2206, 2211, "regtype", 4, .numeric, false)
        case .regnamespace: (4089, 4090, "regnamespace", 4, .numeric, false)
        case .regrole: (4096, 4097, "regrole", 4, .numeric, false)
        case .record: (2249, 2287, "record", -1, .pseudo, false)
        case .any: (2276, 0, "any", 4, .pseudo, false)
        case .anyArray: (2277, 0, "anyarray", -1, .pseudo, false)
        case .void: (2278, 0, "void", 4, .pseudo, false)
        case .anyElement: (2283, 0, "anyelement", 4, .pseudo, false)
        case .anyNonArray: (2776, 0, "anynonarray", 4, .pseudo, false)
        case .uuid: (2950, 2951, "uuid", 16, .user, false)
        case .jsonb: (3802, 3807, "jsonb", -1, .user, false)
        case .anyCompatible: (5077, 0, "anycompatible", 4, .pseudo, false)
        case .anyCompatibleArray: (5078, 0, "anycompatiblearray", -1, .pseudo, false)
        }
    }

    /// pg_type.oid.
    public var oid: UInt32 { row.oid }
    /// The OID of the array type over this type (typarray), 0 when there is none.
    public var arrayOID: UInt32 { row.arrayOID }
    /// pg_type.typname, e.g. "int4".
    public var typeName: String { row.name }
    /// pg_type.typlen: bytes for fixed-size types, -1 for varlena, -2 for C strings.
    public var typeLength: Int16 { row.length }
    /// pg_type.typcategory.
    public var category: TypeCategory { row.category }
    /// pg_type.typispreferred.
    public var isPreferred: Bool { row.preferred }

    private static let byOID: [UInt32: SQLType.Kind] = {
        var table: [UInt32: SQLType.Kind] = [:]
        for kind in SQLType.Kind.allCases { table[kind.oid] = kind }
        return table
    }()

    private static let byArrayOID: [UInt32: SQLType.Kind] = {
        var table: [UInt32: SQLType.Kind] = [:]
        for kind in SQLType.Kind.allCases where kind.arrayOID != 0 { table[kind.arrayOID] = kind }
        return table
    }()

    /// The kind whose pg_type OID is `oid`.
    public init?(oid: UInt32) {
        guard let kind = Self.byOID[oid] else { return nil }
        self = kind
    }

    /// The element kind of the array type whose OID is `oid`.
    static func element(ofArrayOID oid: UInt32) -> SQLType.Kind? { byArrayOID[oid] }
}

extension SQLType {
    /// The type with pg_type OID `oid` (an array type when `oid` is an array OID), with `modifier`.
    public init?(oid: UInt32, modifier: Int32 = -1) {
        if oid == SQLType.int2vector.oid {
            self = .int2vector
        } else if oid == SQLType.oidvector.oid {
            self = .oidvector
        } else if let kind = Kind(oid: oid) {
            self.init(kind, modifier: modifier)
        } else if let element = Kind.element(ofArrayOID: oid) {
            self.init(element, modifier: modifier, isArray: true)
        } else {
            return nil
        }
    }

    /// pg_type.oid of this type (the array type's OID for arrays).
    public var oid: UInt32 {
        if isVector { return kind == .smallint ? 22 : 30 }
        return isArray ? kind.arrayOID : kind.oid
    }

    /// pg_type.typname, e.g. "int4" or "_int4".
    public var typeName: String {
        if isVector { return kind == .smallint ? "int2vector" : "oidvector" }
        return isArray ? "_" + kind.typeName : kind.typeName
    }

    /// pg_type.typlen: an array is always a varlena (-1).
    public var typeLength: Int16 { isArray ? -1 : kind.typeLength }

    /// pg_type.typcategory: arrays are category A.
    public var category: TypeCategory { isArray ? .array : kind.category }

    /// pg_type.typispreferred.
    public var isPreferred: Bool { isArray ? false : kind.isPreferred }

    /// pg_type.typbyval: fixed-size types of at most 8 bytes pass by value.
    public var isPassedByValue: Bool {
        !isArray && kind.typeLength > 0 && kind.typeLength <= 8 && kind != .name
    }
}
