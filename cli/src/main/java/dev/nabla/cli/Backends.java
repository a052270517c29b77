package dev.nabla.cli;

import dev.nabla.cli.shell.SqlBackend;
import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;

/** Opens the database the command runs against. */
final class Backends {
    private Backends() {}

    static SqlBackend open() {
        throw new NablaException(ErrorCode.UNSUPPORTED, "the engine is not part of this build yet");
    }
}
