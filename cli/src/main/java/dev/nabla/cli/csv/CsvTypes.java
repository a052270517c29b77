package dev.nabla.cli.csv;

import dev.nabla.storage.DataType;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/** Type inference for CSV text: the narrowest of BIGINT, DOUBLE, BOOLEAN, DATE, TIMESTAMP that fits every value, else VARCHAR. */
public final class CsvTypes {
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendPattern("HH:mm[:ss]")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .toFormatter(Locale.ROOT);

    // candidate bits, narrowed value by value
    static final int BIGINT = 1, DOUBLE = 2, BOOLEAN = 4, DATE = 8, TIMESTAMP_BIT = 16;
    static final int ALL = BIGINT | DOUBLE | BOOLEAN | DATE | TIMESTAMP_BIT;

    private CsvTypes() {}

    /** The candidate types (bit set) the text could be. */
    static int candidates(String s) {
        String t = s.trim();
        if (t.isEmpty()) return 0;
        int bits = 0;
        if (isLong(t)) bits |= BIGINT | DOUBLE;
        else if (isDouble(t)) bits |= DOUBLE;
        String l = t.toLowerCase(Locale.ROOT);
        if (l.equals("true") || l.equals("false")) bits |= BOOLEAN;
        if (t.length() == 10 && t.charAt(4) == '-' && tryDate(t)) bits |= DATE | TIMESTAMP_BIT;
        else if (t.length() > 10 && t.charAt(4) == '-' && tryTimestamp(t)) bits |= TIMESTAMP_BIT;
        return bits;
    }

    static DataType typeOf(int bits, boolean sawValue) {
        if (!sawValue) return DataType.VARCHAR;
        if ((bits & BIGINT) != 0) return DataType.BIGINT;
        if ((bits & DOUBLE) != 0) return DataType.DOUBLE;
        if ((bits & BOOLEAN) != 0) return DataType.BOOLEAN;
        if ((bits & DATE) != 0) return DataType.DATE;
        if ((bits & TIMESTAMP_BIT) != 0) return DataType.TIMESTAMP;
        return DataType.VARCHAR;
    }

    /** Converts text already known to fit {@code type}. */
    public static Object parse(String s, DataType type) {
        String t = s.trim();
        return switch (type) {
            case BIGINT, INTEGER -> Long.parseLong(t);
            case DOUBLE, REAL -> Double.parseDouble(t);
            case BOOLEAN -> Boolean.parseBoolean(t);
            case DATE -> LocalDate.parse(t);
            case TIMESTAMP -> t.length() == 10 ? LocalDate.parse(t).atStartOfDay() : LocalDateTime.parse(t, TIMESTAMP);
            default -> s;
        };
    }

    private static boolean isLong(String t) {
        int i = t.charAt(0) == '-' || t.charAt(0) == '+' ? 1 : 0;
        if (i == t.length() || t.length() - i > 18) return false;
        for (; i < t.length(); i++) if (t.charAt(i) < '0' || t.charAt(i) > '9') return false;
        return true;
    }

    private static boolean isDouble(String t) {
        char last = Character.toLowerCase(t.charAt(t.length() - 1));
        // Java accepts "1d", "0x1p3", "NaN"; CSV numbers are plain decimal
        if (last == 'd' || last == 'f' || t.contains("x") || t.contains("X")) return false;
        String l = t.toLowerCase(Locale.ROOT);
        if (l.equals("nan") || l.equals("inf") || l.equals("-inf") || l.equals("infinity") || l.equals("-infinity")) return false;
        try {
            Double.parseDouble(t);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean tryDate(String t) {
        try {
            LocalDate.parse(t);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean tryTimestamp(String t) {
        try {
            LocalDateTime.parse(t, TIMESTAMP);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
