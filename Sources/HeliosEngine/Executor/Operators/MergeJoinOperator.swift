// A merge join: both inputs arrive sorted ascending (NULLS LAST) on their join keys, so one
// pass over each finds the matches — for each left row, the group of right rows with an equal
// key, kept while consecutive left rows share that key. Nothing is hashed and memory holds one
// group. Does inner, left, semi and anti joins; rows whose key has a NULL match nothing.

public import HeliosCore
public import HeliosValues

final class MergeJoinOperator: PhysicalOperator {
    let kind: JoinKind
    let leftKeys: [CompiledExpression]
    let rightKeys: [CompiledExpression]
    let residual: CompiledExpression?
    let rightWidth: Int
    let environment: EvaluationEnvironment
    /// The right rows whose key equals `groupKey`, and the first right row after them.
    private var group: [Row] = []
    private var groupKey: [SQLValue]?
    private var lookahead: (row: Row, key: [SQLValue]?)?
    private var rightDone = false
    /// The right side is first read at the first left row: an empty left side never evaluates it.
    private var rightStarted = false
    private var leftRow: Row?
    private var leftMatched = false
    private var position = 0

    init(kind: JoinKind, left: PhysicalOperator, right: PhysicalOperator, leftKeys: [CompiledExpression],
         rightKeys: [CompiledExpression], residual: CompiledExpression?, rightWidth: Int, environment: EvaluationEnvironment) {
        precondition([.inner, .left, .semi, .anti].contains(kind), "merge joins do inner, left, semi and anti joins")
        self.kind = kind
        self.leftKeys = leftKeys
        self.rightKeys = rightKeys
        self.residual = residual
        self.rightWidth = rightWidth
        self.environment = environment
        super.init()
        children = [left, right]
    }

    override func open() throws(DatabaseError) {
        loops += 1
        try children[0].open()
        group = []
        groupKey = nil
        lookahead = nil
        rightDone = false
        rightStarted = false
        leftRow = nil
    }

    private func key(of row: Row, _ expressions: [CompiledExpression]) throws(DatabaseError) -> [SQLValue]? {
        try joinKey(of: row, expressions, environment)
    }

    private static func compare(_ a: [SQLValue], _ b: [SQLValue]) -> Int {
        for index in a.indices {
            let order = SQLValue.compare(a[index], b[index])
            if order != 0 { return order }
        }
        return 0
    }

    private func advanceRight() throws(DatabaseError) {
        guard !rightDone, let row = try children[1].next() else {
            rightDone = true
            lookahead = nil
            return
        }
        lookahead = (row, try key(of: row, rightKeys))
    }

    /// Makes `group` the right rows with key `key` (empty when there are none).
    private func seek(_ key: [SQLValue]) throws(DatabaseError) {
        if let groupKey, Self.compare(groupKey, key) == 0 { return }
        group = []
        groupKey = key
        // Right rows below the key match no left row from here on (the left side ascends too);
        // NULL keys sort last and match nothing.
        while let next = lookahead, let nextKey = next.key, Self.compare(nextKey, key) < 0 { try advanceRight() }
        while let next = lookahead, let nextKey = next.key, Self.compare(nextKey, key) == 0 {
            group.append(next.row)
            try advanceRight()
        }
    }

    override func next() throws(DatabaseError) -> Row? {
        while true {
            if leftRow == nil {
                guard let row = try children[0].next() else { return nil }
                if !rightStarted {
                    rightStarted = true
                    try children[1].open()
                    try advanceRight()
                }
                leftRow = row
                leftMatched = false
                position = 0
                if let key = try key(of: row, leftKeys) {
                    try seek(key)
                } else {
                    position = Int.max  // a NULL key matches nothing
                }
            }
            let left = leftRow!
            while position < group.count {
                let combined = left + group[position]
                position += 1
                if let residual, try !residual.isTrue(combined, environment) { continue }
                leftMatched = true
                switch kind {
                case .semi:
                    leftRow = nil
                    rowsProduced += 1
                    return left
                case .anti:
                    position = group.count
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
        group = []
        lookahead = nil
        super.close()
    }
}
