package dev.nabla.engine.exec.expr;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.TextStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.util.Locale;

/**
 * DuckDB's {@code strftime}/{@code strptime} format specifiers (C's, plus {@code %-d} etc. without padding,
 * {@code %g} milliseconds, {@code %f} microseconds, {@code %n} nanoseconds), over timestamps without a time zone
 * ({@code %z} and {@code %Z} print nothing, as DuckDB does for a TIMESTAMP). English names.
 */
final class DateFormats {
    private DateFormats() {}

    static String format(LocalDateTime d, String fmt) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fmt.length(); i++) {
            char ch = fmt.charAt(i);
            if (ch != '%' || i + 1 == fmt.length()) {
                sb.append(ch);
                continue;
            }
            char s = fmt.charAt(++i);
            boolean pad = true;
            if (s == '-' && i + 1 < fmt.length()) {
                pad = false;
                s = fmt.charAt(++i);
            }
            switch (s) {
                case 'a' -> sb.append(d.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'A' -> sb.append(d.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case 'w' -> sb.append(d.getDayOfWeek().getValue() % 7);
                case 'u' -> sb.append(d.getDayOfWeek().getValue());
                case 'd' -> num(sb, d.getDayOfMonth(), 2, pad);
                case 'e' -> sb.append(d.getDayOfMonth() < 10 && pad ? " " : "").append(d.getDayOfMonth());
                case 'b', 'h' -> sb.append(d.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'B' -> sb.append(d.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case 'm' -> num(sb, d.getMonthValue(), 2, pad);
                case 'y' -> num(sb, Math.floorMod(d.getYear(), 100), 2, pad);
                case 'Y' -> sb.append(d.getYear());
                case 'G' -> sb.append(d.get(IsoFields.WEEK_BASED_YEAR));
                case 'H' -> num(sb, d.getHour(), 2, pad);
                case 'I' -> num(sb, d.getHour() % 12 == 0 ? 12 : d.getHour() % 12, 2, pad);
                case 'p' -> sb.append(d.getHour() < 12 ? "AM" : "PM");
                case 'M' -> num(sb, d.getMinute(), 2, pad);
                case 'S' -> num(sb, d.getSecond(), 2, pad);
                case 'g' -> num(sb, d.getNano() / 1_000_000, 3, true);
                case 'f' -> num(sb, d.getNano() / 1_000, 6, true);
                case 'n' -> num(sb, d.getNano(), 9, true);
                case 'j' -> num(sb, d.getDayOfYear(), 3, pad);
                case 'U' -> num(sb, weekOfYear(d.toLocalDate(), DayOfWeek.SUNDAY), 2, pad);
                case 'W' -> num(sb, weekOfYear(d.toLocalDate(), DayOfWeek.MONDAY), 2, pad);
                case 'V' -> num(sb, d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), 2, pad);
                case 'c' -> sb.append(format(d, "%Y-%m-%d %H:%M:%S"));
                case 'x' -> sb.append(format(d, "%Y-%m-%d"));
                case 'X' -> sb.append(format(d, "%H:%M:%S"));
                case 'z', 'Z' -> {}
                case '%' -> sb.append('%');
                default -> throw badSpecifier(fmt, s);
            }
        }
        return sb.toString();
    }

    /** Week of the year whose weeks start on {@code first}; days before the year's first such day are week 0 (C's %U/%W). */
    private static int weekOfYear(LocalDate d, DayOfWeek first) {
        int doy = d.getDayOfYear() - 1;
        int dow = Math.floorMod(d.getDayOfWeek().getValue() - first.getValue(), 7);
        return (doy + 7 - dow) / 7;
    }

    private static void num(StringBuilder sb, long v, int width, boolean pad) {
        String s = Long.toString(v);
        if (pad) for (int k = s.length(); k < width; k++) sb.append('0');
        sb.append(s);
    }

    private static NablaException badSpecifier(String fmt, char s) {
        return new NablaException(ErrorCode.INVALID_ARGUMENT, "unknown format specifier %" + s + " in '" + fmt + "'");
    }

    /** Parses {@code text} by {@code fmt}; the whole text must match (22007 otherwise). */
    static LocalDateTime parse(String text, String fmt) {
        int year = 1900, month = 1, day = 1, hour = 0, minute = 0, second = 0, nano = 0, doy = -1;
        Boolean pm = null;
        int p = 0;
        for (int i = 0; i < fmt.length(); i++) {
            char ch = fmt.charAt(i);
            if (ch != '%' || i + 1 == fmt.length()) {
                if (Character.isWhitespace(ch)) {
                    while (p < text.length() && Character.isWhitespace(text.charAt(p))) p++;
                    continue;
                }
                if (p >= text.length() || text.charAt(p) != ch) throw unparsable(text, fmt);
                p++;
                continue;
            }
            char s = fmt.charAt(++i);
            if (s == '-' && i + 1 < fmt.length()) s = fmt.charAt(++i);
            switch (s) {
                case 'Y' -> {
                    int[] r = digits(text, p, 1, 6, true, fmt);
                    year = r[0];
                    p = r[1];
                }
                case 'y' -> {
                    int[] r = digits(text, p, 1, 2, false, fmt);
                    year = r[0] < 69 ? 2000 + r[0] : 1900 + r[0]; // POSIX: 69–99 are 1969–1999
                    p = r[1];
                }
                case 'm' -> {
                    int[] r = digits(text, p, 1, 2, false, fmt);
                    month = r[0];
                    p = r[1];
                }
                case 'd', 'e' -> {
                    while (s == 'e' && p < text.length() && text.charAt(p) == ' ') p++;
                    int[] r = digits(text, p, 1, 2, false, fmt);
                    day = r[0];
                    p = r[1];
                }
                case 'j' -> {
                    int[] r = digits(text, p, 1, 3, false, fmt);
                    doy = r[0];
                    p = r[1];
                }
                case 'H', 'I' -> {
                    int[] r = digits(text, p, 1, 2, false, fmt);
                    hour = r[0];
                    p = r[1];
                }
                case 'M' -> {
                    int[] r = digits(text, p, 1, 2, false, fmt);
                    minute = r[0];
                    p = r[1];
                }
                case 'S' -> {
                    int[] r = digits(text, p, 1, 2, false, fmt);
                    second = r[0];
                    p = r[1];
                }
                case 'g', 'f', 'n' -> {
                    int max = s == 'g' ? 3 : s == 'f' ? 6 : 9;
                    int start = p;
                    int[] r = digits(text, p, 1, max, false, fmt);
                    int len = r[1] - start;
                    nano = r[0] * (int) Math.pow(10, 9 - len);
                    p = r[1];
                }
                case 'p' -> {
                    if (p + 2 > text.length()) throw unparsable(text, fmt);
                    String ap = text.substring(p, p + 2).toUpperCase(Locale.ROOT);
                    if (!ap.equals("AM") && !ap.equals("PM")) throw unparsable(text, fmt);
                    pm = ap.equals("PM");
                    p += 2;
                }
                case 'b', 'h', 'B' -> {
                    int[] r = englishName(
                            text, p, 12, (v, st) -> java.time.Month.of(v).getDisplayName(st, Locale.ENGLISH), fmt);
                    month = r[0];
                    p = r[1];
                }
                case 'a', 'A' ->
                    p = englishName(text, p, 7, (v, st) -> DayOfWeek.of(v).getDisplayName(st, Locale.ENGLISH), fmt)[1];
                case '%' -> {
                    if (p >= text.length() || text.charAt(p) != '%') throw unparsable(text, fmt);
                    p++;
                }
                default -> throw badSpecifier(fmt, s);
            }
        }
        if (p != text.length()) throw unparsable(text, fmt);
        if (pm != null) {
            if (hour < 1 || hour > 12) throw unparsable(text, fmt);
            hour = hour % 12 + (pm ? 12 : 0);
        }
        try {
            LocalDate date = doy > 0 ? LocalDate.ofYearDay(year, doy) : LocalDate.of(year, month, day);
            return date.atTime(hour, minute, second, nano);
        } catch (java.time.DateTimeException e) {
            throw new NablaException(
                    ErrorCode.INVALID_DATETIME,
                    "strptime: '" + text + "' is not a valid date or time (" + e.getMessage() + ")");
        }
    }

    /**
     * The month or weekday whose full or short English name (case-insensitive) stands at p: {its number (1-based),
     * the position after the name}; 22007 when none does.
     */
    private static int[] englishName(
            String text,
            int p,
            int count,
            java.util.function.BiFunction<Integer, TextStyle, String> nameOf,
            String fmt) {
        for (int v = 1; v <= count; v++) {
            for (TextStyle st : new TextStyle[] {TextStyle.FULL, TextStyle.SHORT}) {
                String name = nameOf.apply(v, st);
                if (text.regionMatches(true, p, name, 0, name.length())) return new int[] {v, p + name.length()};
            }
        }
        throw unparsable(text, fmt);
    }

    /** Reads min..max digits (a sign first when {@code signed}) at p: {value, new position}. */
    private static int[] digits(String text, int p, int min, int max, boolean signed, String fmt) {
        int start = p;
        boolean neg = false;
        if (signed && p < text.length() && (text.charAt(p) == '-' || text.charAt(p) == '+')) {
            neg = text.charAt(p) == '-';
            p++;
        }
        int v = 0, n = 0;
        while (p < text.length() && n < max && Character.isDigit(text.charAt(p))) {
            v = v * 10 + (text.charAt(p) - '0');
            p++;
            n++;
        }
        if (n < min) throw unparsable(text.substring(start), fmt);
        return new int[] {neg ? -v : v, p};
    }

    private static NablaException unparsable(String text, String fmt) {
        return new NablaException(
                ErrorCode.INVALID_DATETIME, "strptime: could not parse '" + text + "' with format '" + fmt + "'");
    }

    /** DuckDB's date_diff: the number of unit boundaries between a and b (b later gives a positive count). */
    static long diff(String unit, LocalDateTime a, LocalDateTime b) {
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "year", "years", "y", "yr", "yrs", "yy", "yyyy" -> (long) b.getYear() - a.getYear();
            case "quarter", "quarters" ->
                ((long) b.getYear() * 4 + (b.getMonthValue() - 1) / 3)
                        - ((long) a.getYear() * 4 + (a.getMonthValue() - 1) / 3);
            case "month", "months", "mon", "mons" ->
                ((long) b.getYear() * 12 + b.getMonthValue()) - ((long) a.getYear() * 12 + a.getMonthValue());
            case "week", "weeks", "w" ->
                (b.toLocalDate().toEpochDay() - a.toLocalDate().toEpochDay()) / 7;
            case "day", "days", "d", "dayofmonth" ->
                b.toLocalDate().toEpochDay() - a.toLocalDate().toEpochDay();
            case "hour", "hours", "h", "hr", "hrs" ->
                Math.floorDiv(micros(b), 3_600_000_000L) - Math.floorDiv(micros(a), 3_600_000_000L);
            case "minute", "minutes", "m", "min", "mins" ->
                Math.floorDiv(micros(b), 60_000_000L) - Math.floorDiv(micros(a), 60_000_000L);
            case "second", "seconds", "s", "sec", "secs" ->
                Math.floorDiv(micros(b), 1_000_000L) - Math.floorDiv(micros(a), 1_000_000L);
            case "millisecond", "milliseconds", "ms", "msec" ->
                Math.floorDiv(micros(b), 1_000L) - Math.floorDiv(micros(a), 1_000L);
            case "microsecond", "microseconds", "us", "usec" -> micros(b) - micros(a);
            default -> throw new NablaException(ErrorCode.INVALID_ARGUMENT, "unknown date part '" + unit + "'");
        };
    }

    private static long micros(LocalDateTime d) {
        return d.toEpochSecond(java.time.ZoneOffset.UTC) * 1_000_000L + d.get(ChronoField.MICRO_OF_SECOND);
    }
}
