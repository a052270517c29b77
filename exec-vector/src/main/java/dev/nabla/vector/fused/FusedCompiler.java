package dev.nabla.vector.fused;

import static java.lang.constant.ConstantDescs.CD_double;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_void;
import static java.lang.constant.ConstantDescs.INIT_NAME;
import static java.lang.constant.ConstantDescs.MTD_void;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.TypeKind;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Compiles a list of {@link FusedExpr} outputs into one {@link FusedKernel} class whose loop body is the
 * whole DAG as Vector API code: {@code DoubleVector.fromArray}, {@code lanewise(VectorOperators.SIN)}
 * with the operator read by a {@code getstatic} at that very call site (C2 only emits SIMD for a
 * constant operator), {@code mul}/{@code add}..., results stored with {@code intoArray}, and a scalar tail with
 * {@code Math.*}. Aggregates add the results with {@code ExactSum} (one summation for every path). The class is generated with the ClassFile API and defined as a hidden class; kernels
 * are cached by DAG shape (scalars are arguments, so shapes repeat across parameter values).
 * Without {@code jdk.incubator.vector} (or with {@code -Dnabla.simd=scalar}) the same generator emits
 * only the scalar loop.
 */
public final class FusedCompiler {
    private FusedCompiler() {}

    private static final boolean VECTOR = vectorAvailable();
    private static final Map<List<Object>, FusedKernel> CACHE = new ConcurrentHashMap<>();
    private static final Map<List<Object>, AdaptiveKernel> ADAPTIVE = new ConcurrentHashMap<>();
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private static final ClassDesc DV = ClassDesc.of("jdk.incubator.vector.DoubleVector");
    private static final ClassDesc VEC = ClassDesc.of("jdk.incubator.vector.Vector");
    private static final ClassDesc SPECIES = ClassDesc.of("jdk.incubator.vector.VectorSpecies");
    private static final ClassDesc OPS = ClassDesc.of("jdk.incubator.vector.VectorOperators");
    private static final ClassDesc UNARY = ClassDesc.of("jdk.incubator.vector.VectorOperators$Unary");
    private static final ClassDesc BINARY = ClassDesc.of("jdk.incubator.vector.VectorOperators$Binary");
    private static final ClassDesc COMPARISON = ClassDesc.of("jdk.incubator.vector.VectorOperators$Comparison");
    private static final ClassDesc MASK = ClassDesc.of("jdk.incubator.vector.VectorMask");
    private static final MethodTypeDesc DD_Z =
            MethodTypeDesc.of(java.lang.constant.ConstantDescs.CD_boolean, CD_double, CD_double);
    private static final ClassDesc MATH = ClassDesc.of("java.lang.Math");
    private static final ClassDesc KERNEL = ClassDesc.of(FusedKernel.class.getName());
    private static final ClassDesc DEPOSIT = ClassDesc.of(DepositKernel.class.getName());
    private static final ClassDesc LV = ClassDesc.of("jdk.incubator.vector.LongVector");
    private static final ClassDesc ASSOCIATIVE = ClassDesc.of("jdk.incubator.vector.VectorOperators$Associative");
    private static final ClassDesc INTERP = ClassDesc.of(FusedInterpreter.class.getName());
    private static final MethodTypeDesc D_D = MethodTypeDesc.of(CD_double, CD_double);
    private static final MethodTypeDesc DD_D = MethodTypeDesc.of(CD_double, CD_double, CD_double);
    private static final MethodTypeDesc V_DV = MethodTypeDesc.of(DV, VEC);
    private static final MethodTypeDesc NONE_DV = MethodTypeDesc.of(DV);
    private static final MethodTypeDesc EVAL = MethodTypeDesc.of(
            CD_void, CD_double.arrayType(2), CD_int.arrayType(), CD_double.arrayType(), CD_int, CD_double.arrayType(2));
    private static final MethodTypeDesc EVAL_DEPOSIT = MethodTypeDesc.of(
            CD_void,
            CD_double.arrayType(2),
            CD_int.arrayType(),
            CD_double.arrayType(),
            CD_int,
            CD_double.arrayType(),
            CD_double.arrayType(),
            java.lang.constant.ConstantDescs.CD_long.arrayType(),
            CD_double.arrayType(2));

    /** Whether generated kernels use SIMD (false: scalar loops only). */
    public static boolean vectorized() {
        return VECTOR;
    }

    private static boolean vectorAvailable() {
        if (System.getProperty("nabla.simd", "auto")
                .trim()
                .toLowerCase(Locale.ROOT)
                .equals("scalar")) return false;
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** The kernel for these outputs (generated on first use of the shape, then cached). */
    public static FusedKernel compile(List<FusedExpr> outputs) {
        FusedKernel k = tryCompile(outputs);
        if (k == null) throw new IllegalArgumentException("the expression is too large for one fused kernel");
        return k;
    }

    /**
     * The kernel for these outputs, or null when they do not fit in one JVM method (a deep derivative's
     * DAG can need more than the 64 KB of bytecode a method may have): the caller then runs the
     * expression unfused. Either answer is cached per shape.
     */
    public static FusedKernel tryCompile(List<FusedExpr> outputs) {
        if (outputs.isEmpty()) throw new IllegalArgumentException("no outputs");
        // keyed on the DAG's node list, not on the records: their hashCode walks a shared DAG once per path
        Dag dag = new Dag(outputs);
        List<Object> key = dag.signature();
        FusedKernel k = CACHE.get(key);
        if (k == null) k = CACHE.computeIfAbsent(key, o -> generateOrTooLarge(dag, outputs));
        return k == TOO_LARGE ? null : k;
    }

    /**
     * The adaptive handle of this shape (see {@link AdaptiveKernel}): one per shape for the JVM's life,
     * shared by every statement, prepared statement and session, so a shape's kernel is generated and
     * warmed at most once. A shape whose kernel is already cached starts hot.
     */
    public static AdaptiveKernel adaptive(List<FusedExpr> outputs) {
        if (outputs.isEmpty()) throw new IllegalArgumentException("no outputs");
        Dag dag = new Dag(outputs);
        List<Object> key = dag.signature();
        AdaptiveKernel a = ADAPTIVE.get(key);
        if (a != null) return a;
        return ADAPTIVE.computeIfAbsent(key, o -> {
            FusedKernel ready = CACHE.get(key);
            int columns = dag.columns.isEmpty() ? 0 : dag.columns.last() + 1;
            int scalars = dag.scalars.isEmpty() ? 0 : dag.scalars.last() + 1;
            return new AdaptiveKernel(outputs, columns, scalars, ready == TOO_LARGE ? null : ready);
        });
    }

    /** Kernel classes generated so far (all shapes): a repeated or prepared statement must not add to it. */
    public static int generatedClasses() {
        return COUNTER.get();
    }

    /** Stands in the cache for a shape whose kernel would exceed a method's size limit. */
    private static final FusedKernel TOO_LARGE = new FusedInterpreter(List.of());

    private static FusedKernel generateOrTooLarge(Dag dag, List<FusedExpr> outputs) {
        try {
            return generate(dag, outputs, VECTOR, VECTOR && !dag.callsVectorMath());
        } catch (IllegalArgumentException e) {
            // the class-file builder refuses a method whose code is longer than the JVM allows; the
            // deposit method holds the DAG twice, so a kernel may still fit without it
            if (!VECTOR) return TOO_LARGE;
        }
        try {
            return generate(dag, outputs, true, false);
        } catch (IllegalArgumentException e) {
            return TOO_LARGE;
        }
    }

    /**
     * Generates a fresh kernel, vectorized (with its deposit method, whatever the DAG: tests check the
     * deposit on every shape) or scalar-only (tests compare the two).
     */
    public static FusedKernel generate(List<FusedExpr> outputs, boolean vector) {
        return generate(new Dag(outputs), outputs, vector, vector);
    }

    /** Generates a kernel; {@code withDeposit} (vector only) adds evalDeposit and makes it a {@link DepositKernel}. */
    private static FusedKernel generate(Dag dag, List<FusedExpr> outputs, boolean vector, boolean withDeposit) {
        ClassDesc self = ClassDesc.of(FusedKernel.class.getPackageName() + ".Fused$" + COUNTER.incrementAndGet());
        ClassLoader loader = FusedCompiler.class.getClassLoader();
        ClassFile cf = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
                ClassHierarchyResolver.defaultResolver().orElse(ClassHierarchyResolver.ofClassLoading(loader))));
        byte[] bytes = cf.build(self, cb -> {
            cb.withFlags(ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL | ClassFile.ACC_SUPER);
            // vector kernels also sum in their loop (DepositKernel); the scalar twin only evaluates
            ClassDesc parent = withDeposit ? DEPOSIT : KERNEL;
            cb.withSuperclass(parent);
            cb.withMethodBody(
                    INIT_NAME,
                    MTD_void,
                    ClassFile.ACC_PUBLIC,
                    b -> b.aload(0).invokespecial(parent, INIT_NAME, MTD_void).return_());
            cb.withMethodBody(
                    "eval",
                    EVAL,
                    ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL,
                    b -> new Body(b, dag, vector, false).emit());
            if (withDeposit)
                cb.withMethodBody(
                        "evalDeposit",
                        EVAL_DEPOSIT,
                        ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL,
                        b -> new Body(b, dag, true, true).emit());
        });
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup().defineHiddenClass(bytes, true);
            return (FusedKernel)
                    lookup.findConstructor(lookup.lookupClass(), java.lang.invoke.MethodType.methodType(void.class))
                            .invoke();
        } catch (Throwable e) {
            throw new IllegalStateException("cannot define fused kernel for " + outputs, e);
        }
    }

    /** The DAG in topological order, each distinct node once. */
    private static final class Dag {
        final List<FusedExpr> nodes = new ArrayList<>();
        /** Structural dedupe keyed on a node's own fields plus its children's ids: record hashCode would walk the subtree per path. */
        final Map<List<Object>, Integer> index = new HashMap<>();

        final IdentityHashMap<FusedExpr, Integer> seen = new IdentityHashMap<>();
        final int[] outputs;
        final TreeSet<Integer> columns = new TreeSet<>();
        final TreeSet<Integer> scalars = new TreeSet<>();

        Dag(List<FusedExpr> outs) {
            outputs = new int[outs.size()];
            for (int k = 0; k < outputs.length; k++) outputs[k] = visit(outs.get(k));
        }

        int visit(FusedExpr e) {
            Integer done = seen.get(e);
            if (done != null) return done;
            switch (e) {
                case FusedExpr.Unary u -> visit(u.arg());
                case FusedExpr.Binary b -> {
                    visit(b.left());
                    visit(b.right());
                }
                case FusedExpr.Select s -> {
                    visitCond(s.cond());
                    visit(s.then());
                    visit(s.otherwise());
                }
                case FusedExpr.Input in -> columns.add(in.column());
                case FusedExpr.Scalar s -> scalars.add(s.index());
            }
            List<Object> key = shallowKey(e);
            Integer id = index.get(key);
            if (id == null) {
                id = nodes.size();
                nodes.add(e);
                index.put(key, id);
            }
            seen.put(e, id);
            return id;
        }

        private void visitCond(FusedExpr.Cond c) {
            switch (c) {
                case FusedExpr.Cond.Compare k -> {
                    visit(k.left());
                    visit(k.right());
                }
                case FusedExpr.Cond.And a -> {
                    visitCond(a.left());
                    visitCond(a.right());
                }
                case FusedExpr.Cond.Or o -> {
                    visitCond(o.left());
                    visitCond(o.right());
                }
                case FusedExpr.Cond.IsNaN n -> visit(n.arg());
            }
        }

        int id(FusedExpr e) {
            return seen.get(e);
        }

        /**
         * Whether the loop calls the vector math library (sin, exp, ln, pow …: out-of-line stubs that
         * clobber the vector registers). Such kernels get no deposit method: its accumulators, live
         * across every call, were spilled and reloaded around each one, and the deposit route measured
         * 20–45 % slower than evaluating into a buffer and adding that (docs/benchmarks.md).
         */
        boolean callsVectorMath() {
            for (FusedExpr n : nodes) {
                switch (n) {
                    case FusedExpr.Unary u -> {
                        if (u.op().vectorOp != null && u.op() != FusedExpr.UnaryOp.SQRT) return true;
                    }
                    case FusedExpr.Binary b -> {
                        if (b.op() == FusedExpr.BinaryOp.POW) return true;
                    }
                    case FusedExpr.Select s -> {}
                    case FusedExpr.Input in -> {}
                    case FusedExpr.Scalar s -> {}
                }
            }
            return false;
        }

        /** The DAG's structure as a value: each node's shallow key in order, then the output ids. */
        List<Object> signature() {
            List<Object> sig = new ArrayList<>(nodes.size() + 1);
            for (FusedExpr n : nodes) sig.add(shallowKey(n));
            sig.add(java.util.Arrays.stream(outputs).boxed().toList());
            return sig;
        }

        private List<Object> shallowKey(FusedExpr e) {
            return switch (e) {
                case FusedExpr.Unary u -> List.of("u", u.op(), id(u.arg()));
                case FusedExpr.Binary b -> List.of("b", b.op(), id(b.left()), id(b.right()));
                case FusedExpr.Select s -> List.of("s", condKey(s.cond()), id(s.then()), id(s.otherwise()));
                case FusedExpr.Input in -> List.of("i", in.column());
                case FusedExpr.Scalar s -> List.of("c", s.index());
            };
        }

        private List<Object> condKey(FusedExpr.Cond c) {
            return switch (c) {
                case FusedExpr.Cond.Compare k -> List.of("cmp", k.op(), id(k.left()), id(k.right()));
                case FusedExpr.Cond.And a -> List.of("and", condKey(a.left()), condKey(a.right()));
                case FusedExpr.Cond.Or o -> List.of("or", condKey(o.left()), condKey(o.right()));
                case FusedExpr.Cond.IsNaN n -> List.of("nan", id(n.arg()));
            };
        }
    }

    /** Emits one method body; local slots are allocated by the builder. */
    private static final class Body {
        final CodeBuilder b;
        final Dag dag;
        final boolean vector;
        /** Emitting evalDeposit: the vector loop deposits its outputs, only the scalar tail writes them. */
        final boolean deposit;
        /** The parameter slot of {@code outs}: 5 in eval, 8 in evalDeposit (after grids, lanes, range). */
        final int outsSlot;

        final Map<Integer, Integer> arr = new LinkedHashMap<>(),
                off = new LinkedHashMap<>(),
                sc = new LinkedHashMap<>();
        int[] vecLocal, dblLocal, outArr;
        int i;

        Body(CodeBuilder b, Dag dag, boolean vector, boolean deposit) {
            this.b = b;
            this.dag = dag;
            this.vector = vector;
            this.deposit = deposit;
            this.outsSlot = deposit ? 8 : 5;
        }

        void species() {
            b.getstatic(DV, "SPECIES_PREFERRED", SPECIES);
        }

        void emit() {
            for (int c : dag.columns) {
                int a = b.allocateLocal(TypeKind.REFERENCE), o = b.allocateLocal(TypeKind.INT);
                b.aload(1).loadConstant(c).aaload().astore(a);
                b.aload(2).loadConstant(c).iaload().istore(o);
                arr.put(c, a);
                off.put(c, o);
            }
            for (int s : dag.scalars) {
                int d = b.allocateLocal(TypeKind.DOUBLE);
                b.aload(3).loadConstant(s).daload().dstore(d);
                sc.put(s, d);
            }
            int outs = dag.outputs.length;
            outArr = new int[outs];
            for (int k = 0; k < outs; k++) {
                outArr[k] = b.allocateLocal(TypeKind.REFERENCE);
                b.aload(outsSlot).loadConstant(k).aaload().astore(outArr[k]);
            }
            i = b.allocateLocal(TypeKind.INT);
            b.iconst_0().istore(i);
            dblLocal = new int[dag.nodes.size()];
            for (int id = 0; id < dblLocal.length; id++) dblLocal[id] = b.allocateLocal(TypeKind.DOUBLE);
            if (vector) vectorLoop();
            scalarLoop();
            b.return_();
        }

        void vectorLoop() {
            int outs = dag.outputs.length;
            int bound = b.allocateLocal(TypeKind.INT), step = b.allocateLocal(TypeKind.INT);
            species();
            b.invokeinterface(SPECIES, "length", MethodTypeDesc.of(CD_int)).istore(step);
            // the deposit loop takes two vectors per iteration (n rounded down to 2·step), eval one
            b.iload(4).iload(4).iload(step);
            if (deposit) b.iconst_2().imul();
            b.irem().isub().istore(bound);
            vecLocal = new int[dag.nodes.size()];
            for (int id = 0; id < vecLocal.length; id++) vecLocal[id] = b.allocateLocal(TypeKind.REFERENCE);
            if (deposit) depositPrologue();
            Label loop = b.newLabel(), end = b.newLabel();
            b.labelBinding(loop);
            b.iload(i).iload(bound).if_icmpge(end);
            for (int id = 0; id < dag.nodes.size(); id++) {
                vectorNode(dag.nodes.get(id));
                b.astore(vecLocal[id]);
            }
            if (deposit) {
                // two accumulator sets, two vectors per iteration: with one, every vector waited on the
                // latency of the previous vector's deposit (the chained S + x)
                depositOutputs(0);
                b.iload(i).iload(step).iadd().istore(i);
                for (int id = 0; id < dag.nodes.size(); id++) {
                    vectorNode(dag.nodes.get(id));
                    b.astore(vecLocal[id]);
                }
                depositOutputs(1);
            } else
                for (int k = 0; k < outs; k++) {
                    int v = vecLocal[dag.outputs[k]];
                    b.aload(v)
                            .aload(outArr[k])
                            .iload(i)
                            .invokevirtual(DV, "intoArray", MethodTypeDesc.of(CD_void, CD_double.arrayType(), CD_int));
                }
            b.iload(i).iload(step).iadd().istore(i);
            b.goto_(loop);
            b.labelBinding(end);
            if (deposit) storeDeposits(step);
        }

        /**
         * Per accumulator set (2) and output: level-0 lane sum, level-1 lane sum, max and min of |x| bits
         * (DoubleVector/LongVector locals), at [set][output].
         */
        int[][] dep0, dep1, depMax, depMin;

        int minusOne, unsignedMinusOne;

        /**
         * Before the vector loop of evalDeposit: per output, the level-0 lanes start at grids[k] (M), the
         * level-1 lanes at 0, the |x| range trackers at 0 and at the largest long.
         */
        void depositPrologue() {
            int outs = dag.outputs.length;
            dep0 = new int[2][outs];
            dep1 = new int[2][outs];
            depMax = new int[2][outs];
            depMin = new int[2][outs];
            minusOne = b.allocateLocal(TypeKind.REFERENCE);
            species();
            b.loadConstant(-1.0)
                    .invokestatic(DV, "broadcast", MethodTypeDesc.of(DV, SPECIES, CD_double))
                    .astore(minusOne);
            unsignedMinusOne = b.allocateLocal(TypeKind.REFERENCE);
            longSpecies();
            b.loadConstant(Long.MAX_VALUE)
                    .invokestatic(
                            LV, "broadcast", MethodTypeDesc.of(LV, SPECIES, java.lang.constant.ConstantDescs.CD_long))
                    .astore(unsignedMinusOne);
            for (int set = 0; set < 2; set++)
                for (int k = 0; k < outs; k++) {
                    dep0[set][k] = b.allocateLocal(TypeKind.REFERENCE);
                    dep1[set][k] = b.allocateLocal(TypeKind.REFERENCE);
                    depMax[set][k] = b.allocateLocal(TypeKind.REFERENCE);
                    depMin[set][k] = b.allocateLocal(TypeKind.REFERENCE);
                    species();
                    b.aload(5)
                            .loadConstant(k)
                            .daload()
                            .invokestatic(DV, "broadcast", MethodTypeDesc.of(DV, SPECIES, CD_double))
                            .astore(dep0[set][k]);
                    species();
                    b.invokestatic(DV, "zero", MethodTypeDesc.of(DV, SPECIES)).astore(dep1[set][k]);
                    longSpecies();
                    b.invokestatic(LV, "zero", MethodTypeDesc.of(LV, SPECIES)).astore(depMax[set][k]);
                    b.aload(unsignedMinusOne).astore(depMin[set][k]);
                }
        }

        void longSpecies() {
            b.getstatic(LV, "SPECIES_PREFERRED", SPECIES);
        }

        /**
         * In the vector loop, per output x: the deposit of PanamaBulkAdd.onGrid without its buffer. S' = S + x
         * rounds x onto M's grid, q = S' − S is that piece exactly and x − q the rest (both FMAs with −1, one
         * rounding each, exact), added to the level-1 lanes; |x| bits go into the max and (unsigned − 1) min.
         */
        void depositOutputs(int set) {
            MethodTypeDesc fma = MethodTypeDesc.of(DV, VEC, VEC);
            MethodTypeDesc lvOp = MethodTypeDesc.of(LV, VEC);
            int[] dep0 = this.dep0[set], dep1 = this.dep1[set], depMax = this.depMax[set], depMin = this.depMin[set];
            for (int k = 0; k < dag.outputs.length; k++) {
                int x = vecLocal[dag.outputs[k]];
                int next = b.allocateLocal(TypeKind.REFERENCE), bits = b.allocateLocal(TypeKind.REFERENCE);
                b.aload(dep0[k]).aload(x).invokevirtual(DV, "add", V_DV).astore(next);
                // level 1 += x − (S' − S)
                b.aload(dep1[k]);
                b.aload(dep0[k]).aload(minusOne).aload(next).invokevirtual(DV, "fma", fma);
                b.aload(minusOne).aload(x).invokevirtual(DV, "fma", fma);
                b.invokevirtual(DV, "add", V_DV).astore(dep1[k]);
                b.aload(next).astore(dep0[k]);
                b.aload(x)
                        .invokevirtual(DV, "reinterpretAsLongs", MethodTypeDesc.of(LV))
                        .loadConstant(Long.MAX_VALUE)
                        .invokevirtual(LV, "and", MethodTypeDesc.of(LV, java.lang.constant.ConstantDescs.CD_long))
                        .astore(bits);
                b.aload(depMax[k]).aload(bits).invokevirtual(LV, "max", lvOp).astore(depMax[k]);
                b.aload(depMin[k])
                        .aload(bits)
                        .aload(unsignedMinusOne)
                        .invokevirtual(LV, "add", lvOp)
                        .invokevirtual(LV, "min", lvOp)
                        .astore(depMin[k]);
            }
        }

        /**
         * After the vector loop: per output, lanes[] receives (S<sub>A</sub> − M) + (S<sub>B</sub> − M) (each
         * difference exact when the deposit is, and so is their sum: multiples of the grid unit far below
         * its 53-bit range) and the two level-1 sums added (likewise exact); range[] the combined max/min.
         */
        void storeDeposits(int step) {
            MethodTypeDesc into = MethodTypeDesc.of(CD_void, CD_double.arrayType(), CD_int);
            MethodTypeDesc reduce = MethodTypeDesc.of(java.lang.constant.ConstantDescs.CD_long, ASSOCIATIVE);
            MethodTypeDesc lvOp = MethodTypeDesc.of(LV, VEC);
            for (int k = 0; k < dag.outputs.length; k++) {
                int m = b.allocateLocal(TypeKind.REFERENCE);
                species();
                b.aload(5)
                        .loadConstant(k)
                        .daload()
                        .invokestatic(DV, "broadcast", MethodTypeDesc.of(DV, SPECIES, CD_double))
                        .astore(m);
                b.aload(dep0[0][k]).aload(m).invokevirtual(DV, "sub", V_DV);
                b.aload(dep0[1][k]).aload(m).invokevirtual(DV, "sub", V_DV);
                b.invokevirtual(DV, "add", V_DV);
                b.aload(6).loadConstant(2 * k).iload(step).imul().invokevirtual(DV, "intoArray", into);
                b.aload(dep1[0][k]).aload(dep1[1][k]).invokevirtual(DV, "add", V_DV);
                b.aload(6).loadConstant(2 * k + 1).iload(step).imul().invokevirtual(DV, "intoArray", into);
                b.aload(7).loadConstant(2 * k).aload(depMax[0][k]).aload(depMax[1][k]);
                b.invokevirtual(LV, "max", lvOp);
                b.getstatic(OPS, "MAX", ASSOCIATIVE)
                        .invokevirtual(LV, "reduceLanes", reduce)
                        .lastore();
                b.aload(7).loadConstant(2 * k + 1).aload(depMin[0][k]).aload(depMin[1][k]);
                b.invokevirtual(LV, "min", lvOp);
                b.getstatic(OPS, "MIN", ASSOCIATIVE)
                        .invokevirtual(LV, "reduceLanes", reduce)
                        .lastore();
            }
        }

        void vectorNode(FusedExpr e) {
            switch (e) {
                case FusedExpr.Input in -> {
                    species();
                    b.aload(arr.get(in.column()))
                            .iload(i)
                            .iload(off.get(in.column()))
                            .iadd()
                            .invokestatic(
                                    DV, "fromArray", MethodTypeDesc.of(DV, SPECIES, CD_double.arrayType(), CD_int));
                }
                case FusedExpr.Scalar s -> {
                    species();
                    b.dload(sc.get(s.index())).invokestatic(DV, "broadcast", MethodTypeDesc.of(DV, SPECIES, CD_double));
                }
                case FusedExpr.Unary u -> {
                    b.aload(vecLocal[dag.id(u.arg())]);
                    switch (u.op()) {
                        case NEG -> b.invokevirtual(DV, "neg", NONE_DV);
                        case ABS -> b.invokevirtual(DV, "abs", NONE_DV);
                        case SIGN -> {
                            // as the engine's sign kernel: NaN stays NaN, ±0 stays 0
                            int x = vecLocal[dag.id(u.arg())];
                            b.dconst_1()
                                    .aload(x)
                                    .getstatic(OPS, "GT", COMPARISON)
                                    .dconst_0()
                                    .invokevirtual(DV, "compare", MethodTypeDesc.of(MASK, COMPARISON, CD_double))
                                    .invokevirtual(DV, "blend", MethodTypeDesc.of(DV, CD_double, MASK));
                            b.loadConstant(-1.0)
                                    .aload(x)
                                    .getstatic(OPS, "LT", COMPARISON)
                                    .dconst_0()
                                    .invokevirtual(DV, "compare", MethodTypeDesc.of(MASK, COMPARISON, CD_double))
                                    .invokevirtual(DV, "blend", MethodTypeDesc.of(DV, CD_double, MASK));
                        }
                        default -> lanewise(u.op().vectorOp);
                    }
                }
                case FusedExpr.Select sel -> {
                    b.aload(vecLocal[dag.id(sel.otherwise())]).aload(vecLocal[dag.id(sel.then())]);
                    vectorCond(sel.cond());
                    b.invokevirtual(DV, "blend", MethodTypeDesc.of(DV, VEC, MASK));
                }
                case FusedExpr.Binary bin -> {
                    int right = vecLocal[dag.id(bin.right())];
                    b.aload(vecLocal[dag.id(bin.left())]);
                    if (bin.op() == FusedExpr.BinaryOp.POW) {
                        b.getstatic(OPS, "POW", BINARY)
                                .aload(right)
                                .invokevirtual(DV, "lanewise", MethodTypeDesc.of(DV, BINARY, VEC));
                        return;
                    }
                    b.aload(right);
                    String m = switch (bin.op()) {
                        case ADD -> "add";
                        case SUB -> "sub";
                        case MUL -> "mul";
                        case DIV, DIV_OR_NAN -> "div";
                        case MIN -> "min";
                        case MAX -> "max";
                        case POW -> throw new IllegalStateException("handled above");
                    };
                    b.invokevirtual(DV, m, V_DV);
                    if (bin.op() == FusedExpr.BinaryOp.DIV_OR_NAN) nanWhere(right, "EQ", 0);
                }
            }
        }

        /** Pushes the condition's VectorMask. */
        void vectorCond(FusedExpr.Cond c) {
            switch (c) {
                case FusedExpr.Cond.Compare k ->
                    b.aload(vecLocal[dag.id(k.left())])
                            .getstatic(OPS, k.op().name(), COMPARISON)
                            .aload(vecLocal[dag.id(k.right())])
                            .invokevirtual(DV, "compare", MethodTypeDesc.of(MASK, COMPARISON, VEC));
                case FusedExpr.Cond.And a -> {
                    vectorCond(a.left());
                    vectorCond(a.right());
                    b.invokevirtual(MASK, "and", MethodTypeDesc.of(MASK, MASK));
                }
                case FusedExpr.Cond.Or o -> {
                    vectorCond(o.left());
                    vectorCond(o.right());
                    b.invokevirtual(MASK, "or", MethodTypeDesc.of(MASK, MASK));
                }
                case FusedExpr.Cond.IsNaN n -> {
                    // IEEE "not equal" is true exactly for NaN when a value is compared with itself
                    int v = vecLocal[dag.id(n.arg())];
                    b.aload(v)
                            .getstatic(OPS, "NE", COMPARISON)
                            .aload(v)
                            .invokevirtual(DV, "compare", MethodTypeDesc.of(MASK, COMPARISON, VEC));
                }
            }
        }

        /** Pushes the condition as an int (0/1) for the scalar loop. */
        void scalarCond(FusedExpr.Cond c) {
            switch (c) {
                case FusedExpr.Cond.Compare k ->
                    b.dload(dblLocal[dag.id(k.left())])
                            .dload(dblLocal[dag.id(k.right())])
                            .invokestatic(INTERP, k.op().name().toLowerCase(Locale.ROOT), DD_Z);
                case FusedExpr.Cond.And a -> {
                    scalarCond(a.left());
                    scalarCond(a.right());
                    b.iand();
                }
                case FusedExpr.Cond.Or o -> {
                    scalarCond(o.left());
                    scalarCond(o.right());
                    b.ior();
                }
                case FusedExpr.Cond.IsNaN n ->
                    b.dload(dblLocal[dag.id(n.arg())])
                            .invokestatic(
                                    ClassDesc.of("java.lang.Double"),
                                    "isNaN",
                                    MethodTypeDesc.of(java.lang.constant.ConstantDescs.CD_boolean, CD_double));
            }
        }

        /** With a DoubleVector r on the stack: r with NaN in the lanes where {@code local <op> bound}. */
        void nanWhere(int local, String comparison, double bound) {
            species();
            b.loadConstant(Double.NaN).invokestatic(DV, "broadcast", MethodTypeDesc.of(DV, SPECIES, CD_double));
            b.aload(local)
                    .getstatic(OPS, comparison, COMPARISON)
                    .loadConstant(bound)
                    .invokevirtual(DV, "compare", MethodTypeDesc.of(MASK, COMPARISON, CD_double));
            b.invokevirtual(DV, "blend", MethodTypeDesc.of(DV, VEC, MASK));
        }

        void lanewise(String op) {
            b.getstatic(OPS, op, UNARY).invokevirtual(DV, "lanewise", MethodTypeDesc.of(DV, UNARY));
        }

        void scalarLoop() {
            Label loop = b.newLabel(), end = b.newLabel();
            b.labelBinding(loop);
            b.iload(i).iload(4).if_icmpge(end);
            for (int id = 0; id < dag.nodes.size(); id++) {
                scalarNode(dag.nodes.get(id));
                b.dstore(dblLocal[id]);
            }
            for (int k = 0; k < dag.outputs.length; k++) {
                int v = dblLocal[dag.outputs[k]];
                b.aload(outArr[k]).iload(i).dload(v).dastore();
            }
            b.iinc(i, 1);
            b.goto_(loop);
            b.labelBinding(end);
        }

        void scalarNode(FusedExpr e) {
            switch (e) {
                case FusedExpr.Input in ->
                    b.aload(arr.get(in.column()))
                            .iload(i)
                            .iload(off.get(in.column()))
                            .iadd()
                            .daload();
                case FusedExpr.Scalar s -> b.dload(sc.get(s.index()));
                case FusedExpr.Unary u -> {
                    b.dload(dblLocal[dag.id(u.arg())]);
                    switch (u.op()) {
                        case NEG -> b.dneg();
                        default -> b.invokestatic(MATH, u.op().mathMethod, D_D);
                    }
                }
                case FusedExpr.Select sel -> {
                    scalarCond(sel.cond());
                    b.dload(dblLocal[dag.id(sel.then())])
                            .dload(dblLocal[dag.id(sel.otherwise())])
                            .invokestatic(
                                    INTERP,
                                    "select",
                                    MethodTypeDesc.of(
                                            CD_double,
                                            java.lang.constant.ConstantDescs.CD_boolean,
                                            CD_double,
                                            CD_double));
                }
                case FusedExpr.Binary bin -> {
                    b.dload(dblLocal[dag.id(bin.left())]).dload(dblLocal[dag.id(bin.right())]);
                    switch (bin.op()) {
                        case ADD -> b.dadd();
                        case SUB -> b.dsub();
                        case MUL -> b.dmul();
                        case DIV -> b.ddiv();
                        case MIN -> b.invokestatic(MATH, "min", DD_D);
                        case MAX -> b.invokestatic(MATH, "max", DD_D);
                        case DIV_OR_NAN -> b.invokestatic(INTERP, "divOrNaN", DD_D);
                        case POW -> b.invokestatic(MATH, "pow", DD_D);
                    }
                }
            }
        }
    }
}
