package dev.nabla.engine;

import static dev.nabla.engine.DdlDmlTest.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SHOW TABLES' (name, schema, type) rows and the catalog's names in unknown-table hints. */
class CatalogListingTest {
    private final Database db = Nabla.open();
    private final Session s = db.connect();

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void unknownTableSuggestsCatalogNames() {
        s.execute("CREATE TABLE pts(x DOUBLE)");
        s.execute("CREATE VIEW readings AS SELECT x FROM pts");
        assertThatThrownBy(() -> s.execute("SELECT * FROM pts2"))
                .isInstanceOf(NablaException.class)
                .hasMessage("unknown table \"pts2\" — did you mean \"pts\"?")
                .extracting(e -> ((NablaException) e).code())
                .isEqualTo(ErrorCode.UNKNOWN_TABLE);
        assertThatThrownBy(() -> s.execute("SELECT * FROM reading"))
                .hasMessage("unknown table \"reading\" — did you mean \"readings\"?");
        assertThatThrownBy(() -> s.execute("WITH totals AS (SELECT 1) SELECT * FROM total"))
                .hasMessage("unknown table \"total\" — did you mean \"totals\"?");
        assertThatThrownBy(() -> s.execute("INSERT INTO ptss VALUES (1)"))
                .hasMessage("unknown table \"ptss\" — did you mean \"pts\"?");
        assertThatThrownBy(() -> s.execute("SELECT * FROM zzzzzz")).hasMessage("unknown table \"zzzzzz\"");
    }

    @Test
    void showTablesListsSchemaAndType() {
        s.execute("CREATE TABLE b(x INT)");
        s.execute("CREATE TABLE a(x INT)");
        s.execute("CREATE VIEW v AS SELECT x FROM a");
        Result r = s.execute("SHOW TABLES");
        assertThat(r.columnNames()).containsExactly("name", "schema", "type");
        assertThat(rows(r))
                .containsExactly(
                        List.of("a", "main", "table"), List.of("b", "main", "table"), List.of("v", "main", "view"));
        s.execute("BEGIN");
        s.execute("DROP VIEW v");
        assertThat(s.execute("SHOW TABLES").rowCount()).isEqualTo(2);
        s.execute("ROLLBACK");
        assertThat(s.execute("SHOW TABLES").rowCount()).isEqualTo(3);
    }
}
