package dev.nabla.tests.slt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The shared conformance files in run order: select1..select5, then evidence/*.test by name. */
final class ConformanceFiles {
    private ConformanceFiles() {}

    static List<Path> list(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            Path f = dir.resolve("select" + i + ".test");
            if (Files.isRegularFile(f)) files.add(f);
        }
        Path evidence = dir.resolve("evidence");
        if (Files.isDirectory(evidence)) {
            try (Stream<Path> s = Files.list(evidence)) {
                s.filter(p -> p.getFileName().toString().endsWith(".test"))
                        .sorted()
                        .forEach(files::add);
            }
        }
        return files;
    }

    static String displayName(Path dir, Path file) {
        return dir.relativize(file).toString().replace('\\', '/');
    }
}
