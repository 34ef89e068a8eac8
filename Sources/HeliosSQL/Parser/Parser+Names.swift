// Which tokens may stand for names where, following PostgreSQL's keyword categories: ColId
// (identifiers, unreserved and column-name keywords), type_function_name, ColLabel (any word),
// BareColLabel (labels without AS), NonReservedWord; and qualified names built from them.

import HeliosCore

extension Parser {
    /// Whether `token` can be a ColId: a column, table or alias name.
    static func isColumnIdentifier(_ token: Token) -> Bool {
        switch token.kind {
        case .quotedIdentifier: return true
        case .identifier:
            guard let keyword = token.keyword else { return true }
            return keyword.category == .unreserved || keyword.category == .columnName
        default: return false
        }
    }

    /// Whether `token` can be a type_function_name: a function or type name.
    static func isTypeFunctionName(_ token: Token) -> Bool {
        switch token.kind {
        case .quotedIdentifier: return true
        case .identifier:
            guard let keyword = token.keyword else { return true }
            return keyword.category == .unreserved || keyword.category == .typeOrFunctionName
        default: return false
        }
    }

    /// Whether `token` can be a ColLabel: any word at all.
    static func isColumnLabel(_ token: Token) -> Bool {
        token.kind == .identifier || token.kind == .quotedIdentifier
    }

    /// Whether `token` can be a BareColLabel: an output name without AS.
    static func isBareColumnLabel(_ token: Token) -> Bool {
        switch token.kind {
        case .quotedIdentifier: return true
        case .identifier: return token.keyword?.isBareLabel ?? true
        default: return false
        }
    }

    /// Whether `token` is a NonReservedWord: any word but a reserved keyword.
    static func isNonReservedWord(_ token: Token) -> Bool {
        switch token.kind {
        case .quotedIdentifier: return true
        case .identifier: return token.keyword?.category != .reserved
        default: return false
        }
    }

    /// A ColId.
    mutating func parseColumnIdentifier() throws(DatabaseError) -> String {
        guard Parser.isColumnIdentifier(current) else { throw syntaxError() }
        defer { advance() }
        return current.text
    }

    /// A ColLabel.
    mutating func parseColumnLabel() throws(DatabaseError) -> String {
        guard Parser.isColumnLabel(current) else { throw syntaxError() }
        defer { advance() }
        return current.text
    }

    /// A NonReservedWord.
    mutating func parseNonReservedWord() throws(DatabaseError) -> String {
        guard Parser.isNonReservedWord(current) else { throw syntaxError() }
        defer { advance() }
        return current.text
    }

    /// A type_function_name.
    mutating func parseTypeFunctionName() throws(DatabaseError) -> String {
        guard Parser.isTypeFunctionName(current) else { throw syntaxError() }
        defer { advance() }
        return current.text
    }

    /// `(name, name, ...)` of ColIds.
    mutating func parseParenthesizedNameList() throws(DatabaseError) -> [String] {
        try expect(.leftParenthesis)
        let names = try parseNameList()
        try expect(.rightParenthesis)
        return names
    }

    /// `name, name, ...` of ColIds.
    mutating func parseNameList() throws(DatabaseError) -> [String] {
        var names = [try parseColumnIdentifier()]
        while accept(.comma) { names.append(try parseColumnIdentifier()) }
        return names
    }

    /// A ColId followed by `.ColLabel` parts (`any_name`), as for collations and opclasses.
    mutating func parseAnyName() throws(DatabaseError) -> QualifiedName {
        let location = self.location
        var parts = [try parseColumnIdentifier()]
        while current.kind == .dot {
            advance()
            parts.append(try parseColumnLabel())
        }
        return QualifiedName(parts, location: location)
    }

    /// A relation name (`qualified_name`): ColId with at most two more `.ColLabel` parts.
    mutating func parseQualifiedName() throws(DatabaseError) -> QualifiedName {
        let name = try parseAnyName()
        guard name.parts.count <= 3 else {
            throw error("improper qualified name (too many dotted names): \(name.parts.joined(separator: "."))",
                        at: name.location)
        }
        return name
    }

    /// A comma-separated list of relation names.
    mutating func parseQualifiedNameList() throws(DatabaseError) -> [QualifiedName] {
        var names = [try parseQualifiedName()]
        while accept(.comma) { names.append(try parseQualifiedName()) }
        return names
    }

    /// A string constant (Sconst).
    mutating func parseStringConstant() throws(DatabaseError) -> String {
        guard current.kind == .string else { throw syntaxError() }
        defer { advance() }
        return current.text
    }

    /// An integer constant (Iconst), within 32 bits as in PostgreSQL.
    mutating func parseIntegerConstant() throws(DatabaseError) -> Int {
        guard current.kind == .integer, let value = Int32(current.text) else { throw syntaxError() }
        advance()
        return Int(value)
    }

    /// A SignedIconst: an integer with an optional sign.
    mutating func parseSignedInteger() throws(DatabaseError) -> Int64 {
        var negative = false
        if acceptOperator("-") { negative = true } else { _ = acceptOperator("+") }
        guard current.kind == .integer, let value = Int32(current.text) else { throw syntaxError() }
        advance()
        return negative ? -Int64(value) : Int64(value)
    }

    /// A NumericOnly: a signed integer or decimal constant.
    mutating func parseSignedNumber() throws(DatabaseError) -> Literal {
        var negative = false
        if acceptOperator("-") { negative = true } else { _ = acceptOperator("+") }
        let literal: Literal
        switch current.kind {
        case .integer: literal = Parser.integerLiteral(current.text)
        case .numeric: literal = .numeric(current.text)
        default: throw syntaxError()
        }
        advance()
        return negative ? (literal.negated ?? literal) : literal
    }

    /// An integer literal: 64-bit if it fits, else numeric, as PostgreSQL's lexer decides.
    static func integerLiteral(_ digits: String) -> Literal {
        if let value = Int64(digits) { return .integer(value) }
        return .numeric(digits)
    }

    /// A role specification: a non-reserved name, CURRENT_ROLE, CURRENT_USER, SESSION_USER.
    mutating func parseRoleSpecification() throws(DatabaseError) -> RoleSpecification {
        if accept(.current_role) { return .currentRole }
        if accept(.current_user) { return .currentUser }
        if accept(.session_user) { return .sessionUser }
        if current.kind == .identifier, current.text == "public" { advance(); return .public }
        return .name(try parseNonReservedWord())
    }

    /// `CASCADE | RESTRICT`, if present.
    mutating func parseDropBehavior() -> DropBehavior? {
        if accept(.cascade) { return .cascade }
        if accept(.restrict) { return .restrict }
        return nil
    }
}
