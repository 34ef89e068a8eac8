// The SQL benchmark's two engines behind one interface: embedded HeliosDB (a Session, statements
// prepared once and run through portals, as the wire protocol's extended query does) and SQLite
// (prepared statements), both with fsync at every commit. Results are integers only, folded
// into a RowDigest so the two engines' answers can be compared.

import CSQLite
import HeliosCore
import HeliosEngine
import HeliosStorage
import HeliosValues

protocol SQLSubject: AnyObject {
    var name: String { get }
    func execute(_ sql: String) throws
    /// A prepared statement's handle; its parameters are bigints.
    func prepare(_ sql: String, parameterCount: Int) throws -> Int
    /// Runs prepared statement `handle`; folds the rows it returns into `digest`.
    func run(_ handle: Int, _ parameters: [Int64], into digest: inout RowDigest) throws
    func close() throws
}

final class HeliosSQLSubject: SQLSubject {
    let name = "helios"
    private let database: Database
    private let session: Session
    private var statements = 0

    init(directory: String, cacheByteCount: Int) throws {
        var options = StoreOptions()
        options.durability = .full
        options.bufferPoolPages = cacheByteCount / options.pageSize
        database = try Database.open(at: directory, options: options)
        session = database.connect(user: "bench")
    }

    func execute(_ sql: String) throws {
        try session.execute(sql)
    }

    func prepare(_ sql: String, parameterCount: Int) throws -> Int {
        statements += 1
        _ = try session.prepare(name: "s\(statements)", text: sql, parameterTypes: Array(repeating: .bigint, count: parameterCount))
        return statements
    }

    func run(_ handle: Int, _ parameters: [Int64], into digest: inout RowDigest) throws {
        do {
            _ = try session.bind(portal: "", statement: "s\(handle)", parameters: parameters.map { .int64($0) })
            let output = try session.execute(portal: "", maxRows: 0)
            for row in output.rows {
                for value in row {
                    switch value {
                    case .int64(let number): digest.add(UInt64(bitPattern: number))
                    case .int32(let number): digest.add(UInt64(bitPattern: Int64(number)))
                    case .null: digest.add(0)
                    default:
                        // sum(bigint) is numeric in PostgreSQL's rules; the figures' values are integers.
                        let text = TextFormat.format(value, settings: .standard)
                        guard let number = Int64(text) else { throw BenchmarkError("helios returned a non-integer: \(text)") }
                        digest.add(UInt64(bitPattern: number))
                    }
                }
                digest.countRow()
            }
            if let failedCommit = session.sync(errorReported: false) { throw failedCommit }
        } catch {
            session.sync(errorReported: true)
            throw error
        }
    }

    func close() throws {
        session.close()
        try database.close()
    }
}

final class SQLiteSQLSubject: SQLSubject {
    let name = "sqlite"
    private let connection: SQLiteConnection
    private var statements: [SQLiteStatement] = []

    init(directory: String, cacheByteCount: Int) throws {
        connection = try SQLiteConnection(path: "\(directory)/bench.sqlite")
        try connection.execute("PRAGMA journal_mode=WAL")
        try connection.execute("PRAGMA synchronous=FULL")
        try connection.execute("PRAGMA cache_size=-\(cacheByteCount / 1024)")
    }

    func execute(_ sql: String) throws {
        try connection.execute(sql)
    }

    func prepare(_ sql: String, parameterCount: Int) throws -> Int {
        // SQLite numbers parameters ?1, ?2 ... as PostgreSQL numbers $1, $2 ...
        var text = sql
        for index in stride(from: parameterCount, through: 1, by: -1) { text = text.replacingAll("$\(index)", with: "?\(index)") }
        statements.append(try connection.prepare(text))
        return statements.count - 1
    }

    func run(_ handle: Int, _ parameters: [Int64], into digest: inout RowDigest) throws {
        let statement = statements[handle]
        for (index, value) in parameters.enumerated() { try statement.bind(value, at: Int32(index + 1)) }
        defer { statement.reset() }
        let columns = statement.columnCount
        while try statement.step() {
            for column in 0..<columns { digest.add(UInt64(bitPattern: statement.int64(at: column))) }
            digest.countRow()
        }
    }

    func close() throws {
        statements = []
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
