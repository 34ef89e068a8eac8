// Printing statements: the dispatch, INSERT/UPDATE/DELETE, and the schema statements.

extension SQLPrinter {
    mutating func statement(_ statement: Statement) {
        switch statement {
        case .select(let query): self.query(query)
        case .insert(let insert): self.insert(insert)
        case .update(let update): self.update(update)
        case .delete(let delete): self.delete(delete)
        case .createTable(let create): createTable(create)
        case .createTableAs(let create): createTableAs(create)
        case .createIndex(let create): createIndex(create)
        case .createView(let create): createView(create)
        case .createSequence(let create):
            write("CREATE ")
            persistence(create.persistence)
            write("SEQUENCE ")
            if create.ifNotExists { write("IF NOT EXISTS ") }
            qualifiedName(create.name)
            sequenceOptions(create.options)
        case .alterSequence(let alter):
            write("ALTER SEQUENCE ")
            if alter.ifExists { write("IF EXISTS ") }
            qualifiedName(alter.name)
            sequenceOptions(alter.options)
        case .createSchema(let create):
            write("CREATE SCHEMA ")
            if create.ifNotExists { write("IF NOT EXISTS ") }
            if let name = create.name { self.name(name) }
            if let authorization = create.authorization {
                write(create.name == nil ? "AUTHORIZATION " : " AUTHORIZATION ")
                roleSpecification(authorization)
            }
            for element in create.elements {
                write(" ")
                self.statement(element)
            }
        case .createExtension(let create):
            write("CREATE EXTENSION ")
            if create.ifNotExists { write("IF NOT EXISTS ") }
            name(create.name)
            if let schema = create.schema { write(" SCHEMA " + SQLPrinter.identifier(schema)) }
            if let version = create.version { write(" VERSION " + SQLPrinter.stringLiteral(version)) }
            if create.cascade { write(" CASCADE") }
        case .createDatabase(let create):
            write("CREATE DATABASE ")
            name(create.name)
            databaseOptions(create.options)
        case .alterDatabase(let alter): alterDatabase(alter)
        case .createRole(let create):
            write("CREATE \(create.keyword.rawValue) ")
            name(create.name)
            roleOptions(create.options)
        case .alterRole(let alter): alterRole(alter)
        case .drop(let drop): self.drop(drop)
        case .alterTable(let alter): alterTable(alter)
        case .truncate(let truncate):
            write("TRUNCATE TABLE ")
            list(truncate.tables) { printer, table in printer.tableName(table) }
            if truncate.restartIdentity { write(" RESTART IDENTITY") }
            dropBehavior(truncate.behavior)
        case .comment(let comment):
            write("COMMENT ON \(comment.kind.rawValue) ")
            qualifiedName(comment.name)
            if let table = comment.table {
                write(" ON ")
                qualifiedName(table)
            }
            write(" IS ")
            if let text = comment.comment { string(text) } else { write("NULL") }
        case .grant(let grant): self.grant(grant)
        default:
            sessionOrUtilityStatement(statement)
        }
    }

    mutating func persistence(_ persistence: TablePersistence) {
        switch persistence {
        case .permanent: break
        case .temporary: write("TEMPORARY ")
        case .unlogged: write("UNLOGGED ")
        }
    }

    mutating func dropBehavior(_ behavior: DropBehavior?) {
        switch behavior {
        case .cascade?: write(" CASCADE")
        case .restrict?: write(" RESTRICT")
        case nil: break
        }
    }

    // MARK: - Data modification

    mutating func returning(_ targets: [SelectTarget]) {
        guard !targets.isEmpty else { return }
        write(" RETURNING ")
        targetList(targets)
    }

    mutating func assignmentTarget(_ target: AssignmentTarget) {
        name(target.column)
        for step in target.path { indirectionStep(step) }
    }

    mutating func assignments(_ assignments: [Assignment]) {
        list(assignments) { printer, assignment in
            switch assignment {
            case .single(let target, let value):
                printer.assignmentTarget(target)
                printer.write(" = ")
                printer.expression(value)
            case .multiple(let targets, let value):
                printer.write("(")
                printer.list(targets) { inner, target in inner.assignmentTarget(target) }
                printer.write(") = ")
                printer.expression(value)
            }
        }
    }

    mutating func insert(_ insert: InsertStatement) {
        if let with = insert.with {
            withClause(with)
            write(" ")
        }
        write("INSERT INTO ")
        qualifiedName(insert.table)
        if let alias = insert.alias { write(" AS " + SQLPrinter.identifier(alias)) }
        if !insert.columns.isEmpty {
            write(" (")
            list(insert.columns) { printer, target in printer.assignmentTarget(target) }
            write(")")
        }
        switch insert.overriding {
        case .systemValue?: write(" OVERRIDING SYSTEM VALUE")
        case .userValue?: write(" OVERRIDING USER VALUE")
        case nil: break
        }
        switch insert.source {
        case .defaultValues: write(" DEFAULT VALUES")
        case .query(let query):
            write(" ")
            self.query(query)
        }
        if let onConflict = insert.onConflict {
            write(" ON CONFLICT")
            switch onConflict.target {
            case .columns(let elements, let predicate)?:
                write(" (")
                list(elements) { printer, element in printer.indexElement(element) }
                write(")")
                if let predicate {
                    write(" WHERE ")
                    expression(predicate)
                }
            case .constraint(let name)?:
                write(" ON CONSTRAINT " + SQLPrinter.identifier(name))
            case nil: break
            }
            switch onConflict.action {
            case .doNothing: write(" DO NOTHING")
            case .doUpdate(let assignments, let condition):
                write(" DO UPDATE SET ")
                self.assignments(assignments)
                if let condition {
                    write(" WHERE ")
                    expression(condition)
                }
            }
        }
        returning(insert.returning)
    }

    mutating func whereClause(_ clause: WhereClause?) {
        switch clause {
        case .condition(let condition)?:
            write(" WHERE ")
            expression(condition)
        case .currentOf(let cursor)?:
            write(" WHERE CURRENT OF " + SQLPrinter.identifier(cursor))
        case nil: break
        }
    }

    mutating func update(_ update: UpdateStatement) {
        if let with = update.with {
            withClause(with)
            write(" ")
        }
        write("UPDATE ")
        tableName(update.table)
        write(" SET ")
        assignments(update.assignments)
        if !update.from.isEmpty {
            write(" FROM ")
            list(update.from) { printer, item in printer.tableReference(item) }
        }
        whereClause(update.whereClause)
        returning(update.returning)
    }

    mutating func delete(_ delete: DeleteStatement) {
        if let with = delete.with {
            withClause(with)
            write(" ")
        }
        write("DELETE FROM ")
        tableName(delete.table)
        if !delete.using.isEmpty {
            write(" USING ")
            list(delete.using) { printer, item in printer.tableReference(item) }
        }
        whereClause(delete.whereClause)
        returning(delete.returning)
    }

    // MARK: - Indexes, views, drops

    mutating func indexElement(_ element: IndexElement) {
        switch element.key {
        case .column(let column): name(column)
        case .expression(let value):
            write("(")
            expression(value)
            write(")")
        }
        if let collation = element.collation {
            write(" COLLATE ")
            qualifiedName(collation)
        }
        if let operatorClass = element.operatorClass {
            write(" ")
            qualifiedName(operatorClass)
        }
        switch element.direction {
        case .ascending: write(" ASC")
        case .descending: write(" DESC")
        default: break
        }
        switch element.nulls {
        case .first: write(" NULLS FIRST")
        case .last: write(" NULLS LAST")
        case .default: break
        }
    }

    mutating func createIndex(_ create: CreateIndexStatement) {
        write(create.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ")
        if create.concurrently { write("CONCURRENTLY ") }
        if create.ifNotExists { write("IF NOT EXISTS ") }
        if let name = create.name { write(SQLPrinter.identifier(name) + " ") }
        write("ON ")
        if !create.includesDescendants { write("ONLY ") }
        qualifiedName(create.table)
        if let method = create.method { write(" USING " + SQLPrinter.identifier(method)) }
        write(" (")
        list(create.elements) { printer, element in printer.indexElement(element) }
        write(")")
        if !create.include.isEmpty {
            write(" INCLUDE (")
            nameList(create.include)
            write(")")
        }
        if create.nullsNotDistinct { write(" NULLS NOT DISTINCT") }
        if !create.options.isEmpty {
            write(" WITH ")
            definitionOptions(create.options)
        }
        if let tablespace = create.tablespace { write(" TABLESPACE " + SQLPrinter.identifier(tablespace)) }
        if let predicate = create.predicate {
            write(" WHERE ")
            expression(predicate)
        }
    }

    mutating func createView(_ create: CreateViewStatement) {
        write(create.orReplace ? "CREATE OR REPLACE " : "CREATE ")
        persistence(create.persistence)
        if create.recursive { write("RECURSIVE ") }
        write("VIEW ")
        qualifiedName(create.name)
        if !create.columns.isEmpty {
            write(" (")
            nameList(create.columns)
            write(")")
        }
        if !create.options.isEmpty {
            write(" WITH ")
            definitionOptions(create.options)
        }
        write(" AS ")
        query(create.query)
        switch create.checkOption {
        case .none: break
        case .local: write(" WITH LOCAL CHECK OPTION")
        case .cascaded: write(" WITH CASCADED CHECK OPTION")
        }
    }

    mutating func drop(_ drop: DropStatement) {
        write("DROP ")
        write(drop.kind == .role ? drop.roleKeyword.rawValue : drop.kind.rawValue)
        write(" ")
        if drop.concurrently { write("CONCURRENTLY ") }
        if drop.ifExists { write("IF EXISTS ") }
        list(drop.names) { printer, name in printer.qualifiedName(name) }
        if drop.force { write(" WITH (FORCE)") }
        dropBehavior(drop.behavior)
    }

    mutating func sequenceOptions(_ options: [SequenceOption]) {
        for option in options {
            write(" ")
            sequenceOption(option)
        }
    }

    mutating func sequenceOption(_ option: SequenceOption) {
        switch option {
        case .type(let type):
            write("AS ")
            typeName(type)
        case .incrementBy(let value):
            write("INCREMENT BY ")
            literal(value)
        case .minimumValue(let value):
            if let value {
                write("MINVALUE ")
                literal(value)
            } else {
                write("NO MINVALUE")
            }
        case .maximumValue(let value):
            if let value {
                write("MAXVALUE ")
                literal(value)
            } else {
                write("NO MAXVALUE")
            }
        case .start(let value):
            write("START WITH ")
            literal(value)
        case .restart(let value):
            write("RESTART")
            if let value {
                write(" WITH ")
                literal(value)
            }
        case .cache(let value):
            write("CACHE ")
            literal(value)
        case .cycle(let cycle):
            write(cycle ? "CYCLE" : "NO CYCLE")
        case .ownedBy(let name):
            write("OWNED BY ")
            if let name { qualifiedName(name) } else { write("NONE") }
        case .sequenceName(let name):
            write("SEQUENCE NAME ")
            qualifiedName(name)
        }
    }
}
