package dev.nabla.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 19 item 5: wide results hide middle columns (named), numbers keep every digit, display width counts cells. */
class WideResultTest {
    /** 26 columns c1..c26, numbers with many digits and some text. */
    static SimpleTable wide() {
        List<String> names = new ArrayList<>();
        List<DataType> types = new ArrayList<>();
        List<Object> row = new ArrayList<>();
        for (int c = 1; c <= 26; c++) {
            names.add("c" + c);
            boolean text = c % 5 == 0;
            types.add(text ? DataType.VARCHAR : DataType.DOUBLE);
            row.add(text ? "a fairly long text value number " + c : 123456.789012 * c);
        }
        return new SimpleTable(names, types, List.of(row, row));
    }

    @Test
    void middleColumnsAreHiddenAndNamedNotWrapped() {
        for (int width : new int[] {160, 80, 70}) {
            String s = Renderer.render(
                    wide(), OutputFormat.BOX, RenderOptions.plain().withWidth(width));
            String[] lines = s.split("\n");
            for (String l : lines) assertThat(Cells.width(l)).as(l).isLessThanOrEqualTo(width);
            // first and last columns stay; a "…" column stands for the middle
            assertThat(lines[1]).contains(" c1 ", " c26 ", " … ");
            assertThat(s).containsPattern("2 rows · 26 columns \\(\\d+ shown\\)");
            assertThat(s).containsPattern("… \\d+ columns hidden \\(.x on shows rows vertically\\): c\\d+, ");
            // numbers are never cut: every shown number has all of its digits
            for (String l : lines)
                if (l.contains("│ 123456.789012")) assertThat(l).doesNotContain("…│");
        }
        String s =
                Renderer.render(wide(), OutputFormat.BOX, RenderOptions.plain().withWidth(80));
        assertThat(s).contains("123456.789012", "3209876.514312").doesNotContain("123456.78…");
    }

    @Test
    void tableModeSaysWhichColumnsAreHidden() {
        String s = Renderer.render(
                wide(), OutputFormat.TABLE, RenderOptions.plain().withWidth(70));
        assertThat(s).containsPattern("(?m)^… \\d+ columns hidden");
        assertThat(s.lines()
                        .filter(l -> l.startsWith("+"))
                        .findFirst()
                        .orElseThrow()
                        .length())
                .isLessThanOrEqualTo(70);
    }

    @Test
    void nothingIsHiddenWhenItFitsOrWithoutAWidth() {
        String s = Renderer.render(wide(), OutputFormat.BOX, RenderOptions.plain());
        assertThat(s).contains(" c13 ").doesNotContain("hidden");
    }

    @Test
    void displayWidthOfCjkEmojiAndCombiningCharacters() {
        assertThat(Cells.width("abc")).isEqualTo(3);
        assertThat(Cells.width("日本語")).isEqualTo(6);
        assertThat(Cells.width("한국")).isEqualTo(4);
        assertThat(Cells.width("🙂👍")).isEqualTo(4);
        assertThat(Cells.width("e\u0301")).isEqualTo(1); // e + combining acute
        assertThat(Cells.width("ｆｕｌｌ")).isEqualTo(8);
        assertThat(Cells.cut("日本語テキスト", 6)).isEqualTo("日本…");
        assertThat(Cells.width(Cells.cut("日本語テキスト", 6))).isLessThanOrEqualTo(6);
        SimpleTable t = new SimpleTable(
                List.of("name", "n"),
                List.of(DataType.VARCHAR, DataType.BIGINT),
                List.of(
                        Arrays.asList("東京", 1L),
                        Arrays.asList("cafe\u0301", 2L),
                        Arrays.asList("🙂 ok", 3L),
                        Arrays.asList("plain", 4L)));
        for (OutputFormat f : List.of(OutputFormat.BOX, OutputFormat.TABLE, OutputFormat.MARKDOWN)) {
            String s = Renderer.render(t, f, RenderOptions.plain());
            List<Integer> widths = s.lines()
                    .filter(l -> !l.isEmpty() && "┌│├└+|".indexOf(l.charAt(0)) >= 0)
                    .map(Cells::width)
                    .distinct()
                    .toList();
            assertThat(widths).as(f + "\n" + s).hasSize(1); // every border line the same width: aligned
        }
    }

    @Test
    void widthSetsColumnsButNumbersKeepTheirDigits() {
        SimpleTable t = new SimpleTable(
                List.of("label", "x"),
                List.of(DataType.VARCHAR, DataType.DOUBLE),
                List.<List<Object>>of(Arrays.asList("abcdefghij", 1234567.25)));
        String s = Renderer.render(
                t, OutputFormat.TABLE, RenderOptions.plain().withSqliteSettings(null, null, List.of(4, 3)));
        assertThat(s).contains("| abc… | 1234567.25 |");
    }
}
