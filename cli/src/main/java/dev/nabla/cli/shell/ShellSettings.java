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

    /** Field separator of list mode (sqlite3's {@code .separator}); null = "|". */
    public String separator;
    /** The table name of {@code .mode insert [table]}; null = "tbl". */
    public String insertTable;
    /** sqlite3's {@code .width}: per-column widths (0 = automatic). */
    public java.util.List<Integer> widths = java.util.List.of();
    /** DuckDB's {@code .maxwidth}: the width box/table output is fitted to; 0 = the terminal's. */
    public int maxWidth;
    /** sqlite3's {@code .changes on}: print the rows each INSERT/UPDATE/DELETE changed, and the total. */
    public boolean changes;
    /** The REPL's prompts ({@code .prompt MAIN [CONTINUE]}); null = the default. */
    public String prompt;

    public String continuationPrompt;
    /** {@code -readonly}: statements that change the database are refused (SQLSTATE 25006). */
    public boolean readOnly;

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
