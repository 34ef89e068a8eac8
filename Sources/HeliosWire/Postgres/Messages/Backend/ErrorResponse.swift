// ErrorResponse: a statement failed (severity ERROR) or the session ends (FATAL). Fields as
// listed in DiagnosticFields.swift.
//
// | bytes | field                                              |
// |-------|----------------------------------------------------|
// | 1     | 'E'                                                |
// | 4     | Int32 length, counting itself                      |
// | ...   | per field: Byte1 code, NUL-terminated value        |
// | 1     | a final NUL                                        |

public import HeliosCore
public import NIOCore

/// An error report.
public struct ErrorResponse: Equatable, Sendable {
    public static let typeCode = UInt8(ascii: "E")

    public var fields: DiagnosticFields

    public init(fields: DiagnosticFields) { self.fields = fields }

    /// An ERROR: the statement failed, the session goes on.
    public static func error(_ error: DatabaseError) -> Self {
        Self(fields: DiagnosticFields(severity: "ERROR", error: error))
    }

    /// A FATAL error: the server closes the connection after sending it.
    public static func fatal(_ error: DatabaseError) -> Self {
        Self(fields: DiagnosticFields(severity: "FATAL", error: error))
    }

    public static func decode(_ reader: inout MessageReader) throws(DatabaseError) -> Self {
        Self(fields: try DiagnosticFields.decode(&reader))
    }

    public func encode(into buffer: inout ByteBuffer) {
        fields.encode(typeCode: Self.typeCode, into: &buffer)
    }
}
