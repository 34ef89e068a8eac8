// A Bind message, as the engine receives it: parameter formats already expanded to one per
// value and checked (0 or 1), result formats checked but left in the protocol's compact form,
// since only the engine knows the column count.

public import HeliosCore

/// One parameter value.
public struct BoundParameter: Equatable, Sendable {
    public var format: FormatCode
    /// The value's bytes in `format`; nil is SQL NULL.
    public var bytes: [UInt8]?

    public init(format: FormatCode, bytes: [UInt8]?) {
        self.format = format
        self.bytes = bytes
    }
}

/// The formats requested for result columns: none (all text), one (for every column), or one
/// per column.
public struct ResultFormats: Equatable, Sendable {
    public var codes: [FormatCode]

    public init(_ codes: [FormatCode]) { self.codes = codes }

    /// Fails as PostgreSQL does when the count fits neither rule.
    public func validate(columnCount: Int) throws(DatabaseError) {
        if codes.count > 1 && codes.count != columnCount {
            throw DatabaseError(.protocolViolation,
                                "bind message has \(codes.count) result formats but query has \(columnCount) columns")
        }
    }

    /// The format of column `index` (0-based).
    public func format(ofColumn index: Int) -> FormatCode {
        switch codes.count {
        case 0: .text
        case 1: codes[0]
        default: index < codes.count ? codes[index] : .text
        }
    }
}

/// Create portal `portalName` from statement `statementName` with these values.
public struct BindRequest: Equatable, Sendable {
    /// "" is the unnamed portal.
    public var portalName: String
    /// "" is the unnamed statement.
    public var statementName: String
    public var parameters: [BoundParameter]
    public var resultFormats: ResultFormats

    public init(portalName: String, statementName: String, parameters: [BoundParameter],
                resultFormats: ResultFormats) {
        self.portalName = portalName
        self.statementName = statementName
        self.parameters = parameters
        self.resultFormats = resultFormats
    }
}
