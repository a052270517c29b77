package dev.nabla.tests.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import dev.nabla.tests.diff.FuzzCatalog;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Randomized parser/planner/executor fuzz through the embedded API: at least 10 000 statements per run, a mix of
 * grammar-generated valid queries, DML that may fail part-way ({@link DmlFuzzer}), token-mutated SQL, garbage and
 * hostile inputs ({@link StatementFuzzer}). For every statement it asserts that
 * <ul>
 *   <li>nothing but {@link NablaException} escapes (no NPE, ClassCastException, IndexOutOfBounds, StackOverflowError,
 *       IllegalArgument/IllegalState...), and no NablaException is an {@code INTERNAL} one (a caught bug);</li>
 *   <li>no statement hangs: each runs under {@link Session#setTimeoutMillis}, and a watchdog fails the test if the
 *       statement is not back shortly after that;</li>
 *   <li>an error message is one line and names no Java exception class;</li>
 *   <li>the session stays usable after an error;</li>
 *   <li>a failed statement changes nothing: all tables (and the list of tables) have the same content before and
 *       after.</li>
 * </ul>
 * {@code -Dnabla.fuzz.seed=N}, {@code -Dnabla.fuzz.statements=N} (default 10 500).
 */
class EngineFuzzTest {

    static final long SEED = Long.getLong("nabla.fuzz.seed", 424242L);
    static final int STATEMENTS = Integer.getInteger("nabla.fuzz.statements", 10_500);
    static final int PER_DATABASE = 700;
    static final long TIMEOUT_MILLIS = 500;
    /** How long past its own timeout a statement may take before it counts as hung. */
    static final long HANG_MILLIS = TIMEOUT_MILLIS + 8_000;

    static final int MAX_REPORTED = 15;

    private final List<String> failures = new ArrayList<>();
    /** Kinds of problem already reported: one reproducer per kind keeps the report readable. */
    private final java.util.Set<String> kinds = new java.util.HashSet<>();

    private final Map<ErrorCode, Integer> errors = new EnumMap<>(ErrorCode.class);
    private int ok;
    private int failuresSeen;

    @Test
    void onlyNablaExceptionsEscapeAndFailedStatementsChangeNothing() throws Exception {
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-worker");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        int run = 0;
        try {
            for (int dbIndex = 0; run < STATEMENTS; dbIndex++) {
                Random rnd = new Random(SEED * 1_000_003L + dbIndex);
                FuzzCatalog catalog = FuzzCatalog.random(rnd);
                Database db = Nabla.open();
                Session s = db.connect();
                s.setTimeoutMillis(TIMEOUT_MILLIS);
                for (String sql : catalog.setupSql()) s.execute(sql);
                StatementFuzzer fuzz = new StatementFuzzer(rnd);
                DmlFuzzer dml = new DmlFuzzer(rnd);
                boolean abandoned = false;
                for (int i = 0; i < PER_DATABASE && run < STATEMENTS && !abandoned; i++, run++) {
                    String sql = switch (rnd.nextInt(20)) {
                        case 0, 1, 2, 3, 4, 5 -> catalog.validQuery(rnd);
                        case 6, 7, 8, 9 -> dml.next();
                        case 10, 11, 12, 13 -> fuzz.mutate(rnd.nextBoolean() ? catalog.validQuery(rnd) : dml.next());
                        case 14, 15 -> fuzz.garbage();
                        default -> fuzz.hostile();
                    };
                    abandoned = !runOne(worker, s, sql, "seed " + SEED + " db " + dbIndex + " #" + i);
                }
                if (abandoned) {
                    // the worker is stuck in the hung statement: a fresh one for the rest of the run
                    worker.shutdownNow();
                    worker = Executors.newSingleThreadExecutor(r -> {
                        Thread t = new Thread(r, "fuzz-worker");
                        t.setDaemon(true);
                        return t;
                    });
                } else {
                    s.close();
                    db.close();
                }
            }
        } finally {
            worker.shutdownNow();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        StringBuilder byCode = new StringBuilder();
        errors.forEach((k, v) -> byCode.append(' ').append(k).append('=').append(v));
        System.out.printf(
                Locale.ROOT,
                "engine fuzz: %d statements in %d ms (seed %d): %d ok, errors:%s; %d problems%n",
                run,
                millis,
                SEED,
                ok,
                byCode,
                failuresSeen);
        assertThat(failures)
                .as("problems (first " + MAX_REPORTED + " shown; rerun with -Dnabla.fuzz.seed=" + SEED + ")")
                .isEmpty();
        assertThat(run).isGreaterThanOrEqualTo(Math.min(STATEMENTS, 10_000));
    }

    /** Runs one statement with all the checks; false when it hung and the session had to be given up. */
    private boolean runOne(ExecutorService worker, Session s, String sql, String where) throws Exception {
        boolean mutating = mayMutate(sql);
        String before = mutating ? checksum(worker, s, where) : null;
        Future<Throwable> f = worker.submit(() -> {
            try {
                Result r = s.execute(sql);
                if (r.kind() == Result.Kind.ROWS) {
                    // touch every value, so that lazy conversions get exercised too
                    for (int i = 0; i < Math.min(r.rowCount(), 50); i++) {
                        for (int c = 0; c < r.columnCount(); c++) r.getString(i, c);
                    }
                }
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        Throwable t;
        try {
            t = f.get(HANG_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            s.cancel();
            problem(
                    where,
                    sql,
                    "hung: not back " + HANG_MILLIS + " ms after start despite a " + TIMEOUT_MILLIS + " ms timeout");
            return false;
        } catch (ExecutionException e) {
            t = e.getCause();
        }
        if (t == null) {
            ok++;
            return true;
        }
        if (!(t instanceof NablaException ne)) {
            problem(where, sql, "escaped " + describe(t));
            return true;
        }
        errors.merge(ne.code(), 1, Integer::sum);
        if (ne.code() == ErrorCode.INTERNAL)
            problem(where, sql, "INTERNAL error " + describe(ne.getCause() != null ? ne.getCause() : ne));
        if (ne.getMessage() == null || ne.getMessage().isBlank()) problem(where, sql, "error without a message");
        else if (ne.getMessage().contains("\n"))
            problem(where, sql, "error message is not one line: " + ne.getMessage());
        else if (ne.getMessage().matches(".*\\b(java|javax|jdk)\\.[a-z]+\\.[A-Za-z.]*(Exception|Error)\\b.*")) {
            problem(where, sql, "error message leaks a Java exception: " + ne.getMessage());
        }
        if (mutating) {
            String after = checksum(worker, s, where);
            if (after != null && before != null && !after.equals(before)) {
                problem(where, sql, "failed with " + ne.code() + " (" + ne.getMessage() + ") but changed the data");
            }
        } else {
            try {
                worker.submit(() -> s.execute("SELECT count(*) FROM t1")).get(HANG_MILLIS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                problem(
                        where,
                        sql,
                        "session unusable after the error: " + describe(e.getCause() == null ? e : e.getCause()));
            }
        }
        return true;
    }

    private static boolean mayMutate(String sql) {
        String u = sql.toUpperCase(Locale.ROOT);
        for (String k : List.of(
                "INSERT",
                "UPDATE",
                "DELETE",
                "CREATE",
                "DROP",
                "TRUNCATE",
                "ALTER",
                "COMMIT",
                "ROLLBACK",
                "BEGIN",
                "COPY")) {
            if (u.contains(k)) return true;
        }
        return false;
    }

    /** Every table's content (order-independent) and the table list; also proves the session still works. */
    private String checksum(ExecutorService worker, Session s, String where) throws Exception {
        try {
            return worker.submit(() -> {
                        StringBuilder sb = new StringBuilder();
                        Result tables = s.execute("SHOW TABLES");
                        List<String> names = new ArrayList<>();
                        for (int i = 0; i < tables.rowCount(); i++) names.add(tables.getString(i, 0));
                        names.sort(null);
                        for (String name : names) {
                            sb.append(name).append(';');
                            // the fuzzer's one view may legitimately fail to evaluate (a cast in its definition)
                            if (name.equalsIgnoreCase("v1")) continue;
                            Result r = s.execute("SELECT * FROM " + name);
                            long h = 0;
                            for (int i = 0; i < r.rowCount(); i++) {
                                StringBuilder row = new StringBuilder();
                                for (int c = 0; c < r.columnCount(); c++)
                                    row.append(r.get(i, c)).append('\u0001');
                                h += row.toString().hashCode() * 0x9E3779B97F4A7C15L + 1;
                            }
                            sb.append(name)
                                    .append(':')
                                    .append(r.rowCount())
                                    .append(':')
                                    .append(r.columnNames())
                                    .append(':')
                                    .append(h)
                                    .append(';');
                        }
                        return sb.toString();
                    })
                    .get(HANG_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            problem(where, "(checksum)", "session unusable: " + describe(e.getCause() == null ? e : e.getCause()));
            return null;
        }
    }

    private void problem(String where, String sql, String what) {
        failuresSeen++;
        String kind = what.lines().findFirst().orElse("").replaceAll("[0-9]+", "N");
        if (failures.size() >= MAX_REPORTED || !kinds.add(kind)) return;
        String shown = sql.length() > 300 ? sql.substring(0, 300) + "... (" + sql.length() + " chars)" : sql;
        failures.add(where + ": " + what + "\n    " + shown);
    }

    private static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder(t.toString());
        StackTraceElement[] st = t.getStackTrace();
        for (int i = 0; i < Math.min(4, st.length); i++)
            sb.append("\n      at ").append(st[i]);
        return sb.toString();
    }
}
