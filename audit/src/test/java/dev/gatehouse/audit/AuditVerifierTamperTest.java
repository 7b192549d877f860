package dev.gatehouse.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each way of tampering with a written log, and the record verify names first. */
class AuditVerifierTamperTest {

    @TempDir
    Path tmp;

    Path dir;
    CheckpointSigner signer;

    @BeforeEach
    void writeALog() {
        dir = tmp.resolve("audit");
        signer = AuditFixtures.signer(tmp.resolve("checkpoint"));
        AuditFixtures.writeSmallSegments(dir, signer, 60, AuditFixtures::event);
        assertThat(verify().problem()).isEmpty();
    }

    VerificationReport verify() {
        return AuditVerifier.verify(dir, signer.publicKey());
    }

    VerificationReport.Problem problem() {
        var report = verify();
        assertThat(report.intact()).isFalse();
        return report.problem().orElseThrow();
    }

    @Test
    void anEditedFieldIsCaughtAtThatRecord() throws Exception {
        var target = AuditFixtures.line(dir, 5);
        assertThat(target.line()).contains("\"principal\":\"key:bob\"");
        AuditFixtures.replace(target, target.line().replace("key:bob", "key:eve"));
        var p = problem();
        assertThat(p.sequence()).isEqualTo(5);
        assertThat(p.kind()).isEqualTo(VerificationReport.Kind.EDITED);
    }

    @Test
    void aDeletedRecordIsCaughtWhereItWas() throws Exception {
        var target = AuditFixtures.line(dir, 5);
        AuditFixtures.rewrite(target.segment(), lines -> {
            lines.remove(target.index());
            return lines;
        });
        var p = problem();
        assertThat(p.sequence()).isEqualTo(5);
        assertThat(p.kind()).isEqualTo(VerificationReport.Kind.OUT_OF_SEQUENCE);
        assertThat(p.detail()).contains("expected record 5, found record 6: record 5 deleted or moved");
    }

    @Test
    void twoReorderedRecordsAreCaughtAtTheFirst() throws Exception {
        var target = AuditFixtures.line(dir, 5);
        AuditFixtures.rewrite(target.segment(), lines -> {
            var five = lines.get(target.index());
            lines.set(target.index(), lines.get(target.index() + 1));
            lines.set(target.index() + 1, five);
            return lines;
        });
        var p = problem();
        assertThat(p.sequence()).isEqualTo(5);
        assertThat(p.kind()).isEqualTo(VerificationReport.Kind.OUT_OF_SEQUENCE);
        assertThat(p.detail()).contains("expected record 5, found record 6");
    }

    @Test
    void aTruncatedMiddleOfASegmentIsCaughtWhereTheCutStarts() throws Exception {
        var from = AuditFixtures.line(dir, 3);
        var to = AuditFixtures.line(dir, 6);
        assertThat(to.segment()).isEqualTo(from.segment());
        var text = Files.readString(from.segment());
        int cutStart = text.indexOf(from.line()) + from.line().length() / 2;
        int cutEnd = text.indexOf(to.line()) + to.line().length() / 2;
        Files.writeString(from.segment(), text.substring(0, cutStart) + text.substring(cutEnd));
        var p = problem();
        assertThat(p.sequence()).isEqualTo(3);
        assertThat(p.kind()).isIn(VerificationReport.Kind.MALFORMED, VerificationReport.Kind.EDITED);
    }

    @Test
    void aRemovedSegmentIsCaughtAtItsFirstRecord() throws Exception {
        var segments = AuditFixtures.segments(dir);
        assertThat(segments).hasSizeGreaterThan(2);
        var removed = segments.get(1);
        long firstSeq = AuditFixtures.JSON
                .readTree(Files.readAllLines(removed).getFirst())
                .get("seq")
                .asLong();
        Files.delete(removed);
        var p = problem();
        assertThat(p.sequence()).isEqualTo(firstSeq);
        assertThat(p.kind()).isEqualTo(VerificationReport.Kind.OUT_OF_SEQUENCE);
        assertThat(p.detail()).contains("segment was removed");
    }

    @Test
    void theRemovedLastSegmentIsCaughtByTheRotationCheckpointBeforeIt() throws Exception {
        var segments = AuditFixtures.segments(dir);
        var lastOfPrevious = AuditFixtures.JSON.readTree(
                Files.readAllLines(segments.get(segments.size() - 2)).getLast());
        Files.delete(segments.getLast());
        var p = problem();
        assertThat(p.kind()).isEqualTo(VerificationReport.Kind.MISSING_SEGMENT);
        assertThat(p.sequence()).isEqualTo(lastOfPrevious.get("seq").asLong() + 1);
    }

    @Test
    void aForgedCheckpointSignatureIsCaughtAtTheCheckpoint() throws Exception {
        // The forger rewrites the chain from record 5 on with correct hashes and signs the
        // checkpoints with a key of their own, claiming the trusted key's id.
        var forger = FileCheckpointKey.loadOrCreate(tmp.resolve("forger"), new SecureRandom());
        var trustedKeyId = Checkpoints.keyId(signer.publicKey());
        String prev = null;
        long firstForgedCheckpoint = -1;
        for (var segment : AuditFixtures.segments(dir)) {
            var rewritten = new ArrayList<String>();
            for (var line : Files.readAllLines(segment)) {
                var node = (ObjectNode) AuditFixtures.JSON.readTree(line);
                long seq = node.get("seq").asLong();
                if (seq < 5) {
                    rewritten.add(line);
                    prev = node.get("hash").asText();
                    continue;
                }
                if (seq == 5) {
                    node.put("principal", "key:eve");
                }
                node.put("prev", prev);
                if (node.get("type").asText().equals("audit.checkpoint")) {
                    var fields = (ObjectNode) node.get("fields");
                    fields.put("head", prev);
                    fields.put("key_id", trustedKeyId);
                    var payload =
                            Checkpoints.payload(seq - 1, prev, node.get("time").asText());
                    fields.put("signature", Base64.getEncoder().encodeToString(forger.sign(payload)));
                    if (firstForgedCheckpoint < 0) {
                        firstForgedCheckpoint = seq;
                    }
                }
                var forged = AuditFixtures.withHash(node);
                prev = AuditFixtures.JSON.readTree(forged).get("hash").asText();
                rewritten.add(forged);
            }
            Files.write(segment, rewritten);
        }
        assertThat(firstForgedCheckpoint).isEqualTo(11);
        var p = problem();
        assertThat(p.sequence()).isEqualTo(firstForgedCheckpoint);
        assertThat(p.kind()).isEqualTo(VerificationReport.Kind.BAD_CHECKPOINT);
        assertThat(p.detail()).contains("signature does not verify");
        var report = verify();
        assertThat(report.records()).isEqualTo(10);
        assertThat(report.lastSequence()).isEqualTo(10);
        assertThat(report.checkpoints()).isZero();
        // The same log verifies against the forger's key: the trusted key is what decides.
        assertThat(AuditVerifier.verify(dir, forger.publicKey()).problem())
                .hasValueSatisfying(q -> assertThat(q.detail()).contains("not the trusted key"));
    }

    @Test
    void aCheckpointSignedByAnotherKeyIsRejected() {
        var other = FileCheckpointKey.loadOrCreate(tmp.resolve("other"), new SecureRandom());
        var report = AuditVerifier.verify(dir, other.publicKey());
        assertThat(report.problem()).hasValueSatisfying(p -> {
            assertThat(p.sequence()).isEqualTo(11);
            assertThat(p.kind()).isEqualTo(VerificationReport.Kind.BAD_CHECKPOINT);
        });
    }

    @Test
    void aNonCanonicalLineIsCaughtAtThatRecordThoughItsHashMatchesItsBytes() throws Exception {
        // A duplicate key: a JSON reader shows the second value, the hash covers both, and an
        // independent checker that canonicalises first computes a different hash.
        var target = AuditFixtures.line(dir, 4);
        var body = target.body();
        var forged = body.replace("\"outcome\":\"ok\"", "\"outcome\":\"ok\",\"outcome\":\"denied\"");
        assertThat(forged).isNotEqualTo(body);
        var line = AuditFixtures.rehashedLine(forged);
        assertThat(AuditFixtures.JSON
                        .readTree(line)
                        .path("fields")
                        .path("outcome")
                        .asText())
                .isEqualTo("denied");
        AuditFixtures.replace(target, line);
        var p = problem();
        assertThat(p.sequence()).isEqualTo(4);
        assertThat(p.kind()).isEqualTo(VerificationReport.Kind.MALFORMED);
        assertThat(p.detail()).contains("canonical");
    }

    @Test
    void aForgedCheckpointAppendedAtTheEndIsCaught() throws Exception {
        var last = AuditFixtures.lines(dir).getLast();
        var node = (ObjectNode) AuditFixtures.JSON.readTree(last.line());
        long seq = node.get("seq").asLong() + 1;
        var forger = FileCheckpointKey.loadOrCreate(tmp.resolve("forger"), new SecureRandom());
        var prev = node.get("hash").asText();
        var time = "2026-03-02T00:00:00Z";
        var forged = AuditFixtures.JSON.createObjectNode();
        var fields = forged.putObject("fields");
        fields.put("checkpoint_of", seq - 1);
        fields.put("head", prev);
        fields.put("key_id", Checkpoints.keyId(signer.publicKey()));
        fields.put("reason", "close");
        fields.put(
                "signature", Base64.getEncoder().encodeToString(forger.sign(Checkpoints.payload(seq - 1, prev, time))));
        forged.put("prev", prev);
        forged.put("principal", ChainWriter.SYSTEM_PRINCIPAL);
        forged.put("seq", seq);
        forged.put("time", time);
        forged.put("type", Checkpoints.TYPE);
        var line = AuditFixtures.withHash(forged);
        AuditFixtures.rewrite(last.segment(), lines -> {
            lines.add(line);
            return lines;
        });
        var p = problem();
        assertThat(p.sequence()).isEqualTo(seq);
        assertThat(p.kind()).isEqualTo(VerificationReport.Kind.BAD_CHECKPOINT);
        var report = verify();
        assertThat(report.lastSequence()).isEqualTo(seq - 1);
        assertThat(report.lastCheckpoint()).isEqualTo(seq - 2);
    }

    @Test
    void aBadSignatureBeforeAnotherProblemIsTheOneReported() throws Exception {
        // Record 11 is a checkpoint re-signed by a forger (its hash recomputed), and record 13 is
        // then edited. The chain breaks at 12 and 13, but the checkpoint before it is the first problem.
        var forger = FileCheckpointKey.loadOrCreate(tmp.resolve("forger"), new SecureRandom());
        var target = AuditFixtures.line(dir, 11);
        var forged = AuditFixtures.resignedCheckpoint(target, forger);
        var edited = AuditFixtures.line(dir, 13);
        assertThat(edited.segment()).isEqualTo(target.segment());
        AuditFixtures.rewrite(target.segment(), lines -> {
            lines.set(target.index(), forged);
            lines.set(edited.index(), edited.line().replace("files_read", "files_wipe"));
            return lines;
        });
        var p = problem();
        assertThat(p.sequence()).isEqualTo(11);
        assertThat(p.kind()).isEqualTo(VerificationReport.Kind.BAD_CHECKPOINT);
    }
}
