package dev.nabla.jmh;

import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * First runs, one fresh JVM per measurement: {@code jmh/run.sh first [rows] [reps] [q1,q2,...|all]
 * [fresh|warm]}. {@code warm} first runs other queries in the child (see {@link #WARM_UP}): the first
 * run of a new expression shape in a session that has been working, where adaptive execution's
 * per-node path is compiled and the new kernel is not.
 * <p>A person at the REPL, a CLI script or a JDBC application runs a statement once, in a JVM that
 * has not yet loaded, interpreted, profiled or compiled the engine's code for it. Each child JVM here
 * builds the benchmark tables (the same {@link BenchData} for both engines, {@code threads = 1}),
 * then times the first execution of one query — parse, plan, code generation and execution, the
 * whole {@code execute(sql)} — and then 15 more executions of the same text for the steady state in
 * that same JVM. Nabla and DuckDB (JDBC) children alternate, so both see the same neighbours.
 * <p>The machine the figures come from is a shared two-core VM with other people compiling on it,
 * so wall-clock time mostly measures the neighbours. Each child reports three clocks for the first
 * run: the CPU time of the thread that runs the statement (what the query costs, not counting
 * waiting for a core), the CPU time of the whole process over the same interval (adds the JIT
 * compiler threads, GC and any helper thread: the honest total for a one-shot query, and for DuckDB
 * any native worker), and wall time. The summary is the median per query and engine.
 */
public final class FirstRun {
    private FirstRun() {}

    static final List<String> ALL = List.of("q1", "q2", "q3", "q4", "q5");

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--child")) {
            child(args[1], args[2], Integer.parseInt(args[3]), args.length > 4 && args[4].equals("warm"));
            return;
        }
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> queries = args.length > 2 && !args[2].equals("all") ? List.of(args[2].split(",")) : ALL;
        String mode = args.length > 3 ? args[3] : "fresh";
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        String cp = System.getProperty("java.class.path");
        List<String> jvm = new ArrayList<>(ManagementFactory.getRuntimeMXBean().getInputArguments());
        // [query][engine][rep][clock]
        // DuckDB compiles nothing at run time: its fresh first run is the reference in both modes
        String[] engines = mode.equals("warm") ? new String[] {"nabla"} : new String[] {"nabla", "duckdb"};
        double[][][][] t = new double[queries.size()][engines.length][reps][];
        for (int r = 0; r < reps; r++) {
            for (int q = 0; q < queries.size(); q++) {
                for (int e = 0; e < engines.length; e++) {
                    List<String> cmd = new ArrayList<>();
                    cmd.add(java);
                    cmd.addAll(jvm);
                    cmd.addAll(List.of(
                            "-cp",
                            cp,
                            FirstRun.class.getName(),
                            "--child",
                            engines[e],
                            queries.get(q),
                            "" + rows,
                            mode));
                    t[q][e][r] = runChild(cmd);
                    System.err.printf(
                            Locale.ROOT,
                            "rep %d %s %s: first thread-CPU %.1f ms, process-CPU %.1f ms, wall %.1f ms;"
                                    + " steady thread-CPU %.1f ms%n",
                            r + 1,
                            queries.get(q),
                            engines[e],
                            t[q][e][r][0],
                            t[q][e][r][1],
                            t[q][e][r][2],
                            t[q][e][r][3]);
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "first runs (%s), %,d rows, threads = 1, median of %d JVMs (ms)%n",
                mode.equals("warm") ? "a new shape in a JVM warmed by other queries" : "fresh JVM",
                rows,
                reps);
        StringBuilder head = new StringBuilder("query");
        for (String e : engines)
            head.append(String.format("  %1$s-thread-cpu  %1$s-process-cpu  %1$s-wall  %1$s-steady", e));
        System.out.println(head);
        for (int q = 0; q < queries.size(); q++) {
            StringBuilder line = new StringBuilder(queries.get(q));
            for (int e = 0; e < engines.length; e++) {
                for (int c = 0; c < 4; c++) {
                    double[] v = new double[reps];
                    for (int r = 0; r < reps; r++) v[r] = t[q][e][r][c];
                    Arrays.sort(v);
                    line.append(String.format(Locale.ROOT, "  %.1f", v[reps / 2]));
                }
            }
            System.out.println(line);
        }
    }

    private static double[] runChild(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String result = null;
        StringBuilder all = new StringBuilder();
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                all.append(line).append('\n');
                if (line.startsWith("FIRSTRUN ")) result = line.substring("FIRSTRUN ".length());
            }
        }
        if (p.waitFor() != 0 || result == null) throw new IllegalStateException("child failed: " + cmd + "\n" + all);
        return Arrays.stream(result.trim().split(" "))
                .mapToDouble(Double::parseDouble)
                .toArray();
    }

    /** What one statement costs, by three clocks. */
    private static final class Clocks {
        final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        final com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long thread, process, wall;

        void start() {
            wall = System.nanoTime();
            process = os.getProcessCpuTime();
            thread = mx.getCurrentThreadCpuTime();
        }

        double[] stop() {
            long th = mx.getCurrentThreadCpuTime(), pr = os.getProcessCpuTime(), wa = System.nanoTime();
            return new double[] {(th - thread) / 1e6, (pr - process) / 1e6, (wa - wall) / 1e6};
        }
    }

    /**
     * The {@code warm} mode's workload before the measured statement: other shapes over the same
     * table (sin, cos, exp, products, a WHERE, GROUP BY, the parameter cross join), ten times each,
     * as a REPL or JDBC session has run before its next new query. None shares Q1–Q5's expression
     * shape, so the measured statement's kernel is new; what is warm is everything shared.
     */
    static final List<String> WARM_UP = List.of(
            "SELECT SUM(sin(x) * exp(y) - cos(y) * x * x), AVG(y * y - x) FROM t",
            "SELECT g, SUM(exp(-y * y) * x + cos(x)) FROM t WHERE y > 0 GROUP BY g",
            "SELECT AVG((a * y - x + b) * y), AVG(a * x * x - b) FROM t, params");

    private static void child(String engine, String q, int rows, boolean warm) throws SQLException {
        Clocks clocks = new Clocks();
        double[] first;
        double steady = Double.MAX_VALUE;
        double sink = 0;
        if (engine.equals("nabla")) {
            BenchData data = new BenchData(rows);
            try (Database db = Nabla.open()) {
                db.registerTable("t", List.of("i", "x", "y", "g"), List.of(data.i, data.x, data.y, data.g));
                Session s = db.connect();
                s.execute("SET threads = 1");
                s.execute("CREATE TABLE params AS SELECT 0.5 AS a, 0.1 AS b");
                s.execute(Queries.T100K);
                if (warm) for (int r = 0; r < 10; r++) for (String w : WARM_UP) sink += last(s.execute(w));
                String sql = nablaSql(q);
                clocks.start();
                sink += last(s.execute(sql));
                first = clocks.stop();
                for (int r = 0; r < 15; r++) {
                    clocks.start();
                    sink += last(s.execute(sql));
                    steady = Math.min(steady, clocks.stop()[0]);
                }
            }
        } else {
            try (Connection c = BenchData.duckdb(rows, 1);
                    Statement st = c.createStatement()) {
                st.execute(Queries.T100K);
                if (warm) for (int r = 0; r < 10; r++) for (String w : WARM_UP) sink += last(st, w);
                String sql = duckSql(q);
                clocks.start();
                sink += last(st, sql);
                first = clocks.stop();
                for (int r = 0; r < 15; r++) {
                    clocks.start();
                    sink += last(st, sql);
                    steady = Math.min(steady, clocks.stop()[0]);
                }
            }
        }
        if (Double.isNaN(sink)) System.out.println("NaN result");
        System.out.printf(Locale.ROOT, "FIRSTRUN %.3f %.3f %.3f %.3f%n", first[0], first[1], first[2], steady);
    }

    static String nablaSql(String q) {
        return switch (q) {
            case "q1" -> Queries.Q1;
            case "q2" -> Queries.Q2;
            case "q3" -> Queries.Q3;
            case "q4" -> Queries.Q4;
            case "q5" -> Queries.Q5;
            default -> throw new IllegalArgumentException("query must be q1..q5: " + q);
        };
    }

    static String duckSql(String q) {
        return switch (q) {
            case "q1" -> Queries.Q1_DUCK;
            case "q2" -> Queries.Q2_DUCK;
            case "q3" -> Queries.Q3_DUCK;
            case "q4" -> Queries.Q4;
            case "q5" -> Queries.Q5_DUCK;
            default -> throw new IllegalArgumentException("query must be q1..q5: " + q);
        };
    }

    private static double last(Result r) {
        double sum = 0;
        int c = r.columnNames().size() - 1;
        for (int i = 0; i < r.rowCount(); i++) sum += r.getDouble(i, c);
        return sum;
    }

    private static double last(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            double sum = 0;
            int c = rs.getMetaData().getColumnCount();
            while (rs.next()) sum += rs.getDouble(c);
            return sum;
        }
    }
}
