// Which casts exist and in which contexts, as PostgreSQL 15's pg_cast and find_coercion_pathway
// decide: an explicit pg_cast row (implicit, assignment or explicit), else array-to-array when the
// elements cast, else an automatic I/O conversion: to a string type in assignment context, from a
// string type only explicitly. An untyped literal ('...', type unknown) casts to anything.

/// The context a cast happens in, from most to least restrictive.
public enum CastContext: Int, Comparable, Sendable {
    /// Inserted silently while resolving an expression (int + bigint, date < timestamp).
    case implicit
    /// Storing into a column (INSERT, UPDATE, function results).
    case assignment
    /// Written by the user: CAST(x AS t) or x::t.
    case explicit

    public static func < (left: CastContext, right: CastContext) -> Bool { left.rawValue < right.rawValue }
}

/// The pg_cast table restricted to HeliosDB's types, and the coercion-pathway rules on top of it.
public enum CastCatalog {
    /// How a pg_cast row converts.
    enum Method: Sendable {
        /// A conversion function (castmethod 'f').
        case function
        /// Binary compatible: the value is reused as is (castmethod 'b').
        case binary
        /// Through the output and input functions (castmethod 'i').
        case inputOutput
    }

    struct Row: Sendable {
        var context: CastContext
        var method: Method
    }

    private struct Key: Hashable {
        var source: SQLType.Kind
        var target: SQLType.Kind
    }

    /// pg_cast rows between the supported types (PostgreSQL 15).
    private static let rows: [Key: Row] = {
        typealias K = SQLType.Kind
        var table: [Key: Row] = [:]
        func add(_ source: K, _ target: K, _ context: CastContext, _ method: Method = .function) {
            table[Key(source: source, target: target)] = Row(context: context, method: method)
        }
        let i = CastContext.implicit, a = CastContext.assignment, e = CastContext.explicit
        // "char"
        add(.singleCharacter, .character, a); add(.singleCharacter, .varchar, a); add(.singleCharacter, .integer, e)
        add(.singleCharacter, .text, i)
        // bigint
        add(.bigint, .doublePrecision, i); add(.bigint, .integer, a); add(.bigint, .numeric, i); add(.bigint, .oid, i)
        add(.bigint, .real, i); add(.bigint, .regclass, i); add(.bigint, .regproc, i); add(.bigint, .regtype, i)
        add(.bigint, .smallint, a)
        // boolean
        add(.boolean, .character, a); add(.boolean, .varchar, a); add(.boolean, .integer, e); add(.boolean, .text, a)
        // character
        add(.character, .singleCharacter, a); add(.character, .character, i); add(.character, .varchar, i)
        add(.character, .name, i); add(.character, .text, i)
        // varchar
        add(.varchar, .singleCharacter, a); add(.varchar, .character, i, .binary); add(.varchar, .varchar, i)
        add(.varchar, .name, i); add(.varchar, .regclass, i); add(.varchar, .text, i, .binary)
        // date
        add(.date, .timestampWithTimeZone, i); add(.date, .timestamp, i)
        // double precision
        add(.doublePrecision, .bigint, a); add(.doublePrecision, .integer, a); add(.doublePrecision, .numeric, a)
        add(.doublePrecision, .real, a); add(.doublePrecision, .smallint, a)
        // integer
        add(.integer, .singleCharacter, e); add(.integer, .bigint, i); add(.integer, .boolean, e)
        add(.integer, .doublePrecision, i); add(.integer, .numeric, i); add(.integer, .oid, i, .binary)
        add(.integer, .real, i); add(.integer, .regclass, i, .binary); add(.integer, .regproc, i, .binary)
        add(.integer, .regtype, i, .binary); add(.integer, .smallint, a)
        // interval
        add(.interval, .interval, i); add(.interval, .time, a)
        // json / jsonb
        add(.json, .jsonb, a, .inputOutput); add(.jsonb, .json, a, .inputOutput)
        add(.jsonb, .bigint, e); add(.jsonb, .boolean, e); add(.jsonb, .doublePrecision, e); add(.jsonb, .integer, e)
        add(.jsonb, .numeric, e); add(.jsonb, .real, e); add(.jsonb, .smallint, e)
        // name
        add(.name, .character, a); add(.name, .varchar, a); add(.name, .text, i)
        // numeric
        add(.numeric, .bigint, a); add(.numeric, .doublePrecision, i); add(.numeric, .integer, a); add(.numeric, .numeric, i)
        add(.numeric, .real, i); add(.numeric, .smallint, a)
        // oid and the reg types
        add(.oid, .bigint, a); add(.oid, .integer, a, .binary); add(.oid, .regclass, i, .binary)
        add(.oid, .regproc, i, .binary); add(.oid, .regtype, i, .binary)
        add(.oid, .regnamespace, i, .binary); add(.oid, .regrole, i, .binary)
        add(.bigint, .regnamespace, i); add(.bigint, .regrole, i)
        add(.integer, .regnamespace, i, .binary); add(.integer, .regrole, i, .binary)
        add(.smallint, .regnamespace, i); add(.smallint, .regrole, i)
        for registered in [K.regclass, .regproc, .regtype, .regnamespace, .regrole] {
            add(registered, .bigint, a); add(registered, .integer, a, .binary); add(registered, .oid, i, .binary)
        }
        // real
        add(.real, .bigint, a); add(.real, .doublePrecision, i); add(.real, .integer, a); add(.real, .numeric, a)
        add(.real, .smallint, a)
        // smallint
        add(.smallint, .bigint, i); add(.smallint, .doublePrecision, i); add(.smallint, .integer, i)
        add(.smallint, .numeric, i); add(.smallint, .oid, i); add(.smallint, .real, i); add(.smallint, .regclass, i)
        add(.smallint, .regproc, i); add(.smallint, .regtype, i)
        // text
        add(.text, .singleCharacter, a); add(.text, .character, i, .binary); add(.text, .varchar, i, .binary)
        add(.text, .name, i); add(.text, .regclass, i)
        // time and timetz
        add(.timeWithTimeZone, .timeWithTimeZone, i); add(.timeWithTimeZone, .time, a)
        add(.time, .interval, i); add(.time, .timeWithTimeZone, i); add(.time, .time, i)
        // timestamptz
        add(.timestampWithTimeZone, .date, a); add(.timestampWithTimeZone, .timeWithTimeZone, a)
        add(.timestampWithTimeZone, .time, a); add(.timestampWithTimeZone, .timestampWithTimeZone, i)
        add(.timestampWithTimeZone, .timestamp, a)
        // timestamp
        add(.timestamp, .date, a); add(.timestamp, .time, a); add(.timestamp, .timestampWithTimeZone, i)
        add(.timestamp, .timestamp, i)
        return table
    }()

    /// The pg_cast row from `source` to `target`, if there is one.
    static func row(from source: SQLType.Kind, to target: SQLType.Kind) -> Row? {
        rows[Key(source: source, target: target)]
    }

    /// The weakest context in which a value of `source` can become `target` (ignoring typmods), or
    /// nil when no cast exists. Unknown literals convert implicitly to anything.
    public static func context(from source: SQLType, to target: SQLType) -> CastContext? {
        if source.kind == target.kind && source.isArray == target.isArray { return .implicit }
        if source.kind == .unknown && !source.isArray { return .implicit }
        if target.kind == .any && !target.isArray { return .implicit }
        if !source.isArray && !target.isArray, let row = row(from: source.kind, to: target.kind) { return row.context }
        if source.isArray && target.isArray {
            return context(from: SQLType(source.kind), to: SQLType(target.kind))
        }
        if target.category == .string && !target.isArray { return .assignment }
        if source.category == .string && !source.isArray && !target.isPseudo { return .explicit }
        return nil
    }

    /// True when a value of `source` may be converted to `target` in `context` (can_coerce_type
    /// for one argument, without the polymorphic rules).
    public static func canCast(from source: SQLType, to target: SQLType, in context: CastContext) -> Bool {
        guard let needed = self.context(from: source, to: target) else { return false }
        return needed <= context
    }

    /// The conversion of values from `source` to `target` allowed in `context`, or nil.
    public static func find(from source: SQLType, to target: SQLType, context: CastContext) -> CastPlan? {
        guard canCast(from: source, to: target, in: context) else { return nil }
        return CastPlan(source: source, target: target, isExplicit: context == .explicit)
    }
}
