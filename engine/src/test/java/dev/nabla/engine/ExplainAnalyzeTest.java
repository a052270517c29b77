package dev.nabla.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** EXPLAIN ANALYZE: every operator line carries the rows it produced and its time. */
class ExplainAnalyzeTest {
    private static final Pattern STATS = Pattern.compile("\\(rows=(\\d+)(?:, loops=(\\d+))?, (\\d+\\.\\d{3}) ms\\)$");
    private final Database db = Nabla.open();
    private final Session s = db.connect();

    @AfterEach
    void close() {
        db.close();
    }

    private List<String> lines(String sql) {
        Result r = s.execute(sql);
        return IntStream.range(0, (int) r.rowCount())
                .mapToObj(i -> r.getString(i, 0))
                .toList();
    }

    private static String line(List<String> lines, String startsWith) {
        return lines.stream()
                .filter(l -> l.strip().startsWith(startsWith))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + startsWith + " line in " + lines));
    }

    private static long rows(String line) {
        Matcher m = STATS.matcher(line);
        assertThat(m.find()).as(line).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static long loops(String line) {
        Matcher m = STATS.matcher(line);
        assertThat(m.find()).as(line).isTrue();
        return m.group(2) == null ? 1 : Long.parseLong(m.group(2));
    }

    @Test
    void operatorsReportTheirRows() {
        s.execute("CREATE TABLE t AS SELECT range AS a, range % 10 AS g FROM range(5000)");
        s.execute("CREATE TABLE u AS SELECT range AS g, 'n' || range AS name FROM range(10)");
        List<String> l = lines("""
                EXPLAIN ANALYZE SELECT u.name, count(*) FROM t JOIN u ON t.g = u.g WHERE t.a < 1000 GROUP BY u.name ORDER BY 1""");
        assertThat(rows(line(l, "Sort"))).isEqualTo(10);
        assertThat(rows(line(l, "Aggregate"))).isEqualTo(10);
        assertThat(rows(line(l, "HashJoin"))).isEqualTo(1000);
        assertThat(rows(line(l, "Scan u"))).isEqualTo(10);
        assertThat(l.get(l.size() - 1)).matches("rows: 10, time: \\d+\\.\\d{3} ms");
        // the statement ran once: a plain EXPLAIN has no statistics, and the prepared plan stays unprofiled
        assertThat(lines("EXPLAIN SELECT count(*) FROM t")).noneMatch(x -> x.contains("rows="));
        assertThat(s.execute("SELECT count(*) FROM t WHERE a < 1000").getLong(0, 0))
                .isEqualTo(1000);
    }

    @Test
    void correlatedSubqueryShowsLoops() {
        s.execute("CREATE TABLE t AS SELECT range AS a FROM range(5)");
        List<String> l =
                lines("EXPLAIN ANALYZE SELECT a, (SELECT count(*) FROM range(10) r WHERE r.range < t.a) FROM t");
        String sub = l.get(l.indexOf(line(l, "Subquery")) + 1);
        assertThat(loops(sub)).isEqualTo(5);
        assertThat(rows(sub)).isEqualTo(5);
    }

    @Test
    void writesAreAnalyzedToo() {
        s.execute("CREATE TABLE t(a INT)");
        List<String> l = lines("EXPLAIN ANALYZE INSERT INTO t SELECT range FROM range(100) WHERE range % 2 = 0");
        assertThat(l.get(l.size() - 1)).startsWith("rows: 50, time: ");
        assertThat(l.stream().filter(x -> STATS.matcher(x).find())).isNotEmpty();
        assertThat(s.execute("SELECT count(*) FROM t").getLong(0, 0)).isEqualTo(50);
    }
}
