package dev.nabla.engine.exec.expr;

/**
 * A compiled LIKE (with {@code %}, {@code _} and an optional escape character) or GLOB (with
 * {@code *}, {@code ?}, {@code [...]}) pattern. Matching is iterative with single-star backtracking, so
 * it is linear for the usual patterns and never recursive.
 */
public final class LikePattern {
    private static final int LITERAL = 0, ONE = 1, ANY = 2, CLASS = 3;
    private final int[] kinds;
    private final char[] chars;
    private final String[] classes;
    private final boolean caseInsensitive;
    /**
     * For a case-sensitive pattern of literals and {@code %} only (TPC-H's {@code '%special%requests%'},
     * {@code 'PROMO%'}, {@code '%BRASS'}): its literal runs in order, matched by {@link String#indexOf}
     * (an intrinsic that compares many characters at a time) instead of character-by-character
     * backtracking; null for any other pattern.
     */
    private final String[] segments;
    /** Whether the pattern starts / ends with a literal (not {@code %}): the first / last run is anchored. */
    private final boolean anchoredStart, anchoredEnd;

    private LikePattern(int[] kinds, char[] chars, String[] classes, boolean caseInsensitive) {
        this.kinds = kinds;
        this.chars = chars;
        this.classes = classes;
        this.caseInsensitive = caseInsensitive;
        int m = kinds.length;
        anchoredStart = m == 0 || kinds[0] != ANY;
        anchoredEnd = m == 0 || kinds[m - 1] != ANY;
        segments = caseInsensitive ? null : literalRuns(kinds, chars);
    }

    /** The runs of LITERAL between ANYs, or null when the pattern has {@code _} or a class. */
    private static String[] literalRuns(int[] kinds, char[] chars) {
        java.util.List<String> runs = new java.util.ArrayList<>();
        StringBuilder run = new StringBuilder();
        for (int i = 0; i < kinds.length; i++) {
            switch (kinds[i]) {
                case LITERAL -> run.append(chars[i]);
                case ANY -> {
                    if (!run.isEmpty()) runs.add(run.toString());
                    run.setLength(0);
                }
                default -> {
                    return null;
                }
            }
        }
        if (!run.isEmpty()) runs.add(run.toString());
        return runs.toArray(String[]::new);
    }

    public static LikePattern like(String pattern, Character escape, boolean caseInsensitive) {
        int n = pattern.length();
        int[] k = new int[n];
        char[] c = new char[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            char ch = pattern.charAt(i);
            if (escape != null && ch == escape && i + 1 < n) {
                k[m] = LITERAL;
                c[m++] = fold(pattern.charAt(++i), caseInsensitive);
            } else if (ch == '%') {
                if (m == 0 || k[m - 1] != ANY) k[m++] = ANY;
            } else if (ch == '_') {
                k[m++] = ONE;
            } else {
                k[m] = LITERAL;
                c[m++] = fold(ch, caseInsensitive);
            }
        }
        return new LikePattern(
                java.util.Arrays.copyOf(k, m), java.util.Arrays.copyOf(c, m), new String[m], caseInsensitive);
    }

    public static LikePattern glob(String pattern) {
        int n = pattern.length();
        int[] k = new int[n];
        char[] c = new char[n];
        String[] cls = new String[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            char ch = pattern.charAt(i);
            if (ch == '*') {
                if (m == 0 || k[m - 1] != ANY) k[m++] = ANY;
            } else if (ch == '?') {
                k[m++] = ONE;
            } else if (ch == '[' && pattern.indexOf(']', i + 2) > 0) {
                int end = pattern.indexOf(']', i + 2);
                k[m] = CLASS;
                cls[m++] = pattern.substring(i + 1, end);
                i = end;
            } else {
                k[m] = LITERAL;
                c[m++] = ch;
            }
        }
        return new LikePattern(
                java.util.Arrays.copyOf(k, m), java.util.Arrays.copyOf(c, m), java.util.Arrays.copyOf(cls, m), false);
    }

    private static char fold(char ch, boolean ci) {
        return ci && ch >= 'A' && ch <= 'Z' ? (char) (ch + 32) : ch;
    }

    private boolean classMatches(String cls, char ch) {
        boolean negate = cls.startsWith("^");
        int start = negate ? 1 : 0;
        boolean hit = false;
        for (int i = start; i < cls.length(); i++) {
            char lo = cls.charAt(i);
            if (i + 2 < cls.length() && cls.charAt(i + 1) == '-') {
                char hi = cls.charAt(i + 2);
                if (ch >= lo && ch <= hi) hit = true;
                i += 2;
            } else if (ch == lo) hit = true;
        }
        return hit != negate;
    }

    public boolean matches(String s) {
        return segments != null ? matchesRuns(s) : matchesBacktracking(s);
    }

    /**
     * Literal runs separated by {@code %}: the first run must be a prefix when anchored, the last a
     * suffix when anchored, and the runs between occur in order without overlapping; taking each one's
     * leftmost occurrence after the previous is enough (a later occurrence leaves less room, never more).
     */
    private boolean matchesRuns(String s) {
        String[] runs = segments;
        int n = s.length();
        if (runs.length == 0) return kinds.length > 0 || n == 0; // '%' matches everything, '' only ''
        int from = 0, to = n, first = 0, last = runs.length;
        if (anchoredStart) {
            if (!s.startsWith(runs[0])) return false;
            from = runs[0].length();
            first = 1;
        }
        if (anchoredEnd) {
            if (last == first) return from == n; // one run, anchored at both ends: the whole string
            String tail = runs[last - 1];
            to = n - tail.length();
            if (to < from || !s.endsWith(tail)) return false;
            last--;
        }
        for (int j = first; j < last; j++) {
            int at = s.indexOf(runs[j], from);
            if (at < 0 || at + runs[j].length() > to) return false;
            from = at + runs[j].length();
        }
        return true;
    }

    private boolean matchesBacktracking(String s) {
        int si = 0, pi = 0, n = s.length(), m = kinds.length;
        int starP = -1, starS = 0;
        while (si < n) {
            if (pi < m && kinds[pi] != ANY) {
                char ch = fold(s.charAt(si), caseInsensitive);
                boolean ok = switch (kinds[pi]) {
                    case LITERAL -> chars[pi] == ch;
                    case ONE -> true;
                    default -> classMatches(classes[pi], ch);
                };
                if (ok) {
                    si++;
                    pi++;
                    continue;
                }
            } else if (pi < m) {
                starP = pi++;
                starS = si;
                continue;
            }
            if (starP < 0) return false;
            pi = starP + 1;
            si = ++starS;
        }
        while (pi < m && kinds[pi] == ANY) pi++;
        return pi == m;
    }
}
