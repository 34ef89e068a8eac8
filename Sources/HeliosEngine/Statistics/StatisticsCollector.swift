// ANALYZE: reads a table's visible rows once, keeps a uniform sample of them (reservoir
// sampling, seeded by the table's oid so that the same data gives the same statistics and the
// same plans), and derives each column's statistics from the sample as PostgreSQL's analyze.c
// does: NULL fraction, the Haas-Stokes estimate of distinct values, the values common enough to
// list with their frequencies, and an equi-depth histogram of the others.

public import HeliosCore
import HeliosStorage
import HeliosValues

package struct StatisticsCollector {
    /// PostgreSQL's default_statistics_target: up to this many common values and histogram
    /// buckets per column, from a sample of 300 times as many rows.
    package var target = 100

    package init(target: Int = 100) {
        self.target = max(1, target)
    }

    /// Statistics for `columns` (all visible ones when empty) of `relation`, from the rows
    /// `context` sees.
    package func analyze(_ relation: RelationDescriptor, columns: [ColumnDescriptor], context: ExecutionContext,
                         now: Int64) throws(DatabaseError) -> TableStatistics {
        guard let tree = relation.tree else {
            throw DatabaseError.internalError("table \(relation.name) has no storage")
        }
        let scan = TableScanOperator(context: context, tree: tree, types: relation.columns.map(\.type), filter: nil,
                                     includesRowKey: false)
        let capacity = 300 * target
        var sample: [Row] = []
        sample.reserveCapacity(min(capacity, 1 << 16))
        var random = SplitMix64(seed: UInt64(relation.oid.rawValue))
        var seen = 0
        try scan.open()
        defer { scan.close() }
        while let row = try scan.next() {
            seen += 1
            if sample.count < capacity {
                sample.append(row)
            } else {
                let slot = Int(random.next() % UInt64(seen))
                if slot < capacity { sample[slot] = row }
            }
        }
        var result: [Int16: ColumnStatistics] = [:]
        for column in columns.isEmpty ? relation.visibleColumns : columns {
            guard let position = relation.storagePosition(of: column.number) else { continue }
            result[column.number] = describe(sample.map { $0[position] }, column: column, totalRows: Double(seen))
        }
        return TableStatistics(relation: relation.oid, rowCount: Double(seen), analyzedAt: now, columns: result)
    }

    /// One column's statistics from its sampled values.
    func describe(_ values: [SQLValue], column: ColumnDescriptor, totalRows: Double) -> ColumnStatistics {
        let sampled = Double(values.count)
        var present = values.filter { !$0.isNull }
        let nullFraction = sampled == 0 ? 0 : Double(values.count - present.count) / sampled
        guard !present.isEmpty else {
            return ColumnStatistics(column: column.number, type: column.type, nullFraction: nullFraction, distinct: 0, averageWidth: 0)
        }
        var width = 0
        for value in present { width += RowCodec.encode([value], types: [column.type]).count - 3 }
        present.sort { SQLValue.compare($0, $1) < 0 }

        // Runs of equal values: (value, count), in ascending order.
        var runs: [(value: SQLValue, count: Int)] = []
        for value in present {
            if let last = runs.last, SQLValue.compare(last.value, value) == 0 {
                runs[runs.count - 1].count += 1
            } else {
                runs.append((value, 1))
            }
        }
        let n = Double(present.count)
        let d = Double(runs.count)
        let singletons = Double(runs.count { $0.count == 1 })
        let wholeTable = Double(values.count) >= totalRows
        let presentRows = totalRows * (1 - nullFraction)

        var distinct: Double
        if singletons == d && !wholeTable {
            distinct = -(1 - nullFraction)  // every sampled value is unique: assume the column is
        } else if wholeTable || singletons == 0 {
            distinct = d
        } else {
            // Haas and Stokes (1998), Duj1: n*d / (n - f1 + f1*n/N).
            let estimate = n * d / ((n - singletons) + singletons * n / max(presentRows, n))
            distinct = min(max(estimate, d), presentRows).rounded()
        }
        if distinct > 0, distinct > 0.1 * totalRows {
            distinct = -min(distinct / max(totalRows, 1), 1)  // scales with the table from now on
        }

        // Most common values: all of them when the sample saw every value more than once (or is
        // the whole table) and they fit; otherwise those clearly above the average frequency.
        let byFrequency = runs.indices.sorted { runs[$0].count > runs[$1].count || (runs[$0].count == runs[$1].count && $0 < $1) }
        var common: [Int] = []
        if (wholeTable || singletons == 0) && runs.count <= target {
            common = byFrequency
        } else {
            let threshold = max(2, 1.25 * n / d)
            common = Array(byFrequency.prefix { Double(runs[$0].count) >= threshold }.prefix(target))
        }
        let commonSet = Set(common)
        let mostCommonValues = common.map { runs[$0].value }
        let mostCommonFrequencies = common.map { Double(runs[$0].count) / sampled }

        // Histogram over the rest: target + 1 bounds at equal steps through the remaining values.
        var rest: [SQLValue] = []
        for (index, run) in runs.enumerated() where !commonSet.contains(index) {
            rest.append(contentsOf: repeatElement(run.value, count: run.count))
        }
        var bounds: [SQLValue] = []
        let restDistinct = runs.count - common.count
        if restDistinct >= 2 {
            let buckets = min(target, restDistinct - 1)
            for step in 0...buckets {
                let position = Int((Double(step) * Double(rest.count - 1) / Double(buckets)).rounded())
                let value = rest[position]
                if let last = bounds.last, SQLValue.compare(last, value) == 0 { continue }
                bounds.append(value)
            }
        }
        return ColumnStatistics(column: column.number, type: column.type, nullFraction: nullFraction, distinct: distinct,
                                averageWidth: width / present.count, mostCommonValues: mostCommonValues,
                                mostCommonFrequencies: mostCommonFrequencies, histogramBounds: bounds)
    }
}

/// A small fast generator with a fixed seed (Steele, Lea and Flood's SplitMix64).
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E4B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
