// Every message the server sends, as one enum: the connection emits these, the handler encodes
// them, and test clients decode them (BackendMessageDecoder) to check what a server said.

public import HeliosCore
public import NIOCore

/// A backend message.
public enum BackendMessage: Equatable, Sendable {
    case authenticationOk
    case authenticationCleartextPassword
    case authenticationMD5Password(AuthenticationMD5Password)
    case authenticationSASL(AuthenticationSASL)
    case authenticationSASLContinue(AuthenticationSASLContinue)
    case authenticationSASLFinal(AuthenticationSASLFinal)
    case backendKeyData(BackendKeyData)
    case parameterStatus(ParameterStatus)
    case readyForQuery(ReadyForQuery)
    case rowDescription(RowDescription)
    case dataRow(DataRow)
    case commandComplete(CommandComplete)
    case emptyQueryResponse
    case errorResponse(ErrorResponse)
    case noticeResponse(NoticeResponse)
    case parseComplete
    case bindComplete
    case closeComplete
    case noData
    case parameterDescription(ParameterDescription)
    case portalSuspended
    case copyInResponse(CopyInResponse)
    case copyOutResponse(CopyOutResponse)
    case copyData(CopyData)
    case copyDone
    case negotiateProtocolVersion(NegotiateProtocolVersion)

    public func encode(into buffer: inout ByteBuffer) {
        switch self {
        case .authenticationOk: AuthenticationOk.encode(into: &buffer)
        case .authenticationCleartextPassword: AuthenticationCleartextPassword.encode(into: &buffer)
        case .authenticationMD5Password(let message): message.encode(into: &buffer)
        case .authenticationSASL(let message): message.encode(into: &buffer)
        case .authenticationSASLContinue(let message): message.encode(into: &buffer)
        case .authenticationSASLFinal(let message): message.encode(into: &buffer)
        case .backendKeyData(let message): message.encode(into: &buffer)
        case .parameterStatus(let message): message.encode(into: &buffer)
        case .readyForQuery(let message): message.encode(into: &buffer)
        case .rowDescription(let message): message.encode(into: &buffer)
        case .dataRow(let message): message.encode(into: &buffer)
        case .commandComplete(let message): message.encode(into: &buffer)
        case .emptyQueryResponse: EmptyQueryResponse.encode(into: &buffer)
        case .errorResponse(let message): message.encode(into: &buffer)
        case .noticeResponse(let message): message.encode(into: &buffer)
        case .parseComplete: ParseComplete.encode(into: &buffer)
        case .bindComplete: BindComplete.encode(into: &buffer)
        case .closeComplete: CloseComplete.encode(into: &buffer)
        case .noData: NoData.encode(into: &buffer)
        case .parameterDescription(let message): message.encode(into: &buffer)
        case .portalSuspended: PortalSuspended.encode(into: &buffer)
        case .copyInResponse(let message): message.encode(into: &buffer)
        case .copyOutResponse(let message): message.encode(into: &buffer)
        case .copyData(let message): message.encode(into: &buffer)
        case .copyDone: CopyDone.encode(into: &buffer)
        case .negotiateProtocolVersion(let message): message.encode(into: &buffer)
        }
    }

    /// Decodes one message body; throws 08P01 for an unknown type or a malformed body.
    public static func decode(typeCode: UInt8, body: ByteBuffer) throws(DatabaseError) -> BackendMessage {
        var reader = MessageReader(body)
        func empty(_ message: BackendMessage) throws(DatabaseError) -> BackendMessage {
            try reader.expectEnd()
            return message
        }
        switch typeCode {
        case AuthenticationRequestCode.typeCode:
            switch try reader.readInt32() {
            case AuthenticationOk.requestCode: return try empty(.authenticationOk)
            case AuthenticationCleartextPassword.requestCode: return try empty(.authenticationCleartextPassword)
            case AuthenticationMD5Password.requestCode:
                return .authenticationMD5Password(try AuthenticationMD5Password.decode(&reader))
            case AuthenticationSASL.requestCode: return .authenticationSASL(try AuthenticationSASL.decode(&reader))
            case AuthenticationSASLContinue.requestCode:
                return .authenticationSASLContinue(AuthenticationSASLContinue.decode(&reader))
            case AuthenticationSASLFinal.requestCode:
                return .authenticationSASLFinal(AuthenticationSASLFinal.decode(&reader))
            case let code: throw DatabaseError(.protocolViolation, "unsupported authentication request \(code)")
            }
        case BackendKeyData.typeCode: return .backendKeyData(try BackendKeyData.decode(&reader))
        case ParameterStatus.typeCode: return .parameterStatus(try ParameterStatus.decode(&reader))
        case ReadyForQuery.typeCode: return .readyForQuery(try ReadyForQuery.decode(&reader))
        case RowDescription.typeCode: return .rowDescription(try RowDescription.decode(&reader))
        case DataRow.typeCode: return .dataRow(try DataRow.decode(&reader))
        case CommandComplete.typeCode: return .commandComplete(try CommandComplete.decode(&reader))
        case EmptyQueryResponse.typeCode: return try empty(.emptyQueryResponse)
        case ErrorResponse.typeCode: return .errorResponse(try ErrorResponse.decode(&reader))
        case NoticeResponse.typeCode: return .noticeResponse(try NoticeResponse.decode(&reader))
        case ParseComplete.typeCode: return try empty(.parseComplete)
        case BindComplete.typeCode: return try empty(.bindComplete)
        case CloseComplete.typeCode: return try empty(.closeComplete)
        case NoData.typeCode: return try empty(.noData)
        case ParameterDescription.typeCode: return .parameterDescription(try ParameterDescription.decode(&reader))
        case PortalSuspended.typeCode: return try empty(.portalSuspended)
        case CopyInResponse.typeCode: return .copyInResponse(try CopyInResponse.decode(&reader))
        case CopyOutResponse.typeCode: return .copyOutResponse(try CopyOutResponse.decode(&reader))
        case CopyData.typeCode: return .copyData(CopyData(data: reader.readRemaining()))
        case CopyDone.typeCode: return try empty(.copyDone)
        case NegotiateProtocolVersion.typeCode:
            return .negotiateProtocolVersion(try NegotiateProtocolVersion.decode(&reader))
        default: throw DatabaseError(.protocolViolation, "invalid backend message type \(typeCode)")
        }
    }
}
