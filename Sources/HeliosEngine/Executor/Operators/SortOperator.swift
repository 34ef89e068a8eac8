// ORDER BY: reads every input row, sorts by the keys (each with its direction and NULLS
// placement), then returns them in order. With a known LIMIT above it, keeps only the first
// `limit` rows while reading (top-N), so `ORDER BY x LIMIT 10` over a million rows holds ten.

public import HeliosCore
public import HeliosValues

/// A compiled sort key.
struct CompiledSortKey {
    var expression: CompiledExpression
    var descending: Bool
    var nullsFirst: Bool
}

final class SortOperator: PhysicalOperator {
    let keys: [CompiledSortKey]
    let environment: EvaluationEnvironment
    /// A LIMIT and OFFSET above: the consumer needs at most their sum of rows.
    let limit: (count: CompiledExpression, offset: CompiledExpression?)?
    private var sorted: [Row] = []
    private var position = 0

    init(_ input: PhysicalOperator, keys: [CompiledSortKey], limit: (count: CompiledExpression, offset: CompiledExpression?)?,
         environment: EvaluationEnvironment) {
        self.keys = keys
        self.limit = limit
        self.environment = environment
        super.init()
        children = [input]
    }

    override func open() throws(DatabaseError) {
        try super.open()
        var entries: [(keys: [SQLValue], row: Row)] = []
        var bound = Int.max
        if let limit, case .int64(let count) = try limit.count.evaluate([], environment), count >= 0 {
            var offset: Int64 = 0
            if let expression = limit.offset, case .int64(let value) = try expression.evaluate([], environment), value > 0 {
                offset = value
            }
            let (sum, overflow) = count.addingReportingOverflow(offset)
            if !overflow && sum < Int64(Int32.max) { bound = Int(sum) }
        }
        let keys = self.keys
        func precedes(_ a: [SQLValue], _ b: [SQLValue]) -> Bool {
            for index in keys.indices {
                let order = SQLValue.compare(a[index], b[index], descending: keys[index].descending, nullsFirst: keys[index].nullsFirst)
                if order != 0 { return order < 0 }
            }
            return false
        }
        while let row = try children[0].next() {
            var values: [SQLValue] = []
            values.reserveCapacity(keys.count)
            for key in keys { values.append(try key.expression.evaluate(row, environment)) }
            entries.append((values, row))
            // Top-N: once twice the bound is held, keep the best `bound`.
            if bound != Int.max && entries.count >= max(2 * bound, 1024) {
                entries.sort { precedes($0.keys, $1.keys) }
                entries.removeLast(entries.count - bound)
            }
        }
        entries.sort { precedes($0.keys, $1.keys) }
        if entries.count > bound { entries.removeLast(entries.count - bound) }
        sorted = entries.map(\.row)
        position = 0
    }

    override func next() throws(DatabaseError) -> Row? {
        guard position < sorted.count else { return nil }
        defer { position += 1 }
        rowsProduced += 1
        return sorted[position]
    }

    override func close() {
        sorted = []
        super.close()
    }
}
