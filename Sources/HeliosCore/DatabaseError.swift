// The one error type HeliosDB throws for operating errors: bad input, constraint violations,
// I/O failures, corruption. It always carries a SQLSTATE so a client can act as it would with
// PostgreSQL. Programmer errors (broken invariants) are traps, never a DatabaseError.

/// An expected, reportable failure, in PostgreSQL's voice.
public struct DatabaseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var state: SQLState
    /// Short, lower case, no final period.
    public var message: String
    /// Whole sentences: the specifics.
    public var detail: String?
    /// Whole sentences: what the user can do about it.
    public var hint: String?
    /// 1-based character offset into the statement, where one applies.
    public var position: Int?
    /// Where it happened ("COPY t, line 3"), PostgreSQL's CONTEXT field.
    public var context: String?

    public init(_ state: SQLState, _ message: String, detail: String? = nil, hint: String? = nil,
                position: Int? = nil) {
        self.state = state
        self.message = message
        self.detail = detail
        self.hint = hint
        self.position = position
    }

    public var description: String {
        var text = "\(state.code): \(message)"
        if let detail { text += " (\(detail))" }
        return text
    }
}

extension DatabaseError {
    /// A page that failed its checksum or identity check.
    public static func corruptPage(_ page: PageID, file: String, detail: String? = nil) -> Self {
        Self(.dataCorrupted, "invalid page in block \(page.rawValue) of file \"\(file)\"", detail: detail)
    }

    /// A system call that failed; `errno` is rendered the way PostgreSQL does ("could not ...: %m").
    public static func io(_ action: String, path: String, errno code: Int32) -> Self {
        Self(code == 28 /* ENOSPC */ ? .diskFull : .ioError,
             "could not \(action) file \"\(path)\": \(describeErrno(code))")
    }

    /// A programming or state error reported through SQL rather than a trap.
    public static func internalError(_ message: String) -> Self {
        Self(.internalError, message)
    }
}

/// The text of an errno value, without Foundation.
public func describeErrno(_ code: Int32) -> String {
    switch code {
    case 1: return "Operation not permitted"
    case 2: return "No such file or directory"
    case 5: return "Input/output error"
    case 9: return "Bad file descriptor"
    case 12: return "Cannot allocate memory"
    case 13: return "Permission denied"
    case 17: return "File exists"
    case 20: return "Not a directory"
    case 21: return "Is a directory"
    case 22: return "Invalid argument"
    case 24: return "Too many open files"
    case 27: return "File too large"
    case 28: return "No space left on device"
    case 30: return "Read-only file system"
    case 122: return "Disk quota exceeded"
    default: return "errno \(code)"
    }
}
