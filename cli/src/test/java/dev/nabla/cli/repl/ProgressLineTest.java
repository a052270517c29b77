package dev.nabla.cli.repl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.engine.Progress;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
    @Test
    void showsElapsedRowsAndIteration() {
        assertThat(ProgressLine.text(0, 1500, new Progress(true, 1, 1_234_567, 42), false))
                .isEqualTo("⠋ 1500 ms · 1,234,567 rows · iteration 42 · Ctrl-C cancels");
        assertThat(ProgressLine.text(1, 12_000, new Progress(true, 1, 0, 0), true))
                .isEqualTo("⠙ 12.0 s · cancelling…");
        assertThat(ProgressLine.text(2, 2000, null, false)).isEqualTo("⠹ 2000 ms · Ctrl-C cancels");
    }

    @Test
    void neverWiderThanTheTerminal() {
        assertThat(ProgressLine.fit("x".repeat(100), 40)).hasSize(39);
        assertThat(ProgressLine.fit("short", 40)).isEqualTo("short");
    }
}
