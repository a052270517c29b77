package dev.nabla.engine.io.csv;

import dev.nabla.storage.Blobs;
import dev.nabla.storage.DataType;
import dev.nabla.storage.NamedOnlyType;
import dev.nabla.storage.ScalarType;

/** How a CSV field is converted, as small ints so the per-field switch is a table jump. */
final class ColumnKind {
    static final int SKIP = -1,
            BOOLEAN = 0,
            BIGINT = 1,
            INTEGER = 2,
            DOUBLE = 3,
            DATE = 4,
            TIMESTAMP = 5,
            VARCHAR = 6,
            BLOB = 7,
            DECIMAL = 8,
            ARRAY = 9,
            TIME = 10,
            LIST = 11,
            TIMESTAMP_TZ = 12,
            UUID = 13;

    private ColumnKind() {}

    static int of(DataType t) {
        return switch (t) {
            case ScalarType.BOOLEAN -> BOOLEAN;
            case ScalarType.INTEGER -> INTEGER;
            case ScalarType.BIGINT -> BIGINT;
            case ScalarType.REAL, ScalarType.DOUBLE -> DOUBLE;
            case ScalarType.DATE -> DATE;
            case ScalarType.TIMESTAMP -> TIMESTAMP;
            case ScalarType.TIME -> TIME;
            case ScalarType.TIMESTAMP_TZ -> TIMESTAMP_TZ;
            case ScalarType.VARCHAR, ScalarType.NULL -> VARCHAR;
            case ScalarType.BLOB -> BLOB;
            // read when the column's type is given; never inferred (DuckDB's sniffer does not infer UUID either)
            case ScalarType.UUID -> UUID;
            // read when the column's type is given (COPY FROM into a DOUBLE[n] column, IMPORT DATABASE); never inferred
            case dev.nabla.storage.ArrayType a -> ARRAY;
            // the same: DOUBLE[] when the column's type is given (types => {'v': 'DOUBLE[]'}, COPY FROM); never
            // inferred
            case dev.nabla.storage.ListType l -> {
                if (!l.isSupported()) throw DataType.unsupported(l);
                yield LIST;
            }
            case dev.nabla.storage.DecimalType d -> DECIMAL;
            case NamedOnlyType namedOnly -> throw DataType.unsupported(namedOnly);
        };
    }

    /** Whether text parses as type {@code t} (inference and header detection). */
    static boolean fits(FieldParsers p, String s, DataType t) {
        char[] b = s.toCharArray();
        return switch (t) {
            case ScalarType.BOOLEAN -> p.parseBoolean(b, 0, b.length);
            case ScalarType.INTEGER -> p.parseLong(b, 0, b.length) && p.longValue == (int) p.longValue;
            case ScalarType.BIGINT -> p.parseLong(b, 0, b.length);
            case ScalarType.REAL, ScalarType.DOUBLE -> p.parseDouble(b, 0, b.length);
            case ScalarType.DATE -> p.parseDate(b, 0, b.length);
            case ScalarType.TIMESTAMP -> p.parseTimestamp(b, 0, b.length);
            case ScalarType.TIME -> p.parseTime(b, 0, b.length);
            case ScalarType.TIMESTAMP_TZ -> p.parseInstant(b, 0, b.length);
            case ScalarType.VARCHAR, ScalarType.NULL -> true;
            case ScalarType.BLOB -> Blobs.fromHex(CsvBlobs.digits(s)) != null;
            case ScalarType.UUID -> dev.nabla.storage.Uuids.tryParse(s) != null;
            case dev.nabla.storage.DecimalType d -> p.parseDouble(b, 0, b.length);
            case dev.nabla.storage.ArrayType a -> {
                try {
                    dev.nabla.storage.ArrayText.parse(s, a.size());
                    yield true;
                } catch (dev.nabla.common.NablaException e) {
                    yield false;
                }
            }
            case dev.nabla.storage.ListType l -> {
                try {
                    dev.nabla.storage.ListValue.parse(s);
                    yield true;
                } catch (dev.nabla.common.NablaException e) {
                    yield false;
                }
            }
            case NamedOnlyType namedOnly -> throw DataType.unsupported(namedOnly);
        };
    }
}
