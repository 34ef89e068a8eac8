// COPY FROM STDIN and COPY TO STDOUT, in PostgreSQL's text and CSV formats. COPY FROM is one
// statement fed in chunks as the client sends them: rows may be split anywhere. Each chunk's rows
// are written through the table writer (constraints, defaults, indexes), and the store's writer
// is released between chunks, so other sessions write while the client is still sending; a
// failed COPY is undone by its transaction's rollback, like any failed statement.

public import HeliosCore
public import HeliosValues
public import HeliosSQL

/// COPY's text or CSV options.
public struct CopyOptions: Sendable {
    public var format: CopyFormat = .text
    public var delimiter: UInt8 = 0x09
    public var null: String = "\\N"
    public var header = false
    public var quote: UInt8 = 0x22
    public var escape: UInt8 = 0x22

    init(_ options: [CopyOption]) throws(DatabaseError) {
        var delimiterGiven: String?
        var nullGiven: String?
        var escapeGiven: String?
        for option in options {
            switch option {
            case .format(let value): format = value
            case .delimiter(let value): delimiterGiven = value
            case .null(let value): nullGiven = value
            case .header(let value): header = value != .absent
            case .quote(let value):
                guard value.utf8.count == 1 else { throw DatabaseError(.featureNotSupported, "COPY quote must be a single one-byte character") }
                quote = value.utf8.first!
            case .escape(let value): escapeGiven = value
            case .freeze, .encoding, .forceQuote, .forceNotNull, .forceNull: break
            }
        }
        if format == .binary { throw DatabaseError(.featureNotSupported, "COPY BINARY is not supported yet") }
        if format == .csv {
            delimiter = 0x2C
            null = ""
        }
        if let delimiterGiven {
            guard delimiterGiven.utf8.count == 1 else {
                throw DatabaseError(.featureNotSupported, "COPY delimiter must be a single one-byte character")
            }
            delimiter = delimiterGiven.utf8.first!
        }
        if let nullGiven { null = nullGiven }
        if let escapeGiven, let byte = escapeGiven.utf8.first { escape = byte } else { escape = quote }
    }
}

/// A COPY FROM STDIN in progress.
public final class CopyIn: @unchecked Sendable {  // used by one thread at a time
    let session: Session
    let statement: StatementContext
    let writers: TableWriters
    let writer: TableWriter
    let relation: RelationDescriptor
    let positions: [Int]
    let options: CopyOptions
    private var pending: [UInt8] = []
    private var line = 0
    private var count = 0
    private var ended = false
    private var headerSkipped = false
    public var columnCount: Int { positions.count }
    public var format: CopyFormat { options.format }

    init(session: Session, statement: StatementContext, writers: TableWriters, relation: RelationDescriptor, positions: [Int],
         options: CopyOptions) throws(DatabaseError) {
        self.session = session
        self.statement = statement
        self.writers = writers
        self.relation = relation
        self.positions = positions
        self.options = options
        writer = try writers.writer(for: relation)
    }

    /// Client data: complete rows are written, a partial one kept for the next chunk.
    public func feed(_ chunk: [UInt8]) throws(DatabaseError) {
        do throws(DatabaseError) {
            pending += chunk
            var start = 0
            while !ended, let end = try rowEnd(from: start) {
                try accept(Array(pending[start..<end]))
                start = end + 1
            }
            pending.removeFirst(start)
            try statement.releaseWriter()
        } catch {
            fail()
            throw error
        }
    }

    /// The client's data ended: the last row (if unterminated) is written; "COPY n".
    public func finish() throws(DatabaseError) -> String {
        do throws(DatabaseError) {
            if !pending.isEmpty && !ended { try accept(pending) }
            pending = []
            try writers.finish()
            try statement.finish()
            session.transaction?.command += 1
            return "COPY \(count)"
        } catch {
            fail()
            throw error
        }
    }

    /// The COPY failed: its rows are undone with the transaction.
    public func fail() {
        statement.abandon()
        session.transaction?.failed = true
    }

    /// Where the row starting at `start` ends (its newline), nil if it is incomplete. In CSV a
    /// quoted field may hold newlines.
    private func rowEnd(from start: Int) throws(DatabaseError) -> Int? {
        var index = start
        var quoted = false
        while index < pending.count {
            let byte = pending[index]
            if options.format == .csv {
                if byte == options.quote {
                    if quoted && options.escape == options.quote && index + 1 < pending.count && pending[index + 1] == options.quote {
                        index += 2
                        continue
                    }
                    quoted.toggle()
                } else if quoted && byte == options.escape && options.escape != options.quote && index + 1 < pending.count {
                    index += 2
                    continue
                } else if byte == 0x0A && !quoted {
                    return index
                }
            } else {
                if byte == 0x5C { index += 2; continue }  // a backslash escapes the next byte
                if byte == 0x0A { return index }
            }
            index += 1
        }
        return nil
    }

    private func accept(_ rawLine: [UInt8]) throws(DatabaseError) {
        line += 1
        var bytes = rawLine
        if bytes.last == 0x0D { bytes.removeLast() }
        if options.header && !headerSkipped {
            headerSkipped = true
            return
        }
        if bytes == [0x5C, 0x2E] {  // \. ends the data
            ended = true
            return
        }
        let fields = options.format == .csv ? try csvFields(bytes) : try textFields(bytes)
        if fields.count < positions.count {
            let column = relation.columns[positions[fields.count]].name
            throw copyError(.badCopyFileFormat, "missing data for column \"\(column)\"")
        }
        if fields.count > positions.count {
            throw copyError(.badCopyFileFormat, "extra data after last expected column")
        }
        var row = Row(repeating: .null, count: relation.columns.count)
        let given = Set(positions)
        for position in relation.columns.indices where !given.contains(position) && !relation.columns[position].isDropped {
            row[position] = try writers.defaultValue(of: relation, position: position)
        }
        let settings = session.settings.valueSettings
        for (field, position) in zip(fields, positions) {
            guard let field else { continue }
            do {
                row[position] = try TextFormat.parse(field, as: relation.columns[position].type, settings: settings)
            } catch {
                throw copyError(error.state, error.message)
            }
        }
        try writers.computeGenerated(relation, &row)
        do {
            _ = try writer.insert(row)
        } catch {
            throw copyError(error.state, error.message, detail: error.detail)
        }
        count += 1
    }

    private func copyError(_ state: SQLState, _ message: String, detail: String? = nil) -> DatabaseError {
        var error = DatabaseError(state, message, detail: detail)
        error.context = "COPY \(relation.name), line \(line)"
        return error
    }

    /// A text-format row: fields split at the delimiter, backslash escapes decoded, `\N` NULL.
    private func textFields(_ bytes: [UInt8]) throws(DatabaseError) -> [String?] {
        var fields: [String?] = []
        var current: [UInt8] = []
        var raw: [UInt8] = []
        var index = 0
        func finishField() {
            let rawText = String(decoding: raw, as: UTF8.self)
            fields.append(rawText == options.null ? nil : String(decoding: current, as: UTF8.self))
            current = []
            raw = []
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == options.delimiter {
                finishField()
                index += 1
                continue
            }
            raw.append(byte)
            if byte == 0x5C, index + 1 < bytes.count {
                let next = bytes[index + 1]
                raw.append(next)
                index += 2
                switch next {
                case UInt8(ascii: "t"): current.append(0x09)
                case UInt8(ascii: "n"): current.append(0x0A)
                case UInt8(ascii: "r"): current.append(0x0D)
                case UInt8(ascii: "b"): current.append(0x08)
                case UInt8(ascii: "f"): current.append(0x0C)
                case UInt8(ascii: "v"): current.append(0x0B)
                case UInt8(ascii: "0")...UInt8(ascii: "7"):
                    var value = Int(next - UInt8(ascii: "0"))
                    var digits = 1
                    while digits < 3, index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(bytes[index]) {
                        value = value * 8 + Int(bytes[index] - UInt8(ascii: "0"))
                        raw.append(bytes[index])
                        index += 1
                        digits += 1
                    }
                    current.append(UInt8(value & 0xFF))
                case UInt8(ascii: "x"):
                    var value = 0
                    var digits = 0
                    while digits < 2, index < bytes.count, let digit = Self.hexValue(bytes[index]) {
                        value = value * 16 + digit
                        raw.append(bytes[index])
                        index += 1
                        digits += 1
                    }
                    if digits == 0 { current.append(UInt8(ascii: "x")) } else { current.append(UInt8(value)) }
                default: current.append(next)
                }
                continue
            }
            current.append(byte)
            index += 1
        }
        finishField()
        return fields
    }

    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A")) + 10
        default: nil
        }
    }

    /// A CSV row: quoted fields may hold delimiters, quotes (doubled) and newlines; an unquoted
    /// field equal to the NULL string is NULL.
    private func csvFields(_ bytes: [UInt8]) throws(DatabaseError) -> [String?] {
        var fields: [String?] = []
        var current: [UInt8] = []
        var wasQuoted = false
        var quoted = false
        var index = 0
        func finishField() {
            let text = String(decoding: current, as: UTF8.self)
            fields.append(!wasQuoted && text == options.null ? nil : text)
            current = []
            wasQuoted = false
        }
        while index < bytes.count {
            let byte = bytes[index]
            if quoted {
                if byte == options.escape && index + 1 < bytes.count && bytes[index + 1] == options.quote {
                    current.append(options.quote)
                    index += 2
                    continue
                }
                if byte == options.quote {
                    quoted = false
                } else {
                    current.append(byte)
                }
            } else if byte == options.quote {
                quoted = true
                wasQuoted = true
            } else if byte == options.delimiter {
                finishField()
            } else {
                current.append(byte)
            }
            index += 1
        }
        if quoted { throw copyError(.badCopyFileFormat, "unterminated CSV quoted field") }
        finishField()
        return fields
    }
}

extension Session {
    /// COPY ... FROM STDIN: the operation to feed the client's data to.
    public func beginCopyIn(_ copy: CopyStatement) throws(DatabaseError) -> CopyIn {
        guard case .table(let name, let columnNames) = copy.source else {
            throw DatabaseError(.syntaxError, "COPY FROM needs a table")
        }
        guard copy.endpoint == .client else {
            throw DatabaseError(.insufficientPrivilege, "must be superuser or have privileges of the pg_read_server_files role to COPY from a file",
                                hint: "Anyone can COPY to stdout or from stdin. psql's \\copy command also works for anyone.")
        }
        if copy.whereCondition != nil { throw DatabaseError(.featureNotSupported, "COPY FROM ... WHERE is not supported yet") }
        let options = try CopyOptions(copy.options)
        let transaction = try currentTransaction()
        if transaction.failed {
            throw DatabaseError(.inFailedSQLTransaction, "current transaction is aborted, commands ignored until end of transaction block")
        }
        try waitForDDL(transaction)
        let statement = try StatementContext(session: self, transaction: transaction, forWriting: true)
        do throws(DatabaseError) {
            let relation = try DMLTarget.table(name, catalog: statement.catalogReader, verb: "copy to")
            let positions = try DMLTarget.columnPositions(columnNames.map { AssignmentTarget($0) }, relation: relation)
            let (binding, environment) = dmlContext(statement, parameters: [], parameterTypes: [])
            let writers = TableWriters(statement: statement, binding: binding, environment: environment)
            return try CopyIn(session: self, statement: statement, writers: writers, relation: relation, positions: positions,
                              options: options)
        } catch {
            statement.abandon()
            transaction.failed = true
            throw error
        }
    }

    /// COPY ... TO STDOUT: the column count, and the rows encoded as lines (each ending in a
    /// newline).
    public func runCopyOut(_ copy: CopyStatement) throws(DatabaseError) -> (format: CopyFormat, columnCount: Int, lines: [[UInt8]], rowCount: Int) {
        guard copy.endpoint == .client else {
            throw DatabaseError(.insufficientPrivilege, "must be superuser or have privileges of the pg_write_server_files role to COPY to a file",
                                hint: "Anyone can COPY to stdout or from stdin. psql's \\copy command also works for anyone.")
        }
        let options = try CopyOptions(copy.options)
        let query: Statement
        switch copy.source {
        case .table(let name, let columns):
            let list = columns.isEmpty ? "*" : columns.map(SQLPrinter.identifier).joined(separator: ", ")
            query = try Parser.parseSingleStatement("SELECT \(list) FROM \(name)")
        case .query(let statement):
            query = statement
        }
        guard case .select = query else { throw DatabaseError(.featureNotSupported, "COPY of a data-changing statement is not supported yet") }
        let result = try run(query, text: "")
        let types = result.columns?.map(\.type) ?? []
        var lines: [[UInt8]] = []
        lines.reserveCapacity(result.rows.count + 1)
        if options.header, let columns = result.columns {
            lines.append(Array((columns.map(\.name).joined(separator: String(UnicodeScalar(options.delimiter))) + "\n").utf8))
        }
        for row in result.rows {
            var line: [UInt8] = []
            for (index, value) in row.enumerated() {
                if index > 0 { line.append(options.delimiter) }
                if value.isNull {
                    line += Array(options.null.utf8)
                    continue
                }
                let text = TextFormat.format(value, as: types[index], settings: result.outputSettings)
                line += options.format == .csv ? Self.csvField(text, options) : Self.textField(text, options)
            }
            line.append(0x0A)
            lines.append(line)
        }
        return (options.format, types.count, lines, result.rows.count)
    }

    private static func textField(_ text: String, _ options: CopyOptions) -> [UInt8] {
        var out: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, UInt8(ascii: "n")]
            case 0x0D: out += [0x5C, UInt8(ascii: "r")]
            case 0x09 where options.delimiter != 0x09: out.append(byte)
            case options.delimiter: out += [0x5C, byte == 0x09 ? UInt8(ascii: "t") : byte]
            default: out.append(byte)
            }
        }
        return out
    }

    private static func csvField(_ text: String, _ options: CopyOptions) -> [UInt8] {
        let bytes = Array(text.utf8)
        let needsQuotes = bytes.isEmpty || text == options.null
            || bytes.contains { $0 == options.delimiter || $0 == options.quote || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else { return bytes }
        var out: [UInt8] = [options.quote]
        for byte in bytes {
            if byte == options.quote || byte == options.escape { out.append(options.escape) }
            out.append(byte)
        }
        out.append(options.quote)
        return out
    }
}
