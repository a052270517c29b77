package dev.nabla.tests.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.nabla.common.NablaException;
import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.Session;
import org.junit.jupiter.api.Test;

/** Errors render as one headline plus at most one clipped source line and a caret, however long the input. */
class ErrorRenderingTest {

    @Test
    void aVeryLongLineIsClippedAroundTheError() {
        String sql = "SELECT " + "1, ".repeat(3000) + "nosuch";
        try (Database db = Nabla.open();
                Session s = db.connect()) {
            NablaException e = catchThrowableOfType(NablaException.class, () -> s.execute(sql));
            String[] lines = e.render(sql).split("\n");
            assertThat(lines).hasSize(3);
            assertThat(lines[0]).startsWith("line 1:");
            assertThat(lines[1]).startsWith("...").hasSizeLessThan(200);
            assertThat(lines[2].trim()).matches("\\^+");
            // the caret still sits under the offending token
            int caret = lines[2].indexOf('^');
            assertThat(lines[1].substring(caret)).startsWith("nosuch");
        }
    }

    @Test
    void aShortLineIsShownWhole() {
        String sql = "SELECT * FROM nosuch";
        try (Database db = Nabla.open();
                Session s = db.connect()) {
            NablaException e = catchThrowableOfType(NablaException.class, () -> s.execute(sql));
            assertThat(e.render(sql))
                    .isEqualTo("line 1:15: unknown table \"nosuch\"\nSELECT * FROM nosuch\n              ^^^^^^");
        }
    }
}
