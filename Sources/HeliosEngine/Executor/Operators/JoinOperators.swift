// Joins. The nested loop joins any condition (and re-evaluates a LATERAL right side for each
// left row); the hash join builds a table on the right side's equi-join keys and probes it
// with each left row. Both do every join kind: inner, left, right, full, semi and anti. Output
// rows are the left row's columns followed by the right's (the left's only, for semi and anti).
// Both read their right side only once the left side has produced a row (or, for RIGHT and
// FULL joins, has ended): as in PostgreSQL, a join whose outer side is empty never evaluates
// its inner side, so that side's expressions raise no error there.

public import HeliosCore
public import HeliosValues

final class NestedLoopJoinOperator: PhysicalOperator {
    let kind: JoinKind
    let condition: CompiledExpression?
    let environment: EvaluationEnvironment
    let rightWidth: Int
    /// For a LATERAL right side: which left columns (by position) it reads, as which bindings.
    let lateral: [(position: Int, binding: ColumnBinding)]
    private var rightRows: [Row] = []
    private var rightMatched: [Bool] = []
    private var leftRow: Row?
    private var leftMatched = false
    private var rightPosition = 0
    private var emittingUnmatchedRight = false
    private var leftWidth = 0
    private var rightLoaded = false

    init(kind: JoinKind, left: PhysicalOperator, right: PhysicalOperator, condition: CompiledExpression?, leftWidth: Int,
         rightWidth: Int, lateral: [(position: Int, binding: ColumnBinding)], environment: EvaluationEnvironment) {
        self.kind = kind
        self.condition = condition
        self.rightWidth = rightWidth
        self.leftWidth = leftWidth
        self.lateral = lateral
        self.environment = environment
        super.init()
        children = [left, right]
    }

    override func open() throws(DatabaseError) {
        loops += 1
        try children[0].open()
        rightRows = []
        rightMatched = []
        rightLoaded = false
        leftRow = nil
        emittingUnmatchedRight = false
        rightPosition = 0
    }

    /// Reads the right side: once (at the first left row), or for each left row when LATERAL.
    private func loadRight(for row: Row?) throws(DatabaseError) {
        if lateral.isEmpty {
            guard !rightLoaded else { return }
            rightLoaded = true
        } else {
            guard let row else { return }
            for (position, binding) in lateral { environment.outer[binding] = row[position] }
        }
        try children[1].open()
        rightRows = try children[1].drain()
        if lateral.isEmpty { rightMatched = Array(repeating: false, count: rightRows.count) }
    }

    override func next() throws(DatabaseError) -> Row? {
        while true {
            if emittingUnmatchedRight {
                while rightPosition < rightRows.count {
                    defer { rightPosition += 1 }
                    if !rightMatched[rightPosition] {
                        rowsProduced += 1
                        return Array(repeating: .null, count: leftWidth) + rightRows[rightPosition]
                    }
                }
                return nil
            }
            if leftRow == nil {
                guard let row = try children[0].next() else {
                    if kind == .right || kind == .full {
                        try loadRight(for: nil)
                        emittingUnmatchedRight = true
                        rightPosition = 0
                        continue
                    }
                    return nil
                }
                leftRow = row
                leftMatched = false
                rightPosition = 0
                try loadRight(for: row)
            }
            let left = leftRow!
            while rightPosition < rightRows.count {
                let index = rightPosition
                rightPosition += 1
                let combined = left + rightRows[index]
                if let condition, try !condition.isTrue(combined, environment) { continue }
                leftMatched = true
                switch kind {
                case .semi:
                    leftRow = nil
                    rowsProduced += 1
                    return left
                case .anti:
                    rightPosition = rightRows.count
                    continue
                case .right, .full:
                    if lateral.isEmpty { rightMatched[index] = true }
                    fallthrough
                default:
                    rowsProduced += 1
                    return combined
                }
            }
            leftRow = nil
            if !leftMatched, let row = unmatchedLeftRow(left, kind: kind, rightWidth: rightWidth) {
                rowsProduced += 1
                return row
            }
        }
    }

    override func close() {
        rightRows = []
        super.close()
    }
}

final class HashJoinOperator: PhysicalOperator {
    let kind: JoinKind
    let leftKeys: [CompiledExpression]
    let rightKeys: [CompiledExpression]
    let residual: CompiledExpression?
    let environment: EvaluationEnvironment
    let leftWidth: Int
    let rightWidth: Int
    private var rightRows: [Row] = []
    private var table: [[SQLValue]: [Int]] = [:]
    private var rightMatched: [Bool] = []
    private var leftRow: Row?
    private var leftMatched = false
    private var candidates: [Int] = []
    private var candidatePosition = 0
    private var unmatchedPosition = -1
    private var built = false

    init(kind: JoinKind, left: PhysicalOperator, right: PhysicalOperator, leftKeys: [CompiledExpression],
         rightKeys: [CompiledExpression], residual: CompiledExpression?, leftWidth: Int, rightWidth: Int,
         environment: EvaluationEnvironment) {
        self.kind = kind
        self.leftKeys = leftKeys
        self.rightKeys = rightKeys
        self.residual = residual
        self.leftWidth = leftWidth
        self.rightWidth = rightWidth
        self.environment = environment
        super.init()
        children = [left, right]
    }

    override func open() throws(DatabaseError) {
        loops += 1
        try children[0].open()
        rightRows = []
        table = [:]
        rightMatched = []
        built = false
        leftRow = nil
        unmatchedPosition = -1
    }

    /// Reads the right side into the hash table, at the first left row (or the end of the left side).
    private func build() throws(DatabaseError) {
        guard !built else { return }
        built = true
        try children[1].open()
        while let row = try children[1].next() {
            let index = rightRows.count
            rightRows.append(row)
            var key: [SQLValue] = []
            key.reserveCapacity(rightKeys.count)
            var hasNull = false
            for expression in rightKeys {
                let value = try expression.evaluate(row, environment)
                if value.isNull { hasNull = true; break }
                key.append(value)
            }
            if !hasNull { table[key, default: []].append(index) }
        }
        rightMatched = Array(repeating: false, count: rightRows.count)
    }

    override func next() throws(DatabaseError) -> Row? {
        while true {
            if unmatchedPosition >= 0 {
                while unmatchedPosition < rightRows.count {
                    defer { unmatchedPosition += 1 }
                    if !rightMatched[unmatchedPosition] {
                        rowsProduced += 1
                        return Array(repeating: .null, count: leftWidth) + rightRows[unmatchedPosition]
                    }
                }
                return nil
            }
            if leftRow == nil {
                guard let row = try children[0].next() else {
                    if kind == .right || kind == .full {
                        try build()
                        unmatchedPosition = 0
                        continue
                    }
                    return nil
                }
                try build()
                leftRow = row
                leftMatched = false
                candidatePosition = 0
                var key: [SQLValue] = []
                key.reserveCapacity(leftKeys.count)
                var hasNull = false
                for expression in leftKeys {
                    let value = try expression.evaluate(row, environment)
                    if value.isNull { hasNull = true; break }
                    key.append(value)
                }
                candidates = hasNull ? [] : table[key] ?? []
            }
            let left = leftRow!
            while candidatePosition < candidates.count {
                let index = candidates[candidatePosition]
                candidatePosition += 1
                let combined = left + rightRows[index]
                if let residual, try !residual.isTrue(combined, environment) { continue }
                leftMatched = true
                switch kind {
                case .semi:
                    leftRow = nil
                    rowsProduced += 1
                    return left
                case .anti:
                    candidatePosition = candidates.count
                    continue
                case .right, .full:
                    rightMatched[index] = true
                    fallthrough
                default:
                    rowsProduced += 1
                    return combined
                }
            }
            leftRow = nil
            if !leftMatched, let row = unmatchedLeftRow(left, kind: kind, rightWidth: rightWidth) {
                rowsProduced += 1
                return row
            }
        }
    }

    override func close() {
        rightRows = []
        table = [:]
        super.close()
    }
}

/// What a join returns for a left row no right row matched: the row null-extended (LEFT and
/// FULL), the row itself (anti join), or nothing.
func unmatchedLeftRow(_ left: Row, kind: JoinKind, rightWidth: Int) -> Row? {
    switch kind {
    case .left, .full: left + Array(repeating: .null, count: rightWidth)
    case .anti: left
    default: nil
    }
}
