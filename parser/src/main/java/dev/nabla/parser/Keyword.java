package dev.nabla.parser;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Words the grammar gives meaning to. Reserved ones can never be bare identifiers (they end a select
 * item or table reference, so {@code SELECT a FROM t WHERE ...} cannot take WHERE as an alias);
 * the others are matched where the grammar expects them and otherwise read as ordinary names.
 */
public enum Keyword {
    // reserved
    ALL(true),
    AND(true),
    ANY(true),
    AS(true),
    ASC(true),
    BETWEEN(true),
    BY(true),
    CASE(true),
    CAST(true),
    CHECK(true),
    COLLATE(true),
    CONSTRAINT(true),
    CREATE(true),
    CROSS(true),
    DEFAULT(true),
    DELETE(true),
    DESC(true),
    DISTINCT(true),
    DROP(true),
    ELSE(true),
    END(true),
    ESCAPE(true),
    EXCEPT(true),
    EXISTS(true),
    FALSE(true),
    FETCH(true),
    FOR(true),
    FROM(true),
    FULL(true),
    GLOB(true),
    GROUP(true),
    HAVING(true),
    ILIKE(true),
    IN(true),
    INNER(true),
    INSERT(true),
    INTERSECT(true),
    INTO(true),
    IS(true),
    ISNULL(true),
    JOIN(true),
    LATERAL(true),
    LEFT(true),
    LIKE(true),
    LIMIT(true),
    NATURAL(true),
    NOT(true),
    NOTNULL(true),
    NULL(true),
    OFFSET(true),
    ON(true),
    OR(true),
    ORDER(true),
    OUTER(true),
    OVER(true),
    PRIMARY(true),
    REFERENCES(true),
    RETURNING(true),
    RIGHT(true),
    SELECT(true),
    SET(true),
    SOME(true),
    TABLE(true),
    THEN(true),
    TRUE(true),
    UNION(true),
    UNIQUE(true),
    UPDATE(true),
    USING(true),
    VALUES(true),
    WHEN(true),
    WHERE(true),
    WINDOW(true),
    WITH(true),
    QUALIFY(true),
    // not reserved
    ABORT(false),
    ACTION(false),
    ANALYZE(false),
    ATTACH(false),
    AUTOINCREMENT(false),
    BEGIN(false),
    CHECKPOINT(false),
    COLUMNS(false),
    COMMIT(false),
    COPY(false),
    CURRENT(false),
    DATABASE(false),
    DEFERRABLE(false),
    DESCRIBE(false),
    DETACH(false),
    EXCLUDE(false),
    EXPLAIN(false),
    EXPORT(false),
    FAIL(false),
    FILTER(false),
    FIRST(false),
    FOLLOWING(false),
    FOREIGN(false),
    GRAD(false),
    GROUPS(false),
    IF(false),
    IGNORE(false),
    IMPORT(false),
    INDEX(false),
    KEY(false),
    LAST(false),
    NEXT(false),
    NULLS(false),
    ONLY(false),
    OTHERS(false),
    PARTITION(false),
    PRAGMA(false),
    PRECEDING(false),
    RANGE(false),
    RECURSIVE(false),
    REPLACE(false),
    ROLLBACK(false),
    ROW(false),
    ROWS(false),
    SHOW(false),
    START(false),
    TABLES(false),
    TEMP(false),
    TEMPORARY(false),
    TIES(false),
    TO(false),
    TRANSACTION(false),
    TRUNCATE(false),
    TRY_CAST(false),
    UNBOUNDED(false),
    VIEW(false),
    WITHOUT(false),
    WORK(false);

    private static final Map<String, Keyword> BY_NAME = new HashMap<>();

    static {
        for (Keyword k : values()) BY_NAME.put(k.name(), k);
    }

    private final boolean reserved;

    Keyword(boolean reserved) {
        this.reserved = reserved;
    }

    public boolean reserved() {
        return reserved;
    }

    /** The keyword spelled by {@code word} (any case), or null. */
    public static Keyword lookup(String word) {
        if (word.length() > 13) return null;
        Keyword k = BY_NAME.get(word);
        return k != null ? k : BY_NAME.get(word.toUpperCase(Locale.ROOT));
    }

    public static boolean isReserved(String word) {
        Keyword k = lookup(word);
        return k != null && k.reserved;
    }
}
