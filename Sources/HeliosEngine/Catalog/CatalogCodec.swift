// The byte layout of catalog descriptors, as stored in catalog rows. Every descriptor starts
// with a format version byte; fields follow in declaration order (BinaryCoding's primitives:
// little-endian integers, u32-length-prefixed strings and lists). A type is its kind (u8),
// typmod (i32) and flags (u8: 1 array, 3 int2vector/oidvector; 0 and 1 are what format 1 always
// wrote as the array flag, so the layout is unchanged).

public import HeliosCore
import HeliosStorage
public import HeliosValues

/// Encodes and decodes catalog descriptors.
package enum CatalogCodec {
    static let formatVersion: UInt8 = 1

    // MARK: relations

    package static func encode(_ relation: RelationDescriptor) -> [UInt8] {
        var writer = BinaryWriter()
        writer.write(formatVersion)
        writer.write(relation.oid.rawValue)
        writer.write(relation.name)
        writer.write(relation.namespace.rawValue)
        writer.write(relation.kind.rawValue)
        writer.write(relation.owner.rawValue)
        writer.writeList(relation.columns) { writer, column in encode(column, into: &writer) }
        writer.write(relation.tree?.rawValue ?? UInt64.max)
        writer.writeList(relation.rowKey) { $0.write($1) }
        writer.writeList(relation.indexes) { writer, index in encode(index, into: &writer) }
        writer.writeList(relation.constraints) { writer, constraint in encode(constraint, into: &writer) }
        encode(relation.options, into: &writer)
        writer.write(relation.viewDefinition)
        writer.write(relation.sequence != nil)
        if let sequence = relation.sequence { encode(sequence, into: &writer) }
        writer.write(relation.isTemporary)
        writer.write(relation.comment)
        writer.writeList(relation.referencedBy) { $0.write($1.rawValue) }
        // Added within format 1: older entries end before it (no column comments).
        writer.writeList(relation.columnComments.sorted { $0.key < $1.key }) { writer, entry in
            writer.write(entry.key)
            writer.write(entry.value)
        }
        return writer.bytes
    }

    package static func decodeRelation(_ bytes: [UInt8]) throws(DatabaseError) -> RelationDescriptor {
        var reader = BinaryReader(bytes, what: "catalog entry")
        guard try reader.readUInt8() == formatVersion else {
            throw DatabaseError(.dataCorrupted, "catalog entry has an unknown format version")
        }
        let oid = ObjectID(try reader.readUInt32())
        let name = try reader.readString()
        let namespace = ObjectID(try reader.readUInt32())
        guard let kind = RelationKind(rawValue: try reader.readUInt8()) else {
            throw DatabaseError(.dataCorrupted, "catalog entry of relation \(oid) has an unknown kind")
        }
        let owner = ObjectID(try reader.readUInt32())
        let columns = try reader.readList { (reader) throws(DatabaseError) in try decodeColumn(&reader) }
        let treeValue = try reader.readUInt64()
        let rowKey = try reader.readList { (reader) throws(DatabaseError) in try reader.readInt16() }
        let indexes = try reader.readList { (reader) throws(DatabaseError) in try decodeIndex(&reader) }
        let constraints = try reader.readList { (reader) throws(DatabaseError) in try decodeConstraint(&reader) }
        let options = try decodeOptions(&reader)
        let view = try reader.readOptionalString()
        let sequence = try reader.readBool() ? try decodeSequence(&reader) : nil
        let isTemporary = try reader.readBool()
        let comment = try reader.readOptionalString()
        let referencedBy = try reader.readList { (reader) throws(DatabaseError) in ObjectID(try reader.readUInt32()) }
        var relation = RelationDescriptor(oid: oid, name: name, namespace: namespace, kind: kind, owner: owner, columns: columns,
                                          tree: treeValue == UInt64.max ? nil : TreeID(treeValue), rowKey: rowKey, indexes: indexes,
                                          constraints: constraints, options: options, viewDefinition: view, sequence: sequence,
                                          isTemporary: isTemporary, comment: comment)
        relation.referencedBy = referencedBy
        if !reader.isAtEnd {
            let comments = try reader.readList { (reader) throws(DatabaseError) in (try reader.readInt16(), try reader.readString()) }
            relation.columnComments = Dictionary(comments, uniquingKeysWith: { _, last in last })
        }
        return relation
    }

    // MARK: namespaces

    package static func encode(_ namespace: NamespaceDescriptor) -> [UInt8] {
        var writer = BinaryWriter()
        writer.write(formatVersion)
        writer.write(namespace.oid.rawValue)
        writer.write(namespace.name)
        writer.write(namespace.owner.rawValue)
        return writer.bytes
    }

    package static func decodeNamespace(_ bytes: [UInt8]) throws(DatabaseError) -> NamespaceDescriptor {
        var reader = BinaryReader(bytes, what: "catalog entry")
        guard try reader.readUInt8() == formatVersion else {
            throw DatabaseError(.dataCorrupted, "catalog entry has an unknown format version")
        }
        return NamespaceDescriptor(oid: ObjectID(try reader.readUInt32()), name: try reader.readString(),
                                   owner: ObjectID(try reader.readUInt32()))
    }

    // MARK: parts

    static func encode(_ type: SQLType, into writer: inout BinaryWriter) {
        writer.write(type.kind.rawValue)
        writer.write(type.modifier)
        writer.write(UInt8(type.isVector ? 3 : type.isArray ? 1 : 0))
    }

    static func decodeType(_ reader: inout BinaryReader) throws(DatabaseError) -> SQLType {
        guard let kind = SQLType.Kind(rawValue: try reader.readUInt8()) else {
            throw DatabaseError(.dataCorrupted, "catalog entry names an unknown type")
        }
        let modifier = try reader.readInt32()
        let flags = try reader.readUInt8()
        let isVector = flags & 2 != 0
        guard flags <= 3, !isVector || (flags & 1 != 0 && (kind == .smallint || kind == .oid)) else {
            throw DatabaseError(.dataCorrupted, "catalog entry has an invalid type flag \(flags)")
        }
        return SQLType(kind, modifier: modifier, isArray: flags & 1 != 0, isVector: isVector)
    }

    static func encode(_ column: ColumnDescriptor, into writer: inout BinaryWriter) {
        writer.write(column.name)
        encode(column.type, into: &writer)
        writer.write(column.number)
        writer.write(column.notNull)
        writer.write(column.defaultExpression)
        writer.write(column.identity?.rawValue ?? 0)
        writer.write(column.generatedExpression)
        writer.write(column.isDropped)
    }

    static func decodeColumn(_ reader: inout BinaryReader) throws(DatabaseError) -> ColumnDescriptor {
        ColumnDescriptor(name: try reader.readString(), type: try decodeType(&reader), number: try reader.readInt16(),
                         notNull: try reader.readBool(), defaultExpression: try reader.readOptionalString(),
                         identity: ColumnDescriptor.Identity(rawValue: try reader.readUInt8()),
                         generatedExpression: try reader.readOptionalString(), isDropped: try reader.readBool())
    }

    static func encode(_ index: IndexDescriptor, into writer: inout BinaryWriter) {
        writer.write(index.oid.rawValue)
        writer.write(index.name)
        writer.write(index.tree.rawValue)
        writer.writeList(index.keys) { writer, key in
            writer.write(key.column)
            writer.write(key.expression)
            writer.write(key.descending)
            writer.write(key.nullsFirst)
        }
        writer.writeList(index.included) { $0.write($1) }
        writer.write(index.isUnique)
        writer.write(index.isPrimary)
        writer.write(index.nullsNotDistinct)
        writer.write(index.predicate)
        writer.write(index.isValid)
        writer.write(index.origin.rawValue)
        encode(index.options, into: &writer)
    }

    static func decodeIndex(_ reader: inout BinaryReader) throws(DatabaseError) -> IndexDescriptor {
        let oid = ObjectID(try reader.readUInt32())
        let name = try reader.readString()
        let tree = TreeID(try reader.readUInt64())
        let keys = try reader.readList { (reader) throws(DatabaseError) in
            IndexKeyPart(column: try reader.readInt16(), expression: try reader.readOptionalString(),
                         descending: try reader.readBool(), nullsFirst: try reader.readBool())
        }
        return IndexDescriptor(oid: oid, name: name, tree: tree, keys: keys,
                               included: try reader.readList { (reader) throws(DatabaseError) in try reader.readInt16() },
                               isUnique: try reader.readBool(), isPrimary: try reader.readBool(),
                               nullsNotDistinct: try reader.readBool(), predicate: try reader.readOptionalString(),
                               isValid: try reader.readBool(), origin: IndexOrigin(rawValue: try reader.readUInt8()) ?? .user,
                               options: try decodeOptions(&reader))
    }

    static func encode(_ constraint: ConstraintDescriptor, into writer: inout BinaryWriter) {
        writer.write(constraint.oid.rawValue)
        writer.write(constraint.name)
        writer.writeList(constraint.columns) { $0.write($1) }
        switch constraint.kind {
        case .primaryKey(let index):
            writer.write(UInt8(1))
            writer.write(index.rawValue)
        case .unique(let index):
            writer.write(UInt8(2))
            writer.write(index.rawValue)
        case .check(let expression):
            writer.write(UInt8(3))
            writer.write(expression)
        case .foreignKey(let key):
            writer.write(UInt8(4))
            writer.writeList(key.columns) { $0.write($1) }
            writer.write(key.referencedTable.rawValue)
            writer.writeList(key.referencedColumns) { $0.write($1) }
            writer.write(key.onDelete.rawValue)
            writer.write(key.onUpdate.rawValue)
            writer.write(key.matchFull)
        }
    }

    static func decodeConstraint(_ reader: inout BinaryReader) throws(DatabaseError) -> ConstraintDescriptor {
        let oid = ObjectID(try reader.readUInt32())
        let name = try reader.readString()
        let columns = try reader.readList { (reader) throws(DatabaseError) in try reader.readInt16() }
        let kind: ConstraintDescriptor.Kind
        switch try reader.readUInt8() {
        case 1: kind = .primaryKey(index: ObjectID(try reader.readUInt32()))
        case 2: kind = .unique(index: ObjectID(try reader.readUInt32()))
        case 3: kind = .check(expression: try reader.readString())
        case 4:
            let keyColumns = try reader.readList { (reader) throws(DatabaseError) in try reader.readInt16() }
            let table = ObjectID(try reader.readUInt32())
            let referenced = try reader.readList { (reader) throws(DatabaseError) in try reader.readInt16() }
            let onDelete = ReferentialAction(rawValue: try reader.readUInt8()) ?? .noAction
            let onUpdate = ReferentialAction(rawValue: try reader.readUInt8()) ?? .noAction
            kind = .foreignKey(.init(columns: keyColumns, referencedTable: table, referencedColumns: referenced,
                                     onDelete: onDelete, onUpdate: onUpdate, matchFull: try reader.readBool()))
        default:
            throw DatabaseError(.dataCorrupted, "catalog entry holds an unknown constraint kind")
        }
        return ConstraintDescriptor(oid: oid, name: name, kind: kind, columns: columns)
    }

    static func encode(_ sequence: SequenceOptions, into writer: inout BinaryWriter) {
        encode(sequence.type, into: &writer)
        writer.write(sequence.start)
        writer.write(sequence.increment)
        writer.write(sequence.minimum)
        writer.write(sequence.maximum)
        writer.write(sequence.cache)
        writer.write(sequence.cycle)
        writer.write(sequence.ownedBy?.table.rawValue ?? 0)
        writer.write(sequence.ownedBy?.column ?? 0)
    }

    static func decodeSequence(_ reader: inout BinaryReader) throws(DatabaseError) -> SequenceOptions {
        var options = SequenceOptions(type: try decodeType(&reader))
        options.start = try reader.readInt64()
        options.increment = try reader.readInt64()
        options.minimum = try reader.readInt64()
        options.maximum = try reader.readInt64()
        options.cache = try reader.readInt64()
        options.cycle = try reader.readBool()
        let table = try reader.readUInt32()
        let column = try reader.readInt16()
        options.ownedBy = table == 0 ? nil : (ObjectID(table), column)
        return options
    }

    static func encode(_ options: [String: String], into writer: inout BinaryWriter) {
        writer.writeList(options.sorted { $0.key < $1.key }) { writer, option in
            writer.write(option.key)
            writer.write(option.value)
        }
    }

    static func decodeOptions(_ reader: inout BinaryReader) throws(DatabaseError) -> [String: String] {
        let pairs = try reader.readList { (reader) throws(DatabaseError) in (try reader.readString(), try reader.readString()) }
        return Dictionary(pairs, uniquingKeysWith: { _, last in last })
    }
}
