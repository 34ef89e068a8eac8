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

/// A hash join: a hash table of the right side's rows by their key, probed with each left row.
/// The right side is read at the first left row (or at the end of an empty left side, for RIGHT
/// and FULL joins). When it outgrows the memory budget (work_mem), both sides are split into
/// partitions by the hash of their keys (a grace hash join): rows that can match share a
/// partition, and the partitions are joined one after another, each with its own table.
final class HashJoinOperator: PhysicalOperator {
    let kind: JoinKind
    let leftKeys: [CompiledExpression]
    let rightKeys: [CompiledExpression]
    let residual: CompiledExpression?
    let environment: EvaluationEnvironment
    let leftWidth: Int
    let rightWidth: Int
    /// Bytes of right rows held before the join partitions to disk.
    let memory: Int
    private var rightRows: [Row] = []
    private var table: [[SQLValue]: [Int]] = [:]
    private var rightMatched: [Bool] = []
    private var leftRow: Row?
    private var leftMatched = false
    private var candidates: [Int] = []
    private var candidatePosition = 0
    private var unmatchedPosition = -1
    private var built = false
    /// Partitioned mode: (left, right) files still to join, and the left file being probed.
    private var partitions: [(left: SpillFile, right: SpillFile)] = []
    private var leftPartition: SpillFile?
    /// Partitions used in the last execution (EXPLAIN ANALYZE's Batches).
    private(set) var batches = 1
    private static let fanOut = 16

    init(kind: JoinKind, left: PhysicalOperator, right: PhysicalOperator, leftKeys: [CompiledExpression],
         rightKeys: [CompiledExpression], residual: CompiledExpression?, leftWidth: Int, rightWidth: Int,
         memory: Int = 64 << 20, environment: EvaluationEnvironment) {
        self.kind = kind
        self.leftKeys = leftKeys
        self.rightKeys = rightKeys
        self.residual = residual
        self.leftWidth = leftWidth
        self.rightWidth = rightWidth
        self.memory = memory
        self.environment = environment
        super.init()
        children = [left, right]
    }

    private func key(of row: Row, _ expressions: [CompiledExpression]) throws(DatabaseError) -> [SQLValue]? {
        try joinKey(of: row, expressions, environment)
    }

    private static func partition(of key: [SQLValue]?) -> Int {
        guard let key else { return 0 }
        var hasher = Hasher()
        hasher.combine(key)
        return Int(UInt(bitPattern: hasher.finalize()) % UInt(fanOut))
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
        partitions = []
        leftPartition = nil
        batches = 1
    }

    /// Reads the right side: into the hash table, or — too big — into partitions, and then the
    /// left side too (`pending`, the left row already read, first). True when partitioned.
    private func build(pending: Row?) throws(DatabaseError) -> Bool {
        built = true
        try children[1].open()
        var held = 0
        var rightFiles: [SpillFile] = []
        while let row = try children[1].next() {
            if !rightFiles.isEmpty {
                try rightFiles[Self.partition(of: try key(of: row, rightKeys))].append(row)
                continue
            }
            rightRows.append(row)
            held += SpillCodec.footprint(row) + 48
            if held > memory {
                for _ in 0..<Self.fanOut { rightFiles.append(try SpillFile()) }
                for held in rightRows { try rightFiles[Self.partition(of: try key(of: held, rightKeys))].append(held) }
                rightRows = []
            }
        }
        guard !rightFiles.isEmpty else {
            try buildTable()
            return false
        }
        var leftFiles: [SpillFile] = []
        for _ in 0..<Self.fanOut { leftFiles.append(try SpillFile()) }
        var next = pending
        while let row = next {
            try leftFiles[Self.partition(of: try key(of: row, leftKeys))].append(row)
            next = try children[0].next()
        }
        partitions = Array(zip(leftFiles, rightFiles)).filter { $0.0.count > 0 || $0.1.count > 0 }
        batches = Self.fanOut
        _ = try loadNextPartition()
        return true
    }

    /// The hash table over `rightRows`.
    private func buildTable() throws(DatabaseError) {
        table = [:]
        for (index, row) in rightRows.enumerated() {
            if let key = try key(of: row, rightKeys) { table[key, default: []].append(index) }
        }
        rightMatched = Array(repeating: false, count: rightRows.count)
        unmatchedPosition = -1
    }

    /// Loads the next partition's right rows; false when none is left.
    private func loadNextPartition() throws(DatabaseError) -> Bool {
        guard !partitions.isEmpty else {
            rightRows = []
            leftPartition = nil
            return false
        }
        let (left, right) = partitions.removeFirst()
        rightRows = []
        while let row = try right.next() { rightRows.append(row) }
        leftPartition = left
        try buildTable()
        return true
    }

    private func nextLeftRow() throws(DatabaseError) -> Row? {
        if let leftPartition { return try leftPartition.next() }
        return try children[0].next()
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
                guard leftPartition != nil, try loadNextPartition() else { return nil }
                continue
            }
            if leftRow == nil {
                let row = try nextLeftRow()
                if !built && (row != nil || kind == .right || kind == .full) {
                    // A partitioned build took `row` into its partition: read again from there.
                    if try build(pending: row) { continue }
                }
                guard let row else {
                    if kind == .right || kind == .full {
                        unmatchedPosition = 0
                        continue
                    }
                    guard leftPartition != nil, try loadNextPartition() else { return nil }
                    continue
                }
                leftRow = row
                leftMatched = false
                candidatePosition = 0
                candidates = try key(of: row, leftKeys).flatMap { table[$0] } ?? []
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
        partitions = []
        leftPartition = nil
        super.close()
    }
}

/// A row's join key, or nil when part of it is NULL (it matches nothing).
func joinKey(of row: Row, _ expressions: [CompiledExpression], _ environment: EvaluationEnvironment) throws(DatabaseError) -> [SQLValue]? {
    var key: [SQLValue] = []
    key.reserveCapacity(expressions.count)
    for expression in expressions {
        let value = try expression.evaluate(row, environment)
        if value.isNull { return nil }
        key.append(value)
    }
    return key
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
