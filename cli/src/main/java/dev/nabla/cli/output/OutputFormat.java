package dev.nabla.cli.output;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The result layouts shared by {@code --format} and {@code .mode}. */
public enum OutputFormat {
    /** ASCII grid ({@code +---+}); the default when stdout is not a terminal. */
    TABLE,
    /** Unicode box with a type row under the names; the default on a terminal. */
    BOX,
    CSV,
    TSV,
    /** One JSON array of objects. */
    JSON,
    /** One JSON object per line. */
    JSONL,
    MARKDOWN,
    /** Vertical: one "name = value" line per column, a blank line between rows (also the {@code \G} terminator). */
    LINE,
    /** sqlite3's list mode: fields joined by the separator ({@code .separator}, default "|"). */
    LIST,
    /** sqlite3's column mode: space-aligned columns under a dashed rule ({@code .width} sets widths). */
    COLUMN,
    /** An HTML table. */
    HTML,
    /** SQL INSERT statements (sqlite3's {@code .mode insert [table]}). */
    INSERT,
    /** Runs statements and discards their rows: for timing. */
    TRASH;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OutputFormat parse(String s) {
        String n = s.trim().toUpperCase(Locale.ROOT);
        return switch (n) {
            case "ALIGNED", "ASCII" -> TABLE;
            case "DUCKBOX" -> BOX;
            case "TABS" -> TSV;
            case "JSONLINES", "NDJSON" -> JSONL;
            case "MD" -> MARKDOWN;
            case "VERTICAL" -> LINE;
            case "NULL", "NONE" -> TRASH;
            default -> {
                try {
                    yield valueOf(n);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("unknown format '" + s + "' (expected one of " + names() + ")");
                }
            }
        };
    }

    public static String names() {
        return Arrays.stream(values()).map(OutputFormat::cliName).collect(Collectors.joining(", "));
    }

    /** Picocli converter so {@code --format} accepts the aliases too. */
    public static final class Converter implements picocli.CommandLine.ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        e.getMessage()); // the message alone, no class name
            }
        }
    }
}
