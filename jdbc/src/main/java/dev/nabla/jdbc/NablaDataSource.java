package dev.nabla.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DataSource} for pools and frameworks (HikariCP's {@code dataSourceClassName}, Spring's {@code DataSource}
 * beans): a JavaBean whose {@code url} property is a {@code jdbc:nabla:} URL, {@code jdbc:nabla:mem:<name>} by
 * default being the usual choice, since every connection of a named database sees the same data (with the private
 * {@code jdbc:nabla:} each connection would get a database of its own). User and password are accepted and ignored:
 * an embedded database has no accounts.
 */
public final class NablaDataSource implements DataSource {
    private String url = NablaDriver.PREFIX + "mem:nabla";
    private @Nullable String user;
    private int loginTimeout;
    private @Nullable PrintWriter logWriter;
    private static final NablaDriver DRIVER = new NablaDriver();

    public NablaDataSource() {}

    public NablaDataSource(String url) {
        setUrl(url);
    }

    public String getUrl() {
        return url;
    }

    /** A {@code jdbc:nabla:} URL; anything else is rejected with SQLSTATE 08001 when a connection is asked for. */
    public void setUrl(String url) {
        this.url = url;
    }

    /** Same as {@link #setUrl}, for tools that call the property {@code jdbcUrl}. */
    public void setJdbcUrl(String url) {
        setUrl(url);
    }

    /** For tools that set a user: recorded (DatabaseMetaData.getUserName reports it) and otherwise unused. */
    public void setUser(String user) {
        this.user = user;
    }

    public @Nullable String getUser() {
        return user;
    }

    /** Accepted and ignored: an embedded database has no accounts. */
    public void setPassword(String password) {}

    @Override
    public Connection getConnection() throws SQLException {
        Properties info = new Properties();
        if (user != null) info.setProperty("user", user);
        Connection c = DRIVER.connect(url, info);
        if (c == null) throw new SQLException("not a Nabla URL: '" + url + "' (use jdbc:nabla:mem:<name>)", "08001");
        return c;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public @Nullable PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(@Nullable PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("Nabla does not log through java.util.logging");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) return iface.cast(this);
        throw new SQLException("not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
