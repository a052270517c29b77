package dev.nabla.jdbc;

import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * JDBC driver for embedded Nabla. URLs: {@code jdbc:nabla:} (or {@code jdbc:nabla:mem:}) opens a private in-memory
 * database owned by the connection; {@code jdbc:nabla:mem:<name>} joins the database of that name shared within the
 * JVM; {@code jdbc:nabla:file:<path>} opens (or creates) a database file, absolute or relative to the working
 * directory. Registered through {@code META-INF/services/java.sql.Driver} and statically on class load.
 */
public final class NablaDriver implements Driver {
    public static final String PREFIX = "jdbc:nabla:";
    static final int MAJOR = 0;
    static final int MINOR = 1;
    static final String VERSION = MAJOR + "." + MINOR + ".0";

    static {
        try {
            DriverManager.registerDriver(new NablaDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public @Nullable Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) return null;
        String rest = url.substring(PREFIX.length());
        int params = indexOfAny(rest, ';', '?');
        String query = params >= 0 ? rest.substring(params + 1) : "";
        if (params >= 0) rest = rest.substring(0, params);
        String name;
        if (rest.startsWith("file:")) {
            // a database file: shared by this JVM's connections to it, closed (checkpointed) with the last one
            String path = rest.substring(5);
            if (path.isEmpty()) throw new SQLException("unsupported Nabla URL '" + url + "': no file name", "08001");
            Database fileDb;
            try {
                java.nio.file.Path p = java.nio.file.Path.of(path);
                fileDb = readOnly(url, query, info) ? Nabla.openReadOnly(p) : Nabla.open(p);
            } catch (RuntimeException e) {
                throw JdbcErrors.of(e, null);
            }
            return new NablaConnection(fileDb, true, url);
        }
        if (rest.isEmpty() || rest.equals("mem:")) {
            name = null;
        } else if (rest.startsWith("mem:")) {
            name = rest.substring(4);
        } else {
            throw new SQLException(
                    "unsupported Nabla URL '" + url
                            + "': use jdbc:nabla:, jdbc:nabla:mem:<name> or jdbc:nabla:file:<path>",
                    "08001");
        }
        Database db;
        try {
            db = name == null ? Nabla.open() : Nabla.open(name);
        } catch (RuntimeException e) {
            throw JdbcErrors.of(e, null);
        }
        return new NablaConnection(db, name == null, url, info == null ? null : info.getProperty("user"));
    }

    /**
     * Whether the URL ({@code ?access_mode=read_only}, parameters separated by {@code &} or {@code ;}) or the
     * connection properties ask for read-only access, as DuckDB's {@code access_mode}: read_only, read_write or
     * automatic (read-write here).
     */
    static boolean readOnly(String url, String query, @Nullable Properties info) throws SQLException {
        String mode = info == null ? null : info.getProperty("access_mode");
        for (String part : query.split("[&;?]")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).strip().equalsIgnoreCase("access_mode"))
                mode = part.substring(eq + 1).strip();
        }
        if (mode == null) return false;
        return switch (mode.toLowerCase(java.util.Locale.ROOT)) {
            case "read_only", "readonly" -> true;
            case "read_write", "automatic" -> false;
            default ->
                throw new SQLException(
                        "access_mode must be read_only, read_write or automatic, got '" + mode + "' in " + url,
                        "22023");
        };
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        if (i < 0) return j;
        if (j < 0) return i;
        return Math.min(i, j);
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return MAJOR;
    }

    @Override
    public int getMinorVersion() {
        return MINOR;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("Nabla does not log through java.util.logging");
    }
}
