package dev.nabla.plan.bind;

import java.util.Collection;
import java.util.Locale;

/** "did you mean" hints: the closest candidate within a small edit distance. */
final class Suggest {
    private Suggest() {}

    /** {@code " — did you mean \"x\"?"} or "" when nothing is close. */
    static String didYouMean(String name, Collection<String> candidates) {
        String best = null;
        int bestDist = Integer.MAX_VALUE;
        String n = name.toLowerCase(Locale.ROOT);
        for (String c : candidates) {
            String lc = c.toLowerCase(Locale.ROOT);
            int d = distance(n, lc);
            // ties go to the candidate that keeps every letter typed (sn → sin, not ln), then to the shorter one
            if (d < bestDist || d == bestDist && best != null && betterTie(n, lc, best.toLowerCase(Locale.ROOT))) {
                bestDist = d;
                best = c;
            }
        }
        int limit = n.length() <= 1 ? 0 : n.length() <= 4 ? 1 : n.length() <= 8 ? 2 : 3;
        return best != null && bestDist <= limit && bestDist > 0 ? " — did you mean \"" + best + "\"?" : "";
    }

    private static boolean betterTie(String typed, String candidate, String current) {
        boolean c = isSubsequence(typed, candidate), b = isSubsequence(typed, current);
        if (c != b) return c;
        boolean cf = !candidate.isEmpty() && !typed.isEmpty() && candidate.charAt(0) == typed.charAt(0);
        boolean bf = !current.isEmpty() && !typed.isEmpty() && current.charAt(0) == typed.charAt(0);
        if (cf != bf) return cf;
        return candidate.length() < current.length();
    }

    private static boolean isSubsequence(String s, String of) {
        int j = 0;
        for (int i = 0; i < of.length() && j < s.length(); i++) if (of.charAt(i) == s.charAt(j)) j++;
        return j == s.length();
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
