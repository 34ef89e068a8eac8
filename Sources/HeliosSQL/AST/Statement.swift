// The statements HeliosSQL parses, and the command tag each completes with in PostgreSQL's
// protocol (the wire layer appends row counts where PostgreSQL does).

/// One SQL statement.
public indirect enum Statement: Sendable, Hashable {
    case select(Query)
    case insert(InsertStatement)
    case update(UpdateStatement)
    case delete(DeleteStatement)
    case createTable(CreateTableStatement)
    case createTableAs(CreateTableAsStatement)
    case createIndex(CreateIndexStatement)
    case createView(CreateViewStatement)
    case createSequence(CreateSequenceStatement)
    case alterSequence(AlterSequenceStatement)
    case createSchema(CreateSchemaStatement)
    case createExtension(CreateExtensionStatement)
    case createDatabase(CreateDatabaseStatement)
    case alterDatabase(AlterDatabaseStatement)
    case createRole(CreateRoleStatement)
    case alterRole(AlterRoleStatement)
    case drop(DropStatement)
    case alterTable(AlterTableStatement)
    case truncate(TruncateStatement)
    case comment(CommentStatement)
    case grant(GrantStatement)
    case transaction(TransactionStatement)
    case set(SetStatement)
    case show(ShowStatement)
    case reset(ResetStatement)
    case alterSystem(AlterSystemStatement)
    case prepare(PrepareStatement)
    case execute(ExecuteStatement)
    case deallocate(DeallocateStatement)
    case declareCursor(DeclareCursorStatement)
    case fetch(FetchStatement)
    case closeCursor(CloseStatement)
    case explain(ExplainStatement)
    /// VACUUM or ANALYZE.
    case maintenance(MaintenanceStatement)
    case copy(CopyStatement)
    case checkpoint
    case discard(DiscardTarget)
    case listen(channel: String)
    /// `UNLISTEN channel` or `UNLISTEN *` (nil).
    case unlisten(channel: String?)
    case notify(NotifyStatement)
    case lock(LockStatement)
    case doBlock(DoStatement)

    /// The command tag PostgreSQL sends in CommandComplete, without row counts: "SELECT",
    /// "INSERT", "CREATE TABLE", "BEGIN", ... (the wire layer adds "INSERT 0 n", "SELECT n").
    public var commandTag: String {
        switch self {
        case .select(let query):
            if case .select(let clause) = query.body, clause.into != nil { return "SELECT" }
            return "SELECT"
        case .insert: return "INSERT"
        case .update: return "UPDATE"
        case .delete: return "DELETE"
        case .createTable: return "CREATE TABLE"
        case .createTableAs: return "SELECT"
        case .createIndex: return "CREATE INDEX"
        case .createView: return "CREATE VIEW"
        case .createSequence: return "CREATE SEQUENCE"
        case .alterSequence: return "ALTER SEQUENCE"
        case .createSchema: return "CREATE SCHEMA"
        case .createExtension: return "CREATE EXTENSION"
        case .createDatabase: return "CREATE DATABASE"
        case .alterDatabase: return "ALTER DATABASE"
        case .createRole(let statement): return "CREATE " + statement.keyword.rawValue
        case .alterRole(let statement): return "ALTER " + statement.keyword.rawValue
        case .drop(let statement):
            if statement.kind == .role { return "DROP " + statement.roleKeyword.rawValue }
            return "DROP " + statement.kind.rawValue
        case .alterTable(let statement): return "ALTER " + statement.kind.rawValue
        case .truncate: return "TRUNCATE TABLE"
        case .comment: return "COMMENT"
        case .grant(let statement):
            if case .roles = statement.subject { return statement.isGrant ? "GRANT ROLE" : "REVOKE ROLE" }
            return statement.isGrant ? "GRANT" : "REVOKE"
        case .transaction(let statement):
            switch statement {
            case .begin(_, let startKeyword): return startKeyword ? "START TRANSACTION" : "BEGIN"
            case .commit: return "COMMIT"
            case .rollback: return "ROLLBACK"
            case .savepoint: return "SAVEPOINT"
            case .release: return "RELEASE"
            case .rollbackToSavepoint: return "ROLLBACK"
            case .prepareTransaction: return "PREPARE TRANSACTION"
            case .commitPrepared: return "COMMIT PREPARED"
            case .rollbackPrepared: return "ROLLBACK PREPARED"
            }
        case .set: return "SET"
        case .show: return "SHOW"
        case .reset: return "RESET"
        case .alterSystem: return "ALTER SYSTEM"
        case .prepare: return "PREPARE"
        case .execute: return "EXECUTE"
        case .deallocate(let statement): return statement.name == nil ? "DEALLOCATE ALL" : "DEALLOCATE"
        case .declareCursor: return "DECLARE CURSOR"
        case .fetch(let statement): return statement.isMove ? "MOVE" : "FETCH"
        case .closeCursor(let statement): return statement.cursor == nil ? "CLOSE CURSOR ALL" : "CLOSE CURSOR"
        case .explain: return "EXPLAIN"
        case .maintenance(let statement): return statement.isVacuum ? "VACUUM" : "ANALYZE"
        case .copy: return "COPY"
        case .checkpoint: return "CHECKPOINT"
        case .discard(let target): return "DISCARD " + target.rawValue
        case .listen: return "LISTEN"
        case .unlisten: return "UNLISTEN"
        case .notify: return "NOTIFY"
        case .lock: return "LOCK TABLE"
        case .doBlock: return "DO"
        }
    }
}

/// A statement together with the stretch of the source text it came from.
public struct ParsedStatement: Sendable, Hashable {
    public var statement: Statement
    /// Offsets in Unicode scalars of the statement's text, from its first token to its last
    /// (the `;` excluded).
    public var sourceRange: Range<Int>
    /// The statement's own text, as the user wrote it.
    public var text: String
    /// Its tokens (their ranges count in the whole text that was parsed, like `sourceRange`),
    /// so that what reads the statement again — the workload capture — need not lex it twice.
    public var tokens: ArraySlice<Token>

    public init(statement: Statement, sourceRange: Range<Int>, text: String, tokens: ArraySlice<Token> = []) {
        self.statement = statement
        self.sourceRange = sourceRange
        self.text = text
        self.tokens = tokens
    }
}
