package dev.nabla.engine.exec.fused;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.PreparedQuery;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import dev.nabla.vector.fused.AdaptiveKernel;
import dev.nabla.vector.fused.FusedCompiler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Adaptive execution of fused kernels: the first morsels of a statement run on the per-node path
 * while the kernel is prepared, later ones on the kernel. Where the switch happens must never change
 * a result's bits, and a kernel, once made, serves every later statement of its shape.
 */
class AdaptiveExecutionTest {
    Database db;
    Session s;

    @BeforeEach
    void setUp() {
        int n = 20 * 65_536 + 123; // 21 segments (morsels), the last one short: a kernel tail
        double[] x = new double[n], y = new double[n];
        long[] g = new long[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.sin(i * 0.001) * 1e3;
            y[i] = Math.cos(i * 0.0007) / 7;
            g[i] = i % 13;
        }
        db = Nabla.open();
        db.registerTable("t", List.of("x", "y", "g"), List.of(x, y, g));
        s = db.connect();
        s.execute("CREATE TABLE params AS SELECT 0.5 AS a, 0.1 AS b");
    }

    @AfterEach
    void tearDown() {
        FusedAggregateNode.testSwitchAfter = -1;
        s.close();
        db.close();
    }

    /**
     * Arithmetic only: + − × ÷ are correctly rounded on every path and in every JIT tier, so the bits
     * must match exactly (sin/exp may differ in the last bit between the Vector API's interpreted and
     * compiled forms on any path: FusedAggregateNodeTest compares those after warm-up).
     */
    static final List<String> QUERIES = List.of(
            "SELECT SUM(x * y + x / 3 - y * y), AVG(x - 2 * y), COUNT(*) FROM t",
            "SELECT AVG(grad((a*x + b - y) * (a*x + b - y), a)), AVG(grad((a*x + b - y) * (a*x + b - y), b)) FROM t, params",
            "SELECT g, SUM(x * y - x), AVG(y / 2), COUNT(*) FROM t WHERE x > 0 GROUP BY g ORDER BY g",
            "SELECT SUM(CASE WHEN x > y THEN x * 0.25 ELSE y - x END) FROM t");

    private List<Object> values(String q) {
        Result r = s.execute(q);
        List<Object> v = new ArrayList<>();
        for (int i = 0; i < r.rowCount(); i++) {
            for (int c = 0; c < r.columnNames().size(); c++) v.add(r.get(i, c));
        }
        return v;
    }

    @Test
    void aSwitchMidQueryGivesTheSameBits() {
        for (String q : QUERIES) {
            Result plan = s.execute("EXPLAIN " + q);
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < plan.rowCount(); i++)
                lines.append(plan.getString(i, 0)).append('\n');
            assertThat(lines.toString()).as(q).contains("Fused");
            for (int threads = 1; threads <= 2; threads++) {
                s.execute("SET threads = " + threads);
                FusedAggregateNode.testSwitchAfter = 1_000_000; // every morsel on the per-node path
                List<Object> perNode = values(q);
                FusedAggregateNode.testSwitchAfter = 0; // every morsel on the kernel
                List<Object> kernel = values(q);
                FusedAggregateNode.testSwitchAfter = 7; // the switch in the middle of the table
                List<Object> switched = values(q);
                FusedAggregateNode.testSwitchAfter = -1;
                List<Object> adaptive = values(q); // whatever the background thread managed
                // Double.equals compares the bits
                assertThat(kernel).as(q).isEqualTo(perNode);
                assertThat(switched).as(q).isEqualTo(perNode);
                assertThat(adaptive).as(q).isEqualTo(perNode);
            }
        }
    }

    @Test
    void adaptiveOffWaitsForTheKernelAndAgrees() {
        for (String q : QUERIES) {
            List<Object> on = values(q);
            s.execute("SET adaptive = off");
            List<Object> off = values(q);
            s.execute("SET adaptive = on");
            assertThat(off).as(q).isEqualTo(on);
        }
    }

    @Test
    void repeatedAndPreparedStatementsNeverRegenerate() {
        // a shape no other test uses; adaptive off makes the kernel on the spot
        String q = "SELECT SUM(x * 17 - y * y * y + x / (y + 3)) FROM t";
        s.execute("SET adaptive = off");
        s.execute(q);
        AdaptiveKernel.awaitBackground(); // nothing from earlier tests may still be generating
        int classes = FusedCompiler.generatedClasses();
        long background = AdaptiveKernel.generatedInBackground();
        s.execute(q);
        // the same shape with other literals: literals are kernel arguments
        s.execute("SELECT SUM(x * 5 - y * y * y + x / (y + 0.5)) FROM t");
        PreparedQuery p = s.prepare(q);
        p.execute();
        p.execute();
        try (Session other = db.connect()) {
            other.execute(q); // another session, adaptive on: the shape is already hot
            other.prepare(q).execute();
        }
        AdaptiveKernel.awaitBackground();
        assertThat(FusedCompiler.generatedClasses()).isEqualTo(classes);
        assertThat(AdaptiveKernel.generatedInBackground()).isEqualTo(background);
    }

    @Test
    void theBackgroundThreadMakesTheKernelForLaterStatements() {
        // adaptive on, a shape not seen before: the first statement starts the work, never waits for it
        String q = "SELECT SUM(x * 23 + y * y * x - y / 11) FROM t";
        long background = AdaptiveKernel.generatedInBackground();
        List<Object> first = values(q);
        AdaptiveKernel.awaitBackground();
        assertThat(AdaptiveKernel.generatedInBackground()).isEqualTo(background + 1);
        int classes = FusedCompiler.generatedClasses();
        for (int i = 0; i < 3; i++) assertThat(values(q)).isEqualTo(first);
        AdaptiveKernel.awaitBackground();
        assertThat(FusedCompiler.generatedClasses()).isEqualTo(classes);
    }

    @Test
    void aTinyInputNeverAsksForCodeGeneration() {
        s.execute("CREATE TABLE tiny AS SELECT x, y FROM t LIMIT 100");
        String q = "SELECT SUM(x * 29 - y * x * x + y / 13) FROM tiny";
        AdaptiveKernel.awaitBackground();
        long background = AdaptiveKernel.generatedInBackground();
        int classes = FusedCompiler.generatedClasses();
        for (int i = 0; i < 5; i++) s.execute(q);
        AdaptiveKernel.awaitBackground();
        assertThat(AdaptiveKernel.generatedInBackground()).isEqualTo(background);
        assertThat(FusedCompiler.generatedClasses()).isEqualTo(classes);
    }
}
