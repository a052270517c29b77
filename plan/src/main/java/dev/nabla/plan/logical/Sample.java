package dev.nabla.plan.logical;

import java.util.List;
import java.util.Objects;

/**
 * {@code USING SAMPLE}: a random subset of the input's rows. {@code ROWS} keeps {@code size} rows chosen uniformly
 * (reservoir sampling; all rows when there are fewer), {@code PERCENT} keeps each row with probability
 * {@code size / 100} (Bernoulli sampling). {@code seed} fixes the random sequence ({@code REPEATABLE}); null draws
 * a fresh seed each time the plan runs. Filters are never moved across a sample: they would change which rows it
 * draws from.
 */
public record Sample(LogicalPlan input, Kind kind, double size, Long seed) implements LogicalPlan {
    public enum Kind {
        ROWS,
        PERCENT
    }

    public Sample {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(kind, "kind");
        if (!(size >= 0) || kind == Kind.PERCENT && size > 100 || kind == Kind.ROWS && size != Math.rint(size))
            throw new IllegalArgumentException("sample size " + size);
    }

    @Override
    public List<Column> output() {
        return input.output();
    }

    @Override
    public List<LogicalPlan> inputs() {
        return List.of(input);
    }

    @Override
    public LogicalPlan withInputs(List<LogicalPlan> inputs) {
        return new Sample(inputs.get(0), kind, size, seed);
    }

    /** The EXPLAIN text: {@code Sample 10 rows}, {@code Sample 2.5% seed=42}. */
    public String describe() {
        String s = kind == Kind.ROWS ? (long) size + " rows" : trim(size) + "%";
        return "Sample " + s + (seed == null ? "" : " seed=" + seed);
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
