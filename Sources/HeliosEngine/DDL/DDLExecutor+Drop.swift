// DROP TABLE / INDEX / VIEW / SEQUENCE / SCHEMA. Storage is freed when the transaction commits
// (until then the drop can roll back, and older snapshots may still read it). Dependencies are
// PostgreSQL's: a table referenced by another table's foreign key needs CASCADE (which drops
// that constraint), a table's sequences (serial, identity) go with it, an index backing a
// constraint goes only with the constraint, a schema with objects needs CASCADE.

public import HeliosCore
public import HeliosStorage
public import HeliosValues
public import HeliosSQL

extension DDLExecutor {
    func drop(_ drop: DropStatement) throws(DatabaseError) {
        let cascade = drop.behavior == .cascade
        for name in drop.names {
            switch drop.kind {
            case .table, .view, .sequence:
                let expected: RelationKind = drop.kind == .table ? .table : drop.kind == .view ? .view : .sequence
                guard let relation = try lookup(name, what: drop.kind, ifExists: drop.ifExists) else { continue }
                guard relation.kind == expected else {
                    throw DatabaseError(.wrongObjectType, "\"\(relation.name)\" is not a \(Self.noun(expected))",
                                        hint: "Use DROP \(Self.keyword(relation.kind)) to remove a \(Self.noun(relation.kind)).")
                }
                try dropRelation(relation, cascade: cascade)
            case .index:
                try dropIndex(name, ifExists: drop.ifExists)
            case .schema:
                try dropSchema(name.name, ifExists: drop.ifExists, cascade: cascade)
            case .materializedView:
                throw DatabaseError(.featureNotSupported, "materialized views are not supported")
            default:
                throw DatabaseError(.featureNotSupported, "DROP \(drop.kind.rawValue) is not supported")
            }
        }
        try flushStaged()
    }

    static func noun(_ kind: RelationKind) -> String {
        switch kind {
        case .table: "table"
        case .view: "view"
        case .sequence: "sequence"
        }
    }

    static func keyword(_ kind: RelationKind) -> String {
        switch kind {
        case .table: "TABLE"
        case .view: "VIEW"
        case .sequence: "SEQUENCE"
        }
    }

    /// The relation `name` names; nil with a notice under IF EXISTS, 42P01 otherwise.
    private func lookup(_ name: QualifiedName, what: ObjectKind, ifExists: Bool) throws(DatabaseError) -> RelationDescriptor? {
        if let found = try reader.lookupRelation(name) { return staged(found) }
        let noun = what.rawValue.lowercased()
        if ifExists {
            notice("\(noun) \"\(name.name)\" does not exist, skipping")
            return nil
        }
        throw DatabaseError(.undefinedTable, "\(noun) \"\(name.name)\" does not exist", position: name.location.errorPosition)
    }

    /// Drops a relation and what depends on it.
    func dropRelation(_ relation: RelationDescriptor, cascade: Bool) throws(DatabaseError) {
        let writer = try self.writer
        let txn = try self.txn
        if relation.kind == .table {
            // Foreign keys of other tables that reference this one.
            for childOID in relation.referencedBy where childOID != relation.oid {
                var child = try self.relation(oid: childOID)
                let dependent = child.constraints.filter {
                    if case .foreignKey(let key) = $0.kind { key.referencedTable == relation.oid } else { false }
                }
                guard !dependent.isEmpty else { continue }
                guard cascade else {
                    throw DatabaseError(.dependentObjectsStillExist,
                                        "cannot drop table \(relation.name) because other objects depend on it",
                                        detail: "constraint \(dependent[0].name) on table \(child.name) depends on table \(relation.name)",
                                        hint: "Use DROP ... CASCADE to drop the dependent objects too.")
                }
                notice("drop cascades to constraint \(dependent[0].name) on table \(child.name)")
                child.constraints.removeAll { dependent.contains($0) }
                stage(child)
            }
            // This table's own foreign keys: their parents no longer list it.
            for constraint in relation.constraints {
                guard case .foreignKey(let key) = constraint.kind, key.referencedTable != relation.oid else { continue }
                var parent = try self.relation(oid: key.referencedTable)
                parent.referencedBy.removeAll { $0 == relation.oid }
                stage(parent)
            }
            for index in relation.indexes {
                try catalog.removeIndexName(index.name, in: relation.namespace, txn: txn, writer: writer)
                if !index.isPrimary { dropTreeAtCommit(index.tree) }
            }
            if let tree = relation.tree { dropTreeAtCommit(tree) }
            // Sequences the table's columns own.
            for sequence in try catalog.allRelations(access: access, snapshot: statement.snapshot)
            where sequence.kind == .sequence && sequence.sequence?.ownedBy?.table == relation.oid {
                try catalog.drop(sequence, in: txn, writer: writer)
                session.database.sequences.forget(sequence.oid)
            }
        }
        try catalog.drop(relation, in: txn, writer: writer)
        transaction.changedCatalog = true
        unstage(relation.oid)
    }

    private func dropIndex(_ name: QualifiedName, ifExists: Bool) throws(DatabaseError) {
        let namespaces: [NamespaceDescriptor]
        if let schema = name.schema {
            namespaces = try reader.namespace(named: schema).map { [$0] } ?? []
        } else {
            namespaces = try reader.lookupNamespaces()
        }
        for namespace in namespaces {
            guard let tableOID = try catalog.indexOwner(named: name.name, in: namespace.oid, access: access, snapshot: statement.snapshot)
            else { continue }
            var table = try relation(oid: tableOID)
            guard let index = table.indexes.first(where: { $0.name == name.name }) else { continue }
            if let constraint = table.constraints.first(where: { $0.oid == index.oid || Self.usesIndex($0, index.oid) }) {
                throw DatabaseError(.dependentObjectsStillExist,
                                    "cannot drop index \(index.name) because constraint \(constraint.name) on table \(table.name) requires it",
                                    hint: "You can drop constraint \(constraint.name) on table \(table.name) instead.")
            }
            table.indexes.removeAll { $0.oid == index.oid }
            try catalog.removeIndexName(index.name, in: namespace.oid, txn: txn, writer: writer)
            dropTreeAtCommit(index.tree)
            stage(table)
            return
        }
        if ifExists {
            notice("index \"\(name.name)\" does not exist, skipping")
            return
        }
        throw DatabaseError(.undefinedObject, "index \"\(name.name)\" does not exist")
    }

    static func usesIndex(_ constraint: ConstraintDescriptor, _ index: ObjectID) -> Bool {
        switch constraint.kind {
        case .primaryKey(let oid), .unique(let oid): oid == index
        default: false
        }
    }

    private func dropSchema(_ name: String, ifExists: Bool, cascade: Bool) throws(DatabaseError) {
        guard let namespace = try reader.namespace(named: name) else {
            if ifExists {
                notice("schema \"\(name)\" does not exist, skipping")
                return
            }
            throw DatabaseError(.invalidSchemaName, "schema \"\(name)\" does not exist")
        }
        if Catalog.builtInNamespaces.contains(where: { $0.oid == namespace.oid }) && namespace.name != "public" {
            throw DatabaseError(.dependentObjectsStillExist, "cannot drop schema \(name) because it is required by the database system")
        }
        let members = try catalog.allRelations(access: access, snapshot: statement.snapshot).filter { $0.namespace == namespace.oid }
        if !members.isEmpty {
            guard cascade else {
                throw DatabaseError(.dependentObjectsStillExist, "cannot drop schema \(name) because other objects depend on it",
                                    detail: members.map { "\(Self.noun($0.kind)) \(name).\($0.name) depends on schema \(name)" }
                                        .joined(separator: "\n"),
                                    hint: "Use DROP ... CASCADE to drop the dependent objects too.")
            }
            // Tables first (their sequences go with them), then what remains.
            for member in members where member.kind != .sequence || member.sequence?.ownedBy == nil {
                if let current = try catalog.relation(oid: member.oid, access: access, snapshot: statement.snapshot) {
                    try dropRelation(staged(current), cascade: true)
                }
            }
        }
        try catalog.drop(namespace, in: txn, writer: writer)
        transaction.changedCatalog = true
    }
}
