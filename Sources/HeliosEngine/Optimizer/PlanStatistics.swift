// What the optimizer knows about the data when it plans: each table's current row and page
// counts (the store keeps them per tree, so they are never stale), the column statistics of its
// last ANALYZE, and — in what-if mode — hypothetical indexes to cost as if they existed.

public import HeliosCore
public import HeliosStorage

package final class PlanStatistics {
    private let reader: ReadTransaction?
    private let catalog: StatisticsCatalog?
    /// Hypothetical indexes by table (what-if mode): costed, never executed.
    package let hypotheticalIndexes: [ObjectID: [IndexDescriptor]]
    package let costs: CostModel
    private var sizes: [TreeID: (entries: Double, pages: Double)] = [:]
    /// The learned corrections published when planning began (LearnedEstimates).
    private let corrections: [ObjectID: [String: EstimateCorrection]]

    package init(reader: ReadTransaction?, catalog: StatisticsCatalog?, costs: CostModel = CostModel(),
                 hypotheticalIndexes: [ObjectID: [IndexDescriptor]] = [:]) {
        self.reader = reader
        self.catalog = catalog
        self.costs = costs
        self.hypotheticalIndexes = hypotheticalIndexes
        corrections = catalog?.learned.snapshot ?? [:]
    }

    /// What a scan's estimated selectivity is multiplied by: its learned correction, or 1.
    package func correction(for scan: TableScan) -> Double {
        guard let forTable = corrections[scan.relation.oid], !scan.filters.isEmpty else { return 1 }
        return forTable[FilterShape.of(scan.filters, columns: scan.columns)]?.factor ?? 1
    }

    /// Statistics-free planning (defaults everywhere), for plans made without a snapshot.
    package static var none: PlanStatistics { PlanStatistics(reader: nil, catalog: nil) }

    /// Rows in a table now (at least 1, so that ratios stay finite).
    package func rows(of relation: RelationDescriptor) -> Double {
        guard let tree = relation.tree else { return 1 }
        return max(1, size(of: tree).entries)
    }

    /// Pages a table occupies now.
    package func pages(of relation: RelationDescriptor) -> Double {
        guard let tree = relation.tree else { return 1 }
        return max(1, size(of: tree).pages)
    }

    /// Pages an index occupies (estimated from the table for a hypothetical one).
    package func pages(of index: IndexDescriptor, on relation: RelationDescriptor) -> Double {
        if index.origin == .hypothetical {
            return max(1, (rows(of: relation) * Double(hypotheticalEntryWidth(index, on: relation))) / (8192 * 0.9))
        }
        return max(1, size(of: index.tree).pages)
    }

    /// Estimated bytes of a hypothetical index's entry: its key columns plus the row key.
    package func hypotheticalEntryWidth(_ index: IndexDescriptor, on relation: RelationDescriptor) -> Int {
        let keyColumns = index.keys.map(\.column) + relation.rowKey
        let width = keyColumns.reduce(0) { sum, number in
            sum + (relation.column(number: number).map { self.width(of: $0, in: relation) } ?? 8)
        }
        return width + 12  // entry header and slot
    }

    /// The indexes a scan of `relation` may use: its valid real ones and any hypothetical ones.
    package func indexes(of relation: RelationDescriptor) -> [IndexDescriptor] {
        relation.indexes.filter(\.isValid) + (hypotheticalIndexes[relation.oid] ?? [])
    }

    /// A column's statistics, if ANALYZE collected them for its current type.
    package func column(_ number: Int16, of relation: RelationDescriptor) -> ColumnStatistics? {
        guard let statistics = catalog?.statistics(of: relation.oid)?.columns[number],
              let column = relation.column(number: number), column.type == statistics.type else { return nil }
        return statistics
    }

    /// Average bytes of a column's values.
    package func width(of column: ColumnDescriptor, in relation: RelationDescriptor) -> Int {
        if let statistics = self.column(column.number, of: relation), statistics.averageWidth > 0 { return statistics.averageWidth }
        return CostModel.defaultWidth(of: column.type)
    }

    private func size(of tree: TreeID) -> (entries: Double, pages: Double) {
        if let known = sizes[tree] { return known }
        var result = (entries: 1000.0, pages: 10.0)  // PostgreSQL's guess for a table it cannot size
        if let reader, let entries = try? reader.entryCount(of: tree), let pages = try? reader.pageCount(of: tree) {
            result = (Double(entries), Double(pages))
        }
        sizes[tree] = result
        return result
    }
}
