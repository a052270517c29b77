package dev.nabla.engine.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.storage.Table;
import java.util.List;
import org.junit.jupiter.api.Test;

/** HyperLogLog distinct counts of stored columns: close to exact, and exact for small counts. */
class DistinctCountsTest {
    @Test
    void estimatesAreCloseAndSmallCountsExact() {
        int n = 200_000;
        long[] key = new long[n], five = new long[n];
        double[] d = new double[n];
        String[] s = new String[n];
        for (int i = 0; i < n; i++) {
            key[i] = i;
            five[i] = i % 5;
            d[i] = (i % 1000) * 0.5;
            s[i] = "v" + (i % 30_000);
        }
        StoredTable t = new StoredTable(
                Table.fromColumns("t", List.of("k", "f", "d", "s"), null, List.of(key, five, d, s)), null);
        assertThat((double) t.distinctValues(0)).isCloseTo(n, within(n * 0.05));
        assertThat(t.distinctValues(1)).isEqualTo(5);
        assertThat((double) t.distinctValues(2)).isCloseTo(1000, within(20.0));
        assertThat((double) t.distinctValues(3)).isCloseTo(30_000, within(30_000 * 0.05));
        assertThat(t.distinctValues(4)).isEqualTo(-1);
    }

    @Test
    void statisticsCarryNullFractionAndRange() {
        StoredTable t = new StoredTable(
                Table.fromColumns(
                        "t",
                        List.of("k", "d", "s"),
                        null,
                        List.of(new long[] {5, -3, 12, 7}, new double[] {0.5, 2.5, -1.0, 4.0}, new String[] {
                            "a", null, "b", null
                        })),
                null);
        var k = t.columnStats(0);
        assertThat(k.distinct()).isEqualTo(4);
        assertThat(k.min()).isEqualTo(-3.0);
        assertThat(k.max()).isEqualTo(12.0);
        assertThat(k.nullFraction()).isZero();
        var d = t.columnStats(1);
        assertThat(d.min()).isEqualTo(-1.0);
        assertThat(d.max()).isEqualTo(4.0);
        var s = t.columnStats(2);
        assertThat(s.distinct()).isEqualTo(2);
        assertThat(s.nullFraction()).isEqualTo(0.5);
        assertThat(s.hasRange()).isFalse();
        assertThat(t.columnStats(7)).isEqualTo(dev.nabla.plan.logical.ColumnStats.UNKNOWN);
    }
}
