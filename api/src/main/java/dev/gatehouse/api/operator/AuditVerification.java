package dev.gatehouse.api.operator;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What verifying the audit log found: the chain and signatures, then the witnesses.
 *
 * @param lastCheckpoint the sequence the last signed checkpoint covers
 * @param notes what the operator should know that is not tampering (a segment displaced, say)
 */
public record AuditVerification(
        boolean intact,
        long records,
        int segments,
        long checkpoints,
        long lastSequence,
        long lastCheckpoint,
        Optional<Problem> problem,
        List<String> notes,
        List<WitnessSource> witnesses,
        List<WitnessFinding> findings) {

    public AuditVerification {
        notes = List.copyOf(notes);
        witnesses = List.copyOf(witnesses);
        findings = List.copyOf(findings);
    }

    /** The first bad record. */
    public record Problem(long sequence, String kind, String segment, String detail) {}

    /** @param found whether the file exists; a configured witness that is missing is worth saying */
    public record WitnessSource(Path file, boolean found, int checkpoints) {}

    /** @param kind WIPED, TRUNCATED, REWRITTEN, OTHER_KEY or BAD_SIGNATURE */
    public record WitnessFinding(String kind, long sequence, String detail) {}

    /** How many checkpoints the witnesses hold between them. */
    public int witnessed() {
        return witnesses.stream().mapToInt(WitnessSource::checkpoints).sum();
    }
}
