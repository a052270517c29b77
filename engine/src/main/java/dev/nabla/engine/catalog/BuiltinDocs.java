package dev.nabla.engine.catalog;

import java.util.Map;

/**
 * Signatures and descriptions, for {@code duckdb_functions()} and {@code SHOW FUNCTIONS}, of the scalar
 * functions the binder resolves by name outside the numeric function registry ({@code Functions}): text,
 * null handling, sequences, dates, regular expressions. The registry's own functions describe themselves;
 * table functions are described where they are registered. {@code functions.test} checks that no function
 * is left without a description.
 */
final class BuiltinDocs {
    private BuiltinDocs() {}

    /** {@code {signature, description}} by SQL name, or null. */
    static String[] of(String name) {
        return DOCS.get(name);
    }

    private static final Map<String, String[]> DOCS = Map.ofEntries(
            doc("array_extract(v, i)", "element i (1-based) of a DOUBLE[n], as v[i]"),
            doc("array_length(v)", "the number of elements n of a DOUBLE[n]"),
            doc("array_value(x, ...)", "a DOUBLE[n] of its n arguments"),
            doc("array_to_string(v, sep)", "the non-NULL elements of list v as text joined by sep (NULL for [])"),
            doc("list_avg(v)", "the mean of the non-NULL elements of list v (NULL when there is none)"),
            doc("list_concat(a, b)", "list a followed by list b, as a || b (a NULL list counts as empty)"),
            doc("list_contains(v, x)", "whether list v has an element equal to x (alias list_has, array_contains)"),
            doc("list_distinct(v)", "the distinct non-NULL elements of list v, in order of first appearance"),
            doc("list_max(v)", "the largest non-NULL element of list v"),
            doc("list_min(v)", "the smallest non-NULL element of list v"),
            doc("list_position(v, x)", "the 1-based position of the first element of list v equal to x, else NULL"),
            doc("list_reverse(v)", "list v in reverse order"),
            doc("list_reverse_sort(v [, nulls])", "list v sorted descending, NULLs last (or 'NULLS FIRST')"),
            doc("list_slice(v, begin, end)", "elements begin..end of list v (1-based, inclusive), as v[begin:end]"),
            doc("list_sort(v [, 'ASC'|'DESC' [, 'NULLS FIRST'|'NULLS LAST']])", "list v sorted, NULLs last by default"),
            doc("list_sum(v)", "the sum of the non-NULL elements of list v (NULL when there is none)"),
            doc("list_value(x, ...)", "a DOUBLE[] list of its arguments, NULLs kept (as [x, NULL, ...])"),
            doc("ascii(s)", "the code point of the first character of s"),
            doc("chr(n)", "the character with code point n"),
            doc("coalesce(x, ...)", "the first argument that is not NULL"),
            doc("concat(s, ...)", "the arguments' text joined, NULLs skipped"),
            doc("concat_ws(sep, s, ...)", "the arguments' text joined with sep between, NULLs skipped"),
            doc("contains(s, t)", "whether s contains t"),
            doc("current_date()", "today's date (UTC), the same throughout a statement"),
            doc("current_timestamp()", "the current time (UTC), the same throughout a statement"),
            doc("currval(seq)", "the value nextval last returned for sequence seq in this session"),
            doc("date_trunc(part, t)", "t truncated to the start of its year, month, day, hour, ..."),
            doc("derivative(expr, var)", "the symbolic derivative of expression text expr by var, as text"),
            doc("ends_with(s, t)", "whether s ends with t"),
            doc("extract(part, t)", "a field of a date or timestamp (year, month, day, hour, epoch, ...)"),
            doc(
                    "generate_subscripts(v, 1)",
                    "set-returning: one row per element of list v, its position 1..len(v) (SELECT list or FROM)"),
            doc("greatest(x, ...)", "the largest argument, NULLs ignored"),
            doc("hex(x)", "upper-case hex digits of a BLOB or of a string's UTF-8 bytes (a number's text)"),
            doc("ifnull(x, y)", "x, or y when x is NULL"),
            doc("initcap(s)", "s with the first letter of each word upper case, the rest lower"),
            doc("instr(s, t)", "the 1-based position of t in s, 0 when absent"),
            doc("least(x, ...)", "the smallest argument, NULLs ignored"),
            doc("left(s, n)", "the first n characters of s"),
            doc("length(s)", "the number of characters of s (bytes of a BLOB)"),
            doc("lower(s)", "s in lower case"),
            doc("lpad(s, n [, fill])", "s padded on the left with fill (a space) to n characters"),
            doc("ltrim(s [, chars])", "s without leading spaces (or characters in chars)"),
            doc("md5(s)", "the MD5 digest of s as 32 hex digits"),
            doc("nextval(seq)", "advances sequence seq and returns its new value"),
            doc("nullif(x, y)", "NULL when x = y, else x"),
            doc("octet_length(s)", "the number of bytes of s in UTF-8 (of a BLOB)"),
            doc("printf(format, x, ...)", "the arguments formatted by a C-style format (%d, %s, %.2f, ...)"),
            doc("random()", "a pseudo-random DOUBLE in [0, 1), new per row"),
            doc("gen_random_uuid()", "a random version-4 UUID, new per row (alias uuid)"),
            doc("regexp_extract(s, re [, group])", "the first match of re in s (or its group), '' when none"),
            doc("regexp_full_match(s, re [, flags])", "whether re matches the whole of s"),
            doc("regexp_matches(s, re [, flags])", "whether re matches somewhere in s"),
            doc(
                    "regexp_replace(s, re, r [, flags])",
                    "s with the first match of re (every one with 'g') replaced by r"),
            doc("repeat(s, n)", "s repeated n times"),
            doc("replace(s, from, to)", "s with every occurrence of from replaced by to"),
            doc("reverse(s)", "the characters of s in reverse order"),
            doc("right(s, n)", "the last n characters of s"),
            doc("rpad(s, n [, fill])", "s padded on the right with fill (a space) to n characters"),
            doc("rtrim(s [, chars])", "s without trailing spaces (or characters in chars)"),
            doc("setval(seq, n [, called])", "sets sequence seq's current value to n"),
            doc("split_part(s, sep, i)", "the i-th (1-based) part of s split at sep"),
            doc("starts_with(s, t)", "whether s starts with t"),
            doc("stop_gradient(x)", "x, with a zero derivative: grad and jvp treat it as a constant"),
            doc("substr(s, start [, n])", "n characters of s from 1-based position start (to the end)"),
            doc("translate(s, from, to)", "s with each character of from replaced by the one at its position in to"),
            doc("trim(s [, chars])", "s without leading and trailing spaces (or characters in chars)"),
            doc("typeof(x)", "the SQL type name of x"),
            doc("unhex(s)", "the BLOB spelled by hex digits s"),
            doc(
                    "unnest(v)",
                    "set-returning: one row per element of list or array v (SELECT list, zipped; or FROM, lateral)"),
            doc("upper(s)", "s in upper case"),
            doc("try_cast(x AS type)", "x converted to type, or NULL when it does not convert"),
            doc("strftime(t, format)", "a date or timestamp as text in a C-style format (%Y-%m-%d %H:%M:%S)"),
            doc("strptime(s, format)", "the timestamp that text s spells in a C-style format"),
            doc(
                    "date_diff(part, start, end)",
                    "the number of part boundaries (year, month, day, ...) from start to end"),
            doc("make_date(year, month, day)", "the date of those three numbers"),
            doc("levenshtein(s, t)", "the edit distance of s and t (insertions, deletions, substitutions)"),
            doc("damerau_levenshtein(s, t)", "the edit distance of s and t, adjacent transpositions counting one"),
            doc("hamming(s, t)", "the number of positions where s and t, of equal length, differ"),
            doc("jaccard(s, t)", "the Jaccard similarity of the character sets of s and t"),
            doc("jaro_similarity(s, t)", "the Jaro similarity of s and t, from 0 to 1"),
            doc("jaro_winkler_similarity(s, t)", "the Jaro-Winkler similarity of s and t, from 0 to 1"),
            doc("sha1(s)", "the SHA-1 digest of s as 40 hex digits"),
            doc("sha256(s)", "the SHA-256 digest of s as 64 hex digits"),
            doc("make_timestamp(year, month, day, hour, minute, seconds)", "the timestamp of those six numbers"),
            doc("make_time(hour, minute, seconds)", "the TIME of those three numbers (seconds may have a fraction)"),
            doc(
                    "timezone(zone, x)",
                    "x AT TIME ZONE zone: a TIMESTAMPTZ's wall-clock TIMESTAMP in zone, or a TIMESTAMP read in zone"),
            doc("to_timestamp(seconds)", "the TIMESTAMP that many seconds after 1970-01-01 00:00 UTC"),
            doc("epoch_ms(ms)", "the TIMESTAMP that many milliseconds after 1970-01-01 00:00 UTC"));

    private static Map.Entry<String, String[]> doc(String signature, String description) {
        return Map.entry(signature.substring(0, signature.indexOf('(')), new String[] {signature, description});
    }
}
