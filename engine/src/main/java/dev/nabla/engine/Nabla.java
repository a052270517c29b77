package dev.nabla.engine;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Entry point of the embedded API. {@link #open()} creates a private in-memory database;
 * {@link #open(String)} returns the JVM-wide database of that name, creating it on first use. A named
 * database lives until {@link #drop(String)} (or its {@code close()}) or JVM exit — closing its last
 * session does not discard it.
 */
public final class Nabla {
    private static final Map<String, Database> NAMED = new ConcurrentHashMap<>();

    private Nabla() {}

    public static Database open() { return new Database(null); }

    public static Database open(String name) {
        Objects.requireNonNull(name, "name");
        return NAMED.computeIfAbsent(name, Database::new);
    }

    /** Closes and forgets a named database; true when it existed. */
    public static boolean drop(String name) {
        Database db = NAMED.remove(name);
        if (db == null) return false;
        db.close();
        return true;
    }

    static void forget(String name, Database db) { NAMED.remove(name, db); }
}
