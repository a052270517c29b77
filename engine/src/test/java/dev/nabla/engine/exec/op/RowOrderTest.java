package dev.nabla.engine.exec.op;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.engine.exec.store.ColumnStore;
import dev.nabla.storage.DataType;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The counting-sort fast path of a single small-range integer key gives exactly the merge sort's order. */
class RowOrderTest {
    @Test
    void countingSortIsTheStableComparisonSort() {
        Random r = new Random(42);
        for (int trial = 0; trial < 200; trial++) {
            int n = r.nextInt(300);
            int range = 1 + r.nextInt(trial % 3 == 0 ? 5000 : 20);
            ColumnStore keys = new ColumnStore(DataType.BIGINT, n);
            for (int i = 0; i < n; i++) {
                if (r.nextInt(10) == 0) keys.appendNull();
                else keys.appendLong(r.nextInt(range) - range / 2);
            }
            boolean asc = r.nextBoolean(), nullsFirst = r.nextBoolean();
            RowOrder order = new RowOrder(new ColumnStore[] {keys}, new boolean[] {asc}, new boolean[] {nullsFirst});
            int[] idx = new int[n];
            for (int i = 0; i < n; i++) idx[i] = n - 1 - i; // not the identity: stability is visible
            Integer[] expected = new Integer[n];
            for (int i = 0; i < n; i++) expected[i] = idx[i];
            Arrays.sort(expected, Comparator.comparing((Integer a) -> a, order::compare)); // stable
            order.sort(idx, n, () -> {});
            for (int i = 0; i < n; i++)
                assertThat(idx[i]).as("trial %d position %d", trial, i).isEqualTo(expected[i]);
        }
    }
}
