package dev.gatehouse.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Recomputes the whole chain of an audit directory: every record's hash, every link, sequence
 * numbers without gaps across segments, every checkpoint's signature against a trusted public key,
 * and that no segment is missing. Needs no lock; safe to run against a log being written.
 *
 * <p>What it cannot see alone: records cut from the very end after the last checkpoint, or a
 * writer who holds the signing key rewriting history. Keep the public key and recent checkpoint
 * heads ({@code audit export}) somewhere the writer cannot change.
 */
public final class AuditVerifier {

    /** Lines are checked in runs of about this many bytes, in parallel. */
    private static final int CHUNK_BYTES = 1 << 20;

    static final String DATA_AFTER_PADDING =
            "bytes other than NUL follow the NUL bytes that end the segment's data: its padding was"
                    + " written over, or records after it were zeroed";

    private AuditVerifier() {}

    /**
     * Verifies every segment in {@code dir}.
     *
     * @param trustedKey the Ed25519 public key checkpoints must be signed with
     */
    public static VerificationReport verify(Path dir, PublicKey trustedKey) {
        return verify(dir, trustedKey, CHUNK_BYTES, Runtime.getRuntime().availableProcessors());
    }

    /** As {@link #verify(Path, PublicKey)}, in chunks of {@code chunkBytes} on {@code threads} threads. */
    static VerificationReport verify(Path dir, PublicKey trustedKey, int chunkBytes, int threads) {
        if (chunkBytes < 1 || threads < 1) {
            throw new IllegalArgumentException("chunkBytes and threads must be positive");
        }
        try {
            return new Run(dir, trustedKey).verify(chunkBytes, threads);
        } catch (IOException | UncheckedIOException e) {
            throw new AuditLogException(AuditLogException.Problem.IO, "cannot read the audit log", dir, e);
        }
    }

    static String sequenceDetail(long expected, long found) {
        if (found > expected) {
            var gap = found - 1 > expected ? "records " + expected + ".." + (found - 1) : "record " + expected;
            return "expected record " + expected + ", found record " + found + ": " + gap + " deleted or moved";
        }
        return "expected record " + expected + ", found record " + found + ": records reordered or inserted";
    }

    private static final class Run {
        private final Path dir;
        private final PublicKey key;
        private final String keyId;
        private final List<String> notes = new ArrayList<>();
        private long records;
        private long checkpoints;
        private long lastSeq;
        private String lastHash = RecordCodec.GENESIS;
        private long lastCheckpoint;
        /** The sequence number of the last verified checkpoint record itself (0 if none). */
        private long lastCheckpointRecord;

        private boolean endsWithRotation;

        Run(Path dir, PublicKey key) {
            this.dir = dir;
            this.key = key;
            this.keyId = Checkpoints.keyId(key);
        }

        VerificationReport verify(int chunkBytes, int threads) throws IOException {
            var plans = new ArrayList<SegmentChunks.Plan>();
            for (var segment : Segments.list(dir)) {
                plans.add(SegmentChunks.plan(segment, chunkBytes));
            }
            try (var chunks = new ChunkQueue(plans, keyId, threads)) {
                for (int s = 0; s < plans.size(); s++) {
                    boolean isLast = s == plans.size() - 1;
                    var problem = segment(plans.get(s), isLast, chunks);
                    if (problem.isPresent()) {
                        return report(plans.size(), problem);
                    }
                }
            }
            if (endsWithRotation) {
                return report(
                        plans.size(),
                        Optional.of(new VerificationReport.Problem(
                                lastSeq + 1,
                                VerificationReport.Kind.MISSING_SEGMENT,
                                plans.getLast().segment().path().getFileName().toString(),
                                "the segment closes with a rotation checkpoint but the segment after it is missing")));
            }
            // The checkpoint record itself is not an event; only events after it are uncovered.
            if (lastSeq > lastCheckpointRecord) {
                notes.add("records " + (lastCheckpointRecord + 1) + ".." + lastSeq
                        + " are not yet covered by a signed checkpoint");
            }
            return report(plans.size(), Optional.empty());
        }

        private VerificationReport report(int segments, Optional<VerificationReport.Problem> problem) {
            return new VerificationReport(records, segments, checkpoints, lastSeq, lastCheckpoint, problem, notes);
        }

        private Optional<VerificationReport.Problem> segment(SegmentChunks.Plan plan, boolean isLast, ChunkQueue chunks)
                throws IOException {
            var segment = plan.segment();
            var name = segment.path().getFileName().toString();
            long end = plan.end();
            // NULs at the start of a line end the data; anything but NULs after them was put there.
            boolean dataAfterPadding = plan.tail().dataAfterPadding();
            if (plan.tail().incomplete() && !dataAfterPadding) {
                if (!isLast) {
                    return problem(
                            lastSeq + 1,
                            VerificationReport.Kind.MALFORMED,
                            name,
                            "the segment ends in an incomplete line");
                }
                notes.add("the last segment ends in an incomplete line: a write in progress, or a crash the next"
                        + " open will recover");
            }
            if (end == 0) {
                if (dataAfterPadding) {
                    return problem(lastSeq + 1, VerificationReport.Kind.MALFORMED, name, DATA_AFTER_PADDING);
                }
                if (isLast && segment.firstSeq() > lastSeq) {
                    // Created by a rotation whose first record (or whose checkpoint) is still to come.
                    endsWithRotation = false;
                    notes.add("the last segment is empty: a rotation in progress, or one the next open completes");
                    return Optional.empty();
                }
                return problem(
                        segment.firstSeq(),
                        VerificationReport.Kind.MISSING_SEGMENT,
                        name,
                        "the segment holds no records");
            }
            if (lastSeq > 0 && !endsWithRotation) {
                return problem(
                        lastSeq + 1,
                        VerificationReport.Kind.MISSING_SEGMENT,
                        name,
                        "the previous segment does not close with a rotation checkpoint");
            }
            long segmentStart = lastSeq + 1;
            long recordsBefore = records;
            var signed = new ArrayList<CheckpointSignatures.Signed>();
            var segmentNotes = new ArrayList<ChunkCheck.Note>();
            Optional<VerificationReport.Problem> problem = Optional.empty();
            boolean first = true;
            for (int k = 0; k < plan.chunks(); k++) {
                var r = chunks.next();
                signed.addAll(r.signed());
                segmentNotes.addAll(r.notes());
                problem = join(r, name, first ? segment.firstSeq() : -1);
                if (problem.isPresent()) {
                    break;
                }
                first = false;
            }
            // Only checkpoints the chain reached before any problem count, and their signatures are
            // settled now; a bad one comes before the problem, so it is the one to report.
            long limit = problem.map(VerificationReport.Problem::sequence).orElse(Long.MAX_VALUE);
            var covered = signed.stream().filter(c -> c.seq() < limit).toList();
            var bad = CheckpointSignatures.firstBad(covered, key);
            if (bad.isPresent()) {
                long seq = bad.get().seq();
                covered = covered.subList(0, covered.indexOf(bad.get()));
                records = recordsBefore + (seq - segmentStart);
                lastSeq = seq - 1;
                problem = problem(
                        seq,
                        VerificationReport.Kind.BAD_CHECKPOINT,
                        name,
                        "the checkpoint's signature does not verify with the trusted key");
            }
            long noteLimit = bad.map(CheckpointSignatures.Signed::seq).orElse(limit);
            segmentNotes.stream().filter(n -> n.seq() < noteLimit).forEach(n -> notes.add(n.text()));
            checkpoints += covered.size();
            if (!covered.isEmpty()) {
                lastCheckpoint = covered.getLast().seq() - 1;
                lastCheckpointRecord = covered.getLast().seq();
            }
            if (problem.isEmpty() && dataAfterPadding) {
                problem = problem(lastSeq + 1, VerificationReport.Kind.MALFORMED, name, DATA_AFTER_PADDING);
            }
            return problem;
        }

        /** Joins a run to the chain so far; {@code namedSeq} is the segment's name for its first run. */
        private Optional<VerificationReport.Problem> join(ChunkCheck.Result r, String name, long namedSeq) {
            long expected = lastSeq + 1;
            // Whenever the run's first record was read, it must follow on from the chain so far:
            // checked here, before anything the run found later in that record or after it.
            if (r.firstSeq() >= 0) {
                if (r.firstSeq() != expected) {
                    var detail = sequenceDetail(expected, r.firstSeq())
                            + (namedSeq >= 0 ? " at the start of a segment: a segment was removed?" : "");
                    return problem(expected, VerificationReport.Kind.OUT_OF_SEQUENCE, name, detail);
                }
                if (!r.firstPrev().equals(lastHash)) {
                    return problem(
                            expected,
                            VerificationReport.Kind.BROKEN_LINK,
                            name,
                            "the record does not link to the hash of record " + lastSeq);
                }
                if (namedSeq >= 0 && namedSeq != expected) {
                    return problem(
                            expected,
                            VerificationReport.Kind.MISSING_SEGMENT,
                            name,
                            "the segment's name says it starts at record " + namedSeq);
                }
            }
            records += r.count();
            if (r.count() > 0) {
                lastSeq = r.lastSeq();
                lastHash = r.lastHash();
                endsWithRotation = r.endsWithRotation();
            }
            return r.problem()
                    .map(p -> new VerificationReport.Problem(expected + p.index(), p.kind(), name, p.detail()));
        }

        private static Optional<VerificationReport.Problem> problem(
                long seq, VerificationReport.Kind kind, String segment, String detail) {
            return Optional.of(new VerificationReport.Problem(seq, kind, segment, detail));
        }
    }
}
