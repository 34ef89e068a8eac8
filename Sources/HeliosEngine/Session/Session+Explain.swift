// EXPLAIN [ANALYZE]: the operator tree of a query, one line per operator, indented as
// PostgreSQL indents it ("->" before each child). With ANALYZE the query runs (its rows are
// discarded) and each operator shows the rows it produced and how often it was started.
// Each line carries the optimizer's estimate as PostgreSQL prints it (cost=startup..total
// rows=N width=W), unless COSTS OFF.

public import HeliosCore
public import HeliosValues
public import HeliosSQL

enum ExplainLabel {
    /// " Left", " Semi" ... as PostgreSQL names a join's kind (empty for inner joins).
    private static func kind(_ kind: JoinKind) -> String {
        switch kind {
        case .inner, .cross: ""
        case .left: " Left"
        case .right: " Right"
        case .full: " Full"
        case .semi: " Semi"
        case .anti: " Anti"
        }
    }

    /// PostgreSQL's name for the node; empty for nodes EXPLAIN leaves out (projections).
    static func label(for plan: LogicalPlan, operator built: PhysicalOperator) -> String {
        switch plan {
        case .scan(let scan):
            guard let access = scan.access else { return "Seq Scan on \(scan.relation.name)" }
            let index = access.index?.name ?? scan.relation.primaryKeyIndex?.name ?? "\(scan.relation.name)_pkey"
            return "Index Scan\(access.reverse ? " Backward" : "") using \(index) on \(scan.relation.name)"
        case .values: return "Values Scan"
        case .functionScan(let function, _, _, _): return "Function Scan on \(function.overload.name)"
        case .singleRow: return "Result"
        case .filter(let input, _):
            if case .scan = input { return label(for: input, operator: built) }
            return "Filter"
        case .project: return ""
        case .join(let join):
            let kind = kind(join.kind)
            if built is MergeJoinOperator { return "Merge\(kind) Join" }
            if built is HashJoinOperator { return "Hash\(kind) Join" }
            return "Nested Loop\(kind)\(kind.isEmpty ? "" : " Join")"
        case .aggregate(let aggregate): return aggregate.groups.isEmpty ? "Aggregate" : "HashAggregate"
        case .window: return "WindowAgg"
        case .projectSet: return "ProjectSet"
        case .sort: return "Sort"
        case .limit: return "Limit"
        case .distinct(_, let on): return on == nil ? "HashAggregate" : "Unique"
        case .setOperation(let operation):
            switch operation.kind {
            case .union: return operation.all ? "Append" : "HashAggregate"
            case .intersect: return operation.all ? "HashSetOp Intersect All" : "HashSetOp Intersect"
            case .except: return operation.all ? "HashSetOp Except All" : "HashSetOp Except"
            }
        case .cteReference: return "CTE Scan"
        case .recursiveReference: return "WorkTable Scan"
        case .with: return ""
        case .systemTable(let scan): return "Function Scan on \(scan.name)"
        }
    }
}

extension Session {
    func runExplain(_ explain: ExplainStatement, parameters: [SQLValue], parameterTypes: [SQLType?]) throws(DatabaseError) -> StatementResult {
        var analyze = false
        var costs = true
        for option in explain.options {
            switch option {
            case .analyze(let on): analyze = on
            case .costs(let on): costs = on
            case .format(let format) where format != .text:
                throw DatabaseError(.featureNotSupported, "EXPLAIN (FORMAT \(format.rawValue)) is not supported yet")
            default: break
            }
        }
        guard case .select(let query) = explain.statement else {
            throw DatabaseError(.featureNotSupported, "EXPLAIN of \(explain.statement.commandTag) is not supported yet")
        }
        let transaction = try currentTransaction()
        let statement = try StatementContext(session: self, transaction: transaction)
        let execution: QueryExecution
        let planningStarted = ContinuousClock.now
        do {
            execution = try prepareQuery(query, statement: statement, parameters: parameters, parameterTypes: parameterTypes,
                                         estimating: costs, explaining: true)
        } catch {
            statement.abandon()
            throw error
        }
        let planning = ContinuousClock.now - planningStarted
        var totalMilliseconds: Double?
        if analyze {
            execution.context.instrument = true
            let started = ContinuousClock.now
            _ = try execution.fetch(nil)
            let elapsed = ContinuousClock.now - started
            totalMilliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        }
        var lines: [String] = []
        Self.describe(execution.root, depth: 0, analyze: analyze, costs: costs, into: &lines)
        if let totalMilliseconds {
            let planningMilliseconds = Double(planning.components.seconds) * 1000 + Double(planning.components.attoseconds) / 1e15
            lines.append("Planning Time: \(String(format: "%.3f", planningMilliseconds)) ms")
            lines.append("Execution Time: \(String(format: "%.3f", totalMilliseconds)) ms")
        }
        execution.finish()
        let column = ResultColumn(name: "QUERY PLAN", type: .text)
        return StatementResult(columns: [column], rows: lines.map { [.text($0)] }, commandTag: "EXPLAIN")
    }

    static func describe(_ node: PhysicalOperator, depth: Int, analyze: Bool, costs: Bool, into lines: inout [String]) {
        guard !node.label.isEmpty else {
            for child in node.children { describe(child, depth: depth, analyze: analyze, costs: costs, into: &lines) }
            return
        }
        var line = depth == 0 ? "" : String(repeating: " ", count: 6 * depth - 4) + "->  "
        line += node.label
        if costs, let estimate = node.estimate {
            line += "  (cost=\(String(format: "%.2f", estimate.startupCost))..\(String(format: "%.2f", estimate.totalCost))"
                + " rows=\(Int(estimate.rows)) width=\(estimate.width))"
        }
        if analyze {
            line += node.loops == 0 ? " (never executed)" : " (actual rows=\(node.rowsProduced / max(node.loops, 1)) loops=\(node.loops))"
        }
        lines.append(line)
        let detail = String(repeating: " ", count: depth == 0 ? 2 : 6 * depth + 2)
        if analyze, let sort = node as? SortOperator, sort.loops > 0 {
            lines.append(sort.spilledRuns > 0 ? detail + "Sort Method: external merge  Disk: \((sort.spilledBytes + 1023) / 1024)kB"
                                              : detail + "Sort Method: \(sort.limit == nil ? "quicksort" : "top-N heapsort")  Memory: \((sort.memoryUsed + 1023) / 1024)kB")
        }
        if analyze, let join = node as? HashJoinOperator, join.batches > 1, join.loops > 0 {
            lines.append(detail + "Batches: \(join.batches)  (partitioned to disk)")
        }
        if analyze, let aggregate = node as? HashAggregateOperator, aggregate.spilledPartitions > 0 {
            lines.append(detail + "Batches: \(aggregate.spilledPartitions + 1)  Disk Usage: spilled")
        }
        for child in node.children { describe(child, depth: depth + 1, analyze: analyze, costs: costs, into: &lines) }
    }
}
