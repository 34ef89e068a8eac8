// Every message a client can send, as one enum, with the dispatch from a type byte and body to
// the message's decoder. A body that does not decode becomes `.malformed` with PostgreSQL's
// error: its length was right, so the connection can report it and carry on, as PostgreSQL
// does (an ERROR, not a FATAL).

public import HeliosCore
public import NIOCore

/// A decoded frontend message.
public enum FrontendMessage: Equatable, Sendable {
    // Startup packets (no type byte).
    case sslRequest(SSLRequest)
    case gssEncryptionRequest
    case cancelRequest(CancelRequest)
    case startup(StartupMessage)
    // 'p': a PasswordMessage, SASLInitialResponse or SASLResponse, told apart by the connection.
    case authenticationResponse(ByteBuffer)
    case query(QueryMessage)
    case parse(ParseMessage)
    case bind(BindMessage)
    case describe(DescribeMessage)
    case execute(ExecuteMessage)
    case close(CloseMessage)
    case sync
    case flush
    case terminate
    case copyData(CopyData)
    case copyDone
    case copyFail(CopyFailMessage)
    case functionCall(FunctionCallMessage)
    /// A well-framed message whose body is invalid.
    case malformed(typeCode: UInt8, error: DatabaseError)

    /// Decodes a regular message's body. Only types that `MessageLimits` admits reach here.
    public static func decode(typeCode: UInt8, body: ByteBuffer) -> FrontendMessage {
        var reader = MessageReader(body)
        do throws(DatabaseError) {
            switch typeCode {
            case QueryMessage.typeCode: return .query(try QueryMessage.decode(&reader))
            case ParseMessage.typeCode: return .parse(try ParseMessage.decode(&reader))
            case BindMessage.typeCode: return .bind(try BindMessage.decode(&reader))
            case DescribeMessage.typeCode: return .describe(try DescribeMessage.decode(&reader))
            case ExecuteMessage.typeCode: return .execute(try ExecuteMessage.decode(&reader))
            case CloseMessage.typeCode: return .close(try CloseMessage.decode(&reader))
            case SyncMessage.typeCode: try reader.expectEnd(); return .sync
            case FlushMessage.typeCode: try reader.expectEnd(); return .flush
            case TerminateMessage.typeCode: return .terminate
            case CopyData.typeCode: return .copyData(CopyData(data: body))
            case CopyDone.typeCode: try reader.expectEnd(); return .copyDone
            case CopyFailMessage.typeCode: return .copyFail(try CopyFailMessage.decode(&reader))
            case FunctionCallMessage.typeCode: return .functionCall(try FunctionCallMessage.decode(&reader))
            case PasswordMessage.typeCode: return .authenticationResponse(body)
            default:
                return .malformed(typeCode: typeCode, error: DatabaseError(
                    .protocolViolation, "invalid frontend message type \(typeCode)"))
            }
        } catch {
            return .malformed(typeCode: typeCode, error: error)
        }
    }

    /// Encodes the message as a client sends it; tests and test clients use this.
    public func encode(into buffer: inout ByteBuffer) {
        switch self {
        case .sslRequest(let message): message.encode(into: &buffer)
        case .gssEncryptionRequest: GSSEncryptionRequest().encode(into: &buffer)
        case .cancelRequest(let message): message.encode(into: &buffer)
        case .startup(let message): message.encode(into: &buffer)
        case .authenticationResponse(let body):
            buffer.writeMessage(typeCode: PasswordMessage.typeCode) { out in
                var body = body
                out.writeBuffer(&body)
            }
        case .query(let message): message.encode(into: &buffer)
        case .parse(let message): message.encode(into: &buffer)
        case .bind(let message): message.encode(into: &buffer)
        case .describe(let message): message.encode(into: &buffer)
        case .execute(let message): message.encode(into: &buffer)
        case .close(let message): message.encode(into: &buffer)
        case .sync: SyncMessage.encode(into: &buffer)
        case .flush: FlushMessage.encode(into: &buffer)
        case .terminate: TerminateMessage.encode(into: &buffer)
        case .copyData(let message): message.encode(into: &buffer)
        case .copyDone: CopyDone.encode(into: &buffer)
        case .copyFail(let message): message.encode(into: &buffer)
        case .functionCall(let message): message.encode(into: &buffer)
        case .malformed(let typeCode, _): buffer.writeMessage(typeCode: typeCode) { _ in }
        }
    }

    /// Bytes this message holds, for bounding the queue of messages waiting to be handled.
    public var approximateByteCount: Int {
        switch self {
        case .query(let message): message.text.utf8.count + 5
        case .parse(let message): message.query.utf8.count + message.parameterTypeOIDs.count * 4 + 16
        case .bind(let message): message.parameterValues.reduce(32) { $0 + ($1?.readableBytes ?? 0) + 4 }
        case .copyData(let message): message.data.readableBytes + 5
        case .functionCall(let message): message.arguments.reduce(32) { $0 + ($1?.readableBytes ?? 0) + 4 }
        case .authenticationResponse(let body): body.readableBytes + 5
        default: 16
        }
    }
}
