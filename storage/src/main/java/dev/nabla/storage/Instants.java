package dev.nabla.storage;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneRules;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The representation of {@link DataType#TIMESTAMP_TZ} values: UTC epoch microseconds (the layout of a
 * TIMESTAMP), and everything that needs a zone to read or show one: text in and out, the session zone's
 * local time (TIMESTAMP ↔ TIMESTAMPTZ) and zone names. One place for literals, casts, CSV, JSON, JDBC and
 * the file formats.
 *
 * <p>Local times that a zone skips (a spring-forward gap) move forward by the gap and ambiguous ones (a
 * fall-back overlap) take the later, standard-time offset, as PostgreSQL (docs: "Handling of Invalid or
 * Ambiguous Timestamps") and DuckDB 1.4.1 do.
 */
public final class Instants {
    private static final long MICROS_PER_SECOND = 1_000_000L;

    private Instants() {}

    /** Lower-case zone id → its canonical spelling, so that {@code SET TimeZone = 'europe/berlin'} works. */
    private static volatile Map<String, String> zoneIds;

    /**
     * The zone a name means: an IANA name in any letter case ({@code Europe/Berlin}), {@code UTC}/{@code GMT}/
     * {@code Z}, or an ISO offset ({@code +01}, {@code +05:30}, {@code -0800}); null for anything else.
     */
    public static ZoneId zone(String name) {
        String s = name.trim();
        if (s.isEmpty()) return null;
        if (s.equalsIgnoreCase("utc") || s.equalsIgnoreCase("z") || s.equalsIgnoreCase("gmt")) return ZoneOffset.UTC;
        char c = s.charAt(0);
        if (c == '+' || c == '-') {
            int off = offsetSeconds(s);
            return off == Integer.MIN_VALUE ? null : ZoneOffset.ofTotalSeconds(off);
        }
        Map<String, String> ids = zoneIds;
        if (ids == null) {
            Map<String, String> m = new HashMap<>();
            for (String id : ZoneId.getAvailableZoneIds()) m.put(id.toLowerCase(Locale.ROOT), id);
            zoneIds = ids = m;
        }
        String id = ids.get(s.toLowerCase(Locale.ROOT));
        if (id == null) return null;
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** A zone's name as SHOW TimeZone prints it ({@code UTC}, {@code Europe/Berlin}, {@code +05:30}). */
    public static String name(ZoneId zone) {
        return zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
    }

    /**
     * {@code ±HH[[:]MM[[:]SS]]} in seconds east of UTC, or {@link Integer#MIN_VALUE} when the text is not
     * one (hours up to 15, as PostgreSQL's range of offsets).
     */
    static int offsetSeconds(String s) {
        int n = s.length();
        if (n < 2) return Integer.MIN_VALUE;
        int sign = s.charAt(0) == '-' ? -1 : s.charAt(0) == '+' ? 1 : 0;
        if (sign == 0) return Integer.MIN_VALUE;
        int[] parts = new int[3];
        int part = 0, i = 1;
        while (i < n && part < 3) {
            int start = i;
            int v = 0;
            while (i < n && i - start < 2 && Character.isDigit(s.charAt(i))) v = v * 10 + (s.charAt(i++) - '0');
            if (i == start) return Integer.MIN_VALUE;
            parts[part++] = v;
            if (i < n && s.charAt(i) == ':') i++;
        }
        if (i != n || parts[0] > 15 || parts[1] > 59 || parts[2] > 59) return Integer.MIN_VALUE;
        return sign * (parts[0] * 3600 + parts[1] * 60 + parts[2]);
    }

    /**
     * Parses a timestamp's text with an optional zone: {@code YYYY-MM-DD[( |T)HH:MM[:SS[.f]]]} followed by
     * nothing (read in {@code sessionZone}), {@code Z}, an offset ({@code +01}, {@code +05:30}, {@code -0800},
     * blank before it allowed) or a zone name ({@code Europe/Paris}, {@code UTC}). Throws {@link
     * IllegalArgumentException} for anything else.
     */
    public static long parse(String text, ZoneId sessionZone) {
        String s = text.trim();
        int split = zoneStart(s);
        String local = (split < 0 ? s : s.substring(0, split)).trim();
        ZoneId zone = sessionZone;
        if (split >= 0) {
            String z = s.substring(split).trim();
            ZoneId named = zone(z);
            if (named == null) throw new IllegalArgumentException("unknown time zone '" + z + "'");
            zone = named;
        }
        LocalDateTime t;
        try {
            if (local.length() <= 10) t = LocalDate.parse(local).atStartOfDay();
            else t = LocalDateTime.parse(local.replace(' ', 'T'));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("invalid timestamp '" + text + "'", e);
        }
        long localMicros = t.toEpochSecond(ZoneOffset.UTC) * MICROS_PER_SECOND + t.getNano() / 1000;
        return fromLocal(localMicros, zone);
    }

    /** Whether {@link #parse} would find a zone or offset in the text (then it needs no session zone). */
    public static boolean hasZone(String text) {
        return zoneStart(text.trim()) >= 0;
    }

    /** Where the zone part of a trimmed timestamp text starts (its sign, Z, blank or letter), or -1. */
    private static int zoneStart(String s) {
        // the date is YYYY-MM-DD: signs before its end are the date's; a zone follows the time of day
        int timeStart = s.length() > 10 ? 11 : s.length();
        for (int i = timeStart; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+' || c == '-') return i;
            if (Character.isLetter(c)) return i;
            if (c == ' ' && i + 1 < s.length()) {
                char next = s.charAt(i + 1);
                if (next == '+' || next == '-' || Character.isLetter(next)) return i + 1;
            }
        }
        // a date alone followed by a zone name: '2024-01-01 Europe/Paris'
        if (s.length() > 11 && s.charAt(10) == ' ' && Character.isLetter(s.charAt(11))) return 11;
        return -1;
    }

    /** The offset from UTC, in seconds, of {@code zone} at the instant {@code utcMicros}. */
    public static int offsetSeconds(long utcMicros, ZoneId zone) {
        if (zone instanceof ZoneOffset o) return o.getTotalSeconds();
        ZoneRules rules = zone.getRules();
        if (rules.isFixedOffset()) return rules.getOffset(Instant.EPOCH).getTotalSeconds();
        return rules.getOffset(Instant.ofEpochSecond(Math.floorDiv(utcMicros, MICROS_PER_SECOND)))
                .getTotalSeconds();
    }

    /** The local wall-clock time in {@code zone} of an instant, as TIMESTAMP microseconds. */
    public static long toLocal(long utcMicros, ZoneId zone) {
        return utcMicros + offsetSeconds(utcMicros, zone) * MICROS_PER_SECOND;
    }

    /**
     * The instant a local wall-clock time in {@code zone} means (TIMESTAMP → TIMESTAMPTZ): a time in a gap moves
     * forward by the gap, an ambiguous one takes the later (standard-time) offset.
     */
    public static long fromLocal(long localMicros, ZoneId zone) {
        if (zone instanceof ZoneOffset o) return localMicros - o.getTotalSeconds() * MICROS_PER_SECOND;
        ZoneRules rules = zone.getRules();
        if (rules.isFixedOffset())
            return localMicros - rules.getOffset(Instant.EPOCH).getTotalSeconds() * MICROS_PER_SECOND;
        long secs = Math.floorDiv(localMicros, MICROS_PER_SECOND);
        long frac = Math.floorMod(localMicros, MICROS_PER_SECOND);
        LocalDateTime t = LocalDateTime.ofEpochSecond(secs, 0, ZoneOffset.UTC);
        ZonedDateTime z = ZonedDateTime.ofLocal(t, zone, null).withLaterOffsetAtOverlap();
        return z.toEpochSecond() * MICROS_PER_SECOND + frac;
    }

    /**
     * PostgreSQL's text of an instant in {@code zone}: {@code 2024-01-01 12:00:00+01}, the fraction without
     * trailing zeros, the offset as {@code +HH}, {@code +HH:MM} or {@code +HH:MM:SS}.
     */
    public static String format(long utcMicros, ZoneId zone) {
        int off = offsetSeconds(utcMicros, zone);
        long local = utcMicros + off * MICROS_PER_SECOND;
        StringBuilder sb = new StringBuilder(32);
        long day = Math.floorDiv(local, TimeOfDay.END);
        LocalDate d = LocalDate.ofEpochDay(day);
        int year = d.getYear();
        if (year < 1) {
            // PostgreSQL writes years before 1 as "0001-01-01 … BC"; keep ISO's sign form like TIMESTAMP does
            sb.append(d);
        } else {
            if (year < 1000) sb.append(year < 10 ? "000" : year < 100 ? "00" : "0");
            sb.append(year).append('-');
            if (d.getMonthValue() < 10) sb.append('0');
            sb.append(d.getMonthValue()).append('-');
            if (d.getDayOfMonth() < 10) sb.append('0');
            sb.append(d.getDayOfMonth());
        }
        sb.append(' ');
        TimeOfDay.append(sb, Math.floorMod(local, TimeOfDay.END));
        appendOffset(sb, off);
        return sb.toString();
    }

    /** {@code +HH}, {@code +HH:MM} or {@code +HH:MM:SS} (PostgreSQL's form of a UTC offset). */
    public static void appendOffset(StringBuilder sb, int offsetSeconds) {
        sb.append(offsetSeconds < 0 ? '-' : '+');
        int a = Math.abs(offsetSeconds);
        int h = a / 3600, m = a / 60 % 60, sec = a % 60;
        if (h < 10) sb.append('0');
        sb.append(h);
        if (m != 0 || sec != 0) {
            sb.append(':');
            if (m < 10) sb.append('0');
            sb.append(m);
        }
        if (sec != 0) {
            sb.append(':');
            if (sec < 10) sb.append('0');
            sb.append(sec);
        }
    }
}
