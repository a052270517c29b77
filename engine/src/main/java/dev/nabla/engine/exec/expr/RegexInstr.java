package dev.nabla.engine.exec.expr;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.nabla.common.Span;
import dev.nabla.engine.exec.StringLimit;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.SqlRegex;
import dev.nabla.storage.Batch;
import dev.nabla.storage.PhysicalType;

/**
 * regexp_matches, regexp_full_match, regexp_replace, regexp_extract and SIMILAR TO over a batch. A constant
 * pattern (and replacement) is compiled once when the program is built; a pattern that varies by row is
 * compiled when it changes from the previous row. One Matcher per evaluator is reset for each row, so a row
 * allocates nothing but its result string.
 */
final class RegexInstr extends Instr {
    private final Fn fn;
    private final int value;
    private final int pattern;
    /** The replacement slot of regexp_replace, else -1. */
    private final int replacement;

    private final int flags;
    private final boolean global;
    private final int group;
    /** SIMILAR TO's escape character (null: the default backslash). */
    private final String escape;

    private final Pattern constPattern;
    private final String constReplacement;

    /** Per-evaluator state: the matcher, and the last row-varying pattern and replacement with their translations. */
    private static final class State {
        Matcher matcher;
        String patternText;
        Pattern pattern;
        String replacementText;
        String replacement;
    }

    RegexInstr(
            int out,
            Fn fn,
            int value,
            int pattern,
            int replacement,
            String options,
            int group,
            String escape,
            String constPattern,
            String constReplacement) {
        super(
                out,
                fn == Fn.REGEXP_REPLACE || fn == Fn.REGEXP_EXTRACT
                        ? dev.nabla.storage.DataType.VARCHAR
                        : dev.nabla.storage.DataType.BOOLEAN);
        this.fn = fn;
        this.value = value;
        this.pattern = pattern;
        this.replacement = replacement;
        this.flags = SqlRegex.flags(options, Span.NONE);
        this.global = SqlRegex.global(options);
        this.group = group;
        this.escape = escape;
        this.constPattern = constPattern == null ? null : compile(constPattern);
        this.constReplacement = constReplacement == null ? null : SqlRegex.replacement(constReplacement);
    }

    private Pattern compile(String text) {
        String regex = fn == Fn.SIMILAR_TO ? SqlRegex.similarToRegex(text, escape, Span.NONE) : text;
        return SqlRegex.compile(regex, flags, Span.NONE);
    }

    @Override
    void eval(Evaluator ev, Batch in, int n) {
        Vec o = ev.slots[out];
        o.ensure(n);
        boolean[] nl = o.nullScratch(n);
        boolean any = false;
        Vec v = ev.slots[value], p = ev.slots[pattern];
        Vec r = replacement < 0 ? null : ev.slots[replacement];
        State st = (State) ev.instrState[index];
        if (st == null) ev.instrState[index] = st = new State();
        boolean text = type.physical() == PhysicalType.STRING;
        for (int i = 0; i < n; i++) {
            if (v.isNull(i) || p.isNull(i) || (r != null && r.isNull(i)) || !active(ev, mask, i)) {
                nl[i] = true;
                any = true;
                if (text) o.s[i] = null;
                continue;
            }
            nl[i] = false;
            Pattern pat = constPattern != null ? constPattern : rowPattern(st, p.s[p.off + i]);
            Matcher m = st.matcher;
            if (m == null || m.pattern() != pat) m = st.matcher = pat.matcher(v.s[v.off + i]);
            else m.reset(v.s[v.off + i]);
            switch (fn) {
                case REGEXP_MATCHES -> o.l[i] = m.find() ? 1 : 0;
                case REGEXP_FULL_MATCH, SIMILAR_TO -> o.l[i] = m.matches() ? 1 : 0;
                case REGEXP_REPLACE -> {
                    String repl = constReplacement != null ? constReplacement : rowReplacement(st, r.s[r.off + i]);
                    o.s[i] = replace(m, repl);
                }
                default -> {
                    // regexp_extract: DuckDB gives '' when nothing matches or the group did not take part
                    String g = m.find() && group <= m.groupCount() ? m.group(group) : null;
                    o.s[i] = g == null ? "" : g;
                }
            }
        }
        o.nulls = any ? nl : null;
    }

    /** Matcher.replaceAll/replaceFirst, checking the string cap as the result grows (a 'g' replacement can multiply its length). */
    private String replace(Matcher m, String repl) {
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, repl);
            StringLimit.check(sb.length(), "regexp_replace()");
            if (!global) break;
        }
        m.appendTail(sb);
        StringLimit.check(sb.length(), "regexp_replace()");
        return sb.toString();
    }

    private Pattern rowPattern(State st, String text) {
        if (!text.equals(st.patternText)) {
            st.pattern = compile(text);
            st.patternText = text;
        }
        return st.pattern;
    }

    private static String rowReplacement(State st, String text) {
        if (!text.equals(st.replacementText)) {
            st.replacement = SqlRegex.replacement(text);
            st.replacementText = text;
        }
        return st.replacement;
    }
}
