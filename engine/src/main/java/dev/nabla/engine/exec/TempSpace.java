package dev.nabla.engine.exec;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A database's spill space: where operators past {@code memory_limit} write their temporary files
 * ({@code SET temp_directory}) and how much they may write in all ({@code SET max_temp_directory_size}).
 * Each file is deleted by its operator when its run ends (success, error or cancel) and, should the JVM
 * exit first, by a shutdown hook that deletes every file still open.
 */
public final class TempSpace {
    /** The default directory: {@code nabla_spill} under {@code java.io.tmpdir}. */
    public static final Path DEFAULT_DIRECTORY = Path.of(System.getProperty("java.io.tmpdir"), "nabla_spill");
    /** The default limit's share of the free space of the directory's disk (DuckDB's default: 90 %). */
    static final double DEFAULT_DISK_FRACTION = 0.9;

    /** Spill files not yet deleted, of every database of this JVM: the shutdown hook deletes them. */
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            for (Path p : LIVE) {
                                try {
                                    Files.deleteIfExists(p);
                                } catch (IOException | RuntimeException ignored) {
                                    // the JVM is exiting: nothing better to do with a file that cannot be deleted
                                }
                            }
                        },
                        "nabla-spill-cleanup"));
    }

    /** Null: spilling is off ({@code SET temp_directory = ''}). */
    private volatile @Nullable Path directory = DEFAULT_DIRECTORY;
    /** Negative: the default (90 % of the free disk space when a file is created). */
    private volatile long maxSize = -1;

    private final AtomicLong used = new AtomicLong();

    public @Nullable Path directory() {
        return directory;
    }

    /** Sets the directory; null or empty text turns spilling off. */
    public void setDirectory(@Nullable String dir) {
        directory = dir == null || dir.isBlank() ? null : Path.of(dir.trim());
    }

    public void resetDirectory() {
        directory = DEFAULT_DIRECTORY;
    }

    /** The limit set, or -1 for the default. */
    public long maxSizeSetting() {
        return maxSize;
    }

    public void setMaxSize(long bytes) {
        if (bytes < 0)
            throw new NablaException(ErrorCode.INVALID_ARGUMENT, "max_temp_directory_size must not be negative");
        maxSize = bytes;
    }

    public void resetMaxSize() {
        maxSize = -1;
    }

    /** The bytes the spill files of this database hold now. */
    public long used() {
        return used.get();
    }

    /** Whether an operator may spill at all: a directory is set and the size limit is not zero. */
    public boolean enabled() {
        return directory != null && maxSize != 0;
    }

    /** The limit in bytes: the one set, or 90 % of the directory's disk's free space plus what is already used. */
    long limit(Path dir) {
        long m = maxSize;
        if (m >= 0) return m;
        try {
            return used.get() + (long) (Files.getFileStore(dir).getUsableSpace() * DEFAULT_DISK_FRACTION);
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    /** A new, empty spill file for {@code operator}; close it to delete it. */
    public SpillFile create(String operator) {
        Path dir = directory;
        if (dir == null || maxSize == 0)
            throw new NablaException(ErrorCode.OUT_OF_MEMORY, "out of memory: spilling is off (temp_directory)");
        try {
            Files.createDirectories(dir);
            Path p = Files.createTempFile(dir, "nabla_" + operator.replaceAll("[^A-Za-z0-9]+", "_") + "_", ".tmp");
            LIVE.add(p);
            return new SpillFile(this, p, limit(dir));
        } catch (IOException | RuntimeException e) {
            throw new NablaException(
                    ErrorCode.IO,
                    dev.nabla.common.Span.NONE,
                    operator + " could not create a spill file in temp_directory " + dir + ": " + e.getMessage(),
                    e);
        }
    }

    /** Charges {@code bytes} written to a file; past the limit the statement fails (53200). */
    void charge(long bytes, long limit, String file) {
        long now = used.addAndGet(bytes);
        if (now > limit) {
            used.addAndGet(-bytes);
            throw new NablaException(
                    ErrorCode.OUT_OF_MEMORY,
                    "out of memory: spilling " + file + " would pass max_temp_directory_size "
                            + MemoryPool.format(limit) + " (" + MemoryPool.format(now - bytes)
                            + " in use; SET max_temp_directory_size or memory_limit to raise it)");
        }
    }

    void discharge(long bytes, Path p) {
        used.addAndGet(-bytes);
        LIVE.remove(p);
    }
}
