// DECLARE, FETCH, MOVE and CLOSE: cursors over a query's result. Rows are produced on demand;
// those already fetched are kept, so a SCROLL cursor can move backwards. WITH HOLD cursors
// compute their whole result at once and outlive the transaction.

public import HeliosCore
public import HeliosValues
public import HeliosSQL

package final class Cursor {
    var execution: QueryExecution?
    var rows: [Row] = []
    /// 0: before the first row; n: on row n; rows.count + 1 (once complete): after the last.
    var position = 0
    let scrollable: Bool
    let holdable: Bool
    let outputs: [OutputColumn]
    /// The settings its rows print with (see QueryExecution.outputSettings).
    let outputSettings: SessionSettings

    init(execution: QueryExecution, scrollable: Bool, holdable: Bool) {
        self.execution = execution
        self.scrollable = scrollable
        self.holdable = holdable
        outputs = execution.outputs
        outputSettings = execution.outputSettings
    }

    var isComplete: Bool { execution == nil }

    /// Makes sure row `index` (1-based) is fetched if it exists.
    func load(upTo index: Int) throws(DatabaseError) {
        guard let execution, index > rows.count else { return }
        let more = try execution.fetch(index - rows.count)
        rows += more
        if execution.isFinished { self.execution = nil }
    }

    func loadAll() throws(DatabaseError) {
        guard let execution else { return }
        rows += try execution.fetch(nil)
        self.execution = nil
    }
}

extension Session {
    func runDeclare(_ declare: DeclareCursorStatement, parameters: [SQLValue], parameterTypes: [SQLType?]) throws(DatabaseError) -> StatementResult {
        let transaction = try currentTransaction()
        if !transaction.isExplicit && !declare.withHold {
            throw DatabaseError(.noActiveSQLTransaction, "DECLARE CURSOR can only be used in transaction blocks")
        }
        if cursors[declare.name] != nil {
            throw DatabaseError(.duplicateCursor, "cursor \"\(declare.name)\" already exists")
        }
        let statement = try StatementContext(session: self, transaction: transaction)
        let execution: QueryExecution
        do {
            execution = try prepareQuery(declare.query, statement: statement, parameters: parameters, parameterTypes: parameterTypes)
        } catch {
            statement.abandon()
            throw error
        }
        let cursor = Cursor(execution: execution, scrollable: declare.scroll == true, holdable: declare.withHold)
        if declare.withHold { try cursor.loadAll() }
        cursors[declare.name] = cursor
        return StatementResult(columns: nil, rows: [], commandTag: "DECLARE CURSOR")
    }

    func runFetch(_ fetch: FetchStatement) throws(DatabaseError) -> StatementResult {
        guard let cursor = cursors[fetch.cursor] else {
            throw DatabaseError(.invalidCursorName, "cursor \"\(fetch.cursor)\" does not exist")
        }
        func backwardsAllowed() throws(DatabaseError) {
            if !cursor.scrollable {
                throw DatabaseError(.objectNotInPrerequisiteState, "cursor can only scan forward",
                                    hint: "Declare it with SCROLL option to enable backward scan.")
            }
        }
        var result: [Row] = []
        switch fetch.direction {
        case .forward(let count):
            let steps: Int
            switch count {
            case .all: steps = Int.max
            case .count(let n) where n >= 0: steps = Int(n)
            case .count(let n):
                try backwardsAllowed()
                result = try moveBackward(cursor, steps: Int(-n))
                return fetchResult(fetch, cursor, result)
            }
            result = try moveForward(cursor, steps: steps)
        case .backward(let count):
            try backwardsAllowed()
            let steps: Int = switch count {
            case .all: Int.max
            case .count(let n): Int(n)
            }
            result = try moveBackward(cursor, steps: steps)
        case .absolute(let n):
            var target = Int(n)
            if target < 0 {
                try backwardsAllowed()
                try cursor.loadAll()
                target = cursor.rows.count + 1 + target
            } else if target < cursor.position {
                try backwardsAllowed()
            }
            try cursor.load(upTo: max(target, 0))
            if target <= 0 {
                cursor.position = 0
            } else if target > cursor.rows.count {
                cursor.position = cursor.rows.count + 1
            } else {
                cursor.position = target
                result = [cursor.rows[target - 1]]
            }
        case .relative(let n):
            if n == 0 {
                if cursor.position >= 1 && cursor.position <= cursor.rows.count { result = [cursor.rows[cursor.position - 1]] }
            } else if n > 0 {
                _ = try moveForward(cursor, steps: Int(n) - 1)
                result = try moveForward(cursor, steps: 1)
            } else {
                try backwardsAllowed()
                _ = try moveBackward(cursor, steps: Int(-n) - 1)
                result = try moveBackward(cursor, steps: 1)
            }
        }
        return fetchResult(fetch, cursor, result)
    }

    private func fetchResult(_ fetch: FetchStatement, _ cursor: Cursor, _ rows: [Row]) -> StatementResult {
        if fetch.isMove {
            return StatementResult(columns: nil, rows: [], commandTag: "MOVE \(rows.count)")
        }
        var result = StatementResult(columns: cursor.outputs.map(ResultColumn.init), rows: rows, commandTag: "FETCH \(rows.count)")
        result.outputSettings = cursor.outputSettings
        return result
    }

    private func moveForward(_ cursor: Cursor, steps: Int) throws(DatabaseError) -> [Row] {
        var result: [Row] = []
        var remaining = steps
        while remaining > 0 {
            let next = cursor.position + 1
            if next > cursor.rows.count {
                try cursor.load(upTo: steps == Int.max ? Int.max : max(next, cursor.position + remaining))
            }
            guard next <= cursor.rows.count else {
                cursor.position = cursor.rows.count + 1
                break
            }
            cursor.position = next
            result.append(cursor.rows[next - 1])
            remaining -= 1
        }
        return result
    }

    private func moveBackward(_ cursor: Cursor, steps: Int) throws(DatabaseError) -> [Row] {
        var result: [Row] = []
        if cursor.position > cursor.rows.count {
            try cursor.loadAll()
            cursor.position = cursor.rows.count + 1
        }
        var remaining = steps
        while remaining > 0 && cursor.position > 1 {
            cursor.position -= 1
            result.append(cursor.rows[cursor.position - 1])
            remaining -= 1
        }
        if remaining > 0 { cursor.position = 0 }
        return result
    }
}
