// Session and utility statements: transactions, SET/SHOW/RESET, prepared statements, cursors,
// EXPLAIN, VACUUM/ANALYZE, COPY, and the small ones; with their command tags.

import HeliosCore
import HeliosSQL
import Testing

@Test func transactionStatements() throws {
    #expect(try statement("BEGIN") == .transaction(.begin([], startKeyword: false)))
    #expect(try statement("BEGIN WORK ISOLATION LEVEL SERIALIZABLE, READ ONLY DEFERRABLE")
            == .transaction(.begin([.isolationLevel(.serializable), .readOnly(true), .deferrable(true)], startKeyword: false)))
    #expect(try statement("START TRANSACTION READ WRITE") == .transaction(.begin([.readOnly(false)], startKeyword: true)))
    #expect(try statement("COMMIT AND CHAIN") == .transaction(.commit(chain: true)))
    #expect(try statement("END TRANSACTION") == .transaction(.commit(chain: false)))
    #expect(try statement("ABORT") == .transaction(.rollback(chain: false)))
    #expect(try statement("ROLLBACK AND NO CHAIN") == .transaction(.rollback(chain: false)))
    #expect(try statement("SAVEPOINT s") == .transaction(.savepoint("s")))
    #expect(try statement("RELEASE s") == .transaction(.release("s")))
    #expect(try statement("ROLLBACK WORK TO SAVEPOINT s") == .transaction(.rollbackToSavepoint("s")))
    #expect(try statement("PREPARE TRANSACTION 'g'") == .transaction(.prepareTransaction("g")))
    #expect(try statement("START TRANSACTION").commandTag == "START TRANSACTION")
    #expect(try statement("END").commandTag == "COMMIT")
    #expect(try statement("ABORT").commandTag == "ROLLBACK")
    expectError("BEGIN ISOLATION LEVEL FOO", "42601", "syntax error at or near \"FOO\"", position: 23)
}

@Test func setInItsForms() throws {
    func set(_ sql: String) throws -> SetStatement? {
        guard case .set(let set) = try statement(sql) else { return nil }
        return set
    }
    #expect(try set("SET search_path TO public, \"$user\"")?.action
            == .value(name: "search_path", values: [.string("public"), .string("$user")]))
    #expect(try set("SET LOCAL statement_timeout = 1000")?.scope == .local)
    #expect(try set("SET x.y = -1.5")?.action == .value(name: "x.y", values: [.numeric("-1.5")]))
    #expect(try set("SET enable_seqscan = off")?.action == .value(name: "enable_seqscan", values: [.string("off")]))
    #expect(try set("SET standard_conforming_strings = on")?.action
            == .value(name: "standard_conforming_strings", values: [.string("on")]))
    #expect(try set("SET datestyle TO DEFAULT")?.action == .toDefault(name: "datestyle"))
    #expect(try set("SET TIME ZONE 'UTC'")?.action == .value(name: "timezone", values: [.string("UTC")]))
    #expect(try set("SET TIME ZONE LOCAL")?.action == .timeZoneLocal)
    #expect(try set("SET SCHEMA 'app'")?.action == .value(name: "search_path", values: [.string("app")]))
    #expect(try set("SET NAMES 'UTF8'")?.action == .value(name: "client_encoding", values: [.string("UTF8")]))
    #expect(try set("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")?.action == .transaction([.isolationLevel(.repeatableRead)]))
    #expect(try set("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")?.action == .sessionCharacteristics([.readOnly(true)]))
    #expect(try set("SET SESSION AUTHORIZATION DEFAULT")?.action == .sessionAuthorization(nil))
    #expect(try set("SET ROLE NONE")?.action == .role(nil))
    expectError("SET x TO", "42601", "syntax error at end of input", position: 9)
}

@Test func showAndReset() throws {
    #expect(try statement("SHOW search_path") == .show(ShowStatement(name: "search_path")))
    #expect(try statement("SHOW ALL") == .show(ShowStatement(name: "all")))
    #expect(try statement("SHOW TIME ZONE") == .show(ShowStatement(name: "timezone")))
    #expect(try statement("SHOW TRANSACTION ISOLATION LEVEL") == .show(ShowStatement(name: "transaction_isolation")))
    #expect(try statement("RESET ALL") == .reset(ResetStatement(name: "all")))
    #expect(try statement("RESET TIME ZONE") == .reset(ResetStatement(name: "timezone")))
}

@Test func preparedStatements() throws {
    guard case .prepare(let prepare) = try statement("PREPARE p (int, text) AS INSERT INTO t VALUES ($1, $2)") else { return }
    #expect(prepare.name == "p" && prepare.parameterTypes == [.system("int4"), TypeName(name: QualifiedName("text"))])
    guard case .insert = prepare.statement else { Issue.record("prepared INSERT"); return }
    #expect(try statement("EXECUTE p (1, 'a')") == .execute(ExecuteStatement(name: "p", arguments: [integer(1), Expression(.literal(.string("a")))])))
    #expect(try statement("DEALLOCATE PREPARE p") == .deallocate(DeallocateStatement(name: "p")))
    #expect(try statement("DEALLOCATE ALL").commandTag == "DEALLOCATE ALL")
    expectError("PREPARE p AS CREATE TABLE t (a int)", "42601", "syntax error at or near \"CREATE\"", position: 14)
}

@Test func cursors() throws {
    guard case .declareCursor(let declare) = try statement("DECLARE c BINARY NO SCROLL CURSOR WITH HOLD FOR SELECT 1") else { return }
    #expect(declare.binary && declare.scroll == false && declare.withHold)
    func direction(_ sql: String) throws -> FetchDirection? {
        guard case .fetch(let fetch) = try statement(sql) else { return nil }
        return fetch.direction
    }
    #expect(try direction("FETCH c") == .forward(.count(1)))
    #expect(try direction("FETCH NEXT FROM c") == .forward(.count(1)))
    #expect(try direction("FETCH PRIOR c") == .backward(.count(1)))
    #expect(try direction("FETCH FIRST c") == .absolute(1))
    #expect(try direction("FETCH LAST c") == .absolute(-1))
    #expect(try direction("FETCH ABSOLUTE -3 c") == .absolute(-3))
    #expect(try direction("FETCH RELATIVE 2 IN c") == .relative(2))
    #expect(try direction("FETCH 5 c") == .forward(.count(5)))
    #expect(try direction("FETCH ALL c") == .forward(.all))
    #expect(try direction("FETCH BACKWARD ALL c") == .backward(.all))
    #expect(try direction("FETCH FORWARD 3 c") == .forward(.count(3)))
    #expect(try statement("MOVE c").commandTag == "MOVE")
    #expect(try statement("CLOSE ALL") == .closeCursor(CloseStatement(cursor: nil)))
    expectError("DECLARE c FOR SELECT 1", "42601", "syntax error at or near \"FOR\"", position: 11)
}

@Test func explainOptions() throws {
    guard case .explain(let explain) = try statement("EXPLAIN (ANALYZE, COSTS off, FORMAT JSON) SELECT 1") else { return }
    #expect(explain.options == [.analyze(true), .costs(false), .format(.json)])
    guard case .explain(let old) = try statement("EXPLAIN ANALYZE VERBOSE UPDATE t SET a = 1") else { return }
    #expect(old.options == [.analyze(true), .verbose(true)])
    expectError("EXPLAIN (FOO) SELECT 1", "42601", "unrecognized EXPLAIN option \"foo\"", position: 10)
    expectError("EXPLAIN (ANALYZE maybe) SELECT 1", "42601", "analyze requires a Boolean value")
    expectError("EXPLAIN (FORMAT csv) SELECT 1", "22023", "unrecognized value for EXPLAIN option \"format\": \"csv\"")
    expectError("EXPLAIN DROP TABLE t", "42601", "syntax error at or near \"DROP\"", position: 9)
}

@Test func vacuumAndAnalyze() throws {
    guard case .maintenance(let vacuum) = try statement("VACUUM FULL ANALYZE t (a), u") else { return }
    #expect(vacuum.isVacuum && vacuum.options.map(\.name) == ["full", "analyze"])
    #expect(vacuum.targets == [MaintenanceTarget(table: QualifiedName("t"), columns: ["a"]), MaintenanceTarget(table: QualifiedName("u"))])
    guard case .maintenance(let analyze) = try statement("ANALYZE (VERBOSE, SKIP_LOCKED false) t") else { return }
    #expect(!analyze.isVacuum && analyze.options.map(\.name) == ["verbose", "skip_locked"])
    #expect(try statement("ANALYZE").commandTag == "ANALYZE")
}

@Test func copyInBothOptionStyles() throws {
    guard case .copy(let copy) = try statement(
        "COPY t (a, b) FROM STDIN WITH (FORMAT csv, HEADER match, DELIMITER ';', NULL '', FORCE_NOT_NULL (a))") else { return }
    #expect(copy.isFrom && copy.endpoint == .client && copy.source == .table(QualifiedName("t"), columns: ["a", "b"]))
    #expect(copy.options == [.format(.csv), .header(.match), .delimiter(";"), .null(""), .forceNotNull(["a"])])
    guard case .copy(let old) = try statement("COPY t TO STDOUT WITH CSV HEADER DELIMITER AS '|' FORCE QUOTE *") else { return }
    #expect(!old.isFrom && old.options == [.format(.csv), .header(.present), .delimiter("|"), .forceQuote(nil)])
    guard case .copy(let query) = try statement("COPY (SELECT 1) TO STDOUT (FORMAT binary)") else { return }
    guard case .query = query.source else { Issue.record("COPY (query)"); return }
    guard case .copy(let file) = try statement("COPY BINARY t FROM '/tmp/x'") else { return }
    #expect(file.endpoint == .file("/tmp/x") && file.options == [.format(.binary)])
    expectError("COPY t TO STDOUT (FOO 1)", "42601", "option \"foo\" not recognized")
    expectError("COPY t TO STDOUT (FORMAT xml)", "22023", "COPY format \"xml\" not recognized")
    expectError("COPY (SELECT 1) FROM STDIN", "42601", "syntax error at or near \"FROM\"", position: 17)
}

@Test func smallUtilityStatements() throws {
    #expect(try statement("CHECKPOINT") == .checkpoint)
    #expect(try statement("DISCARD TEMP") == .discard(.temporary))
    #expect(try statement("DISCARD ALL").commandTag == "DISCARD ALL")
    #expect(try statement("LISTEN c") == .listen(channel: "c"))
    #expect(try statement("UNLISTEN *") == .unlisten(channel: nil))
    #expect(try statement("NOTIFY c, 'x'") == .notify(NotifyStatement(channel: "c", payload: "x")))
    guard case .lock(let lock) = try statement("LOCK TABLE ONLY t IN SHARE ROW EXCLUSIVE MODE NOWAIT") else { return }
    #expect(lock.mode == .shareRowExclusive && lock.noWait && !lock.tables[0].includesDescendants)
    #expect(try statement("DO $$ BEGIN END $$") == .doBlock(DoStatement(code: " BEGIN END ")))
    expectError("MERGE INTO t USING u ON true WHEN MATCHED THEN DELETE", "0A000", "MERGE is not supported", position: 1)
    expectError("FOO BAR", "42601", "syntax error at or near \"FOO\"", position: 1)
}
