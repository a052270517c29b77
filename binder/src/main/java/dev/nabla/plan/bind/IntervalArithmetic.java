package dev.nabla.plan.bind;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.parser.ast.BinaryOperator;
import dev.nabla.parser.ast.Expression;
import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.Literal;
import dev.nabla.storage.DataType;
import java.util.List;
import java.util.Locale;

/**
 * INTERVAL literals. There is no INTERVAL value type: an interval literal may only be added to or subtracted
 * from a DATE, TIMESTAMP or TIME ({@code ts - INTERVAL '1 day'}, {@code INTERVAL 3 HOUR + d}), which binds to
 * {@link Fn#ADD_INTERVAL}(x, months, days, microseconds) giving a TIMESTAMP (a TIME for a TIME), as in DuckDB
 * and PostgreSQL.
 */
final class IntervalArithmetic {
    private IntervalArithmetic() {}

    /** An interval as PostgreSQL/DuckDB keep it: months, days and microseconds, each applied in that order. */
    record Interval(long months, long days, long micros) {
        Interval negate() {
            return new Interval(-months, -days, -micros);
        }
    }

    static boolean isInterval(Expression e) {
        return e instanceof Expression.TypedLiteral t && t.type().name().equalsIgnoreCase("INTERVAL");
    }

    /** Whether {@code b} is temporal ± interval (or interval + temporal), which {@link #bind} handles. */
    static boolean applies(Expression.BinaryOp b) {
        return (b.op() == BinaryOperator.PLUS && (isInterval(b.left()) || isInterval(b.right())))
                || (b.op() == BinaryOperator.MINUS && isInterval(b.right()));
    }

    static Expr bind(Expression.BinaryOp b, ExprBinder exprs, Ctx c) {
        boolean intervalFirst = isInterval(b.left());
        if (intervalFirst && isInterval(b.right())) {
            throw new NablaException(
                    ErrorCode.UNSUPPORTED,
                    b.span(),
                    "INTERVAL values can only be added to or subtracted from a DATE or TIMESTAMP");
        }
        Expression.TypedLiteral lit = (Expression.TypedLiteral) (intervalFirst ? b.left() : b.right());
        Interval iv = parse(lit.value(), lit.span());
        if (b.op() == BinaryOperator.MINUS) iv = iv.negate();
        Expr x = exprs.bind(intervalFirst ? b.right() : b.left(), c);
        if (ExprBinder.isUnknownParam(x) || x.type() == DataType.VARCHAR || x.type() == DataType.NULL) {
            x = TypeRules.coerce(x, DataType.TIMESTAMP);
        } else if (!x.type().isTemporal() && x.type() != DataType.TIME && x.type() != DataType.TIMESTAMP_TZ) {
            throw new NablaException(
                    ErrorCode.TYPE_MISMATCH,
                    x.span(),
                    "an INTERVAL can only be added to a DATE or TIMESTAMP, not to "
                            + x.type().sqlName());
        }
        return new Call(
                Fn.ADD_INTERVAL,
                List.of(x, lng(iv.months(), lit.span()), lng(iv.days(), lit.span()), lng(iv.micros(), lit.span())),
                // TIME ± INTERVAL is a TIME (wrapping around midnight; months and days move it by nothing),
                // as PostgreSQL and DuckDB
                // TIMESTAMPTZ ± INTERVAL stays an instant (days and months counted in the session zone)
                x.type() == DataType.TIME || x.type() == DataType.TIMESTAMP_TZ ? x.type() : DataType.TIMESTAMP,
                b.span());
    }

    private static Literal lng(long v, Span span) {
        return new Literal(v, DataType.BIGINT, span);
    }

    /**
     * Parses '3 days', '1 year 2 months', '-1.5 hours', or the parser's '3 DAY' form of {@code INTERVAL 3 DAY}:
     * pairs of a (signed, possibly fractional) number and a unit. Fractions carry down as DuckDB does: a
     * fraction of a month is 30 days, of a day 24 hours.
     */
    static Interval parse(String text, Span span) {
        String[] words = text.trim().toLowerCase(Locale.ROOT).split("\\s+");
        if (words.length == 0 || words.length % 2 != 0 || words[0].isEmpty()) throw invalid(text, span);
        double months = 0, days = 0, micros = 0;
        for (int k = 0; k < words.length; k += 2) {
            double n;
            try {
                n = Double.parseDouble(words[k]);
            } catch (NumberFormatException e) {
                throw invalid(text, span);
            }
            if (!words[k].matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)")) throw invalid(text, span);
            switch (words[k + 1]) {
                case "year", "years", "y", "yr", "yrs" -> months += n * 12;
                case "month", "months", "mon", "mons" -> months += n;
                case "week", "weeks", "w" -> days += n * 7;
                case "day", "days", "d" -> days += n;
                case "hour", "hours", "h", "hr", "hrs" -> micros += n * 3_600_000_000.0;
                case "minute", "minutes", "min", "mins", "m" -> micros += n * 60_000_000.0;
                case "second", "seconds", "sec", "secs", "s" -> micros += n * 1_000_000.0;
                case "millisecond", "milliseconds", "ms", "msec", "msecs" -> micros += n * 1000.0;
                case "microsecond", "microseconds", "us", "usec", "usecs" -> micros += n;
                default -> throw invalid(text, span);
            }
        }
        long wholeMonths = (long) months;
        days += (months - wholeMonths) * 30;
        long wholeDays = (long) days;
        micros += (days - wholeDays) * 86_400_000_000.0;
        if (Math.abs(months) > 1e7 || Math.abs(days) > 1e9 || Math.abs(micros) > 9e18) throw invalid(text, span);
        return new Interval(wholeMonths, wholeDays, Math.round(micros));
    }

    private static NablaException invalid(String text, Span span) {
        return new NablaException(
                ErrorCode.INVALID_CAST,
                span,
                "invalid INTERVAL '" + text
                        + "': expected numbers with units, e.g. '3 days' or '1 year 2 months' (units year, month, week, day, hour, minute, second, millisecond, microsecond)");
    }
}
