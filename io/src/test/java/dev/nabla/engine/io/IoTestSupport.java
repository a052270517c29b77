package dev.nabla.engine.io;

import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;

/** A private database; the IO formats arrive through the {@link IoModule} extension (checked here so a missing services entry fails loudly). */
public final class IoTestSupport {
    private IoTestSupport() {}

    public static Database database() {
        Database db = Nabla.open();
        if (!db.tableFunctions().contains("read_csv") || !db.tableFunctions().contains("read_netcdf")) {
            throw new AssertionError("IoModule was not installed through META-INF/services/dev.nabla.engine.Extension");
        }
        return db;
    }
}
