// The deparser: prints any syntax tree back as PostgreSQL SQL that parses to the same tree
// (locations aside). Compound expressions are fully parenthesized, so the text never depends on
// precedence; names are quoted when they are not plain lower-case identifiers or are keywords
// that could not stand there. Used for view definitions, EXPLAIN, pg_get_indexdef and friends.

/// Builds SQL text from syntax trees.
public struct SQLPrinter {
    var output = ""

    public init() {}

    // MARK: - Public entry points

    public static func print(_ statement: Statement) -> String {
        var printer = SQLPrinter()
        printer.statement(statement)
        return printer.output
    }

    public static func print(_ expression: Expression) -> String {
        var printer = SQLPrinter()
        printer.expression(expression)
        return printer.output
    }

    public static func print(_ query: Query) -> String {
        var printer = SQLPrinter()
        printer.query(query)
        return printer.output
    }

    public static func print(_ type: TypeName) -> String {
        var printer = SQLPrinter()
        printer.typeName(type)
        return printer.output
    }

    // MARK: - Pieces

    mutating func write(_ text: String) { output += text }

    /// `name`, quoted unless it is a plain lower-case identifier and not a keyword that needs quotes.
    public static func identifier(_ name: String) -> String {
        if isPlainIdentifier(name) {
            guard let keyword = Keyword.named(name), keyword.category != .unreserved else { return name }
        }
        return quoted(name)
    }

    /// `"name"`, always quoted.
    static func quoted(_ name: String) -> String {
        "\"" + name.replacingAll("\"", with: "\"\"") + "\""
    }

    static func isPlainIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) || first == "_" else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "$" }
    }

    mutating func name(_ name: String) { write(SQLPrinter.identifier(name)) }

    mutating func qualifiedName(_ name: QualifiedName) {
        write(name.parts.map(SQLPrinter.identifier).joined(separator: "."))
    }

    mutating func nameList(_ names: [String]) {
        write(names.map(SQLPrinter.identifier).joined(separator: ", "))
    }

    /// `'text'` with quotes doubled.
    static func stringLiteral(_ text: String) -> String {
        "'" + text.replacingAll("'", with: "''") + "'"
    }

    mutating func string(_ text: String) { write(SQLPrinter.stringLiteral(text)) }

    mutating func list<Element>(_ elements: [Element], separator: String = ", ",
                                _ body: (inout SQLPrinter, Element) -> Void) {
        for (position, element) in elements.enumerated() {
            if position > 0 { write(separator) }
            body(&self, element)
        }
    }

    mutating func literal(_ literal: Literal) {
        switch literal {
        case .integer(let value): write(String(value))
        case .numeric(let text): write(text)
        case .string(let text): string(text)
        case .bitString(let digits): write("B" + SQLPrinter.stringLiteral(digits))
        case .hexString(let digits): write("X" + SQLPrinter.stringLiteral(digits))
        case .boolean(let value): write(value ? "TRUE" : "FALSE")
        case .null: write("NULL")
        }
    }

    mutating func operatorName(_ name: OperatorName) {
        if let schema = name.schema {
            write("OPERATOR(\(schema.split(separator: ".").map { SQLPrinter.identifier(String($0)) }.joined(separator: ".")).\(name.symbol))")
        } else {
            write(name.symbol)
        }
    }

    mutating func roleSpecification(_ role: RoleSpecification) {
        switch role {
        case .name(let name): self.name(name)
        case .currentRole: write("CURRENT_ROLE")
        case .currentUser: write("CURRENT_USER")
        case .sessionUser: write("SESSION_USER")
        case .public: write("PUBLIC")
        }
    }

    mutating func definitionValue(_ value: DefinitionValue) {
        switch value {
        case .string(let text): string(text)
        case .number(let text): write(text)
        case .word(let word): write(SQLPrinter.isPlainIdentifier(word) ? word : SQLPrinter.quoted(word))
        }
    }

    /// `(name = value, ...)`.
    mutating func definitionOptions(_ options: [DefinitionOption]) {
        write("(")
        list(options) { printer, option in
            printer.write(option.name.split(separator: ".").map { SQLPrinter.identifier(String($0)) }.joined(separator: "."))
            if let value = option.value {
                printer.write(" = ")
                printer.definitionValue(value)
            }
        }
        write(")")
    }

    // MARK: - Types

    mutating func typeName(_ type: TypeName) {
        if type.isSetOf { write("SETOF ") }
        write(SQLPrinter.typeText(type))
        for bound in type.arrayBounds { write(bound.map { "[\($0)]" } ?? "[]") }
    }

    /// The type without SETOF and array bounds, in SQL spelling for pg_catalog's types.
    static func typeText(_ type: TypeName) -> String {
        func modifiers() -> String {
            type.modifiers.isEmpty ? "" : "(" + type.modifiers.map { SQLPrinter.print($0) }.joined(separator: ", ") + ")"
        }
        if type.isSystemType {
            let count = type.modifiers.count
            switch type.baseName {
            case "int2" where count == 0: return "smallint"
            case "int4" where count == 0: return "integer"
            case "int8" where count == 0: return "bigint"
            case "float4" where count == 0: return "real"
            case "float8" where count == 0: return "double precision"
            case "bool" where count == 0: return "boolean"
            case "numeric": return "numeric" + modifiers()
            case "bpchar" where count > 0: return "character" + modifiers()
            case "varchar": return "character varying" + modifiers()
            case "bit" where count > 0: return "bit" + modifiers()
            case "varbit": return "bit varying" + modifiers()
            case "timestamp" where count <= 1: return "timestamp" + modifiers() + " without time zone"
            case "timestamptz" where count <= 1: return "timestamp" + modifiers() + " with time zone"
            case "time" where count <= 1: return "time" + modifiers() + " without time zone"
            case "timetz" where count <= 1: return "time" + modifiers() + " with time zone"
            case "interval" where count <= 1:
                guard let fields = type.intervalFields else { return "interval" + modifiers() }
                return "interval " + fields.rawValue.lowercased() + modifiers()
            default: break
            }
        }
        return type.name.parts.map(SQLPrinter.identifier).joined(separator: ".") + modifiers()
    }
}

extension String {
    /// The string with every `target` replaced (without Foundation).
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        result.reserveCapacity(count)
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}

extension Statement {
    /// The statement as PostgreSQL SQL; parsing it gives back an equal statement.
    public var sqlText: String { SQLPrinter.print(self) }
}

extension Expression {
    /// The expression as PostgreSQL SQL, fully parenthesized.
    public var sqlText: String { SQLPrinter.print(self) }
}

extension Query {
    /// The query as PostgreSQL SQL.
    public var sqlText: String { SQLPrinter.print(self) }
}

extension TypeName {
    /// The type as PostgreSQL spells it (`integer`, `character varying(10)`, `numeric(10,2)[]`).
    public var sqlText: String { SQLPrinter.print(self) }
}
