// The names FROM items expose, and PostgreSQL's rule that one FROM clause (and each JOIN) may
// not expose a name twice (checkNameSpaceConflicts): `FROM t, t` and `WITH w AS (...) SELECT *
// FROM w, w` fail with 42712. Two tables written without aliases may share a name when they are
// different tables (`FROM s1.t, s2.t`). A JOIN with an alias exposes only the alias.

import HeliosCore
import HeliosSQL

/// A name a FROM item exposes to the query: its alias, else its table or function name.
struct ExposedName {
    var name: String
    /// The table as written, for an item without an alias that names a table.
    var unaliasedTable: [String]?
}

enum FromNamespace {
    static func exposedNames(of item: TableReference) -> [ExposedName] {
        switch item {
        case .table(let table):
            if let alias = table.alias { return [ExposedName(name: alias.name)] }
            return [ExposedName(name: table.name.name, unaliasedTable: table.name.parts)]
        case .subquery(let subquery):
            return subquery.alias.map { [ExposedName(name: $0.name)] } ?? []
        case .function(let function):
            if let alias = function.alias { return [ExposedName(name: alias.name)] }
            return function.functions.first.map { [ExposedName(name: $0.name.name)] } ?? []
        case .join(let join):
            if let alias = join.alias { return [ExposedName(name: alias.name)] }
            return exposedNames(of: join.left) + exposedNames(of: join.right)
        }
    }

    /// 42712 when `added` exposes a name `existing` already does.
    static func checkConflicts(_ existing: [ExposedName], _ added: [ExposedName], location: SourceLocation) throws(DatabaseError) {
        for name in added {
            for other in existing where other.name == name.name {
                if let a = name.unaliasedTable, let b = other.unaliasedTable, a != b { continue }
                throw DatabaseError(.duplicateAlias, "table name \"\(name.name)\" specified more than once",
                                    position: location.errorPosition)
            }
        }
    }
}
