// The forms of value expressions: literals, typed literals, column references and indirection,
// IS tests, IN, LIKE, quantified comparisons, subqueries, CASE, casts and type names, function
// calls with aggregates and windows, and the SQL-syntax functions.

import HeliosCore
import HeliosSQL
import Testing

@Test func literalsOfEveryKind() throws {
    #expect(try expression("42").kind == .literal(.integer(42)))
    #expect(try expression("9223372036854775808").kind == .literal(.numeric("9223372036854775808")))
    #expect(try expression("1.50").kind == .literal(.numeric("1.50")))
    #expect(try expression("'x'").kind == .literal(.string("x")))
    #expect(try expression("B'01'").kind == .literal(.bitString("01")))
    #expect(try expression("X'ff'").kind == .literal(.hexString("ff")))
    #expect(try expression("TRUE").kind == .literal(.boolean(true)))
    #expect(try expression("false").kind == .literal(.boolean(false)))
    #expect(try expression("NULL").kind == .literal(.null))
}

@Test func typedLiteralsAreCastsOfStrings() throws {
    #expect(try expression("DATE '2024-01-01'").kind
            == .typeCast(Expression(.literal(.string("2024-01-01"))), TypeName(name: QualifiedName("date"))))
    #expect(try expression("TIMESTAMP WITH TIME ZONE 'x'").kind == .typeCast(Expression(.literal(.string("x"))), .system("timestamptz")))
    guard case .typeCast(_, let interval) = try expression("INTERVAL '1' DAY TO SECOND(3)").kind else {
        Issue.record("interval literal")
        return
    }
    #expect(interval.intervalFields == .dayToSecond)
    #expect(interval.modifiers == [integer(3)])
    guard case .typeCast(_, let numeric) = try expression("numeric(10, 2) '1.5'").kind else {
        Issue.record("typed literal with modifiers")
        return
    }
    #expect(numeric.name.parts == ["numeric"] || numeric.name.parts == ["pg_catalog", "numeric"])
    #expect(numeric.modifiers == [integer(10), integer(2)])
    guard case .typeCast(_, let character) = try expression("CHAR 'x'").kind else { return }
    #expect(character.modifiers.isEmpty, "CHAR without length is unconstrained in a literal")
}

@Test func columnReferencesAndStars() throws {
    #expect(try expression("a").kind == .columnReference(["a"]))
    #expect(try expression("T.A").kind == .columnReference(["t", "a"]))
    #expect(try expression("s.t.a").kind == .columnReference(["s", "t", "a"]))
    #expect(try expression("t.select").kind == .columnReference(["t", "select"]))
    #expect(try selected("*").kind == .star(qualifier: []))
    #expect(try selected("t.*").kind == .star(qualifier: ["t"]))
    #expect(try expression("\"Mixed\".\"Case\"").kind == .columnReference(["Mixed", "Case"]))
}

@Test func indirectionFieldsAndSubscripts() throws {
    #expect(try expression("a[1]").kind == .indirection(column("a"), [.subscript(integer(1))]))
    #expect(try expression("a[1:2]").kind == .indirection(column("a"), [.slice(lower: integer(1), upper: integer(2))]))
    #expect(try expression("a[:]").kind == .indirection(column("a"), [.slice(lower: nil, upper: nil)]))
    #expect(try expression("(a).f").kind == .indirection(column("a"), [.field("f")]))
    #expect(try expression("(a).*").kind == .indirection(column("a"), [.star]))
    #expect(try expression("$1[2]").kind == .indirection(Expression(.parameter(1)), [.subscript(integer(2))]))
    #expect(try expression("t.a[1].b").kind == .indirection(column("t", "a"), [.subscript(integer(1)), .field("b")]))
}

@Test func isTests() throws {
    #expect(try expression("a IS NOT NULL").kind == .isNull(column("a"), negated: true))
    #expect(try expression("a NOTNULL").kind == .isNull(column("a"), negated: true))
    #expect(try expression("a ISNULL").kind == .isNull(column("a"), negated: false))
    #expect(try expression("a IS NOT TRUE").kind == .booleanTest(column("a"), .isNotTrue))
    #expect(try expression("a IS UNKNOWN").kind == .booleanTest(column("a"), .isUnknown))
    #expect(try expression("a IS NOT DISTINCT FROM b").kind == .isDistinctFrom(column("a"), column("b"), negated: true))
    expectError("SELECT a IS NOT", "42601", "syntax error at end of input", position: 16)
}

@Test func inListsAndSubqueries() throws {
    #expect(try expression("a IN (1, 2)").kind == .inList(column("a"), [integer(1), integer(2)], negated: false))
    guard case .inSubquery(_, let subquery, true) = try expression("a NOT IN (SELECT b FROM t)").kind else {
        Issue.record("NOT IN subquery")
        return
    }
    #expect(subquery.isBare)
    guard case .inList(_, let rows, false) = try expression("(a, b) IN ((1, 2), (3, 4))").kind else { return }
    #expect(rows.count == 2)
}

@Test func patternMatching() throws {
    let like = PatternMatch(kind: .like, value: column("a"), pattern: Expression(.literal(.string("x%"))),
                            escape: Expression(.literal(.string("!"))), negated: true)
    #expect(try expression("a NOT LIKE 'x%' ESCAPE '!'").kind == .patternMatch(like))
    guard case .patternMatch(let similar) = try expression("a SIMILAR TO 'b'").kind else { return }
    #expect(similar.kind == .similarTo)
    guard case .patternMatch(let ilike) = try expression("a ILIKE 'b'").kind else { return }
    #expect(ilike.kind == .ilike)
}

@Test func quantifiedComparisons() throws {
    guard case .quantifiedComparison(let any) = try expression("a = ANY (ARRAY[1])").kind else { return }
    #expect(any.operatorName == OperatorName("="))
    #expect(any.quantifier == .any)
    guard case .quantifiedComparison(let all) = try expression("a < ALL (SELECT b FROM t)").kind,
          case .subquery = all.right else {
        Issue.record("ALL subquery")
        return
    }
    guard case .quantifiedComparison(let like) = try expression("a NOT LIKE SOME (b)").kind else { return }
    #expect(like.operatorName == OperatorName("!~~"))
    expectError("SELECT * FROM t WHERE a = ANY", "42601", "syntax error at end of input", position: 30)
}

@Test func subqueryForms() throws {
    guard case .exists = try expression("EXISTS (SELECT 1)").kind else { Issue.record("EXISTS"); return }
    guard case .subquery = try expression("(SELECT 1)").kind else { Issue.record("scalar subquery"); return }
    guard case .arraySubquery = try expression("ARRAY(SELECT 1)").kind else { Issue.record("ARRAY()"); return }
    guard case .binaryOperator(_, let left, _) = try expression("((SELECT 1) + 1)").kind,
          case .subquery = left.kind else {
        Issue.record("subquery inside an expression in parentheses")
        return
    }
    guard case .subquery(let union) = try expression("((SELECT 1) UNION (SELECT 2))").kind,
          case .setOperation = union.body else {
        Issue.record("parenthesized set operation")
        return
    }
}

@Test func arraysAndRows() throws {
    #expect(try expression("ARRAY[1, 2]").kind == .array([integer(1), integer(2)]))
    #expect(try expression("ARRAY[[1], [2]]").kind == .array([Expression(.array([integer(1)])), Expression(.array([integer(2)]))]))
    #expect(try expression("ARRAY[]").kind == .array([]))
    #expect(try expression("ROW(1, 2)").kind == .row([integer(1), integer(2)]))
    #expect(try expression("ROW()").kind == .row([]))
    #expect(try expression("(1, 2)").kind == .row([integer(1), integer(2)]))
    #expect(try expression("(1)") == integer(1))
}

@Test func caseExpressions() throws {
    guard case .caseExpression(let searched) = try expression("CASE WHEN a THEN 1 ELSE 2 END").kind else { return }
    #expect(searched.operand == nil && searched.branches.count == 1 && searched.elseResult == integer(2))
    guard case .caseExpression(let simple) = try expression("CASE a WHEN 1 THEN 'x' WHEN 2 THEN 'y' END").kind else { return }
    #expect(simple.operand == column("a") && simple.branches.count == 2 && simple.elseResult == nil)
    expectError("SELECT CASE END", "42601", "syntax error at or near \"END\"", position: 13)
}

@Test func coalesceFamily() throws {
    #expect(try expression("COALESCE(a, 1)").kind == .coalesce([column("a"), integer(1)]))
    #expect(try expression("NULLIF(a, 1)").kind == .nullIf(column("a"), integer(1)))
    #expect(try expression("GREATEST(a, b)").kind == .greatest([column("a"), column("b")]))
    #expect(try expression("LEAST(a)").kind == .least([column("a")]))
}

@Test func sqlValueFunctions() throws {
    #expect(try expression("CURRENT_DATE").kind == .sqlValueFunction(.currentDate))
    #expect(try expression("CURRENT_TIMESTAMP(3)").kind == .sqlValueFunction(.currentTimestamp(precision: 3)))
    #expect(try expression("LOCALTIME").kind == .sqlValueFunction(.localTime(precision: nil)))
    #expect(try expression("CURRENT_USER").kind == .sqlValueFunction(.currentUser))
    #expect(try expression("USER").kind == .sqlValueFunction(.user))
    #expect(try expression("CURRENT_SCHEMA").kind == .sqlValueFunction(.currentSchema))
    guard case .functionCall(let call) = try expression("current_schema()").kind else { return }
    #expect(call.name.parts == ["current_schema"])
}

@Test func functionCallsWithAggregateDecorations() throws {
    guard case .functionCall(let count) = try expression("count(*)").kind else { return }
    #expect(count.isStar && count.arguments.isEmpty)
    guard case .functionCall(let distinct) = try expression("count(DISTINCT a)").kind else { return }
    #expect(distinct.isDistinct)
    guard case .functionCall(let agg) = try expression("string_agg(a, ',' ORDER BY b DESC) FILTER (WHERE a > 0)").kind else { return }
    #expect(agg.orderBy == [SortItem(column("b"), direction: .descending)])
    #expect(agg.filter == binary(">", column("a"), integer(0)))
    guard case .functionCall(let ordered) = try expression("percentile_cont(0.5) WITHIN GROUP (ORDER BY x)").kind else { return }
    #expect(ordered.withinGroup == [SortItem(column("x"))])
    guard case .functionCall(let named) = try expression("f(a => 1, b := 2)").kind else { return }
    #expect(named.arguments.map(\.name) == ["a", "b"])
    guard case .functionCall(let variadic) = try expression("f(1, VARIADIC ARRAY[2])").kind else { return }
    #expect(variadic.isVariadic && variadic.arguments.count == 2)
    guard case .functionCall(let qualified) = try expression("pg_catalog.lower(x)").kind else { return }
    #expect(qualified.name.parts == ["pg_catalog", "lower"])
}

@Test func windowCalls() throws {
    guard case .functionCall(let call) = try expression(
        "sum(a) OVER (w PARTITION BY b ORDER BY c ROWS BETWEEN 1 PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE TIES)").kind,
          let window = call.over else {
        Issue.record("window call")
        return
    }
    #expect(window.existingName == "w")
    #expect(window.partitionBy == [column("b")])
    #expect(window.frame == WindowFrame(mode: .rows, start: .preceding(integer(1)), end: .unboundedFollowing, exclusion: .ties))
    guard case .functionCall(let named) = try expression("rank() OVER w").kind else { return }
    #expect(named.over?.isReference == true && named.over?.existingName == "w")
    guard case .functionCall(let partition) = try expression("rank() OVER (partition BY x)").kind else { return }
    #expect(partition.over?.existingName == nil)
    expectError("SELECT sum(a) OVER (ROWS UNBOUNDED FOLLOWING) FROM t", "42P20", "frame start cannot be UNBOUNDED FOLLOWING",
                position: 26)
    expectError("SELECT sum(a) OVER (ROWS BETWEEN CURRENT ROW AND UNBOUNDED PRECEDING) FROM t", "42P20",
                "frame end cannot be UNBOUNDED PRECEDING", position: 50)
}

@Test func sqlSyntaxFunctionsBecomeCatalogCalls() throws {
    func call(_ sql: String) throws -> FunctionCall? {
        guard case .functionCall(let call) = try expression(sql).kind else { return nil }
        return call
    }
    let extract = try call("EXTRACT(YEAR FROM d)")
    #expect(extract?.name.parts == ["pg_catalog", "extract"])
    #expect(extract?.argumentValues == [Expression(.literal(.string("year"))), column("d")])
    #expect(try call("SUBSTRING(s FROM 2 FOR 3)")?.argumentValues == [column("s"), integer(2), integer(3)])
    #expect(try call("SUBSTRING(s FOR 3)")?.argumentValues == [column("s"), integer(1), integer(3)])
    #expect(try call("substring(s, 2)")?.syntax == .regular)
    #expect(try call("POSITION('a' IN s)")?.argumentValues == [column("s"), Expression(.literal(.string("a")))])
    let trim = try call("TRIM(LEADING 'x' FROM s)")
    #expect(trim?.name.parts == ["pg_catalog", "ltrim"])
    #expect(trim?.argumentValues == [column("s"), Expression(.literal(.string("x")))])
    #expect(try call("TRIM(s)")?.name.name == "btrim")
    #expect(try call("OVERLAY(s PLACING 'ab' FROM 2 FOR 3)")?.argumentValues.count == 4)
    #expect(try call("COLLATION FOR (a)")?.name.name == "pg_collation_for")
}

@Test func typeNamesNormalizeLikePostgreSQL() throws {
    func type(_ text: String) throws -> TypeName { try Parser.parseTypeName(text) }
    #expect(try type("integer") == .system("int4"))
    #expect(try type("INT") == .system("int4"))
    #expect(try type("smallint") == .system("int2"))
    #expect(try type("bigint") == .system("int8"))
    #expect(try type("real") == .system("float4"))
    #expect(try type("float(24)") == .system("float4"))
    #expect(try type("float(25)") == .system("float8"))
    #expect(try type("double precision") == .system("float8"))
    #expect(try type("decimal(10, 2)") == .system("numeric", modifiers: [integer(10), integer(2)]))
    #expect(try type("boolean") == .system("bool"))
    #expect(try type("varchar(10)") == .system("varchar", modifiers: [integer(10)]))
    #expect(try type("character varying") == .system("varchar"))
    #expect(try type("char") == .system("bpchar", modifiers: [integer(1)]))
    #expect(try type("character(5)") == .system("bpchar", modifiers: [integer(5)]))
    #expect(try type("timestamp(3) with time zone") == .system("timestamptz", modifiers: [integer(3)]))
    #expect(try type("time without time zone") == .system("time"))
    #expect(try type("int4") == TypeName(name: QualifiedName("int4")))
    #expect(try type("text") == TypeName(name: QualifiedName("text")))
    #expect(try type("myschema.mytype(1)") == TypeName(name: QualifiedName(["myschema", "mytype"]), modifiers: [integer(1)]))
    #expect(try type("int[]").arrayBounds == [nil])
    #expect(try type("int[3][4]").arrayBounds == [3, 4])
    #expect(try type("text ARRAY").arrayBounds == [nil])
    #expect(try type("text ARRAY[2]").arrayBounds == [2])
    #expect(try type("interval year to month").intervalFields == .yearToMonth)
    expectError("SELECT 1::float(0)", "22023", "precision for type float must be at least 1 bit", position: 17)
    expectError("SELECT 1::float(54)", "22023", "precision for type float must be less than 54 bits", position: 17)
}

@Test func infixFormsCarryTheirOperatorPosition() throws {
    let clause = try selectClause("SELECT a::int, b NOT IN (1), c IS NULL, d COLLATE \"C\", e NOT LIKE 'x', f BETWEEN 1 AND 2")
    #expect(clause.targets.map(\.expression.operatorLocation.offset) == [8, 17, 31, 42, 57, 73])
    #expect(clause.targets.map(\.expression.errorLocation.offset) == [8, 17, 31, 42, 57, 73])
    let call = try selectClause("SELECT f(x)").targets[0].expression
    #expect(call.errorLocation.offset == 7)
}

@Test func everyExpressionCarriesItsPosition() throws {
    let clause = try selectClause("SELECT a + b, f(x), 'lit' FROM t")
    #expect(clause.targets.map(\.expression.location.offset) == [7, 14, 20])
    #expect(clause.targets.map(\.expression.operatorLocation.offset) == [9, -1, -1])
    guard case .binaryOperator(_, _, let right) = clause.targets[0].expression.kind else { return }
    #expect(right.location.errorPosition == 12)
    guard case .table(let table) = clause.from[0] else { return }
    #expect(table.location.offset == 31)
}
