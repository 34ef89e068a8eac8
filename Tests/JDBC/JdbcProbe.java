// A small JDBC program run by JDBCClientTests against HeliosDB and PostgreSQL 15 alike: it makes a
// schema, then prints what pgjdbc (Debian's libpostgresql-jdbc-java) reports of it and of a few
// queries, one fact per line, leaving out what legitimately differs between servers (object IDs,
// statistics, versions). The test compares the two outputs line by line.
//
// Usage: java -cp postgresql.jar:CLASSES JdbcProbe jdbc:postgresql://127.0.0.1:PORT/postgres

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.Properties;

public class JdbcProbe {
    public static void main(String[] arguments) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        properties.setProperty("sslmode", "disable");
        try (Connection connection = DriverManager.getConnection(arguments[0], properties)) {
            createSchema(connection);
            queries(connection);
            prepared(connection);
            transactions(connection);
            errors(connection);
            metadata(connection);
        }
    }

    static void createSchema(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE author (id serial PRIMARY KEY, name text NOT NULL UNIQUE, born date)");
            statement.execute("CREATE TABLE book (id int8 NOT NULL, edition int2 NOT NULL, author_id int4 REFERENCES author (id), "
                + "title varchar(200) NOT NULL, price numeric(8,2) DEFAULT 9.99, published timestamp, "
                + "PRIMARY KEY (id, edition))");
            statement.execute("CREATE INDEX book_title ON book (title DESC, price)");
            statement.execute("CREATE UNIQUE INDEX book_author_title ON book (author_id, title, edition)");
            statement.execute("CREATE VIEW cheap_books AS SELECT id, title FROM book WHERE price < 10");
        }
    }

    static void queries(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO author (name, born) VALUES ('Ursula', '1929-10-21'), ('Stanislaw', '1921-09-12')");
            int inserted = statement.executeUpdate("INSERT INTO book VALUES (1, 1, 1, 'The Dispossessed', 8.50, '1974-05-01 10:00:00'), "
                + "(1, 2, 1, 'The Dispossessed', 12.00, NULL), (2, 1, 2, 'Solaris', 7.25, '1961-06-01 00:00:00')");
            System.out.println("insert: " + inserted);
            try (ResultSet rows = statement.executeQuery("SELECT b.title, a.name, b.price, b.published, a.born FROM book b "
                    + "JOIN author a ON a.id = b.author_id ORDER BY b.id, b.edition")) {
                printColumns("query", rows.getMetaData());
                while (rows.next()) {
                    System.out.println("query row: " + rows.getString(1) + " | " + rows.getString(2) + " | " + rows.getBigDecimal(3)
                        + " | " + rows.getTimestamp(4) + " | " + rows.getDate(5));
                }
            }
        }
    }

    /** Past pgjdbc's prepareThreshold (5) the statement is named on the server and rows come binary. */
    static void prepared(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT title, price, published, CAST(? AS int4) + edition AS n FROM book WHERE id = ? AND price > ? ORDER BY edition")) {
            for (int run = 1; run <= 7; run++) {
                statement.setInt(1, run);
                statement.setLong(2, run % 2 + 1);
                statement.setBigDecimal(3, new BigDecimal("1.00"));
                StringBuilder line = new StringBuilder("prepared run " + run + ":");
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        line.append(" [").append(rows.getString("title")).append(", ").append(rows.getBigDecimal("price"))
                            .append(", ").append(rows.getTimestamp("published")).append(", ").append(rows.getInt("n")).append("]");
                    }
                }
                System.out.println(line);
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO book VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, 3);
            insert.setShort(2, (short) 1);
            insert.setInt(3, 2);
            insert.setString(4, "Fiasco");
            insert.setBigDecimal(5, new BigDecimal("15.5"));
            insert.setTimestamp(6, Timestamp.valueOf("1986-01-01 12:30:00"));
            System.out.println("prepared insert: " + insert.executeUpdate());
        }
    }

    static void transactions(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE book SET price = price + 1 WHERE id = 2");
            connection.commit();
            statement.executeUpdate("DELETE FROM book");
            connection.rollback();
            try (ResultSet rows = statement.executeQuery("SELECT count(*), sum(price) FROM book")) {
                rows.next();
                System.out.println("after commit and rollback: " + rows.getLong(1) + " books, " + rows.getBigDecimal(2));
            }
            connection.commit();
        } finally {
            connection.setAutoCommit(true);
        }
    }

    static void errors(Connection connection) {
        String[] statements = {"INSERT INTO author (name) VALUES ('Ursula')", "SELECT * FROM nowhere", "SELECT 1 / 0"};
        for (String sql : statements) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
                System.out.println("error: none for " + sql);
            } catch (SQLException error) {
                System.out.println("error: " + error.getSQLState() + " " + error.getMessage().split("\n")[0]);
            }
        }
    }

    static void metadata(Connection connection) throws SQLException {
        DatabaseMetaData metadata = connection.getMetaData();
        print("getTables", () -> metadata.getTables(null, "public", "%", new String[] {"TABLE", "VIEW"}),
              "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE", "REMARKS");
        print("getColumns", () -> metadata.getColumns(null, "public", "book", "%"),
              "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE", "DECIMAL_DIGITS", "NULLABLE",
              "COLUMN_DEF", "ORDINAL_POSITION", "IS_NULLABLE", "IS_AUTOINCREMENT");
        print("getColumns", () -> metadata.getColumns(null, "public", "author", "%"),
              "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE", "NULLABLE", "COLUMN_DEF", "IS_AUTOINCREMENT");
        print("getPrimaryKeys", () -> metadata.getPrimaryKeys(null, "public", "book"),
              "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ", "PK_NAME");
        print("getPrimaryKeys", () -> metadata.getPrimaryKeys(null, "public", "author"),
              "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ", "PK_NAME");
        print("getIndexInfo", () -> metadata.getIndexInfo(null, "public", "book", false, false),
              "TABLE_NAME", "NON_UNIQUE", "INDEX_NAME", "TYPE", "ORDINAL_POSITION", "COLUMN_NAME", "ASC_OR_DESC", "FILTER_CONDITION");
        print("getIndexInfo unique", () -> metadata.getIndexInfo(null, "public", "author", true, false),
              "TABLE_NAME", "NON_UNIQUE", "INDEX_NAME", "ORDINAL_POSITION", "COLUMN_NAME");
        print("getImportedKeys", () -> metadata.getImportedKeys(null, "public", "book"),
              "PKTABLE_NAME", "PKCOLUMN_NAME", "FKTABLE_NAME", "FKCOLUMN_NAME", "KEY_SEQ", "UPDATE_RULE", "DELETE_RULE", "FK_NAME", "PK_NAME");
        print("getSchemas", () -> metadata.getSchemas(), "TABLE_SCHEM", "TABLE_CATALOG");
    }

    static void printColumns(String label, ResultSetMetaData columns) throws SQLException {
        for (int index = 1; index <= columns.getColumnCount(); index++) {
            System.out.println(label + " column: " + columns.getColumnName(index) + " " + columns.getColumnTypeName(index) + " "
                + columns.getColumnType(index) + " nullable=" + columns.isNullable(index) + " table=" + columns.getTableName(index));
        }
    }

    interface Query {
        ResultSet run() throws SQLException;
    }

    /** Each row of the query's result as "label: a | b | c" over the named columns; its error as one line. */
    static void print(String label, Query query, String... names) {
        try (ResultSet rows = query.run()) {
            while (rows.next()) {
                StringBuilder line = new StringBuilder(label + ":");
                for (String name : names) line.append(" ").append(rows.getString(name)).append(" |");
                System.out.println(line);
            }
        } catch (SQLException error) {
            System.out.println(label + ": ERROR " + error.getSQLState() + " " + error.getMessage().split("\n")[0]);
        }
    }
}
