package dev.nabla.engine.exec.expr;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.engine.exec.StringLimit;
import dev.nabla.storage.DataType;
import dev.nabla.storage.PhysicalType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.IllegalFormatException;
import java.util.Locale;

/** Row kernels of the string functions split_part, initcap, concat_ws, translate, chr, md5 and printf. */
final class MoreStrings {
    private MoreStrings() {}

    /** A digest per thread: MessageDigest is stateful and costly to look up per row. */
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new NablaException(ErrorCode.INTERNAL, "MD5 is not available in this JDK");
        }
    });

    /**
     * DuckDB's split_part: the n-th (1-based) field of {@code s} split at {@code delim}; a negative n counts
     * from the end; n = 0 or past the last field gives ''. An empty delimiter splits into characters.
     */
    static String splitPart(String s, String delim, long n) {
        if (n == 0) return "";
        if (delim.isEmpty()) {
            int count = s.codePointCount(0, s.length());
            long k = n > 0 ? n - 1 : count + n;
            if (k < 0 || k >= count) return "";
            int from = s.offsetByCodePoints(0, (int) k);
            return s.substring(from, s.offsetByCodePoints(from, 1));
        }
        if (n > 0) {
            int from = 0;
            for (long k = 1; k < n; k++) {
                int at = s.indexOf(delim, from);
                if (at < 0) return "";
                from = at + delim.length();
            }
            int end = s.indexOf(delim, from);
            return s.substring(from, end < 0 ? s.length() : end);
        }
        int end = s.length();
        for (long k = -1; ; k--) {
            int at = s.lastIndexOf(delim, end - delim.length());
            if (k == n) return s.substring(at < 0 ? 0 : at + delim.length(), end);
            if (at < 0) return "";
            end = at;
        }
    }

    /** PostgreSQL's initcap: the first letter of each run of letters and digits upper case, the rest lower case. */
    static String initcap(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean inWord = false;
        for (int k = 0; k < s.length(); ) {
            int cp = s.codePointAt(k);
            k += Character.charCount(cp);
            sb.appendCodePoint(inWord ? Character.toLowerCase(cp) : Character.toTitleCase(cp));
            inWord = Character.isLetterOrDigit(cp);
        }
        return sb.toString();
    }

    /** concat_ws(separator, values...): the non-NULL values joined by the separator (the caller handles a NULL separator). */
    static String concatWs(Vec[] a, int i) {
        String sep = a[0].s[a[0].off + i];
        StringBuilder sb = new StringBuilder();
        boolean first = true;
        for (int k = 1; k < a.length; k++) {
            if (a[k].isNull(i)) continue;
            String v = a[k].s[a[k].off + i];
            StringLimit.checkSum(sb.length(), (first ? 0 : sep.length()) + v.length(), "concat_ws()");
            if (!first) sb.append(sep);
            sb.append(v);
            first = false;
        }
        return sb.toString();
    }

    /** translate(s, from, to): each character of {@code from} becomes the one at its position in {@code to}, or is dropped. */
    static String translate(String s, String from, String to) {
        int[] f = from.codePoints().toArray(), t = to.codePoints().toArray();
        StringBuilder sb = new StringBuilder(s.length());
        for (int k = 0; k < s.length(); ) {
            int cp = s.codePointAt(k);
            k += Character.charCount(cp);
            int at = -1;
            for (int j = 0; j < f.length; j++)
                if (f[j] == cp) {
                    at = j;
                    break;
                }
            if (at < 0) sb.appendCodePoint(cp);
            else if (at < t.length) sb.appendCodePoint(t[at]);
        }
        return sb.toString();
    }

    /** chr(code): the character with that Unicode code point. */
    static String chr(long code) {
        if (code < 0
                || code > Character.MAX_CODE_POINT
                || (code >= Character.MIN_SURROGATE && code <= Character.MAX_SURROGATE)) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT, "chr(): " + code + " is not a valid Unicode code point");
        }
        return Character.toString((int) code);
    }

    /** md5 of a blob's bytes (one Latin-1 char per byte), as 32 lower-case hex digits. */
    static String md5(String bytes) {
        MessageDigest d = MD5.get();
        return HexFormat.of().formatHex(d.digest(bytes.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /**
     * printf(format, args...) with C/DuckDB directives: %[flags][width][.precision] then d i (integers),
     * o x X, e E f F g G (floating point), s (any value as text), c (character) and %% (a percent sign).
     */
    static String printf(String format, Vec[] a, DataType[] types, int i) {
        StringBuilder sb = new StringBuilder(format.length() + 16);
        int next = 1;
        int k = 0;
        while (k < format.length()) {
            char ch = format.charAt(k++);
            if (ch != '%') {
                sb.append(ch);
                continue;
            }
            int start = k - 1;
            while (k < format.length() && "-+ 0#,".indexOf(format.charAt(k)) >= 0) k++;
            while (k < format.length() && Character.isDigit(format.charAt(k))) k++;
            if (k < format.length() && format.charAt(k) == '.') {
                k++;
                while (k < format.length() && Character.isDigit(format.charAt(k))) k++;
            }
            if (k >= format.length()) throw badFormat(format, "it ends inside a directive");
            char conv = format.charAt(k++);
            String spec = format.substring(start, k - 1);
            checkWidths(spec);
            if (conv == '%') {
                sb.append('%');
                continue;
            }
            if (next >= a.length)
                throw badFormat(format, "it needs more arguments than the " + (a.length - 1) + " given");
            Vec v = a[next];
            DataType t = types[next];
            next++;
            if (v.isNull(i)) return null;
            Object value = switch (conv) {
                case 'd', 'i', 'o', 'x', 'X' -> {
                    if (t.physical() != PhysicalType.LONG || t.isTemporal()) throw badArg(format, conv, t);
                    conv = conv == 'i' ? 'd' : conv;
                    yield v.l[v.off + i];
                }
                case 'e', 'E', 'f', 'F', 'g', 'G' -> {
                    conv = conv == 'F' ? 'f' : conv;
                    if (t.physical() == PhysicalType.DOUBLE) yield v.d[v.off + i];
                    if (t.physical() == PhysicalType.LONG && !t.isTemporal()) yield (double) v.l[v.off + i];
                    throw badArg(format, conv, t);
                }
                case 's' -> StringInstrs.text(v, t, i);
                case 'c' -> {
                    if (t.physical() == PhysicalType.LONG && !t.isTemporal()) yield chr(v.l[v.off + i]);
                    String s = StringInstrs.text(v, t, i);
                    yield s.isEmpty() ? "" : s.substring(0, s.offsetByCodePoints(0, 1));
                }
                default -> throw badFormat(format, "'%" + conv + "' is not a known directive");
            };
            try {
                String piece = String.format(Locale.ROOT, spec + (conv == 'c' ? 's' : conv), value);
                StringLimit.checkSum(sb.length(), piece.length(), "printf()");
                sb.append(piece);
            } catch (IllegalFormatException e) {
                throw badFormat(format, "'" + spec + conv + "' is not a valid directive");
            }
        }
        return sb.toString();
    }

    /** A width or precision past the string cap would make Formatter build a string Java cannot hold. */
    private static void checkWidths(String spec) {
        for (int k = 0; k < spec.length(); ) {
            if (!Character.isDigit(spec.charAt(k))) {
                k++;
                continue;
            }
            int from = k;
            while (k < spec.length() && Character.isDigit(spec.charAt(k))) k++;
            long n = k - from > 12 ? Long.MAX_VALUE : Long.parseLong(spec, from, k, 10);
            StringLimit.check(n == Long.MAX_VALUE ? -1 : n, "printf()");
        }
    }

    private static NablaException badFormat(String format, String why) {
        return new NablaException(ErrorCode.INVALID_ARGUMENT, "invalid printf format '" + format + "': " + why);
    }

    private static NablaException badArg(String format, char conv, DataType t) {
        return new NablaException(
                ErrorCode.INVALID_ARGUMENT,
                "printf format '" + format + "': %" + conv + " cannot format a " + t.sqlName() + " value");
    }
}
