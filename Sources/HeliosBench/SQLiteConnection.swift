// A small wrapper over SQLite's C API, just what the benchmark needs: open a database, run
// statements, prepare one and bind, step, read columns and reset it. Every failing call becomes
// a thrown SQLiteError carrying SQLite's result code and message.

import CSQLite

/// A failed SQLite call.
struct SQLiteError: Error, CustomStringConvertible {
    /// The (extended) result code, such as SQLITE_BUSY.
    var code: Int32
    var message: String

    var isBusy: Bool { code & 0xFF == SQLITE_BUSY }

    var description: String { "sqlite error \(code): \(message)" }
}

/// One open database connection.
// @unchecked: SQLite's connection is opened in multi-thread mode (no mutex of its own); a
// connection and its statements are used by one thread at a time, the thread they are handed to.
final class SQLiteConnection: @unchecked Sendable {
    fileprivate let handle: OpaquePointer

    /// Opens (creating if needed) the database file at `path`.
    init(path: String) throws(SQLiteError) {
        var opened: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &opened, flags, nil)
        guard code == SQLITE_OK, let opened else {
            let message = opened.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_close_v2(opened)
            throw SQLiteError(code: code, message: "cannot open \"\(path)\": \(message)")
        }
        handle = opened
        sqlite3_extended_result_codes(handle, 1)
    }

    deinit {
        // close_v2 defers the close until the last statement is finalized.
        sqlite3_close_v2(handle)
    }

    /// The library's version, such as "3.40.1".
    static var libraryVersion: String { String(cString: sqlite3_libversion()) }

    /// Runs one or more statements, discarding any rows they return.
    func execute(_ sql: String) throws(SQLiteError) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        guard code == SQLITE_OK else {
            let message = errorMessage.map { String(cString: $0) } ?? lastErrorMessage
            sqlite3_free(errorMessage)
            throw SQLiteError(code: code, message: "\(message) in \"\(sql)\"")
        }
    }

    /// Compiles one statement.
    func prepare(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw SQLiteError(code: code, message: "\(lastErrorMessage) in \"\(sql)\"")
        }
        return SQLiteStatement(handle: statement, connection: self, sql: sql)
    }

    /// How long a statement waits for another connection's lock before failing with SQLITE_BUSY.
    func setBusyTimeout(milliseconds: Int32) {
        sqlite3_busy_timeout(handle, milliseconds)
    }

    /// The number of rows the last INSERT, UPDATE or DELETE changed.
    var changeCount: Int { Int(sqlite3_changes(handle)) }

    fileprivate var lastErrorMessage: String { String(cString: sqlite3_errmsg(handle)) }
}

/// A prepared statement. Binding copies the bytes (SQLITE_TRANSIENT), so the caller's buffers
/// need not outlive the call.
final class SQLiteStatement {
    private let handle: OpaquePointer
    /// Kept so the connection outlives its statements.
    private let connection: SQLiteConnection
    private let sql: String

    fileprivate init(handle: OpaquePointer, connection: SQLiteConnection, sql: String) {
        self.handle = handle
        self.connection = connection
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Binds an integer to the 1-based parameter `index`.
    func bind(_ value: Int64, at index: Int32) throws(SQLiteError) {
        try check(sqlite3_bind_int64(handle, index, value))
    }

    /// Binds a copy of `bytes`, as a BLOB, to the 1-based parameter `index`.
    func bind(_ bytes: UnsafeRawBufferPointer, at index: Int32) throws(SQLiteError) {
        try check(sqlite3_bind_blob(handle, index, bytes.baseAddress, Int32(bytes.count), Self.transient))
    }

    /// Runs the statement to its next row: true if there is one, false once it is done.
    func step() throws(SQLiteError) -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code: throw SQLiteError(code: code, message: "\(connection.lastErrorMessage) in \"\(sql)\"")
        }
    }

    /// Makes the statement ready to run again; bindings stay.
    func reset() {
        // The result repeats the last step's error, which step already threw.
        sqlite3_reset(handle)
    }

    /// How many columns the statement's rows have.
    var columnCount: Int32 { sqlite3_column_count(handle) }

    /// The integer in the 0-based `column` of the current row.
    func int64(at column: Int32) -> Int64 {
        sqlite3_column_int64(handle, column)
    }

    /// The text in the 0-based `column` of the current row ("" for NULL).
    func text(at column: Int32) -> String {
        sqlite3_column_text(handle, column).map { String(cString: $0) } ?? ""
    }

    /// Calls `body` with the BLOB in the 0-based `column` of the current row, without copying it;
    /// the bytes are valid only during the call.
    func withBlob<Result>(at column: Int32, _ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        let start = sqlite3_column_blob(handle, column)
        let count = Int(sqlite3_column_bytes(handle, column))
        return try body(UnsafeRawBufferPointer(start: start, count: count))
    }

    private func check(_ code: Int32) throws(SQLiteError) {
        guard code == SQLITE_OK else {
            throw SQLiteError(code: code, message: "\(connection.lastErrorMessage) in \"\(sql)\"")
        }
    }

    /// SQLITE_TRANSIENT, which C defines as the destructor `(void (*)(void *))-1`.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
