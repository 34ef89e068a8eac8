// psql against `heliosdb serve`: a scripted session (DDL, DML, errors with their SQLSTATEs, a
// transaction block), \copy in and out, and a crash: every commit psql saw acknowledged is
// there after the server is killed and restarted.

import Foundation
import HeliosTesting
import Testing

@Suite(.serialized) struct PsqlTests {
    @Test func scriptedSession() async throws {
        let server = try ServerProcess()
        try await server.start()
        defer { server.removeData() }
        let script = """
            CREATE TABLE dept (id serial PRIMARY KEY, name text NOT NULL UNIQUE);
            CREATE TABLE emp (id int PRIMARY KEY, dept int REFERENCES dept, salary numeric(8,2) CHECK (salary > 0));
            CREATE INDEX emp_salary ON emp (salary);
            INSERT INTO dept (name) VALUES ('eng'), ('ops');
            INSERT INTO emp VALUES (1, 1, 100.5), (2, 1, 200), (3, 2, 50);
            SELECT d.name, count(*), sum(e.salary) FROM dept d JOIN emp e ON e.dept = d.id GROUP BY d.name ORDER BY d.name;
            BEGIN;
            UPDATE emp SET salary = salary * 2 WHERE dept = 1 RETURNING id, salary;
            COMMIT;
            SELECT id, salary FROM emp ORDER BY id;
            """
        let result = try await server.psql(["-A", "-F", "|"], input: script)
        #expect(result.exitCode == 0, "\(result.standardError)")
        let expected = """
            CREATE TABLE
            CREATE TABLE
            CREATE INDEX
            INSERT 0 2
            INSERT 0 3
            name|count|sum
            eng|2|300.50
            ops|1|50.00
            (2 rows)
            BEGIN
            id|salary
            1|201.00
            2|400.00
            (2 rows)
            UPDATE 2
            COMMIT
            id|salary
            1|201.00
            2|400.00
            3|50.00
            (3 rows)

            """
        #expect(result.standardOutput == expected)

        // Errors arrive with PostgreSQL's SQLSTATEs, and the server keeps serving.
        for (sql, state) in [("INSERT INTO emp VALUES (1, 1, 10)", "23505"), ("INSERT INTO emp VALUES (9, 7, 10)", "23503"),
                             ("INSERT INTO emp VALUES (9, 1, -1)", "23514"), ("SELECT * FROM nosuch", "42P01"),
                             ("SELECT nosuch FROM emp", "42703"), ("SELECT 1/0", "22012"), ("SELECT 'x'::int", "22P02"),
                             ("SELEC 1", "42601")] {
            let failed = try await server.psql(["-c", "\\set VERBOSITY verbose", "-c", sql], stopOnError: false)
            #expect(failed.standardError.contains("ERROR:  \(state):"), "\(sql): \(failed.standardError)")
        }
        #expect(try await server.query("SELECT count(*) FROM emp") == ["3"])
        await server.stop()
    }

    @Test func describeCommands() async throws {
        let server = try ServerProcess()
        try await server.start()
        defer { server.removeData() }
        _ = try await server.psql(["-c", "CREATE TABLE p (id serial PRIMARY KEY, name text UNIQUE NOT NULL)",
                                   "-c", "CREATE TABLE c (id int PRIMARY KEY, pid int REFERENCES p ON DELETE CASCADE, amount numeric(8,2) CHECK (amount > 0))",
                                   "-c", "CREATE INDEX c_pid ON c (pid)"])
        let described = try await server.psql(["-c", "\\d c"])
        #expect(described.exitCode == 0, "\(described.standardError)")
        let expected = """
                                Table "public.c"
             Column |     Type     | Collation | Nullable | Default 
            --------+--------------+-----------+----------+---------
             id     | integer      |           | not null | 
             pid    | integer      |           |          | 
             amount | numeric(8,2) |           |          | 
            Indexes:
                "c_pkey" PRIMARY KEY, btree (id)
                "c_pid" btree (pid)
            Check constraints:
                "c_amount_check" CHECK (amount > 0)
            Foreign-key constraints:
                "c_pid_fkey" FOREIGN KEY (pid) REFERENCES p(id) ON DELETE CASCADE


            """
        #expect(described.standardOutput == expected)
        let tables = try await server.psql(["-At", "-c", "\\dt"])
        #expect(tables.standardOutput == "public|c|table|postgres\npublic|p|table|postgres\n")
        let indexes = try await server.psql(["-At", "-c", "\\di"])
        #expect(indexes.standardOutput.split(separator: "\n").map { $0.split(separator: "|")[1] } == ["c_pid", "c_pkey", "p_name_key", "p_pkey"])
        let referenced = try await server.psql(["-c", "\\d p"])
        #expect(referenced.standardOutput.contains("TABLE \"c\" CONSTRAINT \"c_pid_fkey\" FOREIGN KEY (pid) REFERENCES p(id) ON DELETE CASCADE"),
                "\(referenced.standardOutput)")
        #expect(referenced.standardOutput.contains("nextval('p_id_seq'::regclass)"), "\(referenced.standardOutput)")
        await server.stop()
    }

    @Test func copyInAndOut() async throws {
        let server = try ServerProcess()
        try await server.start()
        defer { server.removeData() }
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("helios-copy-\(UUID().uuidString).csv").path
        let output = input + ".out"
        defer {
            try? FileManager.default.removeItem(atPath: input)
            try? FileManager.default.removeItem(atPath: output)
        }
        let rows = (1...500).map { "\($0),name \($0),\($0 % 3 == 0 ? "" : "\"quoted, \($0)\"")" }
        try (rows.joined(separator: "\n") + "\n").write(toFile: input, atomically: true, encoding: .utf8)
        let loaded = try await server.psql(["-c", "CREATE TABLE c (id int PRIMARY KEY, name text, note text)",
                                            "-c", "\\copy c FROM '\(input)' WITH (FORMAT csv)"])
        #expect(loaded.exitCode == 0, "\(loaded.standardError)")
        #expect(loaded.standardOutput.contains("COPY 500"))
        #expect(try await server.query("SELECT count(*), count(note) FROM c") == ["500|334"])
        #expect(try await server.query("SELECT note FROM c WHERE id = 4") == ["quoted, 4"])
        let dumped = try await server.psql(["-c", "\\copy (SELECT id, name, note FROM c ORDER BY id) TO '\(output)' WITH (FORMAT csv)"])
        #expect(dumped.exitCode == 0, "\(dumped.standardError)")
        #expect(try String(contentsOfFile: output, encoding: .utf8) == rows.joined(separator: "\n") + "\n")
        // Text format, with a bad row: the whole COPY fails with 22P02 and loads nothing.
        let bad = try await server.psql(["-c", "\\set VERBOSITY verbose", "-c", "CREATE TABLE d (id int, v text)",
                                         "-c", "COPY d FROM STDIN"], input: "1\ta\nx\tb\n\\.\n", stopOnError: false)
        #expect(bad.standardError.contains("22P02"), "\(bad.standardError)")
        #expect(try await server.query("SELECT count(*) FROM d") == ["0"])
        await server.stop()
    }

    @Test func acknowledgedCommitsSurviveACrash() async throws {
        let server = try ServerProcess()
        try await server.start()
        defer { server.removeData() }
        _ = try await server.query("CREATE TABLE k (id int PRIMARY KEY, v text)")
        for batch in 0..<20 {
            _ = try await server.query("INSERT INTO k SELECT g, 'v' || g FROM generate_series(\(batch * 50 + 1), \(batch * 50 + 50)) g")
        }
        _ = try await server.psql(["-c", "BEGIN", "-c", "INSERT INTO k VALUES (100000, 'uncommitted')"])
        server.kill9()
        try await server.start()
        #expect(try await server.query("SELECT count(*), min(id), max(id) FROM k") == ["1000|1|1000"])
        // A graceful shutdown leaves nothing to recover, and sequences continue where they were.
        _ = try await server.query("CREATE TABLE s (id serial PRIMARY KEY)")
        _ = try await server.query("INSERT INTO s DEFAULT VALUES")
        await server.stop()
        try await server.start()
        let next = try await server.query("INSERT INTO s DEFAULT VALUES RETURNING id")
        #expect(next.first == "2", "\(next)")
        await server.stop()
    }
}
