package dev.nabla.tests.slt;

import dev.nabla.tests.slt.SltParser.ParsedFile;
import dev.nabla.tests.slt.SltRecord.Expected;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a sqllogictest file against any JDBC connection. Each statement gets a query timeout and, as a backstop,
 * a watchdog that cancels it shortly after; a whole file can be time-boxed, the rest then counted as not run.
 * A runner is used by one thread at a time.
 */
public final class SltRunner {

    /** Opens the connection a file runs on (a fresh database per file). */
    @FunctionalInterface
    public interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    /** Sees every query's actual outcome; used to regenerate expected results. */
    @FunctionalInterface
    public interface QueryObserver {
        void observe(SltRecord.Query query, QueryOutcome outcome, int hashThreshold);
    }

    /**
     * @param engine            the name matched against skipif/onlyif ("nabla")
     * @param statementTimeoutS per-statement timeout in seconds (0 = none)
     * @param timeBoxMillis     stop the file after this long and count the rest as not run (0 = no limit)
     * @param maxFailures       how many failures to keep per file for the report
     */
    public record Options(String engine, int statementTimeoutS, long timeBoxMillis, int maxFailures) {
        public static Options defaults(String engine) {
            return new Options(engine, 10, 0, 50);
        }

        public Options withTimeBox(long millis) {
            return new Options(engine, statementTimeoutS, millis, maxFailures);
        }
    }

    /** What a query returned: the formatted values in comparison order and the column count, or an error. */
    public record QueryOutcome(List<String> values, int columns, String error) {
        public boolean failed() {
            return error != null;
        }
    }

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "slt-watchdog");
        t.setDaemon(true);
        return t;
    });

    /** {@code -Dnabla.slt.slowMillis=N}: report every record that takes N ms or more on stderr. */
    private static final long SLOW_MILLIS = Long.getLong("nabla.slt.slowMillis", 0);

    private final Options options;
    private final QueryObserver observer;
    /** Whether the record being run failed by timeout or cancellation (a runner serves one thread). */
    private boolean timedOut;

    public SltRunner(Options options) {
        this(options, null);
    }

    public SltRunner(Options options, QueryObserver observer) {
        this.options = options;
        this.observer = observer;
    }

    public FileResult run(ParsedFile file, String displayName, ConnectionFactory factory) {
        long start = System.nanoTime();
        List<SltRecord> records = effectiveRecords(file.records());
        int passed = 0, failed = 0, timeouts = 0, skipped = 0, notRun = 0;
        List<FileResult.Failure> failures = new ArrayList<>();
        String note = "";
        Connection conn;
        try {
            conn = factory.open();
        } catch (SQLException | RuntimeException | LinkageError e) {
            int applicable = 0;
            for (SltRecord r : records) {
                if (!countable(r)) continue;
                if (r.conditions().appliesTo(options.engine())) applicable++;
                else skipped++;
            }
            failures.add(new FileResult.Failure(0, "(connect)", "a connection", String.valueOf(e)));
            return new FileResult(
                    displayName,
                    0,
                    applicable,
                    0,
                    skipped,
                    0,
                    elapsedMillis(start),
                    failures,
                    "cannot connect: " + e.getMessage());
        }
        try (conn) {
            int hashThreshold = 0;
            Map<String, String> labelHashes = new HashMap<>();
            for (int idx = 0; idx < records.size(); idx++) {
                SltRecord record = records.get(idx);
                boolean applies = record.conditions().appliesTo(options.engine());
                if (!countable(record)) {
                    if (applies && record instanceof SltRecord.HashThreshold h) hashThreshold = h.threshold();
                    continue;
                }
                if (!applies) {
                    skipped++;
                    continue;
                }
                if (outOfTime(start) || Thread.currentThread().isInterrupted()) {
                    for (int k = idx; k < records.size(); k++) {
                        SltRecord rest = records.get(k);
                        if (!countable(rest)) continue;
                        if (rest.conditions().appliesTo(options.engine())) notRun++;
                        else skipped++;
                    }
                    note = Thread.currentThread().isInterrupted()
                            ? "interrupted"
                            : "time box of " + options.timeBoxMillis() / 1000 + " s expired";
                    break;
                }
                timedOut = false;
                long recordStart = System.nanoTime();
                String problem = switch (record) {
                    case SltRecord.Statement s -> runStatement(conn, s);
                    case SltRecord.Query q -> runQuery(conn, q, hashThreshold, labelHashes);
                    case SltRecord.HashThreshold h -> throw new IllegalStateException("not countable");
                    case SltRecord.Halt h -> throw new IllegalStateException("not countable");
                };
                long recordMillis = elapsedMillis(recordStart);
                if (SLOW_MILLIS > 0 && recordMillis >= SLOW_MILLIS) {
                    System.err.println(
                            "slow record " + displayName + ":" + record.line() + " took " + recordMillis + " ms");
                }
                if (problem == null) {
                    passed++;
                } else {
                    failed++;
                    if (timedOut) timeouts++;
                    if (failures.size() < options.maxFailures()) {
                        String expected = switch (record) {
                            case SltRecord.Statement s ->
                                s.expectOk()
                                        ? "ok"
                                        : "error"
                                                + (s.errorSubstring() == null
                                                        ? ""
                                                        : " containing '" + s.errorSubstring() + "'");
                            case SltRecord.Query q -> describe(q.expected());
                            default -> "";
                        };
                        String sql =
                                record instanceof SltRecord.Statement s ? s.sql() : ((SltRecord.Query) record).sql();
                        failures.add(new FileResult.Failure(record.line(), sql, expected, problem));
                    }
                }
            }
        } catch (SQLException e) {
            note = note.isEmpty() ? "close failed: " + e.getMessage() : note;
        }
        return new FileResult(
                displayName, passed, failed, timeouts, skipped, notRun, elapsedMillis(start), failures, note);
    }

    /** The records up to the first halt that applies to this engine. */
    private List<SltRecord> effectiveRecords(List<SltRecord> records) {
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i) instanceof SltRecord.Halt h && h.conditions().appliesTo(options.engine())) {
                return records.subList(0, i);
            }
        }
        return records;
    }

    private static boolean countable(SltRecord r) {
        return r instanceof SltRecord.Statement || r instanceof SltRecord.Query;
    }

    private boolean outOfTime(long start) {
        return options.timeBoxMillis() > 0 && elapsedMillis(start) > options.timeBoxMillis();
    }

    private static long elapsedMillis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Null when the statement behaved as expected, else what went wrong. */
    private String runStatement(Connection conn, SltRecord.Statement s) {
        String error = null;
        try (Statement st = conn.createStatement()) {
            ScheduledFuture<?> dog = arm(st);
            try {
                if (st.execute(s.sql())) {
                    try (ResultSet rs = st.getResultSet()) {
                        while (rs.next()) {
                            /* drain */
                        }
                    }
                }
            } finally {
                if (dog != null) dog.cancel(false);
            }
        } catch (SQLException e) {
            error = messageOf(e);
            if (!s.expectOk()) return checkError(s, error);
            timedOut = isTimeout(e);
        } catch (RuntimeException e) {
            error = "driver threw " + e;
        } catch (OutOfMemoryError e) {
            // one runaway statement must not end the whole run; its result is garbage by now
            error = "out of memory: " + e.getMessage();
        }
        if (s.expectOk()) return error == null ? null : "error: " + error;
        return checkError(s, error);
    }

    private static String checkError(SltRecord.Statement s, String error) {
        if (error == null) return "statement succeeded but an error was expected";
        if (s.errorSubstring() != null
                && !error.toLowerCase(Locale.ROOT).contains(s.errorSubstring().toLowerCase(Locale.ROOT))) {
            return "error without '" + s.errorSubstring() + "': " + error;
        }
        return null;
    }

    private static boolean isTimeout(SQLException e) {
        return e instanceof SQLTimeoutException || "57014".equals(e.getSQLState());
    }

    private String runQuery(Connection conn, SltRecord.Query q, int hashThreshold, Map<String, String> labelHashes) {
        QueryOutcome outcome = execute(conn, q);
        if (observer != null) observer.observe(q, outcome, hashThreshold);
        if (outcome.failed()) return "error: " + outcome.error();
        List<String> values = outcome.values();
        String hash = md5(values);
        String problem = compare(q.expected(), values, outcome.columns());
        if (problem == null && q.label() != null) {
            String previous = labelHashes.putIfAbsent(q.label(), hash);
            if (previous != null && !previous.equals(hash)) {
                problem = "result differs from the earlier query labelled " + q.label();
            }
        }
        if (problem == null) return null;
        return problem + "\n" + render(values, outcome.columns(), hash);
    }

    /** Runs a query and formats its values per the record's types and sort mode. */
    public QueryOutcome execute(Connection conn, SltRecord.Query q) {
        int columns = q.types().length();
        List<String[]> rows = new ArrayList<>();
        try (Statement st = conn.createStatement()) {
            ScheduledFuture<?> dog = arm(st);
            try {
                if (!st.execute(q.sql()))
                    return new QueryOutcome(List.of(), columns, "the statement returned no result set");
                try (ResultSet rs = st.getResultSet()) {
                    int actualColumns = rs.getMetaData().getColumnCount();
                    if (actualColumns != columns) {
                        return new QueryOutcome(
                                List.of(), columns, "expected " + columns + " columns, got " + actualColumns);
                    }
                    while (rs.next()) {
                        String[] row = new String[columns];
                        for (int c = 0; c < columns; c++)
                            row[c] = ValueFormatter.format(rs, c + 1, q.types().charAt(c));
                        rows.add(row);
                    }
                }
            } finally {
                if (dog != null) dog.cancel(false);
            }
        } catch (SQLException e) {
            timedOut = isTimeout(e);
            return new QueryOutcome(List.of(), columns, messageOf(e));
        } catch (RuntimeException e) {
            return new QueryOutcome(List.of(), columns, "driver threw " + e);
        } catch (OutOfMemoryError e) {
            rows.clear();
            return new QueryOutcome(List.of(), columns, "out of memory: " + e.getMessage());
        }
        List<String> values = new ArrayList<>(rows.size() * columns);
        switch (q.sort()) {
            case NOSORT -> rows.forEach(r -> values.addAll(Arrays.asList(r)));
            case ROWSORT -> {
                rows.sort(SltRunner::compareRows);
                rows.forEach(r -> values.addAll(Arrays.asList(r)));
            }
            case VALUESORT -> {
                rows.forEach(r -> values.addAll(Arrays.asList(r)));
                values.sort(null);
            }
        }
        return new QueryOutcome(values, columns, null);
    }

    private static int compareRows(String[] a, String[] b) {
        for (int i = 0; i < a.length; i++) {
            int c = a[i].compareTo(b[i]);
            if (c != 0) return c;
        }
        return 0;
    }

    private ScheduledFuture<?> arm(Statement st) throws SQLException {
        int t = options.statementTimeoutS();
        if (t <= 0) return null;
        try {
            st.setQueryTimeout(t);
        } catch (SQLException ignored) {
            // some drivers do not support it; the watchdog below still cancels
        }
        return WATCHDOG.schedule(
                () -> {
                    try {
                        st.cancel();
                    } catch (SQLException | RuntimeException ignored) {
                        // nothing more we can do; the file time box is the last resort
                    }
                },
                t * 1000L + 2000L,
                TimeUnit.MILLISECONDS);
    }

    /** Null when the values match the expectation. */
    static String compare(Expected expected, List<String> values, int columns) {
        return switch (expected) {
            case Expected.Hash h -> {
                if (h.valueCount() != values.size())
                    yield "expected " + h.valueCount() + " values, got " + values.size();
                yield h.md5().equals(md5(values)) ? null : "hash mismatch";
            }
            case Expected.Lines l -> {
                List<String> want = expectedValues(l.lines(), values.size(), columns);
                if (want.equals(values)) yield null;
                yield "result mismatch";
            }
        };
    }

    /** One value per line, or (when that cannot fit) one row per line with tab- or space-separated values. */
    static List<String> expectedValues(List<String> lines, int valueCount, int columns) {
        List<String> stripped = lines.stream().map(String::stripTrailing).toList();
        if (stripped.size() == valueCount || columns <= 1) return stripped;
        List<String> out = new ArrayList<>(stripped.size() * columns);
        for (String line : stripped) {
            String[] parts = line.split("\t", -1);
            if (parts.length != columns) parts = line.strip().split("\\s+");
            if (parts.length != columns) return stripped;
            out.addAll(Arrays.asList(parts));
        }
        return out;
    }

    static String md5(List<String> values) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            for (String v : values) {
                md.update(v.getBytes(StandardCharsets.UTF_8));
                md.update((byte) '\n');
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is always available", e);
        }
    }

    private static String describe(Expected e) {
        return switch (e) {
            case Expected.Hash h -> h.valueCount() + " values hashing to " + h.md5();
            case Expected.Lines l -> l.lines().isEmpty() ? "(no rows)" : String.join("\n", l.lines());
        };
    }

    /** Rows one per line, values tab-separated, capped; plus the count and hash. */
    static String render(List<String> values, int columns, String hash) {
        StringBuilder sb = new StringBuilder();
        int cols = Math.max(1, columns);
        int rows = values.size() / cols;
        int shown = Math.min(rows, 40);
        for (int r = 0; r < shown; r++) {
            for (int c = 0; c < cols; c++) {
                if (c > 0) sb.append('\t');
                sb.append(values.get(r * cols + c));
            }
            sb.append('\n');
        }
        if (shown < rows) sb.append("... ").append(rows - shown).append(" more rows\n");
        sb.append(values.size()).append(" values hashing to ").append(hash);
        return sb.toString();
    }

    static String messageOf(SQLException e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) m = e.getClass().getSimpleName();
        return e.getSQLState() == null ? m : m + " [SQLSTATE " + e.getSQLState() + "]";
    }
}
