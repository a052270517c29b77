package dev.nabla.engine.io.netcdf;

import dev.nabla.storage.DataType;
import java.util.Objects;

/**
 * A dimension with its coordinate values already converted to SQL physical values (read once at
 * ATTACH: coordinates are small). {@code longs} holds BIGINT/INTEGER/TIMESTAMP coordinates,
 * {@code doubles} REAL/DOUBLE ones; a dimension without a coordinate variable counts 0..n-1.
 */
record NcDimension(String name, int length, DataType type, long[] longs, double[] doubles) {
    NcDimension {
        Objects.requireNonNull(name);
    }

    /** The coordinate of index i as a double, for comparing with filter constants. */
    double valueAt(int i) {
        return doubles != null ? doubles[i] : (double) longs[i];
    }
}
