package dev.nabla.engine.io.netcdf;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.engine.exec.ExecContext;
import dev.nabla.engine.exec.ScannableSource;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.logical.Column;
import dev.nabla.storage.Batch;
import dev.nabla.storage.ColumnVector;
import dev.nabla.storage.DataType;
import dev.nabla.storage.PhysicalType;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The variables of a NetCDF file that share one dimension tuple, as a table: one row per grid cell
 * (row-major over the dimensions), the dimension coordinates first, then each variable. Scans read
 * only the projected variables, only inside the index ranges a pushed-down filter on the dimension
 * columns allows, one hyperslab of at most {@link #SLAB_CELLS} cells at a time.
 */
public final class NcGroupSource implements ScannableSource {
    static final int SLAB_CELLS = 1 << 20;

    private final NcFile file;
    private final String display;
    private final List<NcDimension> dims;
    private final List<NcVariable> vars;
    private final List<String> names = new ArrayList<>();
    private final List<DataType> types = new ArrayList<>();
    private final AtomicLong cellsRead = new AtomicLong();

    NcGroupSource(NcFile file, String display, List<NcDimension> dims, List<NcVariable> vars) {
        this.file = file;
        this.display = display;
        this.dims = List.copyOf(dims);
        this.vars = List.copyOf(vars);
        for (NcDimension d : dims) {
            names.add(d.name());
            types.add(d.type());
        }
        for (NcVariable v : vars) {
            names.add(v.name());
            types.add(v.type());
        }
    }

    /** The same group under another display name (read_netcdf's). */
    NcGroupSource renamed(String newDisplay) {
        return new NcGroupSource(file, newDisplay, dims, vars);
    }

    boolean hasVariable(String name) {
        return vars.stream().anyMatch(v -> v.name().equalsIgnoreCase(name));
    }

    List<String> variableNames() {
        return vars.stream().map(NcVariable::name).toList();
    }

    /** The group restricted to the named variables, which must all be in it. */
    NcGroupSource select(List<String> wanted, String newDisplay, Span span) {
        List<NcVariable> chosen = new ArrayList<>();
        for (String w : wanted) {
            NcVariable v = vars.stream()
                    .filter(x -> x.name().equalsIgnoreCase(w))
                    .findFirst()
                    .orElseThrow(() -> new NablaException(
                            ErrorCode.INVALID_ARGUMENT,
                            span,
                            "read_netcdf: variable " + w + " is not on the dimensions ("
                                    + String.join(
                                            ", ",
                                            dims.stream().map(NcDimension::name).toList()) + ") of "
                                    + vars.get(0).name()
                                    + "; read it in a separate call"));
            chosen.add(v);
        }
        return new NcGroupSource(file, newDisplay, dims, chosen);
    }

    /** Variable cells read from the file so far by scans of this source (coordinates not counted): lets tests see pruning work. */
    public long cellsRead() {
        return cellsRead.get();
    }

    @Override
    public String name() {
        return display;
    }

    @Override
    public List<String> columnNames() {
        return Collections.unmodifiableList(names);
    }

    @Override
    public List<DataType> columnTypes() {
        return Collections.unmodifiableList(types);
    }

    @Override
    public long estimatedRows() {
        long n = 1;
        for (NcDimension d : dims) n *= d.length();
        return n;
    }

    @Override
    public String toString() {
        return display;
    }

    @Override
    public Iterator<Batch> scan(
            List<Integer> columns, boolean withRowIds, Expr pushedFilter, List<Column> scanOutput, ExecContext ctx) {
        if (withRowIds) throw new NablaException(ErrorCode.UNSUPPORTED, display + " is read-only");
        int nd = dims.size();
        int[] lo = new int[nd], hi = new int[nd];
        if (!HyperslabPruner.prune(pushedFilter, dims, columns, scanOutput, lo, hi)) return Collections.emptyIterator();
        return new Cells(columns, lo, hi, ctx);
    }

    /** Walks the selected hyperslab slab by slab, emitting batches of cells. */
    private final class Cells implements Iterator<Batch> {
        private final int[] cols;
        private final int nd;
        private final int[] lo, count;
        /** Dimensions before {@code split} advance one index per slab; {@code split} advances by {@code step}. */
        private final int split, step;

        private final int[] outer;
        private final ExecContext ctx;
        private boolean exhausted;
        // the current slab
        private int[] slabShape;
        private long[] slabOffset;
        private int slabCells, pos;
        private double[][] dvals;
        private long[][] lvals;

        Cells(List<Integer> columns, int[] lo, int[] hi, ExecContext ctx) {
            this.cols = columns.stream().mapToInt(Integer::intValue).toArray();
            this.nd = dims.size();
            this.lo = lo;
            this.count = new int[nd];
            for (int d = 0; d < nd; d++) count[d] = hi[d] - lo[d] + 1;
            int k = nd;
            long inner = 1;
            while (k > 0 && inner * count[k - 1] <= SLAB_CELLS) inner *= count[--k];
            // dims k.. fit in one slab; split along k-1 in steps, loop over dims before it
            if (k == 0) {
                split = -1;
                step = 0;
            } else {
                split = k - 1;
                step = (int) Math.max(1, SLAB_CELLS / inner);
            }
            this.outer = new int[nd];
            this.ctx = ctx;
        }

        @Override
        public boolean hasNext() {
            if (slabShape != null && pos < slabCells) return true;
            if (exhausted) return false;
            return readSlab();
        }

        private boolean readSlab() {
            if (slabShape != null && !advance()) {
                exhausted = true;
                return false;
            }
            if (ctx != null) ctx.checkCancelled();
            slabShape = new int[nd];
            slabOffset = new long[nd];
            long cells = 1;
            for (int d = 0; d < nd; d++) {
                if (d < split) {
                    slabOffset[d] = lo[d] + outer[d];
                    slabShape[d] = 1;
                } else if (d == split) {
                    slabOffset[d] = lo[d] + outer[d];
                    slabShape[d] = Math.min(step, count[d] - outer[d]);
                } else {
                    slabOffset[d] = lo[d];
                    slabShape[d] = count[d];
                }
                cells *= slabShape[d];
            }
            slabCells = (int) cells;
            pos = 0;
            dvals = new double[cols.length][];
            lvals = new long[cols.length][];
            boolean anyVar = false;
            for (int c : cols) anyVar |= c >= nd;
            if (anyVar && slabCells > 0) {
                try (HdfFile h = new HdfFile(file.path)) {
                    for (int k = 0; k < cols.length; k++) {
                        if (cols[k] < nd) continue;
                        NcVariable v = vars.get(cols[k] - nd);
                        Dataset ds = h.getDatasetByPath(v.path());
                        Object raw = nd == 0 ? ds.getData() : ds.getData(slabOffset, slabShape);
                        if (v.integralRaw()) lvals[k] = new long[slabCells];
                        else dvals[k] = new double[slabCells];
                        Flatten.into(raw, dvals[k], lvals[k], 0);
                        cellsRead.addAndGet(slabCells);
                    }
                } catch (NablaException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw new NablaException(
                            ErrorCode.IO,
                            Span.NONE,
                            "cannot read " + display + " from '" + file.file + "': "
                                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
                            e);
                }
            }
            if (slabCells == 0) {
                exhausted = true;
                return false;
            }
            return true;
        }

        /** Moves to the next slab origin; false after the last one. */
        private boolean advance() {
            if (split < 0) return false;
            outer[split] += step;
            for (int d = split; d >= 0; d--) {
                if (outer[d] < count[d]) return true;
                if (d == 0) return false;
                outer[d] = 0;
                outer[d - 1]++;
            }
            return false;
        }

        @Override
        public Batch next() {
            if (!hasNext()) throw new NoSuchElementException();
            int n = Math.min(Batch.CAPACITY, slabCells - pos);
            ColumnVector[] out = new ColumnVector[cols.length];
            for (int k = 0; k < cols.length; k++) {
                int c = cols[k];
                out[k] = c < nd ? coordinates(dims.get(c), c, n) : values(vars.get(c - nd), k, n);
            }
            pos += n;
            return new Batch(out, n);
        }

        /** Coordinate column of dimension {@code d} for cells pos .. pos+n-1 of the slab (row-major). */
        private ColumnVector coordinates(NcDimension dim, int d, int n) {
            int inner = 1;
            for (int e = d + 1; e < nd; e++) inner *= slabShape[e];
            int len = slabShape[d];
            int base = (int) slabOffset[d];
            if (dim.type().physical() == PhysicalType.DOUBLE) {
                double[] src = dim.doubles(), a = new double[n];
                for (int i = 0; i < n; i++) a[i] = src[base + ((pos + i) / inner) % len];
                return ColumnVector.ofDoubles(dim.type(), a, null, 0);
            }
            long[] src = dim.longs(), a = new long[n];
            for (int i = 0; i < n; i++) a[i] = src[base + ((pos + i) / inner) % len];
            return ColumnVector.ofLongs(dim.type(), a, null, 0);
        }

        private ColumnVector values(NcVariable v, int k, int n) {
            long[] nulls = null;
            if (v.type().physical() == PhysicalType.DOUBLE) {
                double[] src = dvals[k], a = new double[n];
                double scale = v.scale(), off = v.addOffset();
                boolean packed = v.packed();
                if (src == null) {
                    long[] ls = lvals[k];
                    for (int i = 0; i < n; i++) {
                        double raw = ls[pos + i];
                        if (v.isMissing(raw)) nulls = setNull(nulls, n, i);
                        else a[i] = packed ? raw * scale + off : raw;
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        double raw = src[pos + i];
                        if (v.isMissing(raw)) nulls = setNull(nulls, n, i);
                        else a[i] = packed ? raw * scale + off : raw;
                    }
                }
                return ColumnVector.ofDoubles(v.type(), a, nulls, 0);
            }
            long[] a = new long[n];
            if (v.isTime()) {
                long baseT = v.timeBase();
                double unit = v.timeUnit();
                for (int i = 0; i < n; i++) {
                    double raw = lvals[k] != null ? lvals[k][pos + i] : dvals[k][pos + i];
                    if (v.isMissing(raw)) nulls = setNull(nulls, n, i);
                    else a[i] = baseT + Math.round(raw * unit);
                }
            } else {
                long[] src = lvals[k];
                for (int i = 0; i < n; i++) {
                    long raw = src[pos + i];
                    if (v.isMissing(raw)) nulls = setNull(nulls, n, i);
                    else a[i] = raw;
                }
            }
            return ColumnVector.ofLongs(v.type(), a, nulls, 0);
        }
    }

    private static long[] setNull(long[] bits, int n, int i) {
        if (bits == null) bits = new long[(n + 63) >>> 6];
        bits[i >>> 6] |= 1L << i;
        return bits;
    }
}
