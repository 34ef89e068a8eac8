// A lexical token of PostgreSQL's SQL dialect: its kind, its value (identifiers already folded,
// strings already unescaped) and where it stands in the source text.

/// One token of SQL text.
public struct Token: Sendable, Hashable {
    /// What the token is; `text` holds its value.
    public enum Kind: Sendable, Hashable {
        /// An unquoted word, folded to lower case; `keyword` is set when it spells one.
        case identifier
        /// A `"quoted"` identifier (or `U&"..."`): case kept, never a keyword.
        case quotedIdentifier
        /// A string constant in any quoting (`'...'`, `E'...'`, `U&'...'`, `$tag$...$tag$`).
        case string
        /// `B'0101'`: `text` holds the digits as written.
        case bitString
        /// `X'ff'`: `text` holds the hexadecimal digits as written.
        case hexString
        /// Digits only; `text` holds them.
        case integer
        /// A decimal point or an exponent; `text` holds the literal as written.
        case numeric
        /// `$n`; `text` holds the digits.
        case parameter
        /// An operator such as `+`, `<=`, `||`, `@>`; `!=` is reported as `<>`.
        case `operator`
        /// `::`
        case typeCast
        /// `.`
        case dot
        /// `..`
        case dotDot
        /// `,`
        case comma
        /// `;`
        case semicolon
        /// `:`
        case colon
        /// `:=`
        case colonEquals
        /// `=>`
        case equalsGreater
        /// `(`
        case leftParenthesis
        /// `)`
        case rightParenthesis
        /// `[`
        case leftBracket
        /// `]`
        case rightBracket
        /// A character no rule matches (`{`, `\`); the parser reports it as a syntax error.
        case other
        /// After the last token; its range is empty and sits at the end of the text.
        case endOfInput
    }

    public var kind: Kind
    /// The value: folded identifier, unescaped string, digits, operator spelling.
    public var text: String
    /// The keyword an unquoted identifier spells, if any.
    public var keyword: Keyword?
    /// Offsets in Unicode scalars (PostgreSQL's characters) of the token in the source.
    public var range: Range<Int>

    public init(kind: Kind, text: String, keyword: Keyword? = nil, range: Range<Int>) {
        self.kind = kind
        self.text = text
        self.keyword = keyword
        self.range = range
    }

    /// Where the token starts, for error reports and syntax-tree nodes.
    public var location: SourceLocation { SourceLocation(range.lowerBound) }

    /// Whether this token is the operator spelled `symbol`.
    func isOperator(_ symbol: String) -> Bool { kind == .operator && text == symbol }
}
