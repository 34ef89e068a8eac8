// Type names as written, normalized the way PostgreSQL's grammar does: SQL spellings become
// PostgreSQL's internal names in schema pg_catalog (`integer` is pg_catalog.int4, `double precision`
// pg_catalog.float8, `varchar(10)` pg_catalog.varchar with modifier 10, `char` pg_catalog.bpchar
// with modifier 1); other names (`text`, `date`, `int4`, `myschema.mytype`) stay as written.
// Resolution to a real type happens in the binder.

/// A type name with its modifiers and array bounds.
public struct TypeName: Sendable, Hashable {
    /// The name; SQL-spelled types are `["pg_catalog", internal name]`.
    public var name: QualifiedName
    /// Type modifiers: `(10)`, `(10, 2)`; for intervals, the precision.
    public var modifiers: [Expression]
    /// One entry per array dimension: `int[]` is `[nil]`, `int[3][4]` is `[3, 4]`.
    public var arrayBounds: [Int?]
    /// `INTERVAL DAY TO SECOND` and the like.
    public var intervalFields: IntervalFields?
    /// `SETOF type` (function results).
    public var isSetOf: Bool
    public var location: SourceLocation

    public init(name: QualifiedName, modifiers: [Expression] = [], arrayBounds: [Int?] = [],
                intervalFields: IntervalFields? = nil, isSetOf: Bool = false, location: SourceLocation = .unknown) {
        self.name = name
        self.modifiers = modifiers
        self.arrayBounds = arrayBounds
        self.intervalFields = intervalFields
        self.isSetOf = isSetOf
        self.location = location
    }

    /// A type in pg_catalog, as the SQL spellings produce.
    public static func system(_ name: String, modifiers: [Expression] = [], location: SourceLocation = .unknown) -> TypeName {
        TypeName(name: QualifiedName(["pg_catalog", name], location: location), modifiers: modifiers, location: location)
    }

    /// The type's own name (`int4`, `varchar`, `text`, `mytype`).
    public var baseName: String { name.name }
    /// Whether the type was written in SQL's keyword syntax and so names a pg_catalog type.
    public var isSystemType: Bool { name.parts.count == 2 && name.parts[0] == "pg_catalog" }
    public var isArray: Bool { !arrayBounds.isEmpty }
}

/// The fields of an interval type: `INTERVAL YEAR TO MONTH`, `INTERVAL SECOND`, ...
public enum IntervalFields: String, Sendable, Hashable, CaseIterable {
    case year = "YEAR"
    case month = "MONTH"
    case day = "DAY"
    case hour = "HOUR"
    case minute = "MINUTE"
    case second = "SECOND"
    case yearToMonth = "YEAR TO MONTH"
    case dayToHour = "DAY TO HOUR"
    case dayToMinute = "DAY TO MINUTE"
    case dayToSecond = "DAY TO SECOND"
    case hourToMinute = "HOUR TO MINUTE"
    case hourToSecond = "HOUR TO SECOND"
    case minuteToSecond = "MINUTE TO SECOND"
}
