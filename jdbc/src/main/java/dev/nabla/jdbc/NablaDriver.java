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
        if (params >= 0) rest = rest.substring(0, params);
        String name;
        if (rest.startsWith("file:")) {
            // a database file: shared by this JVM's connections to it, closed (checkpointed) with the last one
            String path = rest.substring(5);
            if (path.isEmpty()) throw new SQLException("unsupported Nabla URL '" + url + "': no file name", "08001");
            Database fileDb;
            try {
                fileDb = Nabla.open(java.nio.file.Path.of(path));
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
