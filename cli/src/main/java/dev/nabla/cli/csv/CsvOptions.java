package dev.nabla.cli.csv;

/**
 * How to read or write a CSV file.
 *
 * @param separator field separator (',' by default, '\t' for .tsv files)
 * @param header    TRUE/FALSE forces whether the first record holds column names; null = detect when reading
 *                  (always written unless FALSE)
 */
public record CsvOptions(char separator, Boolean header) {
    public static final CsvOptions DEFAULT = new CsvOptions(',', null);

    public CsvOptions withHeader(Boolean h) { return new CsvOptions(separator, h); }

    /** ',' or, for names ending in .tsv/.tab, '\t'. */
    public static CsvOptions forFile(String fileName) {
        String n = fileName.toLowerCase(java.util.Locale.ROOT);
        return new CsvOptions(n.endsWith(".tsv") || n.endsWith(".tab") ? '\t' : ',', null);
    }
}
