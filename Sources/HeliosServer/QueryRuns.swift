// A simple-query message and an Execute, produced step by step. A query's rows stream through
// the session's unnamed portal, a step's worth at a time; other statements run whole; COPY FROM
// STDIN hands over to the client's data, COPY TO STDOUT sends lines.

public import HeliosCore
public import HeliosEngine
public import HeliosValues
public import HeliosWire
public import HeliosSQL

final class SimpleQueryRun: QueryRun, @unchecked Sendable {  // one call at a time (QueryRun contract)
    private let text: String
    private unowned let owner: EngineWireSession
    private var statements: [ParsedStatement]?
    private var index = 0
    /// The statement streaming through the unnamed portal, with its columns.
    private var streaming: [ResultColumn]?
    private var copyIn: CopyIn?
    private var copyFinished = false
    /// When the message arrived: its duration is logged when it ends (StatementLog).
    private let start = ContinuousClock.now

    init(text: String, owner: EngineWireSession) {
        self.text = text
        self.owner = owner
    }

    func next(rowBudget: Int) async -> QueryStep {
        await owner.worker.run { [self] in step(rowBudget: rowBudget) }
    }

    private var session: Session { owner.session }

    /// The next step; when the message is done, its duration goes to the log (its error, if
    /// it failed).
    private func step(rowBudget: Int) -> QueryStep {
        let step = runStep(rowBudget: rowBudget)
        if step.state == .finished {
            if case .error(let error) = step.events.last {
                owner.log.failed(error, statement: text)
            } else {
                owner.log.finished("statement: \(text)", since: start, session: session)
            }
        }
        return step
    }

    private func runStep(rowBudget: Int) -> QueryStep {
        var events: [QueryEvent] = []
        do throws(DatabaseError) {
            if statements == nil {
                statements = try Parser.parseStatements(text)
                if statements!.isEmpty { return QueryStep(events: [.emptyQuery], state: .finished) }
            }
            let statements = self.statements!
            session.statementsInMessage = statements.count
            defer { session.statementsInMessage = 1 }
            if let copyIn, copyFinished {
                self.copyIn = nil
                events.append(.commandComplete(try copyIn.finish()))
                index += 1
            }
            var rows = 0
            while index < statements.count && rows < rowBudget {
                if let columns = streaming {
                    let output = try session.execute(portal: "", maxRows: rowBudget - rows)
                    rows += output.rows.count
                    if !output.rows.isEmpty {
                        events.append(.rows(try ValueEncoding.encode(output.rows, columns: columns, formats: ResultFormats([]),
                                                                     settings: output.outputSettings)))
                    }
                    if let tag = output.commandTag {
                        events.append(.commandComplete(tag))
                        streaming = nil
                        session.closePortal(named: "")
                        index += 1
                    }
                    continue
                }
                let parsed = statements[index]
                switch parsed.statement {
                case .copy(let copy) where copy.isFrom:
                    let operation = try session.beginCopyIn(copy)
                    copyIn = operation
                    copyFinished = false
                    events.append(.copyIn(.text(columnCount: operation.columnCount)))
                    return QueryStep(events: events, state: .awaitingCopyData)
                case .copy(let copy):
                    let output = try session.runCopyOut(copy)
                    events.append(.copyOut(.text(columnCount: output.columnCount)))
                    var batch = CopyDataBatch()
                    for line in output.lines { try batch.append(line) }
                    if !output.lines.isEmpty { events.append(.copyData(batch)) }
                    events.append(.commandComplete("COPY \(output.rowCount)"))
                    index += 1
                case .select(let query) where query.locking.isEmpty:
                    let columns = try session.openUnnamedPortal(parsed.statement, text: parsed.text, template: .of(parsed)) ?? []
                    events.append(.rowDescription(ValueEncoding.describe(columns, formats: ResultFormats([]))))
                    streaming = columns
                default:
                    let result = try session.run(parsed.statement, text: parsed.text, template: .of(parsed))
                    for notice in result.notices { events.append(.notice(Notice(.notice, .successfulCompletion, notice))) }
                    if let columns = result.columns {
                        events.append(.rowDescription(ValueEncoding.describe(columns, formats: ResultFormats([]))))
                        if !result.rows.isEmpty {
                            events.append(.rows(try ValueEncoding.encode(result.rows, columns: columns, formats: ResultFormats([]),
                                                                         settings: result.outputSettings)))
                        }
                        rows += result.rows.count
                    }
                    events.append(.commandComplete(result.commandTag))
                    index += 1
                }
            }
            return QueryStep(events: events, state: index < statements.count ? .more : .finished)
        } catch {
            if streaming != nil {
                session.closePortal(named: "")
                streaming = nil
            }
            events.append(.error(error))
            return QueryStep(events: events, state: .finished)
        }
    }

    func copyData(_ chunk: [UInt8]) async throws(DatabaseError) {
        guard let copyIn else { return }
        let result: Result<Void, DatabaseError> = await owner.worker.run {
            do throws(DatabaseError) {
                try copyIn.feed(chunk)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        if case .failure(let error) = result {
            self.copyIn = nil
            owner.log.failed(error, statement: text)
        }
        try result.get()
    }

    func copyDone() async {
        copyFinished = true
    }

    func copyFail(_ reason: String) async {
        guard let copyIn else { return }
        self.copyIn = nil
        await owner.worker.run { copyIn.fail() }
    }
}

/// An Execute of a portal: rows up to the row limit, streamed in steps.
final class ExecuteRun: QueryRun, @unchecked Sendable {  // one call at a time (QueryRun contract)
    private let portal: String
    private let maxRows: Int
    private let formats: ResultFormats
    private unowned let owner: EngineWireSession
    private var sent = 0
    /// When the Execute arrived, and the portal as it was then (for the log).
    private let start = ContinuousClock.now
    private var source: PortalSource?

    init(portal: String, maxRows: Int, formats: ResultFormats, owner: EngineWireSession) {
        self.portal = portal
        self.maxRows = maxRows
        self.formats = formats
        self.owner = owner
    }

    func next(rowBudget: Int) async -> QueryStep {
        await owner.worker.run { [self] in step(rowBudget: rowBudget) }
    }

    /// The next step; when the Execute is done, its duration goes to the log (its error, if
    /// it failed), as "execute" or, for a portal an earlier Execute ran, "execute fetch from".
    private func step(rowBudget: Int) -> QueryStep {
        // The portal's parameters as text, only when a duration may be logged.
        if sent == 0 && source == nil && owner.session.logMinDurationStatement >= 0 {
            source = owner.session.portalSource(named: portal)
        }
        let step = runStep(rowBudget: rowBudget)
        guard step.state == .finished else { return step }
        if case .error(let error) = step.events.last {
            owner.log.failed(error, statement: source?.text ?? owner.session.statementText(ofPortal: portal))
        } else if let source {
            let label = StatementLog.portalLabel(statement: source.statementName, portal: portal)
            owner.log.finished("\(source.isStarted ? "execute fetch from" : "execute") \(label): \(source.text)",
                               detail: StatementLog.parameterDetail(source.parameters), since: start, session: owner.session)
        }
        return step
    }

    private func runStep(rowBudget: Int) -> QueryStep {
        let session = owner.session
        do throws(DatabaseError) {
            let remaining = maxRows > 0 ? maxRows - sent : Int.max
            let ask = min(max(rowBudget, 1), remaining)
            let output = try session.execute(portal: portal, maxRows: ask)
            sent += output.rows.count
            var events: [QueryEvent] = output.notices.map { .notice(Notice(.notice, .successfulCompletion, $0)) }
            if !output.rows.isEmpty {
                let columns = try session.describePortal(named: portal) ?? []
                events.append(.rows(try ValueEncoding.encode(output.rows, columns: columns, formats: formats,
                                                             settings: output.outputSettings)))
            }
            if let tag = output.commandTag {
                events.append(tag.isEmpty ? .emptyQuery : .commandComplete(tag))
                return QueryStep(events: events, state: .finished)
            }
            if maxRows > 0 && sent >= maxRows {
                events.append(.portalSuspended)
                return QueryStep(events: events, state: .finished)
            }
            return QueryStep(events: events, state: .more)
        } catch {
            return QueryStep(events: [.error(error)], state: .finished)
        }
    }

    func copyData(_ chunk: [UInt8]) async throws(DatabaseError) {
        throw DatabaseError(.protocolViolation, "COPY is not supported through the extended query protocol yet")
    }

    func copyDone() async {}

    func copyFail(_ reason: String) async {}
}
