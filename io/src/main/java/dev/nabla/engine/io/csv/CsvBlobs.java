package dev.nabla.engine.io.csv;

/**
 * BLOB fields in CSV are hex digits, as COPY … TO writes them; a leading {@code \x} (the display
 * form) or {@code 0x} is accepted too, so values copied from the REPL load back.
 */
public final class CsvBlobs {
    private CsvBlobs() {}

    public static CharSequence digits(CharSequence field) {
        if (field.length() >= 2
                && (field.charAt(0) == '\\' || field.charAt(0) == '0')
                && (field.charAt(1) == 'x' || field.charAt(1) == 'X')) {
            return field.subSequence(2, field.length());
        }
        return field;
    }
}
