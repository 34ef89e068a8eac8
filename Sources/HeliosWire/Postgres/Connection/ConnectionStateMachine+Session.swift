// The query cycles of an open session, as PostgreSQL's PostgresMain runs them.
//
// Simple query:   Query → per statement [RowDescription] DataRow* CommandComplete (or
//                 EmptyQueryResponse, or COPY) … → [ParameterStatus*] ReadyForQuery.
//                 An error ends the message's remaining statements.
// Extended query: Parse → ParseComplete, Bind → BindComplete, Describe S → ParameterDescription
//                 + RowDescription|NoData, Describe P → RowDescription|NoData, Execute → DataRow*
//                 + CommandComplete|PortalSuspended|EmptyQueryResponse, Close → CloseComplete,
//                 Flush → send what is pending, Sync → [ParameterStatus*] ReadyForQuery.
//                 After an error, every message but Sync and Terminate is dropped until Sync.
// Outside COPY, CopyData, CopyDone and CopyFail are dropped; FunctionCall is refused (0A000)
// and answered with ReadyForQuery like a simple query.

internal import HeliosCore

extension ConnectionStateMachine {
    /// Extended-query message types: an error in one starts skipping to Sync.
    static let extendedTypeCodes: Set<UInt8> = [
        ParseMessage.typeCode, BindMessage.typeCode, DescribeMessage.typeCode, ExecuteMessage.typeCode,
        CloseMessage.typeCode, FlushMessage.typeCode,
    ]

    mutating func handleSessionMessage(_ message: FrontendMessage, _ actions: inout [Action]) {
        if case .copyingIn(let context) = session.activity {
            return handleCopyInMessage(message, context: context, &actions)
        }
        if case .authenticationResponse = message {
            return fatal(DatabaseError(.protocolViolation, "invalid frontend message type \(message.typeCode)"), &actions)
        }
        if session.skippingToSync {
            switch message {
            case .sync, .terminate: break
            default: return
            }
        }
        switch message {
        case .query(let query):
            session.activity = .running(RunContext(isSimpleQuery: true))
            actions.append(.perform(.simpleQuery(query.text, rowBudget: configuration.rowBudget)))
        case .parse(let parse):
            session.activity = .calling
            actions.append(.perform(.parse(ParseRequest(statementName: parse.statementName, query: parse.query,
                                                        parameterTypeOIDs: parse.parameterTypeOIDs))))
        case .bind(let bind):
            do throws(DatabaseError) {
                let request = try Self.bindRequest(bind)
                session.activity = .calling
                actions.append(.perform(.bind(request)))
            } catch {
                reportExtendedQueryError(error, &actions)
            }
        case .describe(let describe):
            session.activity = .calling
            switch describe.target {
            case .statement(let name): actions.append(.perform(.describeStatement(name)))
            case .portal(let name): actions.append(.perform(.describePortal(name)))
            }
        case .execute(let execute):
            session.activity = .running(RunContext(isSimpleQuery: false))
            actions.append(.perform(.execute(portal: execute.portalName, maxRows: max(0, Int(execute.maxRows)),
                                             rowBudget: configuration.rowBudget)))
        case .close(let close):
            session.activity = .calling
            switch close.target {
            case .statement(let name): actions.append(.perform(.closeStatement(name)))
            case .portal(let name): actions.append(.perform(.closePortal(name)))
            }
        case .sync:
            session.skippingToSync = false
            startSync(&actions)
        case .flush:
            actions.append(.flush)
        case .terminate:
            close(&actions)
        case .copyData, .copyDone, .copyFail:
            break  // leftovers of a failed COPY: dropped, as PostgreSQL does
        case .functionCall:
            reportError(DatabaseError(.featureNotSupported, "fast-path function calls are not supported"), &actions)
            startSync(&actions)
        case .malformed(let typeCode, let error):
            if Self.extendedTypeCodes.contains(typeCode) {
                reportExtendedQueryError(error, &actions)
            } else if [CopyData.typeCode, CopyDone.typeCode, CopyFailMessage.typeCode].contains(typeCode) {
                break
            } else {
                reportError(error, &actions)
                startSync(&actions)
            }
        case .sslRequest, .gssEncryptionRequest, .cancelRequest, .startup, .authenticationResponse:
            fatal(DatabaseError(.protocolViolation, "invalid frontend message type \(message.typeCode)"), &actions)
        }
    }

    mutating func handleSessionResponse(_ response: BackendResponse, _ actions: inout [Action]) {
        switch (session.activity, response) {
        case (.running(let context), .step(let step)):
            handleStep(step, context: context, &actions)
        case (.sendingCopyData(let context), .copyDataAccepted):
            session.activity = .copyingIn(context)
        case (.sendingCopyData(let context), .copyDataRejected(let error)):
            reportError(error, &actions)
            endRun(context, failed: true, &actions)
        case (.finishingCopy(let context), .copyFinished):
            session.activity = .running(context)
            actions.append(.perform(.nextStep(rowBudget: configuration.rowBudget)))
        case (.failingCopy(let context, let error, let losesSynchronization), .copyFinished):
            reportError(error, &actions)
            if losesSynchronization {
                fatal(DatabaseError(.protocolViolation, "terminating connection because protocol synchronization was lost"),
                      &actions)
            } else {
                endRun(context, failed: true, &actions)
            }
        case (.calling, _):
            session.activity = .idle
            handleCallResponse(response, &actions)
        case (.syncing, .synced(let ready)):
            session.activity = .idle
            session.transactionStatus = ready.transactionStatus
            if let error = ready.error { actions.append(.send(.errorResponse(.error(error)))) }
            for parameter in ready.changedParameters {
                actions.append(.send(.parameterStatus(ParameterStatus(name: parameter.name, value: parameter.value))))
            }
            actions.append(.send(.readyForQuery(ReadyForQuery(status: ready.transactionStatus))))
            actions.append(.flush)
        default:
            preconditionFailure("invariant 1: a response that answers no outstanding request")
        }
    }

    private mutating func handleCallResponse(_ response: BackendResponse, _ actions: inout [Action]) {
        switch response {
        case .parsed(let notices):
            sendNotices(notices, &actions)
            actions.append(.send(.parseComplete))
        case .bound(let notices):
            sendNotices(notices, &actions)
            actions.append(.send(.bindComplete))
        case .statementDescribed(let description):
            actions.append(.send(.parameterDescription(ParameterDescription(typeOIDs: description.parameterTypeOIDs))))
            if let columns = description.columns {
                // A statement's formats are not known before Bind: PostgreSQL reports text.
                let textColumns = columns.map { column -> ColumnDescription in
                    var column = column
                    column.format = .text
                    return column
                }
                actions.append(.send(.rowDescription(RowDescription(columns: textColumns))))
            } else {
                actions.append(.send(.noData))
            }
        case .portalDescribed(let columns):
            if let columns {
                actions.append(.send(.rowDescription(RowDescription(columns: columns))))
            } else {
                actions.append(.send(.noData))
            }
        case .closed:
            actions.append(.send(.closeComplete))
        case .failed(let error):
            reportExtendedQueryError(error, &actions)
        default:
            preconditionFailure("invariant 1: a response that answers no outstanding request")
        }
    }

    /// Sends a step's events; then asks for more, waits for COPY data, or ends the run.
    private mutating func handleStep(_ step: QueryStep, context: RunContext, _ actions: inout [Action]) {
        var context = context
        var hasNotice = false
        for event in step.events {
            switch event {
            case .notice(let notice):
                actions.append(.send(.noticeResponse(NoticeResponse(notice))))
                hasNotice = true
            case .rowDescription(let columns):
                if context.isSimpleQuery { actions.append(.send(.rowDescription(RowDescription(columns: columns)))) }
            case .rows(let batch):
                if !batch.isEmpty { actions.append(.sendRows(batch)) }
            case .commandComplete(let tag):
                if context.isCopyingOut {
                    actions.append(.send(.copyDone))
                    context.isCopyingOut = false
                }
                actions.append(.send(.commandComplete(CommandComplete(tag: tag))))
            case .emptyQuery:
                actions.append(.send(.emptyQueryResponse))
            case .portalSuspended:
                if !context.isSimpleQuery { actions.append(.send(.portalSuspended)) }
            case .copyIn(let format):
                actions.append(.send(.copyInResponse(CopyInResponse(format: format))))
                actions.append(.flush)
            case .copyOut(let format):
                actions.append(.send(.copyOutResponse(CopyOutResponse(format: format))))
                context.isCopyingOut = true
            case .copyData(let batch):
                if batch.messageCount > 0 { actions.append(.sendCopyData(batch)) }
            case .error(let error):
                reportError(error, &actions)
                return endRun(context, failed: true, &actions)  // an error ends the run
            }
        }
        switch step.state {
        case .more:
            actions.append(.flush)
            session.activity = .running(context)
            actions.append(.perform(.nextStep(rowBudget: configuration.rowBudget)))
        case .awaitingCopyData:
            session.activity = .copyingIn(context)
        case .finished:
            if hasNotice { actions.append(.flush) }  // PostgreSQL sends notices at once
            endRun(context, failed: false, &actions)
        }
    }

    /// A run is over: a simple query ends with sync and ReadyForQuery; after a failed Execute,
    /// skip to Sync.
    mutating func endRun(_ context: RunContext, failed: Bool, _ actions: inout [Action]) {
        if context.isSimpleQuery {
            startSync(&actions)
        } else {
            session.activity = .idle
            if failed { session.skippingToSync = true }
        }
    }

    mutating func startSync(_ actions: inout [Action]) {
        session.activity = .syncing
        actions.append(.perform(.sync(errorReported: session.errorSinceSync)))
        session.errorSinceSync = false
    }

    /// An ErrorResponse, flushed at once as PostgreSQL does (invariant 4).
    mutating func reportError(_ error: DatabaseError, _ actions: inout [Action]) {
        session.errorSinceSync = true
        actions.append(.send(.errorResponse(.error(error))))
        actions.append(.flush)
    }

    mutating func reportExtendedQueryError(_ error: DatabaseError, _ actions: inout [Action]) {
        reportError(error, &actions)
        session.activity = .idle
        session.skippingToSync = true
    }

    private func sendNotices(_ notices: [Notice], _ actions: inout [Action]) {
        for notice in notices { actions.append(.send(.noticeResponse(NoticeResponse(notice)))) }
        if !notices.isEmpty { actions.append(.flush) }
    }

    /// Checks a Bind's format codes as PostgreSQL's exec_bind_message does.
    static func bindRequest(_ bind: BindMessage) throws(DatabaseError) -> BindRequest {
        let valueCount = bind.parameterValues.count
        let formatCount = bind.parameterFormatCodes.count
        guard formatCount == 0 || formatCount == 1 || formatCount == valueCount else {
            throw DatabaseError(.protocolViolation,
                                "bind message has \(formatCount) parameter formats but \(valueCount) parameters")
        }
        var parameters: [BoundParameter] = []
        parameters.reserveCapacity(valueCount)
        for (index, value) in bind.parameterValues.enumerated() {
            let code: Int16 = formatCount == 0 ? 0 : formatCount == 1 ? bind.parameterFormatCodes[0]
                : bind.parameterFormatCodes[index]
            let format = try FormatCode.validated(code)
            parameters.append(BoundParameter(format: format, bytes: value.map { Array($0.readableBytesView) }))
        }
        var resultFormats: [FormatCode] = []
        for code in bind.resultFormatCodes { resultFormats.append(try FormatCode.validated(code)) }
        return BindRequest(portalName: bind.portalName, statementName: bind.statementName, parameters: parameters,
                           resultFormats: ResultFormats(resultFormats))
    }
}
