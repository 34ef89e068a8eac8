// Functions that need the database rather than just their arguments: sequences (nextval,
// currval, setval, lastval), settings (current_setting, set_config), facts about the server and
// session, and the catalog functions clients introspect with (format_type, pg_get_indexdef,
// pg_table_is_visible ...; EngineFunction+Catalog.swift). They are volatile (never folded) and
// reach the session and statement through `EvaluationEnvironment.services`. The binder resolves
// them before HeliosValues' registry, choosing among overloads by argument type.

package import HeliosCore
package import HeliosValues

package enum EngineFunction: String, Sendable, Hashable, CaseIterable {
    case nextval, currval, setval, lastval
    case currentSetting = "current_setting"
    case setConfig = "set_config"
    case backendPID = "pg_backend_pid"
    case advisoryUnlockAll = "pg_advisory_unlock_all"
    // Facts about the server and session.
    case version
    case currentSchema = "current_schema"
    case currentSchemas = "current_schemas"
    case currentDatabase = "current_database"
    case isInRecovery = "pg_is_in_recovery"
    case postmasterStartTime = "pg_postmaster_start_time"
    case configurationLoadTime = "pg_conf_load_time"
    case jitAvailable = "pg_jit_available"
    case encodingToName = "pg_encoding_to_char"
    // The catalog (EngineFunction+Catalog.swift).
    case formatType = "format_type"
    case getExpression = "pg_get_expr"
    case getIndexDefinition = "pg_get_indexdef"
    case getConstraintDefinition = "pg_get_constraintdef"
    case getViewDefinition = "pg_get_viewdef"
    case getUserByID = "pg_get_userbyid"
    case getSerialSequence = "pg_get_serial_sequence"
    case getFunctionResult = "pg_get_function_result"
    case getFunctionArguments = "pg_get_function_arguments"
    case getTriggerDefinition = "pg_get_triggerdef"
    case getRuleDefinition = "pg_get_ruledef"
    case getStatisticsColumns = "pg_get_statisticsobjdef_columns"
    case tableIsVisible = "pg_table_is_visible"
    case typeIsVisible = "pg_type_is_visible"
    case functionIsVisible = "pg_function_is_visible"
    case collationIsVisible = "pg_collation_is_visible"
    case operatorIsVisible = "pg_operator_is_visible"
    case operatorClassIsVisible = "pg_opclass_is_visible"
    case conversionIsVisible = "pg_conversion_is_visible"
    case tablespaceLocation = "pg_tablespace_location"
    case relationIsPublishable = "pg_relation_is_publishable"
    case objectDescription = "obj_description"
    case columnDescription = "col_description"
    case sharedObjectDescription = "shobj_description"
    case toRegclass = "to_regclass"
    case toRegtype = "to_regtype"
    case toRegnamespace = "to_regnamespace"
    case toRegrole = "to_regrole"
    case relationSize = "pg_relation_size"
    case totalRelationSize = "pg_total_relation_size"
    case tableSize = "pg_table_size"
    case indexesSize = "pg_indexes_size"
    case databaseSize = "pg_database_size"
    case hasTablePrivilege = "has_table_privilege"
    case hasSchemaPrivilege = "has_schema_privilege"
    case hasDatabasePrivilege = "has_database_privilege"
    case hasColumnPrivilege = "has_column_privilege"
    case hasAnyColumnPrivilege = "has_any_column_privilege"
    case hasSequencePrivilege = "has_sequence_privilege"
    case hasFunctionPrivilege = "has_function_privilege"
    // The autopilot (Autopilot/).
    case autopilotRevert = "helios_ai.revert"
    case statementStatisticsReset = "pg_stat_statements_reset"
    case resetEstimates = "helios_ai.reset_estimates"

    /// One overload: parameter types and result type.
    package struct Signature: Sendable {
        package var parameters: [SQLType]
        package var result: SQLType
    }

    package var signatures: [Signature] {
        func one(_ parameters: [SQLType], _ result: SQLType) -> [Signature] { [Signature(parameters: parameters, result: result)] }
        switch self {
        case .nextval, .currval: return one([.regclass], .bigint)
        case .setval: return [Signature(parameters: [.regclass, .bigint], result: .bigint),
                              Signature(parameters: [.regclass, .bigint, .boolean], result: .bigint)]
        case .lastval: return one([], .bigint)
        case .currentSetting: return [Signature(parameters: [.text], result: .text), Signature(parameters: [.text, .boolean], result: .text)]
        case .setConfig: return one([.text, .text, .boolean], .text)
        case .backendPID: return one([], .integer)
        case .advisoryUnlockAll: return one([], .void)
        case .version: return one([], .text)
        case .currentSchema, .currentDatabase: return one([], .name)
        case .currentSchemas: return one([.boolean], .array(of: .name))
        case .isInRecovery, .jitAvailable: return one([], .boolean)
        case .postmasterStartTime, .configurationLoadTime: return one([], .timestampWithTimeZone)
        case .encodingToName: return one([.integer], .name)
        case .formatType: return one([.oid, .integer], .text)
        case .getExpression: return [Signature(parameters: [.text, .oid], result: .text),
                                     Signature(parameters: [.text, .oid, .boolean], result: .text)]
        case .getIndexDefinition: return [Signature(parameters: [.oid], result: .text),
                                          Signature(parameters: [.oid, .integer, .boolean], result: .text)]
        case .getConstraintDefinition, .getTriggerDefinition, .getRuleDefinition:
            return [Signature(parameters: [.oid], result: .text), Signature(parameters: [.oid, .boolean], result: .text)]
        case .getViewDefinition: return [Signature(parameters: [.oid], result: .text), Signature(parameters: [.oid, .boolean], result: .text),
                                         Signature(parameters: [.text], result: .text), Signature(parameters: [.text, .boolean], result: .text)]
        case .getUserByID: return one([.oid], .name)
        case .getSerialSequence: return one([.text, .text], .text)
        case .getFunctionResult, .getFunctionArguments, .getStatisticsColumns: return one([.oid], .text)
        case .tableIsVisible, .typeIsVisible, .functionIsVisible, .collationIsVisible, .operatorIsVisible, .operatorClassIsVisible,
             .conversionIsVisible:
            return one([.oid], .boolean)
        case .tablespaceLocation: return one([.oid], .text)
        case .relationIsPublishable: return one([.regclass], .boolean)
        case .objectDescription: return [Signature(parameters: [.oid], result: .text), Signature(parameters: [.oid, .name], result: .text)]
        case .columnDescription: return one([.oid, .integer], .text)
        case .sharedObjectDescription: return one([.oid, .name], .text)
        case .toRegclass: return one([.text], .regclass)
        case .toRegtype: return one([.text], .regtype)
        case .toRegnamespace: return one([.text], .regnamespace)
        case .toRegrole: return one([.text], .regrole)
        case .relationSize: return [Signature(parameters: [.regclass], result: .bigint), Signature(parameters: [.regclass, .text], result: .bigint)]
        case .totalRelationSize, .tableSize, .indexesSize: return one([.regclass], .bigint)
        case .databaseSize: return [Signature(parameters: [.name], result: .bigint), Signature(parameters: [.oid], result: .bigint)]
        case .hasTablePrivilege, .hasSchemaPrivilege, .hasDatabasePrivilege, .hasAnyColumnPrivilege, .hasSequencePrivilege,
             .hasFunctionPrivilege:
            // (object, privilege) and (user, object, privilege), the object by name or oid.
            return [Signature(parameters: [.text, .text], result: .boolean), Signature(parameters: [.oid, .text], result: .boolean),
                    Signature(parameters: [.name, .text, .text], result: .boolean),
                    Signature(parameters: [.name, .oid, .text], result: .boolean)]
        case .autopilotRevert: return one([.bigint], .bigint)
        case .statementStatisticsReset: return one([], .void)
        case .resetEstimates: return one([], .bigint)
        case .hasColumnPrivilege:
            return [Signature(parameters: [.text, .text, .text], result: .boolean),
                    Signature(parameters: [.oid, .text, .text], result: .boolean),
                    Signature(parameters: [.oid, .smallint, .text], result: .boolean),
                    Signature(parameters: [.name, .text, .text, .text], result: .boolean),
                    Signature(parameters: [.name, .oid, .text, .text], result: .boolean)]
        }
    }

    /// Whether `name` is one of these functions.
    package static func isEngineFunction(_ name: String) -> Bool { EngineFunction(rawValue: name) != nil }

    /// The function called `name` for arguments of these types, if it is one of these: the
    /// overload whose parameters match exactly, else the first the arguments convert to
    /// implicitly (untyped literals convert to anything).
    package static func resolve(_ name: String, argumentTypes: [SQLType]) -> (EngineFunction, Signature)? {
        guard let function = EngineFunction(rawValue: name) else { return nil }
        let candidates = function.signatures.filter { $0.parameters.count == argumentTypes.count }
        if let exact = candidates.first(where: { $0.parameters.map(\.withoutModifier) == argumentTypes.map(\.withoutModifier) }) {
            return (function, exact)
        }
        let convertible = candidates.first { signature in
            zip(argumentTypes, signature.parameters).allSatisfy { argument, parameter in
                (argument.kind == .unknown && !argument.isArray) || CastCatalog.context(from: argument, to: parameter) == .implicit
            }
        }
        return convertible.map { (function, $0) }
    }

    /// Whether a NULL argument gives NULL without running the function.
    var isStrict: Bool {
        switch self {
        case .setConfig, .formatType: false
        default: true
        }
    }

    package func evaluate(_ arguments: [SQLValue], _ environment: EvaluationEnvironment) throws(DatabaseError) -> SQLValue {
        if isStrict && arguments.contains(where: \.isNull) { return .null }
        if self == .formatType && arguments[0].isNull { return .null }
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
            if let value = session.systemSettingValue(name) { return .text(value) }
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
            try session.checkMaySet(name)
            try session.settings.set(name, to: value, local: local, inTransaction: inTransaction)
            return .text(try session.settings.show(name).value)
        case .backendPID:
            return .int32(session.processID)
        case .advisoryUnlockAll:
            // HeliosDB has no advisory locks, so none are held. A void result is an empty value.
            return .text("")
        case .autopilotRevert:
            try session.requireSuperuser("helios_ai.revert")
            // The revert runs DDL on a session of its own, which would wait for locks this
            // transaction holds: like PostgreSQL's non-transactional commands, not in a block.
            try session.refuseInTransactionBlock("helios_ai.revert()")
            return .int64(try session.database.revertAutopilotDecision(arguments[0].integerValue ?? 0))
        case .resetEstimates:
            // Every learned correction goes at once; plans are made from the statistics alone again.
            try session.requireSuperuser("helios_ai.reset_estimates")
            let statistics = session.database.statistics
            let removed = try statistics.learned.reset(store: session.database.store)
            statistics.version.add(1, ordering: .relaxed)
            return .int64(Int64(removed))
        case .statementStatisticsReset:
            try session.requireSuperuser("pg_stat_statements_reset")
            session.flushWorkload()
            session.database.workload.reset(now: Session.now())
            return .text("")
        default:
            return try evaluateCatalogFunction(arguments, services)
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
