package dev.nabla.cli;

import dev.nabla.cli.shell.EngineBackend;
import dev.nabla.cli.shell.SqlBackend;

/** Opens the database the command runs against: a private in-memory one, or a database file. */
final class Backends {
    private Backends() {}

    static SqlBackend open() {
        return EngineBackend.open();
    }

    /** The database file {@code path}, opened or created (tests that supply their own backend keep it). */
    static SqlBackend openFile(
            java.nio.file.Path path, boolean readOnly, java.util.function.Supplier<SqlBackend> fallback) {
        SqlBackend b = fallback.get();
        if (!(b instanceof EngineBackend e)) return b;
        e.close();
        // -readonly opens the file with access_mode=read_only: a shared lock, every write refused (25006)
        return new EngineBackend(
                readOnly ? dev.nabla.engine.Nabla.openReadOnly(path) : dev.nabla.engine.Nabla.open(path));
    }

    /** Whether {@code path} is an existing file that starts like a Nabla database file. */
    static boolean isDatabaseFile(java.nio.file.Path path) {
        if (!java.nio.file.Files.isRegularFile(path)) return false;
        try (var in = java.nio.file.Files.newInputStream(path)) {
            byte[] h = in.readNBytes(8);
            return new String(h, java.nio.charset.StandardCharsets.ISO_8859_1).equals("NABLADB\0");
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
