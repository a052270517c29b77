package dev.nabla.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code java -jar nabla.jar} cannot enable {@code jdk.incubator.vector} from the manifest, so the
 * engine would run its scalar kernels. When the module is missing we start the same JVM binary
 * again with {@code --add-modules jdk.incubator.vector} (same JVM options, class path and
 * arguments; inherited stdin/stdout), wait for it and exit with its code. The parent ignores
 * Ctrl-C while it waits, since the terminal delivers it to the child too, which handles it.
 * {@code -Dnabla.relaunch=false} turns this off.
 */
final class Relauncher {
    static final String MODULE = "jdk.incubator.vector";
    private static final String INCUBATOR_WARNING = "WARNING: Using incubator modules";

    private Relauncher() {}

    static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule(MODULE).isPresent();
    }

    static boolean wanted() {
        return !vectorModulePresent() && !"false".equalsIgnoreCase(System.getProperty("nabla.relaunch", "true"));
    }

    /** Runs the child JVM; returns its exit code, or empty when it could not be started (then run here, scalar). */
    static Optional<Integer> relaunch(Class<?> main, String[] args) {
        Optional<String> java = ProcessHandle.current().info().command();
        if (java.isEmpty()) return Optional.empty();
        List<String> cmd = new ArrayList<>();
        cmd.add(java.get());
        cmd.add("--add-modules");
        cmd.add(MODULE);
        // the jar manifest's Enable-Native-Access does not apply with -cp: JLine's terminal needs it
        cmd.add("--enable-native-access=ALL-UNNAMED");
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-Dnabla.relaunch")) continue;
            cmd.add(a);
        }
        cmd.add("-Dnabla.relaunch=false");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.PIPE);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return Optional.empty();
        }
        ignoreInterrupts();
        Thread pump = Thread.ofPlatform().daemon().start(() -> pumpStderr(p.getErrorStream(), System.err));
        try {
            int code = p.waitFor();
            pump.join(2000);
            return Optional.of(code);
        } catch (InterruptedException e) {
            p.destroy();
            return Optional.of(130);
        }
    }

    /** Copies the child's stderr, dropping the JVM's one-line incubator warning. */
    private static void pumpStderr(InputStream in, OutputStream out) {
        try (in) {
            byte[] buf = new byte[8192];
            StringBuilder firstLine = new StringBuilder();
            boolean filtering = true;
            int n;
            while ((n = in.read(buf)) > 0) {
                int from = 0;
                if (filtering) {
                    for (int i = 0; i < n; i++) {
                        firstLine.append((char) (buf[i] & 0xff));
                        if (buf[i] == '\n') {
                            filtering = false;
                            from = i + 1;
                            if (!firstLine.toString().startsWith(INCUBATOR_WARNING)) {
                                out.write(firstLine.toString().getBytes(StandardCharsets.ISO_8859_1));
                            }
                            break;
                        }
                    }
                    if (filtering) continue;
                }
                out.write(buf, from, n - from);
                out.flush();
            }
            if (filtering && !firstLine.isEmpty())
                out.write(firstLine.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException ignored) {
            // the child went away; nothing more to copy
        }
    }

    @SuppressWarnings("restriction")
    private static void ignoreInterrupts() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), sun.misc.SignalHandler.SIG_IGN);
        } catch (IllegalArgumentException | UnsupportedOperationException ignored) {
            // no SIGINT on this platform
        }
    }
}
