// INSERT, UPDATE and DELETE: targets, sources, ON CONFLICT, multiple-column assignment,
// WHERE CURRENT OF, USING, RETURNING, WITH.

import HeliosCore
import HeliosSQL
import Testing

private func insert(_ sql: String) throws -> InsertStatement? {
    guard case .insert(let insert) = try statement(sql) else { return nil }
    return insert
}

private func update(_ sql: String) throws -> UpdateStatement? {
    guard case .update(let update) = try statement(sql) else { return nil }
    return update
}

@Test func insertValuesWithColumnsAndDefault() throws {
    let parsed = try insert("INSERT INTO s.t AS x (a, b) VALUES (1, DEFAULT), (2, 3)")
    #expect(parsed?.table == QualifiedName(["s", "t"]))
    #expect(parsed?.alias == "x")
    #expect(parsed?.columns.map(\.column) == ["a", "b"])
    guard case .query(let source)? = parsed?.source, case .values(let rows) = source.body else {
        Issue.record("VALUES source")
        return
    }
    #expect(rows[0][1].kind == .default)
}

@Test func insertFromQueryAndDefaultValues() throws {
    guard case .query(let query)? = try insert("INSERT INTO t SELECT * FROM u")?.source, case .select = query.body else {
        Issue.record("SELECT source")
        return
    }
    guard case .query? = try insert("INSERT INTO t (SELECT 1)")?.source else { Issue.record("parenthesized"); return }
    #expect(try insert("INSERT INTO t DEFAULT VALUES")?.source == .defaultValues)
    #expect(try insert("INSERT INTO t (a[1], b.c) VALUES (1, 2)")?.columns
            == [AssignmentTarget("a", path: [.subscript(integer(1))]), AssignmentTarget("b", path: [.field("c")])])
    #expect(try insert("INSERT INTO t OVERRIDING USER VALUE VALUES (1)")?.overriding == .userValue)
}

@Test func onConflictForms() throws {
    #expect(try insert("INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING")?.onConflict == OnConflictClause(action: .doNothing))
    let update = try insert("INSERT INTO t VALUES (1) ON CONFLICT (a, lower(b)) WHERE c DO UPDATE SET b = excluded.b WHERE t.x")
    guard case .columns(let elements, let predicate)? = update?.onConflict?.target,
          case .doUpdate(let assignments, let condition)? = update?.onConflict?.action else {
        Issue.record("DO UPDATE")
        return
    }
    #expect(elements.count == 2 && predicate == column("c") && condition == column("t", "x"))
    #expect(assignments == [.single(AssignmentTarget("b"), column("excluded", "b"))])
    #expect(try insert("INSERT INTO t VALUES (1) ON CONFLICT ON CONSTRAINT k DO NOTHING")?.onConflict?.target == .constraint("k"))
    expectError("INSERT INTO t VALUES (1) ON CONFLICT DO UPDATE SET a = 1", "42601",
                "ON CONFLICT DO UPDATE requires inference specification or constraint name", position: 41)
}

@Test func returningLists() throws {
    #expect(try insert("INSERT INTO t VALUES (1) RETURNING *, a AS b")?.returning
            == [SelectTarget(Expression(.star(qualifier: []))), SelectTarget(column("a"), alias: "b")])
}

@Test func updateWithAliasFromAndMultipleAssignment() throws {
    let parsed = try update("UPDATE ONLY t AS x SET a = 1, (b, c) = (2, 3), (d) = (SELECT 1) FROM u WHERE x.id = u.id RETURNING x.a")
    #expect(parsed?.table.includesDescendants == false)
    #expect(parsed?.table.alias?.name == "x")
    #expect(parsed?.assignments.count == 3)
    guard case .multiple(let targets, let source)? = parsed?.assignments[1] else { Issue.record("(b, c) ="); return }
    #expect(targets.map(\.column) == ["b", "c"] && source.kind == .row([integer(2), integer(3)]))
    #expect(parsed?.from.count == 1 && parsed?.returning.count == 1)
    #expect(try update("UPDATE t SET a = 1 WHERE CURRENT OF c")?.whereClause == .currentOf(cursor: "c"))
}

@Test func deleteWithUsingAndReturning() throws {
    guard case .delete(let parsed) = try statement("DELETE FROM t x USING u, v WHERE x.a = u.a RETURNING *") else {
        Issue.record("DELETE")
        return
    }
    #expect(parsed.table.alias?.name == "x" && parsed.using.count == 2 && parsed.returning.count == 1)
    expectError("DELETE t", "42601", "syntax error at or near \"t\"", position: 8)
}

@Test func dataModificationTakesWith() throws {
    guard case .update(let parsed) = try statement("WITH x AS (SELECT 1) UPDATE t SET a = 1") else { return }
    #expect(parsed.with?.expressions.count == 1)
    guard case .insert(let inserted) = try statement("WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x") else { return }
    #expect(inserted.with != nil)
}

@Test func dataModificationErrors() {
    expectError("INSERT INTO t VALUES", "42601", "syntax error at end of input", position: 21)
    expectError("UPDATE t SET", "42601", "syntax error at end of input", position: 13)
    expectError("UPDATE t SET a", "42601", "syntax error at end of input", position: 15)
    expectError("INSERT t VALUES (1)", "42601", "syntax error at or near \"t\"", position: 8)
}
