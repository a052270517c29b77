package dev.nabla.jdbc.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.val;
import static org.jooq.impl.DSL.when;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.ForeignKey;
import org.jooq.Index;
import org.jooq.Meta;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** jOOQ 3.21 in the POSTGRES and DEFAULT dialects: queries with bind values, RETURNING, and {@code meta()}. */
class JooqClientTest {
    private Connection conn;

    @BeforeEach
    void open() throws Exception {
        conn = DriverManager.getConnection("jdbc:nabla:");
        Fixture.create(conn);
    }

    @AfterEach
    void close() throws Exception {
        conn.close();
    }

    private static final Table<Record> CUSTOMERS = table(name("customers"));
    private static final Field<Long> ID = field(name("id"), Long.class);
    private static final Field<String> EMAIL = field(name("email"), String.class);
    private static final Field<Integer> SCORE = field(name("score"), Integer.class);

    @ParameterizedTest
    @EnumSource(
            value = SQLDialect.class,
            names = {"POSTGRES", "DEFAULT"})
    void caseWhenOtherwiseWithBindValues(SQLDialect dialect) {
        DSLContext ctx = DSL.using(conn, dialect);
        // issue 18 item 1: every row was {null}
        List<String> labels = ctx.select(when(SCORE.gt(val(3)), val("high")).otherwise(val("low")))
                .from(CUSTOMERS)
                .fetch(0, String.class);
        assertThat(labels).containsExactly("high", "high");
    }

    @ParameterizedTest
    @EnumSource(
            value = SQLDialect.class,
            names = {"POSTGRES", "DEFAULT"})
    void insertAndQueryWithBindValues(SQLDialect dialect) {
        DSLContext ctx = DSL.using(conn, dialect);
        assertThat(ctx.insertInto(CUSTOMERS, EMAIL, SCORE).values("j@x", 9).execute())
                .isEqualTo(1);
        assertThat(ctx.selectCount().from(CUSTOMERS).fetchOne(0, Integer.class)).isEqualTo(3);
        assertThat(ctx.select(SCORE).from(CUSTOMERS).where(EMAIL.eq("j@x")).fetchOne(SCORE))
                .isEqualTo(9);
        assertThat(ctx.select(ID).from(CUSTOMERS).where(EMAIL.eq("j@x")).fetchOne(ID))
                .isEqualTo(3L);
    }

    @ParameterizedTest
    @EnumSource(
            value = SQLDialect.class,
            names = {"POSTGRES", "DEFAULT"})
    void insertReturningTheIdentity(SQLDialect dialect) {
        DSLContext ctx = DSL.using(conn, dialect);
        Record r = ctx.insertInto(CUSTOMERS, EMAIL, SCORE)
                .values("r@x", 4)
                .returning(ID)
                .fetchOne();
        assertThat(r).isNotNull();
        assertThat(r.get(ID)).isEqualTo(3L);
    }

    @Test
    void metaFindsKeysIndexesAndViewText() {
        DSLContext ctx = DSL.using(conn, SQLDialect.DEFAULT);
        Meta meta = ctx.meta();
        assertThat(meta.getSchemas()).extracting(s -> s.getName()).contains("main");
        Table<?> orders = meta.getTables("orders").get(0);
        assertThat(orders.getPrimaryKey().getFields())
                .extracting(Field::getName)
                .containsExactly("id");
        List<? extends ForeignKey<?, ?>> fks = orders.getReferences();
        assertThat(fks).hasSize(1);
        assertThat(fks.get(0).getKey().getTable().getName()).isEqualTo("customers");
        assertThat(orders.getIndexes()).extracting(Index::getName).contains("orders_customer");
        Table<?> customers = meta.getTables("customers").get(0);
        assertThat(customers.getIndexes())
                .anySatisfy(i -> assertThat(i.getUnique()).isTrue());
        String ddl = meta.ddl().queryStream().map(Object::toString).collect(Collectors.joining(";\n"));
        assertThat(ddl).containsIgnoringCase("foreign key").containsIgnoringCase("primary key");
    }
}
