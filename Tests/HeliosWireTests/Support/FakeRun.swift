// The runs of the FakeBackend: a simple query (several statements) or an Execute (one), with
// row limits, streaming in steps of the row budget, COPY both ways, SLEEP and cancellation.

import HeliosCore
import HeliosWire
import Synchronization

/// A run that failed before it started.
final class FailedRun: QueryRun {
    let error: DatabaseError
    init(error: DatabaseError) { self.error = error }
    func next(rowBudget: Int) async -> QueryStep { QueryStep(events: [.error(error)], state: .finished) }
    func copyData(_ chunk: [UInt8]) async throws(DatabaseError) {}
    func copyDone() async {}
    func copyFail(_ reason: String) async {}
}

/// The run of a simple query (several statements) or an Execute (one).
final class FakeRun: QueryRun {
    struct State {
        var statements: [String]
        var index = 0
        /// Rows of the current statement still to send, with its tag.
        var pending: (rows: [[String?]], columns: [ColumnDescription], tag: String, sent: Int)?
        var copyTable: String?
        var copyBuffer: [UInt8] = []
        var copyLines: [String] = []
        var copyEnded = false
        var rowsThisExecute = 0
    }

    let session: FakeSession
    let isSimple: Bool
    let maxRows: Int
    let portalName: String?
    let state: Mutex<State>

    init(session: FakeSession, statements: [String], isSimple: Bool, maxRows: Int, portalName: String?) {
        self.session = session
        self.isSimple = isSimple
        self.maxRows = maxRows
        self.portalName = portalName
        state = Mutex(State(statements: statements))
    }

    func next(rowBudget: Int) async -> QueryStep {
        var events: [QueryEvent] = []
        while true {
            // Rows of the current statement first.
            if let step = emitPendingRows(rowBudget: rowBudget, into: &events) { return step }
            if let finished = finishCopyIfEnded(into: &events) { if !finished { continue } }
            let next: String? = state.withLock { state in
                guard state.index < state.statements.count else { return nil }
                defer { state.index += 1 }
                return state.statements[state.index]
            }
            guard let statement = next else { return QueryStep(events: events, state: .finished) }
            let query = statement.trimmed
            let upper = query.uppercased()
            if FakeSession.isEmptyStatement(query) {
                events.append(.emptyQuery)
                continue
            }
            if upper.hasPrefix("SLEEP ") {
                let milliseconds = Int(query.dropFirst(6).trimmed) ?? 0
                let clock = ContinuousClock()
                let deadline = clock.now + .milliseconds(milliseconds)
                while clock.now < deadline {
                    if session.cancelRequested.exchange(false, ordering: .sequentiallyConsistent) {
                        let reason = session.cancelReason.withLock { $0 }
                        let message = reason == .statementTimeout ? "canceling statement due to statement timeout"
                            : "canceling statement due to user request"
                        events.append(.error(DatabaseError(.queryCanceled, message)))
                        return QueryStep(events: events, state: .finished)
                    }
                    try? await Task.sleep(for: .milliseconds(2))
                }
                events.append(.commandComplete("SLEEP"))
                continue
            }
            if upper.hasPrefix("COPY ") {
                let words = query.split(separator: " ").map(String.init)
                let table = words.count > 1 ? words[1] : "t"
                if upper.contains("FROM STDIN") {
                    state.withLock { $0.copyTable = table }
                    events.append(.copyIn(.text(columnCount: 2)))
                    return QueryStep(events: events, state: .awaitingCopyData)
                }
                let lines = session.backend.tables.withLock { $0[table] } ?? ["1\tone", "2\ttwo"]
                var batch = CopyDataBatch()
                for line in lines { try! batch.append(text: line + "\n") }
                events.append(.copyOut(.text(columnCount: 2)))
                events.append(.copyData(batch))
                events.append(.commandComplete("COPY \(lines.count)"))
                continue
            }
            let parameters: [String?] = portalName.flatMap { name in
                session.state.withLock { $0.portals[name]?.parameters }
            } ?? []
            switch session.runStatement(query, parameters: parameters) {
            case .failure(let error):
                events.append(.error(error))
                return QueryStep(events: events, state: .finished)
            case .success(let (result, notices)):
                events += notices.map(QueryEvent.notice)
                guard let result else { continue }
                if isSimple, !result.columns.isEmpty { events.append(.rowDescription(result.columns)) }
                let start = portalName.flatMap { name in session.state.withLock { $0.portals[name]?.position } } ?? 0
                state.withLock { $0.pending = (Array(result.rows.dropFirst(start)), result.columns, result.tag, 0) }
            }
        }
    }

    /// Sends up to the budget (and the Execute limit) of the current statement's rows; returns a
    /// step when the run must pause or stop.
    private func emitPendingRows(rowBudget: Int, into events: inout [QueryEvent]) -> QueryStep? {
        let formats = portalName.flatMap { name in session.state.withLock { $0.portals[name]?.formats } }
        return state.withLock { state -> QueryStep? in
            guard var pending = state.pending else { return nil }
            var batch = DataRowBatch()
            var produced = 0
            while !pending.rows.isEmpty, produced < rowBudget, maxRows == 0 || state.rowsThisExecute < maxRows {
                let row = pending.rows.removeFirst()
                try! batch.appendRow { (writer: inout DataRowWriter) throws(DatabaseError) in
                    for (index, value) in row.enumerated() {
                        guard let value else { writer.appendNull(); continue }
                        let column = pending.columns[index]
                        if formats?.format(ofColumn: index) == .binary, column.typeOID == 23, let number = Int32(value) {
                            writer.append(withUnsafeBytes(of: number.bigEndian) { Array($0) })
                        } else {
                            writer.append(text: value)
                        }
                    }
                }
                produced += 1
                pending.sent += 1
                state.rowsThisExecute += 1
            }
            if !batch.isEmpty { events.append(.rows(batch)) }
            if let name = portalName {
                session.state.withLock { $0.portals[name]?.position += produced }
            }
            if maxRows > 0, state.rowsThisExecute >= maxRows, !isSimple {
                state.pending = pending
                events.append(.portalSuspended)
                return QueryStep(events: events, state: .finished)
            }
            if !pending.rows.isEmpty {
                state.pending = pending
                return QueryStep(events: events, state: .more)
            }
            state.pending = nil
            let tag = isSimple || portalName == nil ? pending.tag
                : pending.tag.hasPrefix("SELECT") ? "SELECT \(state.rowsThisExecute)" : pending.tag
            events.append(.commandComplete(tag))
            return nil
        }
    }

    /// After CopyDone: the COPY's tag (or its error). Returns nil when no COPY ended.
    private func finishCopyIfEnded(into events: inout [QueryEvent]) -> Bool? {
        let outcome: (table: String, lines: [String])? = state.withLock { state in
            guard state.copyEnded, let table = state.copyTable else { return nil }
            state.copyEnded = false
            state.copyTable = nil
            return (table, state.copyLines)
        }
        guard let outcome else { return nil }
        session.backend.tables.withLock { $0[outcome.table] = outcome.lines }
        events.append(.commandComplete("COPY \(outcome.lines.count)"))
        return false
    }

    func copyData(_ chunk: [UInt8]) async throws(DatabaseError) {
        session.log.append("copy data \(chunk.count)")
        try state.withLock { state throws(DatabaseError) in
            state.copyBuffer += chunk
            while let newline = state.copyBuffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: state.copyBuffer[..<newline], as: UTF8.self)
                state.copyBuffer.removeSubrange(...newline)
                if line == "\\." { continue }
                if line == "bad" {
                    throw DatabaseError(.invalidTextRepresentation, "invalid input syntax for type integer: \"bad\"")
                }
                state.copyLines.append(line)
            }
        }
    }

    func copyDone() async {
        session.log.append("copy done")
        state.withLock { $0.copyEnded = true }
    }

    func copyFail(_ reason: String) async {
        session.log.append("copy fail \(reason)")
        state.withLock { $0.copyTable = nil; $0.copyLines = [] }
    }
}
