package dev.nabla.plan.optimize;

import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Exprs;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.logical.ColumnStats;
import dev.nabla.plan.logical.LogicalPlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The join graph of {@link ReorderJoins}: leaves (relations, already filtered by their own conjuncts) and
 * the conjuncts between them, with the cardinality and cost of any set of leaves, and the two ways of
 * choosing a join tree over them.
 *
 * <p>Rows of a set S of leaves: the product of the leaves' rows, divided by {@code max(ndv)} of each column
 * equality inside S (distinct counts capped by each leaf's rows, {@link Cardinality#distinct}), except
 * <ul>
 *   <li>one equality per pair of leaves (the most selective): several equalities between two leaves are
 *       usually one composite key (q9's partsupp ⋈ lineitem on partkey and suppkey), far from independent;
 *   <li>an equality whose two leaves are already linked through other leaves by equalities of the same
 *       column class ({@code a = b AND b = c} makes {@code a = c} redundant).
 * </ul>
 * An equality between leaves of different classes closing a cycle does count (q5's {@code c_nationkey =
 * s_nationkey} keeps 1/25 of customer ⋈ orders ⋈ lineitem ⋈ supplier). Other conjuncts over several leaves
 * multiply by their {@link Cardinality#selectivity}. The rows of S do not depend on the order of joining.
 *
 * <p>Cost of a join: its output rows plus its inputs' rows plus the smaller input again (hashing the build
 * side costs more than probing); a tree's cost is the sum over its joins.
 */
final class JoinGraph {
    /** Up to this many leaves the tree is chosen by dynamic programming over all subsets (3^n pairs); greedily above. */
    static final int DP_LIMIT = 12;

    /** A join tree over a set of leaves: a leaf ({@code leaf >= 0}) or a join of two trees. */
    record Tree(long mask, int leaf, Tree left, Tree right, double rows, double cost) {}

    private final int n;
    private final double[] leafRows;
    /** Column equalities between two leaves, most selective first. */
    private final List<Edge> edges = new ArrayList<>();
    /** Every equality between disjoint leaf sets: what makes two sets joinable without a cross product. */
    private final List<long[]> links = new ArrayList<>();
    /** Other conjuncts over several leaves: {leaf mask, selectivity}. */
    private final List<double[]> others = new ArrayList<>();

    private final int classes;
    private final Map<Long, Double> rowsMemo = new HashMap<>();

    private record Edge(int a, int b, int cls, double divisor) {}

    JoinGraph(List<LogicalPlan> leaves, List<Expr> conds, Map<Integer, Integer> leafOf) {
        n = leaves.size();
        leafRows = new double[n];
        for (int i = 0; i < n; i++) leafRows[i] = Math.max(1, Cardinality.rows(leaves.get(i)));
        // column classes: the column ids that column equalities make equal (union-find)
        Map<Integer, Integer> parent = new HashMap<>();
        List<int[]> colEqs = new ArrayList<>(); // {idA, idB, leafA, leafB, index in conds}
        for (int k = 0; k < conds.size(); k++) {
            Expr c = conds.get(k);
            if (!(c instanceof Call call && (call.fn() == Fn.EQ || call.fn() == Fn.IS_NOT_DISTINCT_FROM))) continue;
            long ma = mask(call.arg(0), leafOf), mb = mask(call.arg(1), leafOf);
            if (ma != 0 && mb != 0 && (ma & mb) == 0) links.add(new long[] {ma, mb});
            if (Cardinality.key(call.arg(0)) instanceof ColumnRef x
                    && Cardinality.key(call.arg(1)) instanceof ColumnRef y
                    && leafOf.get(x.id()) instanceof Integer la
                    && leafOf.get(y.id()) instanceof Integer lb
                    && !la.equals(lb)) {
                union(parent, x.id(), y.id());
                colEqs.add(new int[] {x.id(), y.id(), la, lb, k});
            }
        }
        Map<Integer, Integer> classOf = new HashMap<>();
        List<Expr> counted = new ArrayList<>();
        for (int[] e : colEqs) {
            int root = find(parent, e[0]);
            Integer cls = classOf.get(root);
            if (cls == null) {
                cls = classOf.size();
                classOf.put(root, cls);
            }
            double da = Cardinality.distinct(leaves.get(e[2]), e[0], leafRows[e[2]]);
            double db = Cardinality.distinct(leaves.get(e[3]), e[1], leafRows[e[3]]);
            edges.add(new Edge(e[2], e[3], cls, Math.max(da, db)));
            counted.add(conds.get(e[4]));
        }
        classes = classOf.size();
        edges.sort((x, y) -> Double.compare(y.divisor, x.divisor));
        for (Expr c : conds) {
            if (counted.stream().anyMatch(x -> x == c)) continue;
            long m = mask(c, leafOf);
            if (Long.bitCount(m) < 2) continue;
            double sel = Cardinality.selectivity(c, id -> stats(leaves, leafOf, id));
            others.add(new double[] {m, sel});
        }
    }

    private static ColumnStats stats(List<LogicalPlan> leaves, Map<Integer, Integer> leafOf, int id) {
        Integer l = leafOf.get(id);
        return l == null ? ColumnStats.UNKNOWN : Cardinality.stats(leaves.get(l), id);
    }

    private static int find(Map<Integer, Integer> parent, int x) {
        int r = x;
        while (parent.getOrDefault(r, r) != r) r = parent.get(r);
        parent.put(x, r);
        return r;
    }

    private static void union(Map<Integer, Integer> parent, int a, int b) {
        int ra = find(parent, a), rb = find(parent, b);
        if (ra != rb) parent.put(ra, rb);
    }

    private static long mask(Expr e, Map<Integer, Integer> leafOf) {
        long m = 0;
        for (int id : Exprs.columnIds(e)) {
            Integer l = leafOf.get(id);
            if (l != null) m |= 1L << l;
        }
        return m;
    }

    int size() {
        return n;
    }

    Tree leaf(int i) {
        return new Tree(1L << i, i, null, null, leafRows[i], 0);
    }

    /** Estimated rows of the join of the leaves in {@code s} (independent of the order of joining). */
    double rows(long s) {
        if (Long.bitCount(s) == 1) return leafRows[Long.numberOfTrailingZeros(s)];
        Double memo = rowsMemo.get(s);
        if (memo != null) return memo;
        double r = 1;
        for (int i = 0; i < n; i++) if ((s & (1L << i)) != 0) r *= leafRows[i];
        // per class, which leaves its accepted equalities link (union-find over leaves, per class)
        int[][] linked = new int[classes][];
        boolean[] pairUsed = new boolean[n * n];
        for (Edge e : edges) {
            if ((s & (1L << e.a)) == 0 || (s & (1L << e.b)) == 0) continue;
            int lo = Math.min(e.a, e.b), hi = Math.max(e.a, e.b);
            if (pairUsed[lo * n + hi]) continue;
            int[] uf = linked[e.cls];
            if (uf == null) {
                uf = new int[n];
                for (int i = 0; i < n; i++) uf[i] = i;
                linked[e.cls] = uf;
            }
            int ra = root(uf, e.a), rb = root(uf, e.b);
            if (ra == rb) continue;
            uf[ra] = rb;
            pairUsed[lo * n + hi] = true;
            r /= e.divisor;
        }
        for (double[] o : others) if ((s & (long) o[0]) == (long) o[0]) r *= o[1];
        r = Math.max(1, r);
        rowsMemo.put(s, r);
        return r;
    }

    private static int root(int[] uf, int x) {
        while (uf[x] != x) x = uf[x] = uf[uf[x]];
        return x;
    }

    /** Whether an equality links the two disjoint leaf sets (a hash join, not a cross product). */
    boolean linked(long a, long b) {
        for (long[] l : links) {
            if (((l[0] & ~a) == 0 && (l[1] & ~b) == 0) || ((l[0] & ~b) == 0 && (l[1] & ~a) == 0)) return true;
        }
        return false;
    }

    /** The join of two trees over disjoint leaves, the larger on the left. */
    Tree join(Tree a, Tree b) {
        long s = a.mask | b.mask;
        double out = rows(s);
        double cost = a.cost + b.cost + joinCost(out, a.rows, b.rows);
        return a.rows >= b.rows ? new Tree(s, -1, a, b, out, cost) : new Tree(s, -1, b, a, out, cost);
    }

    private static double joinCost(double out, double a, double b) {
        return out + a + b + Math.min(a, b);
    }

    /**
     * The cheapest tree, bushy ones included, by dynamic programming over the subsets of leaves (DPsub):
     * each subset's best split into two joinable subsets whose best trees are known. Cross products only
     * where no tree without one exists (a disconnected graph).
     */
    Tree dynamicProgramming() {
        Tree t = dp(false);
        return t != null ? t : dp(true);
    }

    private Tree dp(boolean crossProducts) {
        int full = (1 << n) - 1;
        double[] cost = new double[full + 1];
        int[] split = new int[full + 1];
        Arrays.fill(cost, Double.POSITIVE_INFINITY);
        for (int i = 0; i < n; i++) cost[1 << i] = 0;
        for (int s = 1; s <= full; s++) {
            if (Integer.bitCount(s) < 2) continue;
            int low = s & -s;
            double out = Double.NaN;
            for (int sub = (s - 1) & s; sub > 0; sub = (sub - 1) & s) {
                // each unordered pair once: the part holding the lowest leaf
                if ((sub & low) == 0) continue;
                int other = s ^ sub;
                if (cost[sub] == Double.POSITIVE_INFINITY || cost[other] == Double.POSITIVE_INFINITY) continue;
                if (!crossProducts && !linked(sub, other)) continue;
                if (Double.isNaN(out)) out = rows(s);
                double c = cost[sub] + cost[other] + joinCost(out, rows(sub), rows(other));
                if (c < cost[s]) {
                    cost[s] = c;
                    split[s] = sub;
                }
            }
        }
        if (cost[full] == Double.POSITIVE_INFINITY) return null;
        return tree(full, split);
    }

    private Tree tree(int s, int[] split) {
        if (Integer.bitCount(s) == 1) return leaf(Integer.numberOfTrailingZeros(s));
        return join(tree(split[s], split), tree(s ^ split[s], split));
    }

    /**
     * Above {@link #DP_LIMIT} leaves: a left-deep tree from the smallest leaf, adding at each step the leaf
     * linked to what is joined so far whose join is smallest, a cross product with the smallest leaf only
     * when none is linked.
     */
    Tree greedy() {
        Tree cur = null;
        long used = 0;
        for (int step = 0; step < n; step++) {
            int best = -1;
            double bestRows = Double.POSITIVE_INFINITY;
            boolean bestLinked = false;
            for (int i = 0; i < n; i++) {
                long bit = 1L << i;
                if ((used & bit) != 0) continue;
                boolean isLinked = cur != null && linked(used, bit);
                double r = cur == null ? leafRows[i] : rows(used | bit);
                if (best < 0 || (isLinked && !bestLinked) || (isLinked == bestLinked && r < bestRows)) {
                    best = i;
                    bestRows = r;
                    bestLinked = isLinked;
                }
            }
            cur = cur == null ? leaf(best) : join(cur, leaf(best));
            used |= 1L << best;
        }
        return cur;
    }
}
