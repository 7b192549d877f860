package dev.gatehouse.audit;

import java.time.Duration;

/**
 * How the audit log rotates segments and how often it signs checkpoints. Immutable; start from
 * {@link #defaults()} and change what you need with the {@code with...} methods.
 *
 * @param segmentMaxBytes a segment is closed once it has grown to at least this many bytes
 * @param segmentMaxAge a segment is closed once its first record is this old
 * @param checkpointEveryRecords a signed checkpoint follows at most this many records
 * @param checkpointInterval a signed checkpoint is written when this much time has passed since the
 *     last one and records have been added since
 * @param maxBatch the most events one group commit writes with one fsync
 * @param preallocateBytes when a group commit would pass the end of the segment file, the file is
 *     first extended by this many zero bytes (never past the segment's maximum size, unless the batch
 *     itself needs it) and forced once, so that the commits that follow overwrite space that is
 *     already allocated and their fsync flushes data only; 0 appends instead, each fsync then also
 *     committing the file's new size
 * @param acknowledge when an appended event counts as recorded, and its caller is released
 * @param syncInterval with {@link Acknowledge#WRITTEN}, the longest written records wait for their
 *     fsync; unused with {@link Acknowledge#DURABLE}
 */
public record AuditLogOptions(
        long segmentMaxBytes,
        Duration segmentMaxAge,
        int checkpointEveryRecords,
        Duration checkpointInterval,
        int maxBatch,
        long preallocateBytes,
        Acknowledge acknowledge,
        Duration syncInterval) {

    /** When {@link TamperEvidentAuditLog#append} returns. */
    public enum Acknowledge {
        /**
         * Once the event is fsync'd: an acknowledged event survives a crash of the process, of the
         * operating system and a power cut. The default.
         */
        DURABLE,
        /**
         * Once the event is written to the operating system, which keeps it if the process is
         * killed; its fsync follows within {@link #syncInterval}. A crash of the operating system or
         * a power cut in that window loses the events written since the last fsync; the next open
         * cuts the torn end and records that it did. The caller writes its own event when the log
         * is free, so no thread hand-off is on the call's path.
         */
        WRITTEN
    }

    /** The shortest and longest {@link #syncInterval} accepted. */
    public static final Duration MIN_SYNC_INTERVAL = Duration.ofMillis(1);

    public static final Duration MAX_SYNC_INTERVAL = Duration.ofSeconds(1);

    /** The most {@link #preallocateBytes} may be: the padding readers skip stays small. */
    public static final long MAX_PREALLOCATE_BYTES = 64L << 20;

    public AuditLogOptions {
        if (segmentMaxBytes < 1024) {
            throw new IllegalArgumentException("segmentMaxBytes must be at least 1024");
        }
        if (segmentMaxAge.isNegative() || segmentMaxAge.isZero()) {
            throw new IllegalArgumentException("segmentMaxAge must be positive");
        }
        if (checkpointEveryRecords < 1) {
            throw new IllegalArgumentException("checkpointEveryRecords must be at least 1");
        }
        if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
            throw new IllegalArgumentException("checkpointInterval must be positive");
        }
        if (maxBatch < 1 || maxBatch > 65_536) {
            throw new IllegalArgumentException("maxBatch must be between 1 and 65536");
        }
        if (preallocateBytes != 0 && (preallocateBytes < 4096 || preallocateBytes > MAX_PREALLOCATE_BYTES)) {
            throw new IllegalArgumentException("preallocateBytes must be 0 or between 4096 and 64 MiB");
        }
        java.util.Objects.requireNonNull(acknowledge, "acknowledge");
        if (syncInterval.compareTo(MIN_SYNC_INTERVAL) < 0 || syncInterval.compareTo(MAX_SYNC_INTERVAL) > 0) {
            throw new IllegalArgumentException("syncInterval must be between 1 ms and 1 s");
        }
    }

    /**
     * 64 MiB or one day per segment; a checkpoint every 1,000 records or every minute; records
     * appended with nothing allocated ahead (a segment is plain JSON lines that {@code tail}, {@code
     * grep} and {@code jq} read; preallocating showed no gain over HTTP, docs/PERFORMANCE.md);
     * acknowledged once fsync'd.
     */
    public static AuditLogOptions defaults() {
        return new AuditLogOptions(
                64L << 20,
                Duration.ofDays(1),
                1000,
                Duration.ofMinutes(1),
                4096,
                0,
                Acknowledge.DURABLE,
                Duration.ofMillis(10));
    }

    public AuditLogOptions withSegmentMaxBytes(long bytes) {
        return new AuditLogOptions(
                bytes,
                segmentMaxAge,
                checkpointEveryRecords,
                checkpointInterval,
                maxBatch,
                preallocateBytes,
                acknowledge,
                syncInterval);
    }

    public AuditLogOptions withSegmentMaxAge(Duration age) {
        return new AuditLogOptions(
                segmentMaxBytes,
                age,
                checkpointEveryRecords,
                checkpointInterval,
                maxBatch,
                preallocateBytes,
                acknowledge,
                syncInterval);
    }

    public AuditLogOptions withCheckpointEveryRecords(int records) {
        return new AuditLogOptions(
                segmentMaxBytes,
                segmentMaxAge,
                records,
                checkpointInterval,
                maxBatch,
                preallocateBytes,
                acknowledge,
                syncInterval);
    }

    public AuditLogOptions withCheckpointInterval(Duration interval) {
        return new AuditLogOptions(
                segmentMaxBytes,
                segmentMaxAge,
                checkpointEveryRecords,
                interval,
                maxBatch,
                preallocateBytes,
                acknowledge,
                syncInterval);
    }

    public AuditLogOptions withMaxBatch(int batch) {
        return new AuditLogOptions(
                segmentMaxBytes,
                segmentMaxAge,
                checkpointEveryRecords,
                checkpointInterval,
                batch,
                preallocateBytes,
                acknowledge,
                syncInterval);
    }

    public AuditLogOptions withPreallocateBytes(long bytes) {
        return new AuditLogOptions(
                segmentMaxBytes,
                segmentMaxAge,
                checkpointEveryRecords,
                checkpointInterval,
                maxBatch,
                bytes,
                acknowledge,
                syncInterval);
    }

    /** Acknowledges events once written and fsyncs them within {@code interval}; see {@link Acknowledge#WRITTEN}. */
    public AuditLogOptions withAcknowledge(Acknowledge when, Duration interval) {
        return new AuditLogOptions(
                segmentMaxBytes,
                segmentMaxAge,
                checkpointEveryRecords,
                checkpointInterval,
                maxBatch,
                preallocateBytes,
                when,
                interval);
    }
}
