package dev.nabla.jmh;

import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Exact DECIMAL (issue 18): the same {@code rows} values as {@code DECIMAL(10,2)} (the 64-bit layout)
 * and {@code DECIMAL(30,2)} (the 128-bit layout, two longs a row), one thread: SUM, a filter, an ORDER BY
 * and a GROUP BY of each; and, as the alternative layout that was not chosen, the same values as a
 * {@code BigDecimal[]} column summed and sorted by plain Java loops (no engine overhead at all). The setup
 * prints the heap each column takes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DecimalBenchmark {
    @Param({"1000000"})
    public int rows;

    private Database db;
    private Session s;
    private BigDecimal[] boxed;

    @Setup(Level.Trial)
    public void setUp() {
        db = Nabla.open();
        s = db.connect();
        s.execute("SET threads = 1");
        s.execute("CREATE TABLE t AS SELECT CAST((i * 7919) % 100000000 AS DECIMAL(12,0)) AS u FROM range(" + rows
                + ") r(i)");
        s.execute("CREATE TABLE d AS SELECT CAST(u / 100 AS DECIMAL(10,2)) AS n, CAST(u / 100 AS DECIMAL(30,2)) AS w"
                + " FROM t");
        Result r = s.execute("SELECT w FROM d");
        boxed = new BigDecimal[rows];
        for (int i = 0; i < rows; i++) boxed[i] = (BigDecimal) r.get(i, 0);
        System.gc();
        long before = used();
        BigDecimal[] copy = new BigDecimal[rows];
        for (int i = 0; i < rows; i++)
            copy[i] = new BigDecimal(
                    boxed[i].unscaledValue()
                            .add(java.math.BigInteger.valueOf(Long.MAX_VALUE))
                            .subtract(java.math.BigInteger.valueOf(Long.MAX_VALUE)),
                    2);
        System.gc();
        long after = used();
        System.out.printf(
                "%n[decimal] %d rows: DECIMAL(10,2) 8 bytes a row, DECIMAL(30,2) 16 bytes a row, BigDecimal[] about %d"
                        + " bytes a row (%d)%n",
                rows, (after - before) / rows, copy.length);
    }

    private static long used() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        db.close();
    }

    @Benchmark
    public Object sumNarrow() {
        return s.execute("SELECT sum(n) FROM d").get(0, 0);
    }

    @Benchmark
    public Object sumWide() {
        return s.execute("SELECT sum(w) FROM d").get(0, 0);
    }

    @Benchmark
    public Object filterNarrow() {
        return s.execute("SELECT count(*) FROM d WHERE n > 500000.00").get(0, 0);
    }

    @Benchmark
    public Object filterWide() {
        return s.execute("SELECT count(*) FROM d WHERE w > 500000.00").get(0, 0);
    }

    @Benchmark
    public Object orderNarrow() {
        return s.execute("SELECT n FROM d ORDER BY n LIMIT 1 OFFSET 1000").get(0, 0);
    }

    @Benchmark
    public Object orderWide() {
        return s.execute("SELECT w FROM d ORDER BY w LIMIT 1 OFFSET 1000").get(0, 0);
    }

    @Benchmark
    public Object groupNarrow() {
        return s.execute("SELECT count(*) FROM (SELECT n FROM d GROUP BY n)").get(0, 0);
    }

    @Benchmark
    public Object groupWide() {
        return s.execute("SELECT count(*) FROM (SELECT w FROM d GROUP BY w)").get(0, 0);
    }

    /** The layout not chosen: a BigDecimal per row, summed by a plain loop. */
    @Benchmark
    public Object sumBigDecimalArray() {
        BigDecimal sum = BigDecimal.ZERO;
        for (BigDecimal b : boxed) sum = sum.add(b);
        return sum;
    }
}
