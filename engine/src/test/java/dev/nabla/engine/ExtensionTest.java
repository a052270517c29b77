package dev.nabla.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExtensionTest {
    @Test
    void extensionsAreInstalledIntoNewDatabases() {
        Nabla.addExtension(db -> db.tableFunctions()
                .register(
                        "ext_numbers",
                        (args, named, span) -> db.tableFunctions().resolve("range", List.of(3L), Map.of(), span)));
        try (Database db = Nabla.open();
                Session s = db.connect()) {
            assertThat(s.execute("SELECT sum(range) FROM ext_numbers()").getLong(0, 0))
                    .isEqualTo(3);
        }
    }
}
