package dev.nabla.common;

/** The kind of failure; the REPL, CLI and JDBC map these to exit codes and SQLSTATEs. */
public enum ErrorCode {
    SYNTAX("42601"),
    UNKNOWN_TABLE("42P01"),
    UNKNOWN_COLUMN("42703"),
    AMBIGUOUS_COLUMN("42702"),
    UNKNOWN_FUNCTION("42883"),
    /** An unknown object that is not a table, column or function, e.g. a setting (PostgreSQL 42704). */
    UNDEFINED_OBJECT("42704"),
    DUPLICATE_OBJECT("42P07"),
    TYPE_MISMATCH("42804"),
    INVALID_ARGUMENT("22023"),
    DIVISION_BY_ZERO("22012"),
    NUMERIC_OVERFLOW("22003"),
    /** A string longer than its column's declared length (VARCHAR(n), CHAR(n)): PostgreSQL's string_data_right_truncation. */
    STRING_TOO_LONG("22001"),
    INVALID_CAST("22P02"),
    /** A text that does not match a date/time format (strptime). */
    INVALID_DATETIME("22007"),
    /** A regular expression that does not compile, or uses a construct the linear-time engine lacks. */
    INVALID_REGEX("2201B"),
    NOT_NULL_VIOLATION("23502"),
    FOREIGN_KEY_VIOLATION("23503"),
    UNIQUE_VIOLATION("23505"),
    CHECK_VIOLATION("23514"),
    /** A value given for a GENERATED ALWAYS AS IDENTITY column (PostgreSQL's generated_always). */
    GENERATED_ALWAYS("428C9"),
    /** A sequence past its MAXVALUE or MINVALUE (PostgreSQL's sequence_generator_limit_exceeded). */
    SEQUENCE_LIMIT("2200H"),
    /** currval before nextval in this session (PostgreSQL's object_not_in_prerequisite_state). */
    NOT_IN_PREREQUISITE_STATE("55000"),
    CARDINALITY("21000"),
    GRAD("42G01"),
    /** PostgreSQL's program_limit_exceeded: a documented size limit (e.g. the 2^30-character string cap) was passed. */
    LIMIT_EXCEEDED("54000"),
    /** "statement too complex" (PostgreSQL's 54001): nesting, operator chains, recursion and stack depth past a limit. */
    RECURSION_LIMIT("54001"),
    OUT_OF_MEMORY("53200"),
    CANCELLED("57014"),
    TRANSACTION("25000"),
    /** PostgreSQL's active_sql_transaction: a transaction mode changed after the transaction's first query. */
    ACTIVE_SQL_TRANSACTION("25001"),
    /** A serializable transaction read data that a transaction committed since its snapshot: roll back and retry. */
    SERIALIZATION_FAILURE("40001"),
    /** PostgreSQL's read_only_sql_transaction: a change refused by a read-only shell ({@code nabla -readonly}). */
    READ_ONLY("25006"),
    IO("58030"),
    UNSUPPORTED("0A000"),
    INTERNAL("XX000");

    private final String sqlState;

    ErrorCode(String sqlState) {
        this.sqlState = sqlState;
    }

    public String sqlState() {
        return sqlState;
    }
}
