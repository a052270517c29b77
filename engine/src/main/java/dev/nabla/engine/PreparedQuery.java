package dev.nabla.engine;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.storage.DataType;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;

/**
 * A statement planned once ({@link Session#prepare}) and executed many times with different
 * {@code ?} values. It is re-planned transparently only when the catalog changed since.
 */
@NullMarked
public final class PreparedQuery implements AutoCloseable {
    private final Session session;
    private final String sql;
    private final Session.PlanHolder holder;
    private volatile boolean closed;
    /**
     * For a statement that goes to an attached database (planned there at each execution): its parameter count;
     * -1 for a statement planned here.
     */
    private final int routedParameters;

    PreparedQuery(Session session, String sql, Session.PlanHolder holder, int routedParameters) {
        this.session = session;
        this.sql = sql;
        this.holder = holder;
        this.routedParameters = routedParameters;
    }

    public String sql() {
        return sql;
    }

    public int parameterCount() {
        return routedParameters >= 0
                ? routedParameters
                : planned().parameterTypes().size();
    }

    /**
     * Each parameter's type as the binder inferred it from its context (NULL when nothing constrains it, and for
     * every parameter of a statement for an attached database, which is planned when it runs).
     */
    public List<DataType> parameterTypes() {
        if (routedParameters >= 0) return java.util.Collections.nCopies(routedParameters, DataType.NULL);
        return planned().parameterTypes();
    }

    /** Executes with these parameter values (Long/Integer/Double/String/Boolean/LocalDate/LocalDateTime/null), in order. */
    public Result execute(@Nullable Object @Nullable ... params) {
        if (closed) throw new NablaException(ErrorCode.INVALID_ARGUMENT, "prepared statement is closed");
        return session.run(holder, params == null ? new Object[] {null} : params);
    }

    /**
     * The names of the columns a query returns, as planned (before any execution); null for a statement that is
     * not a query. A parameter typed only by its value may make a column's type change at execution.
     */
    public @Nullable List<String> columnNames() {
        if (routedParameters >= 0) return null;
        return planned().bound() instanceof dev.nabla.plan.bound.BoundStatement.Query q ? q.columnNames() : null;
    }

    /** The types of the columns of {@link #columnNames()}, as planned; null for a statement that is not a query. */
    public @Nullable List<DataType> columnTypes() {
        if (routedParameters >= 0) return null;
        if (!(planned().bound() instanceof dev.nabla.plan.bound.BoundStatement.Query q)) return null;
        return q.plan().output().stream().map(c -> c.type()).toList();
    }

    public Session session() {
        return session;
    }

    /** The current plan (tests check it is reused). */
    @Nullable
    Object currentPlan() {
        return holder.planned;
    }

    /** Session.prepare plans before it hands out a PreparedQuery; re-planning replaces, never clears, the plan. */
    private Planned planned() {
        return Objects.requireNonNull(holder.planned);
    }

    @Override
    public void close() {
        closed = true;
    }
}
