package dev.nabla.engine.exec.expr;

import dev.nabla.plan.expr.Fn;
import dev.nabla.storage.Batch;
import dev.nabla.storage.DataType;
import dev.nabla.storage.ListType;
import dev.nabla.storage.ListValue;
import java.util.Arrays;

/**
 * The list functions ({@link Fn#isListFunction}) over lists of every stored element type, DuckDB's semantics: one
 * switch per batch picks the function, then a row loop reads each row's {@link ListValue} (an immutable primitive
 * array and NULL bitmap) and writes the result; the copies go through {@link ListValue#pick}. Element equality is SQL's on doubles ({@code 0.0 = -0.0}, NaN equals NaN, as DuckDB
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
                ListValue.Kind kind = ((ListType) type).kind();
                for (int i = 0; i < n; i++) {
                    int m = args.length;
                    double[] v = kind == ListValue.Kind.DOUBLE ? new double[m] : null;
                    long[] lv = kind == ListValue.Kind.LONG ? new long[m] : null;
                    String[] sv = kind == ListValue.Kind.STRING ? new String[m] : null;
                    long[] bits = null;
                    for (int k = 0; k < m; k++) {
                        Vec x = ev.slots[args[k]];
                        if (x.isNull(i)) {
                            if (bits == null) bits = new long[(m + 63) >>> 6];
                            bits[k >>> 6] |= 1L << k;
                        } else
                            switch (kind) {
                                case DOUBLE -> v[k] = x.d[x.off + i];
                                case LONG -> lv[k] = x.l[x.off + i];
                                case STRING -> sv[k] = x.s[x.off + i];
                            }
                    }
                    o.lv[i] = switch (kind) {
                        case DOUBLE -> ListValue.of(v, bits);
                        case LONG -> ListValue.ofLongs(lv, bits);
                        case STRING -> ListValue.ofStrings(sv);
                    };
                }
            }
            case LIST_CONCAT -> {
                ListValue none = ListValue.empty(((ListType) type).kind());
                for (int i = 0; i < n; i++) {
                    if (a.isNull(i) && b.isNull(i)) {
                        nl[i] = any = true;
                        continue;
                    }
                    ListValue x = a.isNull(i) ? none : a.lv[a.off + i];
                    ListValue y = b.isNull(i) ? none : b.lv[b.off + i];
                    o.lv[i] = x.concat(y);
                }
            }
            case LIST_CONTAINS -> {
                for (int i = 0; i < n; i++) {
                    if (a.isNull(i) || b.isNull(i)) {
                        nl[i] = any = true;
                        continue;
                    }
                    o.l[i] = indexOf(a.lv[a.off + i], needle(b, i)) >= 0 ? 1 : 0;
                }
            }
            case LIST_POSITION -> {
                for (int i = 0; i < n; i++) {
                    int at = -1;
                    if (!a.isNull(i)) {
                        ListValue l = a.lv[a.off + i];
                        // a NULL needle finds the first NULL element (DuckDB's list_position)
                        at = b.isNull(i) ? firstNull(l) : indexOf(l, needle(b, i));
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
                    int best = -1, count = 0;
                    double acc = 0;
                    long accL = 0;
                    for (int k = 0; k < l.length(); k++) {
                        if (l.isNull(k)) continue;
                        count++;
                        switch (fn) {
                            case LIST_MIN -> best = best < 0 || l.compareElements(k, best) < 0 ? k : best;
                            case LIST_MAX -> best = best < 0 || l.compareElements(k, best) > 0 ? k : best;
                            default -> {
                                if (l.kind() == ListValue.Kind.LONG) accL = Math.addExact(accL, l.getLong(k));
                                else acc += l.get(k);
                            }
                        }
                    }
                    // no non-NULL element (an empty list too): NULL, as the aggregates of no rows
                    if (count == 0) {
                        nl[i] = any = true;
                        continue;
                    }
                    if (fn == Fn.LIST_MIN || fn == Fn.LIST_MAX) {
                        switch (l.kind()) {
                            case DOUBLE -> o.d[i] = l.get(best);
                            case LONG -> o.l[i] = l.getLong(best);
                            case STRING -> o.s[i] = l.getString(best);
                        }
                    } else if (l.kind() == ListValue.Kind.LONG) {
                        if (fn == Fn.LIST_AVG) o.d[i] = (double) accL / count;
                        else o.l[i] = accL;
                    } else o.d[i] = fn == Fn.LIST_AVG ? acc / count : acc;
                }
            }
            case STRING_SPLIT -> {
                for (int i = 0; i < n; i++) {
                    // DuckDB: a NULL text is NULL; a NULL separator leaves the text whole
                    if (a.isNull(i)) nl[i] = any = true;
                    else o.lv[i] = ListValue.ofStrings(split(a.s[a.off + i], b.isNull(i) ? null : b.s[b.off + i]));
                }
            }
            case REGEXP_SPLIT_TO_ARRAY -> {
                String lastText = null;
                com.google.re2j.Pattern p = null;
                for (int i = 0; i < n; i++) {
                    if (a.isNull(i) || b.isNull(i)) {
                        nl[i] = any = true;
                        continue;
                    }
                    // compiled when the pattern differs from the previous row's (once per batch for a constant)
                    String text = b.s[b.off + i];
                    if (p == null || !text.equals(lastText)) {
                        String options = c.isNull(i) ? "" : c.s[c.off + i];
                        p = dev.nabla.plan.expr.SqlRegex.compile(
                                text,
                                dev.nabla.plan.expr.SqlRegex.flags(options, dev.nabla.common.Span.NONE),
                                dev.nabla.common.Span.NONE);
                        lastText = text;
                    }
                    o.lv[i] = ListValue.ofStrings(regexSplit(p, a.s[a.off + i]));
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
                        sb.append(l.elementText(k));
                        first = false;
                    }
                    o.s[i] = sb.toString();
                }
            }
            default -> throw new IllegalStateException(fn.name());
        }
        o.nulls = any ? nl : null;
    }

    /** DuckDB's string_split: an empty separator splits into characters, an empty text is one empty element. */
    private static String[] split(String s, String sep) {
        if (sep == null) return new String[] {s};
        if (sep.isEmpty()) {
            if (s.isEmpty()) return new String[] {""};
            int[] cps = s.codePoints().toArray();
            String[] out = new String[cps.length];
            for (int k = 0; k < cps.length; k++) out[k] = new String(cps, k, 1);
            return out;
        }
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        int from = 0;
        for (int at; (at = s.indexOf(sep, from)) >= 0; from = at + sep.length()) out.add(s.substring(from, at));
        out.add(s.substring(from));
        return out.toArray(new String[0]);
    }

    /**
     * The pieces of {@code s} between the matches of {@code p}, trailing empty pieces kept (DuckDB's
     * regexp_split_to_array); an empty match splits between characters (as DuckDB: {@code 'a,b'} by {@code ''}
     * gives {@code [a, ',', b]}).
     */
    private static String[] regexSplit(com.google.re2j.Pattern p, String s) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        com.google.re2j.Matcher m = p.matcher(s);
        int from = 0, search = 0;
        while (search <= s.length() && m.find(search)) {
            int st = m.start(), en = m.end();
            if (en == st) {
                // an empty match: cut after the next character, never before the first or after the last
                if (st >= s.length()) break;
                if (st == from) {
                    st = en = from + Character.charCount(s.codePointAt(from));
                    if (st >= s.length()) break;
                }
            }
            out.add(s.substring(from, st));
            from = en;
            search = en > m.start() ? en : en + 1;
        }
        out.add(s.substring(from));
        return out.toArray(new String[0]);
    }

    /** Row i of the needle vector, boxed as the list's elements are compared (Double, Long or String). */
    private static Object needle(Vec b, int i) {
        return switch (b.type.physical()) {
            case LONG -> b.l[b.off + i];
            case STRING -> b.s[b.off + i];
            default -> b.d[b.off + i];
        };
    }

    private static int indexOf(ListValue l, Object x) {
        for (int k = 0; k < l.length(); k++) if (!l.isNull(k) && l.elementEquals(k, x)) return k;
        return -1;
    }

    private static int firstNull(ListValue l) {
        if (!l.hasNulls()) return -1;
        for (int k = 0; k < l.length(); k++) if (l.isNull(k)) return k;
        return -1;
    }

    /** 1-based, both ends inclusive; a negative bound counts from the end, 0 as a beginning means 1 (DuckDB's). */
    private static ListValue slice(ListValue l, long begin, long end) {
        int len = l.length();
        if (begin < 0) begin = len + begin + 1;
        if (end < 0) end = len + end + 1;
        begin = Math.max(begin, 1);
        end = Math.min(end, len);
        if (begin > end) return ListValue.empty(l.kind());
        int from = (int) begin - 1, m = (int) (end - begin + 1);
        int[] idx = new int[m];
        for (int k = 0; k < m; k++) idx[k] = from + k;
        return l.pick(idx, m);
    }

    /** The elements in order (a stable sort of their positions), the NULLs first or last. */
    private ListValue sort(ListValue l) {
        int len = l.length(), m = 0;
        Integer[] pos = new Integer[len];
        for (int k = 0; k < len; k++) if (!l.isNull(k)) pos[m++] = k;
        Arrays.sort(pos, 0, m, descending ? (p, q) -> l.compareElements(q, p) : l::compareElements);
        int nulls = len - m;
        int[] idx = new int[len];
        int start = nullsFirst ? nulls : 0;
        for (int k = 0; k < m; k++) idx[start + k] = pos[k];
        for (int k = 0; k < nulls; k++) idx[nullsFirst ? k : m + k] = -1;
        return l.pick(idx, len);
    }

    /**
     * The distinct non-NULL elements in order of first appearance (DuckDB leaves the order unspecified): the
     * positions are sorted by value (equal values by position), so a row costs O(n log n).
     */
    private static ListValue distinct(ListValue l) {
        int len = l.length(), m = 0;
        Integer[] pos = new Integer[len];
        for (int k = 0; k < len; k++) if (!l.isNull(k)) pos[m++] = k;
        Arrays.sort(pos, 0, m, (p, q) -> {
            int c = sameElement(l, p, q) ? 0 : l.compareElements(p, q);
            return c != 0 ? c : Integer.compare(p, q);
        });
        boolean[] keep = new boolean[len];
        for (int k = 0; k < m; k++) keep[pos[k]] = k == 0 || !sameElement(l, pos[k - 1], pos[k]);
        int[] idx = new int[m];
        int r = 0;
        for (int k = 0; k < len; k++) if (keep[k]) idx[r++] = k;
        return l.pick(idx, r);
    }

    /** SQL equality of two non-NULL elements: {@code 0.0 = -0.0} and NaN = NaN (DuckDB groups them so). */
    private static boolean sameElement(ListValue l, int p, int q) {
        return l.elementEquals(p, l.element(q));
    }

    private static ListValue reverse(ListValue l) {
        int len = l.length();
        if (len == 0) return l;
        int[] idx = new int[len];
        for (int k = 0; k < len; k++) idx[k] = len - 1 - k;
        return l.pick(idx, len);
    }
}
