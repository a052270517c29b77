package dev.nabla.engine.io;

import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;

/** A private database with the IO formats registered (until the engine registers them itself). */
public final class IoTestSupport {
    private IoTestSupport() {}

    public static Database database() {
        Database db = Nabla.open();
        if (!db.tableFunctions().contains("read_csv") || !db.tableFunctions().contains("read_netcdf")) {
            IoModule.registerAll(db.tableFunctions(), db.io());
        }
        return db;
    }
}
