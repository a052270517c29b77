package dev.nabla.engine.io.csv;

import dev.nabla.storage.Blobs;
import dev.nabla.storage.DataType;

/** How a CSV field is converted, as small ints so the per-field switch is a table jump. */
final class ColumnKind {
    static final int SKIP = -1, BOOLEAN = 0, BIGINT = 1, INTEGER = 2, DOUBLE = 3, DATE = 4, TIMESTAMP = 5, VARCHAR = 6, BLOB = 7;

    private ColumnKind() {}

    static int of(DataType t) {
        return switch (t) {
            case BOOLEAN -> BOOLEAN;
            case INTEGER -> INTEGER;
            case BIGINT -> BIGINT;
            case REAL, DOUBLE -> DOUBLE;
            case DATE -> DATE;
            case TIMESTAMP -> TIMESTAMP;
            case VARCHAR, NULL -> VARCHAR;
            case BLOB -> BLOB;
        };
    }

    /** Whether text parses as type {@code t} (inference and header detection). */
    static boolean fits(FieldParsers p, String s, DataType t) {
        char[] b = s.toCharArray();
        return switch (t) {
            case BOOLEAN -> p.parseBoolean(b, 0, b.length);
            case INTEGER -> p.parseLong(b, 0, b.length) && p.longValue == (int) p.longValue;
            case BIGINT -> p.parseLong(b, 0, b.length);
            case REAL, DOUBLE -> p.parseDouble(b, 0, b.length);
            case DATE -> p.parseDate(b, 0, b.length);
            case TIMESTAMP -> p.parseTimestamp(b, 0, b.length);
            case VARCHAR, NULL -> true;
            case BLOB -> Blobs.fromHex(CsvBlobs.digits(s)) != null;
        };
    }
}
