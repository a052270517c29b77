package dev.nabla.cli.output;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Display text of single values, the same in every layout. */
public final class Cells {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

    private Cells() {}

    /** The display form of a non-null value. */
    public static String text(Object v) {
        return switch (v) {
            case null -> "";
            case Double d -> formatDouble(d);
            case BigDecimal d -> d.toPlainString(); // DECIMAL: every digit of its scale, never 1E-7
            case Float f -> formatDouble(f.doubleValue());
            case LocalDateTime t ->
                t.getNano() == 0
                        ? t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))
                        : trimFraction(t.format(TIMESTAMP));
            case LocalDate d -> d.toString();
            // LocalTime's own text drops zero seconds (12:00); a TIME always shows them, as DuckDB
            case java.time.LocalTime t ->
                t.equals(java.time.LocalTime.MAX)
                        ? "24:00:00"
                        : dev.nabla.storage.TimeOfDay.format(t.toNanoOfDay() / 1000);
            // TIMESTAMPTZ: Result gives the instant at the session zone's offset; shown as PostgreSQL prints it
            case java.time.OffsetDateTime t ->
                dev.nabla.storage.Instants.format(t.toEpochSecond() * 1_000_000L + t.getNano() / 1000, t.getOffset());
            case byte[] b -> dev.nabla.storage.Blobs.display(b);
            case double[] a -> dev.nabla.storage.ArrayText.format(a);
            default -> v.toString();
        };
    }

    /**
     * Shortest round-trip digits (Java's algorithm), in plain notation for "human" magnitudes and
     * as {@code 1.5e-07} outside them, so that 0.1 prints as 0.1 and 1e300 does not print 301 digits.
     */
    public static String formatDouble(double d) {
        if (Double.isNaN(d)) return "NaN";
        if (Double.isInfinite(d)) return d > 0 ? "Infinity" : "-Infinity";
        if (d == 0) return (1 / d < 0) ? "-0.0" : "0.0";
        double a = Math.abs(d);
        String s = Double.toString(d);
        if (a >= 1e-5 && a < 1e16) {
            if (s.indexOf('E') < 0) return s;
            String plain = new BigDecimal(s).stripTrailingZeros().toPlainString();
            return plain.indexOf('.') < 0 ? plain + ".0" : plain;
        }
        int e = s.indexOf('E');
        if (e < 0) return s;
        String mant = s.substring(0, e);
        if (mant.endsWith(".0")) mant = mant.substring(0, mant.length() - 2);
        int exp = Integer.parseInt(s.substring(e + 1));
        return mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    private static String trimFraction(String s) {
        int dot = s.lastIndexOf('.');
        if (dot < 0) return s;
        int end = s.length();
        while (end > dot + 1 && s.charAt(end - 1) == '0') end--;
        return s.substring(0, end);
    }

    /**
     * Width in terminal cells: East Asian wide characters (CJK, Hangul, full-width forms) and emoji take two,
     * combining marks, zero-width joiners and variation selectors none, everything else one; so that box,
     * table and markdown borders line up under CJK text, emoji and accented letters written with combining marks.
     */
    public static int width(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            w += width(cp);
            i += Character.charCount(cp);
        }
        return w;
    }

    /** Terminal cells of one code point (0, 1 or 2). */
    public static int width(int cp) {
        if (cp < 0x300) return 1; // ASCII and Latin-1: the common case first
        int type = Character.getType(cp);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT)
            return 0;
        if ((cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF) || (cp >= 0x1160 && cp <= 0x11FF))
            return 0; // variation selectors, Hangul medial vowels and final consonants (they join the syllable)
        return wide(cp) ? 2 : 1;
    }

    /** East Asian Wide and Fullwidth ranges (Unicode 15, UAX #11) and the emoji presentation blocks. */
    private static boolean wide(int cp) {
        return (cp >= 0x1100 && cp <= 0x115F)
                || (cp >= 0x231A && cp <= 0x231B)
                || (cp >= 0x2329 && cp <= 0x232A)
                || (cp >= 0x23E9 && cp <= 0x23EC)
                || cp == 0x23F0
                || cp == 0x23F3
                || (cp >= 0x25FD && cp <= 0x25FE)
                || (cp >= 0x2614 && cp <= 0x2615)
                || (cp >= 0x2648 && cp <= 0x2653)
                || cp == 0x267F
                || cp == 0x2693
                || cp == 0x26A1
                || (cp >= 0x26AA && cp <= 0x26AB)
                || (cp >= 0x26BD && cp <= 0x26BE)
                || (cp >= 0x26C4 && cp <= 0x26C5)
                || cp == 0x26CE
                || cp == 0x26D4
                || cp == 0x26EA
                || (cp >= 0x26F2 && cp <= 0x26F3)
                || cp == 0x26F5
                || cp == 0x26FA
                || cp == 0x26FD
                || cp == 0x2705
                || (cp >= 0x270A && cp <= 0x270B)
                || cp == 0x2728
                || cp == 0x274C
                || cp == 0x274E
                || (cp >= 0x2753 && cp <= 0x2755)
                || cp == 0x2757
                || (cp >= 0x2795 && cp <= 0x2797)
                || cp == 0x27B0
                || cp == 0x27BF
                || (cp >= 0x2B1B && cp <= 0x2B1C)
                || cp == 0x2B50
                || cp == 0x2B55
                || (cp >= 0x2E80 && cp <= 0x303E)
                || (cp >= 0x3041 && cp <= 0x33FF)
                || (cp >= 0x3400 && cp <= 0x4DBF)
                || (cp >= 0x4E00 && cp <= 0x9FFF)
                || (cp >= 0xA000 && cp <= 0xA4CF)
                || (cp >= 0xA960 && cp <= 0xA97F)
                || (cp >= 0xAC00 && cp <= 0xD7A3)
                || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0xFE10 && cp <= 0xFE19)
                || (cp >= 0xFE30 && cp <= 0xFE6F)
                || (cp >= 0xFF00 && cp <= 0xFF60)
                || (cp >= 0xFFE0 && cp <= 0xFFE6)
                || (cp >= 0x16FE0 && cp <= 0x18CFF)
                || (cp >= 0x1B000 && cp <= 0x1B2FF)
                || cp == 0x1F004
                || cp == 0x1F0CF
                || cp == 0x1F18E
                || (cp >= 0x1F191 && cp <= 0x1F19A)
                || (cp >= 0x1F200 && cp <= 0x1F2FF)
                || (cp >= 0x1F300 && cp <= 0x1F64F)
                || (cp >= 0x1F680 && cp <= 0x1F6FF)
                || (cp >= 0x1F7E0 && cp <= 0x1F7EB)
                || (cp >= 0x1F90C && cp <= 0x1F9FF)
                || (cp >= 0x1FA70 && cp <= 0x1FAFF)
                || (cp >= 0x20000 && cp <= 0x3FFFD);
    }

    /** Cuts to at most {@code max} cells, ending with '…' when cut; a wide character is never split. */
    public static String cut(String s, int max) {
        if (width(s) <= max) return s;
        if (max <= 1) return "…";
        int w = 0, i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int cw = width(cp);
            if (w + cw > max - 1) break;
            w += cw;
            i += Character.charCount(cp);
        }
        // keep combining marks with the letter they sit on
        while (i < s.length() && width(s.codePointAt(i)) == 0) i += Character.charCount(s.codePointAt(i));
        return s.substring(0, i) + "…";
    }

    /** Control characters would break the grid: show them escaped. */
    public static String oneLine(String s) {
        if (s.indexOf('\n') < 0 && s.indexOf('\r') < 0 && s.indexOf('\t') < 0) return s;
        return s.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }
}
