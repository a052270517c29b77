package dev.nabla.tests.slt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ValueFormatterTest {

    @Test
    void realsPrintLikeSqlitePrintf() {
        assertThat(ValueFormatter.formatReal(7)).isEqualTo("7.000");
        assertThat(ValueFormatter.formatReal(-2.5)).isEqualTo("-2.500");
        assertThat(ValueFormatter.formatReal(0.0005)).isEqualTo("0.001");
        assertThat(ValueFormatter.formatReal(-0.0)).isEqualTo("0.000");
        assertThat(ValueFormatter.formatReal(-0.0001)).isEqualTo("-0.000");
        assertThat(ValueFormatter.formatReal(-9.223372036854775808E18)).isEqualTo("-9223372036854776000.000");
        assertThat(ValueFormatter.formatReal(-1.8446744073709552E19)).isEqualTo("-18446744073709550000.000");
        assertThat(ValueFormatter.formatReal(1234567.891)).isEqualTo("1234567.891");
    }

    @Test
    void integersTruncateAndParsePrefixes() {
        assertThat(ValueFormatter.formatInteger(3.9)).isEqualTo("3");
        assertThat(ValueFormatter.formatInteger(-3.9)).isEqualTo("-3");
        assertThat(ValueFormatter.formatInteger(42L)).isEqualTo("42");
        assertThat(ValueFormatter.formatInteger("12abc")).isEqualTo("12");
        assertThat(ValueFormatter.formatInteger("abc")).isEqualTo("0");
        assertThat(ValueFormatter.formatInteger(" -7.5e1x")).isEqualTo("-75");
        assertThat(ValueFormatter.formatInteger(true)).isEqualTo("1");
    }

    @Test
    void textMarksEmptyAndUnprintable() {
        assertThat(ValueFormatter.formatText("")).isEqualTo("(empty)");
        assertThat(ValueFormatter.formatText("a\tb")).isEqualTo("a@b");
        assertThat(ValueFormatter.formatText("héllo")).isEqualTo("h@llo");
        assertThat(ValueFormatter.formatText("plain text")).isEqualTo("plain text");
    }
}
