package dev.nabla.tests.slt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SltParserTest {

    @Test
    void parsesRecordsConditionsAndResults() {
        String text = """
                # comment
                hash-threshold 8

                statement ok
                CREATE TABLE t(a INT)

                skipif mysql # why
                onlyif nabla
                statement error no such table
                SELECT * FROM nope

                query IT rowsort lbl
                SELECT a,
                  'x' FROM t
                ----
                1
                x

                query I nosort
                SELECT 1
                ----
                30 values hashing to 3c13dee48d9356ae19af2515e05e6b54

                onlyif mssql
                halt
                """;
        SltParser.ParsedFile f = SltParser.parse(Path.of("x.test"), text);
        List<SltRecord> rs = f.records();
        assertThat(rs).hasSize(6);
        assertThat(rs.get(0)).isEqualTo(new SltRecord.HashThreshold(2, SltRecord.Conditions.NONE, 8));
        SltRecord.Statement err = (SltRecord.Statement) rs.get(2);
        assertThat(err.expectOk()).isFalse();
        assertThat(err.errorSubstring()).isEqualTo("no such table");
        assertThat(err.conditions().appliesTo("nabla")).isTrue();
        assertThat(err.conditions().appliesTo("mysql")).isFalse();
        assertThat(err.conditions().appliesTo("sqlite")).isFalse();
        SltRecord.Query q = (SltRecord.Query) rs.get(3);
        assertThat(q.sql()).isEqualTo("SELECT a,\n  'x' FROM t");
        assertThat(q.types()).isEqualTo("IT");
        assertThat(q.sort()).isEqualTo(SltRecord.SortMode.ROWSORT);
        assertThat(q.label()).isEqualTo("lbl");
        assertThat(q.expected()).isEqualTo(new SltRecord.Expected.Lines(List.of("1", "x")));
        SltRecord.Query h = (SltRecord.Query) rs.get(4);
        assertThat(h.expected()).isEqualTo(new SltRecord.Expected.Hash(30, "3c13dee48d9356ae19af2515e05e6b54"));
    }

    @Test
    void comparesPerValueOrPerRowAndByHash() {
        List<String> values = List.of("1", "a b", "2", "c");
        assertThat(SltRunner.compare(new SltRecord.Expected.Lines(List.of("1", "a b", "2", "c")), values, 2))
                .isNull();
        assertThat(SltRunner.compare(new SltRecord.Expected.Lines(List.of("1\ta b", "2\tc")), values, 2))
                .isNull();
        assertThat(SltRunner.compare(new SltRecord.Expected.Lines(List.of("1\ta b", "2\tX")), values, 2))
                .isNotNull();
        assertThat(SltRunner.compare(new SltRecord.Expected.Hash(4, SltRunner.md5(values)), values, 2))
                .isNull();
        assertThat(SltRunner.compare(new SltRecord.Expected.Hash(3, SltRunner.md5(values)), values, 2))
                .isNotNull();
    }
}
