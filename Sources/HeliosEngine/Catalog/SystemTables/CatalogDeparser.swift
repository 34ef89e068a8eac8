// Catalog objects printed back as SQL, in the forms PostgreSQL's ruleutils.c prints and clients
// parse: pg_get_indexdef ("CREATE UNIQUE INDEX name ON schema.table USING btree (a, b DESC)"; psql
// cuts it at " USING "), pg_get_constraintdef ("FOREIGN KEY (a) REFERENCES t(b) ON DELETE CASCADE",
// which SQLAlchemy reads with a regular expression), and stored expressions (pg_get_expr).
// Expressions are kept as the SQL text they were written as, so PostgreSQL's added casts
// ('x'::text, (0)::numeric) do not appear.

import HeliosCore
import HeliosValues

/// SQL text of indexes, constraints and expressions.
enum CatalogDeparser {
    /// pg_get_indexdef(index, column, pretty): the whole CREATE INDEX for column 0, else the
    /// name or expression of key column `column` (1-based).
    static func indexDefinition(_ index: IndexDescriptor, of table: RelationDescriptor, column: Int = 0, pretty: Bool = false,
                                data: SystemCatalogData) -> String? {
        if column > 0 {
            let parts = index.keys.map { keyText($0, of: table, withOrder: false) } + index.included.map { columnName($0, of: table) }
            return column <= parts.count ? parts[column - 1] : nil
        }
        // The table is schema-qualified, except in pretty mode when the search path finds it.
        let qualified = pretty ? data.displayName(ofRelation: table.oid) ?? quote(table.name)
            : quote(data.namespaceName(table.namespace)) + "." + quote(table.name)
        var text = "CREATE \(index.isUnique ? "UNIQUE " : "")INDEX \(quote(index.name)) ON \(qualified) USING btree ("
        text += index.keys.map { keyText($0, of: table, withOrder: true) }.joined(separator: ", ") + ")"
        if !index.included.isEmpty {
            text += " INCLUDE (" + index.included.map { columnName($0, of: table) }.joined(separator: ", ") + ")"
        }
        if index.nullsNotDistinct { text += " NULLS NOT DISTINCT" }
        if !index.options.isEmpty {
            text += " WITH (" + index.options.sorted { $0.key < $1.key }.map { "\($0.key)='\($0.value)'" }.joined(separator: ", ") + ")"
        }
        if let predicate = index.predicate { text += " WHERE " + parenthesized(predicate) }
        return text
    }

    /// One key of an index: the column's name or the expression (in parentheses unless it is a
    /// function call), with DESC and a NULLS placement that is not the default for its order.
    private static func keyText(_ key: IndexKeyPart, of table: RelationDescriptor, withOrder: Bool) -> String {
        var text = key.column != 0 ? columnName(key.column, of: table) : expressionKey(key.expression ?? "")
        guard withOrder else { return text }
        if key.descending { text += " DESC" }
        if key.descending && !key.nullsFirst { text += " NULLS LAST" }
        if !key.descending && key.nullsFirst { text += " NULLS FIRST" }
        return text
    }

    private static func expressionKey(_ expression: String) -> String {
        isFunctionCall(expression) ? expression : "(" + expression + ")"
    }

    /// pg_get_constraintdef(constraint, pretty).
    static func constraintDefinition(_ constraint: ConstraintDescriptor, of table: RelationDescriptor, pretty: Bool,
                                     data: SystemCatalogData) -> String {
        let columns = constraint.columns.map { columnName($0, of: table) }.joined(separator: ", ")
        switch constraint.kind {
        case .primaryKey(let indexOID), .unique(let indexOID):
            let index = table.indexes.first { $0.oid == indexOID }
            let isPrimary = if case .primaryKey = constraint.kind { true } else { false }
            var text = isPrimary ? "PRIMARY KEY" : "UNIQUE"
            if index?.nullsNotDistinct == true { text += " NULLS NOT DISTINCT" }
            text += " (\(columns))"
            if let index, !index.included.isEmpty {
                text += " INCLUDE (" + index.included.map { columnName($0, of: table) }.joined(separator: ", ") + ")"
            }
            return text
        case .check(let expression):
            return "CHECK " + (pretty ? "(" + unparenthesized(expression) + ")" : "(" + parenthesized(expression) + ")")
        case .foreignKey(let key):
            let referenced = data.relation(key.referencedTable)
            let referencedName = data.displayName(ofRelation: key.referencedTable) ?? String(key.referencedTable.rawValue)
            let referencedColumns = key.referencedColumns.map { number in
                referenced.map { columnName(number, of: $0) } ?? String(number)
            }
            var text = "FOREIGN KEY (\(columns)) REFERENCES \(referencedName)(\(referencedColumns.joined(separator: ", ")))"
            if key.matchFull { text += " MATCH FULL" }
            if key.onUpdate != .noAction { text += " ON UPDATE " + actionWords(key.onUpdate) }
            if key.onDelete != .noAction { text += " ON DELETE " + actionWords(key.onDelete) }
            return text
        }
    }

    /// pg_get_expr of a column default: a lone string literal gets the cast to the column's type
    /// PostgreSQL's stored default carries ('untitled'::text).
    static func defaultExpression(_ expression: String, type: SQLType) -> String {
        guard expression.count >= 2, expression.first == "'", expression.last == "'" else { return expression }
        var inside = expression.dropFirst().dropLast()[...]
        // Only one literal: every other quote inside is a doubled ''.
        while let quote = inside.firstIndex(of: "'") {
            let next = inside.index(after: quote)
            guard next < inside.endIndex, inside[next] == "'" else { return expression }
            inside = inside[inside.index(after: next)...]
        }
        return expression + "::" + type.withoutModifier.formatted
    }

    /// pg_constraint.contype.
    static func constraintType(_ kind: ConstraintDescriptor.Kind) -> String {
        switch kind {
        case .primaryKey: "p"
        case .unique: "u"
        case .check: "c"
        case .foreignKey: "f"
        }
    }

    /// pg_constraint.confupdtype and confdeltype.
    static func actionCode(_ action: ReferentialAction) -> String {
        switch action {
        case .noAction: "a"
        case .restrict: "r"
        case .cascade: "c"
        case .setNull: "n"
        case .setDefault: "d"
        }
    }

    /// The action as SQL and information_schema spell it.
    static func actionWords(_ action: ReferentialAction) -> String {
        switch action {
        case .noAction: "NO ACTION"
        case .restrict: "RESTRICT"
        case .cascade: "CASCADE"
        case .setNull: "SET NULL"
        case .setDefault: "SET DEFAULT"
        }
    }

    /// A column's name, quoted when it needs to be.
    static func columnName(_ number: Int16, of table: RelationDescriptor) -> String {
        table.column(number: number).map { quote($0.name) } ?? String(number)
    }

    static func quote(_ identifier: String) -> String { StringFunctions.quoteIdentifier(identifier) }

    // MARK: parentheses

    /// `expression` wrapped in parentheses unless they already enclose all of it.
    static func parenthesized(_ expression: String) -> String {
        enclosedInParentheses(expression) ? expression : "(" + expression + ")"
    }

    /// `expression` without parentheses that enclose all of it.
    static func unparenthesized(_ expression: String) -> String {
        var text = expression
        while enclosedInParentheses(text) { text = String(text.dropFirst().dropLast()) }
        return text
    }

    /// Whether the first character is "(" and its matching ")" is the last (quotes respected).
    private static func enclosedInParentheses(_ text: String) -> Bool {
        let characters = Array(text)
        guard characters.first == "(", characters.last == ")" else { return false }
        var depth = 0
        var quote: Character?
        for (index, character) in characters.enumerated() {
            if let open = quote {
                if character == open { quote = nil }
                continue
            }
            switch character {
            case "'", "\"": quote = character
            case "(": depth += 1
            case ")":
                depth -= 1
                if depth == 0 && index != characters.count - 1 { return false }
            default: break
            }
        }
        return depth == 0
    }

    /// Whether `text` is one function call, `name(...)`, which index definitions print bare.
    private static func isFunctionCall(_ text: String) -> Bool {
        guard let open = text.firstIndex(of: "("), text.last == ")" else { return false }
        let name = text[..<open]
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) else { return false }
        return enclosedInParentheses(String(text[open...]))
    }
}
