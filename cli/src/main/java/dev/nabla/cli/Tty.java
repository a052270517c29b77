package dev.nabla.cli;

import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;

/** Whether stdin/stdout are terminals, asked through JLine's providers (FFM first, then exec). */
final class Tty {
    private Tty() {}

    static boolean isTerminal(SystemStream stream) {
        if (Boolean.getBoolean("nabla.forceTty")) return true;
        for (String provider : new String[] {"ffm", "exec"}) {
            try {
                return TerminalProvider.load(provider).isSystemStream(stream);
            } catch (Throwable e) {
                // provider unavailable here (no native access, no /bin/test): try the next
            }
        }
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }
}
