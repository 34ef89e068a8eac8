// Names for the reg* types, read from one statement's catalog: regclassout prints a relation's
// name (schema-qualified when the search path would not find it), regclassin reads one; likewise
// regproc (the built-in functions of pg_proc), regnamespace (schemas) and regrole (the one role).
// HeliosValues' text input and output call this through SessionSettings.objectNames, so casts to
// and from text and the text of result columns both show names, as in PostgreSQL.

import HeliosCore
import HeliosValues
import HeliosSQL

/// The catalog names of reg* values for one statement.
// @unchecked Sendable: it holds the statement's CatalogReader (a class) and is used only on the
// thread running that statement, like the reader itself.
final class CatalogObjectNames: ObjectNameResolver, @unchecked Sendable {
    private var source: Source

    private enum Source {
        case reader(CatalogReader, user: String)
        case data(SystemCatalogData)
        case none
    }

    init(reader: CatalogReader, user: String) { source = .reader(reader, user: user) }
    init(data: SystemCatalogData) { source = .data(data) }

    private func data() throws(DatabaseError) -> SystemCatalogData {
        switch source {
        case .data(let data): return data
        case .reader(let reader, let user):
            let data = try reader.systemCatalog(user: user)
            source = .data(data)
            return data
        case .none:
            throw DatabaseError(.objectNotInPrerequisiteState, "catalog names are no longer available")
        }
    }

    /// Reads the catalog now and lets go of the statement's reader, so results that outlive the
    /// statement can still print names without keeping its storage snapshot open.
    func detach() {
        if (try? data()) == nil { source = .none }
    }

    func name(of oid: UInt32, kind: SQLType.Kind) -> String? {
        guard let data = try? data() else { return nil }
        switch kind {
        case .regclass: return data.displayName(ofRelation: ObjectID(oid))
        case .regproc: return BuiltInProcedures.procedure(oid)?.name
        case .regnamespace: return data.namespace(ObjectID(oid)).map { CatalogDeparser.quote($0.name) }
        case .regrole: return data.roleName(ObjectID(oid)).map(CatalogDeparser.quote)
        default: return nil
        }
    }

    func oid(named text: String, kind: SQLType.Kind) throws(DatabaseError) -> UInt32 {
        let data = try data()
        let parsed = try Self.parseQualifiedName(text)
        switch kind {
        case .regclass:
            guard let parsed, let oid = data.relationOID(schema: parsed.schema, name: parsed.name) else {
                throw DatabaseError(.undefinedTable, "relation \"\(text)\" does not exist")
            }
            return oid.rawValue
        case .regnamespace:
            guard let parsed, parsed.schema == nil, let namespace = data.namespaces.first(where: { $0.name == parsed.name }) else {
                throw DatabaseError(.invalidSchemaName, "schema \"\(text)\" does not exist")
            }
            return namespace.oid.rawValue
        case .regrole:
            guard let parsed, parsed.schema == nil, let role = data.role(named: parsed.name) else {
                throw DatabaseError(.undefinedObject, "role \"\(text)\" does not exist")
            }
            return role.oid.rawValue
        case .regproc:
            let candidates = parsed.map { parsed in
                parsed.schema == nil || parsed.schema == "pg_catalog" ? BuiltInProcedures.named(parsed.name) : []
            } ?? []
            guard let first = candidates.first else {
                throw DatabaseError(.undefinedFunction, "function \"\(text)\" does not exist")
            }
            guard candidates.count == 1 else {
                throw DatabaseError(.ambiguousFunction, "more than one function named \"\(text)\"")
            }
            return first.oid
        default:
            throw DatabaseError.internalError("\(kind) values have no catalog names")
        }
    }

    /// `name` or `schema.name` as an identifier chain ("S"."T" keeps its case), nil when the
    /// text is not one; 42602 for text that is not a name at all.
    static func parseQualifiedName(_ text: String) throws(DatabaseError) -> (schema: String?, name: String)? {
        guard let parsed = try? Parser.parseExpression(text), case .columnReference(let parts) = parsed.kind else {
            throw DatabaseError(.invalidName, "invalid name syntax")
        }
        switch parts.count {
        case 1: return (nil, parts[0])
        case 2: return (parts[0], parts[1])
        case 3: return (parts[1], parts[2])
        default: return nil
        }
    }
}
