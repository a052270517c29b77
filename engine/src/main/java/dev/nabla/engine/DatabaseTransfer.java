package dev.nabla.engine;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.engine.catalog.CatalogState;
import dev.nabla.engine.catalog.SchemaDdl;
import dev.nabla.engine.catalog.Sequences;
import dev.nabla.engine.catalog.StoredTable;
import dev.nabla.parser.ParsedStatement;
import dev.nabla.parser.ast.SqlWriter;
import dev.nabla.parser.ast.Statement;
import dev.nabla.plan.bound.BoundStatement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code EXPORT DATABASE} and {@code IMPORT DATABASE} in DuckDB's layout: {@code schema.sql} (sequences, tables with
 * their constraints, indexes, views), {@code load.sql} (one {@code COPY … FROM} per table) and one CSV or Parquet file
 * per table. Both run as a series of ordinary statements of the session (COPY TO, the scripts' statements), inside
 * one transaction when none is open, so an export reads one snapshot and a failed import leaves no table behind
 * (sequences are not transactional, as everywhere else).
 */
final class DatabaseTransfer {
    private DatabaseTransfer() {}

    /**
     * An export must import again, so a column the format's reader cannot read back is refused before any file is
     * written: a DOUBLE[n] column in Parquet (written as a LIST, it reads back as a DOUBLE[] list). DOUBLE[] lists
     * read back from both formats.
     */
    private static void refuseColumnsNotReadBack(CatalogState state, List<SchemaDdl.Item> items, String format) {
        for (SchemaDdl.Item i : items) {
            if (!i.kind().equals("table")) continue;
            StoredTable t = state.table(i.name());
            for (int c = 0; c < t.schema().width(); c++) {
                dev.nabla.storage.DataType type = t.schema().type(c);
                if (format.equals("parquet") && type instanceof dev.nabla.storage.ArrayType)
                    throw new NablaException(
                            ErrorCode.UNSUPPORTED,
                            "EXPORT DATABASE (FORMAT " + format + "): column " + t.name() + "."
                                    + t.schema().name(c)
                                    + " is " + type.sqlName() + ", which IMPORT DATABASE could not read back from "
                                    + format + " yet; FORMAT csv keeps it");
            }
        }
    }

    static Result export(Session session, BoundStatement.ExportDatabase e) {
        String format = "csv";
        StringBuilder extra = new StringBuilder();
        for (Map.Entry<String, Object> o : e.options().entrySet()) {
            if (o.getKey().equals("format")) {
                format = String.valueOf(o.getValue()).toLowerCase(Locale.ROOT);
                if (!format.equals("csv") && !format.equals("parquet"))
                    throw new NablaException(
                            ErrorCode.INVALID_ARGUMENT,
                            "EXPORT DATABASE: FORMAT must be csv or parquet, got '" + o.getValue() + "'");
            } else extra.append(", ").append(option(o.getKey(), o.getValue()));
        }
        Path dir = Path.of(e.directory());
        try {
            Files.createDirectories(dir);
        } catch (IOException io) {
            throw new NablaException(
                    ErrorCode.IO, "EXPORT DATABASE: cannot create directory '" + e.directory() + "': " + reason(io));
        }
        boolean own = !session.inTransaction();
        if (own) session.runNested("BEGIN");
        try {
            CatalogState state = session.catalogState();
            Sequences sequences = session.database().sequences();
            StringBuilder schema = new StringBuilder();
            // sequences first: a column's DEFAULT nextval('s') needs its sequence
            for (Sequences.Saved s : sequences.savedForCheckpoint()) {
                if (s.ownerTable() != null) continue;
                schema.append(createSequence(s)).append('\n');
            }
            List<SchemaDdl.Item> items = SchemaDdl.script(state, null, sequences);
            for (SchemaDdl.Item i : items)
                if (!i.kind().equals("view")) schema.append(i.sql()).append('\n');
            for (SchemaDdl.Item i : items)
                if (i.kind().equals("view")) schema.append(i.sql()).append('\n');
            refuseColumnsNotReadBack(state, items, format);
            StringBuilder load = new StringBuilder();
            Set<String> taken = new HashSet<>();
            String options = "FORMAT '" + format + "'" + (format.equals("csv") ? ", HEADER 1" : "") + extra;
            for (SchemaDdl.Item i : items) {
                if (!i.kind().equals("table")) continue;
                StoredTable t = state.table(i.name());
                String file = fileName(t.name(), format, taken);
                String path = join(e.directory(), file);
                String table = ident(t.name());
                session.runNested("COPY " + table + " TO " + SqlWriter.string(path) + " (" + options + ")");
                // as DuckDB writes it: a NOT NULL column's fields are never read as NULL (DuckDB reads "" as NULL)
                List<String> notNull = new ArrayList<>();
                for (int c = 0; c < t.schema().width(); c++)
                    if (t.schema().column(c).notNull())
                        notNull.add(SqlWriter.string(t.schema().name(c)));
                String loadOptions = format.equals("csv") && !notNull.isEmpty()
                        ? options + ", force_not_null (" + String.join(", ", notNull) + ")"
                        : options;
                load.append("COPY ")
                        .append(table)
                        .append(" FROM ")
                        .append(SqlWriter.string(path))
                        .append(" (")
                        .append(loadOptions)
                        .append(");\n");
                // identity columns continue after their rows (a plain sequence's START already says where)
                for (int c = 0; c < t.schema().width(); c++) {
                    Sequences.Sequence seq = sequences.identityOf(t, c);
                    if (seq != null && seq.isCalled())
                        load.append("SELECT setval(")
                                .append(SqlWriter.string(seq.name()))
                                .append(", ")
                                .append(seq.lastValue())
                                .append(");\n");
                }
            }
            write(dir.resolve("schema.sql"), schema.toString());
            write(dir.resolve("load.sql"), load.toString());
            if (own) {
                own = false;
                session.runNested("COMMIT");
            }
            return Result.ok("EXPORT DATABASE");
        } finally {
            if (own) session.runNested("ROLLBACK");
        }
    }

    static Result importFrom(Session session, BoundStatement.ImportDatabase i) {
        Path dir = Path.of(i.directory());
        if (!Files.isDirectory(dir))
            throw new NablaException(
                    ErrorCode.IO, "IMPORT DATABASE: '" + i.directory() + "' is not a directory (or does not exist)");
        String schema = read(dir.resolve("schema.sql"));
        String load = read(dir.resolve("load.sql"));
        List<ParsedStatement> schemaStatements = parse(schema, "schema.sql", i.directory());
        List<ParsedStatement> loadStatements = parse(load, "load.sql", i.directory());
        boolean own = !session.inTransaction();
        if (own) session.runNested("BEGIN");
        try {
            run(session, schemaStatements, "schema.sql", i.directory(), dir);
            run(session, loadStatements, "load.sql", i.directory(), dir);
            if (own) {
                own = false;
                session.runNested("COMMIT");
            }
            return Result.ok("IMPORT DATABASE");
        } finally {
            if (own) session.runNested("ROLLBACK");
        }
    }

    private static void run(Session session, List<ParsedStatement> statements, String script, String shown, Path dir) {
        for (ParsedStatement p : statements) {
            Statement s = p.statement();
            // as DuckDB does: a COPY reads its file from the imported directory, wherever the export wrote it
            if (s instanceof Statement.Copy c && c.direction() == Statement.CopyDirection.FROM) {
                String name = Path.of(c.file().replace('\\', '/')).getFileName().toString();
                s = new Statement.Copy(
                        c.table(),
                        c.columns(),
                        c.query(),
                        c.direction(),
                        dir.resolve(name).toString(),
                        c.options(),
                        c.span());
            }
            try {
                session.runNested(s);
            } catch (NablaException e) {
                throw new NablaException(
                        e.code(),
                        Span.NONE,
                        "IMPORT DATABASE: " + join(shown, script) + " line " + p.startLine() + ": " + e.getMessage(),
                        e);
            }
        }
    }

    private static List<ParsedStatement> parse(String text, String script, String shown) {
        try {
            return Pipeline.parseScript(text);
        } catch (NablaException e) {
            throw new NablaException(
                    e.code(), Span.NONE, "IMPORT DATABASE: " + join(shown, script) + ": " + e.getMessage(), e);
        }
    }

    /** DuckDB's CREATE SEQUENCE line: it starts where the exported one would continue. */
    private static String createSequence(Sequences.Saved s) {
        long next = s.called() ? s.last() + s.increment() : s.last();
        boolean exhausted = next < s.min() || next > s.max();
        String sql = "CREATE SEQUENCE " + ident(s.name()) + " INCREMENT BY " + s.increment() + " MINVALUE " + s.min()
                + " MAXVALUE " + s.max() + " START WITH " + (exhausted ? s.last() : next) + ";";
        // an exhausted sequence cannot start past its end: it starts at its last value, marked as drawn
        if (exhausted) sql += "\nSELECT setval(" + SqlWriter.string(s.name()) + ", " + s.last() + ");";
        return sql;
    }

    /** A file name for the table, unique in the export (names differing only in case or odd characters). */
    static String fileName(String table, String format, Set<String> taken) {
        StringBuilder b = new StringBuilder();
        for (char ch : table.toCharArray()) b.append(Character.isLetterOrDigit(ch) || ch == '_' ? ch : '_');
        String base = b.isEmpty() ? "table" : b.toString();
        String name = base;
        for (int n = 1; !taken.add(name.toLowerCase(Locale.ROOT)); n++) name = base + "_" + n;
        return name + "." + format;
    }

    private static String option(String key, Object value) {
        if (value instanceof Boolean bool) return key + " " + (bool ? 1 : 0);
        if (value instanceof Number) return key + " " + value;
        return key + " " + SqlWriter.string(String.valueOf(value));
    }

    private static String ident(String name) {
        return SqlWriter.ident(name, !name.equals(name.toLowerCase(Locale.ROOT)));
    }

    private static String join(String dir, String file) {
        return dir.endsWith("/") || dir.endsWith("\\") ? dir + file : dir + "/" + file;
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException io) {
            throw new NablaException(ErrorCode.IO, "EXPORT DATABASE: cannot write '" + file + "': " + reason(io));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException missing) {
            throw new NablaException(ErrorCode.IO, "IMPORT DATABASE: '" + file + "' is missing");
        } catch (IOException io) {
            throw new NablaException(ErrorCode.IO, "IMPORT DATABASE: cannot read '" + file + "': " + reason(io));
        }
    }

    private static String reason(IOException io) {
        return io.getMessage() == null ? io.getClass().getSimpleName() : io.getMessage();
    }
}
