package dev.nabla.engine;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.engine.exec.expr.Decimals;
import dev.nabla.storage.Batch;
import dev.nabla.storage.Blobs;
import dev.nabla.storage.ColumnVector;
import dev.nabla.storage.DataType;
import dev.nabla.storage.NamedOnlyType;
import dev.nabla.storage.ScalarType;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one statement: rows (a query), an update count (DML) or a confirmation (DDL and
 * session statements). Rows stay in the executor's batches; random access maps a row number to its
 * batch by binary search over the batches' starting row numbers.
 */
@NullMarked
public final class Result {
    public enum Kind {
        ROWS,
        COUNT,
        OK
    }

    private final Kind kind;
    private final List<String> columnNames;
    private final List<DataType> columnTypes;
    private final List<Batch> batches;
    private final long rowCount;
    private final long updateCount;
    private final @Nullable String message;
    /** starts[i] = number of rows in batches 0..i-1. */
    private final long[] starts;
    /** Per column, the base-table column it passes through unchanged, or null (computed, or not a query). */
    private List<@Nullable ColumnOrigin> origins = List.of();

    /**
     * Where a result column comes from: column {@code column} of table {@code table}, read unchanged
     * (not computed, not aggregated). {@code notNull} holds when that column is NOT NULL and no outer
     * join in the query can make the result column NULL. {@code charLength} is n for a {@code CHAR(n)} column
     * (its values come out blank-padded to n, as PostgreSQL's), else -1.
     */
    public record ColumnOrigin(String table, String column, boolean notNull, int charLength) {}

    /** The zone TIMESTAMPTZ values are read back in (the session's TimeZone). */
    private java.time.ZoneId zone = ZoneOffset.UTC;

    /** This result with its TIMESTAMPTZ values read back in {@code zone} ({@link #get} gives OffsetDateTimes there). */
    public Result inZone(java.time.ZoneId zone) {
        this.zone = zone;
        return this;
    }

    /** The zone {@link #get} shows TIMESTAMPTZ values in. */
    public java.time.ZoneId zone() {
        return zone;
    }

    /** This result with the origins of its columns (one per column, null where there is none). */
    public Result withOrigins(List<@Nullable ColumnOrigin> origins) {
        if (origins.size() != columnNames.size())
            throw new NablaException(ErrorCode.INTERNAL, "result origins/columns arity");
        this.origins = java.util.Collections.unmodifiableList(new ArrayList<>(origins));
        return this;
    }

    /** The base-table column that column {@code col} passes through unchanged, or null. */
    public @Nullable ColumnOrigin origin(int col) {
        return col < origins.size() ? origins.get(col) : null;
    }

    private Result(
            Kind kind,
            List<String> columnNames,
            List<DataType> columnTypes,
            List<Batch> batches,
            long updateCount,
            @Nullable String message) {
        this.kind = kind;
        this.columnNames = List.copyOf(columnNames);
        this.columnTypes = List.copyOf(columnTypes);
        this.batches = List.copyOf(batches);
        this.updateCount = updateCount;
        this.message = message;
        this.starts = new long[this.batches.size() + 1];
        for (int i = 0; i < this.batches.size(); i++) starts[i + 1] = starts[i] + this.batches.get(i).count;
        this.rowCount = starts[this.batches.size()];
    }

    public static Result rows(List<String> names, List<DataType> types, List<Batch> batches) {
        if (names.size() != types.size()) throw new NablaException(ErrorCode.INTERNAL, "result names/types arity");
        List<Batch> live = batches.stream().filter(b -> b.count > 0).toList();
        return new Result(Kind.ROWS, names, types, live, -1, null);
    }

    /** The rows an INSERT/UPDATE/DELETE … RETURNING returned: one per changed row, so they are also its update count. */
    public static Result returned(List<String> names, List<DataType> types, List<Batch> batches) {
        Result r = rows(names, types, batches);
        return new Result(Kind.ROWS, r.columnNames, r.columnTypes, r.batches, r.rowCount, null);
    }

    public static Result count(long updateCount, String message) {
        return new Result(Kind.COUNT, List.of(), List.of(), List.of(), updateCount, message);
    }

    public static Result ok(String message) {
        return new Result(Kind.OK, List.of(), List.of(), List.of(), -1, Objects.requireNonNull(message));
    }

    public Kind kind() {
        return kind;
    }

    public List<String> columnNames() {
        return columnNames;
    }

    public List<DataType> columnTypes() {
        return columnTypes;
    }

    public int columnCount() {
        return columnNames.size();
    }

    /** Rows of a ROWS result; 0 otherwise. */
    public long rowCount() {
        return rowCount;
    }

    /** Rows changed by DML (with or without RETURNING); -1 for other results. */
    public long updateCount() {
        return updateCount;
    }

    /** Confirmation text for OK and COUNT kinds, e.g. {@code CREATE TABLE} or {@code INSERT 3}; null for ROWS. */
    public @Nullable String message() {
        return message;
    }

    /** The result's batches (read-only views; may share storage with tables). */
    public List<Batch> batches() {
        return batches;
    }

    /**
     * Boxed value: Long, Double, BigDecimal (DECIMAL), String, Boolean, LocalDate, LocalDateTime, LocalTime (TIME), OffsetDateTime (TIMESTAMPTZ, at the session zone's offset), byte[] (BLOB, a
     * fresh copy), double[] (DOUBLE[n], a fresh copy), {@link dev.nabla.storage.ListValue} (DOUBLE[]), or null for SQL NULL.
     */
    public @Nullable Object get(int row, int col) {
        long at = locate(row, col);
        ColumnVector v = batches.get((int) (at >>> 32)).columns[col];
        int r = (int) at;
        if (v.isNull(r)) return null;
        DataType t = columnTypes.get(col);
        return switch (t) {
            case ScalarType.BOOLEAN -> v.getLong(r) != 0;
            case ScalarType.DATE -> LocalDate.ofEpochDay(v.getLong(r));
            case ScalarType.TIMESTAMP -> timestamp(v.getLong(r));
            case ScalarType.TIME -> localTime(v.getLong(r));
            case ScalarType.TIMESTAMP_TZ -> offsetDateTime(v.getLong(r), zone);
            case ScalarType.NULL -> null;
            case ScalarType.BLOB -> Blobs.bytes(v.getString(r));
            case ScalarType.INTEGER, ScalarType.BIGINT -> (Object) v.getLong(r);
            case ScalarType.REAL, ScalarType.DOUBLE -> (Object) v.getDouble(r);
            case ScalarType.VARCHAR -> v.getString(r);
            case ScalarType.UUID -> dev.nabla.storage.Uuids.box(v.getHigh(r), v.getLow(r));
            case dev.nabla.storage.ArrayType a -> v.getArray(r);
            case dev.nabla.storage.ListType l -> v.getList(r);
            case dev.nabla.storage.DecimalType d -> d.isWide() ? d.box(v.getHigh(r), v.getLow(r)) : d.box(v.getLong(r));
            case NamedOnlyType namedOnly -> throw DataType.unsupported(namedOnly);
        };
    }

    public boolean isNull(int row, int col) {
        long at = locate(row, col);
        return batches.get((int) (at >>> 32)).columns[col].isNull((int) at);
    }

    /** The value as a long (doubles truncated, booleans 0/1); 0 for NULL. */
    public long getLong(int row, int col) {
        long at = locate(row, col);
        ColumnVector v = batches.get((int) (at >>> 32)).columns[col];
        int r = (int) at;
        if (v.isNull(r)) return 0;
        if (v.type instanceof dev.nabla.storage.DecimalType d) return Decimals.toLong(v, r, d);
        return switch (v.type.physical()) {
            case LONG -> v.getLong(r);
            case DOUBLE -> (long) v.getDouble(r);
            case STRING -> parseLong(v.getString(r));
            case ARRAY, LIST, INT128 -> throw notScalar(v.type);
        };
    }

    private static NablaException notScalar(DataType t) {
        return new NablaException(
                ErrorCode.TYPE_MISMATCH, "a value of type " + t.sqlName() + " is not a number; read it as an array");
    }

    /** The value as a double; NaN for NULL. */
    public double getDouble(int row, int col) {
        long at = locate(row, col);
        ColumnVector v = batches.get((int) (at >>> 32)).columns[col];
        int r = (int) at;
        if (v.isNull(r)) return Double.NaN;
        if (v.type instanceof dev.nabla.storage.DecimalType d) return Decimals.toDouble(v, r, d);
        return switch (v.type.physical()) {
            case LONG -> v.getLong(r);
            case DOUBLE -> v.getDouble(r);
            case STRING -> parseDouble(v.getString(r));
            case ARRAY, LIST, INT128 -> throw notScalar(v.type);
        };
    }

    /** Display form of a value (null for SQL NULL). */
    public @Nullable String getString(int row, int col) {
        Object o = get(row, col);
        return o == null ? null : display(o);
    }

    /** A numeric column as a new array; NULL becomes NaN. */
    public double[] doubleColumn(int col) {
        checkColumn(col);
        double[] out = new double[checkedRows()];
        int k = 0;
        for (Batch b : batches) {
            ColumnVector v = b.columns[col];
            for (int i = 0; i < b.count; i++) {
                int r = b.row(i);
                if (v.isNull(r)) out[k++] = Double.NaN;
                else if (v.type instanceof dev.nabla.storage.DecimalType d) out[k++] = Decimals.toDouble(v, r, d);
                else
                    out[k++] = switch (v.type.physical()) {
                        case LONG -> v.getLong(r);
                        case DOUBLE -> v.getDouble(r);
                        case STRING -> parseDouble(v.getString(r));
                        case ARRAY, LIST, INT128 -> throw notScalar(v.type);
                    };
            }
        }
        return out;
    }

    /** An integral (or boolean/date/timestamp) column as a new array; NULL becomes 0. */
    public long[] longColumn(int col) {
        checkColumn(col);
        long[] out = new long[checkedRows()];
        int k = 0;
        for (Batch b : batches) {
            ColumnVector v = b.columns[col];
            for (int i = 0; i < b.count; i++) {
                int r = b.row(i);
                if (v.isNull(r)) out[k++] = 0;
                else if (v.type instanceof dev.nabla.storage.DecimalType d) out[k++] = Decimals.toLong(v, r, d);
                else
                    out[k++] = switch (v.type.physical()) {
                        case LONG -> v.getLong(r);
                        case DOUBLE -> (long) v.getDouble(r);
                        case STRING -> parseLong(v.getString(r));
                        case ARRAY, LIST, INT128 -> throw notScalar(v.type);
                    };
            }
        }
        return out;
    }

    /** Index of a column by name (case-insensitive), or -1. */
    public int columnIndex(String name) {
        for (int i = 0; i < columnNames.size(); i++) if (columnNames.get(i).equalsIgnoreCase(name)) return i;
        return -1;
    }

    /** Batch index in the high 32 bits, physical row within the batch in the low 32. */
    private long locate(int row, int col) {
        checkColumn(col);
        if (row < 0 || row >= rowCount) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT, "row " + row + " out of range (result has " + rowCount + " rows)");
        }
        int idx = Arrays.binarySearch(starts, row);
        int batch = idx >= 0 ? idx : -idx - 2;
        while (batch < batches.size() - 1 && starts[batch + 1] <= row) batch++;
        return ((long) batch << 32) | batches.get(batch).row((int) (row - starts[batch]));
    }

    private void checkColumn(int col) {
        if (kind != Kind.ROWS)
            throw new NablaException(ErrorCode.INVALID_ARGUMENT, "statement returned no rows (" + kind + ")");
        if (col < 0 || col >= columnNames.size()) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    "column " + col + " out of range (result has " + columnNames.size() + " columns)");
        }
    }

    private int checkedRows() {
        if (rowCount > Integer.MAX_VALUE - 8)
            throw new NablaException(ErrorCode.UNSUPPORTED, "result too large for one array");
        return (int) rowCount;
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new NablaException(ErrorCode.INVALID_CAST, "cannot convert '" + s + "' to BIGINT");
        }
    }

    private static double parseDouble(String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new NablaException(ErrorCode.INVALID_CAST, "cannot convert '" + s + "' to DOUBLE");
        }
    }

    static LocalDateTime timestamp(long micros) {
        return LocalDateTime.ofEpochSecond(
                Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
    }

    /** An instant (UTC microseconds) at the offset {@code zone} has then. */
    static java.time.OffsetDateTime offsetDateTime(long micros, java.time.ZoneId zone) {
        java.time.ZoneOffset off =
                java.time.ZoneOffset.ofTotalSeconds(dev.nabla.storage.Instants.offsetSeconds(micros, zone));
        return java.time.OffsetDateTime.of(timestamp(micros + off.getTotalSeconds() * 1_000_000L), off);
    }

    /** A TIME as a LocalTime; {@code 24:00:00}, which LocalTime cannot hold, is {@link LocalTime#MAX} (as pgjdbc). */
    static java.time.LocalTime localTime(long micros) {
        return micros >= dev.nabla.storage.TimeOfDay.END
                ? java.time.LocalTime.MAX
                : java.time.LocalTime.ofNanoOfDay(micros * 1000);
    }

    /** The display form used by {@link #getString} and {@link #toString}. */
    public static String display(@Nullable Object o) {
        return switch (o) {
            case null -> "NULL";
            case Double d -> formatDouble(d);
            case LocalDateTime t -> formatTimestamp(t);
            // LocalTime's own text drops zero seconds (12:00); a TIME always shows them, as DuckDB
            case java.time.LocalTime t ->
                t.equals(java.time.LocalTime.MAX)
                        ? "24:00:00"
                        : dev.nabla.storage.TimeOfDay.format(t.toNanoOfDay() / 1000);
            case java.time.OffsetDateTime t -> formatInstant(t);
            case byte[] b -> Blobs.display(b);
            case double[] a -> dev.nabla.storage.ArrayText.format(a);
            case java.math.BigDecimal d -> d.toPlainString();
            default -> o.toString();
        };
    }

    /** A TIMESTAMPTZ's text at its offset, as PostgreSQL prints it: {@code 2024-01-01 12:00:00+01}. */
    public static String formatInstant(java.time.OffsetDateTime t) {
        java.time.Instant i = t.toInstant();
        return dev.nabla.storage.Instants.format(i.getEpochSecond() * 1_000_000L + i.getNano() / 1000, t.getOffset());
    }

    static String formatDouble(double d) {
        if (Double.isNaN(d)) return "NaN";
        if (Double.isInfinite(d)) return d > 0 ? "Infinity" : "-Infinity";
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return (long) d + ".0";
        return Double.toString(d);
    }

    static String formatTimestamp(LocalDateTime t) {
        String date = t.toLocalDate().toString();
        String time = String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
        int nanos = t.getNano();
        if (nanos == 0) return date + " " + time;
        String frac = String.format("%06d", nanos / 1000).replaceAll("0+$", "");
        return date + " " + time + "." + frac;
    }

    /** A boxed-table rendering for debugging and the REPL's simplest mode (at most 40 rows). */
    @Override
    public String toString() {
        if (kind != Kind.ROWS) return message == null ? kind.name() : message;
        StringBuilder sb = new StringBuilder(String.join(" | ", columnNames)).append('\n');
        long shown = Math.min(rowCount, 40);
        for (int r = 0; r < shown; r++) {
            for (int c = 0; c < columnCount(); c++) {
                if (c > 0) sb.append(" | ");
                sb.append(display(get(r, c)));
            }
            sb.append('\n');
        }
        if (rowCount > shown) sb.append("... (").append(rowCount).append(" rows)\n");
        return sb.toString();
    }
}
