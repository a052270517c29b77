package dev.nabla.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RendererTest {
    static SimpleTable sample() {
        return new SimpleTable(
                List.of("id", "name", "score"),
                List.of(DataType.BIGINT, DataType.VARCHAR, DataType.DOUBLE),
                List.of(
                        Arrays.asList(1L, "ann", 0.5),
                        Arrays.asList(22L, null, 1e-7),
                        Arrays.asList(3L, "a,\"b\"", null)));
    }

    @Test
    void box() {
        String s = Renderer.render(
                sample(), OutputFormat.BOX, RenderOptions.plain().withElapsedMillis(12));
        assertThat(s).isEqualTo("""
                ┌────────┬─────────┬────────┐
                │   id   │  name   │ score  │
                │ bigint │ varchar │ double │
                ├────────┼─────────┼────────┤
                │      1 │ ann     │    0.5 │
                │     22 │ NULL    │  1e-07 │
                │      3 │ a,"b"   │   NULL │
                └────────┴─────────┴────────┘
                3 rows · 12 ms
                """);
    }

    @Test
    void table() {
        String s = Renderer.render(sample(), OutputFormat.TABLE, RenderOptions.plain());
        assertThat(s).isEqualTo("""
                +----+-------+-------+
                | id | name  | score |
                +----+-------+-------+
                |  1 | ann   |   0.5 |
                | 22 | NULL  | 1e-07 |
                |  3 | a,"b" |  NULL |
                +----+-------+-------+
                """);
    }

    @Test
    void timestampsWithTimeZoneShowAsPostgresPrintsThem() {
        java.time.OffsetDateTime t =
                java.time.OffsetDateTime.of(2024, 7, 1, 14, 0, 0, 500_000_000, java.time.ZoneOffset.ofHours(2));
        SimpleTable table =
                new SimpleTable(List.of("t"), List.of(DataType.TIMESTAMP_TZ), List.of(Arrays.<Object>asList(t)));
        assertThat(Renderer.render(table, OutputFormat.CSV, RenderOptions.plain()))
                .isEqualTo("t\n2024-07-01 14:00:00.5+02\n");
        assertThat(Renderer.render(table, OutputFormat.INSERT, RenderOptions.plain()))
                .contains("TIMESTAMPTZ '2024-07-01 14:00:00.5+02'");
    }

    @Test
    void blobsShowAsBackslashXHex() {
        SimpleTable t = new SimpleTable(
                List.of("b"),
                List.of(DataType.BLOB),
                List.of(Arrays.<Object>asList(new byte[] {0x30, (byte) 0xff}), Arrays.asList((Object) null)));
        assertThat(Renderer.render(t, OutputFormat.CSV, RenderOptions.plain())).isEqualTo("b\n\\x30FF\n\n");
        assertThat(Renderer.render(t, OutputFormat.BOX, RenderOptions.plain()))
                .contains("│ \\x30FF │")
                .contains("│  blob  │");
    }

    @Test
    void csvAndTsv() {
        assertThat(Renderer.render(sample(), OutputFormat.CSV, RenderOptions.plain()))
                .isEqualTo("""
                id,name,score
                1,ann,0.5
                22,,1e-07
                3,"a,""b\""",
                """);
        assertThat(Renderer.render(
                        sample(), OutputFormat.TSV, RenderOptions.plain().withHeader(false)))
                .isEqualTo("1\tann\t0.5\n22\t\t1e-07\n3\ta,\"b\"\t\n");
    }

    @Test
    void json() {
        assertThat(Renderer.render(sample(), OutputFormat.JSON, RenderOptions.plain()))
                .isEqualTo("""
                [
                  {"id":1,"name":"ann","score":0.5},
                  {"id":22,"name":null,"score":1.0e-7},
                  {"id":3,"name":"a,\\"b\\"","score":null}
                ]
                """);
        assertThat(Renderer.render(sample(), OutputFormat.JSONL, RenderOptions.plain())
                        .lines()
                        .toList())
                .containsExactly(
                        "{\"id\":1,\"name\":\"ann\",\"score\":0.5}",
                        "{\"id\":22,\"name\":null,\"score\":1.0e-7}",
                        "{\"id\":3,\"name\":\"a,\\\"b\\\"\",\"score\":null}");
    }

    @Test
    void markdownAndLine() {
        assertThat(Renderer.render(sample(), OutputFormat.MARKDOWN, RenderOptions.plain()))
                .isEqualTo("""
                | id  | name  | score |
                |----:|:------|------:|
                |   1 | ann   |   0.5 |
                |  22 | NULL  | 1e-07 |
                |   3 | a,"b" |  NULL |
                """);
        assertThat(Renderer.render(sample(), OutputFormat.LINE, RenderOptions.plain()))
                .startsWith("""
                   id = 1
                 name = ann
                score = 0.5

                   id = 22
                """);
    }

    @Test
    void truncatesOnlyWhenAskedAndSaysWhatWasHidden() {
        List<List<Object>> rows = new ArrayList<>();
        for (long i = 1; i <= 1000; i++) rows.add(List.of(i));
        SimpleTable t = new SimpleTable(List.of("i"), List.of(DataType.BIGINT), rows);
        String all = Renderer.render(t, OutputFormat.TABLE, RenderOptions.plain());
        assertThat(all.lines().count()).isEqualTo(1004);
        String box = Renderer.render(t, OutputFormat.BOX, RenderOptions.plain().withMaxRows(40));
        List<String> lines = box.lines().toList();
        assertThat(lines).contains("│      1 │", "│     20 │", "│    981 │", "│   1000 │", "│   ·    │");
        assertThat(box)
                .doesNotContain("│     21 │")
                .contains("1,000 rows (40 shown)", "… 960 rows hidden (.last shows all)");
    }

    @Test
    void colorDimsNull() {
        String s = Renderer.render(
                sample(), OutputFormat.BOX, RenderOptions.plain().withColor(true));
        assertThat(s).contains("\u001b[2mNULL   \u001b[0m");
    }

    @Test
    void fitsWidthByCuttingWideCells() {
        SimpleTable t = new SimpleTable(List.of("s"), List.of(DataType.VARCHAR), List.of(List.of("x".repeat(200))));
        String s = Renderer.render(t, OutputFormat.BOX, RenderOptions.plain().withWidth(40));
        for (String l : s.lines().toList()) assertThat(Cells.width(l)).isLessThanOrEqualTo(40);
        assertThat(s).contains("…");
    }

    @Test
    void doubles() {
        assertThat(Cells.formatDouble(1.0)).isEqualTo("1.0");
        assertThat(Cells.formatDouble(0.1)).isEqualTo("0.1");
        assertThat(Cells.formatDouble(1e20)).isEqualTo("1e+20");
        assertThat(Cells.formatDouble(12345678.5)).isEqualTo("12345678.5");
        assertThat(Cells.formatDouble(-2.5e-9)).isEqualTo("-2.5e-09");
        assertThat(Cells.formatDouble(Double.NaN)).isEqualTo("NaN");
    }

    @Test
    void formatNamesAndAliases() {
        assertThat(OutputFormat.parse("jsonlines")).isEqualTo(OutputFormat.JSONL);
        assertThat(OutputFormat.parse("BOX")).isEqualTo(OutputFormat.BOX);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OutputFormat.parse("xml"))
                .hasMessageContaining("unknown format");
    }
}
