package dev.nabla.cli;

import dev.nabla.cli.shell.Posix;

/**
 * The {@code ./nabla} launcher filters the JVM's start-up line "WARNING: Using incubator modules" out of
 * stderr by running stderr through {@code grep}. Left that way, every error of a script would travel
 * through the filter's pipe and could arrive after the next statement's result (stdout is not piped),
 * so {@code ./nabla --no-bail s.sql 2>&1} could print out of statement order. The launcher therefore
 * hands the real stderr in as another descriptor ({@code -Dnabla.stderr.fd=4}); once the JVM is up (the
 * warning is printed before {@code main}) we move it onto descriptor 2, so the filter sees end-of-file
 * and stderr is written directly again, in order with stdout.
 */
final class LauncherStderr {
    private LauncherStderr() {}

    /** Moves the launcher's real stderr onto fd 2; does nothing when not asked or when it cannot be done. */
    static void restore() {
        String fdText = System.getProperty("nabla.stderr.fd");
        if (fdText == null) return;
        try {
            int fd = Integer.parseInt(fdText);
            if (fd > 2) {
                System.err.flush();
                Posix.moveDescriptor(fd, 2); // false: stderr keeps going through the filter, as before
            }
        } catch (NumberFormatException e) {
            // not a descriptor number: leave stderr as it is
        }
    }
}
