package dev.nabla.engine.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import dev.nabla.engine.exec.TempSpace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spilling (issue 17): a sort past {@code memory_limit} writes sorted runs to {@code temp_directory} and
 * merges them, giving the in-memory answer row for row; its files are gone after success, error and cancel.
 */
class SpillTest {
    private final Database db = Nabla.open();
    private final Session s = db.connect();

    @TempDir
    Path tmp;

    private Path spill;

    /** 400 000 rows, about 40 MB as the sort counts them: 10× the 4 MB limit the tests set. */
    private static final String TABLE = "CREATE TABLE t AS SELECT range AS id, (range * 7919) % 1009 AS k,"
            + " CASE WHEN range % 13 = 0 THEN NULL ELSE (range % 97) * 0.5 END AS d,"
            + " CASE WHEN range % 10 = 0 THEN NULL ELSE 'name-' || (range % 5003) END AS s FROM range(400000)";

    @BeforeEach
    void setUp() {
        spill = tmp.resolve("spill");
        s.execute("SET temp_directory = '" + spill + "'");
        s.execute(TABLE);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private List<String> files() throws IOException {
        if (!Files.exists(spill)) return List.of();
        try (Stream<Path> l = Files.list(spill)) {
            return l.map(Path::toString).toList();
        }
    }

    private Path copy(String query, String name) {
        Path out = tmp.resolve(name);
        s.execute("COPY (" + query + ") TO '" + out + "' (FORMAT csv)");
        return out;
    }

    @Test
    void aSortPastTheLimitSpillsAndGivesTheInMemoryAnswer() throws IOException {
        String[] queries = {
            // many ties on k: stability across runs decides the order of equal keys
            "SELECT * FROM t ORDER BY k",
            "SELECT * FROM t ORDER BY d DESC NULLS FIRST, s",
            "SELECT id, s FROM t ORDER BY s NULLS LAST, k DESC, id",
            "SELECT id, k + 1 AS k1 FROM t ORDER BY k % 7, -id",
        };
        for (int q = 0; q < queries.length; q++) {
            s.execute("RESET memory_limit");
            Path expected = copy(queries[q], "mem" + q + ".csv");
            s.execute("SET memory_limit = '4MB'");
            Path actual = copy(queries[q], "spill" + q + ".csv");
            assertThat(Files.mismatch(expected, actual)).as(queries[q]).isEqualTo(-1L);
            assertThat(files()).as("spill files deleted").isEmpty();
            assertThat(db.memoryPool().used()).isZero();
        }
        // a result read through OFFSET (the sort is not a top-N): the last rows of the order
        String q = "SELECT id, k, d, s FROM t ORDER BY k DESC, d NULLS FIRST OFFSET 399990";
        s.execute("RESET memory_limit");
        Result inMemory = s.execute(q);
        s.execute("SET memory_limit = '4MB'");
        Result spilled = s.execute(q);
        assertThat(spilled.rowCount()).isEqualTo(10);
        for (int r = 0; r < 10; r++)
            for (int c = 0; c < 4; c++) assertThat(spilled.get(r, c)).isEqualTo(inMemory.get(r, c));
        // with spilling off the same sort fails as before, naming the sort
        s.execute("SET temp_directory = ''");
        NablaException e = assertThrows(NablaException.class, () -> copy(queries[0], "off.csv"));
        assertThat(e.code()).isEqualTo(ErrorCode.OUT_OF_MEMORY);
        assertThat(e.getMessage()).startsWith("out of memory: sort requested");
    }

    @Test
    void aHashAggregatePastTheLimitSpillsPartitionsAndGivesTheInMemoryAnswer() throws IOException {
        s.execute("SET fused = off");
        String[] queries = {
            // 200 000 groups of two rows: the groups alone are several times the limit
            "SELECT id % 200000 AS g, count(*), sum(d), avg(d), min(s), max(k), sum(d) FILTER (WHERE k > 500)"
                    + " FROM t GROUP BY g ORDER BY g",
            // text and DISTINCT values kept per group, one to four rows a group, VARCHAR keys
            "SELECT id % 100000 AS g, s, count(DISTINCT d), string_agg(CAST(k AS VARCHAR), ','), sum(id * 0.1)"
                    + " FROM t GROUP BY g, s ORDER BY g, s NULLS FIRST",
        };
        for (int q = 0; q < queries.length; q++) {
            s.execute("RESET memory_limit");
            Path expected = copy(queries[q], "mem" + q + ".csv");
            s.execute("SET memory_limit = '4MB'");
            Path actual = copy(queries[q], "spill" + q + ".csv");
            assertThat(Files.mismatch(expected, actual)).as(queries[q]).isEqualTo(-1L);
            assertThat(files()).as("spill files deleted").isEmpty();
            assertThat(db.memoryPool().used()).isZero();
        }
        // the same aggregate fails without spilling: it did need the disk
        s.execute("SET temp_directory = ''");
        NablaException e = assertThrows(NablaException.class, () -> copy(queries[0], "off.csv"));
        assertThat(e.getMessage()).startsWith("out of memory: hash aggregate requested");
    }

    /** A second table for joins: 300 000 rows, even ids (every 1000th NULL), about 25 MB as a build side counts it. */
    private static final String U =
            "CREATE TABLE u AS SELECT CASE WHEN range % 1000 = 7 THEN NULL ELSE range * 2 END AS id,"
                    + " range % 1009 AS k, 'u-' || range AS v FROM range(300000)";

    /** Each join kind the engine has, with keys the build side cannot hold at 4 MB. */
    private static final String[] JOINS = {
        "SELECT t.id, t.s, u.id, u.v FROM t JOIN u ON t.id = u.id ORDER BY t.id",
        // a residual beside the key, NULL-extended rows on both sides
        "SELECT t.id, t.d, u.id, u.v FROM t LEFT JOIN u ON t.id = u.id AND u.k < 500 ORDER BY t.id, u.id",
        "SELECT t.id, u.id, u.k FROM t RIGHT JOIN u ON t.id + 100001 = u.id ORDER BY u.id NULLS FIRST, t.id",
        "SELECT t.id, u.id, u.v FROM t FULL JOIN u ON t.id = u.id - 300000 ORDER BY t.id NULLS FIRST, u.id NULLS FIRST",
        // two keys, one of them NULL-safe (the NULL d of both sides match)
        "SELECT t.id, u.id FROM t JOIN u ON t.id = u.id + 1 AND t.d IS NOT DISTINCT FROM CAST(u.k % 97 AS DOUBLE) * 0.5"
                + " ORDER BY t.id",
        // semi and anti joins: the build side is the subquery's; then the outer rows (DuckDB's RIGHT_SEMI)
        "SELECT id, s FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.id = t.id) ORDER BY id",
        "SELECT id, s FROM t WHERE NOT EXISTS (SELECT 1 FROM u WHERE u.id = t.id) ORDER BY id",
        "SELECT id, s FROM t WHERE NOT EXISTS (SELECT 1 FROM u WHERE u.id = t.id AND u.k > t.k) ORDER BY id",
        "SELECT id, v FROM u WHERE EXISTS (SELECT 1 FROM t WHERE t.id * 2 = u.id) AND id < 500000 ORDER BY id",
        "SELECT id, v FROM u WHERE NOT EXISTS (SELECT 1 FROM t WHERE t.id = u.id + 1) AND id < 500000 ORDER BY id",
        // a VARCHAR key
        "SELECT count(*), sum(t.id), count(u.id), min(u.v) FROM t LEFT JOIN u ON 'u-' || CAST(t.id AS VARCHAR) = u.v",
    };

    @Test
    void aHashJoinPastTheLimitPartitionsBothSidesAndGivesTheInMemoryAnswer() throws IOException {
        s.execute(U);
        s.execute("CREATE TABLE w AS SELECT range * 3 AS id, 'w-' || range AS v FROM range(150000)");
        String[] queries = java.util.Arrays.copyOf(JOINS, JOINS.length + 2);
        // the small side is hashed: 150 000 rows against 400 000, semi and anti
        queries[JOINS.length] = "SELECT id, v FROM w WHERE EXISTS (SELECT 1 FROM t WHERE t.id = w.id) ORDER BY id";
        queries[JOINS.length + 1] =
                "SELECT id, v FROM w WHERE NOT EXISTS (SELECT 1 FROM t WHERE t.id = w.id) ORDER BY id";
        for (int q = 0; q < queries.length; q++) {
            s.execute("RESET memory_limit");
            Path expected = copy(queries[q], "mem" + q + ".csv");
            s.execute("SET memory_limit = '4MB'");
            int at = q;
            Path actual = assertDoesNotThrow(() -> copy(queries[at], "spill" + at + ".csv"), queries[q]);
            assertThat(Files.mismatch(expected, actual)).as(queries[q]).isEqualTo(-1L);
            assertThat(Files.size(expected)).as(queries[q]).isGreaterThan(0L);
            assertThat(files()).as("spill files deleted").isEmpty();
            assertThat(db.memoryPool().used()).isZero();
        }
        // at 2 MB (a third of it for the join, beside the sort) a partition's build side, about 1.6 MB, is
        // still too big: the partitions are partitioned again
        s.execute("RESET memory_limit");
        Path expected = copy(JOINS[3], "full-mem.csv");
        s.execute("SET memory_limit = '2MB'");
        assertThat(Files.mismatch(expected, copy(JOINS[3], "full-2mb.csv"))).isEqualTo(-1L);
        assertThat(files()).isEmpty();
        // the same join fails without spilling: it did need the disk
        s.execute("SET memory_limit = '4MB'");
        s.execute("SET temp_directory = ''");
        NablaException e = assertThrows(NablaException.class, () -> copy(JOINS[0], "off.csv"));
        assertThat(e.getMessage()).startsWith("out of memory: hash join build requested");
    }

    @Test
    void aJoinKeyTooFrequentToSplitFailsCleanlyAfterTheLastLevel() throws Exception {
        // 400 000 build rows of one key: partitioning by key hash cannot split them
        s.execute("SET memory_limit = '4MB'");
        NablaException e = assertThrows(
                NablaException.class,
                () -> s.execute("SELECT count(*) FROM t a JOIN t b"
                        + " ON CAST(a.k > -1 AS INTEGER) = CAST(b.k > -1 AS INTEGER)"));
        assertThat(e.code()).isEqualTo(ErrorCode.OUT_OF_MEMORY);
        assertThat(e.getMessage()).startsWith("out of memory: hash join build requested");
        assertThat(files()).isEmpty();
        assertThat(db.memoryPool().used()).isZero();
        assertThat(db.memoryPool().temp().used()).isZero();
        // a cancel while the join writes its partitions leaves no files either
        s.execute("RESET memory_limit");
        s.execute(U);
        try (Session other = db.connect()) {
            other.execute("SET memory_limit = '4MB'");
            String q = "SELECT count(*) FROM range(20000000) r JOIN u ON r.range = u.id";
            CompletableFuture<Throwable> run = CompletableFuture.supplyAsync(() -> {
                try {
                    other.execute(q);
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (files().isEmpty() && !run.isDone() && System.nanoTime() < deadline) Thread.sleep(5);
            assertThat(run.isDone())
                    .as(() -> "it spilled before it ended: " + run.getNow(null))
                    .isFalse();
            other.cancel();
            Throwable t = run.get(60, TimeUnit.SECONDS);
            assertThat(t).isInstanceOf(NablaException.class);
            assertThat(((NablaException) t).code()).isEqualTo(ErrorCode.CANCELLED);
        }
        assertThat(files()).isEmpty();
        assertThat(db.memoryPool().temp().used()).isZero();
    }

    @Test
    void aFusedGroupByPastTheLimitHandsOverToTheSpillingAggregate() throws IOException {
        // one integer key column of a stored table, SUM/AVG/COUNT of doubles: the fused kernels take it
        String q = "SELECT id, sum(d), avg(d * 2 + 1), count(d), count(*) FROM t GROUP BY id ORDER BY id";
        Result plan = s.execute("EXPLAIN " + q);
        StringBuilder lines = new StringBuilder();
        for (int r = 0; r < plan.rowCount(); r++)
            lines.append(plan.getString(r, 0)).append('\n');
        assertThat(lines.toString()).contains("FusedAggregate");
        Path expected = copy(q, "mem.csv");
        s.execute("SET memory_limit = '4MB'");
        Path actual = copy(q, "spill.csv");
        assertThat(Files.mismatch(expected, actual)).isEqualTo(-1L);
        assertThat(files()).isEmpty();
        assertThat(db.memoryPool().used()).isZero();
        // without spilling the fused operator fails, as before
        s.execute("SET temp_directory = ''");
        NablaException e = assertThrows(NablaException.class, () -> copy(q, "off.csv"));
        assertThat(e.getMessage()).startsWith("out of memory: hash aggregate requested");
    }

    @Test
    void distinctAndSetOperationsPastTheLimitSpillAndGiveTheInMemoryAnswer() throws IOException {
        String[] queries = {
            "SELECT DISTINCT id % 200000 AS a, s FROM t ORDER BY a, s NULLS FIRST",
            "SELECT id, s FROM t UNION SELECT id + 200000, s FROM t ORDER BY 1, 2 NULLS FIRST",
            "SELECT id % 250000 AS a FROM t INTERSECT SELECT id + 100000 FROM t ORDER BY a",
            "SELECT id % 250000 AS a FROM t INTERSECT ALL SELECT id % 300000 + 100000 FROM t ORDER BY a",
            "SELECT id % 250000 AS a, d FROM t EXCEPT SELECT id * 2, d FROM t ORDER BY a, d NULLS FIRST",
            "SELECT id % 250000 AS a FROM t EXCEPT ALL SELECT id % 200000 FROM t WHERE id > 50000 ORDER BY a",
        };
        for (int q = 0; q < queries.length; q++) {
            s.execute("RESET memory_limit");
            Path expected = copy(queries[q], "mem" + q + ".csv");
            s.execute("SET memory_limit = '4MB'");
            int at = q;
            Path actual = assertDoesNotThrow(() -> copy(queries[at], "spill" + at + ".csv"), queries[q]);
            assertThat(Files.mismatch(expected, actual)).as(queries[q]).isEqualTo(-1L);
            assertThat(Files.size(expected)).as(queries[q]).isGreaterThan(0L);
            assertThat(files()).as("spill files deleted").isEmpty();
            assertThat(db.memoryPool().used()).isZero();
        }
        // without spilling they fail, naming themselves
        s.execute("SET temp_directory = ''");
        NablaException e = assertThrows(NablaException.class, () -> copy(queries[0], "off.csv"));
        assertThat(e.getMessage()).startsWith("out of memory: DISTINCT requested");
        e = assertThrows(NablaException.class, () -> copy(queries[2], "off.csv"));
        assertThat(e.getMessage()).startsWith("out of memory: INTERSECT requested");
    }

    @Test
    void manyRunsAreMergedLevelByLevel() throws IOException {
        // 1 MB over 40 MB: the runs outnumber the merge's fan-in, so runs are merged into runs first
        s.execute("SET memory_limit = '1MB'");
        Path actual = copy("SELECT id, k FROM t ORDER BY k, id DESC", "a.csv");
        s.execute("RESET memory_limit");
        Path expected = copy("SELECT id, k FROM t ORDER BY k, id DESC", "b.csv");
        assertThat(Files.mismatch(expected, actual)).isEqualTo(-1L);
        assertThat(files()).isEmpty();
    }

    @Test
    void pastMaxTempDirectorySizeTheStatementFailsAndLeavesNoFiles() throws IOException {
        s.execute("SET memory_limit = '4MB'");
        s.execute("SET max_temp_directory_size = '2MB'");
        NablaException e = assertThrows(NablaException.class, () -> copy("SELECT * FROM t ORDER BY k", "x.csv"));
        assertThat(e.code()).isEqualTo(ErrorCode.OUT_OF_MEMORY);
        assertThat(e.getMessage()).contains("max_temp_directory_size 2MB");
        assertThat(files()).isEmpty();
        assertThat(db.memoryPool().temp().used()).isZero();
        assertThat(db.memoryPool().used()).isZero();
        // a size of zero turns spilling off: the sort fails as it did without spilling
        s.execute("SET max_temp_directory_size = '0GB'");
        e = assertThrows(NablaException.class, () -> copy("SELECT * FROM t ORDER BY k", "y.csv"));
        assertThat(e.getMessage()).startsWith("out of memory: sort requested");
    }

    @Test
    void aFailingOrCancelledSpillingSortLeavesNoFiles() throws Exception {
        s.execute("SET memory_limit = '4MB'");
        // an error after the runs were written (in the merge's output)
        NablaException e = assertThrows(
                NablaException.class,
                () -> s.execute("SELECT sum(CASE WHEN id = 399999 THEN CAST(s AS INTEGER) ELSE 0 END)"
                        + " FROM (SELECT id, s FROM t ORDER BY k OFFSET 1)"));
        assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.INVALID_CAST);
        assertThat(files()).isEmpty();
        // a cancel while the sort, then the hash aggregate, spills
        String[] spilling = {
            "COPY (SELECT * FROM t a, range(20) b ORDER BY a.s, b.range) TO '" + tmp.resolve("c.csv") + "'",
            "SELECT count(*) FROM (SELECT a.id * 20 + b.range AS g, count(*), min(a.s) FROM t a, range(20) b GROUP BY g)"
        };
        for (String q : spilling) {
            try (Session other = db.connect()) {
                other.execute("SET fused = off");
                CompletableFuture<Throwable> run = CompletableFuture.supplyAsync(() -> {
                    try {
                        other.execute(q);
                        return null;
                    } catch (Throwable t) {
                        return t;
                    }
                });
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (files().isEmpty() && !run.isDone() && System.nanoTime() < deadline) Thread.sleep(5);
                assertThat(run.isDone()).as("it spilled before it ended: " + q).isFalse();
                other.cancel();
                Throwable t = run.get(60, TimeUnit.SECONDS);
                assertThat(t).as(q).isInstanceOf(NablaException.class);
                assertThat(((NablaException) t).code()).as(q).isEqualTo(ErrorCode.CANCELLED);
            }
            assertThat(files()).as(q).isEmpty();
        }
        assertThat(files()).isEmpty();
        assertThat(db.memoryPool().temp().used()).isZero();
    }

    @Test
    void setShowAndResetTheSpillSettings() {
        assertThat(s.execute("SHOW temp_directory").getString(0, 0)).isEqualTo(spill.toString());
        s.execute("RESET temp_directory");
        assertThat(s.execute("SHOW temp_directory").getString(0, 0)).isEqualTo(TempSpace.DEFAULT_DIRECTORY.toString());
        assertThat(s.execute("SHOW max_temp_directory_size").getString(0, 0)).isEqualTo("90% of available disk space");
        s.execute("SET max_temp_directory_size = '10GB'");
        assertThat(s.execute("SHOW max_temp_directory_size").getString(0, 0)).isEqualTo("10GB");
        // the database's: another session sees it
        try (Session other = db.connect()) {
            assertThat(other.execute("SHOW max_temp_directory_size").getString(0, 0))
                    .isEqualTo("10GB");
        }
        s.execute("RESET max_temp_directory_size");
        assertThat(db.memoryPool().temp().maxSizeSetting()).isEqualTo(-1);
        NablaException e = assertThrows(NablaException.class, () -> s.execute("SET max_temp_directory_size = 'lots'"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }
}
