// GROUP BY and aggregates by hashing: one accumulator set per group, in the order groups first
// appear. Beyond the memory budget (work_mem), rows of new groups go to disk in partitions that
// are aggregated afterwards, one at a time. Aggregates with DISTINCT keep the argument tuples they have seen per group; those with
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
    /// Bytes of groups (and of inputs that aggregates keep) held before new groups spill (work_mem).
    let memory: Int
    private var output: [Row] = []
    private var position = 0
    /// Partitions of spilled input rows still to aggregate, with how often they spilled.
    private var partitions: [(file: SpillFile, depth: Int)] = []
    /// Partitions written in the last execution (EXPLAIN ANALYZE).
    private(set) var spilledPartitions = 0
    private static let fanOut = 8

    init(_ input: PhysicalOperator, groups: [CompiledExpression], aggregates: [CompiledAggregate], memory: Int = 64 << 20,
         environment: EvaluationEnvironment) {
        self.groups = groups
        self.aggregates = aggregates
        self.memory = memory
        self.environment = environment
        super.init()
        children = [input]
    }

    override func open() throws(DatabaseError) {
        try super.open()
        partitions = []
        spilledPartitions = 0
        let input = children[0]
        output = try aggregate(depth: 0) { () throws(DatabaseError) in try input.next() }
        position = 0
    }

    /// Aggregates the rows `source` gives. Groups are kept while they fit in memory; after that,
    /// rows of groups not already held go to partitions by their key's hash (different at each
    /// depth), aggregated later one partition at a time — PostgreSQL 13's hash aggregation.
    private func aggregate(depth: Int, _ source: () throws(DatabaseError) -> Row?) throws(DatabaseError) -> [Row] {
        var index: [[SQLValue]: Int] = [:]
        var keys: [[SQLValue]] = []
        var states: [[AggregateState]] = []
        if groups.isEmpty {
            index[[]] = 0
            keys.append([])
            states.append(aggregates.map(AggregateState.init))
        }
        // Aggregates that keep their inputs grow with rows, not only with groups.
        let keepsInputs = aggregates.contains { $0.distinct || !$0.orderBy.isEmpty || $0.aggregate.signature.name.hasSuffix("_agg") }
        var held = 0
        var spill: [SpillFile?] = []
        while let row = try source() {
            var key: [SQLValue] = []
            key.reserveCapacity(groups.count)
            for group in groups { key.append(try group.evaluate(row, environment)) }
            let slot: Int
            if let found = index[key] {
                slot = found
            } else if !spill.isEmpty {
                var hasher = Hasher()
                hasher.combine(depth)
                hasher.combine(key)
                let partition = Int(UInt(bitPattern: hasher.finalize()) % UInt(Self.fanOut))
                if spill[partition] == nil { spill[partition] = try SpillFile() }
                try spill[partition]!.append(row)
                continue
            } else {
                slot = keys.count
                index[key] = slot
                keys.append(key)
                states.append(aggregates.map(AggregateState.init))
                held += SpillCodec.footprint(key) + 64 * aggregates.count + 48
            }
            for position in aggregates.indices {
                try states[slot][position].add(row, aggregates[position], environment)
            }
            if keepsInputs { held += SpillCodec.footprint(row) }
            if held > memory && spill.isEmpty && !groups.isEmpty {
                spill = Array(repeating: nil, count: Self.fanOut)
            }
        }
        for file in spill.compactMap({ $0 }) {
            partitions.append((file, depth + 1))
            spilledPartitions += 1
        }
        var rows: [Row] = []
        rows.reserveCapacity(keys.count)
        for slot in keys.indices {
            var row = keys[slot]
            for position in aggregates.indices {
                row.append(try states[slot][position].finish(aggregates[position]))
            }
            rows.append(row)
        }
        return rows
    }

    override func next() throws(DatabaseError) -> Row? {
        while position >= output.count {
            guard !partitions.isEmpty else { return nil }
            let (file, depth) = partitions.removeFirst()
            output = try aggregate(depth: depth) { () throws(DatabaseError) in try file.next() }
            position = 0
        }
        defer { position += 1 }
        rowsProduced += 1
        return output[position]
    }

    override func close() {
        output = []
        partitions = []
        super.close()
    }
}
