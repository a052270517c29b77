package dev.nabla.engine.exec.expr;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.engine.exec.op.PhysicalNode;
import dev.nabla.plan.expr.AggCall;
import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.CaseWhen;
import dev.nabla.plan.expr.Cast;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Derivative;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.expr.Param;
import dev.nabla.plan.expr.SubqueryExpr;
import dev.nabla.plan.expr.WindowCall;
import dev.nabla.plan.fn.ArrayFunction;
import dev.nabla.plan.fn.Functions;
import dev.nabla.plan.fn.ScalarFunction;
import dev.nabla.plan.fn.TypeRule;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.storage.ArrayType;
import dev.nabla.storage.DataType;
import dev.nabla.storage.DecimalType;
import dev.nabla.storage.ListType;
import dev.nabla.storage.PhysicalType;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Compiles bound expressions into an {@link ExprProgram}. Nodes are hash-consed bottom-up on
 * (operation, argument slots, row mask), so structurally equal subexpressions of all the compiled
 * expressions share one slot and are computed once per batch; an identity memo keeps compilation
 * linear even for DAG-shaped trees (e.g. expanded derivatives). Column references resolve through the
 * input layout; ids not in it are correlated outer references read from the execution state.
 */
public final class ExprCompiler {
    /** Builds physical plans for subqueries. */
    public interface SubplanBuilder {
        PhysicalNode build(LogicalPlan plan);
    }

    private record Key(Object op, List<Object> attrs, int mask) {}

    private record IdKey(Expr e, int mask) {
        @Override
        public boolean equals(Object o) {
            return o instanceof IdKey k && k.e == e && k.mask == mask;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(e) * 31 + mask;
        }
    }

    private final Map<Integer, Integer> layout;
    private final SubplanBuilder subplans;
    private final List<Instr> instrs = new ArrayList<>();
    private final List<DataType> slotTypes = new ArrayList<>();
    private final Map<Key, Integer> interned = new HashMap<>();
    private final Map<IdKey, Integer> byIdentity = new HashMap<>();
    private final IdentityHashMap<Instr, Integer> loads = new IdentityHashMap<>();
    private int uniqueCounter;

    private ExprCompiler(Map<Integer, Integer> layout, SubplanBuilder subplans) {
        this.layout = layout;
        this.subplans = subplans;
    }

    /** Compiles {@code exprs} over an input whose column id → batch position map is {@code layout}. */
    public static ExprProgram compile(
            List<? extends Expr> exprs, Map<Integer, Integer> layout, SubplanBuilder subplans) {
        ExprCompiler c = new ExprCompiler(layout, subplans);
        int[] roots = new int[exprs.size()];
        int[] loaded = new int[exprs.size()];
        for (int i = 0; i < roots.length; i++) {
            Expr e = exprs.get(i);
            roots[i] = c.castTo(c.compile(e, -1), e.type(), -1);
            loaded[i] = -1;
            if (e instanceof ColumnRef ref
                    && layout.containsKey(ref.id())
                    && e.type().equals(c.slotTypes.get(roots[i]))) {
                loaded[i] = layout.get(ref.id());
            }
        }
        for (int i = 0; i < c.instrs.size(); i++) c.instrs.get(i).index = i;
        return new ExprProgram(c.instrs.toArray(new Instr[0]), roots, c.slotTypes.toArray(new DataType[0]), loaded);
    }

    private int emit(Key key, DataType type, int mask, IntFunction<Instr> factory) {
        Integer existing = interned.get(key);
        if (existing != null) return existing;
        int slot = slotTypes.size();
        slotTypes.add(type);
        Instr instr = factory.apply(slot);
        instr.mask = mask;
        instrs.add(instr);
        interned.put(key, slot);
        return slot;
    }

    private static Key key(Object op, int mask, Object... attrs) {
        return new Key(op, List.of(attrs), mask);
    }

    private DataType typeOf(int slot) {
        return slotTypes.get(slot);
    }

    int compile(Expr e, int mask) {
        IdKey id = new IdKey(e, mask);
        Integer done = byIdentity.get(id);
        if (done != null) return done;
        dev.nabla.common.CancelCheck.poll();
        int slot = compileNode(e, mask);
        byIdentity.put(id, slot);
        return slot;
    }

    private int compileNode(Expr e, int mask) {
        return switch (e) {
            case Literal lit -> constant(lit.value(), lit.type());
            case ColumnRef ref -> {
                Integer pos = layout.get(ref.id());
                if (pos != null)
                    yield emit(
                            key("col", -1, pos, ref.type()),
                            ref.type(),
                            -1,
                            s -> new BasicInstrs.LoadColumn(s, ref.type(), pos));
                yield emit(
                        key("outer", -1, ref.id(), ref.type()),
                        ref.type(),
                        -1,
                        s -> new BasicInstrs.RuntimeConst(
                                s, ref.type(), BasicInstrs.RuntimeConst.Source.OUTER, ref.id()));
            }
            case Param p ->
                emit(
                        key("param", -1, p.index(), p.type()),
                        p.type(),
                        -1,
                        s -> new BasicInstrs.RuntimeConst(
                                s, p.type(), BasicInstrs.RuntimeConst.Source.PARAM, p.index()));
            case Cast c -> castTo(compile(c.arg(), mask), c.type(), mask);
            case Call c -> compileCall(c, mask);
            case CaseWhen c -> compileCase(c, mask);
            case SubqueryExpr q -> compileSubquery(q, mask);
            case AggCall a ->
                throw new NablaException(
                        ErrorCode.INTERNAL, a.span(), "aggregate " + a.toSql() + " outside an Aggregate node");
            case WindowCall w ->
                throw new NablaException(ErrorCode.INTERNAL, w.span(), "window function outside a Window node");
            case Derivative d ->
                throw new NablaException(
                        ErrorCode.INTERNAL, d.span(), "derivative " + d.toSql() + " was not expanded before execution");
        };
    }

    private int constant(Object value, DataType type) {
        Object v = Casts.castValue(value, type);
        return emit(key("const", -1, type, v == null ? "<null>" : v), type, -1, s -> new BasicInstrs.Const(s, type, v));
    }

    private static boolean sameRepresentation(DataType a, DataType b) {
        if (a.equals(b)) return true;
        if (a.isIntegral() && b.isIntegral()) return true;
        return a.isFloating() && b.isFloating();
    }

    int castTo(int slot, DataType to, int mask) {
        DataType from = typeOf(slot);
        if (sameRepresentation(from, to)) return slot;
        if (from instanceof ListType || to instanceof ListType || from instanceof ArrayType || to instanceof ArrayType)
            return emit(key("cast", mask, to, slot), to, mask, s -> castInstr(s, to, slot, from));
        Instr producer = instrs.get(findInstr(slot));
        if (producer instanceof BasicInstrs.Const k && mask < 0 && !Casts.zoneDependent(from, to)) {
            try {
                return constant(Casts.castValue(k.value, from, to), to);
            } catch (NablaException e) {
                // not foldable: leave the cast to run time, where it only fails if a row needs it
            }
        }
        return emit(key("cast", mask, to, slot), to, mask, s -> castInstr(s, to, slot, from));
    }

    private static Instr castInstr(int out, DataType to, int slot, DataType from) {
        if (from instanceof ListType || to instanceof ListType) return new ListInstrs.Cast(out, to, slot, from);
        if (from instanceof ArrayType || to instanceof ArrayType) return new ArrayInstrs.CastArray(out, to, slot, from);
        boolean decimal = from instanceof DecimalType || to instanceof DecimalType;
        if (decimal && from != DataType.NULL) return new DecimalInstrs.Cast(out, to, slot, from);
        if ((from == DataType.UUID || to == DataType.UUID) && from != DataType.NULL)
            return new UuidInstrs.Cast(out, to, slot, from);
        return new BasicInstrs.Cast(out, to, slot, from);
    }

    /** TRY_CAST: the ordinary cast, redone row by row (a failing row NULL) for a batch where it fails. */
    private int tryCastTo(int slot, DataType to, int mask) {
        DataType from = typeOf(slot);
        if (sameRepresentation(from, to)) return slot;
        return emit(
                key("try_cast", mask, to, slot),
                to,
                mask,
                s -> new TryCastInstr(s, to, slot, from, castInstr(s, to, slot, from)));
    }

    private int findInstr(int slot) {
        // slots and instructions are allocated together, so slot i is written by instruction i
        return slot;
    }

    /**
     * The type both operands of a comparison (or IN, NULLIF) are read as. The binder converts them to
     * one type (and plan rules build comparisons with {@code Exprs.comparison}), so the compiler converts
     * nothing: operands of the same type, or of the same width-only family (INTEGER/BIGINT are both
     * longs, REAL/DOUBLE both doubles: the values compare as they are stored, so a rule that narrowed a
     * column's declared width changes nothing here). Any other pair (a number against text, a date
     * against a timestamp, two DECIMAL scales) is a bug where the comparison was built, reported as one.
     */
    private static DataType sameType(Fn fn, DataType a, DataType b) {
        if (a.equals(b)) return a;
        if (a.isIntegral() && b.isIntegral() || a.isFloating() && b.isFloating()) return DataType.commonSuperType(a, b);
        throw new NablaException(
                ErrorCode.INTERNAL,
                "internal error: " + fn.sqlName() + " of " + a.sqlName() + " and " + b.sqlName()
                        + " (the binder should have converted one of them)");
    }

    private int[] args(Call c, int mask, DataType to) {
        int[] r = new int[c.args().size()];
        for (int i = 0; i < r.length; i++) {
            int s = compile(c.arg(i), mask);
            r[i] = to == null ? s : castTo(s, to, mask);
        }
        return r;
    }

    private static boolean isArrayCall(Call c) {
        return switch (c.fn()) {
            case ARRAY_VALUE,
                    ARRAY_EXTRACT,
                    ARRAY_LENGTH,
                    ARRAY_INNER_PRODUCT,
                    ARRAY_NEGATIVE_INNER_PRODUCT,
                    ARRAY_DISTANCE,
                    ARRAY_COSINE_SIMILARITY,
                    ARRAY_COSINE_DISTANCE,
                    ARRAY_NORM,
                    L2_NORMALIZE -> true;
            case ADD, SUB, MUL, DIV, NEG -> c.type() instanceof ArrayType;
            default -> false;
        };
    }

    /** The DOUBLE[] list functions ({@link ListFunctionInstr}); list_sort's order flags are literals read here. */
    private int compileList(Call c, int mask) {
        Fn fn = c.fn();
        DataType t = c.type();
        boolean sort = fn == Fn.LIST_SORT;
        int n = sort ? 1 : c.args().size();
        int[] a = new int[n];
        Object[] attrs = new Object[n + 3];
        for (int i = 0; i < n; i++) {
            a[i] = compile(c.arg(i), mask);
            attrs[i] = a[i];
        }
        boolean desc = sort && Boolean.TRUE.equals(((Literal) c.arg(1)).value());
        boolean nullsFirst = sort && Boolean.TRUE.equals(((Literal) c.arg(2)).value());
        attrs[n] = t;
        attrs[n + 1] = desc;
        attrs[n + 2] = nullsFirst;
        return emit(key(fn, mask, attrs), t, mask, s -> new ListFunctionInstr(s, t, fn, a, desc, nullsFirst));
    }

    /** The DOUBLE[n] functions and element-wise arithmetic ({@link ArrayInstrs}). */
    private int compileArray(Call c, int mask) {
        Fn fn = c.fn();
        DataType t = c.type();
        switch (fn) {
            case ARRAY_VALUE -> {
                int[] a = args(c, mask, DataType.DOUBLE);
                return emit(key(fn, mask, t, a), t, mask, s -> new ArrayInstrs.Value(s, t, a));
            }
            case ARRAY_EXTRACT -> {
                int a = compile(c.arg(0), mask), b = castTo(compile(c.arg(1), mask), DataType.BIGINT, mask);
                if (c.arg(0).type() instanceof ListType)
                    return emit(key(fn, mask, a, b), t, mask, s -> new ListInstrs.Extract(s, t, a, b));
                return emit(key(fn, mask, a, b), DataType.DOUBLE, mask, s -> new ArrayInstrs.Extract(s, a, b));
            }
            case ARRAY_LENGTH -> {
                int a = compile(c.arg(0), mask);
                if (c.arg(0).type() instanceof ListType)
                    return emit(key(fn, mask, a), DataType.BIGINT, mask, s -> new ListInstrs.Length(s, a));
                return emit(key(fn, mask, a), DataType.BIGINT, mask, s -> new ArrayInstrs.Length(s, a));
            }
            case ARRAY_NORM,
                    L2_NORMALIZE,
                    ARRAY_INNER_PRODUCT,
                    ARRAY_NEGATIVE_INNER_PRODUCT,
                    ARRAY_DISTANCE,
                    ARRAY_COSINE_SIMILARITY,
                    ARRAY_COSINE_DISTANCE -> {
                ArrayFunction def = Functions.array(fn);
                if (c.arg(0).type() instanceof ListType) {
                    int a = compile(c.arg(0), mask), b = c.args().size() > 1 ? compile(c.arg(1), mask) : -1;
                    return emit(key(fn, mask, t, a, b), t, mask, s -> new ListInstrs.Registered(s, t, def, a, b));
                }
                if (c.args().size() == 1) {
                    int a = compile(c.arg(0), mask);
                    return emit(key(fn, mask, t, a), t, mask, s -> new ArrayInstrs.Registered(s, t, def, a, -1, false));
                }
                // the two-array functions are symmetric: a literal goes right, where the kernel reads its one
                // row for every row
                Expr l = c.arg(0), r = c.arg(1);
                if (l instanceof Literal && !(r instanceof Literal)) {
                    l = c.arg(1);
                    r = c.arg(0);
                }
                boolean bConst = r instanceof Literal;
                int a = compile(l, mask), b = compile(r, mask);
                return emit(key(fn, mask, t, a, b), t, mask, s -> new ArrayInstrs.Registered(s, t, def, a, b, bConst));
            }
            case NEG -> {
                int a = compile(c.arg(0), mask);
                return emit(key(fn, mask, t, a), t, mask, s -> new ArrayInstrs.Arith(s, t, fn, a, -1, false));
            }
            case ADD, SUB, MUL, DIV -> {
                boolean scalar = !(c.arg(1).type() instanceof ArrayType);
                int a = compile(c.arg(0), mask);
                int b = scalar ? castTo(compile(c.arg(1), mask), DataType.DOUBLE, mask) : compile(c.arg(1), mask);
                return emit(key(fn, mask, t, a, b), t, mask, s -> new ArrayInstrs.Arith(s, t, fn, a, b, scalar));
            }
            default -> throw new IllegalStateException(fn.name());
        }
    }

    /**
     * The DECIMAL forms of arithmetic, ABS, ROUND, TRUNC, FLOOR and CEIL ({@link DecimalInstrs}), or null for a
     * function whose DECIMAL result only moves values around (COALESCE, GREATEST, …), compiled as usual.
     */
    private Integer compileDecimal(Call c, DecimalType t, int mask) {
        Fn fn = c.fn();
        switch (fn) {
            case ADD, SUB, MUL, DIV, MOD -> {
                int a = compile(c.arg(0), mask), b = compile(c.arg(1), mask);
                int sa = decimalScale(typeOf(a)), sb = decimalScale(typeOf(b));
                return emit(
                        key(fn, mask, "dec", t, a, b), t, mask, s -> new DecimalInstrs.Arith(s, t, fn, a, b, sa, sb));
            }
            case NEG, ABS -> {
                int a = castTo(compile(c.arg(0), mask), t, mask);
                return emit(key(fn, mask, "dec", t, a), t, mask, s -> new DecimalInstrs.Unary(s, t, a, fn == Fn.ABS));
            }
            case ROUND, TRUNC, FLOOR, CEIL -> {
                int a = compile(c.arg(0), mask);
                if (!(typeOf(a) instanceof DecimalType at)) return null;
                int d = c.args().size() > 1 ? castTo(compile(c.arg(1), mask), DataType.BIGINT, mask) : -1;
                RoundingMode mode = switch (fn) {
                    case TRUNC -> RoundingMode.DOWN;
                    case FLOOR -> RoundingMode.FLOOR;
                    case CEIL -> RoundingMode.CEILING;
                    default -> RoundingMode.HALF_UP; // ROUND: half away from zero, as PostgreSQL's numeric
                };
                return emit(key(fn, mask, "dec", t, a, d), t, mask, s -> new DecimalInstrs.Round(s, t, a, at, d, mode));
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * A comparison of two DECIMALs whose common type had to drop integer digits (DECIMAL(38,0) against
     * DECIMAL(38,8): the binder's common type DECIMAL(38,8) holds only 30 of the first side's 38): the
     * casts would fail with 22003 on a value that is simply large, so the operands are compared as they
     * are ({@link DecimalInstrs.Compare}); null for every other comparison.
     */
    private Integer decimalComparison(Call c, int mask) {
        if (c.fn() == Fn.IS_DISTINCT_FROM || c.fn() == Fn.IS_NOT_DISTINCT_FROM) return null;
        Expr x = c.arg(0), y = c.arg(1);
        boolean narrowed = false;
        if (x instanceof Cast k && losesIntegerDigits(k)) {
            x = k.arg();
            narrowed = true;
        }
        if (y instanceof Cast k && losesIntegerDigits(k)) {
            y = k.arg();
            narrowed = true;
        }
        if (!narrowed || !(x.type() instanceof DecimalType) || !(y.type() instanceof DecimalType)) return null;
        int a = compile(x, mask), b = compile(y, mask);
        int sa = decimalScale(typeOf(a)), sb = decimalScale(typeOf(b));
        int op = switch (c.fn()) {
            case EQ -> 0;
            case NE -> 1;
            case LT -> 2;
            case LE -> 3;
            case GT -> 4;
            default -> 5;
        };
        return emit(
                key(c.fn(), mask, "decmp", a, b),
                DataType.BOOLEAN,
                mask,
                s -> new DecimalInstrs.Compare(s, op, a, b, sa, sb));
    }

    /** Whether a cast between DECIMALs keeps fewer integer digits than its argument may have. */
    private static boolean losesIntegerDigits(Cast k) {
        return k.arg().type() instanceof DecimalType from
                && k.type() instanceof DecimalType to
                && from.precision() - from.scale() > to.precision() - to.scale();
    }

    /** The scale of a DECIMAL operand; an integer operand (the binder casts those, but a literal may stay) has 0. */
    private static int decimalScale(DataType t) {
        if (t instanceof DecimalType d) return d.scale();
        if (t.isIntegral() || t == DataType.BOOLEAN || t == DataType.NULL) return 0;
        throw new NablaException(
                ErrorCode.INTERNAL, "internal error: DECIMAL arithmetic on a " + t.sqlName() + " operand");
    }

    private int compileCall(Call c, int mask) {
        Fn fn = c.fn();
        DataType t = c.type();
        if (isArrayCall(c)) return compileArray(c, mask);
        if (fn.isListFunction()) return compileList(c, mask);
        ScalarFunction def = Functions.of(fn);
        // registry functions over doubles: the entry's batch kernel and domain (integer forms below)
        if (def != null && def.typeRule() == TypeRule.DOUBLE && fn != Fn.PI) {
            if (def.arity() == 1) return doubleUnary(c, mask);
            int[] a = args(c, mask, DataType.DOUBLE);
            int r = emit(
                    key(fn, mask, a[0], a[1]),
                    DataType.DOUBLE,
                    mask,
                    s -> new MathInstrs.DoubleBinaryFn(s, DataType.DOUBLE, fn, a[0], a[1]));
            return castTo(r, t, mask);
        }
        if (t instanceof DecimalType dt) {
            Integer exact = compileDecimal(c, dt, mask);
            if (exact != null) return exact;
        }
        switch (fn) {
            case ADD, SUB, MUL, DIV, MOD -> {
                if (t.physical() == PhysicalType.LONG) {
                    int a = compile(c.arg(0), mask), b = compile(c.arg(1), mask);
                    if (typeOf(a).physical() != PhysicalType.LONG) a = castTo(a, DataType.BIGINT, mask);
                    if (typeOf(b).physical() != PhysicalType.LONG) b = castTo(b, DataType.BIGINT, mask);
                    int fa = a, fb = b;
                    return emit(key(fn, mask, t, a, b), t, mask, s -> new ArithInstrs.LongBinary(s, t, fn, fa, fb));
                }
                DataType dt = t.physical() == PhysicalType.DOUBLE ? t : DataType.DOUBLE;
                int[] a = args(c, mask, DataType.DOUBLE);
                int r = emit(
                        key(fn, mask, dt, a[0], a[1]),
                        dt,
                        mask,
                        s -> new ArithInstrs.DoubleBinary(s, dt, fn, a[0], a[1]));
                return castTo(r, t, mask);
            }
            case NEG, BIT_NOT -> {
                DataType rt = fn == Fn.BIT_NOT
                        ? DataType.BIGINT
                        : t.physical() == PhysicalType.DOUBLE ? t : t.isIntegral() ? t : DataType.DOUBLE;
                int a = castTo(compile(c.arg(0), mask), rt, mask);
                int r = emit(key(fn, mask, rt, a), rt, mask, s -> new ArithInstrs.Neg(s, rt, a, fn == Fn.BIT_NOT));
                return castTo(r, t, mask);
            }
            case BIT_AND, BIT_OR, SHIFT_LEFT, SHIFT_RIGHT -> {
                int[] a = args(c, mask, DataType.BIGINT);
                int r = emit(
                        key(fn, mask, a[0], a[1]),
                        DataType.BIGINT,
                        mask,
                        s -> new ArithInstrs.LongBinary(s, DataType.BIGINT, fn, a[0], a[1]));
                return castTo(r, t, mask);
            }
            case EQ, NE, LT, LE, GT, GE, IS_DISTINCT_FROM, IS_NOT_DISTINCT_FROM -> {
                Integer mixed = decimalComparison(c, mask);
                if (mixed != null) return mixed;
                int a = compile(c.arg(0), mask), b = compile(c.arg(1), mask);
                sameType(fn, typeOf(a), typeOf(b));
                int fa = a, fb = b;
                if (fn == Fn.IS_DISTINCT_FROM || fn == Fn.IS_NOT_DISTINCT_FROM) {
                    boolean distinct = fn == Fn.IS_DISTINCT_FROM;
                    return emit(
                            key(fn, mask, fa, fb),
                            DataType.BOOLEAN,
                            mask,
                            s -> new ArithInstrs.Distinct(s, distinct, fa, fb));
                }
                int op = switch (fn) {
                    case EQ -> 0;
                    case NE -> 1;
                    case LT -> 2;
                    case LE -> 3;
                    case GT -> 4;
                    default -> 5;
                };
                return emit(key(fn, mask, fa, fb), DataType.BOOLEAN, mask, s -> new ArithInstrs.Compare(s, op, fa, fb));
            }
            case AND, OR -> {
                int[] a = args(c, mask, DataType.BOOLEAN);
                boolean and = fn == Fn.AND;
                return emit(
                        key(fn, mask, a[0], a[1]),
                        DataType.BOOLEAN,
                        mask,
                        s -> new LogicInstrs.AndOr(s, and, a[0], a[1]));
            }
            case NOT -> {
                int a = castTo(compile(c.arg(0), mask), DataType.BOOLEAN, mask);
                return emit(key(fn, mask, a), DataType.BOOLEAN, mask, s -> new LogicInstrs.Not(s, a));
            }
            case IS_NULL, IS_NOT_NULL -> {
                int a = compile(c.arg(0), mask);
                boolean negate = fn == Fn.IS_NOT_NULL;
                return emit(key(fn, mask, a), DataType.BOOLEAN, mask, s -> new LogicInstrs.IsNull(s, negate, a));
            }
            case IN_LIST -> {
                return compileInList(c, mask);
            }
            case LIKE, ILIKE, GLOB -> {
                int[] a = args(c, mask, DataType.VARCHAR);
                LikePattern constPattern = null;
                if (c.arg(1) instanceof Literal p
                        && p.value() != null
                        && (c.args().size() < 3 || c.arg(2) instanceof Literal esc && esc.value() != null)) {
                    constPattern = StringInstrs.compilePattern(
                            fn,
                            p.value().toString(),
                            c.args().size() > 2 ? ((Literal) c.arg(2)).value().toString() : null);
                }
                return rowFn(c, mask, a, constPattern);
            }
            case REGEXP_MATCHES, REGEXP_FULL_MATCH, REGEXP_REPLACE, REGEXP_EXTRACT, SIMILAR_TO -> {
                return compileRegex(c, mask);
            }
            case PRINTF -> {
                int[] a = args(c, mask, null);
                a[0] = castTo(a[0], DataType.VARCHAR, mask);
                return rowFn(c, mask, a, null);
            }
            case LEVENSHTEIN,
                    DAMERAU_LEVENSHTEIN,
                    HAMMING,
                    JACCARD,
                    JARO_SIMILARITY,
                    JARO_WINKLER_SIMILARITY,
                    STRPTIME -> {
                return rowFn(c, mask, args(c, mask, DataType.VARCHAR), null);
            }
            case STRFTIME, DATE_DIFF -> {
                int[] a = args(c, mask, null);
                int text = fn == Fn.STRFTIME ? 1 : 0;
                a[text] = castTo(a[text], DataType.VARCHAR, mask);
                return rowFn(c, mask, a, null);
            }
            case MAKE_DATE, EPOCH_MS -> {
                return rowFn(c, mask, args(c, mask, DataType.BIGINT), null);
            }
            case TO_TIMESTAMP -> {
                return rowFn(c, mask, args(c, mask, DataType.DOUBLE), null);
            }
            case MAKE_TIMESTAMP -> {
                int[] a = args(c, mask, DataType.BIGINT);
                a[5] = castTo(compile(c.arg(5), mask), DataType.DOUBLE, mask);
                return rowFn(c, mask, a, null);
            }
            case TIMEZONE -> {
                int[] a = args(c, mask, null);
                a[0] = castTo(a[0], DataType.VARCHAR, mask);
                // a DATE is read as its midnight (the binder lets DATE and TIMESTAMP through)
                if (typeOf(a[1]) != DataType.TIMESTAMP_TZ) a[1] = castTo(a[1], DataType.TIMESTAMP, mask);
                return rowFn(c, mask, a, null);
            }
            case MAKE_TIME -> {
                int[] a = args(c, mask, DataType.BIGINT);
                a[2] = castTo(compile(c.arg(2), mask), DataType.DOUBLE, mask);
                return rowFn(c, mask, a, null);
            }
            case TRY_CAST -> {
                return tryCastTo(compile(c.arg(0), mask), c.type(), mask);
            }
            case MD5, SHA1, SHA256 -> {
                int a = compile(c.arg(0), mask);
                if (typeOf(a) != DataType.BLOB) a = castTo(a, DataType.VARCHAR, mask);
                return rowFn(c, mask, new int[] {a}, null);
            }
            case CHR -> {
                return rowFn(c, mask, args(c, mask, DataType.BIGINT), null);
            }
            case ADD_INTERVAL -> {
                int[] a = args(c, mask, DataType.BIGINT);
                a[0] = compile(c.arg(0), mask);
                DataType x = typeOf(a[0]);
                if (!x.isTemporal() && x != DataType.TIME && x != DataType.TIMESTAMP_TZ)
                    a[0] = castTo(a[0], DataType.TIMESTAMP, mask);
                return rowFn(c, mask, a, null);
            }
            case SPLIT_PART -> {
                int[] a = args(c, mask, DataType.VARCHAR);
                a[2] = castTo(compile(c.arg(2), mask), DataType.BIGINT, mask);
                return rowFn(c, mask, a, null);
            }
            case ENDS_WITH, INITCAP, CONCAT_WS, TRANSLATE, ASCII -> {
                return rowFn(c, mask, args(c, mask, DataType.VARCHAR), null);
            }
            case CONCAT, CONCAT_FN, TYPEOF, EXTRACT, DATE_TRUNC -> {
                int[] a = args(c, mask, null);
                if (fn == Fn.EXTRACT || fn == Fn.DATE_TRUNC) {
                    a[0] = castTo(a[0], DataType.VARCHAR, mask);
                    if (typeOf(a[1]) == DataType.VARCHAR) a[1] = castTo(a[1], DataType.TIMESTAMP, mask);
                }
                return rowFn(c, mask, a, null);
            }
            case LENGTH, OCTET_LENGTH, HEX, UNHEX -> {
                // blobs stay bytes here: casting them to VARCHAR would measure or hex their decoded text
                int a = compile(c.arg(0), mask);
                if (typeOf(a) != DataType.BLOB) a = castTo(a, DataType.VARCHAR, mask);
                return rowFn(c, mask, new int[] {a}, null);
            }
            case LOWER, UPPER, REVERSE, REPLACE, INSTR, STARTS_WITH, CONTAINS, TRIM, LTRIM, RTRIM, DERIVATIVE_SQL -> {
                return rowFn(c, mask, args(c, mask, DataType.VARCHAR), null);
            }
            case SUBSTR, LEFT, RIGHT, REPEAT, LPAD, RPAD -> {
                int[] a = args(c, mask, null);
                for (int i = 0; i < a.length; i++) {
                    boolean numeric = i == 1 || (i == 2 && fn == Fn.SUBSTR);
                    a[i] = castTo(a[i], numeric ? DataType.BIGINT : DataType.VARCHAR, mask);
                }
                return rowFn(c, mask, a, null);
            }
            case COALESCE, IFNULL -> {
                int[] a = args(c, mask, t);
                return emit(
                        key(Fn.COALESCE, mask, t, List.of(box(a))), t, mask, s -> new LogicInstrs.Coalesce(s, t, a));
            }
            case NULLIF -> {
                int a = compile(c.arg(0), mask), b = compile(c.arg(1), mask);
                DataType ct = sameType(fn, typeOf(a), typeOf(b));
                int fa = a, fb = b;
                int r = emit(key(fn, mask, fa, fb), ct, mask, s -> new LogicInstrs.NullIf(s, ct, fa, fb));
                return castTo(r, t, mask);
            }
            case ABS, SIGN, FLOOR, CEIL, RELU -> {
                if (t.isIntegral()) {
                    int a = castTo(compile(c.arg(0), mask), t, mask);
                    return emit(key(fn, mask, t, a), t, mask, s -> new MathInstrs.LongUnary(s, t, fn, a));
                }
                return doubleUnary(c, mask);
            }
            case ROUND, TRUNC -> {
                if (c.args().size() == 1) {
                    if (t.isIntegral()) return castTo(compile(c.arg(0), mask), t, mask);
                    return doubleUnary(c, mask);
                }
                int[] a = args(c, mask, DataType.DOUBLE);
                int r = emit(
                        key(fn, mask, a[0], a[1]),
                        DataType.DOUBLE,
                        mask,
                        s -> new MathInstrs.DoubleBinaryFn(s, DataType.DOUBLE, fn, a[0], a[1]));
                return castTo(r, t, mask);
            }
            case GREATEST, LEAST -> {
                int[] a = args(c, mask, t);
                boolean greatest = fn == Fn.GREATEST;
                return emit(key(fn, mask, t, List.of(box(a))), t, mask, s -> new MathInstrs.Extreme(s, t, greatest, a));
            }
            case PI -> {
                return castTo(constant(Math.PI, DataType.DOUBLE), t, mask);
            }
            case RANDOM -> {
                int r = emit(key(fn, mask, uniqueCounter++), DataType.DOUBLE, mask, BasicInstrs.Random::new);
                return castTo(r, t, mask);
            }
            case GEN_RANDOM_UUID -> {
                // never interned: two calls in one expression are two UUIDs
                int r = emit(key(fn, mask, uniqueCounter++), DataType.UUID, mask, UuidInstrs.Random::new);
                return castTo(r, t, mask);
            }
            case NEXTVAL, CURRVAL, SETVAL -> {
                int[] a = new int[c.args().size()];
                a[0] = castTo(compile(c.arg(0), mask), DataType.VARCHAR, mask);
                if (a.length > 1) a[1] = castTo(compile(c.arg(1), mask), DataType.BIGINT, mask);
                if (a.length > 2) a[2] = castTo(compile(c.arg(2), mask), DataType.BOOLEAN, mask);
                // never interned: two calls in one expression are two draws
                int r = emit(key(fn, mask, uniqueCounter++), DataType.BIGINT, mask, s -> new SequenceInstr(s, fn, a));
                return castTo(r, t, mask);
            }
            case STOP_GRADIENT -> {
                return castTo(compile(c.arg(0), mask), t, mask);
            }
            case CURRENT_DATE, CURRENT_TIMESTAMP -> {
                DataType rt = fn == Fn.CURRENT_DATE ? DataType.DATE : DataType.TIMESTAMP_TZ;
                var src = fn == Fn.CURRENT_DATE
                        ? BasicInstrs.RuntimeConst.Source.NOW_DATE
                        : BasicInstrs.RuntimeConst.Source.NOW_TIMESTAMP;
                int r = emit(key(fn, -1), rt, -1, s -> new BasicInstrs.RuntimeConst(s, rt, src, 0));
                return castTo(r, t, mask);
            }
        }
        throw new NablaException(ErrorCode.INTERNAL, c.span(), "no evaluator for function " + fn);
    }

    private static List<Integer> box(int[] a) {
        List<Integer> l = new ArrayList<>(a.length);
        for (int x : a) l.add(x);
        return l;
    }

    private int rowFn(Call c, int mask, int[] a, LikePattern constPattern) {
        DataType t =
                c.type().physical() == PhysicalType.LONG && c.type() == DataType.NULL ? DataType.VARCHAR : c.type();
        DataType[] types = new DataType[a.length];
        for (int i = 0; i < a.length; i++) types[i] = typeOf(a[i]);
        return emit(
                key(c.fn(), mask, t, box(a)),
                t,
                mask,
                s -> new StringInstrs.RowFn(s, t, c.fn(), a, types, constPattern));
    }

    /** Options, group and escape are literals (the binder insists); the pattern and replacement may vary by row. */
    private int compileRegex(Call c, int mask) {
        Fn fn = c.fn();
        int value = castTo(compile(c.arg(0), mask), DataType.VARCHAR, mask);
        int pattern = castTo(compile(c.arg(1), mask), DataType.VARCHAR, mask);
        int replacement = -1;
        String options = "", escape = null, constReplacement = null;
        int group = 0;
        switch (fn) {
            case REGEXP_MATCHES, REGEXP_FULL_MATCH -> options = c.args().size() > 2 ? literalText(c.arg(2)) : "";
            case REGEXP_REPLACE -> {
                replacement = castTo(compile(c.arg(2), mask), DataType.VARCHAR, mask);
                options = c.args().size() > 3 ? literalText(c.arg(3)) : "";
                if (c.arg(2) instanceof Literal r && r.value() != null)
                    constReplacement = r.value().toString();
            }
            case REGEXP_EXTRACT -> {
                group = c.args().size() > 2 ? (int) ((Number) ((Literal) c.arg(2)).value()).longValue() : 0;
                options = c.args().size() > 3 ? literalText(c.arg(3)) : "";
            }
            default -> escape = c.args().size() > 2 ? literalText(c.arg(2)) : null;
        }
        String constPattern =
                c.arg(1) instanceof Literal p && p.value() != null ? p.value().toString() : null;
        int fr = replacement, fg = group;
        String fo = options, fe = escape, fcr = constReplacement;
        DataType t = c.type();
        return emit(
                key(fn, mask, value, pattern, replacement, options, group, String.valueOf(escape)),
                t,
                mask,
                s -> new RegexInstr(s, fn, value, pattern, fr, fo, fg, fe, constPattern, fcr));
    }

    private static String literalText(Expr e) {
        if (!(e instanceof Literal l) || l.value() == null)
            throw new NablaException(ErrorCode.INTERNAL, e.span(), "expected a constant argument");
        return l.value().toString();
    }

    private int doubleUnary(Call c, int mask) {
        DataType t = c.type();
        int a = castTo(compile(c.arg(0), mask), DataType.DOUBLE, mask);
        int r = emit(
                key(c.fn(), mask, a),
                DataType.DOUBLE,
                mask,
                s -> new MathInstrs.DoubleUnary(s, DataType.DOUBLE, c.fn(), a));
        return castTo(r, t, mask);
    }

    private int compileInList(Call c, int mask) {
        List<Expr> items = c.args().subList(1, c.args().size());
        DataType ct = c.arg(0).type();
        boolean allLiterals = true;
        for (Expr item : items) {
            ct = sameType(Fn.IN_LIST, ct, item.type());
            allLiterals &= item instanceof Literal;
        }
        if (allLiterals && items.size() > 3) {
            List<Object> values = new ArrayList<>();
            for (Expr item : items) values.add(Casts.castValue(((Literal) item).value(), ct));
            ValueSet set = new ValueSet(ct, values);
            int a = castTo(compile(c.arg(0), mask), ct, mask);
            return emit(
                    key("inset", mask, a, values, ct), DataType.BOOLEAN, mask, s -> new LogicInstrs.InSet(s, a, set));
        }
        // x IN (a, b) is exactly (x = a) OR (x = b) under three-valued logic
        Expr or = null;
        for (Expr item : items) {
            Expr eq = new Call(Fn.EQ, DataType.BOOLEAN, c.arg(0), item);
            or = or == null ? eq : new Call(Fn.OR, DataType.BOOLEAN, or, eq);
        }
        return compile(or, mask);
    }

    private int compileCase(CaseWhen c, int mask) {
        DataType t = c.type();
        int n = c.conditions().size();
        int[] sels = new int[n], results = new int[n];
        int rem = mask;
        for (int i = 0; i < n; i++) {
            int cond = castTo(compile(c.conditions().get(i), rem), DataType.BOOLEAN, rem);
            int parent = rem;
            sels[i] = emit(
                    key("mask", -1, parent, cond, false),
                    DataType.BOOLEAN,
                    -1,
                    s -> new LogicInstrs.MaskAnd(s, parent, cond, false));
            rem = emit(
                    key("mask", -1, parent, cond, true),
                    DataType.BOOLEAN,
                    -1,
                    s -> new LogicInstrs.MaskAnd(s, parent, cond, true));
            results[i] = castTo(compile(c.results().get(i), sels[i]), t, sels[i]);
        }
        int other = castTo(compile(c.otherwise(), rem), t, rem);
        return emit(
                key("case", mask, t, box(sels), box(results), other),
                t,
                mask,
                s -> new LogicInstrs.CaseBlend(s, t, sels, results, other));
    }

    private int compileSubquery(SubqueryExpr q, int mask) {
        PhysicalNode plan = subplans.build(q.plan());
        int[] corrIds = new int[q.correlated().size()];
        int[] corrSlots = new int[corrIds.length];
        for (int i = 0; i < corrIds.length; i++) {
            ColumnRef ref = q.correlated().get(i);
            corrIds[i] = ref.id();
            corrSlots[i] = compile(ref, -1);
        }
        int lhs = -1;
        DataType setType = null;
        if (q.kind() == SubqueryExpr.Kind.IN) {
            int l = compile(q.lhs(), mask);
            setType = sameType(Fn.IN_LIST, typeOf(l), q.plan().output().get(0).type());
            lhs = l;
        }
        DataType t = q.kind() == SubqueryExpr.Kind.SCALAR ? q.type() : DataType.BOOLEAN;
        int fl = lhs;
        DataType st = setType;
        int r = emit(
                key("subquery", mask, new IdKey(q, 0), fl),
                t,
                mask,
                s -> new SubqueryInstr(s, t, q.kind(), plan, corrIds, corrSlots, fl, st));
        return castTo(r, q.type(), mask);
    }
}
