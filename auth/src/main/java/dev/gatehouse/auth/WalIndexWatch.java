package dev.gatehouse.auth;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A read-only look at the header SQLite keeps at the start of a WAL database's {@code -shm} file,
 * the wal-index header (https://sqlite.org/walformat.html, section 2.1). Every commit, by any
 * connection of any process, rewrites that header before its {@code COMMIT} returns, with a larger
 * frame count, a new running checksum or, after the log restarts, new salts, and always a new
 * header checksum. So a header that reads exactly as it did last time means nothing has been
 * committed in between.
 *
 * <p>Only ever a shortcut for {@link StoredKeyCache}: when the header reads differently, or cannot
 * be read, the cache asks SQLite ({@code PRAGMA data_version}, which costs a read transaction and
 * its file-lock system calls). A torn read (a commit writing the header while we read it) just
 * differs, and makes the cache ask. The file is mapped read-only and never written.
 *
 * <p>The mapping is trusted only while the cache's own connection is open: SQLite removes or
 * resets the {@code -shm} file only when no connection has the database open, and the cache
 * drops this watch whenever it drops that connection. Not thread-safe; the cache's lock guards it.
 */
final class WalIndexWatch implements AutoCloseable {

    /** The first copy of the header: version, change counter, sizes, salts and checksums. */
    static final int HEADER_BYTES = 48;

    private static final int WORDS = HEADER_BYTES / Long.BYTES;
    // Aligned: a mapping starts on a page boundary, and acquire reads need aligned words.
    private static final VarHandle WORD = ValueLayout.JAVA_LONG.varHandle();

    private final Arena arena;
    private final MemorySegment header;
    private final long[] seen = new long[WORDS];
    private boolean seenValid;
    private boolean broken;

    private WalIndexWatch(Arena arena, MemorySegment header) {
        this.arena = arena;
        this.header = header;
    }

    /** Maps the header, or nothing when the file is missing or too short to hold one (not WAL mode). */
    static Optional<WalIndexWatch> open(Path shm) {
        try (var channel = FileChannel.open(shm, StandardOpenOption.READ)) {
            if (channel.size() < HEADER_BYTES) {
                return Optional.empty();
            }
            var arena = Arena.ofShared();
            try {
                return Optional.of(
                        new WalIndexWatch(arena, channel.map(FileChannel.MapMode.READ_ONLY, 0, HEADER_BYTES, arena)));
            } catch (IOException | RuntimeException e) {
                arena.close();
                throw e;
            }
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /**
     * Reads the header now and says whether it may differ from the previous reading: true on the
     * first reading, on any difference, and for good once the mapping has failed.
     */
    boolean moved() {
        if (broken) {
            return true;
        }
        boolean moved = !seenValid;
        try {
            for (int i = 0; i < WORDS; i++) {
                long word = (long) WORD.getAcquire(header, (long) i * Long.BYTES);
                if (word != seen[i]) {
                    seen[i] = word;
                    moved = true;
                }
            }
        } catch (InternalError e) {
            // The JVM's report of a fault in a mapped file (one cut short under us): stop trusting it.
            broken = true;
            return true;
        }
        seenValid = true;
        return moved;
    }

    @Override
    public void close() {
        arena.close();
    }
}
