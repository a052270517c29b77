package dev.nabla.engine.exec;

import static dev.nabla.engine.exec.Plans.call;
import static dev.nabla.engine.exec.Plans.lit;
import static dev.nabla.engine.exec.Plans.nul;
import static dev.nabla.engine.exec.Plans.ref;
import static dev.nabla.engine.exec.Plans.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.engine.exec.expr.ExprCompiler;
import dev.nabla.engine.exec.expr.ExprProgram;
import dev.nabla.plan.expr.CaseWhen;
import dev.nabla.plan.expr.Cast;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.expr.Param;
import dev.nabla.plan.logical.Filter;
import dev.nabla.plan.logical.Scan;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpressionTest extends Plans {
    static final DataType B = DataType.BOOLEAN, L = DataType.BIGINT, D = DataType.DOUBLE, S = DataType.VARCHAR;

    private static Expr bool(Boolean b) {
        return b == null ? nul(B) : lit(b);
    }

    @Test
    void threeValuedLogicTruthTables() {
        Boolean[] vals = {true, false, null};
        for (Boolean a : vals) {
            for (Boolean b : vals) {
                Object and = eval1(call(Fn.AND, B, bool(a), bool(b)));
                Object or = eval1(call(Fn.OR, B, bool(a), bool(b)));
                Boolean expAnd = (Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b))
                        ? Boolean.FALSE
                        : (a == null || b == null) ? null : Boolean.TRUE;
                Boolean expOr = (Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b))
                        ? Boolean.TRUE
                        : (a == null || b == null) ? null : Boolean.FALSE;
                assertThat(and).as(a + " AND " + b).isEqualTo(expAnd);
                assertThat(or).as(a + " OR " + b).isEqualTo(expOr);
            }
            assertThat(eval1(call(Fn.NOT, B, bool(a)))).isEqualTo(a == null ? null : !a);
        }
    }

    @Test
    void threeValuedLogicOverColumns() {
        TestTable t = new TestTable("t", List.of("a", "b"), List.of(B, B));
        Boolean[] vals = {true, false, null};
        for (Boolean a : vals) for (Boolean b : vals) t.row(a, b);
        Scan s = scan(t);
        List<List<Object>> r =
                rows(project(s, call(Fn.AND, B, ref(s, 0), ref(s, 1)), call(Fn.OR, B, ref(s, 0), ref(s, 1))));
        int i = 0;
        for (Boolean a : vals) {
            for (Boolean b : vals) {
                Boolean expAnd = (Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b))
                        ? Boolean.FALSE
                        : (a == null || b == null) ? null : Boolean.TRUE;
                Boolean expOr = (Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b))
                        ? Boolean.TRUE
                        : (a == null || b == null) ? null : Boolean.FALSE;
                assertThat(r.get(i++)).isEqualTo(Arrays.asList(expAnd, expOr));
            }
        }
    }

    @Test
    void arithmeticPropagatesNullAndIsExact() {
        assertThat(eval1(call(Fn.ADD, L, lit(1), nul(L)))).isNull();
        assertThat(eval1(call(Fn.MUL, D, lit(2.5), lit(4.0)))).isEqualTo(10.0);
        assertThat(eval1(call(Fn.DIV, L, lit(7), lit(2)))).isEqualTo(3L);
        assertThat(eval1(call(Fn.DIV, L, lit(-7), lit(2)))).isEqualTo(-3L);
        assertThat(eval1(call(Fn.MOD, L, lit(-7), lit(3)))).isEqualTo(-1L);
        assertThat(eval1(call(Fn.SUB, L, lit(3), lit(5)))).isEqualTo(-2L);
        assertThat(eval1(call(Fn.NEG, L, lit(5)))).isEqualTo(-5L);
    }

    @Test
    void integerOverflowIsAnError() {
        for (Fn fn : List.of(Fn.ADD, Fn.MUL)) {
            assertThatThrownBy(() -> eval1(call(fn, L, lit(Long.MAX_VALUE), lit(2))))
                    .isInstanceOf(NablaException.class)
                    .hasMessage("integer overflow")
                    .extracting(e -> ((NablaException) e).code())
                    .isEqualTo(ErrorCode.NUMERIC_OVERFLOW);
        }
        assertThatThrownBy(() -> eval1(call(Fn.SUB, L, lit(Long.MIN_VALUE), lit(1))))
                .hasMessage("integer overflow");
        assertThatThrownBy(() -> eval1(call(Fn.NEG, L, lit(Long.MIN_VALUE)))).hasMessage("integer overflow");
        assertThatThrownBy(() -> eval1(call(Fn.ABS, L, lit(Long.MIN_VALUE)))).hasMessage("integer overflow");
        // a NULL operand never overflows
        assertThat(eval1(call(Fn.ADD, L, lit(Long.MAX_VALUE), nul(L)))).isNull();
    }

    @Test
    void overflowOnlyCountsLiveRows() {
        TestTable t = new TestTable("t", List.of("x"), List.of(L));
        for (int i = 0; i < 5000; i++) t.row(i % 7 == 0 ? null : (long) i);
        Scan s = scan(t);
        // x + MAX overflows for every non-null x > 0 ... but x - x never does
        List<List<Object>> r = rows(project(s, call(Fn.SUB, L, ref(s, 0), ref(s, 0))));
        assertThat(r).hasSize(5000);
        assertThatThrownBy(() -> rows(project(s, call(Fn.ADD, L, ref(s, 0), lit(Long.MAX_VALUE)))))
                .hasMessage("integer overflow");
    }

    @Test
    void divisionByZeroIsNull() {
        assertThat(eval1(call(Fn.DIV, L, lit(1), lit(0)))).isNull();
        assertThat(eval1(call(Fn.MOD, L, lit(1), lit(0)))).isNull();
        assertThat(eval1(call(Fn.DIV, D, lit(1.0), lit(0.0)))).isNull();
        assertThat(eval1(call(Fn.MOD, D, lit(1.0), lit(0.0)))).isNull();
        assertThatThrownBy(() -> eval1(call(Fn.DIV, L, lit(Long.MIN_VALUE), lit(-1))))
                .hasMessage("integer overflow");
    }

    @Test
    void caseIsLazyAboutErrors() {
        TestTable t = new TestTable("t", List.of("x"), List.of(L));
        t.row(0L).row(2L).row((Object) null).row(Long.MAX_VALUE);
        Scan s = scan(t);
        Expr x = ref(s, 0);
        // CASE WHEN x < 10 THEN x * 1000 ELSE -1 END: x*1000 overflows only for the unselected MAX row
        Expr safe = new CaseWhen(
                List.of(call(Fn.LT, B, x, lit(10))), List.of(call(Fn.MUL, L, x, lit(1000))), lit(-1), L, null);
        Expr inv = new CaseWhen(
                List.of(call(Fn.NE, B, x, lit(0))), List.of(call(Fn.DIV, L, lit(100), x)), nul(L), L, null);
        Expr castBranch = new CaseWhen(
                List.of(call(Fn.EQ, B, x, lit(-5))), List.of(new Cast(lit("abc"), L, null)), lit(7), L, null);
        assertThat(rows(project(s, safe, inv, castBranch)))
                .containsExactly(row(0L, null, 7L), row(2000L, 50L, 7L), row(-1L, null, 7L), row(-1L, 0L, 7L));
    }

    @Test
    void inListWithNulls() {
        Expr x = lit(1);
        assertThat(eval1(call(Fn.IN_LIST, B, x, lit(1), lit(2)))).isEqualTo(true);
        assertThat(eval1(call(Fn.IN_LIST, B, x, lit(3), lit(2)))).isEqualTo(false);
        assertThat(eval1(call(Fn.IN_LIST, B, x, lit(3), nul(L)))).isNull();
        assertThat(eval1(call(Fn.IN_LIST, B, x, lit(1), nul(L)))).isEqualTo(true);
        assertThat(eval1(call(Fn.IN_LIST, B, nul(L), lit(1), lit(2)))).isNull();
        // the set-based path (many constants)
        assertThat(eval1(call(Fn.IN_LIST, B, lit(5), lit(1), lit(2), lit(3), lit(4), lit(5))))
                .isEqualTo(true);
        assertThat(eval1(call(Fn.IN_LIST, B, lit(9), lit(1), lit(2), lit(3), lit(4), nul(L))))
                .isNull();
        assertThat(eval1(call(Fn.IN_LIST, B, lit("b"), lit("a"), lit("b"), lit("c"), lit("d"), lit("e"))))
                .isEqualTo(true);
    }

    @Test
    void comparisonsAndMixedTypes() {
        // mixed operands are converted where the comparison is built (binder, Exprs.comparison) ...
        assertThat(eval1(dev.nabla.plan.expr.Exprs.comparison(Fn.LT, lit(1), lit(1.5))))
                .isEqualTo(true);
        assertThat(eval1(dev.nabla.plan.expr.Exprs.comparison(Fn.EQ, lit(2), lit(2.0))))
                .isEqualTo(true);
        // ... and the compiler converts nothing: a comparison built without that is a bug, said so
        assertThatThrownBy(() -> eval1(call(Fn.LT, B, lit(1), lit(1.5))))
                .isInstanceOf(dev.nabla.common.NablaException.class)
                .hasMessageContaining("internal error: < of BIGINT and DOUBLE");
        assertThat(eval1(call(Fn.LT, B, lit("abc"), lit("abd")))).isEqualTo(true);
        assertThat(eval1(call(Fn.EQ, B, lit("a"), nul(S)))).isNull();
        assertThat(eval1(call(Fn.IS_DISTINCT_FROM, B, lit(1), nul(L)))).isEqualTo(true);
        assertThat(eval1(call(Fn.IS_NOT_DISTINCT_FROM, B, nul(L), nul(L)))).isEqualTo(true);
        assertThat(eval1(call(Fn.IS_NULL, B, nul(L)))).isEqualTo(true);
    }

    @Test
    void casts() {
        assertThat(eval1(new Cast(lit(" 42 "), L, null))).isEqualTo(42L);
        assertThat(eval1(new Cast(lit(2.7), L, null))).isEqualTo(2L);
        assertThat(eval1(new Cast(lit(-2.7), L, null))).isEqualTo(-2L);
        assertThat(eval1(new Cast(lit(3), D, null))).isEqualTo(3.0);
        assertThat(eval1(new Cast(lit(3.0), S, null))).isEqualTo("3.0");
        assertThat(eval1(new Cast(lit("2024-02-29"), DataType.DATE, null)))
                .isEqualTo(java.time.LocalDate.of(2024, 2, 29).toEpochDay());
        assertThat(eval1(new Cast(lit(true), S, null))).isEqualTo("true");
        TestTable t = new TestTable("t", List.of("s"), List.of(S));
        t.row("1").row("abc");
        Scan s = scan(t);
        assertThatThrownBy(() -> rows(project(s, new Cast(ref(s, 0), DataType.INTEGER, null))))
                .isInstanceOf(NablaException.class)
                .hasMessage("cannot cast 'abc' to INTEGER");
    }

    @Test
    void mathFunctions() {
        assertThat(eval1(call(Fn.SQRT, D, lit(-1.0)))).isNull();
        assertThat(eval1(call(Fn.LN, D, lit(0.0)))).isNull();
        assertThat(eval1(call(Fn.LN, D, lit(Math.E)))).isEqualTo(1.0);
        assertThat((Double) eval1(call(Fn.SIGMOID, D, lit(-1000.0)))).isEqualTo(0.0);
        assertThat((Double) eval1(call(Fn.SIGMOID, D, lit(0.0)))).isEqualTo(0.5);
        assertThat((Double) eval1(call(Fn.SOFTPLUS, D, lit(1000.0)))).isEqualTo(1000.0);
        assertThat(eval1(call(Fn.RELU, D, lit(-3.0)))).isEqualTo(0.0);
        assertThat(eval1(call(Fn.ABS, L, lit(-3)))).isEqualTo(3L);
        assertThat(eval1(call(Fn.ROUND, D, lit(2.5)))).isEqualTo(3.0);
        assertThat(eval1(call(Fn.ROUND, D, lit(-2.5)))).isEqualTo(-3.0);
        assertThat(eval1(call(Fn.ROUND, D, lit(3.14159), lit(2)))).isEqualTo(3.14);
        assertThat(eval1(call(Fn.POWER, D, lit(2.0), lit(10.0)))).isEqualTo(1024.0);
        assertThat(eval1(call(Fn.GREATEST, L, lit(1), lit(5), lit(3)))).isEqualTo(5L);
        assertThat(eval1(call(Fn.LEAST, L, lit(1), nul(L)))).isNull();
        assertThat(eval1(call(Fn.LOG, D, lit(2.0), lit(8.0)))).isEqualTo(3.0);
    }

    @Test
    void nullHandlingFunctions() {
        assertThat(eval1(call(Fn.COALESCE, L, nul(L), nul(L), lit(3), lit(4)))).isEqualTo(3L);
        assertThat(eval1(call(Fn.IFNULL, L, nul(L), lit(4)))).isEqualTo(4L);
        assertThat(eval1(call(Fn.NULLIF, L, lit(4), lit(4)))).isNull();
        assertThat(eval1(call(Fn.NULLIF, L, lit(4), lit(5)))).isEqualTo(4L);
    }

    @Test
    void stringFunctions() {
        assertThat(eval1(call(Fn.SUBSTR, S, lit("hello"), lit(2), lit(3)))).isEqualTo("ell");
        assertThat(eval1(call(Fn.SUBSTR, S, lit("hello"), lit(-3)))).isEqualTo("llo");
        assertThat(eval1(call(Fn.SUBSTR, S, lit("hello"), lit(0), lit(2)))).isEqualTo("h");
        assertThat(eval1(call(Fn.UPPER, S, lit("abc")))).isEqualTo("ABC");
        assertThat(eval1(call(Fn.LENGTH, L, lit("abc")))).isEqualTo(3L);
        assertThat(eval1(call(Fn.TRIM, S, lit("  a b  ")))).isEqualTo("a b");
        assertThat(eval1(call(Fn.LTRIM, S, lit("xxaxx"), lit("x")))).isEqualTo("axx");
        assertThat(eval1(call(Fn.REPLACE, S, lit("banana"), lit("an"), lit("AN"))))
                .isEqualTo("bANANa");
        assertThat(eval1(call(Fn.INSTR, L, lit("banana"), lit("nan")))).isEqualTo(3L);
        assertThat(eval1(call(Fn.LEFT, S, lit("banana"), lit(3)))).isEqualTo("ban");
        assertThat(eval1(call(Fn.RIGHT, S, lit("banana"), lit(2)))).isEqualTo("na");
        assertThat(eval1(call(Fn.REPEAT, S, lit("ab"), lit(3)))).isEqualTo("ababab");
        assertThat(eval1(call(Fn.REVERSE, S, lit("abc")))).isEqualTo("cba");
        assertThat(eval1(call(Fn.LPAD, S, lit("7"), lit(3), lit("0")))).isEqualTo("007");
        assertThat(eval1(call(Fn.RPAD, S, lit("7"), lit(3)))).isEqualTo("7  ");
        assertThat(eval1(call(Fn.CONCAT, S, lit("a"), lit(1)))).isEqualTo("a1");
        assertThat(eval1(call(Fn.CONCAT, S, lit("a"), nul(S)))).isNull();
        assertThat(eval1(call(Fn.CONCAT_FN, S, lit("a"), nul(S), lit(2.5)))).isEqualTo("a2.5");
        assertThat(eval1(call(Fn.STARTS_WITH, B, lit("abc"), lit("ab")))).isEqualTo(true);
        assertThat(eval1(call(Fn.CONTAINS, B, lit("abc"), lit("bd")))).isEqualTo(false);
        assertThat(eval1(call(Fn.TYPEOF, S, lit(1.5)))).isEqualTo("real");
        assertThat(eval1(call(Fn.TYPEOF, S, nul(L)))).isEqualTo("null");
    }

    @Test
    void likeAndGlob() {
        assertThat(eval1(call(Fn.LIKE, B, lit("hello"), lit("h%o")))).isEqualTo(true);
        assertThat(eval1(call(Fn.LIKE, B, lit("hello"), lit("h_llo")))).isEqualTo(true);
        assertThat(eval1(call(Fn.LIKE, B, lit("hello"), lit("H%")))).isEqualTo(false);
        assertThat(eval1(call(Fn.ILIKE, B, lit("hello"), lit("H%")))).isEqualTo(true);
        assertThat(eval1(call(Fn.LIKE, B, lit("50%"), lit("50!%"), lit("!")))).isEqualTo(true);
        assertThat(eval1(call(Fn.LIKE, B, lit("505"), lit("50!%"), lit("!")))).isEqualTo(false);
        assertThat(eval1(call(Fn.LIKE, B, lit("a%b%c"), lit("%b%")))).isEqualTo(true);
        assertThat(eval1(call(Fn.GLOB, B, lit("file.txt"), lit("*.t?t")))).isEqualTo(true);
        assertThat(eval1(call(Fn.GLOB, B, lit("File"), lit("[a-z]*")))).isEqualTo(false);
        assertThat(eval1(call(Fn.LIKE, B, nul(S), lit("%")))).isNull();
    }

    @Test
    void datesAndParams() {
        long day = java.time.LocalDate.of(2024, 5, 17).toEpochDay();
        Literal d = new Literal(day, DataType.DATE, null);
        assertThat(eval1(call(Fn.EXTRACT, L, lit("year"), d))).isEqualTo(2024L);
        assertThat(eval1(call(Fn.EXTRACT, L, lit("month"), d))).isEqualTo(5L);
        assertThat(eval1(call(Fn.DATE_TRUNC, DataType.DATE, lit("month"), d)))
                .isEqualTo(java.time.LocalDate.of(2024, 5, 1).toEpochDay());
        ctx.params = new Object[] {41L, "x"};
        assertThat(eval(call(Fn.ADD, L, new Param(0, L, null), lit(1)), new Param(1, S, null)))
                .containsExactly(42L, "x");
        assertThat(eval1(call(Fn.STOP_GRADIENT, D, lit(2.0)))).isEqualTo(2.0);
    }

    @Test
    void commonSubexpressionsAreComputedOnce() {
        TestTable t = new TestTable("t", List.of("x"), List.of(D));
        Scan s = scan(t);
        Expr x = ref(s, 0);
        Expr heavy = call(Fn.EXP, D, call(Fn.MUL, D, x, lit(2.0)));
        // built twice as distinct objects: structurally equal
        Expr heavy2 = call(Fn.EXP, D, call(Fn.MUL, D, ref(s, 0), lit(2.0)));
        ExprProgram p = ExprCompiler.compile(
                List.of(call(Fn.ADD, D, heavy, lit(1.0)), call(Fn.SUB, D, heavy2, lit(1.0)), heavy),
                Map.of(s.output().get(0).id(), 0),
                plan -> {
                    throw new AssertionError();
                });
        // load x, const 2, mul, exp, const 1, add, sub
        assertThat(p.instructionCount()).isEqualTo(7);
    }

    @Test
    void deepDagCompilesLinearly() {
        TestTable t = new TestTable("t", List.of("x"), List.of(D));
        t.row(1.0);
        Scan s = scan(t);
        Expr e = ref(s, 0);
        for (int i = 0; i < 60; i++) e = call(Fn.ADD, D, e, e); // 2^60 paths, 60 distinct nodes
        List<List<Object>> r = rows(project(s, e));
        assertThat((Double) r.get(0).get(0)).isEqualTo(Math.pow(2, 60));
    }

    @Test
    void filterOverManyBatches() {
        TestTable t = new TestTable("t", List.of("x"), List.of(L));
        for (long i = 0; i < 5000; i++) t.row(i % 10 == 3 ? null : i);
        t.deleted.add(4);
        t.deleted.add(4096);
        Scan s = scan(t);
        Filter f = new Filter(s, call(Fn.EQ, B, call(Fn.MOD, L, ref(s, 0), lit(2)), lit(0)));
        List<List<Object>> r = rows(f);
        List<List<Object>> expected = new ArrayList<>();
        for (long i = 0; i < 5000; i++) if (i % 10 != 3 && i % 2 == 0 && i != 4 && i != 4096) expected.add(row(i));
        assertThat(r).isEqualTo(expected);
    }
}
