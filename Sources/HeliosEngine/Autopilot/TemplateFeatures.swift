// What a template's plan reads, by table column: the columns its scans filter on (equalities
// and ranges), the columns its joins match, and the columns it groups and orders by. The
// workload capture shows them (helios_ai.templates) and the index advisor draws its candidate
// indexes from them. They come from the optimized plan, where filters have been pushed into the
// scans of the tables they restrict.

import HeliosCore

/// A table's column, by attribute number.
package struct TableColumn: Hashable, Sendable {
    package var relation: ObjectID
    package var number: Int16
}

/// A possible index: a table and its key columns, in order.
package struct IndexCandidate: Hashable, Sendable {
    package var relation: ObjectID
    package var columns: [Int16]
}

package struct TemplateFeatures: Sendable {
    /// Each scanned table: the columns its filters compare with `=` and with a range.
    package struct ScanFilter: Sendable {
        package var relation: RelationDescriptor
        package var equalities: [Int16]
        package var ranges: [Int16]
    }

    package var scans: [ScanFilter] = []
    package var joinKeys: [(TableColumn, TableColumn)] = []
    package var groupBy: [TableColumn] = []
    package var orderBy: [TableColumn] = []
    package var relations: [ObjectID: RelationDescriptor] = [:]

    /// The features of an optimized plan.
    package static func of(_ plan: LogicalPlan) -> TemplateFeatures {
        var features = TemplateFeatures()
        var columns: [ColumnBinding: TableColumn] = [:]
        _ = try? plan.transformingScans { scan in
            let relation = scan.relation
            guard relation.namespace != .pgCatalogNamespace else { return scan }
            features.relations[relation.oid] = relation
            var equalities: [Int16] = []
            var ranges: [Int16] = []
            for (position, column) in scan.columns.enumerated() where position < relation.columns.count {
                let number = relation.columns[position].number
                columns[column.binding] = TableColumn(relation: relation.oid, number: number)
                for filter in scan.filters {
                    guard let comparison = Comparison(filter, column: column.binding, columnType: relation.columns[position].type) else {
                        continue
                    }
                    if comparison.symbol == "=" {
                        if !equalities.contains(number) { equalities.append(number) }
                    } else if !ranges.contains(number) {
                        ranges.append(number)
                    }
                }
            }
            features.scans.append(ScanFilter(relation: relation, equalities: equalities, ranges: ranges))
            return scan
        }
        features.walk(plan, columns: &columns)
        return features
    }

    private mutating func walk(_ plan: LogicalPlan, columns: inout [ColumnBinding: TableColumn]) {
        _ = try? plan.mappingInputs { input in
            walk(input, columns: &columns)
            return input
        }
        func column(_ expression: BoundExpression) -> TableColumn? {
            if case .column(let binding, _) = expression { return columns[binding] }
            return nil
        }
        switch plan {
        case .project(_, let items, let outputs):
            // Outputs that pass a column through name the same table column.
            for (item, output) in zip(items, outputs) { if let known = column(item) { columns[output.binding] = known } }
        case .join(let join):
            guard let condition = join.condition else { break }
            for conjunct in condition.conjuncts {
                guard case .binary(let op, let left, let right) = conjunct, op.entry.name == "=",
                      let a = column(left), let b = column(right), a.relation != b.relation else { continue }
                joinKeys.append((a, b))
            }
        case .aggregate(let aggregate):
            for group in aggregate.groups { if let known = column(group), !groupBy.contains(known) { groupBy.append(known) } }
            for (group, output) in zip(aggregate.groups, aggregate.groupColumns) { if let known = column(group) { columns[output.binding] = known } }
        case .sort(_, let keys):
            for key in keys { if let known = column(key.expression), !orderBy.contains(known) { orderBy.append(known) } }
        default:
            break
        }
    }

    /// Indexes that could serve this template: per scanned table its equality columns (the
    /// most selective first) followed by one range column or by the ORDER BY columns, each
    /// equality and range column alone, and the join columns (for index nested-loop joins).
    package func candidates(distinctValues: (TableColumn) -> Double) -> [IndexCandidate] {
        var result: [IndexCandidate] = []
        func add(_ relation: ObjectID, _ columns: [Int16]) {
            guard !columns.isEmpty, columns.count <= 4 else { return }
            let candidate = IndexCandidate(relation: relation, columns: columns)
            if !result.contains(candidate) { result.append(candidate) }
        }
        for scan in scans {
            let oid = scan.relation.oid
            let equalities = scan.equalities.sorted {
                distinctValues(TableColumn(relation: oid, number: $0)) > distinctValues(TableColumn(relation: oid, number: $1))
            }
            for column in equalities + scan.ranges { add(oid, [column]) }
            if equalities.count > 1 { add(oid, equalities) }
            for range in scan.ranges where !equalities.isEmpty { add(oid, equalities + [range]) }
            let ordering = orderBy.filter { $0.relation == oid }.map(\.number).filter { !equalities.contains($0) }
            if !ordering.isEmpty, ordering.count == orderBy.count { add(oid, equalities + ordering) }
        }
        for (a, b) in joinKeys {
            add(a.relation, [a.number])
            add(b.relation, [b.number])
        }
        return result
    }

    /// A column as `table.column`.
    package func name(_ column: TableColumn) -> String {
        guard let relation = relations[column.relation] else { return "?" }
        return relation.name + "." + (relation.column(number: column.number)?.name ?? "?")
    }
}
