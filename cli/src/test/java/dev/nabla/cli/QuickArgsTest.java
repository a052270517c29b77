package dev.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** QuickArgs against Picocli: every command line QuickArgs takes, Picocli reads into the same fields. */
class QuickArgsTest {
    static List<List<String>> handled() {
        return List.of(
                List.of(),
                List.of("script.sql"),
                List.of("db.nabla", "a.sql", "b.sql"),
                List.of("-c", "SELECT 1"),
                List.of("--command", "SELECT 1", "-c", ".tables"),
                List.of("--command=SELECT 2"),
                List.of("--cmd", "SET threads = 1", "x.sql"),
                List.of("-f", "csv", "-c", "SELECT 1"),
                List.of("--format", "json"),
                List.of("--format=markdown", "--no-header"),
                List.of("-csv", "-header", "-c", "SELECT 1"),
                List.of("-json", "-readonly", "-bail", "-echo"),
                List.of("-noheader", "-tabs", "-cmd", ".mode line"),
                List.of("-s", "SELECT 1", "-nullvalue", "NA", "-separator", ";"),
                List.of("--nullvalue", "", "--separator", "\\t", "--init", "rc.sql", "--maxrows", "5"),
                List.of("--timer", "--echo", "--no-bail", "--continue-on-error", "--no-init", "--no-color", "--debug"),
                List.of("--bail", "--header", "--readonly"),
                List.of("--expand-derivatives", "--dialect", "spark", "fit.sql"),
                List.of("-", "x.sql"),
                List.of("a.sql", "--", "-weird-name.sql", "--debug"),
                List.of("-c", "-csv"));
    }

    @ParameterizedTest
    @MethodSource("handled")
    void readsAsPicocliDoes(List<String> args) throws Exception {
        String[] a = args.toArray(String[]::new);
        Main quick = new Main();
        boolean taken = QuickArgs.parse(a, quick);
        if (args.equals(List.of("-c", "-csv"))) {
            // an option value that starts with '-' is Picocli's to judge
            assertThat(taken).isFalse();
            return;
        }
        assertThat(taken).as("QuickArgs takes %s", args).isTrue();
        Main picocli = new Main();
        CommandLine cl = new CommandLine(picocli);
        cl.parseArgs(SqliteStyleFlags.translate(a, cl.getCommandSpec()));
        assertThat(options(quick)).as("%s", args).isEqualTo(options(picocli));
    }

    @ParameterizedTest
    @MethodSource("leftToPicocli")
    void leavesTheRestToPicocli(List<String> args) {
        assertThat(QuickArgs.parse(args.toArray(String[]::new), new Main()))
                .as("%s", args)
                .isFalse();
    }

    static List<List<String>> leftToPicocli() {
        return List.of(
                List.of("--help"),
                List.of("-h"),
                List.of("--version"),
                List.of("-V"),
                List.of("-version"),
                List.of("--format", "bogus"),
                List.of("--maxrows", "many"),
                List.of("-c"),
                List.of("--nope"),
                List.of("-x"),
                List.of("-fcsv"),
                List.of("--header=false"),
                List.of("--timer=true"));
    }

    @Test
    void knowsWhichOptionsTakeAValue() {
        CommandLine cl = new CommandLine(new Main());
        Set<String> withValue = new HashSet<>();
        for (CommandLine.Model.OptionSpec o : cl.getCommandSpec().options())
            if (o.arity().min() > 0) withValue.addAll(List.of(o.names()));
        assertThat(QuickArgs.WITH_VALUE).isEqualTo(withValue);
    }

    @Test
    void everyOptionIsReadByOneOfTheTwoOrLeftOnPurpose() {
        // a new @Option must be added to QuickArgs (or the command lines using it go through Picocli, which is
        // correct but slow): the forms above cover every option but help and version
        CommandLine cl = new CommandLine(new Main());
        Set<String> names = new HashSet<>();
        for (CommandLine.Model.OptionSpec o : cl.getCommandSpec().options()) names.addAll(List.of(o.names()));
        names.removeAll(Set.of("-h", "--help", "-V", "--version"));
        Set<String> covered = new HashSet<>();
        for (List<String> args : handled())
            for (String a : SqliteStyleFlags.translate(args.toArray(String[]::new), QuickArgs.WITH_VALUE))
                covered.add(a.contains("=") ? a.substring(0, a.indexOf('=')) : a);
        // negatable options appear as --x and --no-x in Picocli's names
        assertThat(covered)
                .containsAll(names.stream()
                        .filter(n -> !n.startsWith("--no-") || true)
                        .toList());
    }

    private static Map<String, Object> options(Main m) throws IllegalAccessException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Field f : Main.class.getDeclaredFields()) {
            if (f.getAnnotation(CommandLine.Option.class) == null
                    && f.getAnnotation(CommandLine.Parameters.class) == null) continue;
            f.setAccessible(true);
            out.put(f.getName(), f.get(m));
        }
        return out;
    }
}
