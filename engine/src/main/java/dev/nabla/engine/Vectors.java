package dev.nabla.engine;

import dev.nabla.storage.Batch;
import dev.nabla.storage.ColumnVector;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.List;

/** Small vector helpers for the engine's slow paths (DML bookkeeping, textual results). */
final class Vectors {
    private Vectors() {}

    /** The live rows of a BIGINT vector of {@code b}, in order, as a dense array. */
    static long[] longs(ColumnVector v, Batch b) {
        long[] out = new long[b.count];
        for (int i = 0; i < b.count; i++) out[i] = v.getLong(b.row(i));
        return out;
    }

    /** A vector whose row i is live row i of {@code b} (the vector itself when that already holds). */
    static ColumnVector compact(ColumnVector v, Batch b) {
        if (v.constant || b.selection == null) return v;
        int n = b.count;
        ColumnVector out = new ColumnVector(v.type, n);
        if (v.type == DataType.NULL) return out;
        for (int i = 0; i < n; i++) {
            int r = b.selection[i];
            if (v.isNull(r)) {
                out.setNull(i, true);
                continue;
            }
            switch (v.type.physical()) {
                case LONG -> out.longs[i] = v.getLong(r);
                case DOUBLE -> out.doubles[i] = v.getDouble(r);
                case ARRAY ->
                    System.arraycopy(
                            v.doubles, v.rowStart(r), out.doubles, out.rowStart(i), ColumnVector.width(v.type));
                case STRING -> out.strings[i] = v.getString(r);
                case LIST -> out.lists[i] = v.getList(r);
                case INT128 -> out.set128(i, v.getHigh(r), v.getLow(r));
            }
        }
        return out;
    }

    /**
     * Fails when a live row of {@code v} does not fit a 32-bit INTEGER column (INTEGER is stored as a
     * long, so nothing else would catch a too large value). {@code sel}/{@code n}: the live rows.
     */
    static void checkIntegerRange(ColumnVector v, int[] sel, int n, String column) {
        if (v.type.physical() != dev.nabla.storage.PhysicalType.LONG || v.type == DataType.NULL) return;
        int rows = v.constant ? Math.min(n, 1) : n;
        for (int i = 0; i < rows; i++) {
            int r = sel == null ? i : sel[i];
            long x = v.getLong(r);
            if (x != (int) x && !v.isNull(r)) {
                throw new dev.nabla.common.NablaException(
                        dev.nabla.common.ErrorCode.NUMERIC_OVERFLOW,
                        "value " + x + " is out of range for INTEGER column " + column);
            }
        }
    }

    /**
     * {@code v} as column {@code def} stores it, PostgreSQL's rules for declared lengths: into a {@code CHAR(n)}
     * without its trailing blanks (see {@link dev.nabla.storage.ColumnLimit#blankPadded}), into a {@code VARCHAR(n)}
     * cut to n characters when everything past the n-th is blanks; {@link #checkColumn} then fails anything still too
     * long. Returns {@code v} itself when no live row changes, else a copy of all of {@code v}'s rows (a batch may be
     * read again through another selection, as ON CONFLICT does row by row): the incoming vector may be a view of
     * another table's storage and is never written.
     */
    static ColumnVector fitDeclaredLength(dev.nabla.storage.ColumnDef def, ColumnVector v, int[] sel, int n) {
        dev.nabla.storage.ColumnLimit limit = def.limit();
        if (limit == null || limit.maxLength() < 0 || v.type.physical() != dev.nabla.storage.PhysicalType.STRING)
            return v;
        boolean padded = limit.blankPadded();
        int max = limit.maxLength();
        int rows = v.constant ? Math.min(n, 1) : n;
        String[] out = null;
        int last = v.strings.length - v.offset - 1;
        for (int i = 0; i < rows; i++) {
            int r = v.constant ? 0 : sel == null ? i : sel[i];
            if (v.isNull(r)) continue;
            String s = v.getString(r);
            String fitted = padded ? stripTrailingBlanks(s) : cutTrailingBlanks(s, max);
            if (fitted == s) continue;
            if (v.constant) return ColumnVector.constant(v.type, fitted);
            if (out == null) out = java.util.Arrays.copyOfRange(v.strings, v.offset, v.offset + last + 1);
            out[r] = fitted;
        }
        if (out == null) return v;
        long[] nulls = null;
        if (v.nulls != null) {
            nulls = new long[(last + 64) >>> 6];
            for (int r = 0; r <= last; r++) if (v.isNull(r)) nulls[r >>> 6] |= 1L << r;
        }
        return ColumnVector.ofStrings(out, nulls, 0);
    }

    /** A copy of the text vector {@code v} with every value padded with spaces to {@code n} characters. */
    static ColumnVector blankPadded(ColumnVector v, int n) {
        if (v.type.physical() != dev.nabla.storage.PhysicalType.STRING) return v;
        if (v.constant) return v.isNull(0) ? v : ColumnVector.constant(v.type, pad(v.getString(0), n));
        String[] out = java.util.Arrays.copyOfRange(v.strings, v.offset, v.strings.length);
        for (int r = 0; r < out.length; r++) if (out[r] != null && !v.isNull(r)) out[r] = pad(out[r], n);
        long[] nulls = null;
        if (v.nulls != null) {
            nulls = new long[(out.length + 63) >>> 6];
            for (int r = 0; r < out.length; r++) if (v.isNull(r)) nulls[r >>> 6] |= 1L << r;
        }
        return ColumnVector.ofStrings(out, nulls, 0);
    }

    private static String pad(String s, int n) {
        int have = s.length() < n ? s.codePointCount(0, s.length()) : n;
        return have >= n ? s : s + " ".repeat(n - have);
    }

    /** {@code s} without trailing spaces (itself when it has none). */
    private static String stripTrailingBlanks(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') end--;
        return end == s.length() ? s : s.substring(0, end);
    }

    /** {@code s} cut to {@code max} code points when all the rest are spaces (PostgreSQL's VARCHAR(n)); else itself. */
    private static String cutTrailingBlanks(String s, int max) {
        if (s.length() <= max || s.codePointCount(0, s.length()) <= max) return s;
        int cut = s.offsetByCodePoints(0, max);
        for (int k = cut; k < s.length(); k++) if (s.charAt(k) != ' ') return s;
        return s.substring(0, cut);
    }

    /**
     * Fails when a live row of {@code v} does not fit column {@code def}: an INTEGER's 32 bits (see
     * {@link #checkIntegerRange}), a SMALLINT's 16 bits (22003) or a VARCHAR(n)/CHAR(n)'s n characters (22001).
     */
    static void checkColumn(dev.nabla.storage.ColumnDef def, ColumnVector v, int[] sel, int n, String column) {
        if (def.type() == DataType.INTEGER) checkIntegerRange(v, sel, n, column);
        dev.nabla.storage.ColumnLimit limit = def.limit();
        if (limit == null || v.type == DataType.NULL) return;
        int rows = v.constant ? Math.min(n, 1) : n;
        boolean strings = v.type.physical() == dev.nabla.storage.PhysicalType.STRING;
        boolean longs = v.type.physical() == dev.nabla.storage.PhysicalType.LONG;
        for (int i = 0; i < rows; i++) {
            int r = sel == null ? i : sel[i];
            if (v.isNull(r)) continue;
            if (strings && limit.maxLength() >= 0) {
                String s = v.getString(r);
                // length() bounds the code point count from above: count only when it might be too long
                if (s.length() > limit.maxLength() && s.codePointCount(0, s.length()) > limit.maxLength()) {
                    throw new dev.nabla.common.NablaException(
                            dev.nabla.common.ErrorCode.STRING_TOO_LONG,
                            "value too long for type " + limit.sqlName().toLowerCase(java.util.Locale.ROOT)
                                    + " of column " + column);
                }
            } else if (longs) {
                long x = v.getLong(r);
                if (x < limit.min() || x > limit.max()) {
                    throw new dev.nabla.common.NablaException(
                            dev.nabla.common.ErrorCode.NUMERIC_OVERFLOW,
                            "value " + x + " is out of range for " + limit.sqlName() + " column " + column);
                }
            }
        }
    }

    /** A one-column VARCHAR result, one row per line. */
    static Result textResult(String column, List<String> lines) {
        return stringsResult(List.of(column), List.<String[]>of(lines.toArray(new String[0])));
    }

    /** A VARCHAR result from equally long columns (null elements are SQL NULL). */
    static Result stringsResult(List<String> names, List<String[]> columns) {
        int n = columns.isEmpty() ? 0 : columns.get(0).length;
        List<Batch> batches = new ArrayList<>();
        for (int start = 0; start < n; start += Batch.CAPACITY) {
            int k = Math.min(Batch.CAPACITY, n - start);
            ColumnVector[] vs = new ColumnVector[columns.size()];
            for (int c = 0; c < vs.length; c++) {
                String[] data = new String[k];
                System.arraycopy(columns.get(c), start, data, 0, k);
                long[] nulls = null;
                for (int i = 0; i < k; i++) {
                    if (data[i] == null) {
                        if (nulls == null) nulls = new long[(k + 63) >>> 6];
                        nulls[i >>> 6] |= 1L << i;
                    }
                }
                vs[c] = ColumnVector.ofStrings(data, nulls, 0);
            }
            batches.add(new Batch(vs, k));
        }
        List<DataType> types = new ArrayList<>();
        for (int c = 0; c < names.size(); c++) types.add(DataType.VARCHAR);
        return Result.rows(names, types, batches);
    }
}
