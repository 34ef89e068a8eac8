// Performs the connection's requests against the authenticator and the engine's session, in
// Tasks the handler starts (on the connection's event loop as executor). The state machine issues one request at a time (its invariant 1), so the
// session sees one call at a time, as WireSession requires; the actor makes that safe to
// state to the compiler as well. It also keeps the current QueryRun, which the pure state
// machine only refers to implicitly ("the next step").

internal import HeliosCore
internal import Synchronization

/// One connection's link to its session.
public actor SessionDriver {
    let backend: any WireBackend
    let authenticator: any Authenticator
    /// Where CancelRequests and shutdown reach the session, from any thread.
    public nonisolated let cancelTarget = CancelTarget()
    private var session: (any WireSession)?
    private var run: (any QueryRun)?
    private var isClosed = false
    /// The open session, for `answerAtOnce` outside the actor; nil before it opens and once
    /// it closes. The mutex guards only the reference.
    private nonisolated let openSession = Mutex<(any WireSession)?>(nil)

    public init(backend: any WireBackend, authenticator: any Authenticator) {
        self.backend = backend
        self.authenticator = authenticator
    }

    public func perform(_ request: ConnectionStateMachine.BackendRequest) async -> ConnectionStateMachine.BackendResponse {
        switch request {
        case .lookUpPolicy(let user, let database, let origin):
            return .policy(await authenticator.policy(user: user, database: database, origin: origin))
        case .checkPassword(let password, let user, let secret):
            return .passwordChecked(PasswordCheck.cleartext(password, user: user, secret: secret))
        case .openSession(let startup):
            do throws(DatabaseError) {
                let opened = try await backend.openSession(startup)
                session = opened.session
                cancelTarget.attach(opened.session)
                openSession.withLock { $0 = opened.session }
                return .sessionOpened(reportedParameters: opened.reportedParameters, notices: opened.notices)
            } catch {
                return .sessionRefused(error)
            }
        default:
            break
        }
        guard let session, !isClosed else { return Self.noSessionResponse(to: request) }
        switch request {
        case .simpleQuery(let text, let rowBudget):
            run = await session.simpleQuery(text)
            return .step(await nextStep(rowBudget: rowBudget))
        case .execute(let portal, let maxRows, let rowBudget):
            run = await session.execute(portal: portal, maxRows: maxRows)
            return .step(await nextStep(rowBudget: rowBudget))
        case .nextStep(let rowBudget):
            return .step(await nextStep(rowBudget: rowBudget))
        case .copyData(let chunk):
            guard let run else { return .copyDataRejected(Self.noRun) }
            do throws(DatabaseError) {
                try await run.copyData(chunk)
                return .copyDataAccepted
            } catch {
                self.run = nil
                return .copyDataRejected(error)
            }
        case .copyDone:
            await run?.copyDone()
            return .copyFinished
        case .copyFail(let reason):
            await run?.copyFail(reason)
            run = nil
            return .copyFinished
        case .parse(let parse):
            do throws(DatabaseError) { return .parsed(try await session.parse(parse)) } catch { return .failed(error) }
        case .bind(let bind):
            do throws(DatabaseError) { return .bound(try await session.bind(bind)) } catch { return .failed(error) }
        case .describeStatement(let name):
            do throws(DatabaseError) {
                return .statementDescribed(try await session.describeStatement(named: name))
            } catch {
                return .failed(error)
            }
        case .describePortal(let name):
            do throws(DatabaseError) {
                return .portalDescribed(try await session.describePortal(named: name))
            } catch {
                return .failed(error)
            }
        case .closeStatement(let name):
            await session.closeStatement(named: name)
            return .closed
        case .closePortal(let name):
            await session.closePortal(named: name)
            return .closed
        case .sync(let errorReported):
            run = nil
            return .synced(await session.sync(errorReported: errorReported))
        case .lookUpPolicy, .checkPassword, .openSession:
            preconditionFailure("handled above")
        }
    }

    /// The session's answer to `request` given at once on the calling thread (the connection's
    /// event loop), without a Task, or nil when the request must go through `perform`
    /// (WireSession.answerAtOnce). Only while no request is in flight.
    public nonisolated func answerAtOnce(_ request: ConnectionStateMachine.BackendRequest) -> ConnectionStateMachine.BackendResponse? {
        switch request {
        case .bind, .describePortal, .closeStatement, .closePortal, .sync: break
        default: return nil
        }
        guard let session = openSession.withLock({ $0 }) else { return nil }
        return session.answerAtOnce(request)
    }

    /// No more answers at once: the session is closing.
    public nonisolated func detachSession() {
        openSession.withLock { $0 = nil }
    }

    /// Ends the session; the handler calls it once, after any request in flight returned.
    public func close() async {
        detachSession()
        guard !isClosed else { return }
        isClosed = true
        run = nil
        cancelTarget.detach()
        await session?.close()
        session = nil
    }

    private func nextStep(rowBudget: Int) async -> QueryStep {
        guard let run else {
            return QueryStep(events: [.error(Self.noRun)], state: .finished)
        }
        let step = await run.next(rowBudget: rowBudget)
        let failed = step.events.contains { if case .error = $0 { true } else { false } }
        if step.state == .finished || failed { self.run = nil }
        return step
    }

    private static var noRun: DatabaseError { DatabaseError(.internalError, "no statement is running") }

    private static func noSessionResponse(to request: ConnectionStateMachine.BackendRequest)
        -> ConnectionStateMachine.BackendResponse {
        let error = DatabaseError(.internalError, "the session is closed")
        switch request {
        case .simpleQuery, .execute, .nextStep: return .step(QueryStep(events: [.error(error)], state: .finished))
        case .copyData: return .copyDataRejected(error)
        case .copyDone, .copyFail: return .copyFinished
        case .closeStatement, .closePortal: return .closed
        case .sync: return .synced(ReadyState(transactionStatus: .idle))
        default: return .failed(error)
        }
    }
}
