package dev.nabla.plan.expr;

import dev.nabla.storage.DataType;
import dev.nabla.storage.NamedOnlyType;
import dev.nabla.storage.ScalarType;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** SQL text of bound expressions; fully parenthesised where precedence could be ambiguous. */
final class ExprPrinter {
    private ExprPrinter() {}

    static String literal(Literal l) {
        Object v = l.value();
        if (v == null) return "NULL";
        return switch (l.type()) {
            case ScalarType.VARCHAR -> "'" + v.toString().replace("'", "''") + "'";
            case ScalarType.BLOB -> "X'" + dev.nabla.storage.Blobs.hex(v.toString()) + "'";
            case ScalarType.BOOLEAN -> (v instanceof Boolean b ? b : ((Number) v).longValue() != 0) ? "TRUE" : "FALSE";
            case ScalarType.DOUBLE, ScalarType.REAL -> {
                double d = ((Number) v).doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) yield "CAST('" + d + "' AS DOUBLE)";
                yield d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) + ".0" : Double.toString(d);
            }
            case ScalarType.DATE -> "DATE '" + java.time.LocalDate.ofEpochDay(((Number) v).longValue()) + "'";
            case ScalarType.TIMESTAMP -> {
                long micros = ((Number) v).longValue();
                yield "TIMESTAMP '"
                        + java.time.LocalDateTime.ofEpochSecond(
                                        Math.floorDiv(micros, 1_000_000L),
                                        (int) Math.floorMod(micros, 1_000_000L) * 1000,
                                        java.time.ZoneOffset.UTC)
                                .toString()
                                .replace('T', ' ')
                        + "'";
            }
            case ScalarType.TIME -> "TIME '" + dev.nabla.storage.TimeOfDay.format(((Number) v).longValue()) + "'";
            // with its offset, so the text means the same instant in any session zone
            case ScalarType.TIMESTAMP_TZ ->
                "TIMESTAMPTZ '" + dev.nabla.storage.Instants.format(((Number) v).longValue(), java.time.ZoneOffset.UTC)
                        + "'";
            case ScalarType.NULL, ScalarType.INTEGER, ScalarType.BIGINT -> v.toString();
            case ScalarType.UUID -> "UUID '" + v + "'";
            case dev.nabla.storage.ArrayType a -> dev.nabla.storage.ArrayText.format((double[]) v);
            case dev.nabla.storage.ListType t -> "CAST('" + v + "' AS " + t.sqlName() + ")";
            // a CAST keeps the exact type (a bare 1.50 would read back as DOUBLE)
            case dev.nabla.storage.DecimalType d ->
                "CAST('" + (v instanceof java.math.BigDecimal b ? b.toPlainString() : v.toString()) + "' AS "
                        + d.sqlName() + ")";
            case NamedOnlyType namedOnly -> throw DataType.unsupported(namedOnly);
        };
    }

    static String identifier(String name) {
        if (name.matches("[A-Za-z_][A-Za-z0-9_]*")) return name;
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    static String call(Call c) {
        Fn fn = c.fn();
        List<Expr> a = c.args();
        return switch (fn) {
            case NEG -> "(-" + a.get(0).toSql() + ")";
            case NOT -> "(NOT " + a.get(0).toSql() + ")";
            case BIT_NOT -> "(~" + a.get(0).toSql() + ")";
            case IS_NULL -> "(" + a.get(0).toSql() + " IS NULL)";
            case IS_NOT_NULL -> "(" + a.get(0).toSql() + " IS NOT NULL)";
            case IN_LIST -> "(" + a.get(0).toSql() + " IN (" + join(a.subList(1, a.size())) + "))";
            case ADD_INTERVAL ->
                "(" + a.get(0).toSql() + " + INTERVAL '" + a.get(1).toSql() + " months "
                        + a.get(2).toSql() + " days " + a.get(3).toSql() + " microseconds')";
            case TRY_CAST -> "TRY_CAST(" + a.get(0).toSql() + " AS " + c.type().sqlName() + ")";
            case LIKE, ILIKE, SIMILAR_TO ->
                "(" + a.get(0).toSql() + " " + fn.sqlName() + " " + a.get(1).toSql()
                        + (a.size() > 2 ? " ESCAPE " + a.get(2).toSql() : "") + ")";
            default ->
                fn.isOperator()
                        ? "(" + a.get(0).toSql() + " " + fn.sqlName() + " "
                                + a.get(1).toSql() + ")"
                        : fn.sqlName() + "(" + join(a) + ")";
        };
    }

    static String caseWhen(CaseWhen c) {
        StringBuilder sb = new StringBuilder("CASE");
        for (int i = 0; i < c.conditions().size(); i++) {
            sb.append(" WHEN ")
                    .append(c.conditions().get(i).toSql())
                    .append(" THEN ")
                    .append(c.results().get(i).toSql());
        }
        if (!(c.otherwise() instanceof Literal l && l.isNull()))
            sb.append(" ELSE ").append(c.otherwise().toSql());
        return sb.append(" END").toString();
    }

    static String agg(AggCall a) {
        String args = a.fn() == AggFn.COUNT_STAR ? "*" : (a.distinct() ? "DISTINCT " : "") + join(a.args());
        if (!a.orderBy().isEmpty()) {
            args += " ORDER BY "
                    + a.orderBy().stream()
                            .map(k -> k.expr().toSql() + (k.ascending() ? "" : " DESC"))
                            .collect(Collectors.joining(", "));
        }
        return a.fn().sqlName() + "(" + args + ")"
                + (a.filter() == null ? "" : " FILTER (WHERE " + a.filter().toSql() + ")");
    }

    static String window(WindowCall w) {
        String head = w.fn() == WindowCall.WindowFn.AGGREGATE
                ? w.aggregate().toSql()
                : w.fn().name().toLowerCase(Locale.ROOT) + "(" + join(w.args()) + ")";
        StringBuilder sb = new StringBuilder(head).append(" OVER (");
        if (!w.partitionBy().isEmpty()) sb.append("PARTITION BY ").append(join(w.partitionBy()));
        if (!w.orderBy().isEmpty()) {
            if (!w.partitionBy().isEmpty()) sb.append(' ');
            sb.append("ORDER BY ")
                    .append(w.orderBy().stream()
                            .map(k -> k.expr().toSql() + (k.ascending() ? "" : " DESC"))
                            .collect(Collectors.joining(", ")));
        }
        return sb.append(')').toString();
    }

    private static String join(List<Expr> exprs) {
        return exprs.stream().map(Expr::toSql).collect(Collectors.joining(", "));
    }
}
