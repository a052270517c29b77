package dev.nabla.engine;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.engine.catalog.CatalogState;
import dev.nabla.engine.catalog.SchemaDdl;
import dev.nabla.engine.catalog.Sequences;
import dev.nabla.engine.catalog.StoredTable;
import dev.nabla.storage.ColumnSource;
import dev.nabla.storage.PhysicalType;
import dev.nabla.storage.Schema;
import dev.nabla.storage.Table;
import dev.nabla.storage.TableImages;
import dev.nabla.storage.TableVersion;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;

/**
 * A database file and its write-ahead log (docs/storage.md). {@code db.nabla} holds the last checkpoint: the
 * catalog as DDL and every table's segments; {@code db.nabla.wal} holds one record per committed write
 * transaction since, forced to disk before COMMIT returns. Opening replays the log over the checkpoint, ignoring a
 * torn last record; a checkpoint writes {@code db.nabla.tmp}, forces it, renames it over {@code db.nabla} and then
 * starts a new log generation, so a crash at any point leaves either the old checkpoint with its log or the new
 * one. The log is also the file lock: one process at a time has a database file open.
 */
@NullMarked
final class DurableStore implements AutoCloseable {
    /** 2: array columns ({@code DOUBLE[n]}: a width after the type) and sequences; version 1 files read unchanged. */
    /**
     * 3: compressed segments ({@link TableImages#SEG_FULL_PACKED}: bit-packed integers, dictionary strings); files of
     * versions 1 and 2 read unchanged (their plain tags), and an older build refuses a version 3 file by its header.
     */
    /**
     * 4: a checkpoint's segment is a head record and one record per column ({@link TableImages#SEG_HEAD},
     * {@link TableImages#SEG_COLUMN}), so that open reads only the heads and a column's block is read when first
     * used ({@link FileColumns}); the log's entries are unchanged. Older files read unchanged.
     */
    static final int FORMAT_VERSION = 4;

    /** A {@link TableImages#SEG_COLUMN} payload's fixed start: tag, table id, segment, column, row count. */
    static final int COLUMN_PREFIX = 1 + 8 + 4 + 4 + 4;

    private static final byte[] DB_MAGIC = {'N', 'A', 'B', 'L', 'A', 'D', 'B', 0};
    private static final byte[] WAL_MAGIC = {'N', 'A', 'B', 'L', 'A', 'W', 'L', 0};
    /** magic, format version, generation, header CRC. */
    static final int FILE_HEADER = 24;
    /** length, sequence number, header CRC, payload CRC. */
    static final int RECORD_HEADER = 20;

    private static final byte SCHEMA = 1;
    private static final byte TABLE = 2;
    /** Every sequence's definition and position (format 2). */
    private static final byte SEQUENCES = 3;

    private final Path file;
    private final Path walFile;
    private final Path tmpFile;
    private final @Nullable FileChannel wal;
    private final @Nullable FileLock lock;
    /** Opened with access_mode=read_only: a shared lock, nothing is ever written (not even a torn tail cut). */
    private final boolean readOnly;

    private long generation;
    private long walSize;
    private long nextSeq;
    private boolean failed;

    // what the log holds so far: table ids, each table's last logged state, the catalog DDL and name -> id
    private final Map<Table, Long> ids = new IdentityHashMap<>();
    private final Map<Long, TableVersion> logged = new HashMap<>();
    private Map<String, Long> loggedNames = Map.of();
    private String loggedDdl = "";
    private long nextId = 1;

    /** The checkpoint file as it was opened: lazy segments read their columns from it until close. */
    private @Nullable FileChannel lazyFile;
    /** Column blocks registered at open and not read yet, and the bytes the ones read take in memory. */
    private final java.util.concurrent.atomic.AtomicLong columnsOnDisk = new java.util.concurrent.atomic.AtomicLong();

    private final java.util.concurrent.atomic.AtomicLong loadedBytes = new java.util.concurrent.atomic.AtomicLong();

    private DurableStore(Path file, @Nullable FileChannel wal, @Nullable FileLock lock, boolean readOnly) {
        this.file = file;
        this.walFile = sibling(file, ".wal");
        this.tmpFile = sibling(file, ".tmp");
        this.wal = wal;
        this.lock = lock;
        this.readOnly = readOnly;
    }

    boolean readOnly() {
        return readOnly;
    }

    /** The log channel of a store that writes (a read-only store without a log file has none). */
    private FileChannel wal() {
        FileChannel w = wal;
        if (w == null || readOnly) throw readOnlyError(file);
        return w;
    }

    static NablaException readOnlyError(Path file) {
        return new NablaException(
                ErrorCode.READ_ONLY, "database file " + file + " is open read-only (access_mode=read_only)");
    }

    /**
     * Opens an existing database file for reading only: a shared lock on its log (so any number of read-only
     * processes, but no writer, may have it open at once), the log replayed in memory and never written.
     */
    static DurableStore openReadOnly(Database db, Path path) {
        Path file = path.toAbsolutePath().normalize();
        if (!Files.exists(file)) throw fail("cannot open database file " + file + " read-only: it does not exist");
        if (Files.isDirectory(file)) throw fail("cannot open database file " + file + ": it is a directory");
        checkHeader(file, DB_MAGIC);
        Path walPath = sibling(file, ".wal");
        FileChannel ch = null;
        FileLock lock = null;
        if (Files.exists(walPath)) {
            try {
                ch = FileChannel.open(walPath, StandardOpenOption.READ);
            } catch (IOException e) {
                throw fail("cannot open database file " + file + ": " + reason(e));
            }
            try {
                lock = ch.tryLock(0, Long.MAX_VALUE, true);
            } catch (OverlappingFileLockException | IOException e) {
                lock = null;
            }
            if (lock == null) {
                closeQuietly(ch);
                throw fail("database file " + file + " is open for writing in another process (one writer per file)");
            }
        }
        DurableStore s = new DurableStore(file, ch, lock, true);
        try {
            s.recover(db);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private static Path sibling(Path p, String suffix) {
        return p.resolveSibling(p.getFileName() + suffix);
    }

    Path file() {
        return file;
    }

    /** Opens or creates {@code path} for {@code db} (which must be empty) and replays it into {@code db}. */
    static DurableStore open(Database db, Path path) {
        Path file = path.toAbsolutePath().normalize();
        Path dir = file.getParent();
        if (dir == null || !Files.isDirectory(dir))
            throw fail("cannot open database file " + file + ": directory " + dir + " does not exist");
        if (Files.isDirectory(file)) throw fail("cannot open database file " + file + ": it is a directory");
        if (Files.exists(file)) checkHeader(file, DB_MAGIC);
        FileChannel ch;
        try {
            ch = FileChannel.open(
                    sibling(file, ".wal"),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (AccessDeniedException e) {
            throw fail("cannot open database file " + file + " for writing: permission denied");
        } catch (FileSystemException e) {
            throw fail("cannot open database file " + file + " for writing: " + reason(e));
        } catch (IOException e) {
            throw fail("cannot open database file " + file + ": " + reason(e));
        }
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException | IOException e) {
            lock = null;
        }
        if (lock == null) {
            closeQuietly(ch);
            throw fail("database file " + file + " is already open in another process (one writer per file; other"
                    + " processes may open it with access_mode=read_only while no writer has it)");
        }
        DurableStore s = new DurableStore(file, ch, lock, false);
        try {
            s.recover(db);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private static String reason(IOException e) {
        String r = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
        return r == null ? e.getClass().getSimpleName() : r;
    }

    private static NablaException fail(String message) {
        return new NablaException(ErrorCode.IO, message);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // already failing: the first error is the one to report
        }
    }

    // ------------------------------------------------------------------ headers and records

    private static ByteBuffer header(byte[] magic, long generation) {
        ByteBuffer b = ByteBuffer.allocate(FILE_HEADER);
        b.put(magic).putInt(FORMAT_VERSION).putLong(generation);
        b.putInt(crc(b.array(), 0, 20));
        return b.flip();
    }

    private static int crc(byte[] a, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(a, off, len);
        return (int) c.getValue();
    }

    /** Validates a file's header; returns its generation. */
    private static long checkHeader(Path p, byte[] magic) {
        byte[] h = new byte[FILE_HEADER];
        int n;
        try (var in = Files.newInputStream(p)) {
            n = in.readNBytes(h, 0, FILE_HEADER);
        } catch (NoSuchFileException e) {
            throw fail("cannot open database file " + p + ": it does not exist");
        } catch (IOException e) {
            throw fail("cannot read database file " + p + ": " + reason(e));
        }
        return parseHeader(p, h, n, magic);
    }

    private static long parseHeader(Path p, byte[] h, int n, byte[] magic) {
        boolean magicOk = n >= 8;
        for (int i = 0; i < 8 && magicOk; i++) magicOk = h[i] == magic[i];
        if (!magicOk) {
            throw fail(
                    p + " is not a Nabla database file" + (magic == WAL_MAGIC ? " (expected a write-ahead log)" : ""));
        }
        if (n < FILE_HEADER) throw fail(p + ": file header is truncated at offset " + n);
        ByteBuffer b = ByteBuffer.wrap(h);
        int version = b.getInt(8);
        long gen = b.getLong(12);
        if (b.getInt(20) != crc(h, 0, 20)) throw fail(p + ": file header is damaged (checksum mismatch at offset 0)");
        if (version > FORMAT_VERSION)
            throw fail(p + " was written by a newer Nabla (format version " + version + "; this build reads up to "
                    + FORMAT_VERSION + ")");
        if (version < 1) throw fail(p + ": file header is damaged (format version " + version + " at offset 8)");
        return gen;
    }

    /** A record's bytes: header and payload. */
    private static ByteBuffer record(long seq, byte[] payload, int len) {
        ByteBuffer b = ByteBuffer.allocate(RECORD_HEADER + len);
        b.putInt(len).putLong(seq);
        b.putInt(crc(b.array(), 0, 12));
        b.putInt(crc(payload, 0, len));
        b.put(payload, 0, len);
        return b.flip();
    }

    /** Reads every valid record of a file; {@code tolerateTail}: a damaged last record ends it (the log). */
    private static long readRecords(Path p, byte[] all, boolean tolerateTail, RecordSink sink) {
        int at = FILE_HEADER;
        long seq = 0;
        while (at < all.length) {
            int bad = validAt(all, at, seq);
            if (bad == 0) {
                int len = ByteBuffer.wrap(all, at, 4).getInt();
                try {
                    sink.accept(new DataInputStream(new ByteArrayInputStream(all, at + RECORD_HEADER, len)));
                } catch (IOException | RuntimeException e) {
                    if (e instanceof NablaException ne && ne.code() != ErrorCode.IO) throw ne;
                    throw fail(p + ": damaged record at offset " + at + " (" + e.getMessage() + ")");
                }
                at += RECORD_HEADER + len;
                seq++;
                continue;
            }
            // a damaged record: a torn last write of the log if nothing valid follows it, corruption otherwise
            boolean later = false;
            for (int q = at + 1; q + RECORD_HEADER <= all.length && !later; q++) later = validAt(all, q, -1) == 0;
            if (tolerateTail && !later) return at;
            throw fail(p + ": damaged record at offset " + at + " ("
                    + (bad == 1
                            ? "header checksum mismatch"
                            : bad == 2 ? "length past end of file" : "payload checksum mismatch")
                    + ")");
        }
        return at;
    }

    /** 0 when a record with sequence number {@code seq} (any when negative) starts at {@code at}; else why not. */
    private static int validAt(byte[] a, int at, long seq) {
        if (at + RECORD_HEADER > a.length) return 2;
        ByteBuffer b = ByteBuffer.wrap(a);
        int len = b.getInt(at);
        long s = b.getLong(at + 4);
        if (b.getInt(at + 12) != crc(a, at, 12) || (seq >= 0 && s != seq)) return 1;
        if (len < 0 || (long) at + RECORD_HEADER + len > a.length) return 2;
        return b.getInt(at + 16) == crc(a, at + RECORD_HEADER, len) ? 0 : 3;
    }

    @FunctionalInterface
    private interface RecordSink {
        void accept(DataInputStream in) throws IOException;
    }

    // ------------------------------------------------------------------ recovery

    /** Replay state: the last catalog DDL, its tables' ids by name, and each table's rows. */
    private static final class Replay {
        String ddl = "";
        Map<String, Long> names = Map.of();
        final Map<Long, TableImages.Builder> tables = new HashMap<>();
        List<Sequences.Saved> sequences = List.of();
        long maxId;
        /** Set while the checkpoint is scanned: {@link TableImages#SEG_HEAD} entries become lazy segments of it. */
        @Nullable
        DurableStore lazyStore;

        /** The lazy segment whose column records follow, and every lazy segment (checked complete at the end). */
        @Nullable
        FileColumns open;

        final List<FileColumns> lazy = new java.util.ArrayList<>();
        /** Offset of the record being applied. */
        long recordAt;

        void apply(DataInputStream in) throws IOException {
            while (in.available() > 0) {
                byte tag = in.readByte();
                switch (tag) {
                    case SCHEMA -> {
                        ddl = TableImages.readString(in);
                        int n = in.readInt();
                        Map<String, Long> m = new LinkedHashMap<>();
                        for (int i = 0; i < n; i++) {
                            String name = TableImages.readString(in);
                            long id = in.readLong();
                            m.put(name, id);
                            maxId = Math.max(maxId, id);
                        }
                        names = m;
                        tables.keySet().retainAll(m.values());
                    }
                    case TABLE -> {
                        long id = in.readLong();
                        int w = in.readInt();
                        if (w < 0 || w > 100_000) throw new IOException("bad column count " + w);
                        PhysicalType[] types = new PhysicalType[w];
                        int[] widths = new int[w];
                        for (int c = 0; c < w; c++) {
                            int k = in.readByte();
                            if (k < 0 || k >= PhysicalType.values().length) throw new IOException("bad type " + k);
                            types[c] = PhysicalType.values()[k];
                            widths[c] = types[c] == PhysicalType.ARRAY
                                    ? in.readInt()
                                    : types[c] == PhysicalType.INT128 ? 2 : 1;
                            if (widths[c] < 1 || widths[c] > 1 << 20)
                                throw new IOException("bad array size " + widths[c]);
                        }
                        int segs = in.readInt();
                        TableImages.Builder b = tables.computeIfAbsent(id, x -> new TableImages.Builder(types, widths));
                        if (!java.util.Arrays.equals(b.types(), types) || !java.util.Arrays.equals(b.widths(), widths))
                            throw new IOException("table " + id + " changed its column types");
                        b.truncate(segs);
                    }
                    case SEQUENCES -> sequences = readSequences(in);
                    case TableImages.SEG_FULL -> table(in).readFull(in, false);
                    case TableImages.SEG_APPEND -> table(in).readAppend(in, false);
                    case TableImages.SEG_FULL_PACKED -> table(in).readFull(in, true);
                    case TableImages.SEG_APPEND_PACKED -> table(in).readAppend(in, true);
                    case TableImages.SEG_DELETES -> table(in).readDeletes(in);
                    case TableImages.SEG_HEAD -> {
                        DurableStore st = lazyStore;
                        if (st == null) throw new IOException("segment head outside a checkpoint");
                        long id = in.readLong();
                        TableImages.Builder b = table(id);
                        long[][] del = {null};
                        int[] head = TableImages.readHead(in, del);
                        FileColumns f = st.new FileColumns(b.types(), b.widths(), head[1], id, head[0], recordAt);
                        b.lazy(head[0], del[0], f);
                        open = f;
                        lazy.add(f);
                    }
                    default -> throw new IOException("unknown entry " + tag);
                }
            }
        }

        /** A {@link TableImages#SEG_COLUMN} record (not read past its prefix): column {@code c} of the open segment. */
        void column(long id, int seg, int c, int count, long at, int len) throws IOException {
            FileColumns f = open;
            if (f == null || f.tableId != id || f.segment != seg || f.count() != count || !f.expect(c, at, len))
                throw new IOException("column block " + c + " of segment " + seg + " does not follow its segment head");
        }

        private TableImages.Builder table(DataInputStream in) throws IOException {
            return table(in.readLong());
        }

        private TableImages.Builder table(long id) throws IOException {
            TableImages.Builder b = tables.get(id);
            if (b == null) throw new IOException("rows for unknown table " + id);
            return b;
        }
    }

    private static void writeSequences(DataOutputStream out, List<Sequences.Saved> all) throws IOException {
        out.writeByte(SEQUENCES);
        out.writeInt(all.size());
        for (Sequences.Saved q : all) {
            TableImages.writeString(out, q.name());
            out.writeLong(q.start());
            out.writeLong(q.increment());
            out.writeLong(q.min());
            out.writeLong(q.max());
            TableImages.writeString(out, q.ownerTable());
            out.writeBoolean(q.always());
            out.writeLong(q.last());
            out.writeBoolean(q.called());
        }
    }

    private static List<Sequences.Saved> readSequences(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 10_000_000) throw new IOException("bad sequence count " + n);
        List<Sequences.Saved> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = TableImages.readString(in);
            if (name == null) throw new IOException("sequence without a name");
            out.add(new Sequences.Saved(
                    name,
                    in.readLong(),
                    in.readLong(),
                    in.readLong(),
                    in.readLong(),
                    TableImages.readString(in),
                    in.readBoolean(),
                    in.readLong(),
                    in.readBoolean()));
        }
        return out;
    }

    private void recover(Database db) {
        Replay r = new Replay();
        try {
            if (!Files.exists(file)) {
                if (wal().size() > FILE_HEADER)
                    throw fail("database file " + file + " is missing but its write-ahead log " + walFile + " exists");
                generation = 1;
                writeCheckpoint(CatalogState.empty(), List.of());
                resetWal();
                return;
            }
            if (!readOnly) Files.deleteIfExists(tmpFile);
            long cpGen = scanCheckpoint(r);
            generation = cpGen;
            byte[] log = readWal();
            boolean replay = false;
            if (log.length >= FILE_HEADER) {
                long walGen = parseHeader(walFile, log, log.length, WAL_MAGIC);
                if (walGen > cpGen)
                    throw fail(walFile + " is newer than its checkpoint " + file + " (generation " + walGen + " > "
                            + cpGen + ")");
                replay = walGen == cpGen;
            }
            long end = FILE_HEADER;
            if (replay) {
                long[] seqs = {0};
                end = readRecords(walFile, log, true, in -> {
                    r.apply(in);
                    seqs[0]++;
                });
                nextSeq = seqs[0];
            }
            install(db, r);
            columnsOnDisk.set(unread(db.committed()));
            if (readOnly) walSize = end;
            else if (!replay) resetWal();
            else {
                // drop a torn tail so that new records follow the last valid one
                wal().truncate(end);
                wal().force(true);
                walSize = end;
            }
        } catch (IOException e) {
            throw fail("cannot read database file " + file + ": " + reason(e));
        }
    }

    /**
     * Reads the checkpoint into {@code r}, returning its generation: every record's header is checked, and every
     * record but a column block is read and checked whole; a column block ({@link TableImages#SEG_COLUMN}) is only
     * located, and its bytes are read and checked when the column is first used ({@link FileColumns}). The file
     * stays open for that ({@link #lazyFile}) when any segment is lazy.
     */
    private long scanCheckpoint(Replay r) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        boolean keep = false;
        try {
            long size = ch.size();
            byte[] h = new byte[FILE_HEADER];
            int n = readAt(ch, h, 0, FILE_HEADER, 0);
            long gen = parseHeader(file, h, n, DB_MAGIC);
            r.lazyStore = this;
            long at = FILE_HEADER;
            long seq = 0;
            byte[] head = new byte[RECORD_HEADER + COLUMN_PREFIX];
            while (at < size) {
                int got = readAt(ch, head, 0, (int) Math.min(head.length, size - at), at);
                int bad = got < RECORD_HEADER ? 2 : headerValid(head, at, size, seq);
                if (bad != 0) throw damagedRecord(file, at, bad);
                ByteBuffer b = ByteBuffer.wrap(head);
                int len = b.getInt(0);
                r.recordAt = at;
                try {
                    if (len >= COLUMN_PREFIX && head[RECORD_HEADER] == TableImages.SEG_COLUMN) {
                        r.column(
                                b.getLong(RECORD_HEADER + 1),
                                b.getInt(RECORD_HEADER + 9),
                                b.getInt(RECORD_HEADER + 13),
                                b.getInt(RECORD_HEADER + 17),
                                at,
                                len);
                    } else {
                        byte[] payload = new byte[len];
                        if (readAt(ch, payload, 0, len, at + RECORD_HEADER) != len) throw damagedRecord(file, at, 2);
                        if (b.getInt(16) != crc(payload, 0, len)) throw damagedRecord(file, at, 3);
                        r.apply(new DataInputStream(new ByteArrayInputStream(payload)));
                    }
                } catch (IOException | RuntimeException e) {
                    if (e instanceof NablaException ne) throw ne;
                    throw fail(file + ": damaged record at offset " + at + " (" + e.getMessage() + ")");
                }
                at += RECORD_HEADER + len;
                seq++;
            }
            r.lazyStore = null;
            for (FileColumns f : r.lazy) {
                int missing = f.missing();
                if (missing >= 0)
                    throw fail(file + ": damaged record at offset " + f.headAt + " (segment " + f.segment
                            + " lacks its column block " + missing + ")");
            }
            // a segment a later record replaced (or cut off) is not lazy any more; the rest read from this file
            keep = !r.lazy.isEmpty();
            if (keep) lazyFile = ch;
            return gen;
        } finally {
            if (!keep) closeQuietly(ch);
        }
    }

    /** Column blocks of lazy segments in {@code state} not read yet. */
    private static long unread(CatalogState state) {
        long n = 0;
        for (StoredTable t : state.tables()) {
            TableVersion v = TableImages.current(t.table());
            for (int s = 0; s < v.segmentCount(); s++) {
                dev.nabla.storage.Segment seg = v.segment(s);
                if (seg.source() == null) continue;
                for (int c = 0; c < seg.width(); c++) if (!seg.isLoaded(c)) n++;
            }
        }
        return n;
    }

    /** Column blocks still on disk (lazy, not read) and the bytes the blocks read since open take in memory. */
    long[] lazyColumns() {
        return new long[] {Math.max(0, columnsOnDisk.get()), loadedBytes.get()};
    }

    /** Reads up to {@code len} bytes at {@code pos} into {@code a[off…]}; returns how many (fewer at end of file). */
    private static int readAt(FileChannel ch, byte[] a, int off, int len, long pos) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(a, off, len);
        while (b.hasRemaining()) {
            int k = ch.read(b, pos + (b.position() - off));
            if (k < 0) break;
        }
        return b.position() - off;
    }

    /** As {@link #validAt} for a record header alone (the payload is checked later): 0, 1 or 2. */
    private static int headerValid(byte[] h, long at, long size, long seq) {
        ByteBuffer b = ByteBuffer.wrap(h);
        int len = b.getInt(0);
        long s = b.getLong(4);
        if (b.getInt(12) != crc(h, 0, 12) || (seq >= 0 && s != seq)) return 1;
        if (len < 0 || at + RECORD_HEADER + len > size) return 2;
        return 0;
    }

    private static NablaException damagedRecord(Path p, long at, int bad) {
        return fail(p + ": damaged record at offset " + at + " ("
                + (bad == 1
                        ? "header checksum mismatch"
                        : bad == 2 ? "length past end of file" : "payload checksum mismatch")
                + ")");
    }

    /**
     * The columns of one checkpoint segment opened lazily: where each column's record lies in {@link #lazyFile};
     * {@link #block} reads a record and checks both its checksums and that it is the block it should be, so damage
     * found late is reported as at open, naming the file and offset.
     */
    final class FileColumns extends ColumnSource {
        final long tableId;
        final int segment;
        final long headAt;
        private final long[] at;
        private final int[] len;

        FileColumns(PhysicalType[] types, int[] widths, int count, long tableId, int segment, long headAt) {
            super(types, widths, count);
            this.tableId = tableId;
            this.segment = segment;
            this.headAt = headAt;
            this.at = new long[types.length];
            this.len = new int[types.length];
            java.util.Arrays.fill(at, -1);
        }

        /** Records the next column block; false unless it is column {@code c} and the next one expected. */
        boolean expect(int c, long offset, int length) {
            if (c < 0 || c >= at.length || at[c] >= 0 || (c > 0 && at[c - 1] < 0)) return false;
            at[c] = offset;
            len[c] = length;
            return true;
        }

        /** The first column without a block, or -1. */
        int missing() {
            for (int c = 0; c < at.length; c++) if (at[c] < 0) return c;
            return -1;
        }

        int columns() {
            return at.length;
        }

        DurableStore store() {
            return DurableStore.this;
        }

        /** Column {@code c}'s encoding: its record read and checked, less the record header and column prefix. */
        byte[] payload(int c) {
            FileChannel ch = lazyFile;
            long pos = at[c];
            byte[] a = new byte[RECORD_HEADER + len[c]];
            int got;
            try {
                if (ch == null) throw new java.nio.channels.ClosedChannelException();
                got = readAt(ch, a, 0, a.length, pos);
            } catch (java.nio.channels.ClosedChannelException e) {
                throw fail("database file " + file + " is closed");
            } catch (IOException e) {
                throw fail("cannot read database file " + file + ": " + reason(e));
            }
            int bad = got < a.length ? 2 : validAt(a, 0, -1);
            if (bad != 0) throw damagedRecord(file, pos, bad);
            ByteBuffer b = ByteBuffer.wrap(a, RECORD_HEADER, COLUMN_PREFIX);
            if (b.get() != TableImages.SEG_COLUMN
                    || b.getLong() != tableId
                    || b.getInt() != segment
                    || b.getInt() != c
                    || b.getInt() != count())
                throw fail(file + ": damaged record at offset " + pos + " (not column block " + c + " of segment "
                        + segment + ")");
            return a;
        }

        @Override
        protected java.io.DataInput block(int c) {
            byte[] a = payload(c);
            int from = RECORD_HEADER + COLUMN_PREFIX;
            return new DataInputStream(new ByteArrayInputStream(a, from, a.length - from));
        }

        /** Column {@code c}'s encoding alone (for a checkpoint that copies a column never read). */
        byte[] encoding(int c) {
            byte[] a = payload(c);
            return java.util.Arrays.copyOfRange(a, RECORD_HEADER + COLUMN_PREFIX, a.length);
        }

        @Override
        protected RuntimeException damaged(int c, IOException why) {
            return fail(file + ": damaged record at offset " + at[c] + " (" + why.getMessage() + ")");
        }

        @Override
        protected void loaded(int c, long bytes) {
            columnsOnDisk.decrementAndGet();
            loadedBytes.addAndGet(bytes);
        }
    }

    private byte[] readWal() throws IOException {
        FileChannel wal = this.wal;
        if (wal == null) return new byte[0];
        long size = wal.size();
        if (size > Integer.MAX_VALUE - 64) throw fail(walFile + " is too large to replay (" + size + " bytes)");
        ByteBuffer b = ByteBuffer.allocate((int) size);
        while (b.hasRemaining() && wal.read(b, b.position()) >= 0) {}
        return b.array();
    }

    /** Rebuilds the catalog from the replayed DDL and installs every table's rows. */
    private void install(Database db, Replay r) {
        // first: an identity column's DEFAULT nextval(…) names its sequence
        db.sequences().restore(r.sequences);
        if (!r.ddl.isBlank()) {
            try (Session s = db.connect()) {
                s.executeScript(r.ddl);
            }
        }
        CatalogState state = db.committed();
        for (Map.Entry<String, Long> e : r.names.entrySet()) {
            StoredTable st = state.table(e.getKey());
            if (st == null) throw fail(file + ": table " + e.getKey() + " is missing from the stored catalog");
            TableImages.Builder b = r.tables.get(e.getValue());
            if (b != null) {
                Schema schema = st.schema();
                PhysicalType[] types = b.types();
                int[] widths = b.widths();
                boolean ok = types.length == schema.width();
                for (int c = 0; ok && c < types.length; c++)
                    ok = types[c] == schema.type(c).physical()
                            && widths[c] == dev.nabla.storage.ColumnVector.width(schema.type(c));
                if (!ok) throw fail(file + ": stored rows of table " + e.getKey() + " do not match its columns");
                TableImages.install(st.table(), b.build());
            }
            ids.put(st.table(), e.getValue());
            logged.put(e.getValue(), TableImages.current(st.table()));
        }
        nextId = r.maxId + 1;
        loggedNames = Map.copyOf(r.names);
        loggedDdl = ddl(state);
    }

    // ------------------------------------------------------------------ commit

    private static String ddl(CatalogState state) {
        StringBuilder sb = new StringBuilder();
        for (SchemaDdl.Item i : SchemaDdl.script(state, null))
            sb.append(i.sql()).append('\n');
        return sb.toString();
    }

    /**
     * Logs what changed since the last logged state and forces it to disk; called by the writer (holding the
     * database's write lock) after the storage commit and before COMMIT returns. Returns whether the log has
     * grown past {@code threshold} (a checkpoint is due).
     */
    synchronized boolean commit(CatalogState state, long threshold) {
        if (readOnly) throw readOnlyError(file);
        if (failed) throw fail("database file " + file + " cannot be written after an earlier write error; reopen it");
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            int entries = changes(state, out, false);
            if (entries == 0) return false;
            out.flush();
            ByteBuffer rec = record(nextSeq, bytes.toByteArray(), bytes.size());
            long at = walSize;
            while (rec.hasRemaining()) at += wal().write(rec, at);
            wal().force(false);
            walSize = at;
            nextSeq++;
            return threshold >= 0 && walSize > threshold;
        } catch (IOException | RuntimeException e) {
            failed = true;
            if (e instanceof NablaException ne) throw ne;
            throw new NablaException(
                    ErrorCode.IO,
                    dev.nabla.common.Span.NONE,
                    "cannot write the write-ahead log " + walFile + ": "
                            + (e instanceof IOException io ? reason(io) : String.valueOf(e)),
                    e);
        }
    }

    /** Writes the entries that bring the logged state to {@code state} (all of it when {@code full}); updates it. */
    /**
     * Appends the sequences' state as a record of its own, not forced (see {@link Sequences}): the next forced
     * commit makes it durable with everything before it. Called holding the sequences' lock.
     */
    synchronized void logSequences(List<Sequences.Saved> all) {
        if (readOnly) throw readOnlyError(file);
        if (failed) throw fail("database file " + file + " cannot be written after an earlier write error; reopen it");
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            writeSequences(out, all);
            out.flush();
            ByteBuffer rec = record(nextSeq, bytes.toByteArray(), bytes.size());
            long at = walSize;
            while (rec.hasRemaining()) at += wal().write(rec, at);
            walSize = at;
            nextSeq++;
        } catch (IOException e) {
            failed = true;
            throw new NablaException(
                    ErrorCode.IO,
                    dev.nabla.common.Span.NONE,
                    "cannot write the write-ahead log " + walFile + ": " + reason(e),
                    e);
        }
    }

    private int changes(CatalogState state, DataOutputStream out, boolean full) throws IOException {
        int n = 0;
        Map<String, Long> names = new LinkedHashMap<>();
        for (StoredTable t : state.tables()) names.put(t.name(), id(t.table()));
        String ddl = ddl(state);
        if (full || !ddl.equals(loggedDdl) || !names.equals(loggedNames)) {
            out.writeByte(SCHEMA);
            TableImages.writeString(out, ddl);
            out.writeInt(names.size());
            for (Map.Entry<String, Long> e : names.entrySet()) {
                TableImages.writeString(out, e.getKey());
                out.writeLong(e.getValue());
            }
            n++;
        }
        for (StoredTable t : state.tables()) {
            long id = id(t.table());
            TableVersion old = full ? null : logged.get(id);
            TableVersion now = TableImages.current(t.table());
            if (old == now && !full && logged.containsKey(id)) continue;
            writeTable(out, id, t.table(), now);
            n += 1 + TableImages.writeDelta(out, t.schema(), old, now, id);
            logged.put(id, now);
        }
        logged.keySet().retainAll(names.values());
        ids.values().retainAll(names.values());
        loggedNames = Map.copyOf(names);
        loggedDdl = ddl;
        return n;
    }

    private long id(Table t) {
        Long v = ids.get(t);
        if (v == null) {
            v = nextId++;
            ids.put(t, v);
        }
        return v;
    }

    private static void writeTable(DataOutputStream out, long id, Table t, TableVersion v) throws IOException {
        Schema s = t.schema();
        out.writeByte(TABLE);
        out.writeLong(id);
        out.writeInt(s.width());
        for (int c = 0; c < s.width(); c++) {
            PhysicalType p = s.type(c).physical();
            out.writeByte(p.ordinal());
            if (p == PhysicalType.ARRAY) out.writeInt(dev.nabla.storage.ColumnVector.width(s.type(c)));
        }
        out.writeInt(TableImages.segments(v));
    }

    // ------------------------------------------------------------------ checkpoint

    /** Writes {@code state} as a new checkpoint and starts an empty log; the caller holds the write lock. */
    synchronized void checkpoint(CatalogState state, List<Sequences.Saved> sequences) {
        if (readOnly) throw readOnlyError(file);
        if (failed) throw fail("database file " + file + " cannot be written after an earlier write error; reopen it");
        try {
            generation++;
            writeCheckpoint(state, sequences);
            resetWal();
        } catch (IOException | RuntimeException e) {
            failed = true;
            if (e instanceof NablaException ne) throw ne;
            throw new NablaException(
                    ErrorCode.IO,
                    dev.nabla.common.Span.NONE,
                    "checkpoint of " + file + " failed: "
                            + (e instanceof IOException io ? reason(io) : String.valueOf(e)),
                    e);
        }
    }

    private void writeCheckpoint(CatalogState state, List<Sequences.Saved> sequences) throws IOException {
        try (FileChannel out = FileChannel.open(
                tmpFile, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            long at = 0;
            ByteBuffer h = header(DB_MAGIC, generation);
            while (h.hasRemaining()) at += out.write(h, at);
            long seq = 0;
            // the catalog and table headers in one record, then one record per segment
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(bytes);
            Map<String, Long> names = new LinkedHashMap<>();
            for (StoredTable t : state.tables()) names.put(t.name(), id(t.table()));
            String ddl = ddl(state);
            d.writeByte(SCHEMA);
            TableImages.writeString(d, ddl);
            d.writeInt(names.size());
            for (Map.Entry<String, Long> e : names.entrySet()) {
                TableImages.writeString(d, e.getKey());
                d.writeLong(e.getValue());
            }
            List<StoredTable> tables = state.tables();
            TableVersion[] versions = new TableVersion[tables.size()];
            for (int i = 0; i < tables.size(); i++) {
                versions[i] = TableImages.current(tables.get(i).table());
                writeTable(d, id(tables.get(i).table()), tables.get(i).table(), versions[i]);
            }
            if (!sequences.isEmpty()) writeSequences(d, sequences);
            d.flush();
            at = put(out, at, record(seq++, bytes.toByteArray(), bytes.size()));
            for (int i = 0; i < tables.size(); i++) {
                StoredTable t = tables.get(i);
                long id = id(t.table());
                Schema schema = t.schema();
                for (int s = 0; s < TableImages.segments(versions[i]); s++) {
                    bytes.reset();
                    d.writeByte(TableImages.SEG_HEAD);
                    d.writeLong(id);
                    TableImages.writeHead(d, versions[i], s);
                    d.flush();
                    at = put(out, at, record(seq++, bytes.toByteArray(), bytes.size()));
                    dev.nabla.storage.Segment seg = versions[i].segment(s);
                    int count = versions[i].count(s);
                    for (int c = 0; c < schema.width(); c++) {
                        bytes.reset();
                        d.writeByte(TableImages.SEG_COLUMN);
                        d.writeLong(id);
                        d.writeInt(s);
                        d.writeInt(c);
                        d.writeInt(count);
                        // a column never read is copied as it lies in the file it was opened from (checked)
                        if (!seg.isLoaded(c)
                                && seg.source() instanceof FileColumns f
                                && f.store() == this
                                && f.count() == count) d.write(f.encoding(c));
                        else TableImages.writeColumn(d, schema, seg, c, 0, count, true);
                        d.flush();
                        at = put(out, at, record(seq++, bytes.toByteArray(), bytes.size()));
                    }
                }
                logged.put(id, versions[i]);
            }
            out.force(true);
            logged.keySet().retainAll(names.values());
            ids.values().retainAll(names.values());
            loggedNames = Map.copyOf(names);
            loggedDdl = ddl;
        }
        Files.move(tmpFile, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory();
    }

    private static long put(FileChannel out, long at, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) at += out.write(b, at);
        return at;
    }

    private void forceDirectory() {
        Path dir = file.getParent();
        if (dir == null) return;
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // some file systems cannot open a directory; the rename is then as durable as they make it
        }
    }

    /** Empties the log and starts generation {@link #generation}. */
    private void resetWal() throws IOException {
        wal().truncate(0);
        ByteBuffer h = header(WAL_MAGIC, generation);
        long at = 0;
        while (h.hasRemaining()) at += wal().write(h, at);
        wal().force(true);
        walSize = FILE_HEADER;
        nextSeq = 0;
    }

    /**
     * Writes {@code state} and {@code sequences} as a new database file {@code path} (the shell's {@code .save}):
     * created like any database file (its log locked while it is written), then checkpointed with that state.
     * An existing file is refused rather than overwritten.
     */
    static void saveAs(Path path, CatalogState state, List<Sequences.Saved> sequences) {
        Path file = path.toAbsolutePath().normalize();
        if (Files.exists(file)) throw fail("cannot save to " + file + ": it already exists");
        DurableStore st = open(new Database(null), file);
        try {
            st.checkpoint(state, sequences);
        } finally {
            st.close();
        }
    }

    /** Sizes for {@code PRAGMA database_size}-like reporting: checkpoint file and log, in bytes. */
    long[] sizes() {
        long f;
        try {
            f = Files.size(file);
        } catch (IOException e) {
            f = -1;
        }
        return new long[] {f, walSize};
    }

    boolean walHasRecords() {
        return walSize > FILE_HEADER;
    }

    @Override
    public synchronized void close() {
        try {
            if (lock != null && lock.isValid()) lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        if (wal != null) closeQuietly(wal);
        FileChannel lf = lazyFile;
        if (lf != null) closeQuietly(lf);
    }

    @Nullable
    String describe() {
        return file.toString();
    }
}
