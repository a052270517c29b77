package dev.nabla.engine.reliability;

import static org.assertj.core.api.Assertions.assertThat;
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
