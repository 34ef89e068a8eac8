// GROUP BY and aggregates by hashing: one accumulator set per group, in the order groups first
// appear. Aggregates with DISTINCT keep the argument tuples they have seen per group; those with
// ORDER BY collect their inputs and feed them sorted at the end. Without GROUP BY there is
// exactly one group, even over no rows (count(*) of an empty table is 0).

public import HeliosCore
public import HeliosValues

/// A compiled aggregate call.
struct CompiledAggregate {
    var aggregate: ResolvedAggregate
    var arguments: [CompiledExpression]
    var distinct: Bool
    var filter: CompiledExpression?
    var orderBy: [CompiledSortKey]
}

/// One group's state for one aggregate.
struct AggregateState {
    var accumulator: AggregateAccumulator
    var seen: Set<[SQLValue]>?
    /// Inputs of an ordered aggregate: its arguments and sort values. A DISTINCT aggregate
    /// without ORDER BY takes its values in ascending order, as PostgreSQL, which sorts them to
    /// find duplicates, does: array_agg(DISTINCT x) is sorted.
    var pending: [(arguments: [SQLValue], keys: [SQLValue])]?

    init(_ aggregate: CompiledAggregate) {
        accumulator = aggregate.aggregate.makeAccumulator()
        seen = aggregate.distinct ? [] : nil
        pending = aggregate.orderBy.isEmpty && !aggregate.distinct ? nil : []
    }

    mutating func add(_ row: Row, _ aggregate: CompiledAggregate, _ environment: EvaluationEnvironment) throws(DatabaseError) {
        if let filter = aggregate.filter, try !filter.isTrue(row, environment) { return }
        var arguments: [SQLValue] = []
        arguments.reserveCapacity(aggregate.arguments.count)
        for argument in aggregate.arguments { arguments.append(try argument.evaluate(row, environment)) }
        if seen != nil {
            // DISTINCT aggregates skip NULL inputs like their plain forms and count each value once.
            if arguments.first?.isNull == true && aggregate.aggregate.signature.name != "array_agg" { return }
            if !seen!.insert(arguments).inserted { return }
        }
        if pending != nil {
            var keys: [SQLValue] = []
            for key in aggregate.orderBy { keys.append(try key.expression.evaluate(row, environment)) }
            pending!.append((arguments, aggregate.orderBy.isEmpty ? arguments : keys))
            return
        }
        try accumulator.add(arguments)
    }

    mutating func finish(_ aggregate: CompiledAggregate) throws(DatabaseError) -> SQLValue {
        if let inputs = pending {
            let keys = aggregate.orderBy
            let ordered = inputs.sorted { a, b in
                for index in a.keys.indices {
                    let descending = keys.isEmpty ? false : keys[index].descending
                    let nullsFirst = keys.isEmpty ? false : keys[index].nullsFirst
                    let order = SQLValue.compare(a.keys[index], b.keys[index], descending: descending, nullsFirst: nullsFirst)
                    if order != 0 { return order < 0 }
                }
                return false
            }
            for input in ordered { try accumulator.add(input.arguments) }
            pending = []
        }
        return try accumulator.finish()
    }
}

final class HashAggregateOperator: PhysicalOperator {
    let groups: [CompiledExpression]
    let aggregates: [CompiledAggregate]
    let environment: EvaluationEnvironment
    private var output: [Row] = []
    private var position = 0

    init(_ input: PhysicalOperator, groups: [CompiledExpression], aggregates: [CompiledAggregate], environment: EvaluationEnvironment) {
        self.groups = groups
        self.aggregates = aggregates
        self.environment = environment
        super.init()
        children = [input]
    }

    override func open() throws(DatabaseError) {
        try super.open()
        var index: [[SQLValue]: Int] = [:]
        var keys: [[SQLValue]] = []
        var states: [[AggregateState]] = []
        if groups.isEmpty {
            index[[]] = 0
            keys.append([])
            states.append(aggregates.map(AggregateState.init))
        }
        while let row = try children[0].next() {
            var key: [SQLValue] = []
            key.reserveCapacity(groups.count)
            for group in groups { key.append(try group.evaluate(row, environment)) }
            let slot: Int
            if let found = index[key] {
                slot = found
            } else {
                slot = keys.count
                index[key] = slot
                keys.append(key)
                states.append(aggregates.map(AggregateState.init))
            }
            for position in aggregates.indices {
                try states[slot][position].add(row, aggregates[position], environment)
            }
        }
        output = []
        output.reserveCapacity(keys.count)
        for slot in keys.indices {
            var row = keys[slot]
            for position in aggregates.indices {
                row.append(try states[slot][position].finish(aggregates[position]))
            }
            output.append(row)
        }
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
}
