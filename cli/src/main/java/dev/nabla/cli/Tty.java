package dev.nabla.cli;

import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;

/**
 * Whether stdin/stdout are terminals. The {@code ./nabla} launcher has already asked the shell
 * ({@code [ -t 0 ]}, {@code [ -t 1 ]}) and passes the answers as {@code -Dnabla.stdinTty} and
 * {@code -Dnabla.stdoutTty}: asking JLine's FFM provider links native downcalls, about a quarter of
 * a second of start-up on the benchmark machine, which a {@code -c} command or a script should not
 * pay. Without those properties ({@code java -jar}), JLine's providers answer (FFM first, then exec).
 */
final class Tty {
    private Tty() {}

    static boolean isTerminal(SystemStream stream) {
        if (Boolean.getBoolean("nabla.forceTty")) return true;
        String known = System.getProperty(stream == SystemStream.Input ? "nabla.stdinTty" : "nabla.stdoutTty");
        if (known != null) return known.equals("1");
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
