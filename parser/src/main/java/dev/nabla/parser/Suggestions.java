package dev.nabla.parser;

import java.util.List;
import java.util.Locale;

/** "Did you mean" for misspelt keywords: the candidate within one edit (a transposition counts as one). */
final class Suggestions {
    private Suggestions() {}

    /** The closest candidate at distance one from {@code word} (case-insensitive), or null. */
    static String closest(String word, List<String> candidates) {
        String w = word.toUpperCase(Locale.ROOT);
        if (w.length() < 3) return null;
        for (String c : candidates) {
            if (!c.equals(w) && distance(w, c) == 1) return c;
        }
        return null;
    }

    /** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
    static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 1) return 2;
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
