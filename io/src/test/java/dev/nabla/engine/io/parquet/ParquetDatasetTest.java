package dev.nabla.engine.io.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.engine.Database;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import dev.nabla.engine.io.IoTestSupport;
import dev.nabla.storage.DataType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** read_parquet over many files: globs, and Hive-partitioned directories as Spark writes them. */
class ParquetDatasetTest {
    @TempDir
    Path dir;

    Database db;
    Session s;

    @BeforeEach
    void open() {
        db = IoTestSupport.database();
        s = db.connect();
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Result q(String sql) {
        return s.execute(sql);
    }

    private String path(String name) {
        return dir.resolve(name).toString().replace('\\', '/');
    }

    /** Spark's layout: data/year=…/region=…/part-….parquet, a _SUCCESS marker, checksum files. */
    private void sparkLayout() throws Exception {
        q("CREATE TABLE t (x DOUBLE, n BIGINT)");
        String[][] parts = {
            {"2023", "north"}, {"2023", "south"}, {"2024", "north"}, {"__HIVE_DEFAULT_PARTITION__", "a%2Fb"}
        };
        for (int i = 0; i < parts.length; i++) {
            Path d = dir.resolve("data/year=" + parts[i][0] + "/region=" + parts[i][1]);
            Files.createDirectories(d);
            q("DELETE FROM t");
            q("INSERT INTO t SELECT range * 0.5, range + " + (100 * i) + " FROM range(" + (i + 2) + ")");
            q("COPY t TO '" + d.resolve("part-0000" + i + ".parquet").toString().replace('\\', '/')
                    + "' (FORMAT parquet)");
            Files.writeString(d.resolve(".part-0000" + i + ".parquet.crc"), "not parquet");
        }
        Files.writeString(dir.resolve("data/_SUCCESS"), "");
    }

    @Test
    void globReadsEveryMatchingFileInNameOrder() throws Exception {
        q("CREATE TABLE a AS SELECT range AS i, range * 1.5 AS v FROM range(3)");
        q("CREATE TABLE b AS SELECT range + 10 AS i, range * 2.5 AS v FROM range(4)");
        q("COPY a TO '" + path("p-1.parquet") + "' (FORMAT parquet)");
        q("COPY b TO '" + path("p-2.parquet") + "' (FORMAT parquet)");
        Files.writeString(dir.resolve("notes.txt"), "not matched");
        Result r = q("SELECT count(*), sum(i), sum(v) FROM read_parquet('" + path("*.parquet") + "')");
        assertThat(r.get(0, 0)).isEqualTo(7L);
        assertThat(r.get(0, 1)).isEqualTo(0L + 1 + 2 + 10 + 11 + 12 + 13);
        assertThat(r.getDouble(0, 2)).isEqualTo(1.5 * 3 + 2.5 * 6);
        assertThat(q("SELECT i FROM read_parquet('" + path("p-?.parquet") + "') LIMIT 1")
                        .get(0, 0))
                .isEqualTo(0L);
    }

    @Test
    void hivePartitionsBecomeColumns() throws Exception {
        sparkLayout();
        Result r = q("SELECT * FROM read_parquet('" + path("data/**") + "', hive_partitioning = true) ORDER BY n");
        assertThat(r.columnNames()).containsExactly("x", "n", "year", "region");
        assertThat(r.columnTypes())
                .containsExactly(DataType.DOUBLE, DataType.BIGINT, DataType.BIGINT, DataType.VARCHAR);
        assertThat(r.rowCount()).isEqualTo(2 + 3 + 4 + 5);
        Result g = q("SELECT year, region, count(*), sum(x) FROM read_parquet('" + path("data/**")
                + "', hive_partitioning = true) GROUP BY year, region ORDER BY year NULLS LAST, region");
        assertThat(g.rowCount()).isEqualTo(4);
        assertThat(g.get(0, 0)).isEqualTo(2023L);
        assertThat(g.get(0, 1)).isEqualTo("north");
        assertThat(g.get(0, 2)).isEqualTo(2L);
        assertThat(g.get(3, 0)).isNull();
        assertThat(g.get(3, 1)).isEqualTo("a/b");
        assertThat(g.get(3, 2)).isEqualTo(5L);
        // a partition column filters like any other
        assertThat(q("SELECT count(*) FROM read_parquet('" + path("data/*/*/*.parquet")
                                + "', hive_partitioning = true) WHERE year = 2023")
                        .get(0, 0))
                .isEqualTo(5L);
        // without the option the directories are not columns
        assertThat(q("SELECT * FROM read_parquet('" + path("data/**") + "')").columnNames())
                .containsExactly("x", "n");
    }

    @Test
    void errorsNameTheFiles() throws Exception {
        assertThatThrownBy(() -> q("SELECT * FROM read_parquet('" + path("none/*.parquet") + "')"))
                .hasMessageContaining("does not exist");
        Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> q("SELECT * FROM read_parquet('" + path("empty/*.parquet") + "')"))
                .hasMessageContaining("no file matches");
        q("CREATE TABLE a AS SELECT range AS i FROM range(3)");
        q("CREATE TABLE b AS SELECT range * 1.0 AS d FROM range(3)");
        Files.createDirectories(dir.resolve("mixed"));
        q("COPY a TO '" + path("mixed/1.parquet") + "' (FORMAT parquet)");
        q("COPY b TO '" + path("mixed/2.parquet") + "' (FORMAT parquet)");
        assertThatThrownBy(() -> q("SELECT * FROM read_parquet('" + path("mixed/*.parquet") + "')"))
                .hasMessageContaining("must share a schema");
        assertThatThrownBy(() ->
                        q("SELECT * FROM read_parquet('" + path("mixed/*.parquet") + "', hive_partitioning = 'maybe')"))
                .hasMessageContaining("must be true or false");
    }
}
