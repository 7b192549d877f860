package dev.gatehouse.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The segment a running log writes is edited the way {@code sed -i} does it (a new file renamed
 * over the old) or deleted. The log notices, keeps what it wrote, never writes to the vanished
 * file again, and {@code audit verify} still tells what happened.
 */
class SegmentReplacedTest {

    @TempDir
    Path tmp;

    @Test
    void aSegmentReplacedUnderTheLogIsNoticedAndTheLogGoesOnInANewOne() throws Exception {
        var dir = tmp.resolve("audit");
        var signer = AuditFixtures.signer(tmp.resolve("key"));
        try (var log = TamperEvidentAuditLog.open(dir, AuditLogOptions.defaults(), signer, Clock.systemUTC())) {
            for (int i = 1; i <= 5; i++) {
                log.append(AuditFixtures.event(i));
            }
            assertThat(log.checkSegment()).isEmpty();
            var segment = AuditFixtures.segments(dir).getFirst();
            // What sed -i does: write an edited copy, rename it over the original.
            var edited = Files.readString(segment).replace("key:alice", "key:intern");
            var temp = dir.resolve("sedXYZ");
            Files.writeString(temp, edited);
            Files.move(temp, segment, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

            assertThat(log.checkSegment()).hasValueSatisfying(p -> assertThat(p).contains("was replaced"));
            log.append(AuditFixtures.event(6));
        }
        var segments = AuditFixtures.segments(dir);
        assertThat(segments).hasSize(2);
        var second = Files.readString(segments.get(1));
        assertThat(second).contains("audit.segment_replaced").contains("\"n\":6");
        try (var files = Files.list(dir)) {
            var kept = files.filter(f -> f.getFileName().toString().startsWith("displaced-"))
                    .toList();
            assertThat(kept).singleElement().satisfies(f -> assertThat(Files.readString(f))
                    .contains("key:alice")
                    .doesNotContain("key:intern"));
        }
        var report = AuditVerifier.verify(dir, signer.publicKey());
        assertThat(report.problem())
                .hasValueSatisfying(p -> assertThat(p.kind()).isEqualTo(VerificationReport.Kind.EDITED));
    }

    @Test
    void aDeletedSegmentIsNoticedAndNoRecordGoesToTheDeletedFile() throws Exception {
        var dir = tmp.resolve("audit");
        var signer = AuditFixtures.signer(tmp.resolve("key"));
        try (var log = TamperEvidentAuditLog.open(dir, AuditLogOptions.defaults(), signer, Clock.systemUTC())) {
            log.append(AuditFixtures.event(1));
            Files.delete(AuditFixtures.segments(dir).getFirst());
            assertThat(log.checkSegment()).hasValueSatisfying(p -> assertThat(p).contains("was deleted"));
            log.append(AuditFixtures.event(2));
        }
        var segments = AuditFixtures.segments(dir);
        assertThat(segments).singleElement().satisfies(s -> assertThat(Files.readString(s))
                .contains("audit.segment_replaced")
                .contains("\"n\":2"));
        // The deleted segment is missing from the chain, and verify says so.
        assertThat(AuditVerifier.verify(dir, signer.publicKey()).intact()).isFalse();
    }
}
