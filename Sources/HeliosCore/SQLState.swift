// SQLSTATE codes, as PostgreSQL defines them (Appendix A of its manual), grouped by class in
// PostgreSQL's order. Clients branch on these codes, so every error HeliosDB reports uses the
// code PostgreSQL would report for the same condition.

/// A five-character SQLSTATE error code.
public struct SQLState: Hashable, Sendable, CustomStringConvertible {
    public let code: String

    public init(_ code: String) {
        precondition(code.utf8.count == 5, "a SQLSTATE has five characters")
        self.code = code
    }

    public var description: String { code }

    /// The two-character class, e.g. "23" for integrity constraint violations.
    public var errorClass: Substring { code.prefix(2) }
}

extension SQLState {
    // Class 00 — Successful Completion
    public static let successfulCompletion = SQLState("00000")
    // Class 01 — Warning
    public static let warning = SQLState("01000")
    // Class 08 — Connection Exception
    public static let connectionException = SQLState("08000")
    public static let connectionFailure = SQLState("08006")
    public static let protocolViolation = SQLState("08P01")
    // Class 0A — Feature Not Supported
    public static let featureNotSupported = SQLState("0A000")
    // Class 22 — Data Exception
    public static let dataException = SQLState("22000")
    public static let stringDataRightTruncation = SQLState("22001")
    public static let numericValueOutOfRange = SQLState("22003")
    public static let nullValueNotAllowed = SQLState("22004")
    public static let invalidDatetimeFormat = SQLState("22007")
    public static let datetimeFieldOverflow = SQLState("22008")
    public static let divisionByZero = SQLState("22012")
    public static let invalidParameterValue = SQLState("22023")
    public static let characterNotInRepertoire = SQLState("22021")
    public static let invalidTextRepresentation = SQLState("22P02")
    public static let invalidBinaryRepresentation = SQLState("22P03")
    public static let invalidTimeZoneDisplacementValue = SQLState("22009")
    public static let substringError = SQLState("22011")
    public static let intervalFieldOverflow = SQLState("22015")
    public static let invalidEscapeCharacter = SQLState("22019")
    public static let invalidEscapeSequence = SQLState("22025")
    public static let trimError = SQLState("22027")
    public static let invalidRegularExpression = SQLState("2201B")
    public static let invalidArgumentForLogarithm = SQLState("2201E")
    public static let invalidArgumentForPowerFunction = SQLState("2201F")
    public static let invalidArgumentForWidthBucketFunction = SQLState("2201G")
    public static let arraySubscriptError = SQLState("2202E")
    public static let floatingPointException = SQLState("22P01")
    public static let untranslatableCharacter = SQLState("22P05")
    // Class 23 — Integrity Constraint Violation
    public static let integrityConstraintViolation = SQLState("23000")
    public static let notNullViolation = SQLState("23502")
    public static let foreignKeyViolation = SQLState("23503")
    public static let uniqueViolation = SQLState("23505")
    public static let checkViolation = SQLState("23514")
    // Class 25 — Invalid Transaction State
    public static let invalidTransactionState = SQLState("25000")
    public static let activeSQLTransaction = SQLState("25001")
    public static let readOnlySQLTransaction = SQLState("25006")
    public static let noActiveSQLTransaction = SQLState("25P01")
    public static let inFailedSQLTransaction = SQLState("25P02")
    // Class 28 — Invalid Authorization Specification
    public static let invalidAuthorizationSpecification = SQLState("28000")
    public static let invalidPassword = SQLState("28P01")
    // Class 34 — Invalid Cursor Name
    public static let invalidCursorName = SQLState("34000")
    // Class 40 — Transaction Rollback
    public static let transactionRollback = SQLState("40000")
    public static let serializationFailure = SQLState("40001")
    public static let deadlockDetected = SQLState("40P01")
    // Class 42 — Syntax Error or Access Rule Violation
    public static let syntaxError = SQLState("42601")
    public static let insufficientPrivilege = SQLState("42501")
    public static let undefinedColumn = SQLState("42703")
    public static let undefinedFunction = SQLState("42883")
    public static let undefinedTable = SQLState("42P01")
    public static let undefinedObject = SQLState("42704")
    public static let duplicateObject = SQLState("42710")
    public static let duplicateTable = SQLState("42P07")
    public static let invalidName = SQLState("42602")
    public static let nameTooLong = SQLState("42622")
    public static let datatypeMismatch = SQLState("42804")
    public static let cannotCoerce = SQLState("42846")
    public static let ambiguousFunction = SQLState("42725")
    public static let indeterminateDatatype = SQLState("42P18")
    // Class 53 — Insufficient Resources
    public static let insufficientResources = SQLState("53000")
    public static let diskFull = SQLState("53100")
    public static let outOfMemory = SQLState("53200")
    public static let tooManyConnections = SQLState("53300")
    // Class 54 — Program Limit Exceeded
    public static let programLimitExceeded = SQLState("54000")
    // Class 55 — Object Not In Prerequisite State
    public static let objectNotInPrerequisiteState = SQLState("55000")
    public static let objectInUse = SQLState("55006")
    // Class 57 — Operator Intervention
    public static let queryCanceled = SQLState("57014")
    public static let adminShutdown = SQLState("57P01")
    public static let cannotConnectNow = SQLState("57P03")
    // Class 58 — System Error (errors external to PostgreSQL itself)
    public static let systemError = SQLState("58000")
    public static let ioError = SQLState("58030")
    public static let undefinedFile = SQLState("58P01")
    public static let duplicateFile = SQLState("58P02")
    // Class XX — Internal Error
    public static let internalError = SQLState("XX000")
    public static let dataCorrupted = SQLState("XX001")
    public static let indexCorrupted = SQLState("XX002")
}

// SQLSTATEs the SQL engine reports, in PostgreSQL's class order.
extension SQLState {
    public static let cardinalityViolation = SQLState("21000")
    public static let generatedAlways = SQLState("428C9")
    public static let badCopyFileFormat = SQLState("22P04")
    public static let invalidForeignKey = SQLState("42830")
    public static let reservedName = SQLState("42939")
    public static let tooManyColumns = SQLState("54011")
    public static let invalidObjectDefinition = SQLState("42P17")
    public static let sequenceGeneratorLimitExceeded = SQLState("2200H")
    public static let invalidRowCountInLimitClause = SQLState("2201W")
    public static let invalidRowCountInResultOffsetClause = SQLState("2201X")
    public static let invalidCursorState = SQLState("24000")
    public static let invalidSQLStatementName = SQLState("26000")
    public static let dependentObjectsStillExist = SQLState("2BP01")
    public static let invalidCatalogName = SQLState("3D000")
    public static let invalidSchemaName = SQLState("3F000")
    public static let invalidColumnDefinition = SQLState("42611")
    public static let duplicateColumn = SQLState("42701")
    public static let ambiguousColumn = SQLState("42702")
    public static let duplicateAlias = SQLState("42712")
    public static let groupingError = SQLState("42803")
    public static let wrongObjectType = SQLState("42809")
    public static let undefinedParameter = SQLState("42P02")
    public static let duplicateCursor = SQLState("42P03")
    public static let duplicateDatabase = SQLState("42P04")
    public static let duplicatePreparedStatement = SQLState("42P05")
    public static let duplicateSchema = SQLState("42P06")
    public static let invalidColumnReference = SQLState("42P10")
    public static let invalidPreparedStatementDefinition = SQLState("42P14")
    public static let invalidTableDefinition = SQLState("42P16")
    public static let invalidRecursion = SQLState("42P19")
    public static let windowingError = SQLState("42P20")
    public static let lockNotAvailable = SQLState("55P03")
    public static let invalidSavepointSpecification = SQLState("3B001")
    public static let cantChangeRuntimeParam = SQLState("55P02")
}
