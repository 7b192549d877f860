package dev.gatehouse.audit;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of {@link AuditVerifier#verify}: either the whole chain holds, or the first record
 * where it does not and why.
 *
 * @param records records checked (up to the first problem)
 * @param segments segment files found
 * @param checkpoints signed checkpoints whose signature verified, directly or through a later valid
 *     signature that covers them by the chain
 * @param lastSequence the last sequence number that verified
 * @param lastCheckpoint the sequence number the last verified checkpoint covers (0 if none)
 * @param problem the first problem, absent when the chain is intact
 * @param notes things an operator should know that are not tampering: recoveries after crashes,
 *     records not yet covered by a checkpoint, an incomplete last line
 */
public record VerificationReport(
        long records,
        int segments,
        long checkpoints,
        long lastSequence,
        long lastCheckpoint,
        Optional<Problem> problem,
        List<String> notes) {

    public VerificationReport {
        notes = List.copyOf(notes);
    }

    public boolean intact() {
        return problem.isEmpty();
    }

    /** What kind of damage the first problem is. */
    public enum Kind {
        /** A line is not a record: cut, merged or garbled. */
        MALFORMED,
        /** A record's content does not match its own hash: edited. */
        EDITED,
        /** A record is not the one expected at this place: deleted, reordered or inserted. */
        OUT_OF_SEQUENCE,
        /** A record does not link to the hash of the record before it. */
        BROKEN_LINK,
        /** A checkpoint does not match the chain or its signature does not verify. */
        BAD_CHECKPOINT,
        /** A segment is missing, empty, or not where the chain says it should be. */
        MISSING_SEGMENT
    }

    /**
     * @param sequence the sequence number expected where the problem was found
     * @param segment the segment file's name
     */
    public record Problem(long sequence, Kind kind, String segment, String detail) {}
}
