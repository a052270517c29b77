package dev.nabla.autograd;

import static dev.nabla.autograd.Exprs.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.plan.expr.Expr;
import org.junit.jupiter.api.Test;

/** Hash-consing keeps derivatives of deeply shared expressions small; the figures are in docs/derivatives.md. */
class DagSizeTest {
    static final double R = 3.7;

    /** x_{k+1} = r·x_k·(1 − x_k), {@code depth} times, written out as a tree (no shared objects). */
    static Expr logisticTree(int depth) {
        Expr x = X;
        for (int k = 0; k < depth; k++) x = mul(mul(lit(R), copy(x)), sub(lit(1), copy(x)));
        return x;
    }

    private static Expr copy(Expr e) {
        if (e.children().isEmpty()) return e;
        return e.withChildren(e.children().stream().map(DagSizeTest::copy).toList());
    }

    private static double logistic(double x, int depth) {
        for (int k = 0; k < depth; k++) x = R * x * (1 - x);
        return x;
    }

    @Test
    void deepSharedExpressionsExpandInLinearTime() {
        Expr x = X;
        for (int k = 0; k < 200; k++) x = mul(mul(lit(R), x), sub(lit(1), x)); // shared objects: a DAG from the start
        long start = System.nanoTime();
        Expr d3 = expand(grad(grad(grad(x, X), X), X));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(DagStats.nodes(d3)).isLessThan(30 * 200); // linear in the depth (5,263 measured)
        assertThat(DagStats.treeSize(d3)).isEqualTo(Long.MAX_VALUE); // saturated: far beyond any tree
        assertThat(millis).isLessThan(5_000);
    }

    @Test
    void logisticMapSecondDerivativeStaysSmall() {
        Expr f = logisticTree(10);
        Exprs.Ctx ctx = new Exprs.Ctx();
        Expr d1 = expand(grad(f, X), ctx);
        Expr d2 = expand(grad(grad(f, X), X), ctx);
        long primalTree = DagStats.treeSize(f), d1Tree = DagStats.treeSize(d1), d2Tree = DagStats.treeSize(d2);
        int primalDag = DagStats.nodes(f), d1Dag = DagStats.nodes(d1), d2Dag = DagStats.nodes(d2);
        System.out.printf(
                "logistic depth 10: primal tree %d dag %d; d1 tree %d dag %d; d2 tree %d dag %d; reports %s%n",
                primalTree,
                primalDag,
                d1Tree,
                d1Dag,
                d2Tree,
                d2Dag,
                ctx.reports.stream().map(r -> r[0] + "->" + r[1]).toList());
        assertThat(primalDag).isEqualTo(DagStats.identityNodes(new ExprFactory().intern(f)));
        // pinned figures (docs/derivatives.md): a naive tree derivative would have d2Tree nodes
        assertThat(primalDag).isEqualTo(33);
        assertThat(d1Dag).isEqualTo(76);
        assertThat(d2Dag).isEqualTo(140);
        assertThat(d2Tree).isEqualTo(576_501);
        // still the right numbers
        double x = 0.3, h = 1e-6;
        double fd = (logistic(x + h, 10) - logistic(x - h, 10)) / (2 * h);
        assertThat(Interp.num(d1, row(X, x)))
                .isCloseTo(fd, org.assertj.core.api.Assertions.within(1e-4 * Math.abs(fd)));
        double fd2 = (Interp.num(d1, row(X, x + h)) - Interp.num(d1, row(X, x - h))) / (2 * h);
        assertThat(Interp.num(d2, row(X, x)))
                .isCloseTo(fd2, org.assertj.core.api.Assertions.within(1e-4 * Math.abs(fd2)));
    }
}
