package dev.nabla.cli;

import dev.nabla.cli.shell.EngineBackend;
import dev.nabla.cli.shell.SqlBackend;

/** Opens the database the command runs against: a private in-memory one. */
final class Backends {
    private Backends() {}

    static SqlBackend open() {
        return EngineBackend.open();
    }
}
