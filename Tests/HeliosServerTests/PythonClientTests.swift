// Python drivers against `heliosdb serve`: psycopg 3 (text and binary results, parameters,
// server-side cursors, COPY, transactions, errors mapped to their exception classes), asyncpg
// (prepared statements, binary protocol, executemany, transactions), SQLAlchemy 2 on psycopg2
// (ORM and reflection) and pg8000 (native and DB-API, SCRAM login, types, prepared statements,
// errors). Each script prints one
// line per checked result; the test compares the lines with what PostgreSQL 15 gives.

import HeliosTesting
import Testing

@Suite(.serialized) struct PythonClientTests {
    static let psycopgScript = #"""
        import sys, psycopg
        from psycopg import errors
        conninfo = sys.argv[1]
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute("CREATE TABLE items (id int PRIMARY KEY, name text, price numeric(10,2), seen timestamptz, ok boolean)")
            with conn.cursor() as cur:
                cur.executemany("INSERT INTO items VALUES (%s, %s, %s, '2024-01-02 03:04:05+00', %s)",
                                [(i, f"item {i}", i * 1.5, i % 2 == 0) for i in range(1, 101)])
            print("count", conn.execute("SELECT count(*) FROM items").fetchone()[0])
            print("text", conn.execute("SELECT id, name, price, ok FROM items WHERE id = %s", [7]).fetchone())
            print("binary", conn.cursor(binary=True).execute("SELECT id, name, price, ok, seen FROM items WHERE id = %s", [8]).fetchone())
            try:
                conn.execute("INSERT INTO items (id) VALUES (1)")
            except errors.UniqueViolation as error:
                print("unique", error.sqlstate)
            try:
                conn.execute("SELECT nosuch FROM items")
            except errors.UndefinedColumn as error:
                print("undefined", error.sqlstate)
            with conn.cursor() as cur:
                with cur.copy("COPY items (id, name) FROM STDIN") as copy:
                    for i in range(1000, 1500):
                        copy.write_row((i, f"copied {i}"))
                print("copy in", cur.rowcount)
                with cur.copy("COPY (SELECT id, name FROM items WHERE id >= 1498 ORDER BY id) TO STDOUT") as copy:
                    print("copy out", [tuple(row) for row in copy.rows()])
        with psycopg.connect(conninfo) as conn:
            with conn.cursor(name="big") as cur:  # a server-side cursor: DECLARE / FETCH
                cur.execute("SELECT id FROM items ORDER BY id")
                first = cur.fetchmany(3)
                rest = cur.fetchall()
                print("named cursor", first, len(rest))
            conn.commit()
            conn.execute("UPDATE items SET price = 0 WHERE id = 1")
            conn.rollback()
            print("rolled back", conn.execute("SELECT price FROM items WHERE id = 1").fetchone()[0])
            conn.rollback()
            with conn.transaction():
                conn.execute("UPDATE items SET price = 9 WHERE id = 2")
            print("committed", conn.execute("SELECT price FROM items WHERE id = 2").fetchone()[0])
            print("status", conn.info.transaction_status.name)
        """#

    static let asyncpgScript = #"""
        import sys, asyncio, asyncpg, datetime, decimal
        async def main():
            conn = await asyncpg.connect(sys.argv[1])
            await conn.execute("CREATE TABLE a (id int PRIMARY KEY, v text, n numeric, d date)")
            await conn.executemany("INSERT INTO a VALUES ($1, $2, $3, $4)",
                                   [(i, f"v{i}", decimal.Decimal(i) / 4, datetime.date(2024, 1, i)) for i in range(1, 21)])
            print("count", await conn.fetchval("SELECT count(*) FROM a"))
            row = await conn.fetchrow("SELECT id, v, n, d FROM a WHERE id = $1", 5)
            print("row", row["id"], row["v"], row["n"], row["d"])
            statement = await conn.prepare("SELECT v FROM a WHERE id > $1 ORDER BY id LIMIT 3")
            print("prepared", [r["v"] for r in await statement.fetch(17)])
            try:
                async with conn.transaction():
                    await conn.execute("UPDATE a SET v = 'changed' WHERE id = 1")
                    await conn.execute("INSERT INTO a (id) VALUES (2)")
            except asyncpg.UniqueViolationError as error:
                print("unique", error.sqlstate)
            print("after rollback", await conn.fetchval("SELECT v FROM a WHERE id = 1"))
            print("types", await conn.fetchval("SELECT ARRAY[1, 2, 3]"), await conn.fetchval("SELECT 'x'::text || $1", "y"))
            await conn.close()
        asyncio.run(main())
        """#

    /// SQLAlchemy 2 over psycopg2: ORM create_all, session CRUD through a relationship with
    /// cascading delete, and reflection of the tables it made.
    static let sqlalchemyScript = #"""
        import sys
        from sqlalchemy import create_engine, MetaData, Table, Column, Integer, String, ForeignKey, select, inspect, text
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, Session

        url = sys.argv[1]
        engine = create_engine(url)

        class Base(DeclarativeBase):
            pass

        class Author(Base):
            __tablename__ = "author"
            id: Mapped[int] = mapped_column(primary_key=True)
            name: Mapped[str] = mapped_column(String(50), unique=True)
            books: Mapped[list["Book"]] = relationship(back_populates="author", cascade="all, delete-orphan")

        class Book(Base):
            __tablename__ = "book"
            id: Mapped[int] = mapped_column(primary_key=True)
            title: Mapped[str] = mapped_column(String(100))
            author_id: Mapped[int] = mapped_column(ForeignKey("author.id"))
            author: Mapped[Author] = relationship(back_populates="books")

        Base.metadata.create_all(engine)
        with Session(engine) as session:
            session.add_all([Author(name="ann", books=[Book(title="a1"), Book(title="a2")]), Author(name="bob", books=[Book(title="b1")])])
            session.commit()
            ann = session.scalars(select(Author).where(Author.name == "ann")).one()
            print("books", sorted(b.title for b in ann.books))
            ann.books[0].title = "a1-revised"
            session.commit()
            session.delete(session.scalars(select(Author).where(Author.name == "bob")).one())
            session.commit()
            print("titles", sorted(session.scalars(select(Book.title))))
        inspector = inspect(engine)
        print("tables", sorted(inspector.get_table_names()))
        print("columns", [(c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns("book")])
        print("pk", inspector.get_pk_constraint("book")["constrained_columns"])
        print("fks", [(f["constrained_columns"], f["referred_table"], f["referred_columns"]) for f in inspector.get_foreign_keys("book")])
        print("uniques", [(u["name"], u["column_names"]) for u in inspector.get_unique_constraints("author")])
        meta = MetaData()
        reflected = Table("book", meta, autoload_with=engine)
        with engine.connect() as conn:
            print("reflected select", conn.execute(select(reflected.c.title).order_by(reflected.c.title)).scalars().all())
        """#

    @Test(.enabled(if: ChildProcess.pythonHas("sqlalchemy") && ChildProcess.pythonHas("psycopg2"),
                   "SQLAlchemy or psycopg2 is not installed (scripts/test.sh installs them)"))
    func sqlalchemy() async throws {
        let server = try ServerProcess()
        try await server.start()
        defer { server.removeData() }
        let result = try await ChildProcess.run(ChildProcess.find("python3")!, ["-c", Self.sqlalchemyScript,
                                                "postgresql+psycopg2://postgres@127.0.0.1:\(server.port)/postgres"],
                                                timeout: .seconds(120))
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.split(separator: "\n").map(String.init) == [
            "books ['a1', 'a2']",
            "titles ['a1-revised', 'a2']",
            "tables ['author', 'book']",
            "columns [('id', 'INTEGER', False), ('title', 'VARCHAR(100)', False), ('author_id', 'INTEGER', False)]",
            "pk ['id']",
            "fks [(['author_id'], 'author', ['id'])]",
            "uniques [('author_name_key', ['name'])]",
            "reflected select ['a1-revised', 'a2']",
        ])
        await server.stop()
    }

    @Test(.enabled(if: ChildProcess.pythonHas("psycopg"), "psycopg is not installed (scripts/test.sh installs it)"))
    func psycopg() async throws {
        let server = try ServerProcess()
        try await server.start()
        defer { server.removeData() }
        let result = try await ChildProcess.run(ChildProcess.find("python3")!, ["-c", Self.psycopgScript,
                                                "host=127.0.0.1 port=\(server.port) user=postgres dbname=postgres"],
                                                timeout: .seconds(120))
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.split(separator: "\n").map(String.init) == [
            "count 100",
            "text (7, 'item 7', Decimal('10.50'), False)",
            "binary (8, 'item 8', Decimal('12.00'), True, datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=zoneinfo.ZoneInfo(key='Etc/UTC')))",
            "unique 23505",
            "undefined 42703",
            "copy in 500",
            "copy out [('1498', 'copied 1498'), ('1499', 'copied 1499')]",
            "named cursor [(1,), (2,), (3,)] 597",
            "rolled back 1.50",
            "committed 9.00",
            "status INTRANS",
        ])
        await server.stop()
    }

    @Test(.enabled(if: ChildProcess.pythonHas("asyncpg"), "asyncpg is not installed (scripts/test.sh installs it)"))
    func asyncpg() async throws {
        let server = try ServerProcess()
        try await server.start()
        defer { server.removeData() }
        let result = try await ChildProcess.run(ChildProcess.find("python3")!, ["-c", Self.asyncpgScript,
                                                "postgresql://postgres@127.0.0.1:\(server.port)/postgres"],
                                                timeout: .seconds(120))
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.split(separator: "\n").map(String.init) == [
            "count 20",
            "row 5 v5 1.25 2024-01-05",
            "prepared ['v18', 'v19', 'v20']",
            "unique 23505",
            "after rollback v1",
            "types [1, 2, 3] xy",
        ])
        await server.stop()
    }

    static let pg8000Script = #"""
        import sys, datetime, decimal, pg8000.native, pg8000.dbapi
        port, password = int(sys.argv[1]), sys.argv[2]
        conn = pg8000.native.Connection("postgres", host="127.0.0.1", port=port, password=password, database="postgres")
        conn.run("CREATE TABLE p (id int PRIMARY KEY, name text, price numeric(8,2), day date, at timestamptz, ok boolean, raw bytea, doc jsonb)")
        for i in range(1, 6):
            conn.run("INSERT INTO p VALUES (:id, :name, :price, :day, :at, :ok, :raw, :doc)", id=i, name=f"n{i}",
                     price=decimal.Decimal(i) / 4, day=datetime.date(2024, 1, i),
                     at=datetime.datetime(2024, 1, i, 12, 0, tzinfo=datetime.timezone.utc), ok=i % 2 == 0, raw=bytes([i, 0, 255]),
                     doc={"i": i})
        print("row", conn.run("SELECT id, name, price, day, at, ok, raw, doc FROM p WHERE id = :id", id=3))
        print("count", conn.run("SELECT count(*), sum(price) FROM p"))
        print("columns", [c["name"] for c in conn.columns])
        try:
            conn.run("INSERT INTO p (id) VALUES (1)")
        except pg8000.native.DatabaseError as error:
            print("unique", error.args[0]["C"])
        statement = conn.prepare("SELECT name FROM p WHERE id > :low ORDER BY id")
        print("prepared", statement.run(low=3), statement.run(low=4))
        statement.close()
        conn.run("START TRANSACTION")
        conn.run("UPDATE p SET name = 'changed' WHERE id = 1")
        conn.run("ROLLBACK")
        print("rolled back", conn.run("SELECT name FROM p WHERE id = 1"))
        conn.close()
        db = pg8000.dbapi.connect(user="postgres", host="127.0.0.1", port=port, password=password, database="postgres")
        cursor = db.cursor()
        cursor.executemany("INSERT INTO p (id, name) VALUES (%s, %s)", [(10, "ten"), (11, "eleven")])
        db.commit()
        cursor.execute("SELECT id, name FROM p WHERE id >= %s ORDER BY id", (10,))
        print("dbapi", cursor.fetchall(), [d[0] for d in cursor.description])
        db.close()
        """#

    @Test(.enabled(if: ChildProcess.pythonHas("pg8000"), "pg8000 is not installed (scripts/test.sh installs it)"))
    func pg8000() async throws {
        let server = try ServerProcess()
        try await server.start(environment: ["HELIOSDB_PASSWORD": "pg8000-secret"])
        defer { server.removeData() }
        let result = try await ChildProcess.run(ChildProcess.find("python3")!, ["-c", Self.pg8000Script, "\(server.port)", "pg8000-secret"],
                                                timeout: .seconds(120))
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.split(separator: "\n").map(String.init) == [
            "row [[3, 'n3', Decimal('0.75'), datetime.date(2024, 1, 3), datetime.datetime(2024, 1, 3, 12, 0, tzinfo=datetime.timezone.utc), False, b'\\x03\\x00\\xff', {'i': 3}]]",
            "count [[5, Decimal('3.75')]]",
            "columns ['count', 'sum']",
            "unique 23505",
            "prepared [['n4'], ['n5']] [['n5']]",
            "rolled back [['n1']]",
            "dbapi ([10, 'ten'], [11, 'eleven']) ['id', 'name']",
        ])
        await server.stop()
    }
}
