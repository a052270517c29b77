package dev.nabla.jdbc;

import dev.nabla.storage.DataType;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.RowIdLifetime;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What tools (DBeaver, IDEs) ask about the database. One catalog ({@code nabla}); schemas are {@code main} plus
 * attached ones; tables, columns, keys, indexes and foreign keys come from the engine's catalog via {@link CatalogView}.
 * Listings that Nabla has nothing for (procedures, privileges, UDTs, ...) are empty with the JDBC columns.
 */
final class NablaDatabaseMetaData implements DatabaseMetaData {
    private static final DataType S = DataType.VARCHAR;
    private static final DataType I = DataType.INTEGER;
    private static final DataType L = DataType.BIGINT;
    private static final DataType B = DataType.BOOLEAN;

    private final NablaConnection connection;
    private final CatalogView catalog;

    NablaDatabaseMetaData(NablaConnection connection) {
        this.connection = connection;
        this.catalog = new CatalogView(connection);
    }

    // ---- result helpers ----

    /** Columns given as name/type pairs: "TABLE_CAT", S, "DATA_TYPE", I, ... */
    private ResultSet result(Object[] columns, List<Object[]> rows) {
        List<String> names = new ArrayList<>();
        List<DataType> types = new ArrayList<>();
        for (int i = 0; i < columns.length; i += 2) {
            names.add((String) columns[i]);
            types.add((DataType) columns[i + 1]);
        }
        return new NablaResultSet(new RowSource.Listed(names, types, rows), null, ResultSet.TYPE_SCROLL_INSENSITIVE, 0);
    }

    private ResultSet empty(String... names) {
        Object[] cols = new Object[names.length * 2];
        for (int i = 0; i < names.length; i++) {
            cols[2 * i] = names[i];
            cols[2 * i + 1] = S;
        }
        return result(cols, List.of());
    }

    /** JDBC LIKE-style pattern ('%', '_', '\' escape); null matches everything. Case-insensitive like SQL names. */
    static boolean matches(@Nullable String pattern, String value) {
        if (pattern == null) return true;
        if (value == null) return false;
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            else if (c == '%') re.append(".*");
            else if (c == '_') re.append('.');
            else re.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL)
                .matcher(value)
                .matches();
    }

    private static boolean catalogMatches(@Nullable String catalogName) {
        return catalogName == null || catalogName.isEmpty() || catalogName.equalsIgnoreCase(NablaConnection.CATALOG);
    }

    private List<CatalogView.TableInfo> tables(
            @Nullable String catalogName, @Nullable String schemaPattern, @Nullable String tablePattern)
            throws SQLException {
        if (!catalogMatches(catalogName)) return List.of();
        List<CatalogView.TableInfo> out = new ArrayList<>();
        for (CatalogView.TableInfo t : catalog.tables()) {
            if (matches(schemaPattern, t.schema()) && matches(tablePattern, t.name())) out.add(t);
        }
        return out;
    }

    // ---- catalog listings ----

    @Override
    public ResultSet getCatalogs() throws SQLException {
        connection.checkOpen();
        return result(new Object[] {"TABLE_CAT", S}, List.<Object[]>of(new Object[] {NablaConnection.CATALOG}));
    }

    @Override
    public ResultSet getSchemas() throws SQLException {
        return getSchemas(null, null);
    }

    @Override
    public ResultSet getSchemas(@Nullable String catalogName, @Nullable String schemaPattern) throws SQLException {
        connection.checkOpen();
        TreeSet<String> schemas = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        schemas.add(NablaConnection.DEFAULT_SCHEMA);
        for (CatalogView.TableInfo t : catalog.tables()) schemas.add(t.schema());
        List<Object[]> rows = new ArrayList<>();
        if (catalogMatches(catalogName)) {
            for (String s : schemas) if (matches(schemaPattern, s)) rows.add(new Object[] {s, NablaConnection.CATALOG});
        }
        return result(new Object[] {"TABLE_SCHEM", S, "TABLE_CATALOG", S}, rows);
    }

    @Override
    public ResultSet getTableTypes() throws SQLException {
        connection.checkOpen();
        return result(new Object[] {"TABLE_TYPE", S}, List.of(new Object[] {"TABLE"}, new Object[] {"VIEW"}));
    }

    @Override
    public ResultSet getTables(String catalogName, String schemaPattern, String tablePattern, String[] types)
            throws SQLException {
        connection.checkOpen();
        List<Object[]> rows = new ArrayList<>();
        for (CatalogView.TableInfo t : tables(catalogName, schemaPattern, tablePattern)) {
            if (types != null && Arrays.stream(types).noneMatch(x -> x != null && x.equalsIgnoreCase(t.type())))
                continue;
            // a view's REMARKS is its defining query, which is how tools without a views query show its body
            String remarks = t.view() != null ? t.view().sql() : "";
            rows.add(new Object[] {
                NablaConnection.CATALOG, t.schema(), t.name(), t.type(), remarks, null, null, null, null, null
            });
        }
        rows.sort(Comparator.<Object[], String>comparing(r -> (String) r[3])
                .thenComparing(r -> (String) r[1])
                .thenComparing(r -> (String) r[2]));
        return result(
                new Object[] {
                    "TABLE_CAT",
                    S,
                    "TABLE_SCHEM",
                    S,
                    "TABLE_NAME",
                    S,
                    "TABLE_TYPE",
                    S,
                    "REMARKS",
                    S,
                    "TYPE_CAT",
                    S,
                    "TYPE_SCHEM",
                    S,
                    "TYPE_NAME",
                    S,
                    "SELF_REFERENCING_COL_NAME",
                    S,
                    "REF_GENERATION",
                    S
                },
                rows);
    }

    @Override
    public ResultSet getColumns(String catalogName, String schemaPattern, String tablePattern, String columnPattern)
            throws SQLException {
        connection.checkOpen();
        List<Object[]> rows = new ArrayList<>();
        List<CatalogView.TableInfo> tables = new ArrayList<>(tables(catalogName, schemaPattern, tablePattern));
        tables.sort(Comparator.comparing(CatalogView.TableInfo::schema).thenComparing(CatalogView.TableInfo::name));
        for (CatalogView.TableInfo t : tables) {
            List<CatalogView.ColumnInfo> cols = catalog.columns(t);
            for (int i = 0; i < cols.size(); i++) {
                CatalogView.ColumnInfo c = cols.get(i);
                if (!matches(columnPattern, c.name())) continue;
                DataType dt = c.type();
                boolean chars = dt == DataType.VARCHAR;
                // a declared VARCHAR(n), CHAR(n) or SMALLINT is reported as declared (the engine enforces it)
                dev.nabla.storage.ColumnLimit limit = c.limit();
                String declared = limit == null ? "" : limit.sqlName();
                boolean fixed = declared.matches("(CHAR|CHARACTER|NCHAR|BPCHAR)\\(.*");
                boolean smallint = declared.equals("SMALLINT");
                long jdbcType = smallint ? Types.SMALLINT : fixed ? Types.CHAR : Values.sqlType(dt);
                String typeName = smallint ? "SMALLINT" : fixed ? "CHAR" : c.typeName();
                long size = limit != null && limit.maxLength() >= 0
                        ? limit.maxLength()
                        : smallint ? 5 : Values.precision(dt);
                rows.add(new Object[] {
                    NablaConnection.CATALOG,
                    t.schema(),
                    t.name(),
                    c.name(),
                    jdbcType,
                    typeName,
                    size,
                    null,
                    dt.isNumeric() || dt == DataType.TIMESTAMP || dt == DataType.TIME ? (long) Values.scale(dt) : null,
                    dt.isNumeric() ? 10L : null,
                    (long) (c.nullable() ? columnNullable : columnNoNulls),
                    "",
                    c.defaultSql(),
                    null,
                    null,
                    chars ? size : null,
                    (long) (i + 1),
                    c.nullable() ? "YES" : "NO",
                    null,
                    null,
                    null,
                    null,
                    c.identity() ? "YES" : "NO",
                    "NO"
                });
            }
        }
        return result(
                new Object[] {
                    "TABLE_CAT",
                    S,
                    "TABLE_SCHEM",
                    S,
                    "TABLE_NAME",
                    S,
                    "COLUMN_NAME",
                    S,
                    "DATA_TYPE",
                    I,
                    "TYPE_NAME",
                    S,
                    "COLUMN_SIZE",
                    I,
                    "BUFFER_LENGTH",
                    I,
                    "DECIMAL_DIGITS",
                    I,
                    "NUM_PREC_RADIX",
                    I,
                    "NULLABLE",
                    I,
                    "REMARKS",
                    S,
                    "COLUMN_DEF",
                    S,
                    "SQL_DATA_TYPE",
                    I,
                    "SQL_DATETIME_SUB",
                    I,
                    "CHAR_OCTET_LENGTH",
                    I,
                    "ORDINAL_POSITION",
                    I,
                    "IS_NULLABLE",
                    S,
                    "SCOPE_CATALOG",
                    S,
                    "SCOPE_SCHEMA",
                    S,
                    "SCOPE_TABLE",
                    S,
                    "SOURCE_DATA_TYPE",
                    I,
                    "IS_AUTOINCREMENT",
                    S,
                    "IS_GENERATEDCOLUMN",
                    S
                },
                rows);
    }

    @Override
    public ResultSet getPrimaryKeys(String catalogName, String schema, String table) throws SQLException {
        connection.checkOpen();
        List<Object[]> rows = new ArrayList<>();
        for (CatalogView.TableInfo t : tables(catalogName, escapeExact(schema), escapeExact(table))) {
            for (CatalogView.ColumnInfo c : catalog.columns(t)) {
                if (c.keySeq() > 0) {
                    rows.add(new Object[] {
                        NablaConnection.CATALOG,
                        t.schema(),
                        t.name(),
                        c.name(),
                        (long) c.keySeq(),
                        CatalogView.primaryKeyName(t.name())
                    });
                }
            }
        }
        rows.sort(Comparator.comparing(r -> (String) r[3]));
        return result(
                new Object[] {
                    "TABLE_CAT", S, "TABLE_SCHEM", S, "TABLE_NAME", S, "COLUMN_NAME", S, "KEY_SEQ", I, "PK_NAME", S
                },
                rows);
    }

    /** getPrimaryKeys and friends take exact names, not patterns. */
    private static @Nullable String escapeExact(@Nullable String name) {
        return name == null
                ? null
                : name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    @Override
    public ResultSet getIndexInfo(String catalogName, String schema, String table, boolean unique, boolean approximate)
            throws SQLException {
        connection.checkOpen();
        List<Object[]> rows = new ArrayList<>();
        for (CatalogView.TableInfo t : tables(catalogName, escapeExact(schema), escapeExact(table))) {
            for (CatalogView.IndexInfo ix : catalog.indexes(t)) {
                if (unique && !ix.unique()) continue;
                for (int k = 0; k < ix.columns().size(); k++) {
                    rows.add(new Object[] {
                        NablaConnection.CATALOG,
                        t.schema(),
                        t.name(),
                        !ix.unique(),
                        NablaConnection.CATALOG,
                        ix.name(),
                        (long) tableIndexHashed,
                        (long) (k + 1),
                        ix.columns().get(k),
                        null,
                        null,
                        null,
                        null
                    });
                }
            }
        }
        // JDBC's order: NON_UNIQUE, TYPE, INDEX_NAME, ORDINAL_POSITION
        rows.sort(Comparator.<Object[], Boolean>comparing(r -> (Boolean) r[3])
                .thenComparing(r -> (String) r[5], String.CASE_INSENSITIVE_ORDER)
                .thenComparing(r -> (Long) r[7]));
        return result(
                new Object[] {
                    "TABLE_CAT",
                    S,
                    "TABLE_SCHEM",
                    S,
                    "TABLE_NAME",
                    S,
                    "NON_UNIQUE",
                    B,
                    "INDEX_QUALIFIER",
                    S,
                    "INDEX_NAME",
                    S,
                    "TYPE",
                    I,
                    "ORDINAL_POSITION",
                    I,
                    "COLUMN_NAME",
                    S,
                    "ASC_OR_DESC",
                    S,
                    "CARDINALITY",
                    L,
                    "PAGES",
                    L,
                    "FILTER_CONDITION",
                    S
                },
                rows);
    }

    @Override
    public ResultSet getTypeInfo() throws SQLException {
        connection.checkOpen();
        List<Object[]> rows = new ArrayList<>();
        for (DataType t : DataType.SUPPORTED) {
            if (t == DataType.NULL) continue;
            boolean text = t == DataType.VARCHAR;
            boolean temporal = t.isTemporal();
            rows.add(new Object[] {
                t.sqlName(),
                (long) Values.sqlType(t),
                (long) Values.precision(t),
                text || temporal ? "'" : null,
                text || temporal ? "'" : null,
                null,
                (long) typeNullable,
                text,
                (long) typeSearchable,
                !t.isNumeric(),
                false,
                false,
                t.sqlName(),
                0L,
                (long) Values.scale(t),
                null,
                null,
                t.isNumeric() ? 10L : null
            });
        }
        // exact DECIMAL(p, s): declared with its precision and scale, up to 18 digits
        int maxDigits = dev.nabla.storage.DecimalType.MAX_STORED_PRECISION;
        rows.add(new Object[] {
            "DECIMAL",
            (long) java.sql.Types.DECIMAL,
            (long) maxDigits,
            null,
            null,
            "precision,scale",
            (long) typeNullable,
            false,
            (long) typeSearchable,
            false,
            false,
            false,
            "DECIMAL",
            0L,
            (long) maxDigits,
            null,
            null,
            10L
        });
        rows.sort(Comparator.comparingLong(r -> (Long) r[1]));
        return result(
                new Object[] {
                    "TYPE_NAME",
                    S,
                    "DATA_TYPE",
                    I,
                    "PRECISION",
                    I,
                    "LITERAL_PREFIX",
                    S,
                    "LITERAL_SUFFIX",
                    S,
                    "CREATE_PARAMS",
                    S,
                    "NULLABLE",
                    I,
                    "CASE_SENSITIVE",
                    B,
                    "SEARCHABLE",
                    I,
                    "UNSIGNED_ATTRIBUTE",
                    B,
                    "FIXED_PREC_SCALE",
                    B,
                    "AUTO_INCREMENT",
                    B,
                    "LOCAL_TYPE_NAME",
                    S,
                    "MINIMUM_SCALE",
                    I,
                    "MAXIMUM_SCALE",
                    I,
                    "SQL_DATA_TYPE",
                    I,
                    "SQL_DATETIME_SUB",
                    I,
                    "NUM_PREC_RADIX",
                    I
                },
                rows);
    }

    @Override
    public ResultSet getFunctions(String catalogName, String schemaPattern, String functionPattern)
            throws SQLException {
        connection.checkOpen();
        return result(
                new Object[] {
                    "FUNCTION_CAT",
                    S,
                    "FUNCTION_SCHEM",
                    S,
                    "FUNCTION_NAME",
                    S,
                    "REMARKS",
                    S,
                    "FUNCTION_TYPE",
                    I,
                    "SPECIFIC_NAME",
                    S
                },
                List.of());
    }

    @Override
    public ResultSet getFunctionColumns(String c, String s, String f, String col) throws SQLException {
        connection.checkOpen();
        return empty(
                "FUNCTION_CAT",
                "FUNCTION_SCHEM",
                "FUNCTION_NAME",
                "COLUMN_NAME",
                "COLUMN_TYPE",
                "DATA_TYPE",
                "TYPE_NAME",
                "PRECISION",
                "LENGTH",
                "SCALE",
                "RADIX",
                "NULLABLE",
                "REMARKS",
                "CHAR_OCTET_LENGTH",
                "ORDINAL_POSITION",
                "IS_NULLABLE",
                "SPECIFIC_NAME");
    }

    @Override
    public ResultSet getProcedures(String c, String s, String p) throws SQLException {
        connection.checkOpen();
        return empty(
                "PROCEDURE_CAT",
                "PROCEDURE_SCHEM",
                "PROCEDURE_NAME",
                "RESERVED1",
                "RESERVED2",
                "RESERVED3",
                "REMARKS",
                "PROCEDURE_TYPE",
                "SPECIFIC_NAME");
    }

    @Override
    public ResultSet getProcedureColumns(String c, String s, String p, String col) throws SQLException {
        connection.checkOpen();
        return empty(
                "PROCEDURE_CAT",
                "PROCEDURE_SCHEM",
                "PROCEDURE_NAME",
                "COLUMN_NAME",
                "COLUMN_TYPE",
                "DATA_TYPE",
                "TYPE_NAME",
                "PRECISION",
                "LENGTH",
                "SCALE",
                "RADIX",
                "NULLABLE",
                "REMARKS",
                "COLUMN_DEF",
                "SQL_DATA_TYPE",
                "SQL_DATETIME_SUB",
                "CHAR_OCTET_LENGTH",
                "ORDINAL_POSITION",
                "IS_NULLABLE",
                "SPECIFIC_NAME");
    }

    @Override
    public ResultSet getColumnPrivileges(String c, String s, String t, String col) throws SQLException {
        connection.checkOpen();
        return empty(
                "TABLE_CAT",
                "TABLE_SCHEM",
                "TABLE_NAME",
                "COLUMN_NAME",
                "GRANTOR",
                "GRANTEE",
                "PRIVILEGE",
                "IS_GRANTABLE");
    }

    @Override
    public ResultSet getTablePrivileges(String c, String s, String t) throws SQLException {
        connection.checkOpen();
        return empty("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "GRANTOR", "GRANTEE", "PRIVILEGE", "IS_GRANTABLE");
    }

    @Override
    public ResultSet getBestRowIdentifier(String c, String s, String t, int scope, boolean nullable)
            throws SQLException {
        connection.checkOpen();
        return empty(
                "SCOPE",
                "COLUMN_NAME",
                "DATA_TYPE",
                "TYPE_NAME",
                "COLUMN_SIZE",
                "BUFFER_LENGTH",
                "DECIMAL_DIGITS",
                "PSEUDO_COLUMN");
    }

    @Override
    public ResultSet getVersionColumns(String c, String s, String t) throws SQLException {
        connection.checkOpen();
        return empty(
                "SCOPE",
                "COLUMN_NAME",
                "DATA_TYPE",
                "TYPE_NAME",
                "COLUMN_SIZE",
                "BUFFER_LENGTH",
                "DECIMAL_DIGITS",
                "PSEUDO_COLUMN");
    }

    /**
     * The foreign-key pairs whose parent matches {@code (ps, pt)} and child matches {@code (fs, ft)} (exact names; null
     * matches any), one row per column pair. Nabla's foreign keys are NO ACTION on update and delete, not deferrable.
     */
    private ResultSet keys(
            boolean catalogOk,
            @Nullable String ps,
            @Nullable String pt,
            @Nullable String fs,
            @Nullable String ft,
            boolean byParent)
            throws SQLException {
        connection.checkOpen();
        List<Object[]> rows = new ArrayList<>();
        if (catalogOk) {
            for (CatalogView.ForeignKeyInfo fk : catalog.foreignKeys()) {
                if (!exact(ps, fk.parent().schema()) || !exact(pt, fk.parent().name())) continue;
                if (!exact(fs, fk.child().schema()) || !exact(ft, fk.child().name())) continue;
                for (int k = 0; k < fk.childColumns().size(); k++) {
                    rows.add(new Object[] {
                        NablaConnection.CATALOG,
                        fk.parent().schema(),
                        fk.parent().name(),
                        fk.parentColumns().get(k),
                        NablaConnection.CATALOG,
                        fk.child().schema(),
                        fk.child().name(),
                        fk.childColumns().get(k),
                        (long) (k + 1),
                        (long) importedKeyNoAction,
                        (long) importedKeyNoAction,
                        fk.name(),
                        fk.parentKeyName(),
                        (long) importedKeyNotDeferrable
                    });
                }
            }
        }
        // getImportedKeys orders by the parent table, getExportedKeys and getCrossReference by the child
        int table = byParent ? 6 : 2;
        rows.sort(Comparator.<Object[], String>comparing(r -> (String) r[table - 1])
                .thenComparing(r -> (String) r[table])
                .thenComparing(r -> (Long) r[8]));
        return result(
                new Object[] {
                    "PKTABLE_CAT", S, "PKTABLE_SCHEM", S, "PKTABLE_NAME", S, "PKCOLUMN_NAME", S,
                    "FKTABLE_CAT", S, "FKTABLE_SCHEM", S, "FKTABLE_NAME", S, "FKCOLUMN_NAME", S,
                    "KEY_SEQ", I, "UPDATE_RULE", I, "DELETE_RULE", I, "FK_NAME", S,
                    "PK_NAME", S, "DEFERRABILITY", I
                },
                rows);
    }

    private static boolean exact(@Nullable String wanted, String actual) {
        return wanted == null || wanted.equalsIgnoreCase(actual);
    }

    @Override
    public ResultSet getImportedKeys(String c, String s, String t) throws SQLException {
        return keys(catalogMatches(c), null, null, s, t, false);
    }

    @Override
    public ResultSet getExportedKeys(String c, String s, String t) throws SQLException {
        return keys(catalogMatches(c), s, t, null, null, true);
    }

    @Override
    public ResultSet getCrossReference(String pc, String ps, String pt, String fc, String fs, String ft)
            throws SQLException {
        return keys(catalogMatches(pc) && catalogMatches(fc), ps, pt, fs, ft, true);
    }

    @Override
    public ResultSet getUDTs(String c, String s, String t, int[] types) throws SQLException {
        connection.checkOpen();
        return empty("TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "CLASS_NAME", "DATA_TYPE", "REMARKS", "BASE_TYPE");
    }

    @Override
    public ResultSet getSuperTypes(String c, String s, String t) throws SQLException {
        connection.checkOpen();
        return empty("TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "SUPERTYPE_CAT", "SUPERTYPE_SCHEM", "SUPERTYPE_NAME");
    }

    @Override
    public ResultSet getSuperTables(String c, String s, String t) throws SQLException {
        connection.checkOpen();
        return empty("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "SUPERTABLE_NAME");
    }

    @Override
    public ResultSet getAttributes(String c, String s, String t, String a) throws SQLException {
        connection.checkOpen();
        return empty(
                "TYPE_CAT",
                "TYPE_SCHEM",
                "TYPE_NAME",
                "ATTR_NAME",
                "DATA_TYPE",
                "ATTR_TYPE_NAME",
                "ATTR_SIZE",
                "DECIMAL_DIGITS",
                "NUM_PREC_RADIX",
                "NULLABLE",
                "REMARKS",
                "ATTR_DEF",
                "SQL_DATA_TYPE",
                "SQL_DATETIME_SUB",
                "CHAR_OCTET_LENGTH",
                "ORDINAL_POSITION",
                "IS_NULLABLE",
                "SCOPE_CATALOG",
                "SCOPE_SCHEMA",
                "SCOPE_TABLE",
                "SOURCE_DATA_TYPE");
    }

    @Override
    public ResultSet getClientInfoProperties() throws SQLException {
        connection.checkOpen();
        return empty("NAME", "MAX_LEN", "DEFAULT_VALUE", "DESCRIPTION");
    }

    @Override
    public ResultSet getPseudoColumns(String c, String s, String t, String col) throws SQLException {
        connection.checkOpen();
        return empty(
                "TABLE_CAT",
                "TABLE_SCHEM",
                "TABLE_NAME",
                "COLUMN_NAME",
                "DATA_TYPE",
                "COLUMN_SIZE",
                "DECIMAL_DIGITS",
                "NUM_PREC_RADIX",
                "COLUMN_USAGE",
                "REMARKS",
                "CHAR_OCTET_LENGTH",
                "IS_NULLABLE");
    }

    // ---- identity ----

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public String getURL() {
        return connection.url();
    }

    @Override
    public String getUserName() {
        return connection.user();
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        return connection.isReadOnly();
    }

    @Override
    public String getDatabaseProductName() {
        return "Nabla";
    }

    @Override
    public String getDatabaseProductVersion() {
        return NablaDriver.VERSION;
    }

    @Override
    public int getDatabaseMajorVersion() {
        return NablaDriver.MAJOR;
    }

    @Override
    public int getDatabaseMinorVersion() {
        return NablaDriver.MINOR;
    }

    @Override
    public String getDriverName() {
        return "Nabla JDBC";
    }

    @Override
    public String getDriverVersion() {
        return NablaDriver.VERSION;
    }

    @Override
    public int getDriverMajorVersion() {
        return NablaDriver.MAJOR;
    }

    @Override
    public int getDriverMinorVersion() {
        return NablaDriver.MINOR;
    }

    @Override
    public int getJDBCMajorVersion() {
        return 4;
    }

    @Override
    public int getJDBCMinorVersion() {
        return 3;
    }

    @Override
    public int getSQLStateType() {
        return sqlStateSQL;
    }

    // ---- names and SQL text ----

    @Override
    public boolean supportsMixedCaseIdentifiers() {
        return false;
    }

    @Override
    public boolean storesUpperCaseIdentifiers() {
        return false;
    }

    @Override
    public boolean storesLowerCaseIdentifiers() {
        return false;
    }
    /** Names keep the case they were created with and compare case-insensitively (quoted ones too). */
    @Override
    public boolean storesMixedCaseIdentifiers() {
        return true;
    }

    @Override
    public boolean supportsMixedCaseQuotedIdentifiers() {
        return false;
    }

    @Override
    public boolean storesUpperCaseQuotedIdentifiers() {
        return false;
    }

    @Override
    public boolean storesLowerCaseQuotedIdentifiers() {
        return false;
    }

    @Override
    public boolean storesMixedCaseQuotedIdentifiers() {
        return true;
    }

    @Override
    public String getIdentifierQuoteString() {
        return "\"";
    }

    @Override
    public String getSQLKeywords() {
        return "ATTACH,DESCRIBE,DETACH,EXPLAIN,GRAD,JVP,LIMIT,OFFSET,RECURSIVE,SHOW,VJP,WINDOW";
    }

    @Override
    public String getNumericFunctions() {
        return "ABS,ACOS,ASIN,ATAN,ATAN2,CEIL,CEILING,COS,COT,DEGREES,EXP,FLOOR,LN,LOG,LOG10,MOD,PI,POWER,RADIANS,ROUND,SIGN,SIN,SQRT,TAN,TRUNC";
    }

    @Override
    public String getStringFunctions() {
        return "ASCII,CONCAT,LEFT,LENGTH,LOWER,LTRIM,POSITION,REPEAT,REPLACE,RIGHT,RTRIM,SUBSTR,SUBSTRING,TRIM,UPPER";
    }

    @Override
    public String getSystemFunctions() {
        return "COALESCE,IFNULL,NULLIF";
    }

    @Override
    public String getTimeDateFunctions() {
        return "CURRENT_DATE,CURRENT_TIMESTAMP,DATE_TRUNC,EXTRACT";
    }

    @Override
    public String getSearchStringEscape() {
        return "\\";
    }

    @Override
    public String getExtraNameCharacters() {
        return "";
    }

    @Override
    public String getSchemaTerm() {
        return "schema";
    }

    @Override
    public String getProcedureTerm() {
        return "procedure";
    }

    @Override
    public String getCatalogTerm() {
        return "catalog";
    }

    @Override
    public boolean isCatalogAtStart() {
        return true;
    }

    @Override
    public String getCatalogSeparator() {
        return ".";
    }

    // ---- behaviour flags ----

    @Override
    public boolean allProceduresAreCallable() {
        return false;
    }

    @Override
    public boolean allTablesAreSelectable() {
        return true;
    }

    @Override
    public boolean nullsAreSortedHigh() {
        return false;
    }

    @Override
    public boolean nullsAreSortedLow() {
        return true;
    }

    @Override
    public boolean nullsAreSortedAtStart() {
        return false;
    }

    @Override
    public boolean nullsAreSortedAtEnd() {
        return false;
    }

    @Override
    public boolean usesLocalFiles() {
        return false;
    }

    @Override
    public boolean usesLocalFilePerTable() {
        return false;
    }

    @Override
    public boolean supportsAlterTableWithAddColumn() {
        return true;
    }

    @Override
    public boolean supportsAlterTableWithDropColumn() {
        return true;
    }

    @Override
    public boolean supportsColumnAliasing() {
        return true;
    }

    @Override
    public boolean nullPlusNonNullIsNull() {
        return true;
    }

    @Override
    public boolean supportsConvert() {
        return true;
    }

    @Override
    public boolean supportsConvert(int fromType, int toType) {
        return convertible(fromType) && convertible(toType);
    }

    @Override
    public boolean supportsTableCorrelationNames() {
        return true;
    }

    @Override
    public boolean supportsDifferentTableCorrelationNames() {
        return false;
    }

    @Override
    public boolean supportsExpressionsInOrderBy() {
        return true;
    }

    @Override
    public boolean supportsOrderByUnrelated() {
        return true;
    }

    @Override
    public boolean supportsGroupBy() {
        return true;
    }

    @Override
    public boolean supportsGroupByUnrelated() {
        return true;
    }

    @Override
    public boolean supportsGroupByBeyondSelect() {
        return true;
    }

    @Override
    public boolean supportsLikeEscapeClause() {
        return true;
    }

    @Override
    public boolean supportsMultipleResultSets() {
        return true;
    }

    @Override
    public boolean supportsMultipleTransactions() {
        return true;
    }

    @Override
    public boolean supportsNonNullableColumns() {
        return true;
    }

    @Override
    public boolean supportsMinimumSQLGrammar() {
        return true;
    }

    @Override
    public boolean supportsCoreSQLGrammar() {
        return true;
    }

    @Override
    public boolean supportsExtendedSQLGrammar() {
        return false;
    }

    @Override
    public boolean supportsANSI92EntryLevelSQL() {
        return true;
    }

    @Override
    public boolean supportsANSI92IntermediateSQL() {
        return false;
    }

    @Override
    public boolean supportsANSI92FullSQL() {
        return false;
    }

    @Override
    public boolean supportsIntegrityEnhancementFacility() {
        return false;
    }

    @Override
    public boolean supportsOuterJoins() {
        return true;
    }

    @Override
    public boolean supportsFullOuterJoins() {
        return true;
    }

    @Override
    public boolean supportsLimitedOuterJoins() {
        return true;
    }

    @Override
    public boolean supportsSchemasInDataManipulation() {
        return true;
    }

    @Override
    public boolean supportsSchemasInProcedureCalls() {
        return false;
    }

    @Override
    public boolean supportsSchemasInTableDefinitions() {
        // CREATE TABLE main.t works; tools (SchemaCrawler) only group tables by schema when this is true
        return true;
    }

    @Override
    public boolean supportsSchemasInIndexDefinitions() {
        return false;
    }

    @Override
    public boolean supportsSchemasInPrivilegeDefinitions() {
        return false;
    }

    @Override
    public boolean supportsCatalogsInDataManipulation() {
        return false;
    }

    @Override
    public boolean supportsCatalogsInProcedureCalls() {
        return false;
    }

    @Override
    public boolean supportsCatalogsInTableDefinitions() {
        return false;
    }

    @Override
    public boolean supportsCatalogsInIndexDefinitions() {
        return false;
    }

    @Override
    public boolean supportsCatalogsInPrivilegeDefinitions() {
        return false;
    }

    @Override
    public boolean supportsPositionedDelete() {
        return false;
    }

    @Override
    public boolean supportsPositionedUpdate() {
        return false;
    }

    @Override
    public boolean supportsSelectForUpdate() {
        return false;
    }

    @Override
    public boolean supportsStoredProcedures() {
        return false;
    }

    @Override
    public boolean supportsSubqueriesInComparisons() {
        return true;
    }

    @Override
    public boolean supportsSubqueriesInExists() {
        return true;
    }

    @Override
    public boolean supportsSubqueriesInIns() {
        return true;
    }

    @Override
    public boolean supportsSubqueriesInQuantifieds() {
        return true;
    }

    @Override
    public boolean supportsCorrelatedSubqueries() {
        return true;
    }

    @Override
    public boolean supportsUnion() {
        return true;
    }

    @Override
    public boolean supportsUnionAll() {
        return true;
    }

    @Override
    public boolean supportsOpenCursorsAcrossCommit() {
        return true;
    }

    @Override
    public boolean supportsOpenCursorsAcrossRollback() {
        return true;
    }

    @Override
    public boolean supportsOpenStatementsAcrossCommit() {
        return true;
    }

    @Override
    public boolean supportsOpenStatementsAcrossRollback() {
        return true;
    }

    @Override
    public int getMaxBinaryLiteralLength() {
        return 0;
    }

    @Override
    public int getMaxCharLiteralLength() {
        return 0;
    }

    @Override
    public int getMaxColumnNameLength() {
        return 0;
    }

    @Override
    public int getMaxColumnsInGroupBy() {
        return 0;
    }

    @Override
    public int getMaxColumnsInIndex() {
        return 0;
    }

    @Override
    public int getMaxColumnsInOrderBy() {
        return 0;
    }

    @Override
    public int getMaxColumnsInSelect() {
        return 0;
    }

    @Override
    public int getMaxColumnsInTable() {
        return 0;
    }

    @Override
    public int getMaxConnections() {
        return 0;
    }

    @Override
    public int getMaxCursorNameLength() {
        return 0;
    }

    @Override
    public int getMaxIndexLength() {
        return 0;
    }

    @Override
    public int getMaxSchemaNameLength() {
        return 0;
    }

    @Override
    public int getMaxProcedureNameLength() {
        return 0;
    }

    @Override
    public int getMaxCatalogNameLength() {
        return 0;
    }

    @Override
    public int getMaxRowSize() {
        return 0;
    }

    @Override
    public boolean doesMaxRowSizeIncludeBlobs() {
        return false;
    }

    @Override
    public int getMaxStatementLength() {
        return 0;
    }

    @Override
    public int getMaxStatements() {
        return 0;
    }

    @Override
    public int getMaxTableNameLength() {
        return 0;
    }

    @Override
    public int getMaxTablesInSelect() {
        return 0;
    }

    @Override
    public int getMaxUserNameLength() {
        return 0;
    }

    @Override
    public int getDefaultTransactionIsolation() {
        return Connection.TRANSACTION_SERIALIZABLE;
    }

    @Override
    public boolean supportsTransactions() {
        return true;
    }

    @Override
    public boolean supportsTransactionIsolationLevel(int level) {
        // READ UNCOMMITTED runs as READ COMMITTED and REPEATABLE READ as SERIALIZABLE (stronger, as JDBC allows)
        return level == Connection.TRANSACTION_READ_UNCOMMITTED
                || level == Connection.TRANSACTION_READ_COMMITTED
                || level == Connection.TRANSACTION_REPEATABLE_READ
                || level == Connection.TRANSACTION_SERIALIZABLE;
    }

    @Override
    public boolean supportsDataDefinitionAndDataManipulationTransactions() {
        return true;
    }

    @Override
    public boolean supportsDataManipulationTransactionsOnly() {
        return false;
    }

    @Override
    public boolean dataDefinitionCausesTransactionCommit() {
        return false;
    }

    @Override
    public boolean dataDefinitionIgnoredInTransactions() {
        return false;
    }

    @Override
    public boolean supportsResultSetType(int type) {
        return type == ResultSet.TYPE_FORWARD_ONLY || type == ResultSet.TYPE_SCROLL_INSENSITIVE;
    }

    @Override
    public boolean supportsResultSetConcurrency(int type, int concurrency) {
        return supportsResultSetType(type) && concurrency == ResultSet.CONCUR_READ_ONLY;
    }

    @Override
    public boolean ownUpdatesAreVisible(int type) {
        return false;
    }

    @Override
    public boolean ownDeletesAreVisible(int type) {
        return false;
    }

    @Override
    public boolean ownInsertsAreVisible(int type) {
        return false;
    }

    @Override
    public boolean othersUpdatesAreVisible(int type) {
        return false;
    }

    @Override
    public boolean othersDeletesAreVisible(int type) {
        return false;
    }

    @Override
    public boolean othersInsertsAreVisible(int type) {
        return false;
    }

    @Override
    public boolean updatesAreDetected(int type) {
        return false;
    }

    @Override
    public boolean deletesAreDetected(int type) {
        return false;
    }

    @Override
    public boolean insertsAreDetected(int type) {
        return false;
    }

    @Override
    public boolean supportsBatchUpdates() {
        return true;
    }

    @Override
    public boolean supportsSavepoints() {
        return true;
    }

    @Override
    public boolean supportsNamedParameters() {
        return false;
    }

    @Override
    public boolean supportsMultipleOpenResults() {
        return true;
    }

    @Override
    public boolean supportsGetGeneratedKeys() {
        return true;
    }

    @Override
    public boolean supportsResultSetHoldability(int holdability) {
        return holdability == ResultSet.HOLD_CURSORS_OVER_COMMIT;
    }

    @Override
    public int getResultSetHoldability() {
        return ResultSet.HOLD_CURSORS_OVER_COMMIT;
    }

    @Override
    public boolean locatorsUpdateCopy() {
        return false;
    }

    @Override
    public boolean supportsStatementPooling() {
        return false;
    }

    @Override
    public RowIdLifetime getRowIdLifetime() {
        return RowIdLifetime.ROWID_UNSUPPORTED;
    }

    @Override
    public boolean supportsStoredFunctionsUsingCallSyntax() {
        return false;
    }

    @Override
    public boolean autoCommitFailureClosesAllResultSets() {
        return false;
    }

    @Override
    public boolean generatedKeyAlwaysReturned() {
        return false;
    }

    private static boolean convertible(int type) {
        return switch (type) {
            case Types.BOOLEAN,
                    Types.BIT,
                    Types.TINYINT,
                    Types.SMALLINT,
                    Types.INTEGER,
                    Types.BIGINT,
                    Types.REAL,
                    Types.FLOAT,
                    Types.DOUBLE,
                    Types.DECIMAL,
                    Types.NUMERIC,
                    Types.CHAR,
                    Types.VARCHAR,
                    Types.LONGVARCHAR,
                    Types.DATE,
                    Types.TIME,
                    Types.TIMESTAMP -> true;
            default -> false;
        };
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) return iface.cast(this);
        throw new SQLException("not a wrapper for " + iface.getName(), "22023");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    @Override
    public String toString() {
        return "Nabla " + NablaDriver.VERSION + " (" + connection.url() + ")";
    }
}
