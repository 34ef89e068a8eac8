// The simple operators: filter, projection, LIMIT/OFFSET (and FETCH ... WITH TIES), literal rows, one empty row, rows
// materialized elsewhere (common table expressions, the recursive working table) and
// set-returning functions in FROM.

public import HeliosCore
public import HeliosValues

final class FilterOperator: PhysicalOperator {
    let condition: CompiledExpression
    let environment: EvaluationEnvironment

    init(_ input: PhysicalOperator, condition: CompiledExpression, environment: EvaluationEnvironment) {
        self.condition = condition
        self.environment = environment
        super.init()
        children = [input]
    }

    override func next() throws(DatabaseError) -> Row? {
        while let row = try children[0].next() {
            if try condition.isTrue(row, environment) {
                rowsProduced += 1
                return row
            }
        }
        return nil
    }
}

final class ProjectOperator: PhysicalOperator {
    let items: [CompiledExpression]
    let environment: EvaluationEnvironment

    init(_ input: PhysicalOperator, items: [CompiledExpression], environment: EvaluationEnvironment) {
        self.items = items
        self.environment = environment
        super.init()
        children = [input]
    }

    override func next() throws(DatabaseError) -> Row? {
        guard let row = try children[0].next() else { return nil }
        var result: Row = []
        result.reserveCapacity(items.count)
        for item in items { result.append(try item.evaluate(row, environment)) }
        rowsProduced += 1
        return result
    }
}

final class LimitOperator: PhysicalOperator {
    let count: CompiledExpression?
    let offset: CompiledExpression?
    /// FETCH FIRST ... WITH TIES: the ORDER BY keys; rows that tie with the last counted row follow it.
    let tieKeys: [CompiledSortKey]
    let environment: EvaluationEnvironment
    private var remaining = Int64.max
    private var toSkip: Int64 = 0
    /// The tie keys' values of the last counted row, once the count is used up.
    private var lastKeys: [SQLValue]?

    init(_ input: PhysicalOperator, count: CompiledExpression?, offset: CompiledExpression?, tieKeys: [CompiledSortKey] = [],
         environment: EvaluationEnvironment) {
        self.count = count
        self.offset = offset
        self.tieKeys = tieKeys
        self.environment = environment
        super.init()
        children = [input]
    }

    override func open() throws(DatabaseError) {
        remaining = Int64.max
        toSkip = 0
        lastKeys = nil
        if let count, case .int64(let value) = try count.evaluate([], environment) {
            if value < 0 { throw DatabaseError(.invalidRowCountInLimitClause, "LIMIT must not be negative") }
            remaining = value
        }
        if let offset, case .int64(let value) = try offset.evaluate([], environment) {
            if value < 0 { throw DatabaseError(.invalidRowCountInResultOffsetClause, "OFFSET must not be negative") }
            toSkip = value
        }
        // Open the input only when rows will be read from it.
        if remaining > 0 { try super.open() } else { loops += 1 }
    }

    override func next() throws(DatabaseError) -> Row? {
        if let lastKeys {
            // WITH TIES past the count: one more row only while it ties with the last counted one.
            guard let row = try children[0].next(), try ties(row, with: lastKeys) else {
                self.lastKeys = nil     // remaining is 0: done
                return nil
            }
            rowsProduced += 1
            return row
        }
        guard remaining > 0 else { return nil }
        while toSkip > 0 {
            guard try children[0].next() != nil else { return nil }
            toSkip -= 1
        }
        guard let row = try children[0].next() else { return nil }
        remaining -= 1
        rowsProduced += 1
        if remaining == 0 && !tieKeys.isEmpty { lastKeys = try keys(of: row) }
        return row
    }

    private func keys(of row: Row) throws(DatabaseError) -> [SQLValue] {
        var values: [SQLValue] = []
        for key in tieKeys { values.append(try key.expression.evaluate(row, environment)) }
        return values
    }

    /// Whether `row` is a peer of the row whose keys are `keys`: equal as the sort compares (NULLs alike).
    private func ties(_ row: Row, with keys: [SQLValue]) throws(DatabaseError) -> Bool {
        for (index, key) in tieKeys.enumerated() {
            if SQLValue.compare(try key.expression.evaluate(row, environment), keys[index]) != 0 { return false }
        }
        return true
    }
}

/// Rows computed from expressions (VALUES) or one empty row (SELECT without FROM).
final class ValuesOperator: PhysicalOperator {
    let rows: [[CompiledExpression]]
    let environment: EvaluationEnvironment
    private var position = 0

    init(rows: [[CompiledExpression]], environment: EvaluationEnvironment) {
        self.rows = rows
        self.environment = environment
    }

    override func open() throws(DatabaseError) {
        try super.open()
        position = 0
    }

    override func next() throws(DatabaseError) -> Row? {
        guard position < rows.count else { return nil }
        defer { position += 1 }
        var row: Row = []
        row.reserveCapacity(rows[position].count)
        for item in rows[position] { row.append(try item.evaluate([], environment)) }
        rowsProduced += 1
        return row
    }
}

/// Rows held in memory: a materialized CTE, the working table of a recursive one, a sort's
/// output.
final class RowsOperator: PhysicalOperator {
    let source: () throws(DatabaseError) -> [Row]
    private var rows: [Row] = []
    private var position = 0

    init(_ source: @escaping () throws(DatabaseError) -> [Row]) {
        self.source = source
    }

    override func open() throws(DatabaseError) {
        try super.open()
        rows = try source()
        position = 0
    }

    override func next() throws(DatabaseError) -> Row? {
        guard position < rows.count else { return nil }
        defer { position += 1 }
        rowsProduced += 1
        return rows[position]
    }
}

/// A function in FROM: the rows of a set-returning function, or the one value of a scalar one.
final class FunctionScanOperator: PhysicalOperator {
    let function: ResolvedFunction
    let arguments: [CompiledExpression]
    let ordinality: Bool
    let environment: EvaluationEnvironment
    private var values: [SQLValue] = []
    private var position = 0

    init(function: ResolvedFunction, arguments: [CompiledExpression], ordinality: Bool, environment: EvaluationEnvironment) {
        self.function = function
        self.arguments = arguments
        self.ordinality = ordinality
        self.environment = environment
    }

    override func open() throws(DatabaseError) {
        try super.open()
        var values: [SQLValue] = []
        for argument in arguments { values.append(try argument.evaluate([], environment)) }
        if function.overload.returnsSet {
            if function.overload.isStrict && values.contains(where: \.isNull) {
                self.values = []
            } else {
                self.values = try function.overload.evaluateSet(values, context: environment.context)
            }
        } else {
            self.values = [try function.evaluate(values, context: environment.context)]
        }
        position = 0
    }

    override func next() throws(DatabaseError) -> Row? {
        guard position < values.count else { return nil }
        defer { position += 1 }
        rowsProduced += 1
        return ordinality ? [values[position], .int64(Int64(position + 1))] : [values[position]]
    }
}
