// Estimates what a plan will produce and cost: rows, average row width, and the cost to the
// first row (startup) and to the last (total), in CostModel's units. The optimizer compares
// alternatives with it; EXPLAIN prints it. Rows follow PostgreSQL's rules (at least one row per
// node, joins as the product of their inputs times the condition's selectivity, groups as the
// product of the grouping columns' distinct counts, capped by the input).

import HeliosCore
import HeliosValues
import Foundation

/// What the optimizer expects of a plan node.
package struct PlanEstimate: Sendable {
    package var rows: Double
    package var width: Int
    package var startupCost: Double
    package var totalCost: Double
}

final class PlanEstimator {
    let statistics: PlanStatistics
    private var origins: [ColumnBinding: TableColumnSource] = [:]
    private var commonTables: [Int: PlanEstimate] = [:]

    init(statistics: PlanStatistics) {
        self.statistics = statistics
    }

    var costs: CostModel { statistics.costs }

    // MARK: column origins

    /// Notes which table column each column of `plan` comes from (scans, and projections of
    /// plain columns), for the selectivity estimates.
    func learnOrigins(_ plan: LogicalPlan) {
        switch plan {
        case .scan(let scan):
            for (position, column) in scan.columns.enumerated() where position < scan.relation.columns.count {
                origins[column.binding] = TableColumnSource(relation: scan.relation, column: scan.relation.columns[position].number)
            }
        case .project(let input, let items, let columns):
            learnOrigins(input)
            for (item, column) in zip(items, columns) {
                if let source = SelectivityEstimator.column(item), let origin = origins[source] { origins[column.binding] = origin }
            }
        case .filter(let input, _), .sort(let input, _), .limit(let input, _, _, _), .distinct(let input, _):
            learnOrigins(input)
        case .join(let join):
            learnOrigins(join.left)
            learnOrigins(join.right)
        case .aggregate(let aggregate):
            learnOrigins(aggregate.input)
            for (group, column) in zip(aggregate.groups, aggregate.groupColumns) {
                if let source = SelectivityEstimator.column(group), let origin = origins[source] { origins[column.binding] = origin }
            }
        case .window(let window): learnOrigins(window.input)
        case .projectSet(let set): learnOrigins(set.input)
        case .setOperation(let operation):
            learnOrigins(operation.left)
            learnOrigins(operation.right)
        case .with(let ctes, let body):
            for cte in ctes { learnOrigins(cte.plan) }
            learnOrigins(body)
        case .values, .functionScan, .singleRow, .cteReference, .recursiveReference, .systemTable:
            break
        }
    }

    func selectivity(inputRows: [ColumnBinding: Double] = [:]) -> SelectivityEstimator {
        SelectivityEstimator(statistics: statistics, origins: origins, inputRows: inputRows)
    }

    // MARK: estimates

    func estimate(_ plan: LogicalPlan) -> PlanEstimate {
        switch plan {
        case .scan(let scan):
            return estimateScan(scan)
        case .values(let rows, let columns):
            let count = Double(max(rows.count, 1))
            return PlanEstimate(rows: count, width: width(columns), startupCost: 0, totalCost: count * costs.operatorCost * Double(columns.count))
        case .functionScan(let function, let arguments, let columns, _):
            let rows = functionRows(function.overload.name, arguments)
            return PlanEstimate(rows: rows, width: width(columns), startupCost: 0, totalCost: rows * costs.operatorCost)
        case .singleRow:
            return PlanEstimate(rows: 1, width: 0, startupCost: 0, totalCost: 0.01)
        case .filter(let input, let condition):
            let base = estimate(input)
            let conjuncts = condition.conjuncts
            let rows = clampRows(base.rows * selectivity().selectivity(of: conjuncts))
            return PlanEstimate(rows: rows, width: base.width, startupCost: base.startupCost,
                                totalCost: base.totalCost + base.rows * Double(conjuncts.count) * costs.operatorCost)
        case .project(let input, let items, let columns):
            let base = estimate(input)
            let computed = items.filter { SelectivityEstimator.column($0) == nil }.count
            return PlanEstimate(rows: base.rows, width: width(columns), startupCost: base.startupCost,
                                totalCost: base.totalCost + base.rows * Double(computed) * costs.operatorCost)
        case .join(let join):
            return estimateJoin(join)
        case .aggregate(let aggregate):
            let base = estimate(aggregate.input)
            let groups = aggregate.groups.isEmpty ? 1 : groupCount(aggregate.groups, inputRows: base.rows)
            let work = base.rows * Double(aggregate.groups.count + aggregate.aggregates.count) * costs.operatorCost
            let total = base.totalCost + work + groups * costs.tupleCost
            return PlanEstimate(rows: groups, width: width(aggregate.groupColumns + aggregate.aggregateColumns),
                                startupCost: total, totalCost: total)
        case .window(let window):
            let base = estimate(window.input)
            let total = base.totalCost + base.rows * Double(window.functions.count) * costs.operatorCost
            return PlanEstimate(rows: base.rows, width: base.width + width(window.columns), startupCost: total, totalCost: total)
        case .projectSet(let set):
            let base = estimate(set.input)
            let rows = base.rows * 10
            return PlanEstimate(rows: rows, width: base.width + width(set.columns), startupCost: base.startupCost,
                                totalCost: base.totalCost + rows * costs.operatorCost)
        case .sort(let input, _):
            let base = estimate(input)
            let total = base.totalCost + costs.sort(rows: base.rows, width: base.width)
            return PlanEstimate(rows: base.rows, width: base.width, startupCost: total, totalCost: total)
        case .limit(let input, let count, let offset, _):
            return estimateLimit(input, count: count, offset: offset)
        case .distinct(let input, let on):
            let base = estimate(input)
            let keys = on ?? input.columns.map { BoundExpression.column($0.binding, $0.type) }
            let rows = groupCount(keys, inputRows: base.rows)
            let total = base.totalCost + base.rows * Double(keys.count) * costs.operatorCost
            return PlanEstimate(rows: rows, width: base.width, startupCost: on == nil ? total : base.startupCost, totalCost: total)
        case .setOperation(let operation):
            let left = estimate(operation.left)
            let right = estimate(operation.right)
            let rows: Double = switch operation.kind {
            case .union: left.rows + right.rows
            case .intersect: min(left.rows, right.rows)
            case .except: left.rows
            }
            let total = left.totalCost + right.totalCost + (left.rows + right.rows) * costs.operatorCost
            return PlanEstimate(rows: rows, width: max(left.width, right.width),
                                startupCost: operation.kind == .union && operation.all ? left.startupCost : total, totalCost: total)
        case .cteReference(let id, let columns), .recursiveReference(let id, let columns):
            let known = commonTables[id] ?? PlanEstimate(rows: 1000, width: width(columns), startupCost: 0, totalCost: 10)
            return PlanEstimate(rows: known.rows, width: known.width, startupCost: 0, totalCost: known.rows * costs.tupleCost)
        case .with(let ctes, let body):
            var setup = 0.0
            for cte in ctes {
                var own = estimate(cte.plan)
                if let recursive = cte.recursiveTerm {
                    commonTables[cte.id] = own
                    let step = estimate(recursive)
                    own.rows += step.rows * 10  // PostgreSQL's guess: ten rounds
                    own.totalCost += step.totalCost * 10
                }
                commonTables[cte.id] = own
                setup += own.totalCost
            }
            var result = estimate(body)
            result.totalCost += setup
            return result
        case .systemTable(let scan):
            return PlanEstimate(rows: 1000, width: width(scan.columns), startupCost: 0, totalCost: 10)
        }
    }

    /// Estimates are at least one row (PostgreSQL's clamp_row_est), and whole.
    func clampRows(_ rows: Double) -> Double {
        guard rows.isFinite else { return 1e15 }
        return max(1, rows.rounded())
    }

    func width(_ columns: [PlanColumn]) -> Int {
        columns.reduce(0) { sum, column in
            if let origin = origins[column.binding], let descriptor = origin.relation.column(number: origin.column) {
                return sum + statistics.width(of: descriptor, in: origin.relation)
            }
            return sum + CostModel.defaultWidth(of: column.type)
        }
    }

    /// Distinct combinations of `keys` among `inputRows` rows (PostgreSQL's estimate_num_groups).
    func groupCount(_ keys: [BoundExpression], inputRows: Double) -> Double {
        let estimator = selectivity()
        var product = 1.0
        for key in keys {
            if case .constant = key { continue }
            product *= min(estimator.distinctValues(key).count, inputRows)
        }
        return clampRows(min(product, inputRows))
    }

    private func functionRows(_ name: String, _ arguments: [BoundExpression]) -> Double {
        func number(_ expression: BoundExpression) -> Double? {
            guard case .constant(let value, _) = expression else { return nil }
            switch value {
            case .int16(let v): return Double(v)
            case .int32(let v): return Double(v)
            case .int64(let v): return Double(v)
            case .numeric(let v): return Double(v.description)
            default: return nil
            }
        }
        if name == "generate_series", arguments.count >= 2, let start = number(arguments[0]), let stop = number(arguments[1]) {
            let step = arguments.count > 2 ? (number(arguments[2]) ?? 1) : 1
            guard step != 0 else { return 1000 }
            return clampRows(((stop - start) / step).rounded(.down) + 1)
        }
        if name == "unnest", arguments.count == 1, case .constant(.array(let array), _) = arguments[0] {
            return clampRows(Double(array.elements.count))
        }
        return 1000  // PostgreSQL's guess for a set-returning function
    }

    private func estimateLimit(_ input: LogicalPlan, count: BoundExpression?, offset: BoundExpression?) -> PlanEstimate {
        func constant(_ expression: BoundExpression?) -> Double? {
            guard case .constant(let value, _)? = expression else { return nil }
            switch value {
            case .int16(let v): return Double(v)
            case .int32(let v): return Double(v)
            case .int64(let v): return Double(v)
            default: return nil
            }
        }
        var base: PlanEstimate
        let wanted = count == nil ? nil : (constant(count) ?? 10) + (constant(offset) ?? 0)
        if case .sort(let sortInput, _) = input, let wanted {
            // A top-N sort keeps only the first rows.
            let inner = estimate(sortInput)
            let total = inner.totalCost + costs.sort(rows: inner.rows, width: inner.width, limit: wanted)
            base = PlanEstimate(rows: inner.rows, width: inner.width, startupCost: total, totalCost: total)
        } else {
            base = estimate(input)
        }
        let skip = min(constant(offset) ?? 0, base.rows)
        var rows = base.rows - skip
        if count != nil { rows = min(rows, constant(count) ?? max(base.rows * 0.1, 1)) }
        rows = clampRows(rows)
        let fraction = base.rows > 0 ? min(1, (rows + skip) / base.rows) : 1
        let total = base.startupCost + (base.totalCost - base.startupCost) * fraction
        return PlanEstimate(rows: rows, width: base.width, startupCost: base.startupCost, totalCost: total)
    }

    // MARK: scans

    func estimateScan(_ scan: TableScan) -> PlanEstimate {
        let tableRows = statistics.rows(of: scan.relation)
        let pages = statistics.pages(of: scan.relation)
        let selectivity = self.selectivity()
        let corrected = SelectivityEstimator.clamp(selectivity.selectivity(of: scan.filters) * statistics.correction(for: scan))
        let rows = clampRows(tableRows * corrected)
        let width = self.width(scan.columns)
        let filterCost = Double(scan.filters.count) * costs.operatorCost
        guard let access = scan.access else {
            var total = pages * costs.sequentialPageCost + tableRows * (costs.tupleCost + filterCost)
            if !costs.enableSequentialScan { total += CostModel.disabledCost }
            return PlanEstimate(rows: rows, width: width, startupCost: 0, totalCost: total)
        }
        let (matched, startup, total) = indexScanCost(scan, access, tableRows: tableRows, tablePages: pages, filterCost: filterCost)
        return PlanEstimate(rows: min(rows, matched), width: width, startupCost: startup, totalCost: total)
    }

    /// The rows a scan's filters keep by the statistics alone: no learned correction, and not
    /// rounded up to one row (a correction multiplies the selectivity, the unrounded figure).
    func uncorrectedRows(_ scan: TableScan) -> Double {
        statistics.rows(of: scan.relation) * selectivity().selectivity(of: scan.filters)
    }

    /// Rows an index access reads and its startup and total cost.
    func indexScanCost(_ scan: TableScan, _ access: IndexAccess, tableRows: Double, tablePages: Double,
                       filterCost: Double) -> (rows: Double, startup: Double, total: Double) {
        let keyColumns = access.index?.keys.map(\.column) ?? scan.relation.rowKey
        let estimator = selectivity()
        var fraction = 1.0
        var lowerFraction: Double?
        var upperFraction: Double?
        for (position, value) in access.equalities.enumerated() where position < keyColumns.count {
            guard let binding = binding(of: keyColumns[position], in: scan) else { continue }
            fraction *= estimator.equalitySelectivity(binding, value)
        }
        if access.equalities.count < keyColumns.count, let binding = binding(of: keyColumns[access.equalities.count], in: scan) {
            if let (value, inclusive) = access.lower { lowerFraction = estimator.rangeSelectivity(binding, value, below: false, inclusive: inclusive) }
            if let (value, inclusive) = access.upper { upperFraction = estimator.rangeSelectivity(binding, value, below: true, inclusive: inclusive) }
        }
        switch (lowerFraction, upperFraction) {
        case let (low?, high?): fraction *= max(low + high - 1, SelectivityEstimator.defaultRange)
        case let (low?, nil): fraction *= low
        case let (nil, high?): fraction *= high
        case (nil, nil): break
        }
        var matched = clampRows(tableRows * SelectivityEstimator.clamp(fraction))
        let isUnique = access.index == nil || access.index!.isUnique
        if isUnique && access.equalities.count == keyColumns.count { matched = 1 }
        let descent = costs.randomPageCost + log2(max(tableRows, 2)) * costs.operatorCost
        var total: Double
        if access.index == nil {
            // The table's own tree: matching rows sit together in key order.
            let touched = max(1, (tablePages * matched / tableRows).rounded(.up))
            total = descent + (touched - 1) * costs.sequentialPageCost + matched * (costs.tupleCost + filterCost)
        } else {
            let indexPages = statistics.pages(of: access.index!, on: scan.relation)
            let touched = max(1, (indexPages * matched / tableRows).rounded(.up))
            // Each entry leads to its row somewhere in the table: the distinct pages fetched
            // (Cardenas' formula), each a random read.
            let fetched: Double = tablePages * (1 - exp(-matched / tablePages))
            let lookup: Double = costs.tupleCost + filterCost + log2(max(tableRows, 2)) * costs.operatorCost
            let entries: Double = (touched - 1) * costs.sequentialPageCost + matched * costs.indexTupleCost
            total = descent + entries + fetched * costs.randomPageCost + matched * lookup
        }
        if !costs.enableIndexScan { total += CostModel.disabledCost }
        return (matched, descent, total)
    }

    private func binding(of column: Int16, in scan: TableScan) -> ColumnBinding? {
        scan.relation.storagePosition(of: column).map { scan.columns[$0].binding }
    }

    // MARK: joins

    func joinRows(_ join: JoinPlan, left: PlanEstimate, right: PlanEstimate) -> Double {
        var inputRows: [ColumnBinding: Double] = [:]
        for column in join.left.columns { inputRows[column.binding] = left.rows }
        for column in join.right.columns { inputRows[column.binding] = right.rows }
        let selectivity = join.condition.map { self.selectivity(inputRows: inputRows).selectivity(of: $0.conjuncts) } ?? 1
        let inner = left.rows * right.rows * selectivity
        switch join.kind {
        case .inner, .cross: return clampRows(inner)
        case .left: return clampRows(max(inner, left.rows))
        case .right: return clampRows(max(inner, right.rows))
        case .full: return clampRows(max(inner, left.rows + right.rows))
        case .semi: return clampRows(left.rows * min(1, selectivity * right.rows))
        case .anti: return clampRows(left.rows * max(1 - min(1, selectivity * right.rows), 0.1))
        }
    }

    func estimateJoin(_ join: JoinPlan) -> PlanEstimate {
        let left = estimate(join.left)
        let right = estimate(join.right)
        let rows = joinRows(join, left: left, right: right)
        let width = join.kind == .semi || join.kind == .anti ? left.width : left.width + right.width
        let (startup, total) = joinCost(join, left: left, right: right, rows: rows)
        return PlanEstimate(rows: rows, width: width, startupCost: startup, totalCost: total)
    }

    /// The startup and total cost of `join` run by its method (or the one the physical planner
    /// would choose).
    func joinCost(_ join: JoinPlan, left: PlanEstimate, right: PlanEstimate, rows: Double) -> (startup: Double, total: Double) {
        let conditions = Double(join.condition?.conjuncts.count ?? 0)
        let output = rows * costs.tupleCost
        if !join.lateralReferences.isEmpty {
            // The right side runs once per left row.
            var total = left.totalCost + left.rows * right.totalCost + left.rows * right.rows * conditions * costs.operatorCost + output
            if !costs.enableNestedLoop { total += CostModel.disabledCost }
            return (left.startupCost + right.startupCost, total)
        }
        let keys = Double(PhysicalPlanner.hashKeyCount(join))
        if keys > 0 && join.method == .merge {
            // Both inputs arrive sorted (their sorts are in their own estimates); one pass each.
            var total = left.totalCost + right.totalCost + (left.rows + right.rows) * keys * costs.operatorCost
                + rows * (conditions - keys) * costs.operatorCost + output
            if !costs.enableMergeJoin { total += CostModel.disabledCost }
            return (left.startupCost + right.startupCost, total)
        }
        if keys > 0 && join.method != .nestedLoop {
            let build = right.rows * (costs.tupleCost + keys * costs.operatorCost)
            let probe = left.rows * keys * costs.operatorCost + rows * (conditions - keys) * costs.operatorCost
            var total = left.totalCost + right.totalCost + build + probe + output
            if !costs.enableHashJoin { total += CostModel.disabledCost }
            return (left.startupCost + right.totalCost + build, total)
        }
        var total = left.totalCost + right.totalCost + right.rows * costs.tupleCost
            + left.rows * right.rows * max(conditions, 1) * costs.operatorCost + output
        if !costs.enableNestedLoop { total += CostModel.disabledCost }
        return (left.startupCost + right.totalCost, total)
    }
}

extension SelectivityEstimator {
    /// `column = value` for a key value of an index access.
    func equalitySelectivity(_ binding: ColumnBinding, _ value: BoundExpression) -> Double {
        equality(binding, Self.constant(value))
    }

    /// `column < value` (below) or `column > value` for a bound of an index access.
    func rangeSelectivity(_ binding: ColumnBinding, _ value: BoundExpression, below: Bool, inclusive: Bool) -> Double {
        guard let constant = Self.constant(value) else { return Self.defaultInequality }
        return range(binding, constant, below: below, inclusive: inclusive)
    }
}
