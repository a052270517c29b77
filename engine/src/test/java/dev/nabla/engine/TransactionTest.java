package dev.nabla.engine;

import static dev.nabla.engine.DdlDmlTest.code;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.common.ErrorCode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TransactionTest {
    private final Database db = Nabla.open();
    private final Session s = db.connect();

    @AfterEach
    void close() {
        db.close();
    }

    private long count(Session session, String table) {
        return session.execute("SELECT count(*) FROM " + table).getLong(0, 0);
    }

    @Test
    void failingMultiRowInsertChangesNothing() {
        s.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)");
        s.execute("INSERT INTO t VALUES (1, 1)");
        assertThat(code(() -> s.execute("INSERT INTO t VALUES (2, 2), (3, 3), (1, 4)")))
                .isEqualTo(ErrorCode.UNIQUE_VIOLATION);
        assertThat(count(s, "t")).isEqualTo(1);
        // the failed statement left no key behind either
        s.execute("INSERT INTO t VALUES (2, 2)");
        assertThat(count(s, "t")).isEqualTo(2);
    }

    @Test
    void failingUpdateChangesNothing() {
        s.execute("CREATE TABLE t(a INTEGER, b INTEGER NOT NULL)");
        s.execute("INSERT INTO t SELECT range, range FROM range(5000)");
        // a updated first, then b fails NOT NULL on one row: a must be restored too
        assertThat(code(() -> s.execute("UPDATE t SET a = a + 100, b = CASE WHEN a = 4000 THEN NULL ELSE b END")))
                .isEqualTo(ErrorCode.NOT_NULL_VIOLATION);
        assertThat(s.execute("SELECT sum(a), sum(b) FROM t").getLong(0, 0)).isEqualTo(4999L * 5000 / 2);
    }

    @Test
    void updateWithMultiRowScalarSubqueryFailsAndChangesNothing() {
        s.execute("CREATE TABLE t(a INTEGER)");
        s.execute("CREATE TABLE u(b INTEGER)");
        s.execute("INSERT INTO t VALUES (1), (2)");
        s.execute("INSERT INTO u VALUES (10), (20)");
        assertThat(code(() -> s.execute("UPDATE t SET a = (SELECT b FROM u)"))).isEqualTo(ErrorCode.CARDINALITY);
        assertThat(s.execute("SELECT sum(a) FROM t").getLong(0, 0)).isEqualTo(3);
    }

    @Test
    void beginCommitRollback() {
        s.execute("CREATE TABLE t(a INT)");
        assertThat(s.inTransaction()).isFalse();
        s.execute("BEGIN");
        assertThat(s.inTransaction()).isTrue();
        s.execute("INSERT INTO t VALUES (1)");
        s.execute("INSERT INTO t VALUES (2)");
        assertThat(count(s, "t")).isEqualTo(2);
        s.execute("ROLLBACK");
        assertThat(s.inTransaction()).isFalse();
        assertThat(count(s, "t")).isZero();

        s.execute("BEGIN");
        s.execute("INSERT INTO t VALUES (3)");
        s.execute("COMMIT");
        assertThat(count(s, "t")).isEqualTo(1);
    }

    @Test
    void transactionErrors() {
        assertThat(code(() -> s.execute("ROLLBACK"))).isEqualTo(ErrorCode.TRANSACTION);
        assertThat(code(() -> s.execute("COMMIT"))).isEqualTo(ErrorCode.TRANSACTION);
        s.execute("BEGIN");
        assertThat(code(() -> s.execute("BEGIN"))).isEqualTo(ErrorCode.TRANSACTION);
        s.execute("COMMIT");
    }

    @Test
    void failingStatementInsideTransactionKeepsEarlierOnes() {
        s.execute("CREATE TABLE t(id INTEGER PRIMARY KEY)");
        s.execute("BEGIN");
        s.execute("INSERT INTO t VALUES (1)");
        s.execute("CREATE TABLE side(x INT)");
        assertThat(code(() -> s.execute("INSERT INTO t VALUES (2), (1)"))).isEqualTo(ErrorCode.UNIQUE_VIOLATION);
        assertThat(code(() -> s.execute("CREATE TABLE bad AS SELECT CAST('x' AS INTEGER) AS x")))
                .isNotNull();
        s.execute("INSERT INTO t VALUES (2)");
        s.execute("COMMIT");
        assertThat(count(s, "t")).isEqualTo(2);
        assertThat(count(s, "side")).isZero();
        assertThat(code(() -> s.execute("SELECT * FROM bad"))).isEqualTo(ErrorCode.UNKNOWN_TABLE);
    }

    @Test
    void ddlIsRolledBack() {
        s.execute("CREATE TABLE keep(a INT)");
        s.execute("BEGIN");
        s.execute("CREATE TABLE gone(a INT)");
        s.execute("DROP TABLE keep");
        s.execute("ROLLBACK");
        assertThat(code(() -> s.execute("SELECT * FROM gone"))).isEqualTo(ErrorCode.UNKNOWN_TABLE);
        assertThat(count(s, "keep")).isZero();
    }

    @Test
    void failedCreateTableAsLeavesNoTable() {
        s.execute("CREATE TABLE src(a VARCHAR)");
        s.execute("INSERT INTO src VALUES ('1'), ('x')");
        assertThat(code(() -> s.execute("CREATE TABLE dst AS SELECT CAST(a AS INTEGER) AS n FROM src")))
                .isEqualTo(ErrorCode.INVALID_CAST);
        assertThat(code(() -> s.execute("SELECT * FROM dst"))).isEqualTo(ErrorCode.UNKNOWN_TABLE);
    }

    @Test
    void readersDoNotSeeUncommittedWrites() throws Exception {
        s.execute("CREATE TABLE t(a INT)");
        s.execute("INSERT INTO t VALUES (1)");
        try (Session reader = db.connect()) {
            s.execute("BEGIN");
            s.execute("INSERT INTO t VALUES (2)");
            s.execute("CREATE TABLE fresh(a INT)");
            assertThat(count(s, "t")).isEqualTo(2);
            assertThat(count(reader, "t")).isEqualTo(1);
            assertThat(code(() -> reader.execute("SELECT * FROM fresh"))).isEqualTo(ErrorCode.UNKNOWN_TABLE);
            s.execute("COMMIT");
            assertThat(count(reader, "t")).isEqualTo(2);
            assertThat(count(reader, "fresh")).isZero();
        }
    }

    @Test
    void writersTakeTurns() throws Exception {
        s.execute("CREATE TABLE t(a INT)");
        s.execute("BEGIN");
        s.execute("INSERT INTO t VALUES (1)");
        Session other = db.connect();
        CompletableFuture<Result> second =
                CompletableFuture.supplyAsync(() -> other.execute("INSERT INTO t VALUES (2)"));
        Thread.sleep(150);
        assertThat(second).isNotDone();
        s.execute("COMMIT");
        assertThat(second.get(5, TimeUnit.SECONDS).updateCount()).isEqualTo(1);
        assertThat(count(s, "t")).isEqualTo(2);
    }

    @Test
    void closingASessionRollsBack() {
        s.execute("CREATE TABLE t(a INT)");
        Session other = db.connect();
        other.execute("BEGIN");
        other.execute("INSERT INTO t VALUES (1)");
        other.close();
        other.close();
        assertThat(count(s, "t")).isZero();
        s.execute("INSERT INTO t VALUES (1)"); // the writer lock was released
        assertThat(count(s, "t")).isEqualTo(1);
    }

    @Test
    void namedDatabasesAreSharedUntilDropped() {
        Database a = Nabla.open("txn-test-shared");
        try (Session sa = a.connect()) {
            sa.execute("CREATE TABLE t(a INT)");
        }
        Database b = Nabla.open("txn-test-shared");
        assertThat(b).isSameAs(a);
        try (Session sb = b.connect()) {
            assertThat(count(sb, "t")).isZero();
        }
        assertThat(Nabla.drop("txn-test-shared")).isTrue();
        try (Session sc = Nabla.open("txn-test-shared").connect()) {
            assertThat(code(() -> sc.execute("SELECT * FROM t"))).isEqualTo(ErrorCode.UNKNOWN_TABLE);
        }
        Nabla.drop("txn-test-shared");
    }

    @Test
    void cancelledStatementInsideTransactionIsUndoneAlone() {
        s.execute("CREATE TABLE t(a BIGINT)");
        s.execute("BEGIN");
        s.execute("INSERT INTO t VALUES (1)");
        s.setTimeoutMillis(100);
        assertThat(code(() -> s.execute("INSERT INTO t SELECT range FROM range(1000000000000)")))
                .isEqualTo(ErrorCode.CANCELLED);
        s.setTimeoutMillis(0);
        assertThat(s.inTransaction()).isTrue();
        s.execute("COMMIT");
        assertThat(count(s, "t")).isEqualTo(1);
    }

    @Test
    void lockTimeoutLimitsTheWaitForAnotherWriter() {
        s.execute("CREATE TABLE t(a INT)");
        s.execute("BEGIN");
        s.execute("INSERT INTO t VALUES (1)");
        try (Session other = db.connect()) {
            other.execute("SET lock_timeout = 100");
            long start = System.nanoTime();
            assertThat(code(() -> other.execute("INSERT INTO t VALUES (2)"))).isEqualTo(ErrorCode.TRANSACTION);
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
            assertThat(count(other, "t")).isZero(); // reading never waits
        }
        s.execute("COMMIT");
    }
}
