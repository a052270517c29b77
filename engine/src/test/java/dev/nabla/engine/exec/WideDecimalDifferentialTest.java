package dev.nabla.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import dev.nabla.storage.DecimalType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Randomized differential test of exact DECIMAL arithmetic (both the 64-bit and the 128-bit layouts)
 * against {@link BigDecimal}: random types DECIMAL(1..38, s), random values stored in a table (so the
 * vector kernels run, not constant folding), and for + - * / %, comparisons, casts, SUM/MIN/MAX, ORDER
 * BY and GROUP BY the engine's answer must be the exact value rounded half away from zero to the result
 * type's scale, or 22003 when some row does not fit the result type. The seed is printed; rerun one with
 * {@code -Dnabla.decimal.seed=N}. {@link #checkerCatchesAPerturbedAnswer} shows the comparison fails when
 * a single expected value is off by one unit in the last place.
 */
class WideDecimalDifferentialTest {
    private static final int ROWS = 200;
    private Database db;
    private Session s;

    @BeforeEach
    void open() {
        db = Nabla.open();
        s = db.connect();
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void arithmeticComparisonsAndAggregatesMatchBigDecimal() {
        long seed = Long.getLong("nabla.decimal.seed", System.nanoTime());
        System.out.println("WideDecimalDifferentialTest seed " + seed + " (-Dnabla.decimal.seed=" + seed + ")");
        Random rnd = new Random(seed);
        for (int round = 0; round < 12; round++) {
            DecimalType ta = randomType(rnd, round), tb = randomType(rnd, round + 1);
            String ctx = "seed " + seed + " round " + round + " " + ta + " vs " + tb;
            List<BigDecimal> a = values(rnd, ta), b = values(rnd, tb);
            s.execute("DROP TABLE IF EXISTS t");
            s.execute("CREATE TABLE t(i INT, a " + ta.sqlName() + ", b " + tb.sqlName() + ")");
            StringBuilder ins = new StringBuilder("INSERT INTO t VALUES ");
            for (int i = 0; i < ROWS; i++) {
                if (i > 0) ins.append(", ");
                ins.append('(')
                        .append(i)
                        .append(", ")
                        .append(lit(a.get(i), ta))
                        .append(", ")
                        .append(lit(b.get(i), tb));
                ins.append(')');
            }
            s.execute(ins.toString());

            binary(ctx + " +", "a + b", a, b, BigDecimal::add);
            binary(ctx + " -", "a - b", a, b, BigDecimal::subtract);
            binary(ctx + " *", "a * b", a, b, BigDecimal::multiply);
            binary(ctx + " /", "a / b", a, b, null);
            binary(ctx + " %", "a % b", a, b, BigDecimal::remainder);
            binary(ctx + " neg", "-a", a, a, (x, y) -> x.negate());
            binary(ctx + " abs", "abs(b)", b, b, (x, y) -> x.abs());

            // comparisons after widening to a common type
            Result cmp = s.execute("SELECT a < b, a = b, a >= b FROM t ORDER BY i");
            for (int i = 0; i < ROWS; i++) {
                int c = a.get(i).compareTo(b.get(i));
                assertThat(cmp.get(i, 0)).as(ctx + " < row " + i).isEqualTo(c < 0);
                assertThat(cmp.get(i, 1)).as(ctx + " = row " + i).isEqualTo(c == 0);
                assertThat(cmp.get(i, 2)).as(ctx + " >= row " + i).isEqualTo(c >= 0);
            }

            // casts: to the other column's type (rounded, or 22003), to text, to DOUBLE
            binary(ctx + " cast", "CAST(a AS " + tb.sqlName() + ")", a, a, (x, y) -> x);
            Result text = s.execute("SELECT CAST(a AS VARCHAR), CAST(a AS DOUBLE) FROM t ORDER BY i");
            for (int i = 0; i < ROWS; i++) {
                assertThat(text.get(i, 0))
                        .as(ctx + " text row " + i)
                        .isEqualTo(a.get(i).toPlainString());
                assertThat(text.get(i, 1))
                        .as(ctx + " double row " + i)
                        .isEqualTo(a.get(i).doubleValue());
            }

            // aggregates, ordering and grouping
            BigDecimal sum = a.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            // SUM is DECIMAL(38, s), added in 128 bits: a running sum past 2^127 (values near
            // 10^38 of one sign in a row) is 22003 even when the total would fit; such tables accept either outcome
            BigInteger running = BigInteger.ZERO, most = BigInteger.ZERO;
            for (BigDecimal v : a) {
                running = running.add(v.setScale(ta.scale()).unscaledValue());
                most = most.max(running.abs());
            }
            if (most.bitLength() > 126) {
                try {
                    assertThat(s.execute("SELECT sum(a) FROM t").get(0, 0))
                            .as(ctx + " sum")
                            .isEqualTo(sum);
                } catch (NablaException e) {
                    assertThat(e.code()).as(ctx + " sum").isEqualTo(ErrorCode.NUMERIC_OVERFLOW);
                }
            } else if (sum.abs().compareTo(BigDecimal.TEN.pow(38 - ta.scale())) < 0)
                assertThat(s.execute("SELECT sum(a) FROM t").get(0, 0))
                        .as(ctx + " sum")
                        .isEqualTo(sum);
            else
                assertThatThrownBy(() -> s.execute("SELECT sum(a) FROM t"))
                        .as(ctx + " sum overflow")
                        .isInstanceOfSatisfying(
                                NablaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NUMERIC_OVERFLOW));
            Result agg = s.execute("SELECT 0, min(a), max(b), count(DISTINCT a) FROM t");
            assertThat((BigDecimal) agg.get(0, 1))
                    .as(ctx + " min")
                    .isEqualTo(a.stream().min(Comparator.naturalOrder()).orElseThrow());
            assertThat((BigDecimal) agg.get(0, 2))
                    .as(ctx + " max")
                    .isEqualTo(b.stream().max(Comparator.naturalOrder()).orElseThrow());
            assertThat(agg.get(0, 3))
                    .as(ctx + " distinct")
                    .isEqualTo(a.stream()
                            .map(BigDecimal::stripTrailingZeros)
                            .distinct()
                            .count());
            Result ord = s.execute("SELECT a FROM t ORDER BY a, i");
            List<BigDecimal> sorted = new ArrayList<>(a);
            sorted.sort(Comparator.naturalOrder());
            for (int i = 0; i < ROWS; i++)
                assertThat(ord.get(i, 0)).as(ctx + " order " + i).isEqualTo(sorted.get(i));
            Result grp = s.execute("SELECT count(*) FROM (SELECT a, count(*) FROM t GROUP BY a)");
            assertThat(grp.get(0, 0))
                    .as(ctx + " groups")
                    .isEqualTo(a.stream().distinct().count());
        }
    }

    /** The checker on a perturbed expectation: it must notice one value off by one in the last place. */
    @Test
    void checkerCatchesAPerturbedAnswer() {
        DecimalType t = new DecimalType(30, 2);
        List<BigDecimal> a = List.of(new BigDecimal("12345678901234567890.12"), new BigDecimal("-0.05"));
        s.execute("CREATE TABLE t(i INT, a DECIMAL(30,2), b DECIMAL(30,2))");
        s.execute("INSERT INTO t VALUES (0, 12345678901234567890.12, 12345678901234567890.12), (1, -0.05, -0.05)");
        binary("unperturbed", "a + b", a, a, BigDecimal::add);
        BigDecimal ulp = BigDecimal.ONE.movePointLeft(t.scale());
        assertThatThrownBy(() ->
                        binary("perturbed", "a + b", a, a, (x, y) -> x.add(y).add(ulp)))
                .isInstanceOf(AssertionError.class);
    }

    /**
     * Checks {@code expr} over the table's rows against {@code op} on the exact operands (DIV when op is
     * null) rounded to the result column's type; when some row does not fit, the query must fail with 22003.
     */
    private void binary(
            String ctx, String expr, List<BigDecimal> x, List<BigDecimal> y, BinaryOperator<BigDecimal> op) {
        DecimalType rt = (DecimalType)
                s.execute("SELECT " + expr + " FROM t LIMIT 0").columnTypes().get(0);
        // a divisor of zero is 22012 (decimal_wide.test): DIV and MOD are checked on the other rows
        boolean divides = op == null || expr.contains("%");
        String from = divides ? " FROM t WHERE b <> 0" : " FROM t";
        List<BigDecimal> want = new ArrayList<>();
        boolean overflow = false;
        for (int i = 0; i < x.size(); i++) {
            BigDecimal p = x.get(i), q = y.get(i);
            if (divides && q.signum() == 0) continue;
            BigDecimal r = op == null ? p.divide(q, rt.scale(), RoundingMode.HALF_UP) : op.apply(p, q);
            r = r.setScale(rt.scale(), RoundingMode.HALF_UP);
            if (r.unscaledValue().abs().compareTo(BigInteger.TEN.pow(rt.precision())) >= 0) overflow = true;
            want.add(r);
        }
        if (overflow) {
            assertThatThrownBy(() -> s.execute("SELECT " + expr + from))
                    .as(ctx + " (" + rt + ")")
                    .isInstanceOfSatisfying(
                            NablaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NUMERIC_OVERFLOW));
            return;
        }
        Result r = s.execute("SELECT " + expr + from + " ORDER BY i");
        assertThat(r.rowCount()).as(ctx).isEqualTo((long) want.size());
        for (int i = 0; i < want.size(); i++)
            assertThat(r.get(i, 0)).as(ctx + " (" + rt + ") row " + i).isEqualTo(want.get(i));
    }

    /** A random type: wide (19..38 digits) in most rounds, narrow in some, so both layouts meet. */
    private static DecimalType randomType(Random rnd, int round) {
        int p = round % 4 == 3 ? 1 + rnd.nextInt(18) : 19 + rnd.nextInt(20);
        int s = rnd.nextInt(Math.min(p, 12) + 1);
        return new DecimalType(p, s);
    }

    /** Random values of {@code t}: any number of its digits, both signs, some zeros, some at its limits. */
    private static List<BigDecimal> values(Random rnd, DecimalType t) {
        List<BigDecimal> out = new ArrayList<>();
        BigInteger limit = BigInteger.TEN.pow(t.precision());
        for (int i = 0; i < ROWS; i++) {
            BigInteger u;
            switch (rnd.nextInt(8)) {
                case 0 -> u = BigInteger.ZERO;
                case 1 -> u = limit.subtract(BigInteger.ONE);
                case 2 -> u = BigInteger.valueOf(rnd.nextInt(1000)).mod(limit);
                default -> {
                    int digits = 1 + rnd.nextInt(t.precision());
                    u = new BigInteger(digits * 4, rnd).mod(BigInteger.TEN.pow(digits));
                }
            }
            if (rnd.nextBoolean()) u = u.negate();
            out.add(new BigDecimal(u, t.scale()));
        }
        return out;
    }

    private static String lit(BigDecimal v, DecimalType t) {
        return "CAST('" + v.toPlainString() + "' AS " + t.sqlName() + ")";
    }
}
