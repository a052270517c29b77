package dev.nabla.engine.io;

import dev.nabla.engine.exec.ScannableSource;
import java.util.Map;

/** Opens a file for {@code ATTACH 'path' AS name (TYPE x)}: the tables it exposes, by name. */
@FunctionalInterface
public interface Attacher {
    /** Tables of the attached schema, keyed by table name. Throws NablaException(IO, ...) on failure. */
    Map<String, ScannableSource> attach(String path, Map<String, Object> options);
}
