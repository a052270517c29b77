package dev.nabla.jmh.tpch;

import static org.junit.jupiter.api.Assertions.assertNull;

import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.Session;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 22 TPC-H queries at scale factor 0.01 give DuckDB's answers, row by row (same generated data in both
 * engines). A per-statement timeout turns a plan that runs a subquery once per row back into a failure.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TpchAnswersTest {
    private Database db;
    private Session nabla;
    private Connection duck;

    @BeforeAll
    void load() throws SQLException {
        TpchData data = TpchData.generate(0.01);
        db = Nabla.open();
        data.loadInto(db);
        nabla = db.connect();
        nabla.setTimeoutMillis(20_000);
        duck = DriverManager.getConnection("jdbc:duckdb:");
        data.loadInto(duck);
    }

    @AfterAll
    void close() throws SQLException {
        duck.close();
        nabla.close();
        db.close();
    }

    Stream<Integer> queries() {
        return IntStream.rangeClosed(1, TpchQueries.COUNT).boxed();
    }

    @ParameterizedTest(name = "q{0}")
    @MethodSource("queries")
    void sameAnswerAsDuckDb(int q) throws SQLException {
        String sql = TpchQueries.sql(q);
        assertNull(
                TpchQueries.compare(TpchQueries.rows(nabla.execute(sql)), TpchQueries.rows(duck, sql)),
                "q" + q + " differs from DuckDB");
    }
}
