package dev.nabla.cli.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BrailleChartTest {
    @Test
    void lossCurveSnapshot() {
        int n = 50;
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = 10 * Math.exp(-i / 8.0);
        }
        List<String> lines =
                BrailleChart.render("step", x, List.of(new BrailleChart.Series("loss", y)), 40, 10, false, false);
        String chart = String.join("\n", lines);
        assertThat(lines).hasSize(10);
        assertThat(chart).isEqualTo("""
                     10 ┤⢣
                        │⠈⢆
                        │  ⢣
                        │   ⠣⡀
                        │    ⠑⠢⡀
                        │      ⠈⠢⠤⣀
                0.02187 ┤          ⠉⠑⠒⠢⠤⠤⠤⠤⠤⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀
                        └──────────────────────────────
                        0            step            49
                        ⣿ loss""");
        assertThat(chart)
                .isEqualTo(String.join(
                        "\n",
                        BrailleChart.render(
                                "step", x, List.of(new BrailleChart.Series("loss", y)), 40, 10, false, false)));
        // every drawn character is a braille cell
        for (String l : lines.subList(0, 7)) {
            String plot = l.substring(l.indexOf(l.contains("┤") ? '┤' : '│') + 1);
            for (char c : plot.toCharArray())
                assertThat(c == ' ' || (c >= 0x2800 && c <= 0x28FF)).isTrue();
        }
    }

    @Test
    void exactSmallSnapshot() {
        double[] x = {0, 1, 2, 3};
        double[] y = {0, 1, 2, 3};
        List<String> lines = BrailleChart.render("x", x, List.of(new BrailleChart.Series("y", y)), 20, 6, false, false);
        assertThat(String.join("\n", lines) + "\n").isEqualTo("""
                3 ┤           ⢀⡠⠤⠒⠉
                  │    ⢀⣀⠤⠤⠒⠒⠉⠁
                0 ┤⣀⠤⠒⠊⠁
                  └────────────────
                  0       x       3
                  ⣿ y
                """);
    }

    @Test
    void logScaleAndColours() {
        double[] x = {1, 2, 3};
        List<String> lines = BrailleChart.render(
                "i",
                x,
                List.of(
                        new BrailleChart.Series("a", new double[] {1, 10, 100}),
                        new BrailleChart.Series("b", new double[] {100, 10, 1})),
                30,
                8,
                true,
                true);
        assertThat(lines.getFirst()).startsWith("100 ┤");
        assertThat(lines.getLast()).contains("\u001b[34m", "\u001b[31m", "(log y)");
    }

    @Test
    void rejectsNothingToPlot() {
        assertThatThrownBy(() -> BrailleChart.render(
                        "x",
                        new double[] {1},
                        List.of(new BrailleChart.Series("y", new double[] {Double.NaN})),
                        40,
                        10,
                        false,
                        false))
                .hasMessageContaining("no finite values");
    }
}
