package dev.nabla.storage;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import java.util.UUID;

/**
 * The one place that knows how a {@link ScalarType#UUID} is stored: two longs on the
 * {@link PhysicalType#INT128} layout, the high word with its top bit flipped (DuckDB's layout), so the
 * signed 128-bit comparison of {@link Int128#compare} orders UUIDs by their unsigned bytes, the order
 * of their canonical text. Boxed values are {@link UUID}s; text is the canonical lower-case form.
 */
public final class Uuids {
    private Uuids() {}

    /** The stored high word of {@code u}. */
    public static long high(UUID u) {
        return u.getMostSignificantBits() ^ Long.MIN_VALUE;
    }

    /** The stored low word of {@code u}. */
    public static long low(UUID u) {
        return u.getLeastSignificantBits();
    }

    /** The UUID stored as the words {@code hi}, {@code lo}. */
    public static UUID box(long hi, long lo) {
        return new UUID(hi ^ Long.MIN_VALUE, lo);
    }

    /** The stored high word of a boxed 128-bit value: a UUID, or a DECIMAL's BigDecimal (its unscaled value). */
    public static long wideHigh(Object v) {
        return v instanceof UUID u ? high(u) : Int128.high(((java.math.BigDecimal) v).unscaledValue());
    }

    /** The stored low word of a boxed 128-bit value (see {@link #wideHigh}). */
    public static long wideLow(Object v) {
        return v instanceof UUID u ? low(u) : Int128.low(((java.math.BigDecimal) v).unscaledValue());
    }

    /**
     * UUIDs in SQL order, their unsigned bytes (the order of their text); {@link UUID#compareTo} compares
     * signed halves and would put {@code 80000000-…} before {@code 7fffffff-…}.
     */
    public static int compare(UUID a, UUID b) {
        return Int128.compare(high(a), low(a), high(b), low(b));
    }

    /** The boxed value of a 128-bit row of type {@code t}: a {@link UUID} or a DECIMAL's BigDecimal. */
    public static Object box(DataType t, long hi, long lo) {
        return t == DataType.UUID ? box(hi, lo) : ((DecimalType) t).box(hi, lo);
    }

    /** The canonical text (lower-case, 8-4-4-4-12) of the UUID stored as {@code hi}, {@code lo}. */
    public static String format(long hi, long lo) {
        return box(hi, lo).toString();
    }

    /**
     * Parses the forms DuckDB accepts: 32 hex digits in either case, optionally in braces, with
     * hyphens anywhere among them ({@code a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11},
     * {@code A0EEBC999C0B4EF8BB6D6BB9BD380A11}, {@code {a0eebc99-…}}); no surrounding blanks (as DuckDB).
     *
     * @return null when {@code s} is not a UUID
     */
    public static UUID tryParse(String s) {
        int from = 0, to = s.length();
        if (to >= 2 && s.charAt(0) == '{' && s.charAt(to - 1) == '}') {
            from++;
            to--;
        }
        long hi = 0, lo = 0;
        int digits = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '-') continue;
            int d = c >= '0' && c <= '9'
                    ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0 || digits == 32) return null;
            if (digits < 16) hi = hi << 4 | d;
            else lo = lo << 4 | d;
            digits++;
        }
        return digits == 32 ? new UUID(hi, lo) : null;
    }

    /**
     * {@link #tryParse}, failing for text that is not a UUID.
     *
     * @throws NablaException {@link ErrorCode.INVALID_CAST} (22P02) for text that is not a UUID
     */
    public static UUID parse(String s) {
        UUID u = tryParse(s);
        if (u == null)
            throw new NablaException(ErrorCode.INVALID_CAST, "invalid input syntax for type uuid: \"" + s + "\"");
        return u;
    }
}
