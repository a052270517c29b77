package dev.nabla.engine.exec;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;

/**
 * The one cap on string sizes: no value built by a string function or aggregate may exceed
 * {@link #MAX_LENGTH} characters (PostgreSQL caps text at 1 GB). Builders check the length a result
 * would have before they allocate it, so an oversized result is a clean 54000 error rather than a Java
 * OutOfMemoryError ("Required length exceeds implementation limit" past 2^31).
 */
public final class StringLimit {
    private StringLimit() {}

    /** 2^30 characters. */
    public static final int MAX_LENGTH = 1 << 30;

    /** Throws LIMIT_EXCEEDED (54000) when a result of {@code length} characters made by {@code what} is too long. */
    public static void check(long length, String what) {
        if (length > MAX_LENGTH || length < 0) throw tooLong(length, what);
    }

    /** Checks the combined length of {@code a} and {@code b} (e.g. the operands of {@code ||}). */
    public static void checkSum(int a, int b, String what) {
        if ((long) a + b > MAX_LENGTH) throw tooLong((long) a + b, what);
    }

    /** Checks a result made of {@code count} copies of {@code unit} characters (repeat). */
    public static void checkProduct(long count, int unit, String what) {
        if (count <= 0 || unit == 0) return;
        if (count > MAX_LENGTH || count * unit > MAX_LENGTH)
            throw tooLong(Math.multiplyHigh(count, unit) != 0 ? -1 : count * unit, what);
    }

    private static NablaException tooLong(long length, String what) {
        String size = length < 0 ? "more than 2^63" : Long.toString(length);
        return new NablaException(
                ErrorCode.LIMIT_EXCEEDED,
                "string too long: " + what + " would make " + size + " characters, more than the maximum of "
                        + MAX_LENGTH + " (2^30)");
    }
}
