// The fields ErrorResponse and NoticeResponse carry, each a code byte and a string, in the
// order PostgreSQL sends them:
//
// | code | field                                  | code | field                         |
// |------|----------------------------------------|------|-------------------------------|
// | S    | severity, localized (ERROR, NOTICE...) | W    | context ("where")             |
// | V    | severity, never localized              | s    | schema name                   |
// | C    | SQLSTATE                               | t    | table name                    |
// | M    | message                                | c    | column name                   |
// | D    | detail                                 | d    | data type name                |
// | H    | hint                                   | n    | constraint name               |
// | P    | 1-based position in the query text     | F    | source file                   |
// | p    | position in an internal query          | L    | source line                   |
// | q    | the internal query                     | R    | source routine                |

public import HeliosCore
internal import NIOCore

/// One diagnostic field.
public struct DiagnosticField: Equatable, Sendable {
    public var code: UInt8
    public var value: String

    public init(code: UInt8, value: String) {
        self.code = code
        self.value = value
    }
}

/// The fields of an error or notice.
public struct DiagnosticFields: Equatable, Sendable {
    public var fields: [DiagnosticField]

    public init(fields: [DiagnosticField]) { self.fields = fields }

    /// The fields PostgreSQL would send for `error` at `severity` ("ERROR", "FATAL").
    public init(severity: String, error: DatabaseError) {
        self.init(severity: severity, state: error.state, message: error.message, detail: error.detail,
                  hint: error.hint, position: error.position)
    }

    public init(severity: String, state: SQLState, message: String, detail: String?, hint: String?,
                position: Int?) {
        var fields = [
            DiagnosticField(code: UInt8(ascii: "S"), value: severity),
            DiagnosticField(code: UInt8(ascii: "V"), value: severity),
            DiagnosticField(code: UInt8(ascii: "C"), value: state.code),
            DiagnosticField(code: UInt8(ascii: "M"), value: message),
        ]
        if let detail { fields.append(DiagnosticField(code: UInt8(ascii: "D"), value: detail)) }
        if let hint { fields.append(DiagnosticField(code: UInt8(ascii: "H"), value: hint)) }
        if let position { fields.append(DiagnosticField(code: UInt8(ascii: "P"), value: String(position))) }
        self.fields = fields
    }

    public subscript(code: Character) -> String? {
        guard let byte = code.asciiValue else { return nil }
        return fields.first { $0.code == byte }?.value
    }

    public var severity: String? { self["V"] ?? self["S"] }
    public var sqlState: String? { self["C"] }
    public var message: String? { self["M"] }

    static func decode(_ reader: inout MessageReader) throws(DatabaseError) -> Self {
        var fields: [DiagnosticField] = []
        while true {
            let code = try reader.readByte()
            if code == 0 { break }
            fields.append(DiagnosticField(code: code, value: try reader.readString()))
        }
        try reader.expectEnd()
        return Self(fields: fields)
    }

    func encode(typeCode: UInt8, into buffer: inout ByteBuffer) {
        buffer.writeMessage(typeCode: typeCode) { body in
            for field in fields where field.code != 0 {
                body.writeInteger(field.code)
                body.writeCString(field.value)
            }
            body.writeInteger(UInt8(0))
        }
    }
}
