// Names in the syntax tree: dotted (qualified) names of tables, functions, types and operators,
// table aliases with column aliases, and role specifications (a name or CURRENT_USER & co.).

/// A possibly qualified name: `name`, `schema.name` or `catalog.schema.name`; identifiers are
/// already folded (unquoted) or kept as quoted.
public struct QualifiedName: Sendable, Hashable, CustomStringConvertible {
    /// The parts in order; the last is the object's own name. Never empty.
    public var parts: [String]
    public var location: SourceLocation

    public init(_ parts: [String], location: SourceLocation = .unknown) {
        precondition(!parts.isEmpty, "a qualified name has at least one part")
        self.parts = parts
        self.location = location
    }

    public init(_ name: String, location: SourceLocation = .unknown) {
        self.init([name], location: location)
    }

    /// The object's own (last) name.
    public var name: String { parts[parts.count - 1] }
    /// The schema, when the name is qualified.
    public var schema: String? { parts.count >= 2 ? parts[parts.count - 2] : nil }
    /// The catalog (database), when the name has three parts.
    public var catalog: String? { parts.count >= 3 ? parts[parts.count - 3] : nil }

    public var description: String { parts.joined(separator: ".") }
}

/// `AS alias (column, ...)` after a table, subquery or function in FROM.
public struct TableAlias: Sendable, Hashable {
    public var name: String
    public var columns: [String]

    public init(name: String, columns: [String] = []) {
        self.name = name
        self.columns = columns
    }
}

/// A role named in GRANT, OWNER TO, AUTHORIZATION and the like.
public enum RoleSpecification: Sendable, Hashable {
    case name(String)
    case currentRole
    case currentUser
    case sessionUser
    /// PUBLIC in GRANT and REVOKE.
    case `public`
}

/// An operator name, possibly schema-qualified as in `OPERATOR(pg_catalog.+)`.
public struct OperatorName: Sendable, Hashable, CustomStringConvertible {
    public var schema: String?
    public var symbol: String

    public init(_ symbol: String, schema: String? = nil) {
        self.symbol = symbol
        self.schema = schema
    }

    public var description: String { schema.map { "\($0).\(symbol)" } ?? symbol }
}

/// `CASCADE` or `RESTRICT` at the end of DROP and similar statements.
public enum DropBehavior: Sendable, Hashable {
    case restrict
    case cascade
}

/// A `name = value` option, as in `WITH (fillfactor = 70)` or `CREATE DATABASE d OWNER = r`.
public struct DefinitionOption: Sendable, Hashable {
    /// The option's name, folded; `namespace.name` keeps the dot.
    public var name: String
    /// Nil when only the name was given (`WITH (fastupdate)`).
    public var value: DefinitionValue?
    public var location: SourceLocation

    public init(name: String, value: DefinitionValue? = nil, location: SourceLocation = .unknown) {
        self.name = name
        self.value = value
        self.location = location
    }
}

/// The value of an option: a string, a number, or a word (an identifier, keyword or type name).
public enum DefinitionValue: Sendable, Hashable {
    case string(String)
    /// A number as written, with its sign.
    case number(String)
    /// An unquoted word such as `on`, `true`, `none`, `heap` (folded to lower case).
    case word(String)
}
