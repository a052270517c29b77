package dev.nabla.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataTypeTest {
    @Test
    void parsesEverySpellingOfTheStoredTypes() {
        String[][] spellings = {
            {"BOOLEAN", "BOOLEAN", "bool"},
            {"INTEGER", "INT", "integer", "INT4", "SMALLINT", "TINYINT", "INT2", "MEDIUMINT"},
            {"BIGINT", "BIGINT", "INT8", "LONG", "HUGEINT"},
            {"REAL", "REAL", "FLOAT4", "FLOAT"},
            {"DOUBLE", "DOUBLE", "double precision", "DOUBLE   PRECISION", "FLOAT8"},
            {
                "VARCHAR",
                "VARCHAR",
                "VARCHAR(20)",
                "TEXT",
                "STRING",
                "CHAR",
                "CHARACTER",
                "CHARACTER VARYING",
                "NVARCHAR",
                "CLOB",
                "BPCHAR"
            },
            {"DATE", "DATE"},
            {"TIMESTAMP", "TIMESTAMP", "DATETIME", "TIMESTAMP WITHOUT TIME ZONE"},
            {"BLOB", "BLOB", "BYTEA", "VARBINARY", "BINARY", "BINARY VARYING", "BYTES"},
        };
        for (String[] row : spellings) {
            for (int i = 1; i < row.length; i++) {
                DataType t = DataType.parse(row[i]);
                assertThat(t).as(row[i]).isInstanceOf(ScalarType.class);
                assertThat(t.sqlName()).as(row[i]).isEqualTo(row[0]);
                assertThat(DataType.fromSqlName(row[i])).as(row[i]).isSameAs(t);
            }
        }
        assertThat(DataType.parse("FOOBAR")).isNull();
        assertThat(DataType.parse("UNSIGNED BIG INT")).isNull();
        assertThat(DataType.parse("DOUBLE[x]")).isNull();
        assertThat(DataType.parse("DECIMAL(a)")).isNull();
    }

    @Test
    void parsesTheNamedOnlyTypes() {
        assertThat(DataType.parse("DECIMAL(10,2)")).isEqualTo(new DecimalType(10, 2));
        assertThat(DataType.parse("numeric(10, 2)")).isEqualTo(new DecimalType(10, 2));
        assertThat(DataType.parse("DEC(5)")).isEqualTo(new DecimalType(5, 0));
        // a bare DECIMAL is DOUBLE, as in SQLite (its conformance files rely on it)
        assertThat(DataType.parse("DECIMAL")).isSameAs(DataType.DOUBLE);
        assertThat(DataType.parse("DOUBLE[3]")).isEqualTo(new ArrayType(DataType.DOUBLE, 3));
        assertThat(DataType.parse("float[ 4 ]")).isEqualTo(new ArrayType(DataType.REAL, 4));
        assertThat(DataType.parse("DOUBLE PRECISION[]")).isEqualTo(new ListType(DataType.DOUBLE));
        assertThat(DataType.parse("INT[2][]")).isEqualTo(new ListType(new ArrayType(DataType.INTEGER, 2)));
        assertThat(DataType.parse("DECIMAL(10,2)[3]")).isEqualTo(new ArrayType(new DecimalType(10, 2), 3));
        assertThat(DataType.parse("TIME")).isSameAs(DataType.TIME);
        assertThat(DataType.parse("time without time zone")).isSameAs(DataType.TIME);
        assertThat(DataType.parse("TIMESTAMP WITH TIME ZONE")).isSameAs(DataType.TIMESTAMP_TZ);
        assertThat(DataType.parse("TIMESTAMPTZ")).isSameAs(DataType.TIMESTAMP_TZ);
    }

    @Test
    void rejectsInvalidParameters() {
        for (String bad :
                new String[] {"DECIMAL(0)", "DECIMAL(2,5)", "DECIMAL(10,-1)", "DECIMAL(1001)", "DOUBLE[0]", "DOUBLE[-2]"
                }) {
            assertThatThrownBy(() -> DataType.parse(bad))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            NablaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TYPE_MISMATCH));
        }
        assertThat(DataType.parse("DECIMAL(1000, 1000)")).isEqualTo(new DecimalType(1000, 1000));
    }

    @Test
    void decimalIsExactUpToThirtyEightDigits() {
        assertThat(DataType.fromSqlName("DECIMAL(10,2)")).isEqualTo(new DecimalType(10, 2));
        assertThat(DataType.fromSqlName("DECIMAL(10,2)").isSupported()).isTrue();
        assertThat(DataType.fromSqlName("DECIMAL(10,2)").physical()).isEqualTo(PhysicalType.LONG);
        assertThat(DataType.fromSqlName("DECIMAL(18,2)").physical()).isEqualTo(PhysicalType.LONG);
        assertThat(DataType.fromSqlName("DECIMAL(19,2)").physical()).isEqualTo(PhysicalType.INT128);
        assertThat(DataType.fromSqlName("DECIMAL(38,38)").physical()).isEqualTo(PhysicalType.INT128);
        assertThat(ColumnVector.width(new DecimalType(19, 2))).isEqualTo(2);
        assertThat(ColumnVector.width(new DecimalType(18, 2))).isEqualTo(1);
        assertThat(DataType.fromSqlName("DECIMAL(39,2)").isSupported()).isFalse();
        assertThat(DataType.fromSqlName("NUMERIC")).isSameAs(DataType.DOUBLE);
        assertThat(DataType.commonSuperType(new DecimalType(10, 2), new DecimalType(5, 4)))
                .isEqualTo(new DecimalType(12, 4));
        assertThat(DataType.commonSuperType(new DecimalType(10, 2), DataType.INTEGER))
                .isEqualTo(new DecimalType(12, 2));
        // a BIGINT has 19 integer digits (DuckDB's DECIMAL(19,0)), so the common type is 128-bit
        assertThat(DataType.commonSuperType(new DecimalType(10, 2), DataType.BIGINT))
                .isEqualTo(new DecimalType(21, 2));
        assertThat(DataType.commonSuperType(new DecimalType(38, 0), new DecimalType(38, 8)))
                .isEqualTo(new DecimalType(38, 8));
        assertThat(DataType.commonSuperType(new DecimalType(10, 2), DataType.DOUBLE))
                .isSameAs(DataType.DOUBLE);
        assertThat(DataType.commonSuperType(new DecimalType(10, 2), DataType.VARCHAR))
                .isNull();
        assertThat(DecimalType.of(new java.math.BigDecimal("1.05"))).isEqualTo(new DecimalType(3, 2));
        assertThat(DecimalType.of(new java.math.BigDecimal("1E+3"))).isEqualTo(new DecimalType(4, 0));
        assertThat(DataType.fromSqlName("DOUBLE[3]")).isEqualTo(new ArrayType(DataType.DOUBLE, 3));
        // FLOAT[n]/REAL[n] (and DECIMAL[n]) are stored as DOUBLE[n], as REAL scalars are stored as doubles
        assertThat(DataType.fromSqlName("FLOAT[4]")).isEqualTo(new ArrayType(DataType.DOUBLE, 4));
        assertThat(DataType.fromSqlName("REAL[2]")).isEqualTo(new ArrayType(DataType.DOUBLE, 2));
        assertThat(DataType.fromSqlName("DECIMAL(5,2)[2]")).isEqualTo(new ArrayType(DataType.DOUBLE, 2));
        assertThat(DataType.fromSqlName("INT[2]")).isEqualTo(new ArrayType(DataType.INTEGER, 2));
        assertThat(DataType.storedAs(null)).isNull();
    }

    @Test
    void rendersSqlThatParsesBack() {
        List<DataType> all = List.of(
                DataType.NULL,
                DataType.BOOLEAN,
                DataType.INTEGER,
                DataType.BIGINT,
                DataType.REAL,
                DataType.DOUBLE,
                DataType.VARCHAR,
                DataType.DATE,
                DataType.TIMESTAMP,
                DataType.BLOB,
                DataType.TIME,
                DataType.TIMESTAMP_TZ,
                new DecimalType(10, 2),
                new ArrayType(DataType.DOUBLE, 3),
                new ListType(DataType.VARCHAR),
                new ListType(new ArrayType(DataType.REAL, 2)));
        assertThat(all)
                .extracting(DataType::sqlName)
                .containsExactly(
                        "NULL",
                        "BOOLEAN",
                        "INTEGER",
                        "BIGINT",
                        "REAL",
                        "DOUBLE",
                        "VARCHAR",
                        "DATE",
                        "TIMESTAMP",
                        "BLOB",
                        "TIME",
                        "TIMESTAMP WITH TIME ZONE",
                        "DECIMAL(10,2)",
                        "DOUBLE[3]",
                        "VARCHAR[]",
                        "REAL[2][]");
        for (DataType t : all) {
            assertThat(t.toString()).isEqualTo(t.sqlName());
            if (t != DataType.NULL)
                assertThat(DataType.parse(t.sqlName())).as(t.sqlName()).isEqualTo(t);
        }
    }

    @Test
    void equalityIsStructural() {
        DataType a = new ArrayType(DataType.DOUBLE, 3), b = DataType.parse("double[3]");
        assertThat(a).isNotSameAs(b).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a)
                .isNotEqualTo(new ArrayType(DataType.DOUBLE, 4))
                .isNotEqualTo(new ArrayType(DataType.REAL, 3))
                .isNotEqualTo(new ListType(DataType.DOUBLE))
                .isNotEqualTo(DataType.DOUBLE);
        assertThat(new DecimalType(10, 2)).isEqualTo(new DecimalType(10, 2)).isNotEqualTo(new DecimalType(10, 3));
        assertThat(DataType.DOUBLE).isSameAs(ScalarType.DOUBLE).isNotEqualTo(DataType.REAL);
    }

    @Test
    void doubleListsAreStoredAsOneValuePerRow() {
        ListType t = new ListType(DataType.DOUBLE);
        assertThat(t.isSupported()).isTrue();
        assertThat(t.physical()).isEqualTo(PhysicalType.LIST);
        assertThat(DataType.fromSqlName("REAL[]")).isEqualTo(t);
        ListValue v = ListValue.parse("[1, NULL, -2.5e1]");
        assertThat(v.length()).isEqualTo(3);
        assertThat(v.isNull(1)).isTrue();
        assertThat(v.get(2)).isEqualTo(-25.0);
        assertThat(v).hasToString("[1.0, NULL, -25.0]").isEqualTo(ListValue.parse(v.toString()));
        assertThat(ListValue.parse(" [ ] ")).isSameAs(ListValue.EMPTY);
        assertThat(ListValue.parse("[1, 2]").toFixed(2)).containsExactly(1.0, 2.0);
        assertThatThrownBy(() -> v.toFixed(3)).hasMessageContaining("element 2 is NULL");
        assertThatThrownBy(() -> v.toFixed(2)).hasMessageContaining("the list has 3 elements, DOUBLE[2] needs 2");
        assertThatThrownBy(() -> ListValue.parse("[1,,2]"))
                .isInstanceOfSatisfying(
                        NablaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CAST));
        // NULL elements past the first word of the bitmap
        java.util.List<Double> many = new java.util.ArrayList<>();
        for (int i = 0; i < 130; i++) many.add(i % 65 == 64 ? null : (double) i);
        ListValue m = ListValue.ofBoxed(many);
        assertThat(m.isNull(64)).isTrue();
        assertThat(m.isNull(129)).isTrue();
        assertThat(m.isNull(128)).isFalse();
        assertThat(ListValue.parse(m.toString())).isEqualTo(m);
    }

    @Test
    void onlyTheScalarTypesAreStored() {
        for (DataType t : DataType.SUPPORTED) {
            assertThat(t.isSupported()).isTrue();
            assertThat(t.physical()).isNotNull();
        }
        assertThat(DataType.SUPPORTED).hasSize(ScalarType.values().length);
        assertThat(DataType.TIME.isSupported()).isTrue();
        assertThat(DataType.TIMESTAMP_TZ.isSupported()).isTrue();
        assertThat(DataType.TIMESTAMP_TZ.physical()).isEqualTo(PhysicalType.LONG);
        for (DataType t :
                List.of(new DecimalType(39, 1), new ArrayType(DataType.INTEGER, 3), new ListType(DataType.VARCHAR))) {
            assertThat(t.isSupported()).as(t.sqlName()).isFalse();
            assertThatThrownBy(t::physical).isInstanceOfSatisfying(NablaException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED);
                assertThat(e.code().sqlState()).isEqualTo("0A000");
                assertThat(e.getMessage()).isEqualTo("type " + t.sqlName() + " is not supported yet");
            });
        }
    }

    @Test
    void physicalLayoutIsUnchanged() {
        assertThat(List.of(
                        DataType.NULL,
                        DataType.BOOLEAN,
                        DataType.INTEGER,
                        DataType.BIGINT,
                        DataType.DATE,
                        DataType.TIMESTAMP))
                .allSatisfy(t -> assertThat(t.physical()).isEqualTo(PhysicalType.LONG));
        assertThat(List.of(DataType.REAL, DataType.DOUBLE))
                .allSatisfy(t -> assertThat(t.physical()).isEqualTo(PhysicalType.DOUBLE));
        assertThat(List.of(DataType.VARCHAR, DataType.BLOB))
                .allSatisfy(t -> assertThat(t.physical()).isEqualTo(PhysicalType.STRING));
    }

    @Test
    void predicates() {
        assertThat(DataType.SUPPORTED.stream().filter(DataType::isNumeric))
                .containsExactly(DataType.NULL, DataType.INTEGER, DataType.BIGINT, DataType.REAL, DataType.DOUBLE);
        assertThat(DataType.SUPPORTED.stream().filter(DataType::isIntegral))
                .containsExactly(DataType.INTEGER, DataType.BIGINT);
        assertThat(DataType.SUPPORTED.stream().filter(DataType::isFloating))
                .containsExactly(DataType.REAL, DataType.DOUBLE);
        assertThat(DataType.SUPPORTED.stream().filter(DataType::isTemporal))
                .containsExactly(DataType.DATE, DataType.TIMESTAMP);
        assertThat(new DecimalType(10, 2).isNumeric()).isTrue();
        assertThat(new ArrayType(DataType.DOUBLE, 3).isNumeric()).isFalse();
    }

    /** The promotion table of the former enum, written out so a change to it is deliberate. */
    @Test
    void promotionOfTheStoredTypesIsUnchanged() {
        DataType N = DataType.NULL,
                BO = DataType.BOOLEAN,
                I = DataType.INTEGER,
                BI = DataType.BIGINT,
                R = DataType.REAL,
                D = DataType.DOUBLE,
                V = DataType.VARCHAR,
                DA = DataType.DATE,
                TS = DataType.TIMESTAMP,
                BL = DataType.BLOB;
        List<DataType> order = List.of(N, BO, I, BI, R, D, V, DA, TS, BL);
        DataType[][] expected = {
            //        N   BO  I   BI  R  D  V   DA  TS  BL
            /* N  */ {N, BO, I, BI, R, D, V, DA, TS, BL},
            /* BO */ {BO, BO, BI, BI, null, null, null, null, null, null},
            /* I  */ {I, BI, I, BI, D, D, null, null, null, null},
            /* BI */ {BI, BI, BI, BI, D, D, null, null, null, null},
            /* R  */ {R, null, D, D, R, D, null, null, null, null},
            /* D  */ {D, null, D, D, D, D, null, null, null, null},
            /* V  */ {V, null, null, null, null, null, V, DA, TS, BL},
            /* DA */ {DA, null, null, null, null, null, DA, DA, TS, null},
            /* TS */ {TS, null, null, null, null, null, TS, TS, TS, null},
            /* BL */ {BL, null, null, null, null, null, BL, null, null, BL},
        };
        for (int i = 0; i < order.size(); i++) {
            for (int j = 0; j < order.size(); j++) {
                assertThat(DataType.commonSuperType(order.get(i), order.get(j)))
                        .as(order.get(i) + " with " + order.get(j))
                        .isEqualTo(expected[i][j]);
            }
        }
        DataType arr = new ArrayType(D, 3);
        assertThat(DataType.commonSuperType(arr, DataType.parse("DOUBLE[3]"))).isEqualTo(arr);
        assertThat(DataType.commonSuperType(arr, N)).isEqualTo(arr);
        assertThat(DataType.commonSuperType(arr, D)).isNull();
        // DECIMAL promotion: DecimalIsExactUpToEighteenDigits
        assertThat(DataType.commonSuperType(new DecimalType(39, 2), I)).isNull();
    }

    @Test
    void tangentTypes() {
        for (DataType t : List.of(
                DataType.NULL,
                DataType.BOOLEAN,
                DataType.INTEGER,
                DataType.BIGINT,
                DataType.REAL,
                DataType.DOUBLE,
                new DecimalType(10, 2))) {
            assertThat(t.tangentType()).as(t.sqlName()).isSameAs(DataType.DOUBLE);
        }
        assertThat(new ArrayType(DataType.DOUBLE, 3).tangentType()).isEqualTo(new ArrayType(DataType.DOUBLE, 3));
        assertThat(new ArrayType(DataType.INTEGER, 2).tangentType()).isEqualTo(new ArrayType(DataType.DOUBLE, 2));
        for (DataType t : List.of(
                DataType.VARCHAR,
                DataType.BLOB,
                DataType.DATE,
                DataType.TIMESTAMP,
                DataType.TIME,
                DataType.TIMESTAMP_TZ,
                new ListType(DataType.DOUBLE),
                new ArrayType(DataType.VARCHAR, 2))) {
            assertThatThrownBy(t::tangentType)
                    .as(t.sqlName())
                    .isInstanceOfSatisfying(
                            NablaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.GRAD));
        }
    }

    /**
     * The constants on the interface must be set whichever class a program touches first. (With a
     * default method on DataType, loading ScalarType first would initialise DataType while
     * ScalarType's constants are still null.)
     */
    @Test
    void constantsAreSetWhenTheEnumLoadsFirst() throws Exception {
        for (String first : List.of(
                "dev.nabla.storage.ScalarType", "dev.nabla.storage.TemporalType", "dev.nabla.storage.DataType")) {
            java.net.URL classes =
                    DataType.class.getProtectionDomain().getCodeSource().getLocation();
            java.net.URL common =
                    NablaException.class.getProtectionDomain().getCodeSource().getLocation(); // module common
            try (var loader = new java.net.URLClassLoader(
                    new java.net.URL[] {classes, common}, ClassLoader.getPlatformClassLoader())) {
                Class.forName(first, true, loader);
                Class<?> dataType = Class.forName("dev.nabla.storage.DataType", true, loader);
                for (String constant : List.of("NULL", "DOUBLE", "BLOB", "TIME", "TIMESTAMP_TZ")) {
                    assertThat(dataType.getField(constant).get(null))
                            .as(first + " first: " + constant)
                            .isNotNull();
                }
                assertThat((List<?>) dataType.getField("SUPPORTED").get(null))
                        .as(first)
                        .doesNotContainNull();
            }
        }
    }

    /** Every type is handled by an exhaustive switch; this one fails to compile when a subtype is added. */
    @Test
    void theHierarchyIsClosed() {
        for (DataType t : List.of(
                DataType.DOUBLE,
                DataType.TIME,
                new DecimalType(3, 1),
                new ArrayType(DataType.DOUBLE, 1),
                new ListType(DataType.DOUBLE))) {
            String kind = switch (t) {
                case ScalarType s -> "scalar";
                case TemporalType s -> "temporal";
                case DecimalType d -> "decimal";
                case ArrayType a -> "array";
                case ListType l -> "list";
            };
            assertThat(kind).isNotEmpty();
        }
    }
}
