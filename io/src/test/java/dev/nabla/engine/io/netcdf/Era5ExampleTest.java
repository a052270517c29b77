package dev.nabla.engine.io.netcdf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.engine.Database;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import dev.nabla.engine.io.IoTestSupport;
import io.jhdf.HdfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs examples/era5.sql and checks every number against values computed here from the raw arrays (read with jhdf). */
class Era5ExampleTest {
    static final Path DATA = Path.of("../examples/data/era5_like.nc");
    static Database db;
    static List<Result> results;
    static float[][][] u, v, t2m;
    static float[] lat, lon;

    @BeforeAll
    static void run() throws Exception {
        db = IoTestSupport.database();
        Session s = db.connect();
        String sql = Files.readString(Path.of("../examples/era5.sql")).replace("'examples/data/", "'../examples/data/");
        results = s.executeScript(sql);
        try (HdfFile h = new HdfFile(DATA)) {
            u = (float[][][]) h.getDatasetByPath("u10").getData();
            v = (float[][][]) h.getDatasetByPath("v10").getData();
            t2m = (float[][][]) h.getDatasetByPath("t2m").getData();
            lat = (float[]) h.getDatasetByPath("latitude").getData();
            lon = (float[]) h.getDatasetByPath("longitude").getData();
        }
    }

    @AfterAll
    static void close() {
        db.close();
    }

    static double es(double kelvin) {
        double c = kelvin - 273.15;
        return 6.112 * Math.exp(17.67 * c / (c + 243.5));
    }

    static double desdt(double kelvin) {
        double c = kelvin - 273.15;
        return es(kelvin) * 17.67 * 243.5 / ((c + 243.5) * (c + 243.5));
    }

    static void close(double actual, double expected) {
        assertThat(Math.abs(actual - expected))
                .as("%s vs %s", actual, expected)
                .isLessThanOrEqualTo(1e-9 * Math.abs(expected) + 1e-300);
    }

    static int latIndex(double value) {
        for (int i = 0; i < lat.length; i++) if (lat[i] == value) return i;
        throw new AssertionError("no latitude " + value);
    }

    @Test
    void scriptShape() {
        assertThat(results).hasSize(5);
        assertThat(results.get(1).rowCount()).isEqualTo(3);
    }

    @Test
    void windSpeedAndItsGradient() {
        Result r = results.get(2);
        int ti = 1, li = latIndex(20);
        assertThat(r.rowCount()).isEqualTo(5);
        for (int k = 0; k < 5; k++) {
            double uu = u[ti][li][k], vv = v[ti][li][k];
            double w = Math.sqrt(uu * uu + vv * vv);
            assertThat(r.getDouble(k, 0)).isEqualTo((double) lon[k]);
            close(r.getDouble(k, 1), w);
            close(r.getDouble(k, 2), uu / w);
            close(r.getDouble(k, 3), vv / w);
        }
    }

    @Test
    void clausiusClapeyronAndSensitivity() {
        Result r = results.get(3);
        assertThat(r.rowCount()).isEqualTo(7);
        for (int k = 0; k < 7; k++) {
            float t = t2m[0][0][k];
            if (Float.isNaN(t)) {
                assertThat(r.isNull(k, 1)).isTrue();
                assertThat(r.isNull(k, 2)).isTrue();
                assertThat(r.isNull(k, 3)).isTrue();
                continue;
            }
            close(r.getDouble(k, 1), t - 273.15);
            close(r.getDouble(k, 2), es(t));
            close(r.getDouble(k, 3), desdt(t));
        }
        assertThat(r.isNull(0, 2)).isTrue();
        assertThat(r.isNull(5, 2)).isFalse();
    }

    @Test
    void latitudeBandMeansSkipMissingCells() {
        TreeMap<Double, double[]> bands = new TreeMap<>(); // cells, valid, sum wind, sum es, sum des
        for (int ti = 0; ti < u.length; ti++) {
            for (int li = 0; li < lat.length; li++) {
                for (int k = 0; k < lon.length; k++) {
                    double band = Math.floor((double) lat[li] / 10) * 10;
                    double[] acc = bands.computeIfAbsent(band, b -> new double[5]);
                    double uu = u[ti][li][k], vv = v[ti][li][k];
                    acc[0]++;
                    acc[2] += Math.sqrt(uu * uu + vv * vv);
                    float t = t2m[ti][li][k];
                    if (!Float.isNaN(t)) {
                        acc[1]++;
                        acc[3] += es(t);
                        acc[4] += desdt(t);
                    }
                }
            }
        }
        Result r = results.get(4);
        assertThat(r.rowCount()).isEqualTo(bands.size());
        int row = 0;
        long totalValid = 0;
        for (var e : bands.entrySet()) {
            double[] acc = e.getValue();
            assertThat(r.getDouble(row, 0)).isEqualTo(e.getKey());
            assertThat(r.getLong(row, 1)).isEqualTo((long) acc[0]);
            assertThat(r.getLong(row, 2)).isEqualTo((long) acc[1]);
            close(r.getDouble(row, 3), acc[2] / acc[0]);
            close(r.getDouble(row, 4), acc[3] / acc[1]);
            close(r.getDouble(row, 5), acc[4] / acc[1]);
            totalValid += (long) acc[1];
            row++;
        }
        assertThat(totalValid).isEqualTo(3200 - 5);
    }
}
