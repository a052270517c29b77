package dev.nabla.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NablaExceptionTest {
    private static final Span WHERE = new Span(2, 5, 2, 9, 12, 16);

    @Test
    void atGivesAPositionOnlyToAnErrorWithoutOne() {
        NablaException bare = new NablaException(ErrorCode.UNKNOWN_TABLE, "table \"x\" does not exist");
        NablaException located = bare.at(WHERE);
        assertThat(located.span().offset()).isEqualTo(12);
        assertThat(located.code()).isEqualTo(ErrorCode.UNKNOWN_TABLE);
        assertThat(located.getMessage()).isEqualTo(bare.getMessage());
        assertThat(located.headline()).isEqualTo("line 2:5: table \"x\" does not exist");
        assertThat(located.at(new Span(1, 1, 1, 2, 0, 1))).isSameAs(located);
        assertThat(bare.at(Span.NONE)).isSameAs(bare);
        assertThat(bare.at(null)).isSameAs(bare);
    }
}
