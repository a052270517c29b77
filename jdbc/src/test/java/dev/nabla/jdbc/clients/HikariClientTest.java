package dev.nabla.jdbc.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.nabla.jdbc.NablaDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** HikariCP 7 pooling Nabla connections, by JDBC URL and by {@code dataSourceClassName}. */
class HikariClientTest {
    @Test
    void poolsByUrlAndServesConcurrentReaders() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:nabla:mem:hikari-" + UUID.randomUUID());
        config.setMaximumPoolSize(4);
        try (HikariDataSource ds = new HikariDataSource(config)) {
            try (Connection c = ds.getConnection()) {
                Fixture.create(c);
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Long>> sums = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    sums.add(pool.submit(() -> {
                        try (Connection c = ds.getConnection();
                                Statement s = c.createStatement();
                                ResultSet rs = s.executeQuery("SELECT count(*) FROM orders")) {
                            rs.next();
                            return rs.getLong(1);
                        }
                    }));
                }
                for (Future<Long> f : sums) assertThat(f.get()).isEqualTo(3L);
            } finally {
                pool.shutdown();
            }
            assertThat(ds.getHikariPoolMXBean().getTotalConnections()).isBetween(1, 4);
        }
    }

    @Test
    void poolsNablaDataSourceByClassName() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setDataSourceClassName(NablaDataSource.class.getName());
        config.addDataSourceProperty("url", "jdbc:nabla:mem:hikari-" + UUID.randomUUID());
        config.setAutoCommit(false);
        try (HikariDataSource ds = new HikariDataSource(config)) {
            try (Connection c = ds.getConnection()) {
                Fixture.create(c);
                c.commit();
            }
            try (Connection c = ds.getConnection();
                    Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO customers(email) VALUES ('rolled@x')");
                c.rollback();
                // Hikari resets the connection it hands out next: no trace of the rolled-back row
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM customers")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(2L);
                }
            }
        }
    }
}
