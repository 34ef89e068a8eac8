// Functions that need the database rather than just their arguments: sequences (nextval,
// currval, setval, lastval), settings (current_setting, set_config) and facts about the session.
// They are volatile (never folded) and reach the session and statement through
// `EvaluationEnvironment.services`. The binder resolves them before HeliosValues' registry.

package import HeliosCore
package import HeliosValues

package enum EngineFunction: String, Sendable, Hashable, CaseIterable {
    case nextval, currval, setval, lastval
    case currentSetting = "current_setting"
    case setConfig = "set_config"
    case backendPID = "pg_backend_pid"

    /// One overload: parameter types and result type.
    package struct Signature: Sendable {
        package var parameters: [SQLType]
        package var result: SQLType
    }

    package var signatures: [Signature] {
        switch self {
        case .nextval, .currval: [Signature(parameters: [.regclass], result: .bigint)]
        case .setval: [Signature(parameters: [.regclass, .bigint], result: .bigint),
                       Signature(parameters: [.regclass, .bigint, .boolean], result: .bigint)]
        case .lastval: [Signature(parameters: [], result: .bigint)]
        case .currentSetting: [Signature(parameters: [.text], result: .text), Signature(parameters: [.text, .boolean], result: .text)]
        case .setConfig: [Signature(parameters: [.text, .text, .boolean], result: .text)]
        case .backendPID: [Signature(parameters: [], result: .integer)]
        }
    }

    /// The function called `name` with `count` arguments, if it is one of these.
    package static func resolve(_ name: String, argumentCount count: Int) -> (EngineFunction, Signature)? {
        guard let function = EngineFunction(rawValue: name),
              let signature = function.signatures.first(where: { $0.parameters.count == count }) else { return nil }
        return (function, signature)
    }

    /// Whether a NULL argument gives NULL without running the function.
    var isStrict: Bool { self != .setConfig }

    package func evaluate(_ arguments: [SQLValue], _ environment: EvaluationEnvironment) throws(DatabaseError) -> SQLValue {
        if isStrict && arguments.contains(where: \.isNull) { return .null }
        guard let services = environment.services else {
            throw DatabaseError(.featureNotSupported, "\(rawValue)() needs a database session")
        }
        let session = services.session
        switch self {
        case .nextval:
            let (oid, sequence, options) = try Self.sequence(arguments[0], services)
            let value = try session.database.sequences.next(oid, name: sequence.name, options: options,
                                                             txn: try services.statement.writeTransaction())
            session.sequenceValues[oid] = value
            session.lastSequence = oid
            return .int64(value)
        case .currval:
            let (oid, sequence, _) = try Self.sequence(arguments[0], services)
            guard let value = session.sequenceValues[oid] else {
                throw DatabaseError(.objectNotInPrerequisiteState,
                                    "currval of sequence \"\(sequence.name)\" is not yet defined in this session")
            }
            return .int64(value)
        case .lastval:
            guard let oid = session.lastSequence, let value = session.sequenceValues[oid] else {
                throw DatabaseError(.objectNotInPrerequisiteState, "lastval is not yet defined in this session")
            }
            return .int64(value)
        case .setval:
            let (oid, sequence, options) = try Self.sequence(arguments[0], services)
            guard case .int64(let value) = arguments[1] else { throw DatabaseError.internalError("setval value is not bigint") }
            var isCalled = true
            if arguments.count == 3, case .bool(let called) = arguments[2] { isCalled = called }
            try session.database.sequences.set(oid, name: sequence.name, options: options, value: value, isCalled: isCalled,
                                               txn: try services.statement.writeTransaction())
            if isCalled {
                session.sequenceValues[oid] = value
                session.lastSequence = oid
            }
            return .int64(value)
        case .currentSetting:
            guard case .text(let name) = arguments[0] else { return .null }
            let missingOK = arguments.count == 2 && arguments[1] == .bool(true)
            do {
                return .text(try session.settings.show(name).value)
            } catch {
                if missingOK { return .null }
                throw error
            }
        case .setConfig:
            guard case .text(let name) = arguments[0] else {
                throw DatabaseError(.nullValueNotAllowed, "SET requires parameter name")
            }
            let value: String? = if case .text(let text) = arguments[1] { text } else { nil }
            let local = arguments[2] == .bool(true)
            let inTransaction = session.transaction?.isExplicit == true
            try session.settings.set(name, to: value, local: local, inTransaction: inTransaction)
            return .text(try session.settings.show(name).value)
        case .backendPID:
            return .int32(session.processID)
        }
    }

    /// The sequence a regclass argument names.
    private static func sequence(_ argument: SQLValue, _ services: EngineServices) throws(DatabaseError)
        -> (ObjectID, RelationDescriptor, SequenceOptions) {
        guard case .oid(let raw) = argument else { throw DatabaseError.internalError("sequence argument is not an oid") }
        let oid = ObjectID(raw)
        guard let relation = try services.statement.catalogReader.relation(oid: oid) else {
            throw DatabaseError(.undefinedTable, "could not open relation with OID \(raw)")
        }
        guard relation.kind == .sequence, let options = relation.sequence else {
            throw DatabaseError(.wrongObjectType, "\"\(relation.name)\" is not a sequence")
        }
        return (oid, relation, options)
    }
}
