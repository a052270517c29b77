package dev.nabla.engine.functions;

import dev.nabla.common.Span;
import dev.nabla.engine.exec.ScannableSource;
import java.util.List;
import java.util.Map;

/**
 * A table-valued function such as {@code generate_series} or {@code read_csv}. The binder has already
 * constant-folded the arguments (Long, Double, String, Boolean, null, or a List of those).
 */
@FunctionalInterface
public interface TableFunction {
    /**
     * The source a Scan of this call reads. Throw {@code NablaException} with {@code span}
     * (INVALID_ARGUMENT, IO, ...) for bad arguments; the returned source should stream its batches.
     */
    ScannableSource resolve(List<Object> args, Map<String, Object> namedArgs, Span span);
}
