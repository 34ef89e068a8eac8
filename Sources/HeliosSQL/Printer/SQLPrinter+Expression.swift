// Printing expressions: every compound form in parentheses, casts as CAST(... AS ...), the
// SQL-syntax functions in their own syntax, window specifications and frames.

extension SQLPrinter {
    mutating func expression(_ expression: Expression) {
        switch expression.kind {
        case .literal(let value):
            literal(value)
        case .columnReference(let parts):
            write(parts.map(SQLPrinter.identifier).joined(separator: "."))
        case .star(let qualifier):
            write((qualifier.map(SQLPrinter.identifier) + ["*"]).joined(separator: "."))
        case .parameter(let number):
            write("$\(number)")
        case .indirection(let base, let steps):
            write("(")
            self.expression(base)
            write(")")
            for step in steps { indirectionStep(step) }
        case .prefixOperator(let name, let operand):
            write("(")
            operatorName(name)
            write(" ")
            self.expression(operand)
            write(")")
        case .binaryOperator(let name, let left, let right):
            binary(left, name.schema == nil ? name.symbol : nil, right, operatorName: name)
        case .and(let left, let right):
            binary(left, "AND", right)
        case .or(let left, let right):
            binary(left, "OR", right)
        case .not(let operand):
            write("(NOT ")
            self.expression(operand)
            write(")")
        case .isNull(let operand, let negated):
            write("(")
            self.expression(operand)
            write(negated ? " IS NOT NULL)" : " IS NULL)")
        case .booleanTest(let operand, let test):
            write("(")
            self.expression(operand)
            switch test {
            case .isTrue: write(" IS TRUE)")
            case .isNotTrue: write(" IS NOT TRUE)")
            case .isFalse: write(" IS FALSE)")
            case .isNotFalse: write(" IS NOT FALSE)")
            case .isUnknown: write(" IS UNKNOWN)")
            case .isNotUnknown: write(" IS NOT UNKNOWN)")
            }
        case .isDistinctFrom(let left, let right, let negated):
            binary(left, negated ? "IS NOT DISTINCT FROM" : "IS DISTINCT FROM", right)
        case .between(let between):
            write("(")
            self.expression(between.value)
            write(between.negated ? " NOT BETWEEN " : " BETWEEN ")
            if between.symmetric { write("SYMMETRIC ") }
            parenthesizedIfNeeded(between.low)
            write(" AND ")
            self.expression(between.high)
            write(")")
        case .inList(let value, let list, let negated):
            write("(")
            self.expression(value)
            write(negated ? " NOT IN (" : " IN (")
            expressionList(list)
            write("))")
        case .inSubquery(let value, let subquery, let negated):
            write("(")
            self.expression(value)
            write(negated ? " NOT IN (" : " IN (")
            query(subquery)
            write("))")
        case .patternMatch(let match):
            write("(")
            self.expression(match.value)
            if match.negated { write(" NOT") }
            switch match.kind {
            case .like: write(" LIKE ")
            case .ilike: write(" ILIKE ")
            case .similarTo: write(" SIMILAR TO ")
            }
            self.expression(match.pattern)
            if let escape = match.escape {
                write(" ESCAPE ")
                self.expression(escape)
            }
            write(")")
        case .quantifiedComparison(let comparison):
            write("(")
            self.expression(comparison.left)
            write(" ")
            operatorName(comparison.operatorName)
            write(comparison.quantifier == .any ? " ANY (" : " ALL (")
            switch comparison.right {
            case .subquery(let subquery): query(subquery)
            case .array(let array): self.expression(array)
            }
            write("))")
        case .exists(let subquery):
            write("EXISTS (")
            query(subquery)
            write(")")
        case .subquery(let subquery):
            write("(")
            query(subquery)
            write(")")
        case .arraySubquery(let subquery):
            write("ARRAY(")
            query(subquery)
            write(")")
        case .array(let elements):
            write("ARRAY[")
            expressionList(elements)
            write("]")
        case .row(let elements):
            write("ROW(")
            expressionList(elements)
            write(")")
        case .typeCast(let value, let type):
            write("CAST(")
            self.expression(value)
            write(" AS ")
            typeName(type)
            write(")")
        case .collate(let value, let collation):
            write("(")
            self.expression(value)
            write(" COLLATE ")
            qualifiedName(collation)
            write(")")
        case .functionCall(let call):
            functionCall(call)
        case .caseExpression(let caseExpression):
            write("CASE")
            if let operand = caseExpression.operand {
                write(" ")
                self.expression(operand)
            }
            for branch in caseExpression.branches {
                write(" WHEN ")
                self.expression(branch.condition)
                write(" THEN ")
                self.expression(branch.result)
            }
            if let elseResult = caseExpression.elseResult {
                write(" ELSE ")
                self.expression(elseResult)
            }
            write(" END")
        case .coalesce(let list):
            write("COALESCE(")
            expressionList(list)
            write(")")
        case .nullIf(let first, let second):
            write("NULLIF(")
            expressionList([first, second])
            write(")")
        case .greatest(let list):
            write("GREATEST(")
            expressionList(list)
            write(")")
        case .least(let list):
            write("LEAST(")
            expressionList(list)
            write(")")
        case .sqlValueFunction(let function):
            sqlValueFunction(function)
        case .grouping(let list):
            write("GROUPING(")
            expressionList(list)
            write(")")
        case .default:
            write("DEFAULT")
        }
    }

    mutating func binary(_ left: Expression, _ symbol: String?, _ right: Expression, operatorName: OperatorName? = nil) {
        write("(")
        expression(left)
        write(" ")
        if let symbol { write(symbol) } else if let operatorName { self.operatorName(operatorName) }
        write(" ")
        expression(right)
        write(")")
    }

    /// An expression where only a b_expr may stand (BETWEEN's lower bound, DEFAULT).
    mutating func parenthesizedIfNeeded(_ value: Expression) {
        expression(value)
    }

    mutating func expressionList(_ list: [Expression]) {
        self.list(list) { printer, element in printer.expression(element) }
    }

    mutating func indirectionStep(_ step: IndirectionStep) {
        switch step {
        case .field(let field):
            write("." + SQLPrinter.identifier(field))
        case .star:
            write(".*")
        case .subscript(let index):
            write("[")
            expression(index)
            write("]")
        case .slice(let lower, let upper):
            write("[")
            if let lower { expression(lower) }
            write(":")
            if let upper { expression(upper) }
            write("]")
        }
    }

    mutating func sqlValueFunction(_ function: SQLValueFunction) {
        func withPrecision(_ name: String, _ precision: Int?) -> String {
            precision.map { "\(name)(\($0))" } ?? name
        }
        switch function {
        case .currentDate: write("CURRENT_DATE")
        case .currentTime(let precision): write(withPrecision("CURRENT_TIME", precision))
        case .currentTimestamp(let precision): write(withPrecision("CURRENT_TIMESTAMP", precision))
        case .localTime(let precision): write(withPrecision("LOCALTIME", precision))
        case .localTimestamp(let precision): write(withPrecision("LOCALTIMESTAMP", precision))
        case .currentRole: write("CURRENT_ROLE")
        case .currentUser: write("CURRENT_USER")
        case .sessionUser: write("SESSION_USER")
        case .user: write("USER")
        case .currentCatalog: write("CURRENT_CATALOG")
        case .currentSchema: write("CURRENT_SCHEMA")
        }
    }

    // MARK: - Function calls

    mutating func functionCall(_ call: FunctionCall) {
        let arguments = call.argumentValues
        let plain = call.orderBy.isEmpty && call.filter == nil && call.over == nil && call.withinGroup == nil
            && !call.isDistinct && !call.isStar && !call.isVariadic && call.arguments.allSatisfy { $0.name == nil }
        if plain && specialSyntax(call, arguments) { return }
        qualifiedName(call.name)
        write("(")
        if call.isStar {
            write("*")
        } else {
            if call.isDistinct { write("DISTINCT ") }
            for (position, argument) in call.arguments.enumerated() {
                if position > 0 { write(", ") }
                if call.isVariadic && position == call.arguments.count - 1 { write("VARIADIC ") }
                if let name = argument.name { write(SQLPrinter.identifier(name) + " => ") }
                expression(argument.value)
            }
            if !call.orderBy.isEmpty {
                write(" ")
                orderBy(call.orderBy)
            }
        }
        write(")")
        if let withinGroup = call.withinGroup {
            write(" WITHIN GROUP (")
            orderBy(withinGroup)
            write(")")
        }
        if let filter = call.filter {
            write(" FILTER (WHERE ")
            expression(filter)
            write(")")
        }
        if let over = call.over {
            write(" OVER ")
            windowSpecification(over)
        }
    }

    /// Writes a call in SQL syntax; false when the call does not fit its marker's form.
    mutating func specialSyntax(_ call: FunctionCall, _ arguments: [Expression]) -> Bool {
        switch call.syntax {
        case .regular:
            return false
        case .extract:
            guard arguments.count == 2, case .literal(.string(let field)) = arguments[0].kind else { return false }
            write("EXTRACT(")
            string(field)
            write(" FROM ")
            expression(arguments[1])
        case .substring:
            guard arguments.count == 2 || arguments.count == 3 else { return false }
            write("SUBSTRING(")
            expression(arguments[0])
            write(" FROM ")
            expression(arguments[1])
            if arguments.count == 3 {
                write(" FOR ")
                expression(arguments[2])
            }
        case .position:
            guard arguments.count == 2 else { return false }
            write("POSITION(")
            expression(arguments[1])
            write(" IN ")
            expression(arguments[0])
        case .trim:
            let side: String
            switch call.name.name {
            case "ltrim": side = "LEADING"
            case "rtrim": side = "TRAILING"
            default: side = "BOTH"
            }
            guard !arguments.isEmpty else { return false }
            write("TRIM(\(side) FROM ")
            expressionList(arguments)
        case .overlay:
            guard arguments.count == 3 || arguments.count == 4 else { return false }
            write("OVERLAY(")
            expression(arguments[0])
            write(" PLACING ")
            expression(arguments[1])
            write(" FROM ")
            expression(arguments[2])
            if arguments.count == 4 {
                write(" FOR ")
                expression(arguments[3])
            }
        case .atTimeZone:
            guard arguments.count == 2 else { return false }
            write("(")
            expression(arguments[1])
            write(" AT TIME ZONE ")
            expression(arguments[0])
        case .collationFor:
            guard arguments.count == 1 else { return false }
            write("COLLATION FOR (")
            expression(arguments[0])
        case .normalize:
            write("NORMALIZE(")
            expression(arguments[0])
            if arguments.count == 2, case .literal(.string(let form)) = arguments[1].kind {
                write(", " + form)
            }
        }
        write(")")
        return true
    }

    mutating func windowSpecification(_ specification: WindowSpecification) {
        if specification.isReference, let name = specification.existingName {
            write(SQLPrinter.identifier(name))
            return
        }
        write("(")
        var parts: [String] = []
        if let existing = specification.existingName { parts.append(SQLPrinter.quoted(existing)) }
        if !specification.partitionBy.isEmpty {
            parts.append("PARTITION BY " + specification.partitionBy.map { SQLPrinter.print($0) }.joined(separator: ", "))
        }
        if !specification.orderBy.isEmpty {
            var printer = SQLPrinter()
            printer.orderBy(specification.orderBy)
            parts.append(printer.output)
        }
        if let frame = specification.frame {
            var printer = SQLPrinter()
            printer.windowFrame(frame)
            parts.append(printer.output)
        }
        write(parts.joined(separator: " "))
        write(")")
    }

    mutating func windowFrame(_ frame: WindowFrame) {
        switch frame.mode {
        case .rows: write("ROWS ")
        case .range: write("RANGE ")
        case .groups: write("GROUPS ")
        }
        if let end = frame.end {
            write("BETWEEN ")
            frameBound(frame.start)
            write(" AND ")
            frameBound(end)
        } else {
            frameBound(frame.start)
        }
        switch frame.exclusion {
        case .currentRow?: write(" EXCLUDE CURRENT ROW")
        case .group?: write(" EXCLUDE GROUP")
        case .ties?: write(" EXCLUDE TIES")
        case .noOthers?: write(" EXCLUDE NO OTHERS")
        case nil: break
        }
    }

    mutating func frameBound(_ bound: WindowFrame.Bound) {
        switch bound {
        case .unboundedPreceding: write("UNBOUNDED PRECEDING")
        case .unboundedFollowing: write("UNBOUNDED FOLLOWING")
        case .currentRow: write("CURRENT ROW")
        case .preceding(let offset):
            expression(offset)
            write(" PRECEDING")
        case .following(let offset):
            expression(offset)
            write(" FOLLOWING")
        }
    }

    /// `ORDER BY item, ...`.
    mutating func orderBy(_ items: [SortItem]) {
        write("ORDER BY ")
        list(items) { printer, item in printer.sortItem(item) }
    }

    mutating func sortItem(_ item: SortItem) {
        expression(item.expression)
        switch item.direction {
        case .default: break
        case .ascending: write(" ASC")
        case .descending: write(" DESC")
        case .using(let name):
            write(" USING ")
            operatorName(name)
        }
        switch item.nulls {
        case .default: break
        case .first: write(" NULLS FIRST")
        case .last: write(" NULLS LAST")
        }
    }
}
