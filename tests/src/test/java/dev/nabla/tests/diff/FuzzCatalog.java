package dev.nabla.tests.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The catalog the engine fuzz test runs against: the differential test's small random tables t1..t3 plus
 * {@code k(id INTEGER PRIMARY KEY, v INTEGER NOT NULL, w DOUBLE DEFAULT 1.5)} for constraint violations; its valid
 * queries come from the differential grammar.
 */
public final class FuzzCatalog {
    private final DiffSchema schema;

    private FuzzCatalog(DiffSchema schema) {
        this.schema = schema;
    }

    public static FuzzCatalog random(Random rnd) {
        return new FuzzCatalog(DiffSchema.random(rnd, false));
    }

    public List<String> setupSql() {
        List<String> out = new ArrayList<>(schema.setupSql());
        out.add("CREATE TABLE k(id INTEGER PRIMARY KEY, v INTEGER NOT NULL, w DOUBLE DEFAULT 1.5)");
        out.add("INSERT INTO k VALUES (1, 10, 0.5), (2, 20, NULL), (5, -3, 2.0)");
        return out;
    }

    /** A well-typed random query over t1..t3 (valid in SQLite and Nabla). */
    public String validQuery(Random rnd) {
        return new QueryGenerator(rnd, schema).next().sql();
    }
}
