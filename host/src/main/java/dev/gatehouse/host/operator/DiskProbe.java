package dev.gatehouse.host.operator;

import dev.gatehouse.config.GatehouseHome;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Times small synced writes on the disk that holds the audit log, the way its writer makes them: a
 * scratch file beside the log is filled with zeros and forced once, then records are written into it
 * and each is forced with {@code fdatasync}. {@code serve} answers a call only once the call's record
 * is synced, so this is the part of a call's latency that depends on the disk. The scratch file is
 * removed afterwards; the audit log itself is not touched.
 */
public final class DiskProbe {

    /** Enough for a stable median, bounded in time on a slow disk. */
    public static final int MAX_SYNCS = 200;

    /** A constant, so the command's help text can name it. */
    public static final int MAX_SECONDS = 2;

    private static final Duration MAX_TIME = Duration.ofSeconds(MAX_SECONDS);

    private static final int FILE_BYTES = 64 * 1024;
    private static final int RECORD_BYTES = 256;

    private DiskProbe() {}

    /** What the timing found, or why there is none, in one line. */
    static String measure(GatehouseHome home) {
        var dir = Files.isDirectory(home.audit()) ? home.audit() : home.root();
        if (!Files.isDirectory(dir)) {
            return "not measured: " + home.root() + " does not exist yet";
        }
        Path scratch;
        try {
            scratch = Files.createTempFile(
                    dir,
                    ".doctor-sync-",
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException | UnsupportedOperationException e) {
            return problem(dir, e);
        }
        String found;
        try {
            var nanos = time(scratch);
            Arrays.sort(nanos);
            found = String.format(
                    Locale.ROOT,
                    "fdatasync median %.3f ms, 90th percentile %.3f ms, slowest %.3f ms over %d syncs in %s"
                            + " (serve answers a tool call once its audit record is synced: one or two of these)",
                    millis(nanos[nanos.length / 2]),
                    millis(nanos[(int) Math.ceil(nanos.length * 0.9) - 1]),
                    millis(nanos[nanos.length - 1]),
                    nanos.length,
                    dir);
        } catch (IOException e) {
            found = problem(dir, e);
        }
        try {
            Files.deleteIfExists(scratch);
            return found;
        } catch (IOException e) {
            return found + "; PROBLEM: could not remove the scratch file " + scratch + " ("
                    + e.getClass().getSimpleName() + ")";
        }
    }

    private static String problem(Path dir, Exception e) {
        return "PROBLEM: cannot time synced writes in " + dir + " ("
                + e.getClass().getSimpleName() + ")";
    }

    /** Each synced write's duration in nanoseconds, as many as fit in the bounds. */
    private static long[] time(Path scratch) throws IOException {
        try (var ch = FileChannel.open(scratch, StandardOpenOption.WRITE)) {
            var zeros = ByteBuffer.allocate(FILE_BYTES);
            while (zeros.hasRemaining()) {
                ch.write(zeros, zeros.position());
            }
            ch.force(true);
            var record = new byte[RECORD_BYTES];
            Arrays.fill(record, (byte) 'x');
            record[RECORD_BYTES - 1] = '\n';
            var times = new long[MAX_SYNCS];
            long deadline = System.nanoTime() + MAX_TIME.toNanos();
            int n = 0;
            while (n < MAX_SYNCS && (n == 0 || System.nanoTime() < deadline)) {
                var buf = ByteBuffer.wrap(record);
                long at = (long) n * RECORD_BYTES % FILE_BYTES;
                long start = System.nanoTime();
                while (buf.hasRemaining()) {
                    ch.write(buf, at + buf.position());
                }
                ch.force(false);
                times[n++] = System.nanoTime() - start;
            }
            return Arrays.copyOf(times, n);
        }
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
