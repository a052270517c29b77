package dev.nabla.engine.io.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.engine.Database;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import dev.nabla.engine.io.IoTestSupport;
import dev.nabla.storage.DataType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {
    @TempDir Path dir;
    Database db;
    Session s;

    @BeforeEach void open() {
        db = IoTestSupport.database();
        s = db.connect();
    }

    @AfterEach void close() { db.close(); }

    private String file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p.toString().replace('\\', '/');
    }

    private Result q(String sql) { return s.execute(sql); }

    @Test void infersTypesAndDetectsHeader() throws IOException {
        String f = file("t.csv", "id,price,ok,day,at,name\n1,2.5,true,2024-01-31,2024-01-31 12:30:00,\"a, b\"\n2,-3,false,2024-02-29,2024-02-29T01:02:03.5,\"say \"\"hi\"\"\"\n");
        Result r = q("SELECT * FROM read_csv('" + f + "')");
        assertThat(r.columnNames()).containsExactly("id", "price", "ok", "day", "at", "name");
        assertThat(r.columnTypes()).containsExactly(DataType.BIGINT, DataType.DOUBLE, DataType.BOOLEAN, DataType.DATE, DataType.TIMESTAMP, DataType.VARCHAR);
        assertThat(r.rowCount()).isEqualTo(2);
        assertThat(r.get(0, 0)).isEqualTo(1L);
        assertThat(r.get(1, 1)).isEqualTo(-3.0);
        assertThat(r.get(0, 2)).isEqualTo(true);
        assertThat(r.get(1, 3)).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(r.get(1, 4)).isEqualTo(LocalDateTime.of(2024, 2, 29, 1, 2, 3, 500_000_000));
        assertThat(r.get(0, 5)).isEqualTo("a, b");
        assertThat(r.get(1, 5)).isEqualTo("say \"hi\"");
    }

    @Test void noHeaderWhenFirstRowIsData() throws IOException {
        String f = file("n.csv", "1,2.5\n2,3.5\n");
        Result r = q("SELECT * FROM read_csv('" + f + "')");
        assertThat(r.columnNames()).containsExactly("column0", "column1");
        assertThat(r.rowCount()).isEqualTo(2);
        Result h = q("SELECT * FROM read_csv('" + f + "', header => true, columns => ['a', 'b'])");
        assertThat(h.columnNames()).containsExactly("a", "b");
        assertThat(h.rowCount()).isEqualTo(1);
    }

    @Test void nullsEmptyStringsAndNullstr() throws IOException {
        String f = file("nulls.csv", "a,b,c\n1,1.0,x\n2,2.0,\"\"\nNA,3.0,NA\n");
        Result r = q("SELECT a, b, c FROM read_csv('" + f + "', nullstr => 'NA', types => ['BIGINT', 'DOUBLE', 'VARCHAR'])");
        assertThat(r.rowCount()).isEqualTo(3);
        assertThat(r.isNull(2, 0)).isTrue();
        assertThat(r.isNull(2, 2)).isTrue();
        assertThat(r.get(1, 2)).isEqualTo("");
        Result d = q("SELECT count(*), count(a), count(b), sum(b) FROM read_csv('" + file("d.csv", "a,b\n1,\n,2.5\n3,1\n") + "')");
        assertThat(d.get(0, 0)).isEqualTo(3L);
        assertThat(d.get(0, 1)).isEqualTo(2L);
        assertThat(d.get(0, 2)).isEqualTo(2L);
        assertThat(d.get(0, 3)).isEqualTo(3.5);
    }

    @Test void typeOverridesAndOptions() throws IOException {
        String f = file("semi.csv", "# comment line\nx;y\n1;'a;b'\n2;'c'\n");
        Result r = q("SELECT * FROM read_csv('" + f + "', skip => 1, delim => ';', quote => '''', types => ['DOUBLE', 'VARCHAR'])");
        assertThat(r.columnNames()).containsExactly("x", "y");
        assertThat(r.columnTypes()).containsExactly(DataType.DOUBLE, DataType.VARCHAR);
        assertThat(r.get(0, 1)).isEqualTo("a;b");
        assertThat(r.get(1, 0)).isEqualTo(2.0);
    }

    @Test void gzipByMagicBytes() throws IOException {
        Path p = dir.resolve("z.csv.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(p))) {
            o.write("k,v\n1,10\n2,20\n".getBytes(StandardCharsets.UTF_8));
        }
        Result r = q("SELECT sum(v) FROM read_csv('" + p.toString().replace('\\', '/') + "')");
        assertThat(r.get(0, 0)).isEqualTo(30L);
    }

    @Test void streamsManyBatchesAndParsesNumbersExactly() throws IOException {
        StringBuilder sb = new StringBuilder("i,x\n");
        int n = 10_000;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double x = i * 0.001 + 1e-7 * (i % 13) - 0.5;
            sum += Double.parseDouble(Double.toString(x));
            sb.append(i).append(',').append(x).append('\n');
        }
        String f = file("big.csv", sb.toString());
        Result r = q("SELECT count(*), sum(i), sum(x) FROM read_csv('" + f + "')");
        assertThat(r.get(0, 0)).isEqualTo((long) n);
        assertThat(r.get(0, 1)).isEqualTo((long) n * (n - 1) / 2);
        assertThat((Double) r.get(0, 2)).isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-6));
        double[] xs = q("SELECT x FROM read_csv('" + f + "')").doubleColumn(0);
        for (int i = 0; i < n; i++) assertThat(xs[i]).isEqualTo(Double.parseDouble(Double.toString(i * 0.001 + 1e-7 * (i % 13) - 0.5)));
    }

    @Test void fieldParserMatchesJdk() {
        FieldParsers p = new FieldParsers();
        String[] samples = {"0", "-0", "1.5", "1e10", "1E-5", "123456789012345678", "0.1", "3.141592653589793", "2.2250738585072014E-308",
            "1.7976931348623157e308", "4.9e-324", "-12.75", ".5", "5.", "+7", "nan", "-Infinity", "9007199254740993", "1e23"};
        for (String v : samples) {
            char[] c = v.toCharArray();
            assertThat(p.parseDouble(c, 0, c.length)).as(v).isTrue();
            double expect = v.equalsIgnoreCase("nan") ? Double.NaN : Double.parseDouble(v);
            assertThat(Double.compare(p.doubleValue, expect)).as(v).isZero();
        }
        for (String v : new String[] {"", "-", "abc", "1..2", "1e", "0x10", "1f", "--1"}) {
            char[] c = v.toCharArray();
            assertThat(p.parseDouble(c, 0, c.length)).as(v).isFalse();
        }
        char[] min = "-9223372036854775808".toCharArray();
        assertThat(p.parseLong(min, 0, min.length)).isTrue();
        assertThat(p.longValue).isEqualTo(Long.MIN_VALUE);
        char[] over = "9223372036854775808".toCharArray();
        assertThat(p.parseLong(over, 0, over.length)).isFalse();
        for (String d : new String[] {"1970-01-01", "2000-02-29", "1969-12-31", "0001-01-01", "2400-12-31"}) {
            char[] c = d.toCharArray();
            assertThat(p.parseDate(c, 0, 10)).isTrue();
            assertThat(p.longValue).isEqualTo(LocalDate.parse(d).toEpochDay());
        }
        char[] bad = "2023-02-29".toCharArray();
        assertThat(p.parseDate(bad, 0, 10)).isFalse();
    }

    @Test void fastDoubleParsingIsCorrectlyRounded() {
        FieldParsers p = new FieldParsers();
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        for (int i = 0; i < 40_000; i++) {
            double d = Double.longBitsToDouble(r.nextLong());
            if (Double.isNaN(d) || Double.isInfinite(d)) continue;
            String[] forms = {Double.toString(d), Double.toString(r.nextDouble()), String.format(java.util.Locale.ROOT, "%.17g", d),
                r.nextLong(1, Long.MAX_VALUE) + "e" + r.nextInt(-340, 300), (r.nextLong() >>> r.nextInt(1, 63)) + "." + r.nextInt(0, 1 << 30)};
            for (String v : forms) {
                char[] c = v.toCharArray();
                assertThat(p.parseDouble(c, 0, c.length)).as(v).isTrue();
                if (Double.doubleToRawLongBits(p.doubleValue) != Double.doubleToRawLongBits(Double.parseDouble(v))) {
                    throw new AssertionError(v + " parsed as " + p.doubleValue + ", JDK says " + Double.parseDouble(v));
                }
            }
        }
    }

    @Test void raggedRowNamesFileAndLine() throws IOException {
        StringBuilder sb = new StringBuilder("a,b,c\n");
        for (int i = 2; i < 17; i++) sb.append("1,2,3\n");
        sb.append("1,2,3,4\n");
        String f = file("data.csv", sb.toString());
        assertThatThrownBy(() -> q("SELECT * FROM read_csv('" + f + "')"))
                .isInstanceOf(NablaException.class).hasMessageContaining("read_csv: " + f + " line 17: expected 3 fields, found 4");
        // beyond the sample: found while loading
        String g = file("late.csv", sb.toString());
        assertThatThrownBy(() -> q("SELECT * FROM read_csv('" + g + "', sample_size => 3)"))
                .isInstanceOf(NablaException.class).hasMessageContaining("late.csv line 17: expected 3 fields, found 4");
    }

    @Test void badValueNamesLineAndColumn() throws IOException {
        String f = file("data.csv", "id,price\n1,2.5\n2,3\n3,4\n4,5\n5,6\n6,7\n7,8\n8,abc\n");
        assertThatThrownBy(() -> q("SELECT * FROM read_csv('" + f + "', sample_size => 3)"))
                .isInstanceOfSatisfying(NablaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CAST))
                .hasMessageContaining("read_csv: " + f + " line 9, column \"price\": cannot parse 'abc' as DOUBLE");
        String g = file("ints.csv", "n\n1\n2\n3.5\n");
        assertThatThrownBy(() -> q("SELECT * FROM read_csv('" + g + "', types => ['INTEGER'])"))
                .hasMessageContaining("line 4, column \"n\": cannot parse '3.5' as INTEGER");
    }

    @Test void missingAndUnreadableFiles() throws IOException {
        assertThatThrownBy(() -> q("SELECT * FROM read_csv('" + dir.resolve("nope.csv") + "')"))
                .isInstanceOfSatisfying(NablaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.IO))
                .hasMessageContaining("nope.csv' does not exist");
        assertThatThrownBy(() -> q("SELECT * FROM read_csv('" + dir + "')")).hasMessageContaining("is a directory");
        String e = file("empty.csv", "");
        assertThatThrownBy(() -> q("SELECT * FROM read_csv('" + e + "')")).hasMessageContaining("has no rows");
        assertThatThrownBy(() -> q("SELECT * FROM read_csv('" + e + "', bogus => 1)")).hasMessageContaining("unknown option 'bogus'");
        Path gz = dir.resolve("bad.csv.gz");
        Files.write(gz, new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3});
        assertThatThrownBy(() -> q("SELECT * FROM read_csv('" + gz + "')")).isInstanceOfSatisfying(NablaException.class,
                x -> assertThat(x.code()).isEqualTo(ErrorCode.IO));
    }

    @Test void failedLoadLeavesNothingBehind() throws IOException {
        String f = file("data.csv", "id,price\n1,2.5\n2,3\n3,x\n");
        assertThatThrownBy(() -> q("CREATE TABLE t AS SELECT * FROM read_csv('" + f + "', sample_size => 1)")).isInstanceOf(NablaException.class);
        assertThatThrownBy(() -> q("SELECT * FROM t")).isInstanceOf(NablaException.class);
        q("CREATE TABLE u (id BIGINT, price DOUBLE)");
        assertThatThrownBy(() -> q("COPY u FROM '" + f + "' (HEADER, DELIMITER ',')")).isInstanceOf(NablaException.class);
        assertThat(q("SELECT count(*) FROM u").get(0, 0)).isEqualTo(0L);
    }

    @Test void copyToAndFromRoundTrip() throws IOException {
        q("CREATE TABLE t (i BIGINT, d DOUBLE, s VARCHAR, b BOOLEAN, day DATE, ts TIMESTAMP)");
        q("INSERT INTO t VALUES (1, 0.1, 'plain', true, DATE '2024-03-01', TIMESTAMP '2024-03-01 10:11:12.123456'),"
                + " (2, NULL, '', false, NULL, NULL), (NULL, -1e300, 'a,\"q\"', NULL, DATE '1900-01-01', TIMESTAMP '1970-01-01 00:00:00')");
        String out = dir.resolve("out.csv").toString().replace('\\', '/');
        Result w = q("COPY (SELECT * FROM t ORDER BY i NULLS LAST) TO '" + out + "' (HEADER, DELIMITER ',')");
        assertThat(w.updateCount()).isEqualTo(3);
        q("CREATE TABLE back (i BIGINT, d DOUBLE, s VARCHAR, b BOOLEAN, day DATE, ts TIMESTAMP)");
        assertThat(q("COPY back FROM '" + out + "' (HEADER, DELIMITER ',')").updateCount()).isEqualTo(3);
        Result diff = q("SELECT count(*) FROM (SELECT * FROM t EXCEPT SELECT * FROM back) x");
        assertThat(diff.get(0, 0)).isEqualTo(0L);
        Result r = q("SELECT s, d FROM read_csv('" + out + "') ORDER BY i NULLS LAST");
        assertThat(r.get(1, 0)).isEqualTo("");
        assertThat(r.isNull(1, 1)).isTrue();
        assertThat(r.get(2, 0)).isEqualTo("a,\"q\"");
        assertThat(q("SELECT * FROM read_csv('" + out + "')").columnTypes())
                .containsExactly(DataType.BIGINT, DataType.DOUBLE, DataType.VARCHAR, DataType.BOOLEAN, DataType.DATE, DataType.TIMESTAMP);
    }

    @Test void tabDelimitedWithoutHeaderOnCopy() throws IOException {
        q("CREATE TABLE t AS SELECT * FROM generate_series(1, 5)");
        String out = dir.resolve("o.tsv").toString();
        q("COPY t TO '" + out + "' (HEADER false, DELIMITER '\t')");
        assertThat(Files.readString(Path.of(out))).isEqualTo("1\n2\n3\n4\n5\n");
    }

    @Test void realDataFirstLineNeedsSkip() {
        Result r = q("SELECT count(*), avg(column0) FROM read_csv('../examples/data/iris.csv', skip => 1, header => false)");
        assertThat(r.get(0, 0)).isEqualTo(150L);
        assertThat((Double) r.get(0, 1)).isCloseTo(5.843333, org.assertj.core.data.Offset.offset(1e-5));
        List<String> names = q("SELECT * FROM read_csv('../examples/data/breast_cancer.csv', skip => 1) LIMIT 1").columnNames();
        assertThat(names).hasSize(31);
    }
}
