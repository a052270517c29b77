package dev.nabla.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The checkpoint's compressed columns: bit-packed integers and dictionary strings read back exactly. */
class TableImagesTest {
    private static long[] roundTrip(long[] a, int from, int to) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TableImages.writePacked(new DataOutputStream(bytes), a, from, to);
        long[] back = new long[a.length];
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        TableImages.readPacked(in, back, from, to);
        assertThat(in.available()).isZero();
        return back;
    }

    @Test
    void packedIntegersOfEveryWidthReadBack() throws Exception {
        Random rnd = new Random(20);
        for (int width = 0; width <= 64; width++) {
            for (int n : new int[] {0, 1, 63, 64, 65, 1000}) {
                long[] a = new long[n + 3];
                long base = rnd.nextLong();
                for (int i = 0; i < a.length; i++) {
                    long v = width == 64 ? rnd.nextLong() : width == 0 ? 0 : rnd.nextLong() & ((1L << width) - 1);
                    a[i] = base + v;
                }
                long[] back = roundTrip(a, 2, 2 + n);
                for (int i = 2; i < 2 + n; i++)
                    assertThat(back[i]).as("width %d n %d i %d", width, n, i).isEqualTo(a[i]);
            }
        }
        long[] extremes = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 1};
        assertThat(roundTrip(extremes, 0, 5)).containsExactly(extremes);
    }

    @Test
    void aSequenceTakesFewBits() throws Exception {
        long[] ids = new long[Segment.ROWS];
        for (int i = 0; i < ids.length; i++) ids[i] = 1_000_000L + i;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TableImages.writePacked(new DataOutputStream(bytes), ids, 0, ids.length);
        // 16 bits a value instead of 64
        assertThat(bytes.size()).isEqualTo(1 + 8 + Segment.ROWS * 2);
        assertThat(roundTrip(ids, 0, ids.length)).containsExactly(ids);
    }

    @Test
    void stringsWithFewValuesUseADictionary() throws Exception {
        String[] a = new String[1000];
        for (int i = 0; i < a.length; i++) a[i] = i % 7 == 0 ? null : i % 3 == 0 ? "é\uD800x" : "train" + (i % 5);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TableImages.writeStrings(new DataOutputStream(bytes), a, 0, a.length);
        assertThat(bytes.toByteArray()[0]).isEqualTo((byte) 1);
        String[] back = new String[a.length];
        TableImages.readStrings(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), back, 0, a.length);
        assertThat(back).containsExactly(a);
        String[] distinct = new String[100];
        for (int i = 0; i < distinct.length; i++) distinct[i] = "v" + i;
        bytes.reset();
        TableImages.writeStrings(new DataOutputStream(bytes), distinct, 0, distinct.length);
        assertThat(bytes.toByteArray()[0]).isEqualTo((byte) 0);
        TableImages.readStrings(
                new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), back, 0, distinct.length);
        assertThat(java.util.Arrays.copyOf(back, 100)).containsExactly(distinct);
    }
}
