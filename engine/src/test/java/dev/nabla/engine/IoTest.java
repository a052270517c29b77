package dev.nabla.engine;

import static dev.nabla.engine.DdlDmlTest.code;
import static dev.nabla.engine.DdlDmlTest.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.engine.exec.ScannableSource;
import dev.nabla.storage.Batch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** COPY and ATTACH route to whatever the IO registry and table functions provide. */
class IoTest {
    private final Database db = Nabla.open();
    private final Session s = db.connect();

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void unsupportedFormatsFailClearly() {
        s.execute("CREATE TABLE t(a INT)");
        NablaException from = org.junit.jupiter.api.Assertions.assertThrows(
                NablaException.class, () -> s.execute("COPY t FROM 'data.xyz'"));
        assertThat(from.code()).isEqualTo(ErrorCode.UNSUPPORTED);
        assertThat(from.getMessage()).contains("xyz");
        assertThat(code(() -> s.execute("COPY t TO 'out.xyz'"))).isEqualTo(ErrorCode.UNSUPPORTED);
        assertThat(code(() -> s.execute("ATTACH 'f.xyz' AS f"))).isEqualTo(ErrorCode.UNSUPPORTED);
    }

    @Test
    void copyFromReadsThroughTheFormatsTableFunction() {
        // a fake reader: read_fake('path') yields the numbers 1..3 and the path's length
        db.tableFunctions().register("read_fake", (args, named, span) -> {
            String path = (String) args.get(0);
            return db.tableFunctions().resolve("generate_series", List.of(1L, (long) path.length()), Map.of(), span);
        });
        s.execute("CREATE TABLE t(a DOUBLE, note VARCHAR DEFAULT 'x')");
        assertThat(s.execute("COPY t(a) FROM 'abc.fake'").updateCount()).isEqualTo(8);
        assertThat(s.execute("SELECT sum(a), min(note) FROM t").getDouble(0, 0)).isEqualTo(36.0);
        assertThat(s.execute("SELECT count(*) FROM read_fake('ab')").getLong(0, 0))
                .isEqualTo(2);
        // wrong number of columns: nothing inserted
        assertThat(code(() -> s.execute("COPY t FROM 'abc.fake'"))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(s.execute("SELECT count(*) FROM t").getLong(0, 0)).isEqualTo(8);
    }

    @Test
    void copyToHandsRowsToTheWriter() {
        List<String> written = new ArrayList<>();
        db.io().registerWriter("fake", (path, names, types, batches, options) -> {
            long n = 0;
            while (batches.hasNext()) {
                Batch b = batches.next();
                for (int i = 0; i < b.count; i++)
                    written.add(path + ":" + names.get(0) + "=" + b.columns[0].getObject(b.row(i)));
                n += b.count;
            }
            return n;
        });
        s.execute("CREATE TABLE t AS SELECT range AS v FROM range(3)");
        assertThat(s.execute("COPY t TO 'out.fake'").updateCount()).isEqualTo(3);
        assertThat(s.execute("COPY (SELECT v * 10 AS w FROM t WHERE v > 0) TO 'other' (FORMAT fake)")
                        .updateCount())
                .isEqualTo(2);
        assertThat(written).containsExactly("out.fake:v=0", "out.fake:v=1", "out.fake:v=2", "other:w=10", "other:w=20");
    }

    @Test
    void attachExposesReadOnlyTables() {
        db.io()
                .registerAttacher(
                        "fake",
                        (path, options) -> Map.of("grid", (ScannableSource)
                                db.tableFunctions().resolve("range", List.of(4L), Map.of(), null)));
        s.execute("ATTACH 'sample.fake' AS ds");
        assertThat(s.execute("SELECT sum(range) FROM ds.grid").getLong(0, 0)).isEqualTo(6);
        assertThat(s.execute("SELECT count(*) FROM ds").getLong(0, 0)).isEqualTo(4); // single-table schema by its name
        assertThat(s.execute("SELECT count(*) FROM grid").getLong(0, 0)).isEqualTo(4);
        assertThat(rows(s.execute("SHOW TABLES"))).containsExactly(List.of("grid", "ds", "table"));
        assertThatThrownBy(() -> s.execute("INSERT INTO ds.grid VALUES (1)")).isInstanceOf(NablaException.class);
        assertThat(code(() -> s.execute("ATTACH 'sample.fake' AS ds"))).isEqualTo(ErrorCode.DUPLICATE_OBJECT);
        s.execute("DETACH ds");
        assertThat(code(() -> s.execute("SELECT * FROM ds.grid"))).isEqualTo(ErrorCode.UNKNOWN_TABLE);
    }
}
