package dev.nabla.engine.exec;

import dev.nabla.storage.DataType;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Per-execution mutable state shared by all operators of one statement run: the context, outer-row
 * bindings of correlated subqueries, subquery result caches and recursive-CTE working tables.
 * Physical operators themselves are immutable; everything that changes while running lives here
 * or in objects created by one {@code execute} call.
 */
public final class ExecState {
    public final ExecContext ctx;
    /** Current values of correlated outer columns, by column id (boxed: bound once per subquery run). */
    public final Map<Integer, Object> outer = new HashMap<>();
    /** Caches keyed by the (immutable) operator or instruction that owns them. */
    public final Map<Object, Object> caches = new IdentityHashMap<>();
    /** Working tables of running recursive CTEs, by cte id. */
    public final Map<Integer, dev.nabla.engine.exec.store.RowStore> workingTables = new HashMap<>();

    public final long nowMicros;
    /** The session's TimeZone when the statement started: TIMESTAMPTZ text, casts, parts and day arithmetic use it. */
    public final java.time.ZoneId zone;

    private final java.util.SplittableRandom random = new java.util.SplittableRandom();

    public ExecState(ExecContext ctx) {
        this.ctx = ctx;
        java.time.Instant now = java.time.Instant.now();
        this.nowMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
        Object tz = ctx.setting("timezone");
        java.time.ZoneId z = tz == null ? null : dev.nabla.storage.Instants.zone(tz.toString());
        this.zone = z == null ? java.time.ZoneOffset.UTC : z;
    }

    /**
     * A memory lease for one run of a materialising operator ({@code operator} names it in the 53200
     * error): grow it before keeping more, close it when the run ends.
     */
    public MemoryLease lease(String operator) {
        return new MemoryLease(ctx.memory(), operator, ctx::checkCancelled);
    }

    public double nextRandom() {
        return random.nextDouble();
    }

    public Object parameter(int index, DataType type) {
        Object[] ps = ctx.parameters();
        if (ps == null || index >= ps.length) {
            throw new dev.nabla.common.NablaException(
                    dev.nabla.common.ErrorCode.INVALID_ARGUMENT, "no value bound for parameter " + (index + 1));
        }
        return dev.nabla.engine.exec.expr.Casts.castValue(ps[index], type);
    }

    public long maxRecursion() {
        Object v = ctx.setting("max_recursion");
        if (v instanceof Number n) return n.longValue();
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return 100_000;
            }
        }
        return 100_000;
    }
}
