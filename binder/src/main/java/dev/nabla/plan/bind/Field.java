package dev.nabla.plan.bind;

import dev.nabla.plan.logical.Column;

/**
 * One column visible in a FROM scope. {@code table} is the alias/table name it can be qualified by
 * (null for none), {@code schema} the schema of a stored table. A column merged away by USING/NATURAL
 * on the other side is still reachable qualified ({@code t2.a}) but not unqualified nor by {@code *}:
 * that is {@code qualifiedOnly}.
 */
record Field(String table, String schema, Column column, boolean qualifiedOnly) {
    String name() {
        return column.name();
    }

    Field withTable(String t) {
        return new Field(t, schema, column.withQualifier(t), qualifiedOnly);
    }

    Field hiddenUnqualified() {
        return new Field(table, schema, column, true);
    }

    Field asNullable() {
        Column c = column;
        return new Field(table, schema, new Column(c.id(), c.name(), c.qualifier(), c.type(), true), qualifiedOnly);
    }
}
