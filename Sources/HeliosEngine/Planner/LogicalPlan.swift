// Logical plans: what a query computes, as a tree of relational operators over bound
// expressions. The binder builds them, the optimizer rewrites them (pushing filters down,
// choosing join orders and access paths), and the physical planner turns them into operators.
// Each node produces columns identified by ColumnBindings: nodes that create columns (scans,
// projections, aggregates, values ...) own a binding number; filters, sorts and limits pass
// their input's columns through; joins concatenate their inputs'.

public import HeliosCore
public import HeliosValues
public import HeliosSQL

/// A column a plan node produces.
package struct PlanColumn: Sendable {
    package var binding: ColumnBinding
    package var type: SQLType
    package var name: String

    package init(binding: ColumnBinding, type: SQLType, name: String) {
        self.binding = binding
        self.type = type
        self.name = name
    }
}

/// A relational operator tree.
package indirect enum LogicalPlan: Sendable {
    /// Rows of a table (all columns in storage order), with conditions to apply while scanning.
    case scan(TableScan)
    /// Literal rows.
    case values(rows: [[BoundExpression]], columns: [PlanColumn])
    /// A set-returning function in FROM (generate_series, unnest).
    case functionScan(function: ResolvedFunction, arguments: [BoundExpression], columns: [PlanColumn], ordinality: Bool)
    /// Exactly one row with no columns (SELECT without FROM).
    case singleRow
    case filter(LogicalPlan, BoundExpression)
    case project(LogicalPlan, [BoundExpression], columns: [PlanColumn])
    case join(JoinPlan)
    case aggregate(AggregatePlan)
    case window(WindowPlan)
    /// Set-returning functions of a select list, evaluated per input row (PostgreSQL's ProjectSet).
    case projectSet(ProjectSetPlan)
    case sort(LogicalPlan, [SortKey])
    /// LIMIT / OFFSET; with `withTies` keys (FETCH FIRST ... WITH TIES, over a sort on those
    /// keys), also the rows after the last counted one that tie with it.
    case limit(LogicalPlan, count: BoundExpression?, offset: BoundExpression?, withTies: [SortKey] = [])
    /// DISTINCT (all columns) or DISTINCT ON (keys; the input is sorted on them first).
    case distinct(LogicalPlan, on: [BoundExpression]?)
    case setOperation(SetOperationPlan)
    /// The rows of a common table expression defined further up (materialized once).
    case cteReference(id: Int, columns: [PlanColumn])
    /// A query with WITH: the CTEs are materialized before the body runs.
    case with(ctes: [CommonTableExpression], body: LogicalPlan)
    /// WITH RECURSIVE: the working table's rows, seen from inside the recursive term.
    case recursiveReference(id: Int, columns: [PlanColumn])
    /// Rows produced by the system catalog (pg_class and friends), computed at execution.
    case systemTable(SystemTableScan)

    /// The columns the node produces, in order.
    package var columns: [PlanColumn] {
        switch self {
        case .scan(let scan): return scan.columns
        case .values(_, let columns), .functionScan(_, _, let columns, _), .project(_, _, let columns),
             .cteReference(_, let columns), .recursiveReference(_, let columns):
            return columns
        case .singleRow: return []
        case .filter(let input, _), .sort(let input, _), .limit(let input, _, _, _), .distinct(let input, _):
            return input.columns
        case .join(let join):
            switch join.kind {
            case .semi, .anti: return join.left.columns
            default: return join.left.columns + join.right.columns
            }
        case .aggregate(let aggregate): return aggregate.groupColumns + aggregate.aggregateColumns
        case .window(let window): return window.input.columns + window.columns
        case .projectSet(let plan): return plan.input.columns + plan.columns
        case .setOperation(let operation): return operation.columns
        case .with(_, let body): return body.columns
        case .systemTable(let scan): return scan.columns
        }
    }
}

/// A scan of a table.
package struct TableScan: Sendable {
    package var relation: RelationDescriptor
    /// Columns in storage order (dropped columns included, so positions match the row layout).
    package var columns: [PlanColumn]
    /// Conditions on the table's own columns, applied while scanning; the optimizer picks an
    /// index from them.
    package var filters: [BoundExpression] = []
    /// An index access the optimizer chose (nil: read the whole table).
    package var access: IndexAccess?
    /// FOR UPDATE / FOR SHARE: lock the rows read.
    package var locking: Bool = false
    /// The last column is the row's key (bytea), for UPDATE and DELETE to find it again.
    package var includesRowKey: Bool = false
    /// The rows the filters were estimated to keep before any learned correction (set when the
    /// optimizer chose the access path), to compare with what the scan returns.
    package var expectedRows: Double?

    package init(relation: RelationDescriptor, columns: [PlanColumn]) {
        self.relation = relation
        self.columns = columns
    }
}

/// How to read a table through an index (or its primary key).
package struct IndexAccess: Sendable {
    /// nil: the table's own tree (its primary key).
    package var index: IndexDescriptor?
    /// Equality values for the leading key columns.
    package var equalities: [BoundExpression]
    /// A range on the next key column: lower and upper bounds, each inclusive or not.
    package var lower: (BoundExpression, inclusive: Bool)?
    package var upper: (BoundExpression, inclusive: Bool)?
    /// Reading the index backwards (to deliver descending order).
    package var reverse: Bool = false

    package init(index: IndexDescriptor?, equalities: [BoundExpression], lower: (BoundExpression, inclusive: Bool)? = nil,
                 upper: (BoundExpression, inclusive: Bool)? = nil, reverse: Bool = false) {
        self.index = index
        self.equalities = equalities
        self.lower = lower
        self.upper = upper
        self.reverse = reverse
    }
}

package enum JoinKind: Sendable {
    case inner, left, right, full, cross
    /// Left rows that have a match (EXISTS, IN); left rows that have none (NOT EXISTS).
    case semi, anti
}

/// How a join runs. A hash join builds a table of the right side's rows and probes it with
/// each left row; a nested loop compares every pair (and re-runs a LATERAL right side — an index
/// lookup in an index nested-loop join — for each left row); a merge join walks both sides,
/// which arrive sorted on the join keys.
package enum JoinMethod: Sendable {
    case hash, nestedLoop, merge
}

package struct JoinPlan: Sendable {
    package var kind: JoinKind
    package var left: LogicalPlan
    package var right: LogicalPlan
    package var condition: BoundExpression?
    /// Columns of `left` that `right` reads (a LATERAL subquery or function): the right side is
    /// evaluated again for each left row.
    package var lateralReferences: Set<ColumnBinding> = []
    /// The optimizer's choice; nil: a hash join when the condition has an equality between the
    /// two sides, else a nested loop.
    package var method: JoinMethod?
    /// Set on joins the optimizer put in order, so that later passes keep it.
    package var isOrdered = false

    package init(kind: JoinKind, left: LogicalPlan, right: LogicalPlan, condition: BoundExpression?,
                 lateralReferences: Set<ColumnBinding> = []) {
        self.kind = kind
        self.left = left
        self.right = right
        self.condition = condition
        self.lateralReferences = lateralReferences
    }
}

/// One aggregate call: its implementation, arguments, DISTINCT, FILTER and ORDER BY.
package struct BoundAggregate: Sendable {
    package var aggregate: ResolvedAggregate
    package var arguments: [BoundExpression]
    package var distinct: Bool
    package var filter: BoundExpression?
    package var orderBy: [SortKey]
}

package struct AggregatePlan: Sendable {
    package var input: LogicalPlan
    package var groups: [BoundExpression]
    package var groupColumns: [PlanColumn]
    package var aggregates: [BoundAggregate]
    package var aggregateColumns: [PlanColumn]
}

/// A window function call.
package struct BoundWindowFunction: Sendable {
    package enum Function: Sendable {
        case rowNumber, rank, denseRank, percentRank, cumeDist
        case ntile(BoundExpression)
        case lag(BoundExpression, offset: BoundExpression?, defaultValue: BoundExpression?)
        case lead(BoundExpression, offset: BoundExpression?, defaultValue: BoundExpression?)
        case firstValue(BoundExpression), lastValue(BoundExpression)
        case nthValue(BoundExpression, BoundExpression)
        case aggregate(BoundAggregate)
    }

    package var function: Function
    package var partitionBy: [BoundExpression]
    package var orderBy: [SortKey]
    package var frame: BoundWindowFrame
    package var type: SQLType
}

/// A window frame with its offsets bound (PostgreSQL's default: RANGE UNBOUNDED PRECEDING to
/// CURRENT ROW, which with no ORDER BY is the whole partition).
package struct BoundWindowFrame: Sendable {
    package enum Bound: Sendable {
        case unboundedPreceding
        case preceding(BoundExpression)
        case currentRow
        case following(BoundExpression)
        case unboundedFollowing
    }

    /// RANGE with an offset bound: each row's position (its ORDER BY value, widened) and the
    /// limits the offset bounds set around it (WindowFunctionBinder+RangeOffsets).
    package struct RangeLimits: Sendable {
        package var position: BoundExpression
        package var start: BoundExpression?
        package var end: BoundExpression?
    }

    package var mode: WindowFrame.Mode
    package var start: Bound
    package var end: Bound
    package var exclusion: WindowFrame.Exclusion
    package var range: RangeLimits? = nil

    package static let `default` = BoundWindowFrame(mode: .range, start: .unboundedPreceding, end: .currentRow, exclusion: .noOthers)

    /// The frame with `transform` applied to the expressions that read the row.
    func rewritten(_ transform: (BoundExpression) throws(DatabaseError) -> BoundExpression) throws(DatabaseError) -> BoundWindowFrame {
        guard let range else { return self }
        var result = self
        result.range = RangeLimits(position: try transform(range.position), start: try range.start.map(transform),
                                   end: try range.end.map(transform))
        return result
    }
}

package struct WindowPlan: Sendable {
    package var input: LogicalPlan
    package var functions: [BoundWindowFunction]
    package var columns: [PlanColumn]
}

package struct SortKey: Sendable {
    package var expression: BoundExpression
    package var descending: Bool
    package var nullsFirst: Bool

    package init(expression: BoundExpression, descending: Bool = false, nullsFirst: Bool? = nil) {
        self.expression = expression
        self.descending = descending
        // PostgreSQL: NULLs sort as if larger than every value.
        self.nullsFirst = nullsFirst ?? descending
    }
}

package enum SetOperationKind: Sendable {
    case union, intersect, except
}

package struct SetOperationPlan: Sendable {
    package var kind: SetOperationKind
    package var all: Bool
    package var left: LogicalPlan
    package var right: LogicalPlan
    package var columns: [PlanColumn]
}

package struct CommonTableExpression: Sendable {
    package var id: Int
    package var plan: LogicalPlan
    /// For WITH RECURSIVE: the recursive term (reads `.recursiveReference(id)`), and whether
    /// UNION (not UNION ALL) removes duplicates.
    package var recursiveTerm: LogicalPlan?
    package var recursiveDistinct: Bool = false
}

/// Set-returning functions in a select list (`SELECT unnest(a), generate_subscripts(a, 1) ...`): for
/// each input row, the input row once per value of the longest set, with each function's value
/// (NULL once a shorter set has run out), as PostgreSQL 10 and later evaluate them.
package struct ProjectSetPlan: Sendable {
    package var input: LogicalPlan
    package var functions: [SetFunctionCall]
    /// One column per function, after the input's columns.
    package var columns: [PlanColumn]
}

/// One set-returning function call with its (coerced) arguments.
package struct SetFunctionCall: Sendable {
    package var function: ResolvedFunction
    package var arguments: [BoundExpression]
}

/// A system catalog relation computed on demand.
package struct SystemTableScan: Sendable {
    package var name: String
    package var columns: [PlanColumn]
}
