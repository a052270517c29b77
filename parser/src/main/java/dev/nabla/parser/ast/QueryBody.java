package dev.nabla.parser.ast;

import dev.nabla.common.Span;
import java.util.List;
import java.util.Objects;

/** The part of a query before ORDER BY / LIMIT: a SELECT, a set operation, VALUES, or (query). */
public sealed interface QueryBody extends Node {

    /**
     * One SELECT block. {@code distinctOn} is DuckDB/Postgres {@code DISTINCT ON (...)} (empty if
     * absent; {@code distinct} is then true). {@code from} holds the comma-separated table refs
     * (empty for {@code SELECT 1}); {@code where}, {@code having} and {@code qualify} may be null. A GROUP BY
     * that uses ROLLUP, CUBE, GROUPING SETS or {@code ()} is held whole in {@code groupingSets} (plain keys
     * included, in order) and {@code groupBy} is then empty. {@code groupByAll} is DuckDB's {@code GROUP BY ALL}
     * (group by every select item without an aggregate; the binder expands it, {@code groupBy} is then empty);
     * {@code sample} ({@code USING SAMPLE}) may be null.
     */
    record Select(
            boolean distinct,
            List<Expression> distinctOn,
            List<SelectItem> items,
            List<TableRef> from,
            Expression where,
            List<Expression> groupBy,
            List<GroupingElement> groupingSets,
            boolean groupByAll,
            Expression having,
            List<NamedWindow> windows,
            Expression qualify,
            Sample sample,
            Span span)
            implements QueryBody {
        public Select {
            distinctOn = List.copyOf(distinctOn);
            items = List.copyOf(items);
            if (items.isEmpty()) throw new IllegalArgumentException("SELECT without items");
            from = List.copyOf(from);
            groupBy = List.copyOf(groupBy);
            groupingSets = List.copyOf(groupingSets);
            if (!groupBy.isEmpty() && !groupingSets.isEmpty())
                throw new IllegalArgumentException("groupBy and groupingSets both set");
            if (groupByAll && (!groupBy.isEmpty() || !groupingSets.isEmpty()))
                throw new IllegalArgumentException("GROUP BY ALL with keys");
            windows = List.copyOf(windows);
            span = SqlWriter.orNone(span);
        }

        public Select(
                boolean distinct,
                List<Expression> distinctOn,
                List<SelectItem> items,
                List<TableRef> from,
                Expression where,
                List<Expression> groupBy,
                Expression having,
                List<NamedWindow> windows,
                Span span) {
            this(
                    distinct,
                    distinctOn,
                    items,
                    from,
                    where,
                    groupBy,
                    List.of(),
                    false,
                    having,
                    windows,
                    null,
                    null,
                    span);
        }

        @Override
        public String toSql() {
            StringBuilder sb = new StringBuilder("SELECT ");
            if (!distinctOn.isEmpty())
                sb.append("DISTINCT ON (").append(SqlWriter.join(distinctOn)).append(") ");
            else if (distinct) sb.append("DISTINCT ");
            sb.append(SqlWriter.join(items));
            if (!from.isEmpty()) sb.append(" FROM ").append(SqlWriter.join(from));
            if (where != null) sb.append(" WHERE ").append(where.toSql());
            if (!groupBy.isEmpty()) sb.append(" GROUP BY ").append(SqlWriter.join(groupBy));
            if (!groupingSets.isEmpty()) sb.append(" GROUP BY ").append(SqlWriter.join(groupingSets));
            if (groupByAll) sb.append(" GROUP BY ALL");
            if (having != null) sb.append(" HAVING ").append(having.toSql());
            if (!windows.isEmpty()) sb.append(" WINDOW ").append(SqlWriter.join(windows));
            if (qualify != null) sb.append(" QUALIFY ").append(qualify.toSql());
            if (sample != null) sb.append(' ').append(sample.toSql());
            return sb.toString();
        }
    }

    enum SetOperator {
        UNION,
        EXCEPT,
        INTERSECT;

        /** INTERSECT binds tighter than UNION and EXCEPT. */
        public int precedence() {
            return this == INTERSECT ? 2 : 1;
        }
    }

    /**
     * {@code left UNION|INTERSECT|EXCEPT [ALL] right}. A parenthesized operand without its own
     * WITH/ORDER BY/LIMIT is stored as its plain body, so grouping lives in the tree shape.
     */
    record SetOperation(SetOperator op, boolean all, QueryBody left, QueryBody right, Span span) implements QueryBody {
        public SetOperation {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            String l = left instanceof SetOperation s && s.op.precedence() < op.precedence()
                    ? "(" + left.toSql() + ")"
                    : left.toSql();
            String r = right instanceof SetOperation s && s.op.precedence() <= op.precedence()
                    ? "(" + right.toSql() + ")"
                    : right.toSql();
            return l + " " + op + (all ? " ALL " : " ") + r;
        }
    }

    /** {@code VALUES (a, b), (c, d)}. */
    record ValuesBody(List<List<Expression>> rows, Span span) implements QueryBody {
        public ValuesBody {
            rows = rows.stream().map(List::copyOf).toList();
            if (rows.isEmpty()) throw new IllegalArgumentException("VALUES without rows");
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return "VALUES " + SqlWriter.rows(rows);
        }
    }

    /** A parenthesized query that has its own WITH, ORDER BY, LIMIT or OFFSET. */
    record ParenthesizedQuery(Query query, Span span) implements QueryBody {
        public ParenthesizedQuery {
            Objects.requireNonNull(query, "query");
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return "(" + query.toSql() + ")";
        }
    }
}
