// What ANALYZE learned about a table's columns (PostgreSQL's pg_statistic): the fraction of
// NULLs, the number of distinct values, the most common values with their frequencies, and an
// equi-depth histogram of the rest. The optimizer turns these into selectivities. Row and page
// counts are not kept here: the store knows each tree's current counts, which never go stale.

public import HeliosCore
public import HeliosValues

/// One column's distribution.
package struct ColumnStatistics: Sendable, Equatable {
    /// The column number (attnum) and the type the statistics were taken with: after ALTER
    /// COLUMN TYPE they describe values of another type and are ignored.
    package var column: Int16
    package var type: SQLType
    package var nullFraction: Double
    /// PostgreSQL's n_distinct: positive, a count of distinct values; negative, minus the
    /// fraction of rows that are distinct (so it scales as the table grows), -1 for unique.
    package var distinct: Double
    /// Average stored width of a non-NULL value, in bytes.
    package var averageWidth: Int
    /// The most common values, most frequent first, and the fraction of all rows holding each.
    package var mostCommonValues: [SQLValue]
    package var mostCommonFrequencies: [Double]
    /// Bounds of equi-depth buckets over the non-NULL values that are not most common, in
    /// ascending order: each adjacent pair holds about the same number of rows.
    package var histogramBounds: [SQLValue]

    package init(column: Int16, type: SQLType, nullFraction: Double, distinct: Double, averageWidth: Int,
                 mostCommonValues: [SQLValue] = [], mostCommonFrequencies: [Double] = [], histogramBounds: [SQLValue] = []) {
        self.column = column
        self.type = type
        self.nullFraction = nullFraction
        self.distinct = distinct
        self.averageWidth = averageWidth
        self.mostCommonValues = mostCommonValues
        self.mostCommonFrequencies = mostCommonFrequencies
        self.histogramBounds = histogramBounds
    }

    /// The number of distinct non-NULL values in a table of `rows` rows.
    package func distinctCount(rows: Double) -> Double {
        let count = distinct < 0 ? -distinct * rows : distinct
        return max(1, min(count, max(rows, 1)))
    }

    /// The fraction of rows holding one of the most common values.
    package var mostCommonFraction: Double { mostCommonFrequencies.reduce(0, +) }
}

/// A table's statistics from its last ANALYZE.
package struct TableStatistics: Sendable, Equatable {
    package var relation: ObjectID
    /// Live rows when ANALYZE ran, and when (microseconds since 2000-01-01 UTC).
    package var rowCount: Double
    package var analyzedAt: Int64
    package var columns: [Int16: ColumnStatistics]

    package init(relation: ObjectID, rowCount: Double, analyzedAt: Int64, columns: [Int16: ColumnStatistics]) {
        self.relation = relation
        self.rowCount = rowCount
        self.analyzedAt = analyzedAt
        self.columns = columns
    }
}

// MARK: encoding

extension TableStatistics {
    private static let formatVersion: UInt8 = 1

    package func encoded() -> [UInt8] {
        var writer = BinaryWriter()
        writer.write(Self.formatVersion)
        writer.write(relation.rawValue)
        writer.write(rowCount.bitPattern)
        writer.write(analyzedAt)
        writer.writeList(columns.values.sorted { $0.column < $1.column }) { writer, column in
            writer.write(column.column)
            CatalogCodec.encode(column.type, into: &writer)
            writer.write(column.nullFraction.bitPattern)
            writer.write(column.distinct.bitPattern)
            writer.write(UInt32(clamping: column.averageWidth))
            writer.write(RowCodec.encode(column.mostCommonValues, types: Array(repeating: column.type, count: column.mostCommonValues.count)))
            writer.writeList(column.mostCommonFrequencies) { writer, frequency in writer.write(frequency.bitPattern) }
            writer.write(RowCodec.encode(column.histogramBounds, types: Array(repeating: column.type, count: column.histogramBounds.count)))
        }
        return writer.bytes
    }

    package static func decode(_ bytes: [UInt8]) throws(DatabaseError) -> TableStatistics {
        var reader = BinaryReader(bytes, what: "table statistics")
        guard try reader.readUInt8() == formatVersion else {
            throw DatabaseError(.dataCorrupted, "table statistics have an unknown format")
        }
        let relation = ObjectID(try reader.readUInt32())
        let rowCount = Double(bitPattern: try reader.readUInt64())
        let analyzedAt = try reader.readInt64()
        let columns = try reader.readList { (reader) throws(DatabaseError) -> ColumnStatistics in
            let column = try reader.readInt16()
            let type = try CatalogCodec.decodeType(&reader)
            let nullFraction = Double(bitPattern: try reader.readUInt64())
            let distinct = Double(bitPattern: try reader.readUInt64())
            let width = Int(try reader.readUInt32())
            let common = try values(try reader.readBytes(), type: type)
            let frequencies = try reader.readList { (reader) throws(DatabaseError) in Double(bitPattern: try reader.readUInt64()) }
            let bounds = try values(try reader.readBytes(), type: type)
            guard common.count == frequencies.count else {
                throw DatabaseError(.dataCorrupted, "table statistics are corrupted", detail: "Most common values and frequencies differ in number.")
            }
            return ColumnStatistics(column: column, type: type, nullFraction: nullFraction, distinct: distinct, averageWidth: width,
                                    mostCommonValues: common, mostCommonFrequencies: frequencies, histogramBounds: bounds)
        }
        return TableStatistics(relation: relation, rowCount: rowCount, analyzedAt: analyzedAt,
                               columns: Dictionary(columns.map { ($0.column, $0) }, uniquingKeysWith: { $1 }))
    }

    private static func values(_ bytes: [UInt8], type: SQLType) throws(DatabaseError) -> [SQLValue] {
        guard bytes.count >= 2 else { throw DatabaseError(.dataCorrupted, "table statistics are corrupted") }
        let count = Int(bytes[0]) | Int(bytes[1]) << 8
        let decoded = bytes.withUnsafeBytes { buffer in
            Result { () throws(DatabaseError) in try RowCodec.decode(buffer, types: Array(repeating: type, count: count)) }
        }
        return try decoded.get()
    }
}
