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

    private LikePattern(int[] kinds, char[] chars, String[] classes, boolean caseInsensitive) {
        this.kinds = kinds;
        this.chars = chars;
        this.classes = classes;
        this.caseInsensitive = caseInsensitive;
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
