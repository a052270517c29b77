package dev.nabla.engine.io.csv;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Shared by every reader (CSV, Parquet, NetCDF): opening input files with uniform error messages, and transparent gzip (by magic bytes, so the extension does not matter). */
public final class IoFiles {
    /**
     * Closes the files of scans abandoned before their end (a LIMIT stops pulling batches and the
     * source has no close hook): the reader is closed once its iterator is unreachable.
     */
    public static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create();

    private IoFiles() {}

    /** The path of an existing, readable regular file; else NablaException(IO) naming the function and file. */
    public static Path existing(String function, String file, Span span) {
        Path p;
        try {
            p = Path.of(file);
        } catch (RuntimeException e) {
            throw new NablaException(ErrorCode.IO, span, function + ": invalid file name '" + file + "'");
        }
        if (!Files.exists(p))
            throw new NablaException(ErrorCode.IO, span, function + ": file '" + file + "' does not exist");
        if (Files.isDirectory(p))
            throw new NablaException(ErrorCode.IO, span, function + ": '" + file + "' is a directory, not a file");
        if (!Files.isReadable(p))
            throw new NablaException(ErrorCode.IO, span, function + ": file '" + file + "' is not readable");
        return p;
    }

    /** A buffered stream of the file's bytes, gunzipped when the file starts with the gzip magic bytes. */
    public static InputStream open(String function, String file, Span span) {
        Path p = existing(function, file, span);
        try {
            InputStream raw = new BufferedInputStream(Files.newInputStream(p), 1 << 16);
            raw.mark(2);
            int b0 = raw.read(), b1 = raw.read();
            raw.reset();
            if (b0 == 0x1f && b1 == 0x8b) return new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
            return raw;
        } catch (NoSuchFileException e) {
            throw new NablaException(ErrorCode.IO, span, function + ": file '" + file + "' does not exist");
        } catch (AccessDeniedException e) {
            throw new NablaException(ErrorCode.IO, span, function + ": file '" + file + "' is not readable");
        } catch (IOException e) {
            throw new NablaException(
                    ErrorCode.IO, span, function + ": cannot read '" + file + "': " + e.getMessage(), e);
        }
    }

    /**
     * Why {@code file} could not be written, in the words a shell uses: "No such directory: /a/b",
     * "Permission denied", "No space left on device", rather than the exception's bare path.
     */
    public static String writeReason(Path file, Exception e) {
        Path dir = file.toAbsolutePath().getParent();
        if (e instanceof java.io.UncheckedIOException u) e = u.getCause();
        if (e instanceof NoSuchFileException && dir != null && !Files.isDirectory(dir))
            return "No such directory: " + dir;
        if (e instanceof AccessDeniedException) return "Permission denied";
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) return fs.getReason();
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** NablaException(IO) for an I/O failure while reading or writing {@code file}. */
    public static NablaException failure(String function, String file, IOException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof java.util.zip.ZipException) m = "corrupt gzip data (" + m + ")";
        return new NablaException(ErrorCode.IO, Span.NONE, function + ": cannot read '" + file + "': " + m, e);
    }
}
