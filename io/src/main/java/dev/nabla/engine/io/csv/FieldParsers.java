package dev.nabla.engine.io.csv;

import dev.nabla.storage.TimeOfDay;

/**
 * Allocation-free parsers for CSV fields straight from the parser's char buffer. Each returns false
 * (or sets {@link #ok} false) instead of throwing, so inference and loading pay no exception cost on
 * the common path. Results are exact: doubles use Clinger's fast path (mantissa below 2^53 and a
 * power of ten up to 22 are both exact, so one multiplication or division rounds correctly), then
 * {@link EiselLemire} for mantissas of up to 19 digits, and {@link Double#parseDouble} beyond.
 */
public final class FieldParsers {
    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22
    };

    /** Result slot of the last parse (one parser per reading thread). */
    public long longValue;

    public double doubleValue;

    public boolean parseLong(char[] b, int off, int len) {
        int i = off, end = off + len;
        if (i == end) return false;
        boolean neg = false;
        char c = b[i];
        if (c == '-' || c == '+') {
            neg = c == '-';
            if (++i == end) return false;
        }
        long v = 0;
        // accumulate negatively so that Long.MIN_VALUE parses
        for (; i < end; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) return false;
            if (v < -922337203685477580L || (v == -922337203685477580L && d > (neg ? 8 : 7))) return false;
            v = v * 10 - d;
        }
        longValue = neg ? v : -v;
        return true;
    }

    public boolean parseDouble(char[] b, int off, int len) {
        int i = off, end = off + len;
        if (i == end) return false;
        boolean neg = false;
        char c = b[i];
        if (c == '-' || c == '+') {
            neg = c == '-';
            if (++i == end) return false;
        }
        long mant = 0;
        int digits = 0, exp = 0;
        boolean any = false;
        // integer part, then fraction: up to 19 significant digits accumulate (unsigned, they always fit in 64 bits)
        for (; i < end; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) break;
            any = true;
            if (digits == 19) return slowDouble(b, off, len);
            mant = mant * 10 + d;
            if (mant != 0) digits++;
        }
        if (i < end && b[i] == '.') {
            for (i++; i < end; i++) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) break;
                any = true;
                if (digits == 19) return slowDouble(b, off, len);
                mant = mant * 10 + d;
                if (mant != 0) digits++;
                exp--;
            }
        }
        if (!any) return slowDouble(b, off, len);
        if (i < end) {
            c = b[i];
            if (c != 'e' && c != 'E') return false;
            if (++i == end) return false;
            boolean eneg = false;
            if (b[i] == '-' || b[i] == '+') {
                eneg = b[i] == '-';
                if (++i == end) return false;
            }
            int e = 0;
            for (; i < end; i++) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) return false;
                if (e < 100_000) e = e * 10 + d;
            }
            exp += eneg ? -e : e;
        }
        if (mant == 0) {
            doubleValue = neg ? -0.0 : 0.0;
            return true;
        }
        if (mant > 0 && mant < (1L << 53) && exp >= -22 && exp <= 22) {
            double d = (double) mant;
            d = exp < 0 ? d / POW10[-exp] : d * POW10[exp];
            doubleValue = neg ? -d : d;
            return true;
        }
        long bits = EiselLemire.bits(mant, exp);
        if (bits == EiselLemire.UNSURE) return slowDouble(b, off, len);
        double d = Double.longBitsToDouble(bits);
        doubleValue = neg ? -d : d;
        return true;
    }

    private boolean slowDouble(char[] b, int off, int len) {
        String s = new String(b, off, len);
        // Java accepts hex floats, "NaN", "Infinity" and a trailing 'd'/'f': keep only what SQL text means
        for (int i = 0; i < len; i++) {
            char c = b[off + i];
            if (c == 'x' || c == 'X' || c == 'd' || c == 'D' || c == 'f' || c == 'F' || c == 'p' || c == 'P') {
                return special(s);
            }
        }
        if (s.indexOf('N') >= 0 || s.indexOf('I') >= 0 || s.indexOf('n') >= 0 || s.indexOf('i') >= 0) return special(s);
        try {
            doubleValue = Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private boolean special(String s) {
        switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "nan", "+nan", "-nan" -> doubleValue = Double.NaN;
            case "inf", "+inf", "infinity", "+infinity" -> doubleValue = Double.POSITIVE_INFINITY;
            case "-inf", "-infinity" -> doubleValue = Double.NEGATIVE_INFINITY;
            default -> {
                return false;
            }
        }
        return true;
    }

    public boolean parseBoolean(char[] b, int off, int len) {
        if (len == 4
                && (b[off] | 0x20) == 't'
                && (b[off + 1] | 0x20) == 'r'
                && (b[off + 2] | 0x20) == 'u'
                && (b[off + 3] | 0x20) == 'e') {
            longValue = 1;
            return true;
        }
        if (len == 5
                && (b[off] | 0x20) == 'f'
                && (b[off + 1] | 0x20) == 'a'
                && (b[off + 2] | 0x20) == 'l'
                && (b[off + 3] | 0x20) == 's'
                && (b[off + 4] | 0x20) == 'e') {
            longValue = 0;
            return true;
        }
        return false;
    }

    /** {@code YYYY-MM-DD} → epoch days in {@link #longValue}. */
    public boolean parseDate(char[] b, int off, int len) {
        if (len != 10 || b[off + 4] != '-' || b[off + 7] != '-') return false;
        int y = digits(b, off, 4), m = digits(b, off + 5, 2), d = digits(b, off + 8, 2);
        if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return false;
        longValue = epochDay(y, m, d);
        return true;
    }

    /** {@code HH:MM[:SS[.f]]} → microseconds since midnight in {@link #longValue} (see {@link TimeOfDay#parse}). */
    public boolean parseTime(char[] b, int off, int len) {
        long t = TimeOfDay.parse(b, off, len);
        if (t < 0) return false;
        longValue = t;
        return true;
    }

    /**
     * A TIMESTAMPTZ's text ({@code 2024-01-01 12:00:00+01}, {@code …Z}, {@code … Europe/Paris}; see {@link
     * dev.nabla.storage.Instants#parse}) → UTC epoch microseconds in {@link #longValue}. Text without an offset is
     * read in UTC (files are read without the session's zone; documented in docs/io.md).
     */
    public boolean parseInstant(char[] b, int off, int len) {
        // cheap rejection first: every accepted text starts with a date
        if (len < 10 || !parseDate(b, off, 10)) return false;
        try {
            longValue = dev.nabla.storage.Instants.parse(new String(b, off, len), java.time.ZoneOffset.UTC);
            return true;
        } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
            return false;
        }
    }

    /** {@code YYYY-MM-DD[ T]HH:MM[:SS[.f{1,9}]]} (or a bare date) → epoch microseconds in {@link #longValue}. */
    public boolean parseTimestamp(char[] b, int off, int len) {
        if (len < 10 || !parseDate(b, off, 10)) return false;
        long day = longValue;
        if (len == 10) {
            longValue = day * 86_400_000_000L;
            return true;
        }
        int p = off + 10;
        int end = off + len;
        if ((b[p] != ' ' && b[p] != 'T') || len < 16 || b[p + 3] != ':') return false;
        int hh = digits(b, p + 1, 2), mm = digits(b, p + 4, 2), ss = 0;
        p += 6;
        long micros = 0;
        if (p < end) {
            if (b[p] != ':' || p + 3 > end) return false;
            ss = digits(b, p + 1, 2);
            p += 3;
            if (p < end) {
                if (b[p] != '.' || p + 1 == end) return false;
                p++;
                int n = 0;
                for (; p < end; p++, n++) {
                    int dgt = b[p] - '0';
                    if (dgt < 0 || dgt > 9 || n >= 9) return false;
                    if (n < 6) micros = micros * 10 + dgt;
                }
                for (int k = Math.min(n, 6); k < 6; k++) micros *= 10;
            }
        }
        if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 59) return false;
        longValue = day * 86_400_000_000L + (hh * 3600L + mm * 60L + ss) * 1_000_000L + micros;
        return true;
    }

    private static int digits(char[] b, int off, int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            int d = b[off + i] - '0';
            if (d < 0 || d > 9) return -1;
            v = v * 10 + d;
        }
        return v;
    }

    private static int daysInMonth(int y, int m) {
        return switch (m) {
            case 2 -> (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (the algorithm of {@code LocalDate.toEpochDay}). */
    static long epochDay(long y, int m, int d) {
        long total = 365 * y;
        if (y >= 0) total += (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
        else total -= y / -4 - y / -100 + y / -400;
        total += (367L * m - 362) / 12;
        total += d - 1;
        if (m > 2) {
            total--;
            if (!(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))) total--;
        }
        return total - 719_528;
    }
}
