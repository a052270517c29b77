package dev.nabla.storage;

/**
 * The representation of {@link DataType#TIME} values: microseconds since midnight, from 0 to
 * {@link #END} inclusive ({@code 24:00:00} is a valid TIME in PostgreSQL and DuckDB), and its text
 * form. One parser and one formatter serve literals, casts, CSV, JDBC and the file formats.
 */
public final class TimeOfDay {
    /** Microseconds in a day: the value of {@code TIME '24:00:00'}. */
    public static final long END = 86_400_000_000L;

    private TimeOfDay() {}

    /**
     * Parses {@code H[H]:M[M][:S[S][.ffffff]]} (blanks around it allowed; fraction digits past the sixth
     * are dropped, as DuckDB) into microseconds since midnight; -1 when the text is not a time of
     * day. {@code 24:00:00} is accepted, any other hour past 23 is not.
     */
    public static long parse(String s) {
        return parse(s.toCharArray(), 0, s.length());
    }

    /** {@link #parse(String)} over {@code b[off, off + len)}, allocation-free (the CSV and JSON readers). */
    public static long parse(char[] b, int off, int len) {
        int n = off + len;
        int i = off;
        while (i < n && b[i] == ' ') i++;
        while (n > i && b[n - 1] == ' ') n--;
        int start = i;
        long h = 0;
        while (i < n && isDigit(b[i]) && i - start < 2) h = h * 10 + (b[i++] - '0');
        if (i == start || i >= n || b[i] != ':') return -1;
        i++;
        int mStart = i;
        long m = 0;
        while (i < n && isDigit(b[i]) && i - mStart < 2) m = m * 10 + (b[i++] - '0');
        if (i == mStart) return -1;
        long sec = 0;
        long micros = 0;
        if (i < n) {
            if (b[i] != ':') return -1;
            int sStart = ++i;
            while (i < n && isDigit(b[i]) && i - sStart < 2) sec = sec * 10 + (b[i++] - '0');
            if (i == sStart) return -1;
            if (i < n) {
                if (b[i] != '.' || i + 1 >= n) return -1;
                i++;
                long scale = 100_000;
                while (i < n && isDigit(b[i])) {
                    // digits past the microsecond are dropped (DuckDB truncates; PostgreSQL would round)
                    micros += (b[i] - '0') * scale;
                    scale /= 10;
                    i++;
                }
                if (i != n) return -1;
            }
        }
        if (m > 59 || sec > 59 || h > 24) return -1;
        long v = ((h * 60 + m) * 60 + sec) * 1_000_000L + micros;
        return v > END ? -1 : v;
    }

    /** {@code HH:MM:SS[.ffffff]}, the fraction without trailing zeros (PostgreSQL's and DuckDB's form). */
    public static String format(long micros) {
        StringBuilder sb = new StringBuilder(15);
        append(sb, micros);
        return sb.toString();
    }

    /** Appends {@link #format}'s text; also the time part of a TIMESTAMP's text. */
    public static void append(StringBuilder sb, long micros) {
        long secs = micros / 1_000_000L;
        int frac = (int) (micros % 1_000_000L);
        two(sb, (int) (secs / 3600));
        sb.append(':');
        two(sb, (int) (secs / 60 % 60));
        sb.append(':');
        two(sb, (int) (secs % 60));
        if (frac != 0) {
            sb.append('.');
            int digits = 6;
            while (frac % 10 == 0) {
                frac /= 10;
                digits--;
            }
            String f = Integer.toString(frac);
            for (int k = f.length(); k < digits; k++) sb.append('0');
            sb.append(f);
        }
    }

    /** The time of day of a TIMESTAMP (epoch microseconds). */
    public static long ofTimestamp(long epochMicros) {
        return Math.floorMod(epochMicros, END);
    }

    /** {@code t} moved by {@code deltaMicros}, wrapping around midnight (TIME ± INTERVAL, as PostgreSQL). */
    public static long add(long t, long deltaMicros) {
        return Math.floorMod(t + deltaMicros, END);
    }

    private static void two(StringBuilder sb, int v) {
        if (v < 10) sb.append('0');
        sb.append(v);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
