package dev.nabla.tests.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Differential test against SQLite, the oracle we did not write: random databases ({@link DiffSchema}) and random
 * queries ({@link QueryGenerator}, whose javadoc lists the constructs left out because SQLite's dynamic typing
 * legitimately differs), each run on both engines and compared ({@link ResultRows}). A disagreement is shrunk to the
 * fewest table rows that still show it and reported as a self-contained script.
 * <p>
 * {@code -Dnabla.diff.seed=N} picks the run (default fixed, so CI is reproducible); {@code -Dnabla.diff.queries=N} how
 * many queries (default 2 400); {@code -Dnabla.diff.only=DB:Q} reruns one query of a reported failure.
 * The run stops generating new queries after {@code nabla.diff.budgetSeconds} (default 45) so that CI stays bounded.
 */
class DifferentialTest {

    static final long SEED = Long.getLong("nabla.diff.seed", 20261123L);
    static final int QUERIES = Integer.getInteger("nabla.diff.queries", 2400);
    static final int QUERIES_PER_DATABASE = 150;
    static final long BUDGET_NANOS = Long.getLong("nabla.diff.budgetSeconds", 45) * 1_000_000_000L;
    static final int MAX_REPORTED = 12;
    static final boolean VERBOSE = Boolean.getBoolean("nabla.diff.verbose");

    /** What one engine made of a query: rows or an error message. */
    record Outcome(ResultRows rows, String error, ErrorCode code) {
        boolean failed() {
            return error != null;
        }
    }

    /** A shrunk disagreement, ready to print. */
    record Failure(String id, String script, String query, String problem, Outcome sqlite, Outcome nabla) {
        String render() {
            StringBuilder sb = new StringBuilder("--- ")
                    .append(id)
                    .append(": ")
                    .append(problem)
                    .append('\n');
            sb.append(script);
            sb.append(query).append(";\n");
            sb.append("  sqlite: ")
                    .append(
                            sqlite.failed()
                                    ? "error " + sqlite.error() + "\n"
                                    : "\n" + sqlite.rows().render(8));
            sb.append("  nabla:  ")
                    .append(
                            nabla.failed()
                                    ? "error " + nabla.error() + "\n"
                                    : "\n" + nabla.rows().render(8));
            return sb.toString();
        }
    }

    @Test
    void nablaAgreesWithSqlite() throws Exception {
        Class.forName("org.sqlite.JDBC");
        String only = System.getProperty("nabla.diff.only");
        long start = System.nanoTime();
        int run = 0,
                bothFailed = 0,
                overflow = 0,
                databases = (QUERIES + QUERIES_PER_DATABASE - 1) / QUERIES_PER_DATABASE;
        List<Failure> failures = new ArrayList<>();
        int failing = 0;
        long sqliteNanos = 0, nablaNanos = 0;
        for (int dbIndex = 0; dbIndex < databases && System.nanoTime() - start < BUDGET_NANOS; dbIndex++) {
            if (only != null && Integer.parseInt(only.split(":")[0]) != dbIndex) continue;
            DiffSchema schema = DiffSchema.random(new Random(SEED * 1_000_003L + dbIndex));
            try (Engines engines = Engines.load(schema)) {
                for (int q = 0; q < QUERIES_PER_DATABASE && dbIndex * QUERIES_PER_DATABASE + q < QUERIES; q++) {
                    if (System.nanoTime() - start > BUDGET_NANOS) break;
                    QueryGenerator.Query query = queryAt(schema, dbIndex, q);
                    if (only != null && Integer.parseInt(only.split(":")[1]) != q) continue;
                    run++;
                    long t0 = System.nanoTime();
                    Outcome lite = engines.sqlite(query.sql());
                    long t1 = System.nanoTime();
                    Outcome nab = engines.nabla(query.sql());
                    sqliteNanos += t1 - t0;
                    nablaNanos += System.nanoTime() - t1;
                    if (lite.failed() && nab.failed()) {
                        bothFailed++;
                        if (VERBOSE)
                            System.out.println("both fail " + dbIndex + ":" + q + ": " + query.sql() + "\n  sqlite: "
                                    + lite.error() + "\n  nabla: " + nab.error());
                        continue;
                    }
                    if (!lite.failed() && nab.failed() && nab.code() == ErrorCode.NUMERIC_OVERFLOW) {
                        overflow++;
                        continue;
                    }
                    String problem = problem(lite, nab, query.ordered());
                    if (problem == null) continue;
                    failing++;
                    if (failures.size() < MAX_REPORTED) {
                        failures.add(shrink(schema, query, "seed " + SEED + " query " + dbIndex + ":" + q));
                    }
                }
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf(
                "differential: %d queries on %d databases in %d ms (seed %d): %d disagreements, "
                        + "%d rejected by both, %d integer overflows in Nabla only; time in SQLite %d ms, in Nabla %d ms%n",
                run,
                databases,
                millis,
                SEED,
                failing,
                bothFailed,
                overflow,
                sqliteNanos / 1_000_000,
                nablaNanos / 1_000_000);
        StringBuilder report = new StringBuilder();
        for (Failure f : failures) report.append(f.render()).append('\n');
        if (!failures.isEmpty()) System.out.println(report);
        assertThat(failing)
                .as(failing + " of " + run + " queries disagree with SQLite; reproducers "
                        + "(rerun one with -Dnabla.diff.seed=" + SEED + " -Dnabla.diff.only=DB:Q):\n" + report)
                .isZero();
        if (only == null && QUERIES >= 2000) {
            // the budget is a guard against a pathological machine, not a way to run fewer queries
            assertThat(run).as("queries run within the time budget").isGreaterThanOrEqualTo(Math.min(QUERIES, 2000));
        }
        assertThat(bothFailed)
                .as("queries both engines rejected (a generator bug)")
                .isLessThan(Math.max(1, run / 50));
    }

    /**
     * Random UPDATE/DELETE/INSERT ... SELECT statements applied to both engines; after each one the changed tables
     * must hold the same rows (as multisets), and a statement must fail in both or in neither.
     */
    @Test
    void dataChangesAgreeWithSqlite() throws Exception {
        Class.forName("org.sqlite.JDBC");
        int databases = 12, statements = 40, run = 0;
        List<String> problems = new ArrayList<>();
        for (int dbIndex = 0; dbIndex < databases; dbIndex++) {
            DiffSchema schema = DiffSchema.random(new Random(SEED * 7_919L + dbIndex), false);
            Random rnd = new Random(SEED * 104_729L + dbIndex);
            StringBuilder history = new StringBuilder();
            try (Engines engines = Engines.load(schema)) {
                for (int i = 0; i < statements && problems.size() < MAX_REPORTED; i++) {
                    String sql = new QueryGenerator(rnd, schema).dml();
                    run++;
                    String lite = engines.sqliteUpdate(sql), nab = engines.nablaUpdate(sql);
                    history.append(sql).append(";\n");
                    if ((lite == null) != (nab == null) && !(nab != null && nab.startsWith("NUMERIC_OVERFLOW"))) {
                        problems.add("db " + dbIndex + " statement " + i + ": SQLite " + (lite == null ? "ok" : lite)
                                + ", Nabla " + (nab == null ? "ok" : nab) + "\n" + setup(schema) + history);
                        break;
                    }
                    if (nab != null) {
                        // Nabla refused it (overflow): undo it in SQLite too, so that the tables stay comparable
                        if (lite == null) break;
                        continue;
                    }
                    for (String table : List.of("t1", "t2")) {
                        String q = "SELECT * FROM " + table;
                        String d = ResultRows.difference(
                                engines.sqlite(q).rows(), engines.nabla(q).rows(), false);
                        if (d != null) {
                            problems.add("db " + dbIndex + " after statement " + i + ", table " + table + ": " + d
                                    + "\n" + setup(schema) + history);
                            i = statements;
                            break;
                        }
                    }
                }
            }
        }
        System.out.printf(
                "differential DML: %d statements on %d databases (seed %d): %d problems%n",
                run, databases, SEED, problems.size());
        assertThat(problems)
                .as("data changes that disagree with SQLite (rerun with -Dnabla.diff.seed=" + SEED + ")")
                .isEmpty();
    }

    private static String setup(DiffSchema schema) {
        StringBuilder sb = new StringBuilder();
        for (String s : schema.setupSql()) sb.append(s).append(";\n");
        return sb.toString();
    }

    /** Each query has its own random stream, so one can be regenerated without the others. */
    static QueryGenerator.Query queryAt(DiffSchema schema, int dbIndex, int q) {
        Random r = new Random(SEED * 31 + dbIndex * 100_003L + q * 7_919L);
        return new QueryGenerator(r, schema).next();
    }

    static String problem(Outcome lite, Outcome nab, boolean ordered) {
        if (lite.failed()) return "SQLite fails but Nabla does not";
        if (nab.failed()) return "Nabla fails: " + nab.error();
        String d = ResultRows.difference(lite.rows(), nab.rows(), ordered);
        return d == null ? null : (ordered ? "" : "(unordered) ") + d;
    }

    /** Removes table rows (halves, then quarters, ... then single rows) while the disagreement persists. */
    private static Failure shrink(DiffSchema schema, QueryGenerator.Query query, String id) throws SQLException {
        List<List<List<Object>>> rows = new ArrayList<>();
        for (DiffSchema.Table t : schema.tables) rows.add(new ArrayList<>(t.rows()));
        int attempts = 0;
        for (int ti = 0; ti < rows.size(); ti++) {
            for (int chunk = Math.max(1, rows.get(ti).size() / 2); chunk >= 1; chunk /= 2) {
                for (int from = 0; from < rows.get(ti).size() && attempts < 400; ) {
                    List<List<Object>> kept = new ArrayList<>(rows.get(ti));
                    kept.subList(from, Math.min(kept.size(), from + chunk)).clear();
                    List<List<List<Object>>> candidate = new ArrayList<>(rows);
                    candidate.set(ti, kept);
                    attempts++;
                    if (stillFails(schema.withRows(candidate), query)) {
                        rows = candidate;
                    } else {
                        from += chunk;
                    }
                }
                if (chunk == 1) break;
            }
        }
        DiffSchema small = schema.withRows(rows);
        try (Engines engines = Engines.load(small)) {
            Outcome lite = engines.sqlite(query.sql());
            Outcome nab = engines.nabla(query.sql());
            String problem = problem(lite, nab, query.ordered());
            StringBuilder script = new StringBuilder();
            for (String s : small.setupSql()) script.append(s).append(";\n");
            return new Failure(id, script.toString(), query.sql(), problem == null ? "(flaky)" : problem, lite, nab);
        }
    }

    private static boolean stillFails(DiffSchema schema, QueryGenerator.Query query) throws SQLException {
        try (Engines engines = Engines.load(schema)) {
            Outcome lite = engines.sqlite(query.sql());
            Outcome nab = engines.nabla(query.sql());
            if (lite.failed() && nab.failed()) return false;
            return problem(lite, nab, query.ordered()) != null;
        }
    }

    /** The same database in SQLite (in memory, through JDBC) and in Nabla (embedded). */
    static final class Engines implements AutoCloseable {
        private final Connection sqlite;
        private final Database db;
        private final Session nabla;

        private Engines(Connection sqlite, Database db, Session nabla) {
            this.sqlite = sqlite;
            this.db = db;
            this.nabla = nabla;
        }

        static Engines load(DiffSchema schema) throws SQLException {
            Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
            Database db = Nabla.open();
            Session s = db.connect();
            s.setTimeoutMillis(10_000);
            try (Statement st = c.createStatement()) {
                for (String sql : schema.setupSql()) {
                    st.executeUpdate(sql);
                    s.execute(sql);
                }
            }
            return new Engines(c, db, s);
        }

        Outcome sqlite(String sql) {
            try (Statement st = sqlite.createStatement();
                    ResultSet rs = st.executeQuery(sql)) {
                return new Outcome(ResultRows.of(rs), null, null);
            } catch (SQLException e) {
                return new Outcome(null, e.getMessage(), null);
            }
        }

        /** Null when the statement succeeded, else the error. */
        String sqliteUpdate(String sql) {
            try (Statement st = sqlite.createStatement()) {
                st.executeUpdate(sql);
                return null;
            } catch (SQLException e) {
                return e.getMessage();
            }
        }

        String nablaUpdate(String sql) {
            try {
                nabla.execute(sql);
                return null;
            } catch (NablaException e) {
                return e.code() + " " + e.headline();
            } catch (RuntimeException | StackOverflowError e) {
                return "INTERNAL escaped " + e;
            }
        }

        Outcome nabla(String sql) {
            try {
                Result r = nabla.execute(sql);
                return new Outcome(ResultRows.of(r), null, null);
            } catch (NablaException e) {
                return new Outcome(null, e.code() + " " + e.headline(), e.code());
            } catch (RuntimeException | StackOverflowError e) {
                return new Outcome(null, "escaped " + e, ErrorCode.INTERNAL);
            }
        }

        @Override
        public void close() throws SQLException {
            nabla.close();
            db.close();
            sqlite.close();
        }
    }
}
