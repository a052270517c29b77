package dev.nabla.plan.expr;

import dev.nabla.common.Span;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A window function: ROW_NUMBER/RANK/... or an aggregate ({@code fn == AGGREGATE}, {@code aggregate}
 * set) over a partition, order and frame. Lives only in a {@code Window} plan node.
 */
public record WindowCall(
        WindowFn fn,
        AggCall aggregate,
        List<Expr> args,
        List<Expr> partitionBy,
        List<SortKey> orderBy,
        Frame frame,
        DataType type,
        Span span)
        implements Expr {
    public enum WindowFn {
        ROW_NUMBER,
        RANK,
        DENSE_RANK,
        PERCENT_RANK,
        CUME_DIST,
        NTILE,
        LAG,
        LEAD,
        FIRST_VALUE,
        LAST_VALUE,
        NTH_VALUE,
        AGGREGATE,
        // soft (relaxed) operators over the whole partition (the frame is ignored, as for rank()); their
        // arguments are bound to a canonical form: softmax/log_softmax(z) with z = x/τ, soft_rank/soft_sort(x, ε [,
        // 'kl']),
        // soft_topk(z, k) with z = x/τ
        SOFTMAX,
        LOG_SOFTMAX,
        SOFT_RANK,
        SOFT_SORT,
        SOFT_TOPK,
        // their exact Jacobian-vector products: the operator's arguments followed by the tangent of the first
        SOFTMAX_JVP,
        LOG_SOFTMAX_JVP,
        SOFT_RANK_JVP,
        SOFT_SORT_JVP,
        SOFT_TOPK_JVP,
        // vector-Jacobian product where the Jacobian is not symmetric: the arguments followed by the cotangent
        // (soft_rank/soft_sort: symmetric in the L2 form, not in the KL form, the third argument 'kl')
        LOG_SOFTMAX_VJP,
        SOFT_RANK_VJP,
        SOFT_SORT_VJP;

        /** Whether this is a soft operator or one of its Jacobian products (row-coupling over the whole partition). */
        public boolean soft() {
            return ordinal() >= SOFTMAX.ordinal();
        }

        /** The Jacobian-vector product of a soft operator. */
        public WindowFn jvp() {
            return switch (this) {
                case SOFTMAX -> SOFTMAX_JVP;
                case LOG_SOFTMAX -> LOG_SOFTMAX_JVP;
                case SOFT_RANK -> SOFT_RANK_JVP;
                case SOFT_SORT -> SOFT_SORT_JVP;
                case SOFT_TOPK -> SOFT_TOPK_JVP;
                default -> throw new IllegalStateException(this + " has no Jacobian-vector product");
            };
        }

        /** The vector-Jacobian product of a soft operator: its JVP where the Jacobian is always symmetric. */
        public WindowFn vjp() {
            return switch (this) {
                case LOG_SOFTMAX -> LOG_SOFTMAX_VJP;
                case SOFT_RANK -> SOFT_RANK_VJP;
                case SOFT_SORT -> SOFT_SORT_VJP;
                default -> jvp();
            };
        }
    }

    /**
     * ROWS, RANGE or GROUPS frame; offsets are constant expressions (null for UNBOUNDED / CURRENT ROW as given
     * by kind). {@code groups} (only with {@code rows == false}) counts offsets in peer groups, not rows or values.
     */
    public record Frame(
            boolean rows, BoundKind startKind, Expr startOffset, BoundKind endKind, Expr endOffset, boolean groups) {
        public Frame {
            if (rows && groups) throw new IllegalArgumentException("a frame is ROWS or GROUPS, not both");
        }

        public Frame(boolean rows, BoundKind startKind, Expr startOffset, BoundKind endKind, Expr endOffset) {
            this(rows, startKind, startOffset, endKind, endOffset, false);
        }

        /** SQL default with ORDER BY: RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW. */
        public static final Frame DEFAULT_ORDERED =
                new Frame(false, BoundKind.UNBOUNDED_PRECEDING, null, BoundKind.CURRENT_ROW, null);
        /** SQL default without ORDER BY: the whole partition. */
        public static final Frame WHOLE_PARTITION =
                new Frame(false, BoundKind.UNBOUNDED_PRECEDING, null, BoundKind.UNBOUNDED_FOLLOWING, null);
    }

    public enum BoundKind {
        UNBOUNDED_PRECEDING,
        PRECEDING,
        CURRENT_ROW,
        FOLLOWING,
        UNBOUNDED_FOLLOWING
    }

    public WindowCall {
        Objects.requireNonNull(fn);
        args = ExprList.of(args);
        partitionBy = ExprList.of(partitionBy);
        orderBy = List.copyOf(orderBy);
        Objects.requireNonNull(frame);
        Objects.requireNonNull(type);
        span = span == null ? Span.NONE : span;
        if ((fn == WindowFn.AGGREGATE) != (aggregate != null))
            throw new IllegalArgumentException("AGGREGATE window needs aggregate");
    }

    /** args, partition keys, then order keys (frame offsets are constants and not rewritten). */
    @Override
    public List<Expr> children() {
        List<Expr> all = new ArrayList<>();
        if (aggregate != null) all.add(aggregate);
        all.addAll(args);
        all.addAll(partitionBy);
        for (SortKey k : orderBy) all.add(k.expr());
        return all;
    }

    @Override
    public Expr withChildren(List<Expr> children) {
        int i = 0;
        AggCall agg = aggregate == null ? null : (AggCall) children.get(i++);
        List<Expr> a = children.subList(i, i += args.size());
        List<Expr> p = children.subList(i, i += partitionBy.size());
        List<SortKey> o = new ArrayList<>();
        for (SortKey k : orderBy) o.add(new SortKey(children.get(i++), k.ascending(), k.nullsFirst()));
        return new WindowCall(fn, agg, a, p, o, frame, type, span);
    }

    @Override
    public String toSql() {
        return ExprPrinter.window(this);
    }
}
