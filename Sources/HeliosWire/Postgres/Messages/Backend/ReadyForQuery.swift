// ReadyForQuery: the server waits for the next query; the byte tells the transaction status.
//
// | bytes | field                                                            |
// |-------|------------------------------------------------------------------|
// | 1     | 'Z'                                                              |
// | 4     | Int32 5                                                          |
// | 1     | 'I' idle, 'T' in a transaction block, 'E' in a failed block      |

public import HeliosCore
public import NIOCore

/// Where the session stands between transactions.
public enum TransactionStatus: UInt8, Equatable, Sendable {
    /// Not in a transaction block.
    case idle = 73  // 'I'
    /// In a transaction block.
    case inTransaction = 84  // 'T'
    /// In a failed transaction block: statements are refused until it ends.
    case failed = 69  // 'E'
}

/// The end of a query cycle.
public struct ReadyForQuery: Equatable, Sendable {
    public static let typeCode = UInt8(ascii: "Z")

    public var status: TransactionStatus

    public init(status: TransactionStatus) { self.status = status }

    public static func decode(_ reader: inout MessageReader) throws(DatabaseError) -> Self {
        let byte = try reader.readByte()
        try reader.expectEnd()
        guard let status = TransactionStatus(rawValue: byte) else {
            throw DatabaseError(.protocolViolation, "invalid transaction status \(byte)")
        }
        return Self(status: status)
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeMessage(typeCode: Self.typeCode) { $0.writeInteger(status.rawValue) }
    }
}
