// Statements about the session rather than the data: transaction control, run-time parameters
// (SET, SHOW, RESET), prepared statements and cursors.

/// BEGIN, COMMIT, ROLLBACK, savepoints and two-phase commit.
public enum TransactionStatement: Sendable, Hashable {
    /// `BEGIN [WORK | TRANSACTION] [modes]`; `startKeyword` for `START TRANSACTION`.
    case begin([TransactionMode], startKeyword: Bool)
    /// `COMMIT | END [AND [NO] CHAIN]`.
    case commit(chain: Bool)
    /// `ROLLBACK | ABORT [AND [NO] CHAIN]`.
    case rollback(chain: Bool)
    case savepoint(String)
    /// `RELEASE [SAVEPOINT] name`.
    case release(String)
    /// `ROLLBACK [WORK | TRANSACTION] TO [SAVEPOINT] name`.
    case rollbackToSavepoint(String)
    /// `PREPARE TRANSACTION 'id'`.
    case prepareTransaction(String)
    case commitPrepared(String)
    case rollbackPrepared(String)
}

/// A characteristic of a transaction.
public enum TransactionMode: Sendable, Hashable {
    case isolationLevel(IsolationLevel)
    /// READ ONLY (true) or READ WRITE (false).
    case readOnly(Bool)
    /// DEFERRABLE (true) or NOT DEFERRABLE (false).
    case deferrable(Bool)
}

/// SQL's isolation levels.
public enum IsolationLevel: String, Sendable, Hashable {
    case readUncommitted = "READ UNCOMMITTED"
    case readCommitted = "READ COMMITTED"
    case repeatableRead = "REPEATABLE READ"
    case serializable = "SERIALIZABLE"
}

/// SET in its forms.
public struct SetStatement: Sendable, Hashable {
    public enum Scope: Sendable, Hashable {
        /// SET or SET SESSION: until the session ends (or the transaction rolls back).
        case session
        /// SET LOCAL: until the transaction ends.
        case local
    }

    public enum Action: Sendable, Hashable {
        /// `SET name {TO | =} value [, ...]`; `SET TIME ZONE x` is `timezone`, `SET SCHEMA 'x'`
        /// is `search_path`, `SET NAMES 'x'` is `client_encoding`. Words are given as strings.
        case value(name: String, values: [Literal])
        /// `SET name TO DEFAULT`, `SET TIME ZONE DEFAULT`.
        case toDefault(name: String)
        /// `SET TIME ZONE LOCAL`.
        case timeZoneLocal
        /// `SET TRANSACTION modes`.
        case transaction([TransactionMode])
        /// `SET SESSION CHARACTERISTICS AS TRANSACTION modes`.
        case sessionCharacteristics([TransactionMode])
        /// `SET SESSION AUTHORIZATION name | DEFAULT` (nil).
        case sessionAuthorization(String?)
        /// `SET ROLE name | NONE` (nil).
        case role(String?)
    }

    public var scope: Scope
    public var action: Action
    public var location: SourceLocation

    public init(scope: Scope = .session, action: Action, location: SourceLocation = .unknown) {
        self.scope = scope
        self.action = action
        self.location = location
    }
}

/// `SHOW name | ALL | TIME ZONE | TRANSACTION ISOLATION LEVEL | SESSION AUTHORIZATION`; the
/// special forms become `timezone`, `transaction_isolation`, `session_authorization`.
public struct ShowStatement: Sendable, Hashable {
    /// The parameter, lower case; `all` for SHOW ALL.
    public var name: String
    public var location: SourceLocation

    public init(name: String, location: SourceLocation = .unknown) {
        self.name = name
        self.location = location
    }
}

/// `ALTER SYSTEM SET name {TO | =} value [, ...]` (values nil: `ALTER SYSTEM RESET name` or
/// `SET name TO DEFAULT`; name `all` with nil values: `ALTER SYSTEM RESET ALL`). The server-wide
/// value is kept in the data directory and outlives restarts.
public struct AlterSystemStatement: Sendable, Hashable {
    public var name: String
    public var values: [Literal]?
    public var location: SourceLocation

    public init(name: String, values: [Literal]?, location: SourceLocation = .unknown) {
        self.name = name
        self.values = values
        self.location = location
    }
}

/// `RESET name | ALL | TIME ZONE | ...`, named as SHOW names them.
public struct ResetStatement: Sendable, Hashable {
    public var name: String
    public var location: SourceLocation

    public init(name: String, location: SourceLocation = .unknown) {
        self.name = name
        self.location = location
    }
}

/// `PREPARE name [(types)] AS statement`.
public struct PrepareStatement: Sendable, Hashable {
    public var name: String
    public var parameterTypes: [TypeName]
    public var statement: Statement
    public var location: SourceLocation

    public init(name: String, parameterTypes: [TypeName] = [], statement: Statement, location: SourceLocation = .unknown) {
        self.name = name
        self.parameterTypes = parameterTypes
        self.statement = statement
        self.location = location
    }
}

/// `EXECUTE name [(arguments)]`.
public struct ExecuteStatement: Sendable, Hashable {
    public var name: String
    public var arguments: [Expression]
    public var location: SourceLocation

    public init(name: String, arguments: [Expression] = [], location: SourceLocation = .unknown) {
        self.name = name
        self.arguments = arguments
        self.location = location
    }
}

/// `DECLARE name [BINARY] [ASENSITIVE | INSENSITIVE] [[NO] SCROLL] CURSOR [{WITH | WITHOUT} HOLD] FOR query`.
public struct DeclareCursorStatement: Sendable, Hashable {
    public var name: String
    public var binary: Bool
    public var insensitive: Bool
    /// SCROLL (true), NO SCROLL (false), or neither (nil).
    public var scroll: Bool?
    public var withHold: Bool
    public var query: Query
    public var location: SourceLocation

    public init(name: String, binary: Bool = false, insensitive: Bool = false, scroll: Bool? = nil,
                withHold: Bool = false, query: Query, location: SourceLocation = .unknown) {
        self.name = name
        self.binary = binary
        self.insensitive = insensitive
        self.scroll = scroll
        self.withHold = withHold
        self.query = query
        self.location = location
    }
}

/// `FETCH` or `MOVE` `[direction] [FROM | IN] cursor`.
public struct FetchStatement: Sendable, Hashable {
    /// True for MOVE: position the cursor without returning rows.
    public var isMove: Bool
    public var direction: FetchDirection
    public var cursor: String
    public var location: SourceLocation

    public init(isMove: Bool = false, direction: FetchDirection = .forward(.count(1)), cursor: String,
                location: SourceLocation = .unknown) {
        self.isMove = isMove
        self.direction = direction
        self.cursor = cursor
        self.location = location
    }
}

/// Where FETCH goes, normalized as PostgreSQL does: NEXT is FORWARD 1, PRIOR is BACKWARD 1,
/// FIRST is ABSOLUTE 1, LAST is ABSOLUTE -1, a bare count n is FORWARD n, ALL is FORWARD ALL.
public enum FetchDirection: Sendable, Hashable {
    case forward(FetchCount)
    case backward(FetchCount)
    case absolute(Int64)
    case relative(Int64)
}

/// How many rows FETCH moves over.
public enum FetchCount: Sendable, Hashable {
    case count(Int64)
    case all
}

/// `CLOSE name | ALL` (nil).
public struct CloseStatement: Sendable, Hashable {
    public var cursor: String?
    public var location: SourceLocation

    public init(cursor: String?, location: SourceLocation = .unknown) {
        self.cursor = cursor
        self.location = location
    }
}

/// `DEALLOCATE [PREPARE] name | ALL` (nil).
public struct DeallocateStatement: Sendable, Hashable {
    public var name: String?
    public var location: SourceLocation

    public init(name: String?, location: SourceLocation = .unknown) {
        self.name = name
        self.location = location
    }
}
