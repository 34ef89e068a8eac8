// SQLSTATEs the wire layer raises that HeliosCore's SQLState.swift does not list yet. They
// belong there (by class, in PostgreSQL's order); they live here, under their own namespace so
// that nothing clashes when they move, because HeliosWire may not edit HeliosCore.

public import HeliosCore

/// SQLSTATEs used by the wire layer beyond HeliosCore's list.
public enum WireSQLState {
    /// 25P03 idle_in_transaction_session_timeout.
    public static let idleInTransactionSessionTimeout = SQLState("25P03")
    /// 26000 invalid_sql_statement_name: unknown prepared statement.
    public static let invalidSQLStatementName = SQLState("26000")
    /// 34000 invalid_cursor_name: unknown portal.
    public static let invalidCursorName = SQLState("34000")
    /// 3D000 invalid_catalog_name: unknown database.
    public static let invalidCatalogName = SQLState("3D000")
    /// 42P03 duplicate_cursor.
    public static let duplicateCursor = SQLState("42P03")
    /// 42P05 duplicate_prepared_statement.
    public static let duplicatePreparedStatement = SQLState("42P05")
    /// 57P05 idle_session_timeout.
    public static let idleSessionTimeout = SQLState("57P05")
}
