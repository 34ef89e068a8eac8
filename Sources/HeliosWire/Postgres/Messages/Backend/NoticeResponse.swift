// NoticeResponse: a message that is not an error (NOTICE "table \"t\" does not exist,
// skipping", WARNING "there is already a transaction in progress"). Same fields as
// ErrorResponse, listed in DiagnosticFields.swift.
//
// | bytes | field                                              |
// |-------|----------------------------------------------------|
// | 1     | 'N'                                                |
// | 4     | Int32 length, counting itself                      |
// | ...   | per field: Byte1 code, NUL-terminated value        |
// | 1     | a final NUL                                        |

public import HeliosCore
public import NIOCore

/// The severity of a notice, as PostgreSQL names it.
public enum NoticeSeverity: String, Equatable, Sendable {
    case warning = "WARNING"
    case notice = "NOTICE"
    case info = "INFO"
    case log = "LOG"
    case debug = "DEBUG"
}

/// A notice raised by the engine: sent to the client in order with the statement's results.
public struct Notice: Equatable, Sendable {
    public var severity: NoticeSeverity
    /// 00000 for a plain NOTICE; warnings carry their own (25001, 25P01, 01000...).
    public var state: SQLState
    public var message: String
    public var detail: String?
    public var hint: String?
    public var position: Int?

    public init(_ severity: NoticeSeverity, _ state: SQLState = .successfulCompletion, _ message: String,
                detail: String? = nil, hint: String? = nil, position: Int? = nil) {
        self.severity = severity
        self.state = state
        self.message = message
        self.detail = detail
        self.hint = hint
        self.position = position
    }
}

/// A notice report.
public struct NoticeResponse: Equatable, Sendable {
    public static let typeCode = UInt8(ascii: "N")

    public var fields: DiagnosticFields

    public init(fields: DiagnosticFields) { self.fields = fields }

    public init(_ notice: Notice) {
        fields = DiagnosticFields(severity: notice.severity.rawValue, state: notice.state, message: notice.message,
                                  detail: notice.detail, hint: notice.hint, position: notice.position)
    }

    public static func decode(_ reader: inout MessageReader) throws(DatabaseError) -> Self {
        Self(fields: try DiagnosticFields.decode(&reader))
    }

    public func encode(into buffer: inout ByteBuffer) {
        fields.encode(typeCode: Self.typeCode, into: &buffer)
    }
}
