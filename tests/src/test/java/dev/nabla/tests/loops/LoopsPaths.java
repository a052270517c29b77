package dev.nabla.tests.loops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds {@code examples/} of the checkout from the test's working directory (the module folder under Maven). */
final class LoopsPaths {
    private LoopsPaths() {}

    static Path example(String file) {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("examples").resolve(file);
            if (Files.isRegularFile(candidate)) return candidate;
            dir = dir.getParent();
        }
        throw new IllegalStateException("examples/" + file + " not found above " + System.getProperty("user.dir"));
    }

    static String exampleSql(String file) {
        try {
            return Files.readString(example(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
