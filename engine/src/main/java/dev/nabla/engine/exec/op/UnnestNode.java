package dev.nabla.engine.exec.op;

import dev.nabla.engine.exec.ExecState;
import dev.nabla.engine.exec.expr.Evaluator;
import dev.nabla.engine.exec.expr.ExprProgram;
import dev.nabla.engine.exec.store.Batches;
import dev.nabla.storage.Batch;
import dev.nabla.storage.ColumnVector;
import dev.nabla.storage.DataType;
import dev.nabla.storage.ListValue;
import dev.nabla.storage.PhysicalType;
import java.util.List;

/**
 * {@link dev.nabla.plan.logical.Unnest}: streams its input; per batch it evaluates the list expressions once,
 * then walks the rows, writing (input row, element index) pairs until a batch of output is full. An output
 * batch gathers the input's columns by those row numbers (a row repeats once per element) and fills the
 * element columns from the lists directly. Lists ({@code DOUBLE[]}, one {@link ListValue} per row) and arrays
 * ({@code DOUBLE[n]}, row-major) are both read where they lie, without boxing.
 */
final class UnnestNode extends PhysicalNode {
    final PhysicalNode input;
    final ExprProgram lists;
    final boolean[] subscripts;
    final boolean ordinality, outer;
    final int inputWidth;

    UnnestNode(
            List<DataType> types,
            PhysicalNode input,
            ExprProgram lists,
            boolean[] subscripts,
            boolean ordinality,
            boolean outer) {
        super(types);
        this.input = input;
        this.lists = lists;
        this.subscripts = subscripts;
        this.ordinality = ordinality;
        this.outer = outer;
        this.inputWidth = input.types.size();
    }

    @Override
    public List<? extends Explained> explainInputs() {
        return List.of(input);
    }

    @Override
    public boolean execute(ExecState st, Downstream out) {
        Evaluator ev = lists.newEvaluator(st);
        int k = subscripts.length;
        int[] rows = new int[Batch.CAPACITY], elems = new int[Batch.CAPACITY];
        return input.execute(st, in -> {
            Batch b = Batches.dense(in);
            int n = b.count;
            if (n == 0) return true;
            st.ctx.checkCancelled();
            ev.eval(b);
            ColumnVector[] lv = new ColumnVector[k];
            for (int i = 0; i < k; i++) lv[i] = ev.column(i, b);
            int m = 0;
            for (int r = 0; r < n; r++) {
                int len = 0;
                for (int i = 0; i < k; i++) len = Math.max(len, length(lv[i], r));
                if (len == 0 && outer) {
                    // LEFT JOIN unnest(..) ON true: the row stays once, with NULL elements
                    rows[m] = r;
                    elems[m++] = -1;
                    if (m == rows.length) {
                        if (!out.accept(emit(b, lv, rows, elems, m))) return false;
                        m = 0;
                    }
                }
                for (int e = 0; e < len; e++) {
                    rows[m] = r;
                    elems[m++] = e;
                    if (m == rows.length) {
                        if (!out.accept(emit(b, lv, rows, elems, m))) return false;
                        m = 0;
                        st.ctx.checkCancelled();
                    }
                }
            }
            return m == 0 || out.accept(emit(b, lv, rows, elems, m));
        });
    }

    /** Elements in row {@code r} of a list or array vector; 0 for a NULL one. */
    private static int length(ColumnVector v, int r) {
        if (v.isNull(r)) return 0;
        return switch (v.type.physical()) {
            case LIST -> v.getList(r).length();
            case ARRAY -> ColumnVector.width(v.type);
            // unnest(NULL): the binder types a bare NULL as a list, so only a NULL row gets here
            case LONG, DOUBLE, STRING, INT128 -> 0;
        };
    }

    private Batch emit(Batch b, ColumnVector[] lv, int[] rows, int[] elems, int m) {
        ColumnVector[] cols = new ColumnVector[types.size()];
        for (int c = 0; c < inputWidth; c++) cols[c] = Batches.gather(b.columns[c], rows, m);
        for (int i = 0; i < lv.length; i++)
            cols[inputWidth + i] = subscripts[i] ? subscripts(lv[i], rows, elems, m) : elements(lv[i], rows, elems, m);
        if (ordinality) {
            long[] ord = new long[m];
            long[] nulls = null;
            for (int j = 0; j < m; j++) {
                ord[j] = elems[j] + 1L;
                if (elems[j] < 0) {
                    if (nulls == null) nulls = new long[(m + 63) >>> 6];
                    nulls[j >>> 6] |= 1L << j;
                }
            }
            cols[cols.length - 1] = ColumnVector.ofLongs(DataType.BIGINT, ord, nulls, 0);
        }
        return new Batch(cols, m);
    }

    /**
     * Element {@code elems[j]} of row {@code rows[j]}'s list, NULL past its end, for a NULL list or element; the
     * column has the list's element type (its doubles, longs or strings).
     */
    private static ColumnVector elements(ColumnVector v, int[] rows, int[] elems, int m) {
        boolean list = v.type.physical() == PhysicalType.LIST;
        DataType type = list ? ((dev.nabla.storage.ListType) v.type).element() : DataType.DOUBLE;
        ListValue.Kind kind = list ? ((dev.nabla.storage.ListType) v.type).kind() : ListValue.Kind.DOUBLE;
        double[] out = kind == ListValue.Kind.DOUBLE ? new double[m] : null;
        long[] outL = kind == ListValue.Kind.LONG ? new long[m] : null;
        String[] outS = kind == ListValue.Kind.STRING ? new String[m] : null;
        long[] nulls = null;
        for (int j = 0; j < m; j++) {
            int r = rows[j], e = elems[j];
            boolean isNull = e < 0 || v.isNull(r);
            if (!isNull) {
                if (list) {
                    ListValue l = v.getList(r);
                    isNull = e >= l.length() || l.isNull(e);
                    if (!isNull) {
                        switch (kind) {
                            case DOUBLE -> out[j] = l.get(e);
                            case LONG -> outL[j] = l.getLong(e);
                            case STRING -> outS[j] = l.getString(e);
                        }
                    }
                } else {
                    int w = ColumnVector.width(v.type);
                    isNull = e >= w;
                    if (!isNull) out[j] = v.doubles[v.rowStart(r) + e];
                }
            }
            if (isNull) {
                if (nulls == null) nulls = new long[(m + 63) >>> 6];
                nulls[j >>> 6] |= 1L << j;
            }
        }
        return switch (kind) {
            case DOUBLE -> ColumnVector.ofDoubles(type, out, nulls, 0);
            case LONG -> ColumnVector.ofLongs(type, outL, nulls, 0);
            case STRING -> ColumnVector.ofStrings(outS, nulls, 0);
        };
    }

    /** {@code generate_subscripts}: the 1-based position, NULL past the end of this row's list. */
    private static ColumnVector subscripts(ColumnVector v, int[] rows, int[] elems, int m) {
        long[] out = new long[m];
        long[] nulls = null;
        for (int j = 0; j < m; j++) {
            int e = elems[j];
            if (e >= 0 && e < length(v, rows[j])) out[j] = e + 1L;
            else {
                if (nulls == null) nulls = new long[(m + 63) >>> 6];
                nulls[j >>> 6] |= 1L << j;
            }
        }
        return ColumnVector.ofLongs(DataType.BIGINT, out, nulls, 0);
    }
}
