package dev.gatehouse.audit;

/**
 * What the log has done since it was opened.
 *
 * @param records events acknowledged (checkpoints and recovery notes not counted)
 * @param batches group commits, each one write and one fsync of the segment
 * @param fsyncs every fsync: segment data, zeros written ahead of it, padding cut from closed
 *     segments, and directory entries of new files
 * @param checkpoints signed checkpoints written
 * @param rotations segments closed for size or age
 * @param largestBatch the most events acknowledged by one fsync
 */
public record AuditLogStats(
        long records, long batches, long fsyncs, long checkpoints, long rotations, long largestBatch) {

    /** Events per group commit on average; above 1 means concurrent writers shared fsyncs. */
    public double meanBatch() {
        return batches == 0 ? 0 : (double) records / batches;
    }
}
