package dev.nabla.engine.exec.expr;

import dev.nabla.storage.DataType;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

/** A set of values of one type for IN (lists and subqueries): sorted primitives, or a string hash set. */
public final class ValueSet {
    private final DataType type;
    private long[] longs;
    private double[] doubles;
    private HashSet<String> strings;
    /** A 128-bit DECIMAL's values: their unscaled BigIntegers (IN lists are short; a probe boxes one). */
    private HashSet<java.math.BigInteger> wide;

    private final boolean hasNull;
    private final boolean empty;

    /** values: boxed values already converted to {@code type} (nulls allowed). */
    public ValueSet(DataType type, List<Object> values) {
        this.type = type;
        boolean nul = false;
        int k = 0;
        switch (type.physical()) {
            case LONG -> {
                long[] a = new long[values.size()];
                for (Object v : values) {
                    if (v == null) nul = true;
                    else a[k++] = dev.nabla.storage.DecimalType.storedLong(v);
                }
                longs = Arrays.copyOf(a, k);
                Arrays.sort(longs);
            }
            case DOUBLE -> {
                double[] a = new double[values.size()];
                for (Object v : values) {
                    if (v == null) nul = true;
                    else a[k++] = ((Number) v).doubleValue() + 0.0;
                }
                doubles = Arrays.copyOf(a, k);
                Arrays.sort(doubles);
            }
            case STRING -> {
                strings = new HashSet<>();
                for (Object v : values) {
                    if (v == null) nul = true;
                    else strings.add(v.toString());
                }
            }
            case INT128 -> {
                wide = new HashSet<>();
                for (Object v : values) {
                    if (v == null) nul = true;
                    else
                        wide.add(dev.nabla.storage.Int128.toBigInteger(
                                dev.nabla.storage.Uuids.wideHigh(v), dev.nabla.storage.Uuids.wideLow(v)));
                }
            }
            case ARRAY, LIST -> throw dev.nabla.storage.ArrayType.notComparable(type);
        }
        this.hasNull = nul;
        this.empty = values.isEmpty();
    }

    public DataType type() {
        return type;
    }

    public boolean hasNull() {
        return hasNull;
    }

    public boolean isEmpty() {
        return empty;
    }

    /** Whether non-NULL row i of x is in the set. */
    public boolean contains(Vec x, int i) {
        return switch (type.physical()) {
            case LONG -> Arrays.binarySearch(longs, x.l[x.off + i]) >= 0;
            case DOUBLE -> Arrays.binarySearch(doubles, x.d[x.off + i] + 0.0) >= 0;
            case STRING -> strings.contains(x.s[x.off + i]);
            case INT128 -> wide.contains(dev.nabla.storage.Int128.toBigInteger(x.hi(i), x.lo(i)));
            case ARRAY, LIST -> throw dev.nabla.storage.ArrayType.notComparable(type);
        };
    }
}
