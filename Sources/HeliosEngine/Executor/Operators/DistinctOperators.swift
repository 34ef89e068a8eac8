// DISTINCT (first occurrence of each row, by hashing), DISTINCT ON (first row of each run of
// equal keys in sorted input) and the set operations UNION, INTERSECT and EXCEPT [ALL], which
// compare rows as IS NOT DISTINCT FROM does: NULLs equal.

public import HeliosCore
public import HeliosValues

final class DistinctOperator: PhysicalOperator {
    private var seen: Set<Row> = []

    init(_ input: PhysicalOperator) {
        super.init()
        children = [input]
    }

    override func open() throws(DatabaseError) {
        try super.open()
        seen = []
    }

    override func next() throws(DatabaseError) -> Row? {
        while let row = try children[0].next() {
            if seen.insert(row).inserted {
                rowsProduced += 1
                return row
            }
        }
        return nil
    }

    override func close() {
        seen = []
        super.close()
    }
}

final class DistinctOnOperator: PhysicalOperator {
    let keys: [CompiledExpression]
    let environment: EvaluationEnvironment
    private var previous: [SQLValue]?

    init(_ input: PhysicalOperator, keys: [CompiledExpression], environment: EvaluationEnvironment) {
        self.keys = keys
        self.environment = environment
        super.init()
        children = [input]
    }

    override func open() throws(DatabaseError) {
        try super.open()
        previous = nil
    }

    override func next() throws(DatabaseError) -> Row? {
        while let row = try children[0].next() {
            var values: [SQLValue] = []
            for key in keys { values.append(try key.evaluate(row, environment)) }
            if values != previous {
                previous = values
                rowsProduced += 1
                return row
            }
        }
        return nil
    }
}

final class SetOperationOperator: PhysicalOperator {
    let kind: SetOperationKind
    let all: Bool
    private var output: [Row] = []
    private var position = 0
    private var streamingLeft = true
    private var seen: Set<Row> = []

    init(kind: SetOperationKind, all: Bool, left: PhysicalOperator, right: PhysicalOperator) {
        self.kind = kind
        self.all = all
        super.init()
        children = [left, right]
    }

    override func open() throws(DatabaseError) {
        try super.open()
        output = []
        position = 0
        streamingLeft = true
        seen = []
        switch kind {
        case .union:
            return  // streams
        case .intersect, .except:
            var rightCounts: [Row: Int] = [:]
            while let row = try children[1].next() { rightCounts[row, default: 0] += 1 }
            var emitted: [Row: Int] = [:]
            while let row = try children[0].next() {
                let inRight = rightCounts[row] ?? 0
                if kind == .intersect {
                    if all {
                        if inRight > 0 {
                            rightCounts[row] = inRight - 1
                            output.append(row)
                        }
                    } else if inRight > 0, emitted[row] == nil {
                        emitted[row] = 1
                        output.append(row)
                    }
                } else {
                    if all {
                        if inRight > 0 { rightCounts[row] = inRight - 1 } else { output.append(row) }
                    } else if inRight == 0, emitted[row] == nil {
                        emitted[row] = 1
                        output.append(row)
                    }
                }
            }
        }
    }

    override func next() throws(DatabaseError) -> Row? {
        if kind == .union {
            while true {
                let source = streamingLeft ? children[0] : children[1]
                guard let row = try source.next() else {
                    if streamingLeft {
                        streamingLeft = false
                        continue
                    }
                    return nil
                }
                if all || seen.insert(row).inserted {
                    rowsProduced += 1
                    return row
                }
            }
        }
        guard position < output.count else { return nil }
        defer { position += 1 }
        rowsProduced += 1
        return output[position]
    }

    override func close() {
        output = []
        seen = []
        super.close()
    }
}
