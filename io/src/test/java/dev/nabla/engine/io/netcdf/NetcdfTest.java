package dev.nabla.engine.io.netcdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.engine.Database;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import dev.nabla.engine.exec.ScannableSource;
import dev.nabla.engine.io.IoTestSupport;
import dev.nabla.storage.DataType;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NetcdfTest {
    static final String FILE = "src/test/resources/io/era5_like.nc";
    Database db;
    Session s;
    final Map<String, ScannableSource> attached = new HashMap<>();

    @BeforeEach
    void open() {
        db = IoTestSupport.database();
        // capture the attached sources so the tests can read their cell counters
        db.io().registerAttacher("netcdf", (path, options) -> {
            Map<String, ScannableSource> m = new NetcdfReader().attach(path, options);
            attached.putAll(m);
            return m;
        });
        s = db.connect();
        s.execute("ATTACH '" + FILE + "' AS era5 (TYPE netcdf)");
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Result q(String sql) {
        return s.execute(sql);
    }

    private long cells(String group) {
        return ((NcGroupSource) attached.get(group)).cellsRead();
    }

    @Test
    void groupsByDimensionTuple() {
        assertThat(attached.keySet())
                .containsExactlyInAnyOrder("time_latitude_longitude", "time_level_latitude_longitude", "scalar");
        Result r = q("SELECT * FROM era5.time_latitude_longitude");
        assertThat(r.columnNames()).containsExactly("time", "latitude", "longitude", "u10", "v10", "t2m");
        assertThat(r.columnTypes())
                .containsExactly(
                        DataType.TIMESTAMP, DataType.REAL, DataType.REAL, DataType.REAL, DataType.REAL, DataType.REAL);
        assertThat(r.rowCount()).isEqualTo(4 * 20 * 40);
        // row-major: the last dimension varies fastest
        assertThat(r.get(0, 0)).isEqualTo(LocalDateTime.of(2020, 1, 1, 0, 0));
        assertThat(r.get(0, 1)).isEqualTo(47.5);
        assertThat(r.get(1, 2)).isEqualTo(2.5);
        assertThat(r.get(40, 1)).isEqualTo(45.0);
        assertThat(r.get(800, 0)).isEqualTo(LocalDateTime.of(2020, 1, 1, 6, 0));
        Result t = q("SELECT count(*), min(level), max(level) FROM era5.time_level_latitude_longitude");
        assertThat(t.get(0, 0)).isEqualTo(4L * 3 * 20 * 40);
        assertThat(t.get(0, 1)).isEqualTo(500L);
        assertThat(t.get(0, 2)).isEqualTo(1000L);
        assertThat(q("SELECT grid_version FROM era5.scalar").get(0, 0)).isEqualTo(3L);
    }

    @Test
    void nanCellsAreNull() {
        Result r = q("SELECT count(*), count(t2m), count(u10) FROM era5.time_latitude_longitude");
        assertThat(r.get(0, 1)).isEqualTo(3200L - 5);
        assertThat(r.get(0, 2)).isEqualTo(3200L);
        Result n = q("SELECT longitude FROM era5.time_latitude_longitude WHERE t2m IS NULL ORDER BY longitude");
        assertThat(n.rowCount()).isEqualTo(5);
        assertThat(n.get(4, 0)).isEqualTo(10.0);
    }

    @Test
    void readsOnlyProjectedVariables() {
        q("SELECT sum(u10) FROM era5.time_latitude_longitude");
        assertThat(cells("time_latitude_longitude")).isEqualTo(3200);
        q("SELECT count(*) FROM era5.time_latitude_longitude WHERE latitude > 0");
        assertThat(cells("time_latitude_longitude")).isEqualTo(3200);
    }

    @Test
    void filtersOnDimensionsPruneTheHyperslab() {
        Result r = q(
                "SELECT count(*), sum(u10) FROM era5.time_latitude_longitude WHERE time = TIMESTAMP '2020-01-01 06:00:00' AND latitude BETWEEN 10 AND 20");
        assertThat(r.get(0, 0)).isEqualTo(5L * 40);
        assertThat(cells("time_latitude_longitude")).isEqualTo(5 * 40);
        Result all = q(
                "SELECT sum(u10) FROM era5.time_latitude_longitude WHERE time = TIMESTAMP '2020-01-01 06:00:00' AND latitude >= 10 AND latitude <= 20 AND longitude IN (0, 2.5, 97.5)");
        assertThat(all.rowCount()).isEqualTo(1);
        assertThat(cells("time_latitude_longitude")).isEqualTo(5 * 40 + 5 * 40);
        Result none = q("SELECT count(*) FROM era5.time_latitude_longitude WHERE u10 > 0 AND latitude > 100");
        assertThat(none.get(0, 0)).isEqualTo(0L);
        assertThat(cells("time_latitude_longitude")).isEqualTo(400);
        Result lvl = q("SELECT count(*) FROM era5.time_level_latitude_longitude WHERE level = 850 AND t > 0");
        assertThat(lvl.get(0, 0)).isEqualTo(4L * 20 * 40);
        assertThat(cells("time_level_latitude_longitude")).isEqualTo(4 * 20 * 40);
        Result or = q(
                "SELECT count(*) FROM era5.time_latitude_longitude WHERE (latitude = 0 OR latitude = 47.5) AND u10 IS NOT NULL");
        assertThat(or.get(0, 0)).isEqualTo(2L * 4 * 40);
    }

    @Test
    void readNetcdfFunction() {
        Result r = q("SELECT * FROM read_netcdf('" + FILE + "', variables => ['u10', 'v10']) LIMIT 3");
        assertThat(r.columnNames()).containsExactly("time", "latitude", "longitude", "u10", "v10");
        Result t = q("SELECT count(*) FROM read_netcdf('" + FILE + "', variables => ['t'])");
        assertThat(t.get(0, 0)).isEqualTo(9600L);
        assertThat(q("SELECT * FROM read_netcdf('" + FILE + "')").columnNames()).contains("u10", "v10", "t2m");
        assertThat(q("SELECT * FROM read_netcdf('" + FILE
                                + "', dims => ['time', 'level', 'latitude', 'longitude']) LIMIT 1")
                        .columnNames())
                .containsExactly("time", "level", "latitude", "longitude", "t");
        assertThat(q("SELECT count(*) FROM read_netcdf('" + FILE
                                + "', variables => ['u10']) WHERE latitude = 0 AND longitude < 5")
                        .get(0, 0))
                .isEqualTo(4L * 2);
        assertThatThrownBy(() -> q("SELECT * FROM read_netcdf('" + FILE + "', \"group\" => 'nope')"))
                .hasMessageContaining("has no group nope");
        assertThatThrownBy(() -> q("SELECT * FROM read_netcdf()"))
                .hasMessageContaining("read_netcdf expects one file name");
        assertThatThrownBy(() -> q("SELECT * FROM read_netcdf('" + FILE + "', variables => ['u10', 't'])"))
                .hasMessageContaining("variable t is not on the dimensions");
        assertThatThrownBy(() -> q("SELECT * FROM read_netcdf('" + FILE + "', variables => ['nope'])"))
                .hasMessageContaining("has no variable nope");
        assertThatThrownBy(() -> q("SELECT * FROM read_netcdf('missing.nc')"))
                .isInstanceOfSatisfying(
                        NablaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.IO));
        assertThatThrownBy(() -> q("ATTACH 'pom.xml' AS bad (TYPE netcdf)"))
                .isInstanceOfSatisfying(
                        NablaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.IO));
    }

    @Test
    void gradientsOverQualifiedColumns() {
        Result r =
                q("SELECT grad(era5.time_latitude_longitude.u10 * 2, u10) FROM era5.time_latitude_longitude LIMIT 1");
        assertThat(r.getDouble(0, 0)).isEqualTo(2.0);
        Result a = q(
                "SELECT g.u10, grad(g.u10 * g.u10 + g.v10, g.u10) FROM era5.time_latitude_longitude g WHERE latitude = 0 LIMIT 5");
        for (int i = 0; i < a.rowCount(); i++)
            assertThat(a.getDouble(i, 1)).isCloseTo(2 * a.getDouble(i, 0), org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void plainHdf5WithOneGroupIsUsableByTheSchemaName(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path f = dir.resolve("plain.h5");
        try (io.jhdf.WritableHdfFile w = io.jhdf.HdfFile.write(f)) {
            w.putDataset("x", new double[] {1.5, Double.NaN, 3.5});
            var y = w.putDataset("y", new int[] {10, -999, 30});
            y.putAttribute("_FillValue", new int[] {-999});
        }
        q("ATTACH '" + f.toString().replace('\\', '/') + "' AS plain (TYPE hdf5)");
        Result r = q("SELECT * FROM plain");
        assertThat(r.columnNames()).containsExactly("dim0_3", "x", "y");
        assertThat(r.columnTypes()).containsExactly(DataType.BIGINT, DataType.DOUBLE, DataType.INTEGER);
        assertThat(r.get(0, 1)).isEqualTo(1.5);
        assertThat(r.isNull(1, 1)).isTrue();
        assertThat(r.isNull(1, 2)).isTrue();
        assertThat(r.get(2, 2)).isEqualTo(30L);
        assertThat(q("SELECT sum(y) FROM plain.dim0_3").get(0, 0)).isEqualTo(40L);
    }

    /** Like real ERA5 downloads: int16 packed with scale_factor/add_offset, a fill value, chunked and deflated. */
    @Test
    void packedChunkedDeflatedVariables(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path f = dir.resolve("packed.h5");
        short[][][] raw = new short[4][6][10];
        for (int a = 0; a < 4; a++)
            for (int b = 0; b < 6; b++)
                for (int c = 0; c < 10; c++) raw[a][b][c] = (short) (a * 1000 + b * 37 - c * 11);
        raw[2][3][7] = -32767;
        try (io.jhdf.WritableHdfFile w = io.jhdf.HdfFile.write(f)) {
            var v = w.putDataset(
                    "t2m",
                    raw,
                    io.jhdf.api.DatasetCreationOptions.builder()
                            .chunkDimensions(1, 4, 4)
                            .shuffle()
                            .deflate()
                            .build());
            v.putAttribute("scale_factor", new double[] {0.5});
            v.putAttribute("add_offset", new double[] {273.15});
            v.putAttribute("_FillValue", new short[] {-32767});
            var t = w.putDataset("valid_time", new long[] {0, 24, 48, 72});
            t.putAttribute("units", "days since 1970-01-01");
        }
        q("ATTACH '" + f.toString().replace('\\', '/') + "' AS p (TYPE netcdf)");
        Result all = q("SELECT count(*), count(t2m), sum(t2m) FROM p.dim0_4_dim1_6_dim2_10");
        double sum = 0;
        for (int a = 0; a < 4; a++)
            for (int b = 0; b < 6; b++)
                for (int c = 0; c < 10; c++) if (raw[a][b][c] != -32767) sum += raw[a][b][c] * 0.5 + 273.15;
        assertThat(all.get(0, 0)).isEqualTo(240L);
        assertThat(all.get(0, 1)).isEqualTo(239L);
        assertThat(all.getDouble(0, 2)).isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-9 * sum));
        long before = cells("dim0_4_dim1_6_dim2_10");
        Result some = q(
                "SELECT dim0_4, dim1_6, dim2_10, t2m FROM p.dim0_4_dim1_6_dim2_10 WHERE dim0_4 = 2 AND dim1_6 BETWEEN 1 AND 3 AND dim2_10 IN (2, 7) ORDER BY 1, 2, 3");
        assertThat(cells("dim0_4_dim1_6_dim2_10") - before).isEqualTo(3 * 6);
        assertThat(some.rowCount()).isEqualTo(6);
        for (int i = 0; i < 6; i++) {
            int b = (int) some.getLong(i, 1), c = (int) some.getLong(i, 2);
            if (b == 3 && c == 7) assertThat(some.isNull(i, 3)).isTrue();
            else assertThat(some.getDouble(i, 3)).isEqualTo(raw[2][b][c] * 0.5 + 273.15);
        }
        Result t = q("SELECT valid_time FROM p.dim0_4 ORDER BY 1");
        assertThat(t.get(1, 0)).isEqualTo(LocalDateTime.of(1970, 1, 25, 0, 0));
    }

    @Test
    void tableCopiesIntoStorage() {
        q(
                "CREATE TABLE grid AS SELECT * FROM era5.time_latitude_longitude WHERE time = TIMESTAMP '2020-01-01 00:00:00'");
        assertThat(q("SELECT count(*), count(t2m) FROM grid").get(0, 1)).isEqualTo(795L);
    }
}
