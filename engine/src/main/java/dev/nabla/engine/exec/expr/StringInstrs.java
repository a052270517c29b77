package dev.nabla.engine.exec.expr;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.engine.exec.StringLimit;
import dev.nabla.plan.expr.Fn;
import dev.nabla.storage.Batch;
import dev.nabla.storage.Blobs;
import dev.nabla.storage.DataType;
import dev.nabla.storage.NamedOnlyType;
import dev.nabla.storage.ScalarType;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.util.Locale;

/** String, date and other row-wise functions (their cost is dominated by the string work itself). */
final class StringInstrs {
    private StringInstrs() {}

    static final class RowFn extends Instr {
        final Fn fn;
        final int[] args;
        final DataType[] argTypes;
        /** Pre-compiled pattern when the LIKE/GLOB pattern is a constant. */
        final LikePattern constPattern;

        RowFn(int out, DataType type, Fn fn, int[] args, DataType[] argTypes, LikePattern constPattern) {
            super(out, type);
            this.fn = fn;
            this.args = args;
            this.argTypes = argTypes;
            this.constPattern = constPattern;
        }

        @Override
        void eval(Evaluator ev, Batch in, int n) {
            Vec o = ev.slots[out];
            o.ensure(n);
            boolean[] nl = o.nullScratch(n);
            boolean any = false;
            Vec[] a = new Vec[args.length];
            for (int k = 0; k < args.length; k++) a[k] = ev.slots[args[k]];
            boolean nullsPass = fn == Fn.CONCAT_FN || fn == Fn.TYPEOF || fn == Fn.CONCAT_WS;
            for (int i = 0; i < n; i++) {
                boolean isNull = false;
                if (!nullsPass)
                    for (Vec v : a)
                        if (v.isNull(i)) {
                            isNull = true;
                            break;
                        }
                if (isNull || !active(ev, mask, i)) {
                    // an inactive row (a CASE branch not taken) is NULL too: its value is never used, and a
                    // non-NULL row without a string would break the comparisons consuming it
                    nl[i] = true;
                    any = true;
                    if (type.physical() == dev.nabla.storage.PhysicalType.STRING) o.s[i] = null;
                    continue;
                }
                Object r = compute(ev, a, i);
                if (r == null) {
                    nl[i] = true;
                    any = true;
                    continue;
                }
                nl[i] = false;
                switch (type.physical()) {
                    case LONG -> o.l[i] = dev.nabla.storage.DecimalType.storedLong(r);
                    case DOUBLE -> o.d[i] = ((Number) r).doubleValue();
                    case ARRAY -> System.arraycopy((double[]) r, 0, o.d, i * o.w, o.w);
                    case STRING -> o.s[i] = (String) r;
                    case LIST -> o.lv[i] = (dev.nabla.storage.ListValue) r;
                    case INT128 -> o.setWide(i, r);
                }
            }
            o.nulls = any ? nl : null;
        }

        private static String str(Vec v, int i) {
            return v.s[v.off + i];
        }

        private static long lng(Vec v, int i) {
            return v.type.physical() == dev.nabla.storage.PhysicalType.DOUBLE ? (long) v.d[v.off + i] : v.l[v.off + i];
        }

        private Object compute(Evaluator ev, Vec[] a, int i) {
            return switch (fn) {
                case LOWER -> str(a[0], i).toLowerCase(Locale.ROOT);
                case UPPER -> str(a[0], i).toUpperCase(Locale.ROOT);
                case LENGTH ->
                    argTypes[0] == DataType.BLOB
                            ? (long) str(a[0], i).length()
                            : (long) str(a[0], i).codePointCount(0, str(a[0], i).length());
                case OCTET_LENGTH ->
                    argTypes[0] == DataType.BLOB ? (long) str(a[0], i).length() : (long) utf8Length(str(a[0], i));
                case HEX -> {
                    String bytes = argTypes[0] == DataType.BLOB ? str(a[0], i) : Blobs.fromText(str(a[0], i));
                    StringLimit.checkProduct(bytes.length(), 2, "hex()");
                    yield Blobs.hex(bytes);
                }
                case UNHEX -> Blobs.fromHex(str(a[0], i));
                case SUBSTR ->
                    substr(str(a[0], i), lng(a[1], i), a.length > 2 ? lng(a[2], i) : Long.MAX_VALUE / 4, a.length > 2);
                case TRIM, LTRIM, RTRIM ->
                    trim(str(a[0], i), a.length > 1 ? str(a[1], i) : " ", fn != Fn.RTRIM, fn != Fn.LTRIM);
                case REPLACE -> {
                    String s = str(a[0], i), from = str(a[1], i), to = str(a[2], i);
                    if (from.isEmpty()) yield s;
                    checkReplaceLength(s, from, to);
                    yield s.replace(from, to);
                }
                case INSTR -> {
                    // positions count characters (code points), as length() does
                    String s = str(a[0], i);
                    int at = s.indexOf(str(a[1], i));
                    yield at < 0 ? 0L : (long) s.codePointCount(0, at) + 1;
                }
                case LEFT -> {
                    String s = str(a[0], i);
                    long k = lng(a[1], i);
                    yield k >= 0
                            ? s.substring(0, (int) Math.min(k, s.length()))
                            : s.substring(0, (int) Math.max(0, s.length() + k));
                }
                case RIGHT -> {
                    String s = str(a[0], i);
                    long k = lng(a[1], i);
                    yield k >= 0
                            ? s.substring(s.length() - (int) Math.min(k, s.length()))
                            : s.substring((int) Math.min(s.length(), -k));
                }
                case REPEAT -> {
                    String s = str(a[0], i);
                    long k = lng(a[1], i);
                    if (k <= 0) yield "";
                    StringLimit.checkProduct(k, s.length(), "repeat()");
                    yield s.repeat((int) k);
                }
                case REVERSE -> new StringBuilder(str(a[0], i)).reverse().toString();
                case LPAD, RPAD -> pad(str(a[0], i), lng(a[1], i), a.length > 2 ? str(a[2], i) : " ", fn == Fn.LPAD);
                case CONCAT_FN -> {
                    StringBuilder sb = new StringBuilder();
                    for (int k = 0; k < a.length; k++) {
                        if (a[k].isNull(i)) continue;
                        String t = text(a[k], argTypes[k], i);
                        StringLimit.checkSum(sb.length(), t.length(), "concat()");
                        sb.append(t);
                    }
                    yield sb.toString();
                }
                case CONCAT -> {
                    String l = text(a[0], argTypes[0], i), r = text(a[1], argTypes[1], i);
                    StringLimit.checkSum(l.length(), r.length(), "||");
                    yield l + r;
                }
                case STARTS_WITH -> str(a[0], i).startsWith(str(a[1], i));
                case CONTAINS -> str(a[0], i).contains(str(a[1], i));
                case TYPEOF -> a[0].isNull(i) ? "null" : typeName(argTypes[0]);
                case LIKE, ILIKE, GLOB -> {
                    LikePattern p = constPattern;
                    if (p == null) p = pattern(ev, str(a[1], i), a.length > 2 ? str(a[2], i) : null);
                    yield p.matches(str(a[0], i));
                }
                case EXTRACT -> extractField(str(a[0], i), a[1], argTypes[1], i, type, ev.state.zone);
                case DATE_TRUNC -> dateTrunc(str(a[0], i), a[1], argTypes[1], i, type, ev.state.zone);
                case DERIVATIVE_SQL -> ev.state.ctx.functionHooks().derivativeSql(str(a[0], i), str(a[1], i));
                case ENDS_WITH -> str(a[0], i).endsWith(str(a[1], i));
                case SPLIT_PART -> MoreStrings.splitPart(str(a[0], i), str(a[1], i), lng(a[2], i));
                case INITCAP -> MoreStrings.initcap(str(a[0], i));
                case CONCAT_WS -> a[0].isNull(i) ? null : MoreStrings.concatWs(a, i);
                case TRANSLATE -> MoreStrings.translate(str(a[0], i), str(a[1], i), str(a[2], i));
                case ASCII -> {
                    String s = str(a[0], i);
                    yield s.isEmpty() ? 0L : (long) s.codePointAt(0);
                }
                case CHR -> MoreStrings.chr(lng(a[0], i));
                case MD5 -> MoreStrings.md5(argTypes[0] == DataType.BLOB ? str(a[0], i) : Blobs.fromText(str(a[0], i)));
                case PRINTF -> MoreStrings.printf(str(a[0], i), a, argTypes, i);
                case SHA1, SHA256 ->
                    TextSimilarity.sha(
                            argTypes[0] == DataType.BLOB ? str(a[0], i) : Blobs.fromText(str(a[0], i)),
                            fn == Fn.SHA256);
                case LEVENSHTEIN -> TextSimilarity.levenshtein(str(a[0], i), str(a[1], i));
                case DAMERAU_LEVENSHTEIN -> TextSimilarity.damerauLevenshtein(str(a[0], i), str(a[1], i));
                case HAMMING -> TextSimilarity.hamming(str(a[0], i), str(a[1], i));
                case JACCARD -> TextSimilarity.jaccard(str(a[0], i), str(a[1], i));
                case JARO_SIMILARITY -> TextSimilarity.jaro(str(a[0], i), str(a[1], i));
                case JARO_WINKLER_SIMILARITY -> TextSimilarity.jaroWinkler(str(a[0], i), str(a[1], i));
                case STRFTIME -> DateFormats.format(dateTime(a[0], argTypes[0], i), str(a[1], i));
                case STRPTIME -> timestampMicros(DateFormats.parse(str(a[0], i), str(a[1], i)));
                case DATE_DIFF ->
                    DateFormats.diff(str(a[0], i), dateTime(a[1], argTypes[1], i), dateTime(a[2], argTypes[2], i));
                case MAKE_DATE -> makeDate(lng(a[0], i), lng(a[1], i), lng(a[2], i));
                case MAKE_TIMESTAMP -> {
                    double sec = a[5].d[a[5].off + i];
                    if (!(sec >= 0 && sec < 60))
                        throw new NablaException(
                                ErrorCode.INVALID_DATETIME, "make_timestamp: seconds must be in [0, 60), got " + sec);
                    long micros = Math.round(sec * 1e6);
                    yield Math.addExact(
                            Math.multiplyExact(makeDate(lng(a[0], i), lng(a[1], i), lng(a[2], i)), 86_400_000_000L),
                            timeOfDayMicros(lng(a[3], i), lng(a[4], i), micros));
                }
                case TIMEZONE -> {
                    String name = str(a[0], i);
                    java.time.ZoneId zone = dev.nabla.storage.Instants.zone(name);
                    if (zone == null)
                        throw new NablaException(
                                ErrorCode.INVALID_ARGUMENT,
                                "time zone \"" + name + "\" not recognized (an IANA zone name such as Europe/Berlin,"
                                        + " UTC, or an offset such as +05:30)");
                    long x = a[1].l[a[1].off + i];
                    yield argTypes[1] == DataType.TIMESTAMP_TZ
                            ? dev.nabla.storage.Instants.toLocal(x, zone)
                            : dev.nabla.storage.Instants.fromLocal(x, zone);
                }
                case MAKE_TIME -> {
                    double sec = a[2].d[a[2].off + i];
                    if (!(sec >= 0 && sec < 60))
                        throw new NablaException(
                                ErrorCode.INVALID_DATETIME, "make_time: seconds must be in [0, 60), got " + sec);
                    long h = lng(a[0], i), m = lng(a[1], i);
                    if (h < 0 || h > 23 || m < 0 || m > 59)
                        throw new NablaException(
                                ErrorCode.INVALID_DATETIME, "make_time: " + h + ":" + m + " is not a time of day");
                    // rounding 59.9999996 s up would give minute 60: clamp to the last microsecond of the minute
                    yield (h * 3600 + m * 60) * 1_000_000L + Math.min(Math.round(sec * 1e6), 59_999_999L);
                }
                case TO_TIMESTAMP -> {
                    double sec = a[0].d[a[0].off + i];
                    double micros = Math.rint(sec * 1e6);
                    if (!(Math.abs(micros) < 9.2e18))
                        throw new NablaException(
                                ErrorCode.NUMERIC_OVERFLOW, "to_timestamp: " + sec + " is out of range");
                    yield (long) micros;
                }
                case EPOCH_MS -> Math.multiplyExact(lng(a[0], i), 1000L);
                case ADD_INTERVAL ->
                    addInterval(a[0], argTypes[0], i, lng(a[1], i), lng(a[2], i), lng(a[3], i), ev.state.zone);
                default -> throw new NablaException(ErrorCode.INTERNAL, "no evaluator for " + fn);
            };
        }

        private LikePattern pattern(Evaluator ev, String pattern, String escape) {
            Object[] cache = (Object[]) ev.instrState[index];
            if (cache != null && cache[0].equals(pattern) && java.util.Objects.equals(cache[1], escape))
                return (LikePattern) cache[2];
            LikePattern p = compilePattern(fn, pattern, escape);
            ev.instrState[index] = new Object[] {pattern, escape, p};
            return p;
        }
    }

    static LikePattern compilePattern(Fn fn, String pattern, String escape) {
        if (fn == Fn.GLOB) return LikePattern.glob(pattern);
        if (escape != null && escape.length() != 1) {
            throw new NablaException(ErrorCode.INVALID_ARGUMENT, "ESCAPE must be a single character");
        }
        return LikePattern.like(pattern, escape == null ? null : escape.charAt(0), fn == Fn.ILIKE);
    }

    private static int utf8Length(String s) {
        int n = 0;
        for (int k = 0; k < s.length(); k++) {
            char ch = s.charAt(k);
            if (ch < 0x80) n++;
            else if (ch < 0x800) n += 2;
            else if (Character.isHighSurrogate(ch) && k + 1 < s.length() && Character.isLowSurrogate(s.charAt(k + 1))) {
                n += 4;
                k++;
            } else n += 3;
        }
        return n;
    }

    static String typeName(DataType t) {
        return switch (t) {
            case ScalarType.NULL -> "null";
            case ScalarType.INTEGER, ScalarType.BIGINT -> "integer";
            case ScalarType.REAL, ScalarType.DOUBLE -> "real";
            case ScalarType.VARCHAR -> "text";
            case ScalarType.BOOLEAN -> "boolean";
            case ScalarType.DATE -> "date";
            case ScalarType.TIMESTAMP -> "timestamp";
            case ScalarType.TIME -> "time";
            case ScalarType.TIMESTAMP_TZ -> "timestamp with time zone";
            case ScalarType.BLOB -> "blob";
            case ScalarType.UUID -> "uuid";
            case dev.nabla.storage.ArrayType a -> a.sqlName();
            case dev.nabla.storage.ListType l -> l.sqlName();
            case dev.nabla.storage.DecimalType d -> "decimal";
            case NamedOnlyType namedOnly -> throw DataType.unsupported(namedOnly);
        };
    }

    static String text(Vec v, DataType t, int i) {
        return switch (t.physical()) {
            case LONG -> Casts.formatLong(v.l[v.off + i], t);
            case DOUBLE -> Casts.formatDouble(v.d[v.off + i]);
            case STRING -> t == DataType.BLOB ? Casts.blobToText(v.s[v.off + i]) : v.s[v.off + i];
            case ARRAY -> dev.nabla.storage.ArrayText.format(v.d, (v.off + i) * v.w, v.w);
            case LIST -> v.lv[v.off + i].toString();
            case INT128 ->
                t == DataType.UUID
                        ? dev.nabla.storage.Uuids.format(v.hi(i), v.lo(i))
                        : Wide.format(v.hi(i), v.lo(i), ((dev.nabla.storage.DecimalType) t).scale());
        };
    }

    /** SQLite's substr: 1-based; negative start counts from the end; negative length takes characters before start. */
    static String substr(String s, long y, long z, boolean hasLen) {
        long len = s.length();
        long p1 = y, p2 = hasLen ? z : len + 1;
        boolean negP2 = false;
        if (p2 < 0) {
            negP2 = true;
            p2 = -p2;
        }
        if (p1 < 0) {
            p1 += len;
            if (p1 < 0) {
                p2 += p1;
                if (p2 < 0) p2 = 0;
                p1 = 0;
            }
        } else if (p1 > 0) {
            p1--;
        } else if (p2 > 0) {
            p2--;
        }
        if (negP2) {
            p1 -= p2;
            if (p1 < 0) {
                p2 += p1;
                p1 = 0;
            }
        }
        if (p1 + p2 > len) {
            p2 = len - p1;
            if (p2 < 0) p2 = 0;
        }
        if (p1 >= len || p2 <= 0) return "";
        return s.substring((int) p1, (int) (p1 + p2));
    }

    static String trim(String s, String chars, boolean left, boolean right) {
        int b = 0, e = s.length();
        if (left) while (b < e && chars.indexOf(s.charAt(b)) >= 0) b++;
        if (right) while (e > b && chars.indexOf(s.charAt(e - 1)) >= 0) e--;
        return s.substring(b, e);
    }

    static String pad(String s, long len, String fill, boolean left) {
        if (len <= 0) return "";
        StringLimit.check(len, left ? "lpad()" : "rpad()");
        int n = (int) len;
        if (s.length() >= n) return s.substring(0, n);
        if (fill.isEmpty()) return s;
        StringBuilder padding = new StringBuilder();
        while (padding.length() < n - s.length()) padding.append(fill);
        padding.setLength(n - s.length());
        return left ? padding + s : s + padding;
    }

    /** replace() grows the value when {@code to} is longer than {@code from}: count the matches only when the cap could be passed. */
    private static void checkReplaceLength(String s, String from, String to) {
        int grow = to.length() - from.length();
        if (grow <= 0 || s.length() + (long) (s.length() / from.length()) * grow <= StringLimit.MAX_LENGTH) return;
        long matches = 0;
        for (int at = s.indexOf(from); at >= 0; at = s.indexOf(from, at + from.length())) matches++;
        StringLimit.check(s.length() + matches * grow, "replace()");
    }

    private static LocalDateTime dateTime(long micros) {
        return LocalDateTime.ofEpochSecond(
                Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
    }

    private static LocalDateTime dateTime(Vec v, DataType t, int i) {
        long x = v.l[v.off + i];
        if (t == DataType.DATE) return LocalDate.ofEpochDay(x).atStartOfDay();
        return LocalDateTime.ofEpochSecond(
                Math.floorDiv(x, 1_000_000L), (int) Math.floorMod(x, 1_000_000L) * 1000, ZoneOffset.UTC);
    }

    static Object extractField(String field, Vec v, DataType t, int i, DataType resultType, java.time.ZoneId zone) {
        if (t == DataType.TIME) return extractTime(field, v.l[v.off + i], resultType);
        if (t == DataType.TIMESTAMP_TZ) return extractInstant(field, v.l[v.off + i], resultType, zone);
        if (t.physical() != dev.nabla.storage.PhysicalType.LONG || !(t.isTemporal())) {
            throw new NablaException(ErrorCode.TYPE_MISMATCH, "extract() needs a DATE or TIMESTAMP");
        }
        return extractLocal(
                field,
                dateTime(v, t, i),
                t == DataType.DATE ? v.l[v.off + i] * 86400.0 : v.l[v.off + i] / 1e6,
                resultType);
    }

    /**
     * A part of a TIMESTAMPTZ: the wall-clock parts in the session zone, the zone's offset ({@code timezone} in
     * seconds, {@code timezone_hour}, {@code timezone_minute}) and the instant's {@code epoch} (PostgreSQL's and
     * DuckDB's).
     */
    private static Object extractInstant(String field, long utc, DataType resultType, java.time.ZoneId zone) {
        int off = dev.nabla.storage.Instants.offsetSeconds(utc, zone);
        long value;
        switch (field.toLowerCase(Locale.ROOT)) {
            case "timezone" -> value = off;
            case "timezone_hour" -> value = off / 3600;
            case "timezone_minute" -> value = off / 60 % 60;
            default -> {
                long local = utc + off * 1_000_000L;
                LocalDateTime d = LocalDateTime.ofEpochSecond(
                        Math.floorDiv(local, 1_000_000L),
                        (int) Math.floorMod(local, 1_000_000L) * 1000,
                        ZoneOffset.UTC);
                return extractLocal(field, d, utc / 1e6, resultType);
            }
        }
        return resultType.isFloating() ? (Object) (double) value : (Object) value;
    }

    private static Object extractLocal(String field, LocalDateTime d, double epoch, DataType resultType) {
        double value = switch (field.toLowerCase(Locale.ROOT)) {
            case "year", "years" -> d.getYear();
            case "month", "months" -> d.getMonthValue();
            case "day", "days" -> d.getDayOfMonth();
            case "hour", "hours" -> d.getHour();
            case "minute", "minutes" -> d.getMinute();
            case "second", "seconds" -> d.getSecond() + d.getNano() / 1e9;
            case "millisecond", "milliseconds" -> d.getSecond() * 1000 + d.getNano() / 1e6;
            case "microsecond", "microseconds" -> d.getSecond() * 1_000_000L + d.getNano() / 1000;
            case "dow" -> d.getDayOfWeek().getValue() % 7;
            case "isodow" -> d.getDayOfWeek().getValue();
            case "doy" -> d.getDayOfYear();
            case "week" -> d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            case "quarter" -> (d.getMonthValue() - 1) / 3 + 1;
            case "decade" -> Math.floorDiv(d.getYear(), 10);
            case "century" -> d.getYear() > 0 ? (d.getYear() + 99) / 100 : -((-d.getYear() + 99) / 100);
            case "epoch" -> epoch;
            default -> throw new NablaException(ErrorCode.INVALID_ARGUMENT, "unknown date part '" + field + "'");
        };
        return resultType.isFloating() ? (Object) value : (Object) (long) value;
    }

    /** A part of a TIME (microseconds since midnight): only the time-of-day parts exist, as in DuckDB. */
    private static Object extractTime(String field, long t, DataType resultType) {
        long secs = t / 1_000_000L;
        long micro = t % 1_000_000L;
        double value = switch (field.toLowerCase(Locale.ROOT)) {
            case "hour", "hours" -> secs / 3600;
            case "minute", "minutes" -> secs / 60 % 60;
            case "second", "seconds" -> secs % 60 + micro / 1e6;
            case "millisecond", "milliseconds" -> (secs % 60) * 1000 + micro / 1e3;
            case "microsecond", "microseconds" -> (secs % 60) * 1_000_000L + micro;
            case "epoch" -> t / 1e6;
            default ->
                throw new NablaException(
                        ErrorCode.INVALID_ARGUMENT, "date part '" + field + "' does not exist for a TIME value");
        };
        return resultType.isFloating() ? (Object) value : (Object) (long) value;
    }

    /** x + (months, days, microseconds), applied in that order (a month added to Jan 31 gives the last day of February). */
    static long addInterval(Vec v, DataType t, int i, long months, long days, long micros, java.time.ZoneId zone) {
        if (t == DataType.TIME) return dev.nabla.storage.TimeOfDay.add(v.l[v.off + i], micros % 86_400_000_000L);
        if (t == DataType.TIMESTAMP_TZ) {
            // months and days move the wall-clock time in the session zone (a day across a DST change is 23 or 25
            // hours), the time part moves the instant, as PostgreSQL's and DuckDB's timestamptz + interval
            long utc = v.l[v.off + i];
            if (months == 0 && days == 0) return Math.addExact(utc, micros);
            try {
                long local = dev.nabla.storage.Instants.toLocal(utc, zone);
                LocalDateTime d = LocalDateTime.ofEpochSecond(
                                Math.floorDiv(local, 1_000_000L),
                                (int) Math.floorMod(local, 1_000_000L) * 1000,
                                ZoneOffset.UTC)
                        .plusMonths(months)
                        .plusDays(days);
                return Math.addExact(dev.nabla.storage.Instants.fromLocal(timestampMicros(d), zone), micros);
            } catch (java.time.DateTimeException | ArithmeticException e) {
                throw new NablaException(ErrorCode.NUMERIC_OVERFLOW, "timestamp out of range after adding an interval");
            }
        }
        try {
            LocalDateTime d = dateTime(v, t, i)
                    .plusMonths(months)
                    .plusDays(days)
                    .plus(micros, java.time.temporal.ChronoUnit.MICROS);
            return Math.addExact(
                    Math.multiplyExact(d.toEpochSecond(ZoneOffset.UTC), 1_000_000L),
                    d.get(ChronoField.MICRO_OF_SECOND));
        } catch (java.time.DateTimeException | ArithmeticException e) {
            throw new NablaException(ErrorCode.NUMERIC_OVERFLOW, "timestamp out of range after adding an interval");
        }
    }

    private static long timestampMicros(LocalDateTime d) {
        return d.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + d.get(ChronoField.MICRO_OF_SECOND);
    }

    private static long timeOfDayMicros(long h, long m, long micros) {
        if (h < 0 || h > 23 || m < 0 || m > 59)
            throw new NablaException(
                    ErrorCode.INVALID_DATETIME, "make_timestamp: " + h + ":" + m + " is not a time of day");
        return (h * 3600 + m * 60) * 1_000_000L + micros;
    }

    private static long makeDate(long y, long m, long d) {
        try {
            return LocalDate.of(Math.toIntExact(y), Math.toIntExact(m), Math.toIntExact(d))
                    .toEpochDay();
        } catch (java.time.DateTimeException | ArithmeticException e) {
            throw new NablaException(
                    ErrorCode.INVALID_DATETIME, "make_date(" + y + ", " + m + ", " + d + ") is not a valid date");
        }
    }

    static Object dateTrunc(String field, Vec v, DataType t, int i, DataType type, java.time.ZoneId zone) {
        // a TIMESTAMPTZ is truncated on its wall clock in the session zone and read back there (PostgreSQL)
        boolean instant = t == DataType.TIMESTAMP_TZ;
        LocalDateTime d =
                instant ? dateTime(dev.nabla.storage.Instants.toLocal(v.l[v.off + i], zone)) : dateTime(v, t, i);
        LocalDateTime r = switch (field.toLowerCase(Locale.ROOT)) {
            case "year" -> d.toLocalDate().withDayOfYear(1).atStartOfDay();
            case "quarter" ->
                LocalDate.of(d.getYear(), ((d.getMonthValue() - 1) / 3) * 3 + 1, 1)
                        .atStartOfDay();
            case "month" -> d.toLocalDate().withDayOfMonth(1).atStartOfDay();
            case "week" ->
                d.toLocalDate().minusDays(d.getDayOfWeek().getValue() - 1).atStartOfDay();
            case "day" -> d.toLocalDate().atStartOfDay();
            case "hour" -> d.withMinute(0).withSecond(0).withNano(0);
            case "minute" -> d.withSecond(0).withNano(0);
            case "second" -> d.withNano(0);
            default -> throw new NablaException(ErrorCode.INVALID_ARGUMENT, "unknown date part '" + field + "'");
        };
        if (type == DataType.DATE) return r.toLocalDate().toEpochDay();
        long local = r.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + r.get(ChronoField.MICRO_OF_SECOND);
        return instant ? dev.nabla.storage.Instants.fromLocal(local, zone) : local;
    }
}
