package dev.nabla.cli;

import dev.nabla.cli.output.OutputFormat;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Set;

/**
 * The everyday command lines — FILEs, {@code -c SQL}, {@code --cmd SQL}, {@code --format X}, the on/off switches
 * and sqlite3's single-dash flags — read without Picocli. Picocli's start-up (about 170 classes, reflection over
 * the annotations, none of it in the AOT cache) costs more CPU than running {@code SELECT 1}, and a script run
 * pays it every time. Anything else — {@code --help}, {@code --version}, an unknown or bad option, an option
 * value that starts with {@code -} — is left to Picocli, which reports it in its own words. {@code QuickArgsTest}
 * checks that both read every form handled here into the same fields.
 */
final class QuickArgs {
    private QuickArgs() {}

    /** Main's options that take a value: SqliteStyleFlags never rewrites their values (checked against Picocli). */
    static final Set<String> WITH_VALUE = Set.of(
            "-c",
            "--command",
            "--cmd",
            "-f",
            "--format",
            "--nullvalue",
            "--separator",
            "--init",
            "--maxrows",
            "--dialect");

    /** Reads {@code args} into {@code m}; false (with {@code m} partly set) when Picocli must read them. */
    static boolean parse(String[] args, Main m) {
        String[] a = SqliteStyleFlags.translate(args, WITH_VALUE);
        for (int i = 0; i < a.length; i++) {
            String arg = a[i];
            if (arg.equals("--")) {
                for (i++; i < a.length; i++) if (!file(a[i], m)) return false;
                return true;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                if (!file(arg, m)) return false;
                continue;
            }
            String name = arg, value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (WITH_VALUE.contains(name)) {
                if (value == null) {
                    if (i + 1 >= a.length) return false;
                    value = a[++i];
                    // Picocli may read "-c --debug" as a missing value: let it decide
                    if (value.startsWith("-")) return false;
                }
                if (!option(name, value, m)) return false;
            } else if (value != null || !flag(name, m)) return false;
        }
        return true;
    }

    private static boolean file(String arg, Main m) {
        try {
            m.files.add(Path.of(arg));
            return true;
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static boolean option(String name, String value, Main m) {
        switch (name) {
            case "-c", "--command" -> m.commands.add(value);
            case "--cmd" -> m.startCommands.add(value);
            case "-f", "--format" -> {
                try {
                    m.format = OutputFormat.parse(value);
                } catch (IllegalArgumentException e) {
                    return false;
                }
            }
            case "--nullvalue" -> m.nullValue = value;
            case "--dialect" -> m.dialect = value;
            case "--separator" -> m.separator = value;
            case "--init" -> {
                try {
                    m.init = Path.of(value);
                } catch (InvalidPathException e) {
                    return false;
                }
            }
            case "--maxrows" -> {
                try {
                    m.maxRows = Integer.valueOf(value);
                } catch (NumberFormatException e) {
                    return false;
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private static boolean flag(String name, Main m) {
        switch (name) {
            case "--header" -> m.header = true;
            case "--no-header" -> m.header = false;
            case "--bail" -> m.bail = true;
            case "--no-bail" -> m.bail = false;
            case "--continue-on-error" -> m.continueOnError = true;
            case "--readonly" -> m.readOnly = true;
            case "--timer" -> m.timer = true;
            case "--echo" -> m.echo = true;
            case "--no-init" -> m.noInit = true;
            case "--no-color" -> m.noColor = true;
            case "--debug" -> m.debug = true;
            case "--expand-derivatives" -> m.expandDerivatives = true;
            default -> {
                return false;
            }
        }
        return true;
    }
}
