// ProjectSet: the set-returning functions of a select list. For each input row the functions'
// sets are computed; the row comes out once per value of the longest, followed by each
// function's value, or NULL once a shorter set has run out (PostgreSQL 10's rule). When every
// set is empty, the row does not come out at all.

import HeliosCore
import HeliosValues

final class ProjectSetOperator: PhysicalOperator {
    let functions: [(function: ResolvedFunction, arguments: [CompiledExpression])]
    let environment: EvaluationEnvironment
    private var input: Row = []
    private var sets: [[SQLValue]] = []
    private var position = 0
    private var length = 0

    init(_ input: PhysicalOperator, functions: [(ResolvedFunction, [CompiledExpression])], environment: EvaluationEnvironment) {
        self.functions = functions.map { (function: $0.0, arguments: $0.1) }
        self.environment = environment
        super.init()
        children = [input]
    }

    override func open() throws(DatabaseError) {
        try super.open()
        position = 0
        length = 0
    }

    override func next() throws(DatabaseError) -> Row? {
        while position >= length {
            guard let row = try children[0].next() else { return nil }
            input = row
            sets = []
            for call in functions {
                var values: [SQLValue] = []
                for argument in call.arguments { values.append(try argument.evaluate(row, environment)) }
                if call.function.overload.isStrict && values.contains(where: \.isNull) {
                    sets.append([])
                } else {
                    sets.append(try call.function.overload.evaluateSet(values, context: environment.context))
                }
            }
            position = 0
            length = sets.map(\.count).max() ?? 0
        }
        var result = input
        for set in sets { result.append(position < set.count ? set[position] : .null) }
        position += 1
        rowsProduced += 1
        return result
    }
}
