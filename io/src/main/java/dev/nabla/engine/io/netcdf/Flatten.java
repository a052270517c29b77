package dev.nabla.engine.io.netcdf;

/** Copies jhdf's nested Java arrays (float[][][] ...) row-major into flat double[] and long[] buffers. */
final class Flatten {
    private Flatten() {}

    /**
     * Writes every element of {@code data} from position {@code at}: floating values into {@code d},
     * integral ones into {@code l} and (as doubles) into {@code d}. Either buffer may be null. Returns the next position.
     */
    static int into(Object data, double[] d, long[] l, int at) {
        switch (data) {
            case float[] a -> {
                for (int i = 0; i < a.length; i++) d[at + i] = a[i];
                return at + a.length;
            }
            case double[] a -> {
                System.arraycopy(a, 0, d, at, a.length);
                return at + a.length;
            }
            case long[] a -> {
                for (int i = 0; i < a.length; i++) {
                    if (l != null) l[at + i] = a[i];
                    if (d != null) d[at + i] = a[i];
                }
                return at + a.length;
            }
            case int[] a -> {
                for (int i = 0; i < a.length; i++) {
                    if (l != null) l[at + i] = a[i];
                    if (d != null) d[at + i] = a[i];
                }
                return at + a.length;
            }
            case short[] a -> {
                for (int i = 0; i < a.length; i++) {
                    if (l != null) l[at + i] = a[i];
                    if (d != null) d[at + i] = a[i];
                }
                return at + a.length;
            }
            case byte[] a -> {
                for (int i = 0; i < a.length; i++) {
                    if (l != null) l[at + i] = a[i];
                    if (d != null) d[at + i] = a[i];
                }
                return at + a.length;
            }
            case Object[] a -> {
                for (Object o : a) at = into(o, d, l, at);
                return at;
            }
            case Number n -> {
                if (l != null) l[at] = n.longValue();
                if (d != null) d[at] = n.doubleValue();
                return at + 1;
            }
            default ->
                throw new IllegalArgumentException(
                        "unsupported HDF5 element type " + data.getClass().getSimpleName());
        }
    }
}
