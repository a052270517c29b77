package dev.nabla.vector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.storage.ColumnVector;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HashTablesTest {
    @Test
    void longHashTableNumbersKeysDensely() {
        LongHashTable t = new LongHashTable(4);
        Random rnd = new Random(7);
        Map<Long, Integer> ref = new HashMap<>();
        long[] special = {0, -1, Long.MIN_VALUE, Long.MAX_VALUE};
        for (int i = 0; i < 60_000; i++) {
            long k = i < special.length ? special[i] : rnd.nextInt(50_000) * (rnd.nextBoolean() ? 1L : 1L << 40);
            int id = t.findOrInsert(k);
            Integer expected = ref.putIfAbsent(k, ref.size());
            assertThat(id).isEqualTo(expected == null ? ref.size() - 1 : expected);
        }
        assertThat(t.size()).isEqualTo(ref.size());
        for (Map.Entry<Long, Integer> e : ref.entrySet()) {
            assertThat(t.find(e.getKey())).isEqualTo(e.getValue());
            assertThat(t.key(e.getValue())).isEqualTo(e.getKey());
        }
        assertThat(t.find(123456789012345L)).isEqualTo(-1);
        long[] keys = {5, 6, Long.MIN_VALUE, 5};
        int[] ids = new int[2];
        t.find(keys, 1, new int[] {1, 2}, 2, ids);
        assertThat(ids[0]).isEqualTo(t.find(Long.MIN_VALUE));
        assertThat(ids[1]).isEqualTo(t.find(5));
    }

    /**
     * Batch finds through the small table's hash bitmap agree with one-by-one finds: mostly absent keys
     * (the bitmap's case), keys added between batches (it is rebuilt), and mostly present keys (it is
     * dropped after 65 536 probes).
     */
    @Test
    void batchFindAgreesWithFindThroughTheBitmap() {
        Random rnd = new Random(11);
        LongHashTable t = new LongHashTable();
        for (int i = 0; i < 200; i++) t.findOrInsert(rnd.nextLong(1_000_000));
        for (int round = 0; round < 60; round++) {
            if (round % 10 == 9) t.findOrInsert(round == 19 ? Long.MIN_VALUE : rnd.nextLong());
            int n = 2048;
            long[] keys = new long[n + 3];
            int[] sel = new int[n];
            for (int i = 0; i < keys.length; i++) {
                // rounds 30 and on: nearly every key present (a foreign-key join)
                boolean present = round >= 30 ? rnd.nextInt(10) > 0 : rnd.nextInt(100) == 0;
                keys[i] = present ? t.key(rnd.nextInt(t.size())) : rnd.nextLong(1_000_000) - 2;
            }
            for (int j = 0; j < n; j++) sel[j] = j + rnd.nextInt(3);
            int[] ids = new int[n];
            boolean withSel = round % 2 == 0;
            t.find(keys, 1, withSel ? sel : null, n, ids);
            for (int j = 0; j < n; j++)
                assertThat(ids[j])
                        .as("round " + round + " row " + j)
                        .isEqualTo(t.find(keys[1 + (withSel ? sel[j] : j)]));
        }
    }

    @Test
    void multiMapKeepsInsertionOrder() {
        LongIntMultiMap m = new LongIntMultiMap();
        long[] keys = {3, 1, 3, 2, 3, 1};
        for (int r = 0; r < keys.length; r++) m.put(keys[r], r);
        assertThat(rows(m, 3)).containsExactly(0, 2, 4);
        assertThat(rows(m, 1)).containsExactly(1, 5);
        assertThat(rows(m, 2)).containsExactly(3);
        assertThat(rows(m, 9)).isEmpty();
        assertThat(m.distinctKeys()).isEqualTo(3);
        assertThat(m.rowCount()).isEqualTo(6);
        LongIntMultiMap big = new LongIntMultiMap();
        for (int r = 0; r < 100_000; r++) big.put(r % 1000, r);
        assertThat(rows(big, 999)).hasSize(100).startsWith(999, 1999);
    }

    private static List<Integer> rows(LongIntMultiMap m, long key) {
        List<Integer> out = new ArrayList<>();
        for (int r = m.first(key); r >= 0; r = m.next(r)) out.add(r);
        return out;
    }

    @Test
    void groupKeysWithNullsStringsAndDoubles() {
        int n = 10;
        ColumnVector s = new ColumnVector(DataType.VARCHAR, n);
        ColumnVector d = new ColumnVector(DataType.DOUBLE, n);
        String[] sv = {"a", "b", "a", null, "a", "b", null, "a", "a", "c"};
        double[] dv = {1, 1, 1, 2, 0.0, 1, 2, -0.0, Double.NaN, Double.NaN};
        for (int i = 0; i < n; i++) {
            s.strings[i] = sv[i];
            if (sv[i] == null) s.setNull(i, true);
            d.doubles[i] = dv[i];
        }
        d.setNull(9, true);
        GroupKeyTable t = new GroupKeyTable(DataType.VARCHAR, DataType.DOUBLE);
        int[] g = new int[n];
        t.findOrInsert(new ColumnVector[] {s, d}, null, n, g);
        // (a,1) (b,1) (a,1) (null,2) (a,0) (b,1) (null,2) (a,-0=0) (a,NaN) (c,NULL)
        assertThat(g).containsExactly(0, 1, 0, 2, 3, 1, 2, 3, 4, 5);
        assertThat(t.size()).isEqualTo(6);
        ColumnVector k0 = t.keyColumn(0), k1 = t.keyColumn(1);
        assertThat(k0.getObject(2)).isNull();
        assertThat(k0.getObject(5)).isEqualTo("c");
        assertThat(k1.getObject(5)).isNull();
        assertThat(k1.getObject(3)).isEqualTo(0.0);
        int[] probe = new int[3];
        ColumnVector ps = ColumnVector.constant(DataType.VARCHAR, "b");
        ColumnVector pd = ColumnVector.constant(DataType.DOUBLE, 1.0);
        t.find(new ColumnVector[] {ps, pd}, new int[] {0, 1, 2}, 3, probe);
        assertThat(probe).containsExactly(1, 1, 1);
        t.find(new ColumnVector[] {ColumnVector.constant(DataType.VARCHAR, "zz"), pd}, null, 1, probe);
        assertThat(probe[0]).isEqualTo(-1);
    }

    @Test
    void groupKeysAtScaleMatchHashMap() {
        Random rnd = new Random(3);
        GroupKeyTable t = new GroupKeyTable(DataType.BIGINT, DataType.VARCHAR);
        Map<List<Object>, Integer> ref = new HashMap<>();
        int batch = 2048;
        ColumnVector a = new ColumnVector(DataType.BIGINT, batch);
        ColumnVector b = new ColumnVector(DataType.VARCHAR, batch);
        int[] g = new int[batch];
        for (int round = 0; round < 30; round++) {
            for (int i = 0; i < batch; i++) {
                a.longs[i] = rnd.nextInt(300);
                b.strings[i] = "s" + rnd.nextInt(50);
            }
            t.findOrInsert(new ColumnVector[] {a, b}, null, batch, g);
            for (int i = 0; i < batch; i++) {
                List<Object> key = List.of(a.longs[i], b.strings[i]);
                Integer expected = ref.putIfAbsent(key, ref.size());
                assertThat(g[i]).isEqualTo(expected == null ? ref.size() - 1 : expected);
            }
        }
        assertThat(t.size()).isEqualTo(ref.size());
    }

    @Test
    void hasherGroupsNullsAndZeros() {
        ColumnVector v = new ColumnVector(DataType.DOUBLE, 4);
        v.doubles[0] = 0.0;
        v.doubles[1] = -0.0;
        v.doubles[2] = 17;
        v.doubles[3] = 42;
        v.setNull(2, true);
        v.setNull(3, true);
        long[] h = new long[4];
        MultiKeyHasher.hash(new ColumnVector[] {v}, null, 4, h);
        assertThat(h[0]).isEqualTo(h[1]);
        assertThat(h[2]).isEqualTo(h[3]);
        assertThat(h[0]).isNotEqualTo(h[2]);
    }

    @Test
    void bitmaps() {
        long[] a = new long[3];
        Bitmaps.set(a, 3);
        Bitmaps.set(a, 64);
        Bitmaps.set(a, 130);
        assertThat(Bitmaps.window(a, 3)).isEqualTo(1L | (1L << 61));
        assertThat(Bitmaps.count(a, 3, 128)).isEqualTo(3);
        assertThat(Bitmaps.count(a, 4, 60)).isEqualTo(0);
        assertThat(Bitmaps.any(a, 4, 60)).isFalse();
        assertThat(Bitmaps.any(a, 4, 61)).isTrue();
        long[] out = new long[3];
        assertThat(Bitmaps.or(a, 3, null, 0, out, 100)).isTrue();
        assertThat(Bitmaps.get(out, 0)).isTrue();
        assertThat(Bitmaps.get(out, 61)).isTrue();
        assertThat(Bitmaps.count(out, 0, 192)).isEqualTo(2);
        int[] sel = new int[200];
        int k = Bitmaps.selectNonNull(a, 0, 131, sel);
        assertThat(k).isEqualTo(128);
        int[] some = {1, 3, 5, 64, 65};
        assertThat(Bitmaps.removeNulls(a, 0, some, 5, some)).isEqualTo(3);
        assertThat(some).startsWith(1, 5, 65);
    }
}
