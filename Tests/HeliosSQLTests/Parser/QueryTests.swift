// SELECT and its clauses, set operations and their precedence, WITH, VALUES, TABLE, FROM items
// and joins, ORDER BY / LIMIT / OFFSET / FETCH / FOR UPDATE.

import HeliosCore
import HeliosSQL
import Testing

@Test func selectWithoutFromAndWithEmptyTargets() throws {
    #expect(try selectClause("SELECT 1").targets == [SelectTarget(integer(1))])
    #expect(try selectClause("SELECT").targets.isEmpty)
    let empty = try selectClause("SELECT FROM t")
    #expect(empty.targets.isEmpty && empty.from.count == 1)
}

@Test func targetAliasesWithAndWithoutAs() throws {
    let clause = try selectClause("SELECT a AS x, b y, c AS from, d \"Q\", 1 select")
    #expect(clause.targets.map(\.alias) == ["x", "y", "from", "Q", "select"])
    expectError("SELECT 1 year", "42601", "syntax error at or near \"year\"", position: 10)
}

@Test func distinctAndDistinctOn() throws {
    #expect(try selectClause("SELECT DISTINCT a FROM t").distinct == .distinct)
    #expect(try selectClause("SELECT ALL a FROM t").distinct == .none)
    #expect(try selectClause("SELECT DISTINCT ON (a, b) c FROM t").distinct == .distinctOn([column("a"), column("b")]))
}

@Test func whereGroupByHavingWindow() throws {
    let clause = try selectClause("SELECT a FROM t WHERE b GROUP BY a, 2 HAVING count(*) > 1 WINDOW w AS (ORDER BY a)")
    #expect(clause.whereCondition == column("b"))
    #expect(clause.groupBy == GroupByClause(elements: [.expression(column("a")), .expression(integer(2))]))
    #expect(clause.having != nil)
    #expect(clause.windows.map(\.name) == ["w"])
    let sets = try selectClause("SELECT 1 FROM t GROUP BY ROLLUP (a), CUBE (b, c), GROUPING SETS ((a), ())")
    #expect(sets.groupBy?.elements == [.rollup([column("a")]), .cube([column("b"), column("c")]),
                                        .groupingSets([.expression(column("a")), .empty])])
}

@Test func orderByWithDirectionsNullsAndUsing() throws {
    let parsed = try query("SELECT a FROM t ORDER BY a DESC NULLS LAST, b USING >, c NULLS FIRST")
    #expect(parsed.orderBy == [SortItem(column("a"), direction: .descending, nulls: .last),
                               SortItem(column("b"), direction: .using(OperatorName(">"))),
                               SortItem(column("c"), nulls: .first)])
}

@Test func limitOffsetAndFetch() throws {
    let limited = try query("SELECT a FROM t LIMIT 10 OFFSET 5")
    #expect(limited.limit == integer(10) && limited.offset == integer(5))
    #expect(try query("SELECT a FROM t LIMIT ALL").limit == nil)
    let fetched = try query("SELECT a FROM t OFFSET 2 ROWS FETCH FIRST 3 ROWS ONLY")
    #expect(fetched.limit == integer(3) && fetched.offset == integer(2))
    #expect(try query("SELECT a FROM t FETCH NEXT ROW ONLY").limit == integer(1))
    #expect(try query("SELECT a FROM t ORDER BY a FETCH FIRST 2 ROWS WITH TIES").limitWithTies)
    expectError("SELECT a FROM t LIMIT 1, 2", "42601", "LIMIT #,# syntax is not supported", position: 17)
    expectError("SELECT a FROM t FETCH FIRST 1 ROWS WITH TIES", "42601",
                "WITH TIES cannot be specified without ORDER BY clause")
}

@Test func lockingClauses() throws {
    let parsed = try query("SELECT a FROM t FOR NO KEY UPDATE OF t NOWAIT FOR SHARE SKIP LOCKED")
    #expect(parsed.locking == [LockingClause(strength: .noKeyUpdate, tables: [QualifiedName("t")], waitPolicy: .noWait),
                               LockingClause(strength: .share, waitPolicy: .skipLocked)])
    #expect(try query("SELECT 1 FROM t LIMIT 1 FOR KEY SHARE").locking.count == 1)
}

@Test func intersectBindsTighterThanUnion() throws {
    guard case .setOperation(let top) = try query("SELECT 1 UNION SELECT 2 INTERSECT SELECT 3").body else {
        Issue.record("set operation")
        return
    }
    #expect(top.kind == .union)
    guard case .setOperation(let right) = top.right.body else { Issue.record("INTERSECT on the right"); return }
    #expect(right.kind == .intersect)
}

@Test func unionAndExceptAreLeftAssociative() throws {
    guard case .setOperation(let top) = try query("SELECT 1 UNION ALL SELECT 2 EXCEPT SELECT 3").body,
          case .setOperation(let left) = top.left.body else {
        Issue.record("left-nested set operations")
        return
    }
    #expect(top.kind == .except && !top.all)
    #expect(left.kind == .union && left.all)
}

@Test func parenthesizedOperandsKeepTheirOwnClauses() throws {
    let parsed = try query("(SELECT 1 ORDER BY 1 LIMIT 1) UNION SELECT 2 ORDER BY 1")
    guard case .setOperation(let operation) = parsed.body else { Issue.record("union"); return }
    #expect(operation.left.limit == integer(1) && operation.left.orderBy.count == 1)
    #expect(parsed.orderBy.count == 1 && parsed.limit == nil)
    #expect(try query("(SELECT 1) LIMIT 5").limit == integer(5))
    expectError("(SELECT 1 ORDER BY 1) ORDER BY 1", "42601", "multiple ORDER BY clauses not allowed", position: 32)
    expectError("(SELECT 1 LIMIT 1) LIMIT 2", "42601", "multiple LIMIT clauses not allowed", position: 26)
}

@Test func valuesAndTableAreQueries() throws {
    #expect(try query("VALUES (1, 'a'), (2, 'b')").body == .values([[integer(1), Expression(.literal(.string("a")))],
                                                                  [integer(2), Expression(.literal(.string("b")))]]))
    let table = try selectClause("TABLE s.t")
    #expect(table.targets == [SelectTarget(Expression(.star(qualifier: [])))])
    #expect(table.from == [.table(TableName(name: QualifiedName(["s", "t"])))])
    expectError("VALUES (1), (1, 2)", "42601", "VALUES lists must all be the same length", position: 14)
}

@Test func withClausesAndMaterialization() throws {
    let parsed = try query("WITH RECURSIVE r (n) AS NOT MATERIALIZED (SELECT 1), d AS (DELETE FROM t RETURNING *) SELECT * FROM r")
    #expect(parsed.with?.recursive == true)
    #expect(parsed.with?.expressions.map(\.name) == ["r", "d"])
    #expect(parsed.with?.expressions[0].columns == ["n"])
    #expect(parsed.with?.expressions[0].materialization == .notMaterialized)
    guard case .delete = parsed.with?.expressions[1].statement else { Issue.record("DELETE in WITH"); return }
    expectError("WITH x AS (SELECT 1) WITH y AS (SELECT 2) SELECT 1", "42601", "syntax error at or near \"WITH\"", position: 22)
}

@Test func fromItemsOfEveryKind() throws {
    let clause = try selectClause("""
        SELECT * FROM ONLY t AS a (x, y), (SELECT 1) s, LATERAL generate_series(1, 3) WITH ORDINALITY AS g (n, o),
        ROWS FROM (f(), g()) AS r
        """)
    guard case .table(let table) = clause.from[0], case .subquery(let subquery) = clause.from[1],
          case .function(let function) = clause.from[2], case .function(let rows) = clause.from[3] else {
        Issue.record("FROM items")
        return
    }
    #expect(!table.includesDescendants && table.alias == TableAlias(name: "a", columns: ["x", "y"]))
    #expect(subquery.alias?.name == "s")
    #expect(function.lateral && function.withOrdinality && function.alias?.columns == ["n", "o"])
    #expect(rows.isRowsFrom && rows.functions.count == 2)
    expectError("SELECT * FROM (SELECT 1)", "42601", "subquery in FROM must have an alias", position: 15)
    expectError("SELECT * FROM a.b.c.d", "42601", "improper qualified name (too many dotted names): a.b.c.d", position: 15)
}

@Test func joinsOfEveryKind() throws {
    let clause = try selectClause("SELECT * FROM a JOIN b ON x LEFT JOIN c USING (k) AS j CROSS JOIN d NATURAL FULL JOIN e")
    guard case .join(let natural) = clause.from[0], case .join(let cross) = natural.left,
          case .join(let left) = cross.left, case .join(let inner) = left.left else {
        Issue.record("left-deep joins")
        return
    }
    #expect(natural.kind == .full && natural.condition == .natural)
    #expect(cross.kind == .cross && cross.condition == Join.Condition.none)
    #expect(left.kind == .left && left.condition == .using(["k"], alias: "j"))
    #expect(inner.kind == .inner && inner.condition == .on(column("x")))
}

@Test func joinOnTheRightNestsLikePostgreSQL() throws {
    let clause = try selectClause("SELECT * FROM a JOIN b JOIN c ON p ON q")
    guard case .join(let outer) = clause.from[0], case .join(let inner) = outer.right else {
        Issue.record("b JOIN c nests on the right")
        return
    }
    #expect(outer.condition == .on(column("q")) && inner.condition == .on(column("p")))
}

@Test func parenthesizedJoinsTakeAnAlias() throws {
    let clause = try selectClause("SELECT * FROM (a JOIN b ON true) AS ab")
    guard case .join(let join) = clause.from[0] else { Issue.record("join"); return }
    #expect(join.alias?.name == "ab")
    expectError("SELECT 1 FROM t JOIN u USING a", "42601", "syntax error at or near \"a\"", position: 30)
}

@Test func selectIntoIsParsed() throws {
    let clause = try selectClause("SELECT a INTO TEMP TABLE n FROM t")
    #expect(clause.into == IntoClause(table: QualifiedName("n"), persistence: .temporary))
}

@Test func severalStatementsWithTheirText() throws {
    let parsed = try Parser.parseStatements(" SELECT 1 ;; INSERT INTO t VALUES (1);\nBEGIN ")
    #expect(parsed.map(\.text) == ["SELECT 1", "INSERT INTO t VALUES (1)", "BEGIN"])
    #expect(parsed.map(\.statement.commandTag) == ["SELECT", "INSERT", "BEGIN"])
    #expect(parsed[1].sourceRange == 13..<37)
    #expect(try Parser.parse("").isEmpty)
    #expect(try Parser.parse(" ; ; ").isEmpty)
    expectError("SELECT 1; SELEC 2", "42601", "syntax error at or near \"SELEC\"", position: 11)
}
