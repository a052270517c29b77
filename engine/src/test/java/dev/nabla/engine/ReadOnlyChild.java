package dev.nabla.engine;

import java.nio.file.Path;

/**
 * A second process for {@link ReadOnlyAccessTest}: opens the file given ({@code ro} read-only, {@code rw}
 * read-write), prints {@code OK <count of t>} or {@code ERR <message>} and exits.
 */
public final class ReadOnlyChild {
    private ReadOnlyChild() {}

    public static void main(String[] args) {
        Path f = Path.of(args[0]);
        try {
            Database db = args[1].equals("ro") ? Nabla.openReadOnly(f) : Nabla.open(f);
            Result r = db.connect().execute("SELECT count(*) FROM t");
            System.out.println("OK " + r.get(0, 0));
            db.close();
        } catch (RuntimeException e) {
            System.out.println("ERR " + e.getMessage());
        }
    }
}
