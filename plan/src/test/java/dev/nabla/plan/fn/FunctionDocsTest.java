package dev.nabla.plan.fn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/sql.md carries the registry's function table verbatim; {@code -Dnabla.docs.write=true} rewrites it. */
class FunctionDocsTest {
    private static final Path DOC = Path.of("../docs/sql.md");

    @Test
    void sqlReferenceHasTheGeneratedTable() throws Exception {
        String doc = Files.readString(DOC);
        int b = doc.indexOf(FunctionDocs.BEGIN), e = doc.indexOf(FunctionDocs.END);
        assertThat(b).as("docs/sql.md has the function-table markers").isGreaterThanOrEqualTo(0);
        assertThat(e).isGreaterThan(b);
        String current = doc.substring(b, e + FunctionDocs.END.length() + 1);
        String generated = FunctionDocs.table();
        if (Boolean.getBoolean("nabla.docs.write") && !current.equals(generated)) {
            Files.writeString(DOC, doc.substring(0, b) + generated + doc.substring(e + FunctionDocs.END.length() + 1));
            return;
        }
        assertThat(current)
                .as("docs/sql.md's function table is stale: run the plan tests with -Dnabla.docs.write=true")
                .isEqualTo(generated);
    }
}
