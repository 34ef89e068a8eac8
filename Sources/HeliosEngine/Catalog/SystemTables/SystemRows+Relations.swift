// pg_class, pg_attribute, pg_attrdef, pg_index, pg_constraint, pg_description, pg_sequence and
// pg_depend: the relations, their columns, indexes and constraints, as PostgreSQL 15 records them.
// Indexes are pg_class rows of their own (relkind 'i', btree), in their table's namespace. The
// system relations themselves are listed too, as PostgreSQL's catalogs list themselves.

import HeliosCore
import HeliosValues

extension SystemRows {
    /// pg_am oids.
    static let heapAccessMethod: UInt32 = 2
    static let btreeAccessMethod: UInt32 = 403
    /// pg_class's and pg_constraint's own oids (classoid in pg_description and pg_depend).
    static let pgClassOID: UInt32 = 1259
    static let pgConstraintOID: UInt32 = 2606

    // MARK: pg_class

    func classRows(_ relation: SystemRelation) -> [[SQLValue]] {
        var rows: [[SQLValue]] = []
        for system in SystemRelation.all {
            rows.append(relation.row([
                "oid": .oid(system.oid), "relname": .text(system.name), "relnamespace": Self.oid(system.namespace),
                "reltype": .oid(0), "reloftype": .oid(0), "relowner": .oid(ObjectID.bootstrapSuperuser.rawValue),
                "relam": .oid(system.kind == "r" ? Self.heapAccessMethod : 0), "relfilenode": .oid(system.kind == "r" ? system.oid : 0),
                "reltablespace": .oid(0), "relpages": .int32(0), "reltuples": .float32(-1), "relallvisible": .int32(0),
                "reltoastrelid": .oid(0), "relhasindex": .bool(false), "relisshared": .bool(false), "relpersistence": .text("p"),
                "relkind": .text(system.kind), "relnatts": .int16(Int16(system.columns.count)), "relchecks": .int16(0),
                "relhasrules": .bool(system.kind == "v"), "relhastriggers": .bool(false), "relhassubclass": .bool(false),
                "relrowsecurity": .bool(false), "relforcerowsecurity": .bool(false), "relispopulated": .bool(true),
                "relreplident": .text(system.kind == "r" ? "d" : "n"), "relispartition": .bool(false), "relrewrite": .oid(0),
                "relfrozenxid": .oid(0), "relminmxid": .oid(system.kind == "r" ? 1 : 0),
            ]))
        }
        for table in data.relations {
            rows.append(classRow(relation, table))
            for index in table.indexes { rows.append(indexClassRow(relation, index, of: table)) }
        }
        return rows
    }

    private func classRow(_ relation: SystemRelation, _ table: RelationDescriptor) -> [SQLValue] {
        let isTable = table.kind == .table
        let checks = table.constraints.filter { if case .check = $0.kind { true } else { false } }.count
        let hasForeignKeys = table.constraints.contains { if case .foreignKey = $0.kind { true } else { false } }
        return relation.row([
            "oid": Self.oid(table.oid), "relname": .text(table.name), "relnamespace": Self.oid(table.namespace),
            "reltype": .oid(0), "reloftype": .oid(0), "relowner": Self.oid(table.owner),
            "relam": .oid(isTable ? Self.heapAccessMethod : 0), "relfilenode": .oid(table.kind == .view ? 0 : table.oid.rawValue),
            "reltablespace": .oid(0),
            // HeliosDB keeps no page or row counts; -1 is PostgreSQL's "not yet analyzed", and
            // relpages 0 keeps clients from planning ctid range scans.
            "relpages": .int32(0), "reltuples": .float32(-1), "relallvisible": .int32(0),
            "reltoastrelid": .oid(0), "relhasindex": .bool(!table.indexes.isEmpty), "relisshared": .bool(false),
            "relpersistence": .text(table.isTemporary ? "t" : "p"), "relkind": .text(table.kind.code),
            "relnatts": .int16(table.kind == .sequence ? 3 : Int16(table.columns.count)), "relchecks": .int16(Int16(checks)),
            // A view's query is its _RETURN rule in PostgreSQL; foreign keys are triggers there.
            "relhasrules": .bool(table.kind == .view),
            "relhastriggers": .bool(hasForeignKeys || !table.referencedBy.isEmpty),
            "relhassubclass": .bool(false), "relrowsecurity": .bool(false), "relforcerowsecurity": .bool(false),
            "relispopulated": .bool(true), "relreplident": .text(isTable ? "d" : "n"), "relispartition": .bool(false),
            "relrewrite": .oid(0), "relfrozenxid": .oid(0), "relminmxid": .oid(isTable ? 1 : 0),
            "reloptions": Self.options(table.options),
        ])
    }

    private func indexClassRow(_ relation: SystemRelation, _ index: IndexDescriptor, of table: RelationDescriptor) -> [SQLValue] {
        relation.row([
            "oid": Self.oid(index.oid), "relname": .text(index.name), "relnamespace": Self.oid(table.namespace),
            "reltype": .oid(0), "reloftype": .oid(0), "relowner": Self.oid(table.owner), "relam": .oid(Self.btreeAccessMethod),
            "relfilenode": Self.oid(index.oid), "reltablespace": .oid(0), "relpages": .int32(0), "reltuples": .float32(-1),
            "relallvisible": .int32(0), "reltoastrelid": .oid(0), "relhasindex": .bool(false), "relisshared": .bool(false),
            "relpersistence": .text(table.isTemporary ? "t" : "p"), "relkind": .text("i"),
            "relnatts": .int16(Int16(index.keys.count + index.included.count)), "relchecks": .int16(0),
            "relhasrules": .bool(false), "relhastriggers": .bool(false), "relhassubclass": .bool(false),
            "relrowsecurity": .bool(false), "relforcerowsecurity": .bool(false), "relispopulated": .bool(true),
            "relreplident": .text("n"), "relispartition": .bool(false), "relrewrite": .oid(0), "relfrozenxid": .oid(0),
            "relminmxid": .oid(0), "reloptions": Self.options(index.options),
        ])
    }

    // MARK: pg_attribute

    func attributeRows(_ relation: SystemRelation) -> [[SQLValue]] {
        var rows: [[SQLValue]] = []
        for system in SystemRelation.all {
            for (position, column) in system.columns.enumerated() {
                let descriptor = ColumnDescriptor(name: column.name, type: column.type, number: Int16(position + 1), notNull: false)
                rows.append(attributeRow(relation, descriptor, of: ObjectID(system.oid)))
            }
        }
        for table in data.relations where table.kind != .sequence {
            for column in table.columns { rows.append(attributeRow(relation, column, of: table.oid)) }
            for index in table.indexes {
                // An index's columns: the table's key columns under their names, expressions as "expr".
                let parts: [(name: String, type: SQLType)] = index.keys.map { key in
                    guard key.column != 0, let column = table.column(number: key.column) else { return ("expr", .text) }
                    return (column.name, column.type)
                } + index.included.compactMap { number in table.column(number: number).map { ($0.name, $0.type) } }
                for (position, part) in parts.enumerated() {
                    let descriptor = ColumnDescriptor(name: part.name, type: part.type, number: Int16(position + 1))
                    rows.append(attributeRow(relation, descriptor, of: index.oid))
                }
            }
        }
        return rows
    }

    private func attributeRow(_ relation: SystemRelation, _ column: ColumnDescriptor, of owner: ObjectID) -> [SQLValue] {
        let type = column.type
        let dropped = column.isDropped
        let identity: String = switch column.identity {
        case .always: "a"
        case .byDefault: "d"
        case nil: ""
        }
        return relation.row([
            "attrelid": Self.oid(owner),
            "attname": .text(dropped ? "........pg.dropped.\(column.number)........" : column.name),
            "atttypid": .oid(dropped ? 0 : type.oid), "attstattarget": .int32(-1), "attlen": .int16(type.typeLength),
            "attnum": .int16(column.number), "attndims": .int32(type.isArray && !type.isVector ? 1 : 0), "attcacheoff": .int32(-1),
            "atttypmod": .int32(type.modifier), "attbyval": .bool(BuiltInTypes.passedByValue(type)),
            "attalign": .text(BuiltInTypes.alignment(of: type)), "attstorage": .text(BuiltInTypes.storage(of: type)),
            "attcompression": .text(""), "attnotnull": .bool(column.notNull),
            "atthasdef": .bool(Self.storedDefault(of: column) != nil),
            "atthasmissing": .bool(false), "attidentity": .text(identity),
            "attgenerated": .text(column.generatedExpression != nil ? "s" : ""), "attisdropped": .bool(dropped),
            "attislocal": .bool(true), "attinhcount": .int32(0), "attcollation": .oid(BuiltInTypes.collation(of: type)),
        ])
    }

    // MARK: pg_attrdef

    func attributeDefaultRows(_ relation: SystemRelation) -> [[SQLValue]] {
        var rows: [[SQLValue]] = []
        for table in data.relations {
            for column in table.columns where !column.isDropped {
                guard let expression = Self.storedDefault(of: column) else { continue }
                rows.append(relation.row([
                    "oid": .oid(Self.defaultOID(table: table.oid, column: column.number)), "adrelid": Self.oid(table.oid),
                    "adnum": .int16(column.number), "adbin": .text(expression),
                ]))
            }
        }
        return rows
    }

    /// What pg_attrdef holds for a column: its generation expression or default, as pg_get_expr
    /// prints it. Identity columns have none (their sequence is not a default in PostgreSQL).
    static func storedDefault(of column: ColumnDescriptor) -> String? {
        if let generated = column.generatedExpression { return generated }
        guard column.identity == nil, let expression = column.defaultExpression else { return nil }
        return CatalogDeparser.defaultExpression(expression, type: column.type)
    }

    // MARK: pg_index

    func indexRows(_ relation: SystemRelation) -> [[SQLValue]] {
        var rows: [[SQLValue]] = []
        for table in data.relations {
            for index in table.indexes {
                let keyTypes = index.keys.map { key in table.column(number: key.column)?.type ?? .text }
                let expressions = index.keys.compactMap { $0.column == 0 ? $0.expression : nil }
                rows.append(relation.row([
                    "indexrelid": Self.oid(index.oid), "indrelid": Self.oid(table.oid),
                    "indnatts": .int16(Int16(index.keys.count + index.included.count)), "indnkeyatts": .int16(Int16(index.keys.count)),
                    "indisunique": .bool(index.isUnique), "indnullsnotdistinct": .bool(index.nullsNotDistinct),
                    "indisprimary": .bool(index.isPrimary), "indisexclusion": .bool(false), "indimmediate": .bool(true),
                    "indisclustered": .bool(false), "indisvalid": .bool(index.isValid), "indcheckxmin": .bool(false),
                    "indisready": .bool(true), "indislive": .bool(true), "indisreplident": .bool(false),
                    "indkey": Self.int2Vector(index.keys.map(\.column) + index.included),
                    "indcollation": Self.oidVector(keyTypes.map { BuiltInTypes.collation(of: $0) }),
                    "indclass": Self.oidVector(keyTypes.map { OperatorClasses.defaultClass(for: $0) }),
                    "indoption": Self.int2Vector(index.keys.map { ($0.descending ? 1 : 0) | ($0.nullsFirst ? 2 : 0) }),
                    "indexprs": expressions.isEmpty ? .null : .text(expressions.joined(separator: ", ")),
                    "indpred": Self.text(index.predicate),
                ]))
            }
        }
        return rows
    }

    // MARK: pg_constraint

    func constraintRows(_ relation: SystemRelation) -> [[SQLValue]] {
        var rows: [[SQLValue]] = []
        for table in data.relations {
            for constraint in table.constraints {
                var values: [String: SQLValue] = [
                    "oid": Self.oid(constraint.oid), "conname": .text(constraint.name), "connamespace": Self.oid(table.namespace),
                    "contype": .text(CatalogDeparser.constraintType(constraint.kind)), "condeferrable": .bool(false),
                    "condeferred": .bool(false), "convalidated": .bool(true), "conrelid": Self.oid(table.oid), "contypid": .oid(0),
                    "conindid": .oid(0), "conparentid": .oid(0), "confrelid": .oid(0), "confupdtype": .text(" "),
                    "confdeltype": .text(" "), "confmatchtype": .text(" "), "conislocal": .bool(true), "coninhcount": .int32(0),
                    "connoinherit": .bool(false), "conkey": Self.int2Array(constraint.columns),
                ]
                switch constraint.kind {
                case .primaryKey(let index), .unique(let index):
                    values["conindid"] = Self.oid(index)
                case .check(let expression):
                    values["conbin"] = .text(expression)
                    if constraint.columns.isEmpty {
                        values["conkey"] = Self.int2Array(DDLExecutor.columnNumbers(in: expression, relation: table))
                    }
                case .foreignKey(let key):
                    values["confrelid"] = Self.oid(key.referencedTable)
                    values["confupdtype"] = .text(CatalogDeparser.actionCode(key.onUpdate))
                    values["confdeltype"] = .text(CatalogDeparser.actionCode(key.onDelete))
                    values["confmatchtype"] = .text(key.matchFull ? "f" : "s")
                    values["confkey"] = Self.int2Array(key.referencedColumns)
                    values["conindid"] = referencedIndex(of: key).map { Self.oid($0) } ?? .oid(0)
                }
                rows.append(relation.row(values))
            }
        }
        return rows
    }

    /// The unique index of the referenced table a foreign key relies on (pg_constraint.conindid).
    func referencedIndex(of key: ConstraintDescriptor.ForeignKey) -> ObjectID? {
        guard let referenced = data.relation(key.referencedTable) else { return nil }
        let wanted = Set(key.referencedColumns)
        return referenced.indexes.first { index in
            index.isUnique && index.predicate == nil && index.keys.allSatisfy { $0.column != 0 } && Set(index.keys.map(\.column)) == wanted
        }?.oid
    }

    // MARK: pg_description

    func descriptionRows(_ relation: SystemRelation) -> [[SQLValue]] {
        var rows: [[SQLValue]] = []
        for table in data.relations {
            if let comment = table.comment {
                rows.append(relation.row(["objoid": Self.oid(table.oid), "classoid": .oid(Self.pgClassOID), "objsubid": .int32(0),
                                          "description": .text(comment)]))
            }
            for (column, comment) in table.columnComments.sorted(by: { $0.key < $1.key }) {
                rows.append(relation.row(["objoid": Self.oid(table.oid), "classoid": .oid(Self.pgClassOID),
                                          "objsubid": .int32(Int32(column)), "description": .text(comment)]))
            }
        }
        return rows
    }

    // MARK: pg_sequence and pg_depend

    func sequenceRows(_ relation: SystemRelation) -> [[SQLValue]] {
        data.relations.compactMap { sequence in
            guard let options = sequence.sequence else { return nil }
            return relation.row([
                "seqrelid": Self.oid(sequence.oid), "seqtypid": .oid(options.type.oid), "seqstart": .int64(options.start),
                "seqincrement": .int64(options.increment), "seqmax": .int64(options.maximum), "seqmin": .int64(options.minimum),
                "seqcache": .int64(options.cache), "seqcycle": .bool(options.cycle),
            ])
        }
    }

    /// The dependencies psql shows: a sequence owned by a column ("Owned by"; 'i' for an
    /// identity column's sequence, 'a' for OWNED BY and serial).
    func dependencyRows(_ relation: SystemRelation) -> [[SQLValue]] {
        data.relations.compactMap { sequence in
            guard let owner = sequence.sequence?.ownedBy else { return nil }
            let isIdentity = data.relation(owner.table)?.column(number: owner.column)?.identity != nil
            return relation.row([
                "classid": .oid(Self.pgClassOID), "objid": Self.oid(sequence.oid), "objsubid": .int32(0),
                "refclassid": .oid(Self.pgClassOID), "refobjid": Self.oid(owner.table), "refobjsubid": .int32(Int32(owner.column)),
                "deptype": .text(isIdentity ? "i" : "a"),
            ])
        }
    }
}
