// CopyData: a chunk of COPY data, in either direction. From the client, chunks may split rows
// anywhere (psycopg sends about 8 KB at a time); from the server, HeliosDB sends one row per
// message, as PostgreSQL does.
//
// | bytes | field                                  |
// |-------|----------------------------------------|
// | 1     | 'd'                                    |
// | 4     | Int32 length, counting itself          |
// | n     | data                                   |

public import NIOCore

/// A chunk of COPY data.
public struct CopyData: Equatable, Sendable {
    public static let typeCode = UInt8(ascii: "d")

    public var data: ByteBuffer

    public init(data: ByteBuffer) { self.data = data }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeMessage(typeCode: Self.typeCode) { body in
            var data = data
            body.writeBuffer(&data)
        }
    }
}
