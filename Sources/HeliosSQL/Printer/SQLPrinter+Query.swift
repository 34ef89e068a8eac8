// Printing queries: WITH, set operations (operands parenthesized unless they are a bare SELECT or
// VALUES), SELECT clauses, FROM items with joins in parentheses, and the clauses after the body.

extension SQLPrinter {
    mutating func query(_ query: Query) {
        if let with = query.with {
            withClause(with)
            write(" ")
        }
        queryBody(query.body)
        if !query.orderBy.isEmpty {
            write(" ")
            orderBy(query.orderBy)
        }
        if let limit = query.limit {
            if query.limitWithTies {
                write(" FETCH FIRST ")
                expression(limit)
                write(" ROWS WITH TIES")
            } else {
                write(" LIMIT ")
                expression(limit)
            }
        }
        if let offset = query.offset {
            write(" OFFSET ")
            expression(offset)
        }
        for clause in query.locking { lockingClause(clause) }
    }

    mutating func withClause(_ with: WithClause) {
        write(with.recursive ? "WITH RECURSIVE " : "WITH ")
        list(with.expressions) { printer, expression in
            printer.name(expression.name)
            if !expression.columns.isEmpty {
                printer.write("(")
                printer.nameList(expression.columns)
                printer.write(")")
            }
            switch expression.materialization {
            case .default: printer.write(" AS (")
            case .materialized: printer.write(" AS MATERIALIZED (")
            case .notMaterialized: printer.write(" AS NOT MATERIALIZED (")
            }
            printer.statement(expression.statement)
            printer.write(")")
        }
    }

    mutating func queryBody(_ body: QueryBody) {
        switch body {
        case .select(let clause):
            selectClause(clause)
        case .values(let rows):
            write("VALUES ")
            list(rows) { printer, row in
                printer.write("(")
                printer.expressionList(row)
                printer.write(")")
            }
        case .setOperation(let operation):
            setOperand(operation.left)
            switch operation.kind {
            case .union: write(" UNION ")
            case .intersect: write(" INTERSECT ")
            case .except: write(" EXCEPT ")
            }
            if operation.all { write("ALL ") }
            setOperand(operation.right)
        }
    }

    mutating func setOperand(_ operand: Query) {
        if operand.isBare, case .setOperation = operand.body {} else if operand.isBare {
            query(operand)
            return
        }
        write("(")
        query(operand)
        write(")")
    }

    mutating func selectClause(_ clause: SelectClause) {
        write("SELECT")
        switch clause.distinct {
        case .none: break
        case .distinct: write(" DISTINCT")
        case .distinctOn(let list):
            write(" DISTINCT ON (")
            expressionList(list)
            write(")")
        }
        if !clause.targets.isEmpty {
            write(" ")
            targetList(clause.targets)
        }
        if let into = clause.into {
            write(" INTO ")
            switch into.persistence {
            case .permanent: break
            case .temporary: write("TEMPORARY ")
            case .unlogged: write("UNLOGGED ")
            }
            write("TABLE ")
            qualifiedName(into.table)
        }
        if !clause.from.isEmpty {
            write(" FROM ")
            list(clause.from) { printer, item in printer.tableReference(item) }
        }
        if let condition = clause.whereCondition {
            write(" WHERE ")
            expression(condition)
        }
        if let groupBy = clause.groupBy {
            write(groupBy.distinct ? " GROUP BY DISTINCT " : " GROUP BY ")
            list(groupBy.elements) { printer, element in printer.groupingElement(element) }
        }
        if let having = clause.having {
            write(" HAVING ")
            expression(having)
        }
        if !clause.windows.isEmpty {
            write(" WINDOW ")
            list(clause.windows) { printer, window in
                printer.name(window.name)
                printer.write(" AS ")
                printer.windowSpecification(window.specification)
            }
        }
    }

    mutating func targetList(_ targets: [SelectTarget]) {
        list(targets) { printer, target in
            printer.expression(target.expression)
            if let alias = target.alias { printer.write(" AS " + SQLPrinter.identifier(alias)) }
        }
    }

    mutating func groupingElement(_ element: GroupingElement) {
        switch element {
        case .expression(let value): expression(value)
        case .empty: write("()")
        case .rollup(let list):
            write("ROLLUP (")
            expressionList(list)
            write(")")
        case .cube(let list):
            write("CUBE (")
            expressionList(list)
            write(")")
        case .groupingSets(let elements):
            write("GROUPING SETS (")
            list(elements) { printer, element in printer.groupingElement(element) }
            write(")")
        }
    }

    mutating func lockingClause(_ clause: LockingClause) {
        switch clause.strength {
        case .update: write(" FOR UPDATE")
        case .noKeyUpdate: write(" FOR NO KEY UPDATE")
        case .share: write(" FOR SHARE")
        case .keyShare: write(" FOR KEY SHARE")
        }
        if !clause.tables.isEmpty {
            write(" OF ")
            list(clause.tables) { printer, table in printer.qualifiedName(table) }
        }
        switch clause.waitPolicy {
        case .wait: break
        case .noWait: write(" NOWAIT")
        case .skipLocked: write(" SKIP LOCKED")
        }
    }

    // MARK: - FROM items

    mutating func tableReference(_ reference: TableReference) {
        switch reference {
        case .table(let table):
            tableName(table)
        case .subquery(let subquery):
            if subquery.lateral { write("LATERAL ") }
            write("(")
            query(subquery.query)
            write(")")
            alias(subquery.alias)
        case .function(let function):
            if function.lateral { write("LATERAL ") }
            if function.isRowsFrom {
                write("ROWS FROM (")
                list(function.functions) { printer, call in printer.functionCall(call) }
                write(")")
            } else if let call = function.functions.first {
                functionCall(call)
            }
            if function.withOrdinality { write(" WITH ORDINALITY") }
            alias(function.alias)
        case .join(let join):
            write("(")
            tableReference(join.left)
            switch (join.kind, join.condition) {
            case (.cross, _): write(" CROSS JOIN ")
            case (let kind, .natural): write(" NATURAL " + SQLPrinter.joinKeyword(kind) + " ")
            case (let kind, _): write(" " + SQLPrinter.joinKeyword(kind) + " ")
            }
            tableReference(join.right)
            switch join.condition {
            case .none, .natural: break
            case .on(let condition):
                write(" ON ")
                expression(condition)
            case .using(let columns, let alias):
                write(" USING (")
                nameList(columns)
                write(")")
                if let alias { write(" AS " + SQLPrinter.identifier(alias)) }
            }
            write(")")
            alias(join.alias)
        }
    }

    static func joinKeyword(_ kind: Join.Kind) -> String {
        switch kind {
        case .inner: return "JOIN"
        case .left: return "LEFT JOIN"
        case .right: return "RIGHT JOIN"
        case .full: return "FULL JOIN"
        case .cross: return "CROSS JOIN"
        }
    }

    mutating func tableName(_ table: TableName) {
        if !table.includesDescendants { write("ONLY ") }
        qualifiedName(table.name)
        alias(table.alias)
    }

    mutating func alias(_ alias: TableAlias?) {
        guard let alias else { return }
        write(" AS ")
        name(alias.name)
        if !alias.columns.isEmpty {
            write("(")
            nameList(alias.columns)
            write(")")
        }
    }
}
