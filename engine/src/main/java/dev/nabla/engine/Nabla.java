package dev.nabla.engine;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;

/**
 * Entry point of the embedded API. {@link #open()} creates a private in-memory database;
 * {@link #open(String)} returns the JVM-wide database of that name, creating it on first use. A named
 * database lives until {@link #drop(String)} (or its {@code close()}) or JVM exit — closing its last
 * session does not discard it.
 */
@NullMarked
public final class Nabla {
    private static final Map<String, Database> NAMED = new ConcurrentHashMap<>();
    private static final Map<java.nio.file.Path, Database> FILES = new java.util.HashMap<>();
    private static final List<Extension> EXTENSIONS = new CopyOnWriteArrayList<>();

    private static volatile boolean loaded;

    private Nabla() {}

    public static Database open() {
        return create(null);
    }

    public static Database open(String name) {
        Objects.requireNonNull(name, "name");
        return NAMED.computeIfAbsent(name, Nabla::create);
    }

    /**
     * Opens the database file at {@code path}, creating it when it does not exist (see docs/storage.md). Opening a
     * file this JVM already has open returns the same database; each open needs a {@link Database#close()}, and
     * the last close checkpoints the database and releases the file. Another process holding the file is an error.
     */
    public static Database open(java.nio.file.Path path) {
        return open(path, false);
    }

    /**
     * Opens an existing database file read-only ({@code access_mode=read_only}): every write is refused with SQLSTATE
     * 25006, and any number of processes may open the file so at once while no process has it open for writing.
     */
    public static Database openReadOnly(java.nio.file.Path path) {
        return open(path, true);
    }

    private static Database open(java.nio.file.Path path, boolean readOnly) {
        Objects.requireNonNull(path, "path");
        java.nio.file.Path key = path.toAbsolutePath().normalize();
        while (true) {
            Database closing;
            synchronized (FILES) {
                Database db = FILES.get(key);
                if (db == null) {
                    db = create(null);
                    try {
                        db.openFile(key, readOnly);
                    } catch (RuntimeException e) {
                        db.close();
                        throw e;
                    }
                    FILES.put(key, db);
                    return db;
                }
                if (db.readOnly() != readOnly && !db.isClosed())
                    throw new dev.nabla.common.NablaException(
                            dev.nabla.common.ErrorCode.IO,
                            "database file " + key + " is already open " + (db.readOnly() ? "read-only" : "read-write")
                                    + " in this process; open it " + (db.readOnly() ? "read-only" : "read-write")
                                    + " too or close it first");
                if (db.tryAddHandle()) return db;
                closing = db;
            }
            // its last close() is checkpointing and releasing the file: open it again once that is done
            closing.awaitReleased();
            forgetFile(key, closing);
        }
    }

    static void forgetFile(java.nio.file.Path key, Database db) {
        synchronized (FILES) {
            FILES.remove(key, db);
        }
    }

    /** Installs {@code e} into every database opened from now on (databases already open are not changed). */
    public static void addExtension(Extension e) {
        EXTENSIONS.add(Objects.requireNonNull(e));
    }

    private static Database create(@Nullable String name) {
        loadServices();
        Database db = new Database(name);
        for (Extension e : EXTENSIONS) e.install(db);
        return db;
    }

    /** Closes and forgets a named database; true when it existed. */
    public static boolean drop(String name) {
        Database db = NAMED.remove(name);
        if (db == null) return false;
        db.close();
        return true;
    }

    private static synchronized void loadServices() {
        if (loaded) return;
        loaded = true;
        try {
            for (Extension e : ServiceLoader.load(Extension.class, Nabla.class.getClassLoader())) EXTENSIONS.add(e);
        } catch (ServiceConfigurationError e) {
            throw new NablaException(
                    ErrorCode.INTERNAL, Span.NONE, "cannot load a Nabla extension: " + e.getMessage(), e);
        }
    }

    static void forget(String name, Database db) {
        NAMED.remove(name, db);
    }
}
