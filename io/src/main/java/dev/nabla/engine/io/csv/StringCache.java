package dev.nabla.engine.io.csv;

/**
 * A small direct-mapped cache of the short strings of one CSV column. Categorical columns (labels,
 * codes, flags) repeat a few values millions of times: reusing the String both skips the allocation
 * and keeps one copy in the loaded table. A miss costs one hash over the field and a short compare.
 */
final class StringCache {
    static final int MAX_LENGTH = 32;
    private static final int SLOTS = 1 << 12;
    private final String[] slots = new String[SLOTS];

    String get(char[] buf, int off, int len) {
        int h = len;
        for (int i = 0; i < len; i++) h = 31 * h + buf[off + i];
        int slot = (h ^ (h >>> 15)) & (SLOTS - 1);
        String s = slots[slot];
        if (s != null && s.length() == len) {
            int i = 0;
            while (i < len && s.charAt(i) == buf[off + i]) i++;
            if (i == len) return s;
        }
        s = new String(buf, off, len);
        slots[slot] = s;
        return s;
    }
}
