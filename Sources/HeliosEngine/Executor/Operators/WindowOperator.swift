// Window functions: reads every input row, and for each function sorts the rows by its
// PARTITION BY and ORDER BY, then computes its value per row over the row's partition, peer
// group (rows with equal ORDER BY values) or frame. Rows come out in the order of the last
// function's sort, with one column per function appended.
//
// Aggregates over a frame that starts at the partition's start grow one accumulator as the
// frame end advances (a running total costs O(n)); other frames recompute per row.

public import HeliosCore
public import HeliosValues
import HeliosSQL

struct CompiledWindowFrame {
    enum Bound {
        case unboundedPreceding
        case preceding(CompiledExpression)
        case currentRow
        case following(CompiledExpression)
        case unboundedFollowing
    }

    /// RANGE with an offset: each row's position and the limits around it (see the binder's
    /// WindowFunctionBinder+RangeOffsets).
    struct RangeLimits {
        var position: CompiledExpression
        var start: CompiledExpression?
        var end: CompiledExpression?
    }

    var mode: WindowFrame.Mode
    var start: Bound
    var end: Bound
    var exclusion: WindowFrame.Exclusion
    var range: RangeLimits? = nil
}

struct CompiledWindowFunction {
    enum Function {
        case rowNumber, rank, denseRank, percentRank, cumeDist
        case ntile(CompiledExpression)
        case lag(CompiledExpression, offset: CompiledExpression?, defaultValue: CompiledExpression?)
        case lead(CompiledExpression, offset: CompiledExpression?, defaultValue: CompiledExpression?)
        case firstValue(CompiledExpression), lastValue(CompiledExpression)
        case nthValue(CompiledExpression, CompiledExpression)
        case aggregate(CompiledAggregate)
    }

    var function: Function
    var partitionBy: [CompiledExpression]
    var orderBy: [CompiledSortKey]
    var frame: CompiledWindowFrame
}

final class WindowOperator: PhysicalOperator {
    let functions: [CompiledWindowFunction]
    let environment: EvaluationEnvironment
    private var output: [Row] = []
    private var position = 0

    init(_ input: PhysicalOperator, functions: [CompiledWindowFunction], environment: EvaluationEnvironment) {
        self.functions = functions
        self.environment = environment
        super.init()
        children = [input]
    }

    override func open() throws(DatabaseError) {
        try super.open()
        let rows = try children[0].drain()
        var results = Array(repeating: [SQLValue](), count: functions.count)
        var order = Array(rows.indices)
        for (index, function) in functions.enumerated() {
            (results[index], order) = try compute(function, rows: rows)
        }
        output = order.map { row in rows[row] + results.map { $0[row] } }
        position = 0
    }

    override func next() throws(DatabaseError) -> Row? {
        guard position < output.count else { return nil }
        defer { position += 1 }
        rowsProduced += 1
        return output[position]
    }

    override func close() {
        output = []
        super.close()
    }

    /// The function's value for every row (by input position), and the sorted order.
    private func compute(_ function: CompiledWindowFunction, rows: [Row]) throws(DatabaseError) -> ([SQLValue], [Int]) {
        var partitionKeys: [[SQLValue]] = []
        var orderKeys: [[SQLValue]] = []
        partitionKeys.reserveCapacity(rows.count)
        orderKeys.reserveCapacity(rows.count)
        for row in rows {
            var partition: [SQLValue] = []
            for expression in function.partitionBy { partition.append(try expression.evaluate(row, environment)) }
            partitionKeys.append(partition)
            var keys: [SQLValue] = []
            for key in function.orderBy { keys.append(try key.expression.evaluate(row, environment)) }
            orderKeys.append(keys)
        }
        let sortKeys = function.orderBy
        let sorted = rows.indices.sorted { a, b in
            for index in partitionKeys[a].indices {
                let order = SQLValue.compare(partitionKeys[a][index], partitionKeys[b][index])
                if order != 0 { return order < 0 }
            }
            for index in sortKeys.indices {
                let order = SQLValue.compare(orderKeys[a][index], orderKeys[b][index], descending: sortKeys[index].descending,
                                             nullsFirst: sortKeys[index].nullsFirst)
                if order != 0 { return order < 0 }
            }
            return a < b
        }
        var values = Array(repeating: SQLValue.null, count: rows.count)
        var start = 0
        while start < sorted.count {
            var end = start + 1
            while end < sorted.count && partitionKeys[sorted[end]] == partitionKeys[sorted[start]] { end += 1 }
            let partition = Array(sorted[start..<end])
            // Peer groups: runs of equal ORDER BY values.
            var groupOf = Array(repeating: 0, count: partition.count)
            var groupStarts = [0]
            for index in 1..<max(partition.count, 1) where index < partition.count {
                if orderKeys[partition[index]] != orderKeys[partition[index - 1]] { groupStarts.append(index) }
                groupOf[index] = groupStarts.count - 1
            }
            groupStarts.append(partition.count)
            var positions: [SQLValue] = []
            if let range = function.frame.range {
                for row in partition { positions.append(try range.position.evaluate(rows[row], environment)) }
            }
            let partitionValues = try evaluate(function, partition: partition, rows: rows, groupOf: groupOf, groupStarts: groupStarts,
                                               positions: positions)
            for (offset, row) in partition.enumerated() { values[row] = partitionValues[offset] }
            start = end
        }
        return (values, sorted)
    }

    /// `positions`: for RANGE offset frames, each partition row's position value, else empty.
    private func evaluate(_ function: CompiledWindowFunction, partition: [Int], rows: [Row], groupOf: [Int],
                          groupStarts: [Int], positions: [SQLValue]) throws(DatabaseError) -> [SQLValue] {
        let sortKey = function.orderBy.first
        let count = partition.count
        var result: [SQLValue] = []
        result.reserveCapacity(count)
        switch function.function {
        case .rowNumber:
            for index in 0..<count { result.append(.int64(Int64(index + 1))) }
        case .rank:
            for index in 0..<count { result.append(.int64(Int64(groupStarts[groupOf[index]] + 1))) }
        case .denseRank:
            for index in 0..<count { result.append(.int64(Int64(groupOf[index] + 1))) }
        case .percentRank:
            for index in 0..<count {
                let rank = Double(groupStarts[groupOf[index]])
                result.append(.float64(count > 1 ? rank / Double(count - 1) : 0))
            }
        case .cumeDist:
            for index in 0..<count {
                result.append(.float64(Double(groupStarts[groupOf[index] + 1]) / Double(count)))
            }
        case .ntile(let buckets):
            guard count > 0 else { return [] }
            let value = try buckets.evaluate(rows[partition[0]], environment)
            guard case .int32(let n) = value else { return Array(repeating: .null, count: count) }
            if n <= 0 { throw DatabaseError(SQLState("22014"), "argument of ntile must be greater than zero") }
            let perBucket = count / Int(n)
            let remainder = count % Int(n)
            var bucket = 1
            var filled = 0
            for _ in 0..<count {
                let size = perBucket + (bucket <= remainder ? 1 : 0)
                if filled >= size && size > 0 {
                    bucket += 1
                    filled = 0
                }
                result.append(.int32(Int32(bucket)))
                filled += 1
            }
        case .lag(let value, let offset, let defaultValue), .lead(let value, let offset, let defaultValue):
            let sign = if case .lag = function.function { -1 } else { 1 }
            for index in 0..<count {
                let row = rows[partition[index]]
                var distance = 1
                if let offset {
                    let amount = try offset.evaluate(row, environment)
                    if amount.isNull {
                        result.append(.null)
                        continue
                    }
                    if case .int32(let n) = amount { distance = Int(n) }
                }
                let target = index + sign * distance
                if target >= 0 && target < count {
                    result.append(try value.evaluate(rows[partition[target]], environment))
                } else {
                    result.append(try defaultValue?.evaluate(row, environment) ?? .null)
                }
            }
        case .firstValue(let value), .lastValue(let value), .nthValue(let value, _):
            for index in 0..<count {
                let frame = try frameRows(function.frame, index: index, partition: partition, rows: rows, groupOf: groupOf,
                                          groupStarts: groupStarts, positions: positions, sortKey: sortKey)
                var chosen: Int?
                switch function.function {
                case .firstValue: chosen = frame.first
                case .lastValue: chosen = frame.last
                case .nthValue(_, let nth):
                    let amount = try nth.evaluate(rows[partition[index]], environment)
                    guard case .int32(let n) = amount else { result.append(.null); continue }
                    if n <= 0 { throw DatabaseError(SQLState("22016"), "argument of nth_value must be greater than zero") }
                    chosen = Int(n) <= frame.count ? frame[Int(n) - 1] : nil
                default: break
                }
                result.append(try chosen.map { (row) throws(DatabaseError) in try value.evaluate(rows[partition[row]], environment) } ?? .null)
            }
        case .aggregate(let aggregate):
            if case .unboundedPreceding = function.frame.start, function.frame.exclusion == .noOthers {
                // Growing frame: one accumulator, finished after each advance of the frame end.
                var state = AggregateState(aggregate)
                var added = 0
                for index in 0..<count {
                    let end = try frameEnd(function.frame, index: index, partition: partition, rows: rows, groupOf: groupOf,
                                           groupStarts: groupStarts, positions: positions, sortKey: sortKey)
                    while added < end {
                        try state.add(rows[partition[added]], aggregate, environment)
                        added += 1
                    }
                    result.append(try state.accumulator.finish())
                }
            } else {
                for index in 0..<count {
                    var state = AggregateState(aggregate)
                    for row in try frameRows(function.frame, index: index, partition: partition, rows: rows, groupOf: groupOf,
                                             groupStarts: groupStarts, positions: positions, sortKey: sortKey) {
                        try state.add(rows[partition[row]], aggregate, environment)
                    }
                    result.append(try state.finish(aggregate))
                }
            }
        }
        return result
    }

    private func offset(_ expression: CompiledExpression, row: Row) throws(DatabaseError) -> Int {
        let value = try expression.evaluate(row, environment)
        guard case .int64(let amount) = value else {
            throw DatabaseError(.nullValueNotAllowed, "frame starting offset must not be null")
        }
        if amount < 0 { throw DatabaseError(SQLState("22013"), "frame starting offset must not be negative") }
        return amount > Int64(Int32.max) ? Int(Int32.max) : Int(amount)
    }

    /// A RANGE offset must be neither NULL nor negative (nor NaN), as in_range requires.
    private func checkRangeOffset(_ expression: CompiledExpression, row: Row, isStart: Bool) throws(DatabaseError) {
        let value = try expression.evaluate(row, environment)
        let negative = switch value {
        case .null: throw DatabaseError(.nullValueNotAllowed, "frame \(isStart ? "starting" : "ending") offset must not be null")
        case .int16(let amount): amount < 0
        case .int32(let amount): amount < 0
        case .int64(let amount): amount < 0
        case .numeric(let amount): amount.isNaN || amount.signum < 0
        case .float64(let amount): amount.isNaN || amount < 0
        case .interval(let amount): SQLValue.compare(.interval(amount), .interval(.zero)) < 0
        default: false
        }
        if negative { throw DatabaseError(SQLState("22013"), "invalid preceding or following size in window function") }
    }

    /// The first partition position whose RANGE position is at (`inclusive`) or past `limit` in
    /// sort order. Positions are sorted, so a binary search finds it; a NULL position or limit
    /// sorts where the ORDER BY puts NULLs, so a row with a NULL value frames exactly its peers.
    private func firstPosition(beyond limit: SQLValue, inclusive: Bool, positions: [SQLValue], key: CompiledSortKey) -> Int {
        var low = 0
        var high = positions.count
        while low < high {
            let middle = (low + high) / 2
            let order = SQLValue.compare(positions[middle], limit, descending: key.descending, nullsFirst: key.nullsFirst)
            if order < 0 || (order == 0 && !inclusive) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The first row after the frame (positions in the partition).
    private func frameEnd(_ frame: CompiledWindowFrame, index: Int, partition: [Int], rows: [Row], groupOf: [Int],
                          groupStarts: [Int], positions: [SQLValue], sortKey: CompiledSortKey?) throws(DatabaseError) -> Int {
        let count = partition.count
        let group = groupOf[index]
        let row = rows[partition[index]]
        switch frame.end {
        case .unboundedFollowing: return count
        case .unboundedPreceding: return 0
        case .currentRow:
            return frame.mode == .rows ? index + 1 : groupStarts[group + 1]
        case .following(let expression), .preceding(let expression):
            if let range = frame.range, let limit = range.end, let sortKey {
                try checkRangeOffset(expression, row: row, isStart: false)
                return firstPosition(beyond: try limit.evaluate(row, environment), inclusive: false, positions: positions, key: sortKey)
            }
            let amount = try offset(expression, row: row)
            if case .following = frame.end {
                if frame.mode == .groups { return groupStarts[min(group + amount + 1, groupStarts.count - 1)] }
                return min(count, index + amount + 1)
            }
            if frame.mode == .groups { return group - amount + 1 <= 0 ? 0 : groupStarts[group - amount + 1] }
            return max(0, index - amount + 1)
        }
    }

    /// The partition positions in the frame of row `index`, after the frame exclusion.
    private func frameRows(_ frame: CompiledWindowFrame, index: Int, partition: [Int], rows: [Row], groupOf: [Int],
                           groupStarts: [Int], positions: [SQLValue], sortKey: CompiledSortKey?) throws(DatabaseError) -> [Int] {
        let count = partition.count
        let group = groupOf[index]
        let row = rows[partition[index]]
        let start: Int
        switch frame.start {
        case .unboundedPreceding: start = 0
        case .unboundedFollowing: start = count
        case .currentRow: start = frame.mode == .rows ? index : groupStarts[group]
        case .preceding(let expression), .following(let expression):
            if let range = frame.range, let limit = range.start, let sortKey {
                try checkRangeOffset(expression, row: row, isStart: true)
                start = firstPosition(beyond: try limit.evaluate(row, environment), inclusive: true, positions: positions, key: sortKey)
            } else if case .preceding = frame.start {
                let amount = try offset(expression, row: row)
                start = frame.mode == .groups ? groupStarts[max(0, group - amount)] : max(0, index - amount)
            } else {
                let amount = try offset(expression, row: row)
                start = frame.mode == .groups ? groupStarts[min(group + amount, groupStarts.count - 1)] : min(count, index + amount)
            }
        }
        let end = try frameEnd(frame, index: index, partition: partition, rows: rows, groupOf: groupOf, groupStarts: groupStarts,
                               positions: positions, sortKey: sortKey)
        guard start < end else { return [] }
        var positions = Array(start..<end)
        switch frame.exclusion {
        case .noOthers: break
        case .currentRow: positions.removeAll { $0 == index }
        case .group: positions.removeAll { groupOf[$0] == group }
        case .ties: positions.removeAll { groupOf[$0] == group && $0 != index }
        }
        return positions
    }
}
