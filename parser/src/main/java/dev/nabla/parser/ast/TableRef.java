package dev.nabla.parser.ast;

import dev.nabla.common.Span;
import java.util.List;
import java.util.Objects;

/** An entry of FROM: a table, subquery, table function, VALUES list or join. Aliases may be null. */
public sealed interface TableRef extends Node {

    /** {@code name [AS alias [(c1, c2)]]}. */
    record NamedTable(QualifiedName name, Ident alias, List<Ident> columnAliases, Span span) implements TableRef {
        public NamedTable {
            Objects.requireNonNull(name, "name");
            columnAliases = List.copyOf(columnAliases);
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return name.toSql() + SqlWriter.alias(alias, columnAliases);
        }
    }

    /**
     * DuckDB's {@code 'file.parquet' [AS alias [(c1, c2)]]}: a string literal in FROM names a file, read by the
     * file format its extension names (the binder resolves it to that format's {@code read_<format>}).
     */
    record PathTable(String path, Ident alias, List<Ident> columnAliases, Span span) implements TableRef {
        public PathTable {
            Objects.requireNonNull(path, "path");
            columnAliases = List.copyOf(columnAliases);
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return SqlWriter.string(path) + SqlWriter.alias(alias, columnAliases);
        }
    }

    /** {@code [LATERAL] (query) [AS alias [(c1, c2)]]}. */
    record DerivedTable(Query query, Ident alias, List<Ident> columnAliases, boolean lateral, Span span)
            implements TableRef {
        public DerivedTable {
            Objects.requireNonNull(query, "query");
            columnAliases = List.copyOf(columnAliases);
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return (lateral ? "LATERAL (" : "(") + query.toSql() + ")" + SqlWriter.alias(alias, columnAliases);
        }
    }

    /**
     * A table-valued function: {@code read_csv('f.csv', header => true)}, {@code generate_series(1, 10)};
     * {@code ordinality} for PostgreSQL's {@code WITH ORDINALITY} (a last column numbering the rows from 1).
     */
    record TableFunction(
            QualifiedName name,
            List<Expression> args,
            List<NamedArg> namedArgs,
            Ident alias,
            List<Ident> columnAliases,
            boolean lateral,
            boolean ordinality,
            Span span)
            implements TableRef {
        public TableFunction {
            Objects.requireNonNull(name, "name");
            args = List.copyOf(args);
            namedArgs = List.copyOf(namedArgs);
            columnAliases = List.copyOf(columnAliases);
            span = SqlWriter.orNone(span);
        }

        public TableFunction(
                QualifiedName name,
                List<Expression> args,
                List<NamedArg> namedArgs,
                Ident alias,
                List<Ident> columnAliases,
                boolean lateral,
                Span span) {
            this(name, args, namedArgs, alias, columnAliases, lateral, false, span);
        }

        @Override
        public String toSql() {
            StringBuilder sb = new StringBuilder(lateral ? "LATERAL " : "")
                    .append(name.toSql())
                    .append('(');
            sb.append(SqlWriter.join(args));
            if (!args.isEmpty() && !namedArgs.isEmpty()) sb.append(", ");
            sb.append(SqlWriter.join(namedArgs)).append(')');
            if (ordinality) sb.append(" WITH ORDINALITY");
            return sb.append(SqlWriter.alias(alias, columnAliases)).toString();
        }
    }

    /** {@code (VALUES (1, 2), (3, 4)) [AS alias [(c1, c2)]]}. */
    record ValuesTable(List<List<Expression>> rows, Ident alias, List<Ident> columnAliases, Span span)
            implements TableRef {
        public ValuesTable {
            rows = rows.stream().map(List::copyOf).toList();
            if (rows.isEmpty()) throw new IllegalArgumentException("VALUES without rows");
            columnAliases = List.copyOf(columnAliases);
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return "(VALUES " + SqlWriter.rows(rows) + ")" + SqlWriter.alias(alias, columnAliases);
        }
    }

    /**
     * {@code GRADIENT(query) WITH RESPECT TO relation [(col, ...)] [[AS] alias]}: the rows of {@code relation} with
     * each differentiable column replaced by the derivative of the query's one value (the loss) with respect to that
     * row's value (reverse mode over the whole query, see docs/reverse-mode.md). {@code columns} is empty when every
     * DOUBLE/REAL column is differentiated.
     */
    record Gradient(Query query, QualifiedName relation, List<Ident> columns, Ident alias, Span span)
            implements TableRef {
        public Gradient {
            Objects.requireNonNull(query, "query");
            Objects.requireNonNull(relation, "relation");
            columns = List.copyOf(columns);
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            String cols = columns.isEmpty() ? "" : SqlWriter.columnList(columns);
            return "GRADIENT(" + query.toSql() + ") WITH RESPECT TO " + relation.toSql() + cols
                    + (alias == null ? "" : " AS " + alias.toSql());
        }
    }

    /**
     * {@code table TABLESAMPLE method (size) [REPEATABLE (seed)]} (SQL standard, PostgreSQL) and DuckDB's
     * {@code TABLESAMPLE size [% | ROWS] [(method)]}: the rows of one FROM item thinned before any join or WHERE.
     */
    record SampledTable(TableRef table, Sample sample, Span span) implements TableRef {
        public SampledTable {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(sample, "sample");
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            StringBuilder sb = new StringBuilder(table.toSql()).append(" TABLESAMPLE ");
            String size = sample.size().toSql() + (sample.percent() ? "%" : " ROWS");
            if (sample.method() == null) sb.append(size);
            else sb.append(sample.method()).append(" (").append(size).append(')');
            if (sample.seed() != null)
                sb.append(" REPEATABLE (").append(sample.seed().toSql()).append(')');
            return sb.toString();
        }
    }

    enum JoinType {
        INNER,
        LEFT,
        RIGHT,
        FULL,
        CROSS
    }

    /** {@code left [NATURAL] type JOIN right [ON expr | USING (cols)]}. */
    record Join(TableRef left, TableRef right, JoinType type, JoinCondition condition, Span span) implements TableRef {
        public Join {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(condition, "condition");
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            String kw = switch (type) {
                case INNER -> "JOIN";
                case LEFT -> "LEFT JOIN";
                case RIGHT -> "RIGHT JOIN";
                case FULL -> "FULL JOIN";
                case CROSS -> "CROSS JOIN";
            };
            if (condition instanceof JoinCondition.Natural) kw = "NATURAL " + kw;
            // joins are left-deep when written without parentheses; a join on the right needs them
            String r = right instanceof Join ? "(" + right.toSql() + ")" : right.toSql();
            String sql = left.toSql() + " " + kw + " " + r;
            return switch (condition) {
                case JoinCondition.On on -> sql + " ON " + on.expr().toSql();
                case JoinCondition.Using using ->
                    sql + " USING " + SqlWriter.columnList(using.columns()).trim();
                case JoinCondition.Natural n -> sql;
                case JoinCondition.None n -> sql;
            };
        }
    }

    /** How a join matches rows. {@code None} is for CROSS JOIN (and a comma-free INNER JOIN with no condition). */
    sealed interface JoinCondition {
        record On(Expression expr) implements JoinCondition {
            public On {
                Objects.requireNonNull(expr, "expr");
            }
        }

        record Using(List<Ident> columns) implements JoinCondition {
            public Using {
                columns = List.copyOf(columns);
            }
        }

        record Natural() implements JoinCondition {}

        record None() implements JoinCondition {}
    }
}
