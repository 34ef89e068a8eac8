// GRANT and REVOKE of privileges on tables, sequences, schemas, databases and functions, and of
// role membership.

import HeliosCore

extension Parser {
    mutating func parseGrant() throws(DatabaseError) -> GrantStatement {
        let start = location
        let isGrant = accept(.grant)
        if !isGrant { try expect(.revoke) }
        var withGrantOption = false
        if !isGrant && (isKeyword(.grant) || isKeyword(.admin)) && isKeyword(.option, at: 1) && isKeyword(.for, at: 2) {
            advance(); advance(); advance()
            withGrantOption = true
        }
        var privileges: [Privilege] = []
        var isAll = false
        if accept(.all) {
            _ = accept(.privileges)
            isAll = true
            if current.kind == .leftParenthesis {
                privileges.append(Privilege(name: "all", columns: try parseParenthesizedNameList()))
            }
        } else {
            repeat {
                let name: String
                if accept(.select) {
                    name = "select"
                } else if accept(.references) {
                    name = "references"
                } else if accept(.create) {
                    name = "create"
                } else {
                    name = try parseColumnIdentifier()
                }
                let columns = current.kind == .leftParenthesis ? try parseParenthesizedNameList() : []
                privileges.append(Privilege(name: name, columns: columns))
            } while accept(.comma)
        }
        let subject: GrantStatement.Subject
        if accept(.on) {
            subject = .privileges(isAll && privileges.isEmpty ? [] : privileges, on: try parseGrantObjects())
        } else {
            guard !isAll, privileges.allSatisfy({ $0.columns.isEmpty }) else { throw syntaxError() }
            subject = .roles(privileges.map(\.name))
        }
        if isGrant { try expect(.to) } else { try expect(.from) }
        var grantees: [RoleSpecification] = []
        repeat {
            _ = accept(.group)
            grantees.append(try parseRoleSpecification())
        } while accept(.comma)
        var statement = GrantStatement(isGrant: isGrant, subject: subject, grantees: grantees,
                                       withGrantOption: withGrantOption, location: start)
        if isGrant && accept(.with) {
            if !accept(.grant) { try expect(.admin) }
            try expect(.option)
            statement.withGrantOption = true
        }
        if accept(.granted) {
            try expect(.by)
            statement.grantedBy = try parseRoleSpecification()
        }
        if !isGrant { statement.behavior = parseDropBehavior() }
        return statement
    }

    mutating func parseGrantObjects() throws(DatabaseError) -> GrantObjects {
        if accept(.all) {
            let kind: GrantObjects.Kind
            if accept(.tables) {
                kind = .allTablesInSchema
            } else if accept(.sequences) {
                kind = .allSequencesInSchema
            } else {
                try expect(.functions)
                kind = .allFunctionsInSchema
            }
            try expect(.in)
            try expect(.schema)
            var names: [QualifiedName] = []
            repeat {
                names.append(QualifiedName(try parseColumnIdentifier(), location: tokens[index - 1].location))
            } while accept(.comma)
            return GrantObjects(kind: kind, names: names)
        }
        var kind = GrantObjects.Kind.table
        if accept(.table) {
            kind = .table
        } else if accept(.sequence) {
            kind = .sequence
        } else if accept(.schema) {
            kind = .schema
        } else if accept(.database) {
            kind = .database
        } else if accept(.function) || accept(.procedure) || accept(.routine) {
            kind = .function
        } else if current.kind == .identifier, let keyword = current.keyword,
                  [.type, .domain, .language, .foreign, .large, .tablespace, .parameter].contains(keyword) {
            throw unsupported("GRANT ON \(keyword.rawValue.uppercased())", at: location)
        }
        var names: [QualifiedName] = []
        repeat {
            let name = try parseAnyName()
            if kind == .function && current.kind == .leftParenthesis {
                // Argument types identify an overload; HeliosDB keeps the name only.
                var depth = 0
                repeat {
                    if current.kind == .leftParenthesis { depth += 1 }
                    if current.kind == .rightParenthesis { depth -= 1 }
                    if current.kind == .endOfInput { throw syntaxError() }
                    advance()
                } while depth > 0
            }
            names.append(name)
        } while accept(.comma)
        return GrantObjects(kind: kind, names: names)
    }
}
