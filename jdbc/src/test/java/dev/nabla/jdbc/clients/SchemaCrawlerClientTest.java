package dev.nabla.jdbc.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.jdbc.NablaDataSource;
import java.sql.Connection;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import schemacrawler.schema.Catalog;
import schemacrawler.schema.Column;
import schemacrawler.schema.ForeignKey;
import schemacrawler.schema.Index;
import schemacrawler.schema.Table;
import schemacrawler.schemacrawler.LoadOptionsBuilder;
import schemacrawler.schemacrawler.SchemaCrawlerOptions;
import schemacrawler.schemacrawler.SchemaCrawlerOptionsBuilder;
import schemacrawler.schemacrawler.SchemaInfoLevelBuilder;
import schemacrawler.tools.utility.SchemaCrawlerUtility;
import us.fatehi.utility.datasource.DatabaseConnectionSources;

/** SchemaCrawler 17.9 at its maximum info level finds the keys, indexes, UNIQUE constraints, defaults and views. */
class SchemaCrawlerClientTest {
    @Test
    void crawlsKeysIndexesDefaultsAndViews() throws Exception {
        NablaDataSource ds = new NablaDataSource("jdbc:nabla:mem:crawler-" + UUID.randomUUID());
        try (Connection keep = ds.getConnection()) {
            Fixture.create(keep);
            SchemaCrawlerOptions options = SchemaCrawlerOptionsBuilder.newSchemaCrawlerOptions()
                    .withLoadOptions(LoadOptionsBuilder.builder()
                            .withSchemaInfoLevel(SchemaInfoLevelBuilder.maximum())
                            .toOptions());
            Catalog catalog = SchemaCrawlerUtility.getCatalog(DatabaseConnectionSources.fromDataSource(ds), options);
            assertThat(catalog.getSchemas()).extracting(s -> s.getName()).contains("main");
            Table orders = catalog.getTables().stream()
                    .filter(t -> t.getName().equals("orders"))
                    .findFirst()
                    .orElseThrow();
            assertThat(orders.getSchema().getName()).isEqualTo("main");
            assertThat(orders.getPrimaryKey().getConstrainedColumns())
                    .extracting(Column::getName)
                    .containsExactly("id");
            ForeignKey fk = orders.getImportedForeignKeys().iterator().next();
            assertThat(fk.getPrimaryKeyTable().getName()).isEqualTo("customers");
            assertThat(fk.getConstrainedColumns()).extracting(Column::getName).containsExactly("customer_id");
            assertThat(orders.getIndexes()).extracting(Index::getName).contains("orders_customer", "orders_pkey");

            Table customers = catalog.getTables().stream()
                    .filter(t -> t.getName().equals("customers"))
                    .findFirst()
                    .orElseThrow();
            assertThat(customers.getExportedForeignKeys()).hasSize(1);
            Index unique = customers.getIndexes().stream()
                    .filter(i ->
                            i.getColumns().stream().anyMatch(c -> c.getName().equals("email")))
                    .findFirst()
                    .orElseThrow();
            assertThat(unique.isUnique()).isTrue();
            Column score = customers.lookupColumn("score").orElseThrow();
            assertThat(score.getDefaultValue()).isEqualTo("5");
            assertThat(customers.lookupColumn("id").orElseThrow().isAutoIncremented())
                    .isTrue();

            Table view = catalog.getTables().stream()
                    .filter(t -> t.getName().equals("big_orders"))
                    .findFirst()
                    .orElseThrow();
            assertThat(view.getTableType().isView()).isTrue();
            assertThat(view.getRemarks()).containsIgnoringCase("total > 100");
            assertThat(view.getColumns().stream().map(Column::getName).collect(Collectors.toList()))
                    .containsExactly("id", "total");
        }
    }
}
