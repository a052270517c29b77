package dev.nabla.engine.exec.expr;

import dev.nabla.plan.expr.Fn;
import dev.nabla.storage.ArrayText;
import dev.nabla.storage.Batch;
import dev.nabla.storage.DataType;
import dev.nabla.storage.ListValue;
import java.util.Arrays;

/**
 * The {@code DOUBLE[]} list functions ({@link Fn#isListFunction}), DuckDB's semantics: one switch per batch picks
 * the function, then a row loop reads each row's {@link ListValue} (an immutable {@code double[]} and NULL bitmap)
 * and writes the result. Element equality is SQL's on doubles ({@code 0.0 = -0.0}, NaN equals NaN, as DuckDB
 * groups them); ordering is {@link Double#compare} ({@code -0.0} before {@code 0.0}, NaN last, as DuckDB sorts).
 */
final class ListFunctionInstr extends Instr {
    final Fn fn;
    final int[] args;
    final boolean descending, nullsFirst;

    ListFunctionInstr(int out, DataType type, Fn fn, int[] args, boolean descending, boolean nullsFirst) {
        super(out, type);
        this.fn = fn;
        this.args = args;
        this.descending = descending;
        this.nullsFirst = nullsFirst;
    }

    @Override
    void eval(Evaluator ev, Batch in, int n) {
        Vec o = ev.slots[out];
        o.ensure(n);
        boolean[] nl = o.nullScratch(n);
        Arrays.fill(nl, 0, n, false);
        boolean any = false;
        Vec a = args.length > 0 ? ev.slots[args[0]] : null;
        Vec b = args.length > 1 ? ev.slots[args[1]] : null;
        Vec c = args.length > 2 ? ev.slots[args[2]] : null;
        switch (fn) {
            case LIST_VALUE -> {
                for (int i = 0; i < n; i++) {
                    double[] v = new double[args.length];
                    long[] bits = null;
                    for (int k = 0; k < args.length; k++) {
                        Vec x = ev.slots[args[k]];
                        if (x.isNull(i)) {
                            if (bits == null) bits = new long[(args.length + 63) >>> 6];
                            bits[k >>> 6] |= 1L << k;
                        } else v[k] = x.d[x.off + i];
                    }
                    o.lv[i] = ListValue.of(v, bits);
                }
            }
            case LIST_CONCAT -> {
                for (int i = 0; i < n; i++) {
                    if (a.isNull(i) && b.isNull(i)) {
                        nl[i] = any = true;
                        continue;
                    }
                    ListValue x = a.isNull(i) ? ListValue.EMPTY : a.lv[a.off + i];
                    ListValue y = b.isNull(i) ? ListValue.EMPTY : b.lv[b.off + i];
                    o.lv[i] = concat(x, y);
                }
            }
            case LIST_CONTAINS -> {
                for (int i = 0; i < n; i++) {
                    if (a.isNull(i) || b.isNull(i)) {
                        nl[i] = any = true;
                        continue;
                    }
                    o.l[i] = indexOf(a.lv[a.off + i], b.d[b.off + i]) >= 0 ? 1 : 0;
                }
            }
            case LIST_POSITION -> {
                for (int i = 0; i < n; i++) {
                    int at = -1;
                    if (!a.isNull(i)) {
                        ListValue l = a.lv[a.off + i];
                        // a NULL needle finds the first NULL element (DuckDB's list_position)
                        at = b.isNull(i) ? firstNull(l) : indexOf(l, b.d[b.off + i]);
                    }
                    if (at < 0) nl[i] = any = true;
                    else o.l[i] = at + 1L;
                }
            }
            case LIST_SLICE -> {
                for (int i = 0; i < n; i++) {
                    if (a.isNull(i) || b.isNull(i) || c.isNull(i)) {
                        nl[i] = any = true;
                        continue;
                    }
                    o.lv[i] = slice(a.lv[a.off + i], b.l[b.off + i], c.l[c.off + i]);
                }
            }
            case LIST_SORT -> {
                for (int i = 0; i < n; i++) {
                    if (a.isNull(i)) nl[i] = any = true;
                    else o.lv[i] = sort(a.lv[a.off + i]);
                }
            }
            case LIST_DISTINCT -> {
                for (int i = 0; i < n; i++) {
                    if (a.isNull(i)) nl[i] = any = true;
                    else o.lv[i] = distinct(a.lv[a.off + i]);
                }
            }
            case LIST_REVERSE -> {
                for (int i = 0; i < n; i++) {
                    if (a.isNull(i)) nl[i] = any = true;
                    else o.lv[i] = reverse(a.lv[a.off + i]);
                }
            }
            case LIST_SUM, LIST_AVG, LIST_MIN, LIST_MAX -> {
                for (int i = 0; i < n; i++) {
                    if (a.isNull(i)) {
                        nl[i] = any = true;
                        continue;
                    }
                    ListValue l = a.lv[a.off + i];
                    double acc = 0;
                    int count = 0;
                    for (int k = 0; k < l.length(); k++) {
                        if (l.isNull(k)) continue;
                        double x = l.get(k);
                        acc = switch (fn) {
                            case LIST_MIN -> count == 0 || Double.compare(x, acc) < 0 ? x : acc;
                            case LIST_MAX -> count == 0 || Double.compare(x, acc) > 0 ? x : acc;
                            default -> acc + x;
                        };
                        count++;
                    }
                    // no non-NULL element (an empty list too): NULL, as the aggregates of no rows
                    if (count == 0) nl[i] = any = true;
                    else o.d[i] = fn == Fn.LIST_AVG ? acc / count : acc;
                }
            }
            case ARRAY_TO_STRING -> {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    ListValue l = a.isNull(i) ? null : a.lv[a.off + i];
                    if (l == null || l.length() == 0) {
                        // DuckDB: an empty list gives NULL, as a NULL list does
                        nl[i] = any = true;
                        continue;
                    }
                    // DuckDB joins with ',' when the separator is NULL
                    String sep = b.isNull(i) ? "," : b.s[b.off + i];
                    sb.setLength(0);
                    boolean first = true;
                    for (int k = 0; k < l.length(); k++) {
                        if (l.isNull(k)) continue;
                        if (!first) sb.append(sep);
                        sb.append(ArrayText.formatDouble(l.get(k)));
                        first = false;
                    }
                    o.s[i] = sb.toString();
                }
            }
            default -> throw new IllegalStateException(fn.name());
        }
        o.nulls = any ? nl : null;
    }

    /** SQL equality of doubles: 0.0 = -0.0 and NaN = NaN (DuckDB groups and compares them so). */
    private static boolean same(double x, double y) {
        return x == y || Double.isNaN(x) && Double.isNaN(y);
    }

    private static int indexOf(ListValue l, double x) {
        for (int k = 0; k < l.length(); k++) if (!l.isNull(k) && same(l.get(k), x)) return k;
        return -1;
    }

    private static int firstNull(ListValue l) {
        if (!l.hasNulls()) return -1;
        for (int k = 0; k < l.length(); k++) if (l.isNull(k)) return k;
        return -1;
    }

    private static ListValue concat(ListValue x, ListValue y) {
        int m = x.length(), len = m + y.length();
        if (len == 0) return ListValue.EMPTY;
        double[] v = new double[len];
        long[] bits = null;
        for (int k = 0; k < len; k++) {
            ListValue from = k < m ? x : y;
            int at = k < m ? k : k - m;
            if (from.isNull(at)) {
                if (bits == null) bits = new long[(len + 63) >>> 6];
                bits[k >>> 6] |= 1L << k;
            } else v[k] = from.get(at);
        }
        return ListValue.of(v, bits);
    }

    /** 1-based, both ends inclusive; a negative bound counts from the end, 0 as a beginning means 1 (DuckDB's). */
    private static ListValue slice(ListValue l, long begin, long end) {
        int len = l.length();
        if (begin < 0) begin = len + begin + 1;
        if (end < 0) end = len + end + 1;
        begin = Math.max(begin, 1);
        end = Math.min(end, len);
        if (begin > end) return ListValue.EMPTY;
        int from = (int) begin - 1, m = (int) (end - begin + 1);
        double[] v = new double[m];
        long[] bits = null;
        for (int k = 0; k < m; k++) {
            if (l.isNull(from + k)) {
                if (bits == null) bits = new long[(m + 63) >>> 6];
                bits[k >>> 6] |= 1L << k;
            } else v[k] = l.get(from + k);
        }
        return ListValue.of(v, bits);
    }

    private ListValue sort(ListValue l) {
        int len = l.length(), nulls = 0;
        double[] v = new double[len];
        int m = 0;
        for (int k = 0; k < len; k++) {
            if (l.isNull(k)) nulls++;
            else v[m++] = l.get(k);
        }
        Arrays.sort(v, 0, m);
        if (descending)
            for (int k = 0, j = m - 1; k < j; k++, j--) {
                double t = v[k];
                v[k] = v[j];
                v[j] = t;
            }
        if (nulls == 0) return ListValue.of(v);
        double[] out = new double[len];
        long[] bits = new long[(len + 63) >>> 6];
        int start = nullsFirst ? nulls : 0;
        System.arraycopy(v, 0, out, start, m);
        for (int k = 0; k < nulls; k++) {
            int at = nullsFirst ? k : m + k;
            bits[at >>> 6] |= 1L << at;
        }
        return ListValue.of(out, bits);
    }

    /**
     * The distinct non-NULL elements in order of first appearance (DuckDB leaves the order unspecified): each
     * element is looked up in a sorted copy, so a row costs O(n log n) and no boxing.
     */
    private static ListValue distinct(ListValue l) {
        int len = l.length(), m = 0;
        double[] sorted = new double[len];
        for (int k = 0; k < len; k++) if (!l.isNull(k)) sorted[m++] = canonical(l.get(k));
        Arrays.sort(sorted, 0, m);
        boolean[] taken = new boolean[m];
        double[] out = new double[m];
        int r = 0;
        for (int k = 0; k < len; k++) {
            if (l.isNull(k)) continue;
            double x = canonical(l.get(k));
            int at = Arrays.binarySearch(sorted, 0, m, x);
            while (at > 0 && Double.compare(sorted[at - 1], x) == 0) at--;
            if (taken[at]) continue;
            taken[at] = true;
            out[r++] = l.get(k);
        }
        return ListValue.of(r == m ? out : Arrays.copyOf(out, r));
    }

    /** One representative per SQL-equal class: -0.0 as 0.0, every NaN as the one NaN. */
    private static double canonical(double x) {
        return x == 0 ? 0.0 : Double.isNaN(x) ? Double.NaN : x;
    }

    private static ListValue reverse(ListValue l) {
        int len = l.length();
        if (len == 0) return l;
        double[] v = new double[len];
        long[] bits = null;
        for (int k = 0; k < len; k++) {
            int from = len - 1 - k;
            if (l.isNull(from)) {
                if (bits == null) bits = new long[(len + 63) >>> 6];
                bits[k >>> 6] |= 1L << k;
            } else v[k] = l.get(from);
        }
        return ListValue.of(v, bits);
    }
}
