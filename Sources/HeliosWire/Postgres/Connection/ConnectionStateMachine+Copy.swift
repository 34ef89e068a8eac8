// COPY FROM STDIN, as PostgreSQL's CopyGetData reads it: CopyData chunks go to the engine (joined
// when several are waiting, since rows may be split anywhere anyway), CopyDone ends the data,
// CopyFail aborts with 57014 "COPY from stdin failed: <reason>". Flush and Sync are accepted
// and ignored (libpq may send them without noticing the command was a COPY). Anything else is
// 08P01 "unexpected message type 0x51 during COPY from stdin", which fails the COPY and, as in
// PostgreSQL, ends the connection: "terminating connection because protocol synchronization was
// lost" (FATAL), since the client is no longer in step with the server.

internal import HeliosCore

extension ConnectionStateMachine {
    mutating func handleCopyInMessage(_ message: FrontendMessage, context: RunContext, _ actions: inout [Action]) {
        switch message {
        case .copyData(let first):
            var chunk = Array(first.data.readableBytesView)
            while chunk.count < Self.copyChunkByteLimit, case .copyData(let next)? = queue.first {
                _ = queue.popFirst()
                queuedByteCount -= FrontendMessage.copyData(next).approximateByteCount
                chunk += next.data.readableBytesView
            }
            session.activity = .sendingCopyData(context)
            actions.append(.perform(.copyData(chunk)))
        case .copyDone:
            session.activity = .finishingCopy(context)
            actions.append(.perform(.copyDone))
        case .copyFail(let fail):
            failCopy(DatabaseError(.queryCanceled, "COPY from stdin failed: \(fail.reason)"), context: context,
                     reason: fail.reason, losesSynchronization: false, &actions)
        case .flush, .sync:
            break
        case .malformed(_, let error):
            failCopy(error, context: context, reason: error.message, losesSynchronization: false, &actions)
        default:
            let hex = String(message.typeCode, radix: 16, uppercase: true)
            let error = DatabaseError(.protocolViolation,
                                      "unexpected message type 0x\(hex.count == 1 ? "0" + hex : hex) during COPY from stdin")
            failCopy(error, context: context, reason: error.message, losesSynchronization: true, &actions)
        }
    }

    private mutating func failCopy(_ error: DatabaseError, context: RunContext, reason: String,
                                   losesSynchronization: Bool, _ actions: inout [Action]) {
        session.activity = .failingCopy(context, error, losesSynchronization: losesSynchronization)
        actions.append(.perform(.copyFail(reason)))
    }
}
