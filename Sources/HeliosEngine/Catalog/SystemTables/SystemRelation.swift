// The relations of pg_catalog and information_schema HeliosDB serves: their oids, schemas and
// PostgreSQL 15's columns (GeneratedRelationColumns.swift), and how to make one of their rows from
// named values. Clients read many of these wholesale (`SELECT t.*`, `n.*`), so each has all of
// PostgreSQL's columns, in order, even where HeliosDB has nothing to put in them.

import HeliosCore
import HeliosValues
import HeliosSQL

/// A system relation: a table or view of pg_catalog or information_schema.
///
/// Invariants: 1. column names are distinct; 2. `columnIndex` maps each name to its position.
struct SystemRelation: Sendable {
    let oid: UInt32
    /// "pg_catalog", "information_schema" or "helios_ai".
    let schema: String
    let name: String
    /// pg_class.relkind: "r" for catalog tables, "v" for views.
    let kind: String
    let columns: [(name: String, type: SQLType)]
    private let columnIndex: [String: Int]

    init(oid: UInt32, schema: String, name: String, kind: String, columns: [(name: String, type: SQLType)]) {
        self.oid = oid
        self.schema = schema
        self.name = name
        self.kind = kind
        self.columns = columns
        var index: [String: Int] = [:]
        for (position, column) in columns.enumerated() {
            precondition(index.updateValue(position, forKey: column.name) == nil, "invariant 1: \(name).\(column.name)")
        }
        columnIndex = index
    }

    var qualifiedName: String { schema + "." + name }

    /// The namespace oid of `schema`.
    var namespace: ObjectID { Self.namespaces[schema] ?? .pgCatalogNamespace }

    /// The schemas system relations live in.
    static let namespaces: [String: ObjectID] = [
        "pg_catalog": .pgCatalogNamespace, "information_schema": .informationSchemaNamespace, "helios_ai": .heliosAINamespace,
    ]

    /// The system relation `name` in the namespace with this oid.
    static func named(_ name: String, namespace: ObjectID) -> SystemRelation? {
        guard let schema = namespaces.first(where: { $0.value == namespace })?.key else { return nil }
        return named(name, schema: schema)
    }

    /// A row with `values` in their columns and NULL in the others.
    func row(_ values: [String: SQLValue]) -> [SQLValue] {
        var row = [SQLValue](repeating: .null, count: columns.count)
        for (name, value) in values {
            guard let position = columnIndex[name] else { preconditionFailure("\(qualifiedName) has no column \(name)") }
            row[position] = value
        }
        return row
    }

    // MARK: the relations

    /// Every system relation, in the generated order.
    static let all: [SystemRelation] = parse(generatedDefinitions)

    /// The autopilot's relations (helios_ai, pg_stat_statements): they can be read by name but
    /// are not listed in pg_class or information_schema, so that clients listing the catalog
    /// see what PostgreSQL 15 shows them.
    static let unlisted: [SystemRelation] = parse(autopilotDefinitions)

    private static let byQualifiedName: [String: SystemRelation] = Dictionary(uniqueKeysWithValues: (all + unlisted).map { ($0.qualifiedName, $0) })
    private static let byOID: [UInt32: SystemRelation] = Dictionary(uniqueKeysWithValues: (all + unlisted).map { ($0.oid, $0) })

    /// The relation `schema.name`.
    static func named(_ name: String, schema: String) -> SystemRelation? {
        byQualifiedName[schema + "." + name]
    }

    /// The relation with this oid.
    static func withOID(_ oid: UInt32) -> SystemRelation? { byOID[oid] }

    /// The relation a FROM name denotes: `pg_catalog.x`, `information_schema.x`, `helios_ai.x`
    /// directly (a database name in front must be this one, which the caller has checked); an
    /// unqualified name in pg_catalog, then in the other schemas the search path lists.
    static func lookUp(_ name: QualifiedName, searchPath: [String]) -> SystemRelation? {
        if let schema = name.schema { return named(name.name, schema: schema) }
        if let found = named(name.name, schema: "pg_catalog") { return found }
        for schema in searchPath where namespaces[schema] != nil {
            if let found = named(name.name, schema: schema) { return found }
        }
        return nil
    }

    /// Reads the generated definitions: `schema.name oid kind: column type, ...` per line.
    private static func parse(_ text: String) -> [SystemRelation] {
        text.split(separator: "\n").map { line in
            let headerEnd = line.firstIndex(of: ":")!
            let header = line[..<headerEnd].split(separator: " ")
            let qualified = header[0].split(separator: ".")
            let columns = line[line.index(after: headerEnd)...].split(separator: ",").map { part in
                let trimmed = part.drop { $0 == " " }
                let space = trimmed.firstIndex(of: " ")!
                let typeName = String(trimmed[trimmed.index(after: space)...])
                guard let type = try? SQLType.named(typeName) else { preconditionFailure("unknown type \(typeName) in \(line)") }
                return (name: String(trimmed[..<space]), type: type)
            }
            return SystemRelation(oid: UInt32(header[1])!, schema: String(qualified[0]), name: String(qualified[1]),
                                  kind: String(header[2]), columns: columns)
        }
    }
}
