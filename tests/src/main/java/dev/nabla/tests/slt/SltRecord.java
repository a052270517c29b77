package dev.nabla.tests.slt;

import java.util.List;
import java.util.Objects;

/** One record of a sqllogictest file. Line numbers are 1-based; line indexes are 0-based into the file's lines. */
public sealed interface SltRecord {

    /** Line of the record's first keyword ("statement", "query", ...), 1-based. */
    int line();

    Conditions conditions();

    /** {@code skipif X} / {@code onlyif X} lines in front of a record. */
    record Conditions(List<String> skipIf, List<String> onlyIf) {
        public static final Conditions NONE = new Conditions(List.of(), List.of());

        public Conditions {
            skipIf = List.copyOf(skipIf);
            onlyIf = List.copyOf(onlyIf);
        }

        /** Whether a database called {@code engine} runs the record: not skipped by name, and named by every onlyif present. */
        public boolean appliesTo(String engine) {
            if (skipIf.stream().anyMatch(engine::equalsIgnoreCase)) return false;
            return onlyIf.isEmpty() || onlyIf.stream().anyMatch(engine::equalsIgnoreCase);
        }
    }

    /** {@code statement ok} or {@code statement error [substring]}; a null substring accepts any error. */
    record Statement(int line, Conditions conditions, String sql, boolean expectOk, String errorSubstring)
            implements SltRecord {
        public Statement {
            Objects.requireNonNull(conditions);
            Objects.requireNonNull(sql);
        }
    }

    /**
     * {@code query <types> [sort] [label]}, its SQL, and the expected result block. {@code separatorIndex} is the
     * index of the {@code ----} line (-1 when absent, then {@code sqlEndIndex} is where a completion inserts one);
     * the expected values are lines {@code [resultFrom, resultTo)}.
     */
    record Query(
            int line,
            Conditions conditions,
            String sql,
            String types,
            SortMode sort,
            String label,
            Expected expected,
            int sqlEndIndex,
            int separatorIndex,
            int resultFrom,
            int resultTo)
            implements SltRecord {
        public Query {
            Objects.requireNonNull(conditions);
            Objects.requireNonNull(sql);
            Objects.requireNonNull(types);
            Objects.requireNonNull(sort);
            Objects.requireNonNull(expected);
        }
    }

    record HashThreshold(int line, Conditions conditions, int threshold) implements SltRecord {}

    record Halt(int line, Conditions conditions) implements SltRecord {}

    /** How the result rows are ordered before comparison. */
    enum SortMode {
        NOSORT,
        ROWSORT,
        VALUESORT
    }

    /** The expected output of a query: literal lines, or "N values hashing to MD5". */
    sealed interface Expected {
        record Lines(List<String> lines) implements Expected {
            public Lines {
                lines = List.copyOf(lines);
            }
        }

        record Hash(int valueCount, String md5) implements Expected {}
    }
}
