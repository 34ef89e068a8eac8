// SQL values to and from the wire: RowDescription columns, DataRow fields in text or binary
// format, and Bind parameter values.

public import HeliosCore
public import HeliosEngine
public import HeliosValues
public import HeliosWire

enum ValueEncoding {
    static func describe(_ columns: [ResultColumn], formats: ResultFormats) -> [ColumnDescription] {
        columns.enumerated().map { index, column in
            ColumnDescription(name: column.name, tableOID: column.tableOID, columnNumber: column.columnNumber,
                              typeOID: column.type.oid, typeSize: column.type.typeLength,
                              // A record's typmod names its fields inside this process only: -1 as PostgreSQL sends.
                              typeModifier: column.type.kind == .record ? -1 : column.type.modifier,
                              format: formats.format(ofColumn: index))
        }
    }

    /// Rows as DataRow messages.
    static func encode(_ rows: [[SQLValue]], columns: [ResultColumn], formats: ResultFormats,
                       settings: SessionSettings) throws(DatabaseError) -> DataRowBatch {
        var batch = DataRowBatch()
        let binary = columns.indices.map { formats.format(ofColumn: $0) == .binary }
        for row in rows {
            var fields: [[UInt8]?] = []
            fields.reserveCapacity(row.count)
            for (index, value) in row.enumerated() {
                if value.isNull {
                    fields.append(nil)
                } else if index < binary.count && binary[index] {
                    fields.append(BinaryFormat.encode(value, as: columns[index].type))
                } else {
                    let type = index < columns.count ? columns[index].type : nil
                    fields.append(Array(TextFormat.format(value, as: type, settings: settings).utf8))
                }
            }
            try batch.appendRow(fields)
        }
        return batch
    }

    /// A Bind parameter as a value of `type`.
    static func decode(_ parameter: BoundParameter, as type: SQLType, settings: SessionSettings) throws(DatabaseError) -> SQLValue {
        guard let bytes = parameter.bytes else { return .null }
        switch parameter.format {
        case .text:
            return try TextFormat.parse(String(decoding: bytes, as: UTF8.self), as: type, settings: settings)
        case .binary:
            return try BinaryFormat.decode(bytes, as: type)
        }
    }
}
