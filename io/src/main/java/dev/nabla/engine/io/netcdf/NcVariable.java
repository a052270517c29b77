package dev.nabla.engine.io.netcdf;

import dev.nabla.storage.DataType;
import java.util.List;
import java.util.Objects;

/**
 * A variable of a NetCDF-4 file as Nabla sees it: its HDF5 dataset path, dimension names (in order),
 * SQL type and how raw values become SQL values (missing-value markers, CF packing, CF time).
 *
 * @param fill      {@code _FillValue} (NaN when absent)
 * @param missing   {@code missing_value} (NaN when absent)
 * @param scale     {@code scale_factor} (1 when absent)
 * @param addOffset {@code add_offset} (0 when absent)
 * @param timeBase  for CF time ({@code <unit> since <date>}): epoch micros of the reference date
 * @param timeUnit  micros per unit for CF time; 0 when the variable is not a time
 */
record NcVariable(
        String name,
        String path,
        List<String> dims,
        int[] shape,
        DataType type,
        boolean integralRaw,
        double fill,
        double missing,
        double scale,
        double addOffset,
        long timeBase,
        double timeUnit) {
    NcVariable {
        Objects.requireNonNull(name);
        dims = List.copyOf(dims);
    }

    boolean isTime() {
        return timeUnit != 0;
    }

    boolean packed() {
        return scale != 1 || addOffset != 0;
    }

    long cells() {
        long n = 1;
        for (int s : shape) n *= s;
        return n;
    }

    /** Whether a raw value stands for a missing cell. */
    boolean isMissing(double raw) {
        return Double.isNaN(raw) || raw == fill || raw == missing;
    }
}
