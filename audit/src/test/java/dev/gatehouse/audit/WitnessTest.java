package dev.gatehouse.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Someone who can change every file in the home attacks the log the chain alone cannot defend:
 * cuts it back to an earlier checkpoint, wipes it, rewrites it with the stolen signing key, or
 * re-signs it with a key of their own. A witness file outside the home catches each.
 */
class WitnessTest {

    @TempDir
    Path tmp;

    Path dir;
    Path witnessFile;
    CheckpointSigner signer;

    @BeforeEach
    void setUp() {
        dir = tmp.resolve("home/audit");
        witnessFile = tmp.resolve("elsewhere/witness.jsonl");
        signer = AuditFixtures.signer(tmp.resolve("home/checkpoint-key"));
    }

    /** Writes {@code count} events in segments of 4 KiB, a checkpoint every 10 records, witnessed. */
    void write(Path logDir, CheckpointSigner key, int count) throws IOException {
        Files.createDirectories(witnessFile.getParent());
        var options = AuditLogOptions.defaults().withCheckpointEveryRecords(10).withSegmentMaxBytes(4096);
        try (var log = TamperEvidentAuditLog.open(
                logDir, options, key, Clock.systemUTC(), List.of(CheckpointWitness.file(witnessFile)), w -> {
                    throw new AssertionError(w);
                })) {
            for (int i = 1; i <= count; i++) {
                log.append(AuditFixtures.event(i));
            }
        }
    }

    List<WitnessCheck.Finding> check() throws IOException {
        var report = AuditVerifier.verify(dir, signer.publicKey());
        return WitnessCheck.check(dir, signer.publicKey(), report, CheckpointWitness.read(witnessFile));
    }

    @Test
    void anUntouchedLogHoldsEverythingItsWitnessSaw() throws IOException {
        write(dir, signer, 95);
        var witnessed = CheckpointWitness.read(witnessFile);
        assertThat(witnessed).hasSizeGreaterThan(9);
        // The close checkpoint covers the last record: nothing at the end goes unwitnessed.
        var report = AuditVerifier.verify(dir, signer.publicKey());
        assertThat(witnessed.getLast().sequence()).isEqualTo(report.lastSequence() - 1);
        assertThat(check()).isEmpty();
    }

    @Test
    void aLogCutBackToAnEarlierCheckpointIsCaughtThoughItVerifiesAlone() throws IOException {
        write(dir, signer, 95);
        var segments = AuditFixtures.segments(dir);
        assertThat(segments).hasSizeGreaterThan(2);
        // Drop the last segments, and the rotation checkpoint that promises the next one, so the
        // chain alone ends cleanly at an earlier checkpoint.
        for (var s : segments.subList(1, segments.size())) {
            Files.delete(s);
        }
        cutAfterLastIntervalCheckpoint(segments.getFirst());
        var alone = AuditVerifier.verify(dir, signer.publicKey());
        assertThat(alone.intact())
                .as("the cut log verifies on its own: %s", alone)
                .isTrue();

        assertThat(check()).extracting(WitnessCheck.Finding::kind).contains(WitnessCheck.Kind.TRUNCATED);
    }

    @Test
    void aWipedLogIsCaught() throws IOException {
        write(dir, signer, 30);
        for (var s : AuditFixtures.segments(dir)) {
            Files.delete(s);
        }
        assertThat(check()).extracting(WitnessCheck.Finding::kind).containsExactly(WitnessCheck.Kind.WIPED);
    }

    @Test
    void aHistoryRewrittenWithTheStolenKeyIsCaught() throws IOException {
        write(dir, signer, 30);
        // The attacker decrypted the signing key and writes a whole new history with it.
        var forged = tmp.resolve("forged");
        var options = AuditLogOptions.defaults().withCheckpointEveryRecords(10).withSegmentMaxBytes(4096);
        try (var log = TamperEvidentAuditLog.open(forged, options, signer, Clock.systemUTC())) {
            for (int i = 1; i <= 40; i++) {
                log.append(AuditFixtures.event(1000 + i));
            }
        }
        for (var s : AuditFixtures.segments(dir)) {
            Files.delete(s);
        }
        for (var s : AuditFixtures.segments(forged)) {
            Files.move(s, dir.resolve(s.getFileName()));
        }
        assertThat(AuditVerifier.verify(dir, signer.publicKey()).intact()).isTrue();
        assertThat(check()).extracting(WitnessCheck.Finding::kind).containsExactly(WitnessCheck.Kind.REWRITTEN);
    }

    @Test
    void aLogReSignedWithANewKeyIsCaught() throws IOException {
        write(dir, signer, 30);
        var attacker = AuditFixtures.signer(tmp.resolve("attacker-key"));
        var forged = tmp.resolve("forged");
        var options = AuditLogOptions.defaults().withCheckpointEveryRecords(10).withSegmentMaxBytes(4096);
        try (var log = TamperEvidentAuditLog.open(forged, options, attacker, Clock.systemUTC())) {
            for (int i = 1; i <= 30; i++) {
                log.append(AuditFixtures.event(i));
            }
        }
        var report = AuditVerifier.verify(forged, attacker.publicKey());
        assertThat(report.intact()).isTrue();
        // Verified against the key the attacker put beside the log, the witnesses still disagree.
        var findings = WitnessCheck.check(forged, attacker.publicKey(), report, CheckpointWitness.read(witnessFile));
        assertThat(findings).extracting(WitnessCheck.Finding::kind).contains(WitnessCheck.Kind.OTHER_KEY);
    }

    @Test
    void aForgedWitnessLineIsNotTakenForAGenuineOne() throws IOException {
        write(dir, signer, 30);
        var genuine = CheckpointWitness.read(witnessFile).getFirst();
        var forged = new WitnessedCheckpoint(
                genuine.sequence(), "f".repeat(64), genuine.time(), genuine.keyId(), genuine.signature());
        Files.writeString(witnessFile, forged.line() + "\n", java.nio.file.StandardOpenOption.APPEND);
        assertThat(check()).extracting(WitnessCheck.Finding::kind).containsExactly(WitnessCheck.Kind.BAD_SIGNATURE);
    }

    @Test
    void aWitnessThatFailsIsReportedAndTheLogGoesOn() throws IOException {
        var warnings = new java.util.concurrent.CopyOnWriteArrayList<String>();
        // A directory where the witness file should be: every append fails.
        Files.createDirectories(tmp.resolve("blocked/witness.jsonl"));
        var options = AuditLogOptions.defaults().withCheckpointEveryRecords(5);
        try (var log = TamperEvidentAuditLog.open(
                dir,
                options,
                signer,
                Clock.systemUTC(),
                List.of(CheckpointWitness.file(tmp.resolve("blocked/witness.jsonl"))),
                warnings::add)) {
            for (int i = 1; i <= 12; i++) {
                log.append(AuditFixtures.event(i));
            }
        }
        assertThat(AuditVerifier.verify(dir, signer.publicKey()).intact()).isTrue();
        assertThat(warnings).isNotEmpty().allSatisfy(w -> assertThat(w).contains("did not keep checkpoint"));
    }

    /** Cuts a segment right after its last interval checkpoint (dropping a rotation checkpoint after it). */
    static void cutAfterLastIntervalCheckpoint(Path segment) throws IOException {
        var lines = Files.readAllLines(segment);
        int keep = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("\"reason\":\"interval\"")) {
                keep = i;
            }
        }
        assertThat(keep).as("an interval checkpoint in the first segment").isPositive();
        Files.write(segment, lines.subList(0, keep + 1));
    }
}
