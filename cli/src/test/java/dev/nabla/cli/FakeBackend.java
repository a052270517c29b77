package dev.nabla.cli;

import dev.nabla.cli.output.SimpleTable;
import dev.nabla.cli.shell.SqlBackend;
import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * A scripted stand-in for the engine: records every statement, answers the few the shell itself
 * sends (SHOW TABLES, DESCRIBE, CREATE TABLE, INSERT), and lets a test map other SQL to results.
 * "SELECT slow" spins until cancelled; a statement containing "foo" fails like an unknown column.
 */
public final class FakeBackend implements SqlBackend {
    public final List<String> statements = new ArrayList<>();
    public final Map<String, List<String[]>> tables = new LinkedHashMap<>();
    public final Map<String, Function<String, Outcome>> answers = new LinkedHashMap<>();
    public final CountDownLatch slowStarted = new CountDownLatch(1);
    private volatile boolean cancelled;
    private boolean tx;

    @Override
    public Outcome execute(String sql) {
        String s = sql.strip();
        statements.add(s);
        String upper = s.toUpperCase(java.util.Locale.ROOT);
        int foo = sql.indexOf("foo");
        if (foo >= 0) {
            int line = 1, col = 1;
            for (int i = 0; i < foo; i++) {
                if (sql.charAt(i) == '\n') {
                    line++;
                    col = 1;
                } else col++;
            }
            throw new NablaException(
                    ErrorCode.UNKNOWN_COLUMN,
                    new Span(line, col, line, col + 3, foo, foo + 3),
                    "unknown column \"foo\"");
        }
        for (Map.Entry<String, Function<String, Outcome>> e : answers.entrySet()) {
            if (s.equals(e.getKey()) || s.startsWith(e.getKey()))
                return e.getValue().apply(s);
        }
        if (upper.equals("SELECT SLOW")) {
            cancelled = false;
            slowStarted.countDown();
            while (!cancelled) Thread.onSpinWait();
            throw new NablaException(ErrorCode.CANCELLED, "statement cancelled");
        }
        if (upper.equals("BEGIN")) {
            tx = true;
            return new Outcome.Ok("BEGIN");
        }
        if (upper.equals("COMMIT")) {
            tx = false;
            return new Outcome.Ok("COMMIT");
        }
        if (upper.equals("SHOW TABLES"))
            return new Outcome.Rows(SimpleTable.ofStrings("name", new ArrayList<>(tables.keySet())));
        if (upper.startsWith("DESCRIBE ")) {
            String t = s.substring(9).strip().replace("\"", "");
            List<String[]> cols = tables.get(t);
            if (cols == null) throw new NablaException(ErrorCode.UNKNOWN_TABLE, "unknown table " + t);
            List<List<Object>> rows = new ArrayList<>();
            for (String[] c : cols) rows.add(Arrays.asList(c[0], c[1]));
            return new Outcome.Rows(new SimpleTable(
                    List.of("column_name", "column_type"), List.of(DataType.VARCHAR, DataType.VARCHAR), rows));
        }
        if (upper.startsWith("CREATE TABLE ")) {
            String rest = s.substring(13);
            String name = rest.substring(0, rest.indexOf('(')).strip().replace("\"", "");
            List<String[]> cols = new ArrayList<>();
            for (String def :
                    rest.substring(rest.indexOf('(') + 1, rest.lastIndexOf(')')).split(",")) {
                String[] parts = def.strip().split("\\s+");
                cols.add(new String[] {parts[0].replace("\"", ""), parts[1]});
            }
            tables.put(name, cols);
            return new Outcome.Ok("CREATE TABLE");
        }
        if (upper.startsWith("INSERT ")) return new Outcome.Count(1, "INSERT");
        if (upper.equals("SELECT 1")) {
            return new Outcome.Rows(new SimpleTable(List.of("1"), List.of(DataType.INTEGER), List.of(List.of(1L))));
        }
        throw new NablaException(ErrorCode.SYNTAX, "fake backend does not know: " + s);
    }

    @Override
    public void cancel() {
        cancelled = true;
    }

    @Override
    public boolean inTransaction() {
        return tx;
    }

    @Override
    public void close() {}
}
