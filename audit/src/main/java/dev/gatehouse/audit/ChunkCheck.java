package dev.gatehouse.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Verifies a run of whole lines of one segment on its own: each record is canonical and matches
 * its hash, and neighbours link and count up. Runs are independent, so they are checked in parallel
 * and joined afterwards by {@link AuditVerifier}. Checkpoints are checked against the chain here;
 * their signatures are collected and settled per segment ({@link CheckpointSignatures}).
 */
final class ChunkCheck {

    private static final byte[] CHECKPOINT = quoted(Checkpoints.TYPE);
    private static final byte[] RECOVERED = quoted(TailRecovery.RECOVERED);

    /** A problem at the {@code index}-th record of the run. */
    record LocalProblem(int index, VerificationReport.Kind kind, String detail) {}

    /** Something an operator should know about the record {@code seq}. */
    record Note(long seq, String text) {}

    record Result(
            int count,
            long firstSeq,
            String firstPrev,
            long lastSeq,
            String lastHash,
            boolean endsWithRotation,
            List<CheckpointSignatures.Signed> signed,
            List<Note> notes,
            Optional<LocalProblem> problem) {}

    private final byte[] buf;
    private final int from;
    private final int to;
    private final int limit;
    private final String keyId;
    private final RecordCheck check;

    /**
     * A run of the lines that start in {@code [from, to)} of {@code buf}, {@code from} being the
     * start of a line; the last one may end after {@code to}, and {@code buf} holds bytes up to
     * {@code limit}.
     */
    ChunkCheck(byte[] buf, int from, int to, int limit, String keyId, RecordCheck check) {
        this.buf = buf;
        this.from = from;
        this.to = to;
        this.limit = limit;
        this.keyId = keyId;
        this.check = check;
    }

    // What the run has seen so far; a ChunkCheck runs once.
    private final List<Note> notes = new ArrayList<>();
    private final List<CheckpointSignatures.Signed> signed = new ArrayList<>();
    private int count;
    private long firstSeq = -1;
    private String firstPrev;
    private long lastSeq = -1;
    private int lastHashAt = -1;
    private boolean rotation;

    private static byte[] quoted(String type) {
        return ('"' + type + '"').getBytes(StandardCharsets.US_ASCII);
    }

    /** The run's result, or empty when a line goes on past {@code limit}: check it again with more bytes. */
    Optional<Result> run() {
        var record = check.record();
        int start = from;
        while (start < to) {
            int off = start;
            int newline = check.tryLine(buf, off, limit);
            boolean matches;
            if (newline >= 0) {
                matches = check.hashMatches(buf, off);
            } else {
                newline = newline(off);
                if (newline < 0) {
                    return Optional.empty();
                }
                try {
                    matches = check.check(buf, off, newline - off);
                } catch (RecordCodec.MalformedRecord e) {
                    return fail(
                            VerificationReport.Kind.MALFORMED,
                            buf[off] == 0
                                    ? AuditVerifier.DATA_AFTER_PADDING
                                    : "the line is not a record (" + e.getMessage() + ")");
                }
            }
            int len = newline - off;
            start = newline + 1;
            if (!matches) {
                return fail(
                        VerificationReport.Kind.EDITED, "the record's content does not match its hash: it was edited");
            }
            long seq = record.seq();
            int prevAt = record.prevAt();
            if (count == 0) {
                firstSeq = seq;
                firstPrev = hex(prevAt);
            } else if (seq != lastSeq + 1) {
                return fail(VerificationReport.Kind.OUT_OF_SEQUENCE, AuditVerifier.sequenceDetail(lastSeq + 1, seq));
            } else if (!Arrays.equals(buf, prevAt, prevAt + 64, buf, lastHashAt, lastHashAt + 64)) {
                return fail(
                        VerificationReport.Kind.BROKEN_LINK,
                        "the record does not link to the hash of record " + lastSeq);
            }
            rotation = false;
            if (record.typeIs(CHECKPOINT)) {
                var bad = checkpoint(seq, off, len);
                if (bad.isPresent()) {
                    return fail(VerificationReport.Kind.BAD_CHECKPOINT, bad.get());
                }
            } else if (record.typeIs(RECOVERED)) {
                notes.add(new Note(seq, "record " + seq + " notes a recovery: " + fields(off, len)));
            }
            count++;
            lastSeq = seq;
            lastHashAt = check.hashAt();
        }
        return Optional.of(result(rotation, Optional.empty()));
    }

    /** The newline ending the line that starts at {@code off}, or -1 if it is past {@code limit}. */
    private int newline(int off) {
        for (int i = off; i < limit; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private String hex(int at) {
        return new String(buf, at, 64, StandardCharsets.ISO_8859_1);
    }

    private Optional<Result> fail(VerificationReport.Kind kind, String detail) {
        return Optional.of(result(false, Optional.of(new LocalProblem(count, kind, detail))));
    }

    private Result result(boolean endsWithRotation, Optional<LocalProblem> problem) {
        return new Result(
                count,
                firstSeq,
                firstPrev,
                lastSeq,
                lastHashAt < 0 ? null : hex(lastHashAt),
                endsWithRotation,
                signed,
                notes,
                problem);
    }

    private JsonNode tree(int off, int len) {
        try {
            return RecordCodec.tree(buf, off, len);
        } catch (RecordCodec.MalformedRecord e) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }

    private JsonNode fields(int off, int len) {
        return tree(off, len).path("fields");
    }

    /** Everything about a checkpoint but its signature, which is collected for the segment. */
    private Optional<String> checkpoint(long seq, int off, int len) {
        var record = tree(off, len);
        var f = record.path("fields");
        var prev = record.path("prev").asText();
        if (f.path("checkpoint_of").asLong(-1) != seq - 1
                || !f.path("head").asText().equals(prev)) {
            return Optional.of("the checkpoint does not cover the record before it");
        }
        if (!keyId.equals(f.path("key_id").asText())) {
            return Optional.of(
                    "the checkpoint names key " + safe(f.path("key_id").asText()) + ", not the trusted key " + keyId);
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(f.path("signature").asText());
        } catch (IllegalArgumentException e) {
            return Optional.of("the checkpoint's signature is not base64");
        }
        var payload = Checkpoints.payload(seq - 1, prev, record.path("time").asText());
        signed.add(new CheckpointSignatures.Signed(seq, payload, signature));
        rotation = Checkpoints.REASON_ROTATION.equals(f.path("reason").asText());
        return Optional.empty();
    }

    /** Key ids are hex; anything else read from the file is not echoed as is. */
    private static String safe(String text) {
        return text.matches("[0-9a-f]{1,64}") ? text : "(not a key id)";
    }
}
