// BEGIN, COMMIT, ROLLBACK and savepoints, with PostgreSQL's warnings-as-tags: COMMIT of a
// failed transaction answers ROLLBACK; BEGIN inside a block and COMMIT outside one are allowed
// (PostgreSQL warns); ROLLBACK TO SAVEPOINT revives a failed transaction.

public import HeliosCore
public import HeliosSQL

extension Session {
    func runTransactionControl(_ control: TransactionStatement) throws(DatabaseError) -> StatementResult {
        func done(_ tag: String) -> StatementResult { StatementResult(columns: nil, rows: [], commandTag: tag) }
        switch control {
        case .begin(let modes, let startKeyword):
            let tag = startKeyword ? "START TRANSACTION" : "BEGIN"
            if let transaction {
                if transaction.isExplicit {
                    // PostgreSQL warns "there is already a transaction in progress" and goes on.
                    if transaction.failed {
                        throw DatabaseError(.inFailedSQLTransaction,
                                            "current transaction is aborted, commands ignored until end of transaction block")
                    }
                    return done(tag)
                }
                // An implicit transaction (earlier statements of the same message) becomes the block.
                transaction.isExplicit = true
                try apply(modes, to: transaction)
                return done(tag)
            }
            let started = SQLTransaction(isExplicit: true, isolation: defaultIsolation, readOnly: defaultReadOnly,
                                         startTimestamp: Self.now())
            try apply(modes, to: started)
            transaction = started
            return done(tag)
        case .commit(let chain), .rollback(let chain):
            let isCommit = if case .commit = control { true } else { false }
            guard let transaction else {
                // PostgreSQL warns "there is no transaction in progress".
                return done(isCommit ? "COMMIT" : "ROLLBACK")
            }
            let characteristics = (transaction.isolation, transaction.readOnly)
            if isCommit && !transaction.failed {
                try commitTransaction()
            } else {
                rollbackTransaction()
            }
            if chain {
                let started = SQLTransaction(isExplicit: true, isolation: characteristics.0, readOnly: characteristics.1,
                                             startTimestamp: Self.now())
                self.transaction = started
            }
            return done(isCommit && !transaction.failed ? "COMMIT" : "ROLLBACK")
        case .savepoint(let name):
            let transaction = try requireBlock("SAVEPOINT")
            if transaction.failed {
                throw DatabaseError(.inFailedSQLTransaction, "current transaction is aborted, commands ignored until end of transaction block")
            }
            transaction.addSavepoint(name)
            return done("SAVEPOINT")
        case .release(let name):
            let transaction = try requireBlock("RELEASE SAVEPOINT")
            if transaction.failed {
                throw DatabaseError(.inFailedSQLTransaction, "current transaction is aborted, commands ignored until end of transaction block")
            }
            try transaction.release(name)
            return done("RELEASE")
        case .rollbackToSavepoint(let name):
            let transaction = try requireBlock("ROLLBACK TO SAVEPOINT")
            let undone = try transaction.rollback(to: name)
            try database.manager.abort(undone)
            return done("ROLLBACK")
        case .prepareTransaction, .commitPrepared, .rollbackPrepared:
            throw DatabaseError(.featureNotSupported, "prepared transactions (two-phase commit) are not supported")
        }
    }

    private func requireBlock(_ statement: String) throws(DatabaseError) -> SQLTransaction {
        guard let transaction, transaction.isExplicit else {
            throw DatabaseError(.noActiveSQLTransaction, "\(statement) can only be used in transaction blocks")
        }
        return transaction
    }

    func apply(_ modes: [TransactionMode], to transaction: SQLTransaction) throws(DatabaseError) {
        for mode in modes {
            switch mode {
            case .isolationLevel(let level):
                if transaction.top != nil || transaction.snapshot != nil {
                    throw DatabaseError(.activeSQLTransaction, "SET TRANSACTION ISOLATION LEVEL must be called before any query")
                }
                transaction.isolation = Isolation(level)
            case .readOnly(let readOnly):
                if !readOnly && transaction.readOnly && transaction.command > 0 {
                    throw DatabaseError(.readOnlySQLTransaction, "cannot set transaction read-write mode inside a read-only transaction")
                }
                transaction.readOnly = readOnly
            case .deferrable:
                break
            }
        }
    }
}
