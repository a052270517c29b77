package dev.nabla.tests.loops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs the soft-operator examples (issue 14, examples 2, 3 and 4) as scripts and checks what they promise. */
class SoftExamplesTest {
    Database db;
    Session s;

    @BeforeEach
    void open() {
        db = Nabla.open();
        s = db.connect();
    }

    @AfterEach
    void close() {
        s.close();
        db.close();
    }

    @Test
    void softFilterThresholdIsLearned() {
        s.executeScript(LoopsPaths.exampleSql("soft_filter_threshold.sql"));
        Result r = s.execute("SELECT t, loss FROM fit WHERE step = 60");
        assertThat(r.rowCount()).isEqualTo(1);
        assertThat(r.getDouble(0, 0)).isCloseTo(0.7, within(0.01));
        assertThat(r.getDouble(0, 1)).isLessThan(1e-12);
        // the loss falls monotonically after the first steps (it is NULL at step 0: no sum yet)
        double[] loss =
                s.execute("SELECT loss FROM fit WHERE step >= 2 ORDER BY step").doubleColumn(0);
        for (int i = 1; i < loss.length; i++) assertThat(loss[i]).isLessThanOrEqualTo(loss[i - 1]);
        Result ok = s.execute("SELECT abs(t - 0.7) < 0.01 FROM fit WHERE step = 60");
        assertThat(ok.get(0, 0)).isEqualTo(Boolean.TRUE);
    }

    @Test
    void softRankApproachesRankAndLearnsToRank() {
        s.executeScript(LoopsPaths.exampleSql("soft_rank_learning.sql"));
        double[] err =
                s.execute("SELECT max_error FROM convergence ORDER BY eps DESC").doubleColumn(0);
        assertThat(err).hasSize(4);
        for (int i = 1; i < err.length; i++) assertThat(err[i]).isLessThanOrEqualTo(err[i - 1]);
        // ε = 0.1 and 0.01 are below the smallest gap: rank() exactly
        assertThat(err[2]).isZero();
        assertThat(err[3]).isZero();
        assertThat(s.execute("SELECT min_gap FROM gaps").getDouble(0, 0)).isGreaterThan(0.1);
        Result training = s.execute("SELECT loss FROM training WHERE step > 0 ORDER BY step");
        double[] loss = training.doubleColumn(0);
        assertThat(loss).hasSize(200);
        assertThat(loss[199]).isLessThan(loss[0] / 100);
        assertThat(s.execute("SELECT spearman FROM learned").getDouble(0, 0)).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void attentionTemperatureIsLearned() {
        s.executeScript(LoopsPaths.exampleSql("soft_attention.sql"));
        // step 1 carries the loss at the starting temperature t = 1
        double[] loss =
                s.execute("SELECT loss FROM fit WHERE step > 0 ORDER BY step").doubleColumn(0);
        assertThat(loss).hasSize(60);
        assertThat(loss[0]).isGreaterThan(10);
        for (int i = 1; i < loss.length; i++) assertThat(loss[i]).isLessThanOrEqualTo(loss[i - 1]);
        assertThat(loss[59]).isLessThan(1e-3);
        double t = s.execute("SELECT t FROM fit WHERE step = 60").getDouble(0, 0);
        assertThat(t).isBetween(1e-4, 2e-3);
        Result r = s.execute("SELECT count(*), max(r.soft <-> n.val) FROM retrieved r JOIN nearest n USING (j)");
        assertThat(r.getLong(0, 0)).isEqualTo(20);
        assertThat(r.getDouble(0, 1)).isLessThan(0.05);
        System.out.println("soft_attention: loss " + loss[0] + " -> " + loss[59] + ", t = " + t + ", max gap "
                + r.getDouble(0, 1));
        // the array softmax_sum agrees element by element with the scalar one the gradient used
        Result e = s.execute("SELECT max(abs(r.soft[1] - s1)), max(abs(r.soft[2] - s2)) FROM retrieved r JOIN ("
                + "SELECT q.j, softmax_sum(m.val[1], -power(q.e <-> m.k, 2) / (SELECT t FROM fit WHERE step = 60)) AS s1,"
                + " softmax_sum(m.val[2], -power(q.e <-> m.k, 2) / (SELECT t FROM fit WHERE step = 60)) AS s2"
                + " FROM queries q, memory m GROUP BY q.j) x USING (j)");
        assertThat(e.getDouble(0, 0)).isLessThan(1e-15);
        assertThat(e.getDouble(0, 1)).isLessThan(1e-15);
    }
}
