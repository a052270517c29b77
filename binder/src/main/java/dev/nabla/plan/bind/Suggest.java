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
            int d = distance(n, c.toLowerCase(Locale.ROOT));
            if (d < bestDist) {
                bestDist = d;
                best = c;
            }
        }
        int limit = n.length() <= 1 ? 0 : n.length() <= 4 ? 1 : n.length() <= 8 ? 2 : 3;
        return best != null && bestDist <= limit && bestDist > 0 ? " — did you mean \"" + best + "\"?" : "";
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
