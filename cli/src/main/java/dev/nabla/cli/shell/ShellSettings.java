package dev.nabla.cli.shell;

import dev.nabla.cli.output.OutputFormat;

/** The mutable knobs of one shell, set by CLI options, the init file and dot-commands. */
public final class ShellSettings {
    public OutputFormat format = OutputFormat.TABLE;
    public boolean header = true;
    public boolean timer;
    public boolean echo;
    /** Stop a script at its first error (the default for scripts; the REPL never stops). */
    public boolean bail = true;
    /** Interactive: box truncation, footer, progress. */
    public boolean interactive;

    public boolean color;
    /** null = each layout's default. */
    public String nullValue;
    /** Rows shown before truncating, in interactive box/table output; 0 = no limit. */
    public int maxRows = 40;

    public boolean debug;
    public PagerMode pager = PagerMode.OFF;
    /** Vertical layout (one "name = value" line per column) instead of a grid: always, never, or when a row is wider than the terminal. */
    public Expanded expanded = Expanded.OFF;

    public enum PagerMode {
        OFF,
        ON,
        AUTO
    }

    public enum Expanded {
        OFF,
        ON,
        AUTO
    }
}
