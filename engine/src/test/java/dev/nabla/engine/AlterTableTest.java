package dev.nabla.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.storage.DataType;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ALTER TABLE against prepared statements, other sessions and the catalog listing. */
class AlterTableTest {
    private final Database db = Nabla.open();
    private final Session s = db.connect();

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void preparedStatementsRebindAfterAlter() {
        s.executeScript("CREATE TABLE t(a INTEGER, b VARCHAR, c DOUBLE); INSERT INTO t VALUES (1, 'x', 2.5)");
        PreparedQuery star = s.prepare("SELECT * FROM t");
        PreparedQuery byName = s.prepare("SELECT c FROM t WHERE a = ?");
        PreparedQuery insert = s.prepare("INSERT INTO t VALUES (?, ?, ?)");
        assertThat(star.execute().columnNames()).containsExactly("a", "b", "c");
        assertThat(byName.execute(1).get(0, 0)).isEqualTo(2.5);

        s.execute("ALTER TABLE t DROP COLUMN b");
        Result r = star.execute();
        assertThat(r.columnNames()).containsExactly("a", "c");
        assertThat(r.get(0, 1)).isEqualTo(2.5);
        // c moved from position 2 to 1: the re-bound statement still reads c
        assertThat(byName.execute(1).get(0, 0)).isEqualTo(2.5);
        assertThatThrownBy(() -> insert.execute(2, "y", 1.0))
                .isInstanceOf(NablaException.class)
                .hasMessageContaining("INSERT has 3 values but 2 target columns");

        s.execute("ALTER TABLE t RENAME COLUMN c TO d");
        assertThatThrownBy(byName::execute)
                .isInstanceOfSatisfying(
                        NablaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_COLUMN));
        s.execute("ALTER TABLE t RENAME TO u");
        assertThatThrownBy(star::execute)
                .isInstanceOfSatisfying(
                        NablaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TABLE));
    }

    @Test
    void otherSessionsSeeTheAlterOnlyAfterCommit() {
        s.executeScript("CREATE TABLE t(a INTEGER); INSERT INTO t VALUES (1), (2)");
        Session other = db.connect();
        s.execute("BEGIN");
        s.execute("ALTER TABLE t ADD COLUMN z VARCHAR DEFAULT 'new'");
        assertThat(other.execute("SELECT * FROM t").columnNames()).containsExactly("a");
        assertThat(s.execute("SELECT * FROM t").columnNames()).containsExactly("a", "z");
        s.execute("COMMIT");
        Result r = other.execute("SELECT a, z FROM t ORDER BY a");
        assertThat(r.rowCount()).isEqualTo(2);
        assertThat(r.get(1, 1)).isEqualTo("new");
        assertThat(r.columnTypes()).containsExactly(DataType.INTEGER, DataType.VARCHAR);
    }

    @Test
    void describeAndIndexesFollowTheChange() {
        s.executeScript(
                "CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER, b INTEGER DEFAULT 3); CREATE INDEX ia ON t(a); CREATE INDEX ib ON t(b)");
        s.execute("ALTER TABLE t RENAME COLUMN a TO a2");
        s.execute("ALTER TABLE t DROP COLUMN b");
        s.execute("ALTER TABLE t RENAME TO t2");
        Result d = s.execute("DESCRIBE t2");
        assertThat(d.rowCount()).isEqualTo(2);
        assertThat(d.getString(0, 0)).isEqualTo("id");
        assertThat(d.getString(0, 3)).isEqualTo("PRI");
        assertThat(d.getString(1, 0)).isEqualTo("a2");
        // the index on the dropped column went with it; the other follows the renames
        assertThatThrownBy(() -> s.execute("DROP INDEX ib"))
                .isInstanceOf(NablaException.class)
                .hasMessageContaining("does not exist");
        s.execute("DROP INDEX ia");
        assertThat(s.execute("SELECT count(*) FROM t2").getLong(0, 0)).isZero();
        assertThat(List.of(s.execute("SHOW TABLES").getString(0, 0))).containsExactly("t2");
    }
}
