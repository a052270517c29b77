package dev.nabla.engine.exec.expr;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * DuckDB's string distances and digests: levenshtein, damerau_levenshtein, hamming,
 * jaccard (over the sets of characters), jaro_similarity, jaro_winkler_similarity, sha1, sha256. Distances count
 * code points, so a character outside the BMP is one character.
 */
final class TextSimilarity {
    private TextSimilarity() {}

    private static final ThreadLocal<MessageDigest> SHA1 = digest("SHA-1");
    private static final ThreadLocal<MessageDigest> SHA256 = digest("SHA-256");

    private static ThreadLocal<MessageDigest> digest(String algorithm) {
        return ThreadLocal.withInitial(() -> {
            try {
                return MessageDigest.getInstance(algorithm);
            } catch (NoSuchAlgorithmException e) {
                throw new NablaException(ErrorCode.INTERNAL, algorithm + " is not available in this JDK");
            }
        });
    }

    /** sha1/sha256 of a blob's bytes (one Latin-1 char per byte) as lower-case hex digits. */
    static String sha(String bytes, boolean sha256) {
        MessageDigest d = (sha256 ? SHA256 : SHA1).get();
        return HexFormat.of().formatHex(d.digest(bytes.getBytes(StandardCharsets.ISO_8859_1)));
    }

    static long levenshtein(String s, String t) {
        int[] a = s.codePoints().toArray(), b = t.codePoints().toArray();
        int[] prev = new int[b.length + 1], cur = new int[b.length + 1];
        for (int j = 0; j <= b.length; j++) prev[j] = j;
        for (int i = 1; i <= a.length; i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length; j++) {
                int sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] x = prev;
            prev = cur;
            cur = x;
        }
        return prev[b.length];
    }

    /**
     * The true Damerau-Levenshtein distance (transpositions of adjacent characters cost one, and the characters
     * between may be edited too: 'ca' → 'abc' is 2), by Lowrance and Wagner's algorithm, as DuckDB.
     */
    static long damerauLevenshtein(String s, String t) {
        int[] a = s.codePoints().toArray(), b = t.codePoints().toArray();
        int inf = a.length + b.length;
        int[][] d = new int[a.length + 2][b.length + 2];
        d[0][0] = inf;
        for (int i = 0; i <= a.length; i++) {
            d[i + 1][0] = inf;
            d[i + 1][1] = i;
        }
        for (int j = 0; j <= b.length; j++) {
            d[0][j + 1] = inf;
            d[1][j + 1] = j;
        }
        java.util.Map<Integer, Integer> lastRow = new java.util.HashMap<>();
        for (int i = 1; i <= a.length; i++) {
            int lastMatchCol = 0;
            for (int j = 1; j <= b.length; j++) {
                int i1 = lastRow.getOrDefault(b[j - 1], 0), j1 = lastMatchCol;
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                if (cost == 0) lastMatchCol = j;
                d[i + 1][j + 1] = Math.min(
                        Math.min(d[i][j] + cost, d[i + 1][j] + 1),
                        Math.min(d[i][j + 1] + 1, d[i1][j1] + (i - i1 - 1) + 1 + (j - j1 - 1)));
            }
            lastRow.put(a[i - 1], i);
        }
        return d[a.length + 1][b.length + 1];
    }

    static long hamming(String s, String t) {
        int[] a = s.codePoints().toArray(), b = t.codePoints().toArray();
        if (a.length != b.length)
            throw new NablaException(ErrorCode.INVALID_ARGUMENT, "hamming: the strings must have the same length");
        long n = 0;
        for (int i = 0; i < a.length; i++) if (a[i] != b[i]) n++;
        return n;
    }

    /** |A ∩ B| / |A ∪ B| over the sets of characters of the two strings; an empty string is an error (as DuckDB). */
    static double jaccard(String s, String t) {
        if (s.isEmpty() || t.isEmpty())
            throw new NablaException(ErrorCode.INVALID_ARGUMENT, "jaccard: an argument is an empty string");
        java.util.Set<Integer> a = new java.util.HashSet<>(), b = new java.util.HashSet<>();
        s.codePoints().forEach(a::add);
        t.codePoints().forEach(b::add);
        java.util.Set<Integer> union = new java.util.HashSet<>(a);
        union.addAll(b);
        a.retainAll(b);
        return (double) a.size() / union.size();
    }

    static double jaro(String s, String t) {
        int[] a = s.codePoints().toArray(), b = t.codePoints().toArray();
        if (a.length == 0 || b.length == 0) return 0.0; // DuckDB: also for two empty strings
        int window = Math.max(0, Math.max(a.length, b.length) / 2 - 1);
        boolean[] ma = new boolean[a.length], mb = new boolean[b.length];
        int m = 0;
        for (int i = 0; i < a.length; i++) {
            int lo = Math.max(0, i - window), hi = Math.min(b.length - 1, i + window);
            for (int j = lo; j <= hi; j++) {
                if (!mb[j] && a[i] == b[j]) {
                    ma[i] = mb[j] = true;
                    m++;
                    break;
                }
            }
        }
        if (m == 0) return 0.0;
        int transpositions = 0;
        for (int i = 0, j = 0; i < a.length; i++) {
            if (!ma[i]) continue;
            while (!mb[j]) j++;
            if (a[i] != b[j]) transpositions++;
            j++;
        }
        double mm = m;
        return (mm / a.length + mm / b.length + (mm - transpositions / 2.0) / mm) / 3.0;
    }

    /** Jaro-Winkler with scaling factor 0.1 over a common prefix of up to 4 characters. */
    static double jaroWinkler(String s, String t) {
        double j = jaro(s, t);
        int[] a = s.codePoints().toArray(), b = t.codePoints().toArray();
        int prefix = 0;
        while (prefix < Math.min(4, Math.min(a.length, b.length)) && a[prefix] == b[prefix]) prefix++;
        return j + prefix * 0.1 * (1 - j);
    }
}
