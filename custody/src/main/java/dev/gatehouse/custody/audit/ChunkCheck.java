package dev.gatehouse.custody.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Verifies a run of whole lines of one segment on its own: each record's hash, and the links and
 * sequence numbers between neighbours. Runs are independent, so they are checked in parallel and
 * joined afterwards by {@link AuditVerifier}.
 */
final class ChunkCheck {

    /** A problem at the {@code index}-th record of the run. */
    record LocalProblem(int index, VerificationReport.Kind kind, String detail) {}

    record Result(
            int count,
            long firstSeq,
            String firstPrev,
            long lastSeq,
            String lastHash,
            boolean endsWithRotation,
            long checkpoints,
            long lastCheckpoint,
            List<String> notes,
            Optional<LocalProblem> problem) {}

    private final byte[] buf;
    private final int from;
    private final int to;
    private final PublicKey key;
    private final String keyId;

    ChunkCheck(byte[] buf, int from, int to, PublicKey key, String keyId) {
        this.buf = buf;
        this.from = from;
        this.to = to;
        this.key = key;
        this.keyId = keyId;
    }

    // What the run has seen so far; a ChunkCheck runs once.
    private final List<String> notes = new ArrayList<>();
    private int count;
    private long firstSeq = -1;
    private String firstPrev;
    private long lastSeq = -1;
    private String lastHash;
    private boolean rotation;
    private long checkpoints;
    private long lastCheckpoint;

    Result run() {
        var sha = RecordCodec.sha256();
        int start = from;
        for (int i = from; i < to; i++) {
            if (buf[i] != '\n') {
                continue;
            }
            int off = start;
            int len = i - start;
            start = i + 1;
            RecordCodec.Parsed r;
            try {
                r = RecordCodec.parse(buf, off, len, sha);
            } catch (RecordCodec.MalformedRecord e) {
                return fail(VerificationReport.Kind.MALFORMED, "the line is not a record (" + e.getMessage() + ")");
            }
            if (!r.hashMatches()) {
                return fail(
                        VerificationReport.Kind.EDITED, "the record's content does not match its hash: it was edited");
            }
            if (count == 0) {
                firstSeq = r.seq();
                firstPrev = r.prev();
            } else if (r.seq() != lastSeq + 1) {
                return fail(
                        VerificationReport.Kind.OUT_OF_SEQUENCE, AuditVerifier.sequenceDetail(lastSeq + 1, r.seq()));
            } else if (!r.prev().equals(lastHash)) {
                return fail(
                        VerificationReport.Kind.BROKEN_LINK,
                        "the record does not link to the hash of record " + lastSeq);
            }
            rotation = false;
            if (Checkpoints.TYPE.equals(r.type())) {
                var bad = checkpoint(r, off, len);
                if (bad.isPresent()) {
                    return fail(VerificationReport.Kind.BAD_CHECKPOINT, bad.get());
                }
                checkpoints++;
                lastCheckpoint = r.seq() - 1;
                rotation = Checkpoints.REASON_ROTATION.equals(
                        fields(off, len).path("reason").asText());
            } else if (TailRecovery.RECOVERED.equals(r.type())) {
                notes.add("record " + r.seq() + " notes a recovery: " + fields(off, len));
            }
            count++;
            lastSeq = r.seq();
            lastHash = r.hashHex();
        }
        return result(rotation, Optional.empty());
    }

    private Result fail(VerificationReport.Kind kind, String detail) {
        return result(false, Optional.of(new LocalProblem(count, kind, detail)));
    }

    private Result result(boolean endsWithRotation, Optional<LocalProblem> problem) {
        return new Result(
                count,
                firstSeq,
                firstPrev,
                lastSeq,
                lastHash,
                endsWithRotation,
                checkpoints,
                lastCheckpoint,
                notes,
                problem);
    }

    private JsonNode fields(int off, int len) {
        try {
            return RecordCodec.tree(buf, off, len).path("fields");
        } catch (RecordCodec.MalformedRecord e) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }

    private Optional<String> checkpoint(RecordCodec.Parsed r, int off, int len) {
        var f = fields(off, len);
        if (f.path("checkpoint_of").asLong(-1) != r.seq() - 1
                || !f.path("head").asText().equals(r.prev())) {
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
        var payload = Checkpoints.payload(r.seq() - 1, r.prev(), r.time());
        if (!Checkpoints.verify(key, payload, signature)) {
            return Optional.of("the checkpoint's signature does not verify with the trusted key");
        }
        return Optional.empty();
    }

    /** Key ids are hex; anything else read from the file is not echoed as is. */
    private static String safe(String text) {
        return text.matches("[0-9a-f]{1,64}") ? text : "(not a key id)";
    }
}
