package dev.nabla.cli.shell;

import dev.nabla.cli.output.Cells;
import dev.nabla.cli.output.ResultTable;
import dev.nabla.storage.DataType;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Locale;

/**
 * Loads rows into a table through SQL: {@code CREATE TABLE} when it is missing, then multi-row
 * {@code INSERT ... VALUES} in chunks. Going through SQL keeps NULLs, types and constraints
 * exactly as the engine treats them for any other insert.
 */
final class TableLoader {
    private static final int CHUNK = 1000;
    private final Shell shell;

    TableLoader(Shell shell) { this.shell = shell; }

    long load(String table, ResultTable data) {
        boolean exists = shell.tableNames().stream().anyMatch(t -> t.equalsIgnoreCase(table));
        String qt = SqlNames.quote(table);
        if (!exists) {
            StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(qt).append(" (");
            for (int c = 0; c < data.columnCount(); c++) {
                if (c > 0) ddl.append(", ");
                ddl.append(SqlNames.quote(data.columnNames().get(c))).append(' ').append(data.columnTypes().get(c).sqlName());
            }
            shell.query(ddl.append(')').toString());
        }
        int rows = data.rowCount();
        StringBuilder sql = new StringBuilder();
        for (int start = 0; start < rows; start += CHUNK) {
            sql.setLength(0);
            sql.append("INSERT INTO ").append(qt).append(" VALUES ");
            int end = Math.min(rows, start + CHUNK);
            for (int r = start; r < end; r++) {
                if (r > start) sql.append(", ");
                sql.append('(');
                for (int c = 0; c < data.columnCount(); c++) {
                    if (c > 0) sql.append(", ");
                    literal(data.get(r, c), data.columnTypes().get(c), sql);
                }
                sql.append(')');
            }
            shell.query(sql.toString());
        }
        return rows;
    }

    static void literal(Object v, DataType type, StringBuilder sb) {
        switch (v) {
            case null -> sb.append("NULL");
            case Long l -> sb.append(l);
            case Boolean b -> sb.append(b ? "TRUE" : "FALSE");
            case Double d when Double.isNaN(d) || Double.isInfinite(d) ->
                    sb.append("CAST('").append(Cells.formatDouble(d)).append("' AS DOUBLE)");
            case Double d -> sb.append(Double.toString(d).toUpperCase(Locale.ROOT));
            case LocalDate d -> sb.append("DATE '").append(d).append('\'');
            case LocalDateTime t -> sb.append("TIMESTAMP '").append(Cells.text(t)).append('\'');
            default -> sb.append(SqlNames.string(v.toString()));
        }
    }

}
