package dev.nabla.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Read-write ATTACH of a .nabla file: o.t readable and writable, USE, DETACH, one written database per txn. */
class AttachReadWriteTest {
    @TempDir
    Path dir;

    private static void fails(Session s, String sql, ErrorCode code, String message) {
        assertThatThrownBy(() -> s.execute(sql))
                .as(sql)
                .isInstanceOfSatisfying(
                        NablaException.class, e -> assertThat(e.code()).isEqualTo(code))
                .hasMessageContaining(message);
    }

    private static java.util.List<String> rows(Session s, String sql) {
        return DurableFileTest.rows(s, sql);
    }

    @Test
    void writesGoToTheAttachedFileAndSurviveReopen() {
        Path f = dir.resolve("other.nabla");
        Session s = Nabla.open().connect();
        s.execute("CREATE TABLE src(id INTEGER, note VARCHAR)");
        s.execute("INSERT INTO src VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        s.execute("ATTACH '" + f + "' AS o");
        s.execute("CREATE TABLE o.t(id INTEGER PRIMARY KEY, note VARCHAR)");
        // unqualified names are this session's own tables, o.t the attached file's
        s.execute("INSERT INTO o.t SELECT id, note FROM src WHERE id < 3");
        s.execute("UPDATE o.t SET note = upper(note) WHERE id = 2");
        s.execute("INSERT INTO o.t VALUES (3, 'z')");
        s.execute("DELETE FROM o.t WHERE id = 3");
        assertThat(rows(s, "SELECT id, note FROM o.t ORDER BY id")).containsExactly("1|a", "2|B");
        assertThat(rows(s, "SELECT o.t.id FROM o.t WHERE id = 1")).containsExactly("1");
        assertThat(rows(s, "SELECT s.note, t.note FROM src s JOIN o.t t ON s.id = t.id ORDER BY s.id"))
                .containsExactly("a|a", "b|B");
        assertThat(rows(s, "SELECT count(*) FROM src")).containsExactly("3");
        // views and sequences of the attached file
        s.execute("CREATE SEQUENCE o.seq START 10");
        s.execute("CREATE VIEW o.v AS SELECT id * 10 AS tens FROM o.t");
        assertThat(rows(s, "SELECT tens FROM o.v ORDER BY tens")).containsExactly("10", "20");
        s.execute("INSERT INTO o.t VALUES (nextval('o.seq'), 'seq')");
        assertThat(rows(s, "SELECT id FROM o.t WHERE note = 'seq'")).containsExactly("10");
        fails(s, "CREATE VIEW o.w AS SELECT * FROM src", ErrorCode.UNSUPPORTED, "can read only its own tables");
        fails(s, "INSERT INTO o.t VALUES (1, 'dup')", ErrorCode.UNIQUE_VIOLATION, "");
        assertThat(rows(s, "SHOW DATABASES")).containsExactly("memory", "o");
        s.execute("DETACH o");
        fails(s, "SELECT * FROM o.t", ErrorCode.UNKNOWN_TABLE, "");
        s.close();

        Database reopened = Nabla.open(f);
        Session r = reopened.connect();
        assertThat(rows(r, "SELECT id, note FROM t ORDER BY id")).containsExactly("1|a", "2|B", "10|seq");
        assertThat(rows(r, "SELECT tens FROM v ORDER BY tens")).containsExactly("10", "20", "100");
        assertThat(rows(r, "SELECT nextval('seq')")).containsExactly("11");
        reopened.close();
    }

    @Test
    void useChangesTheDefaultDatabase() {
        Path f = dir.resolve("u.nabla");
        Session s = Nabla.open().connect();
        s.execute("CREATE TABLE t(x INTEGER)");
        s.execute("INSERT INTO t VALUES (1)");
        s.execute("ATTACH '" + f + "' AS o");
        s.execute("USE o");
        s.execute("CREATE TABLE t(x INTEGER)");
        s.execute("INSERT INTO t VALUES (7), (8)");
        assertThat(rows(s, "SELECT sum(x) FROM t")).containsExactly("15");
        assertThat(rows(s, "SELECT sum(x) FROM o.t")).containsExactly("15");
        assertThat(rows(s, "SELECT database_name, readonly FROM duckdb_databases() ORDER BY 1"))
                .containsExactly("memory|false", "o|false");
        fails(s, "DETACH o", ErrorCode.NOT_IN_PREREQUISITE_STATE, "default database");
        s.execute("USE main");
        assertThat(rows(s, "SELECT sum(x) FROM t")).containsExactly("1");
        // a name both databases have is ambiguous in a statement that names o
        fails(s, "INSERT INTO o.t SELECT x FROM t", ErrorCode.AMBIGUOUS_COLUMN, "qualify it");
        fails(s, "USE nope", ErrorCode.UNKNOWN_TABLE, "not attached");
        s.execute("INSERT INTO o.t VALUES (?)", 9);
        // prepared: planned in o at each execution; its parameters are counted now
        PreparedQuery ins = s.prepare("INSERT INTO o.t VALUES (?), (? + 1)");
        assertThat(ins.parameterCount()).isEqualTo(2);
        ins.execute(20, 30);
        ins.execute(40, 50);
        PreparedQuery q = s.prepare("SELECT count(*) FROM o.t WHERE x >= $1 AND x < $2");
        assertThat(q.parameterCount()).isEqualTo(2);
        assertThat(q.execute(9, 10).getLong(0, 0)).isEqualTo(1);
        assertThat(q.execute(20, 100).getLong(0, 0)).isEqualTo(4);
        // after DETACH the same statement is planned here, where o is unknown
        s.execute("USE memory");
        s.execute("DETACH o");
        assertThatThrownBy(() -> q.execute(9, 10)).isInstanceOf(NablaException.class);
        s.execute("ATTACH '" + f + "' AS o");
        assertThat(q.execute(0, 100).getLong(0, 0)).isEqualTo(7);
        s.execute("USE memory");
        s.execute("DETACH o");
        s.close();
    }

    @Test
    void oneTransactionWritesOneDatabase() {
        Path f = dir.resolve("txn.nabla");
        Session s = Nabla.open().connect();
        s.execute("CREATE TABLE m(x INTEGER)");
        s.execute("ATTACH '" + f + "' AS o");
        s.execute("CREATE TABLE o.t(x INTEGER)");
        s.execute("BEGIN");
        s.execute("INSERT INTO o.t VALUES (1)");
        s.execute("INSERT INTO o.t VALUES (2)");
        fails(s, "INSERT INTO m VALUES (1)", ErrorCode.TRANSACTION, "a single transaction can only write to a single");
        s.execute("ROLLBACK");
        assertThat(rows(s, "SELECT count(*) FROM o.t")).containsExactly("0");
        s.execute("BEGIN");
        s.execute("INSERT INTO m VALUES (1)");
        fails(s, "INSERT INTO o.t VALUES (1)", ErrorCode.TRANSACTION, "already written memory");
        s.execute("COMMIT");
        s.execute("BEGIN");
        s.execute("INSERT INTO o.t VALUES (5)");
        assertThat(rows(s, "SELECT sum(x) FROM o.t")).containsExactly("5");
        fails(s, "SAVEPOINT a", ErrorCode.UNSUPPORTED, "SAVEPOINT");
        s.execute("COMMIT");
        assertThat(rows(s, "SELECT sum(x) FROM o.t")).containsExactly("5");
        assertThat(rows(s, "SELECT count(*) FROM m")).containsExactly("1");
        s.close();
        Database reopened = Nabla.open(f);
        assertThat(rows(reopened.connect(), "SELECT sum(x) FROM t")).containsExactly("5");
        reopened.close();
    }

    @Test
    void aFileAttachedTwiceOrOwnIsRefused() {
        Path f = dir.resolve("twice.nabla");
        Path own = dir.resolve("own.nabla");
        Database db = Nabla.open(own);
        Session s = db.connect();
        s.execute("ATTACH '" + f + "' AS a");
        fails(s, "ATTACH '" + f + "' AS b", ErrorCode.DUPLICATE_OBJECT, "already attached as a");
        fails(s, "ATTACH '" + dir.resolve("x.nabla") + "' AS a", ErrorCode.DUPLICATE_OBJECT, "already attached");
        fails(s, "ATTACH '" + own + "' AS c", ErrorCode.DUPLICATE_OBJECT, "own database");
        fails(
                s,
                "ATTACH '" + dir.resolve("y.nabla") + "' AS d (COMPRESS)",
                ErrorCode.INVALID_ARGUMENT,
                "unknown option");
        fails(s, "SELECT * FROM a.t JOIN z.t USING (x)", ErrorCode.UNKNOWN_TABLE, "");
        assertThat(rows(s, "SHOW DATABASES")).containsExactly("own", "a");
        db.close();
    }
}
