package dev.gatehouse.audit;

import static dev.gatehouse.audit.AuditFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TamperEvidentAuditLogTest {

    @TempDir
    Path tmp;

    Path dir() {
        return tmp.resolve("audit");
    }

    CheckpointSigner signer() {
        return AuditFixtures.signer(tmp.resolve("keys/checkpoint"));
    }

    VerificationReport verify() {
        return AuditVerifier.verify(dir(), signer().publicKey());
    }

    /** Waits, 20 s at most, until the writer has committed {@code records} events on its own. */
    static void awaitRecords(TamperEvidentAuditLog log, long records) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (log.stats().records() < records && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @Test
    void recordsChainToEachOtherAndCheckpointsSignTheHead() throws Exception {
        var options = AuditLogOptions.defaults().withCheckpointEveryRecords(10);
        var seqs = new ArrayList<Long>();
        try (var log = TamperEvidentAuditLog.open(dir(), options, signer(), Clock.systemUTC())) {
            for (int i = 1; i <= 25; i++) {
                seqs.add(log.append(event(i)));
            }
            assertThat(log.stats().records()).isEqualTo(25);
            assertThat(log.stats().checkpoints()).isEqualTo(2);
        }
        // 25 events, checkpoints after the 10th and 20th, and one at close.
        assertThat(seqs)
                .containsExactlyElementsOf(List.of(
                        1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L, 21L, 23L,
                        24L, 25L, 26L, 27L));
        var report = verify();
        assertThat(report.problem()).isEmpty();
        assertThat(report.records()).isEqualTo(28);
        assertThat(report.checkpoints()).isEqualTo(3);
        assertThat(report.lastCheckpoint()).isEqualTo(27);

        var lines = AuditFixtures.lines(dir());
        String prev = "0".repeat(64);
        for (var stored : lines) {
            var node = AuditFixtures.JSON.readTree(stored.line());
            assertThat(node.get("prev").asText()).isEqualTo(prev);
            assertThat(AuditFixtures.recomputedHash(stored.line()))
                    .isEqualTo(node.get("hash").asText());
            prev = node.get("hash").asText();
        }
        var checkpoint = AuditFixtures.JSON.readTree(lines.get(10).line());
        assertThat(checkpoint.get("type").asText()).isEqualTo("audit.checkpoint");
        assertThat(checkpoint.get("fields").get("checkpoint_of").asLong()).isEqualTo(10);
        assertThat(checkpoint.get("fields").get("head").asText())
                .isEqualTo(checkpoint.get("prev").asText());

        var entries = AuditReader.last(dir(), 100);
        assertThat(entries).hasSize(28);
        var third = entries.get(2);
        assertThat(third.type()).isEqualTo("auth.failure");
        assertThat(third.principal()).isEqualTo("key:bob");
        assertThat(third.fields()).containsEntry("n", 3L).containsEntry("scopes", List.of("a:b"));
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(lines.getFirst().segment())))
                .isEqualTo("rw-------");
    }

    @Test
    void aQueuedEventKeepsItsPlaceAndIsOnDiskOnceTheNextAppendReturns() throws Exception {
        try (var log = TamperEvidentAuditLog.open(dir(), AuditLogOptions.defaults(), signer(), Clock.systemUTC())) {
            long batches = log.stats().batches();
            log.recordQueued(event(1));
            assertThat(log.append(event(2))).isEqualTo(2);
            // The queued event waited for the acknowledged one: one group commit for both.
            assertThat(log.stats().batches()).isEqualTo(batches + 1);
            // Read behind the open log's back: what an acknowledged append promises is on disk.
            var lines = AuditFixtures.dataLines(AuditFixtures.segments(dir()).getLast());
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).contains("\"seq\":1").contains("\"n\":1");
            assertThat(lines.get(1)).contains("\"seq\":2").contains("\"n\":2");
        }
        assertThat(verify().problem()).isEmpty();
    }

    @Test
    void aQueuedEventNobodyFollowsStillReachesTheDiskOnItsOwn() throws Exception {
        try (var log = TamperEvidentAuditLog.open(dir(), AuditLogOptions.defaults(), signer(), Clock.systemUTC())) {
            log.recordQueued(event(1));
            awaitRecords(log, 1);
            assertThat(log.stats().records()).isEqualTo(1);
            assertThat(AuditFixtures.dataLines(AuditFixtures.segments(dir()).getLast()))
                    .singleElement()
                    .asString()
                    .contains("\"seq\":1");
        }
    }

    @Test
    void anInterruptedWriterKeepsWritingAcknowledgedAndQueuedEvents() throws Exception {
        try (var log = TamperEvidentAuditLog.open(dir(), AuditLogOptions.defaults(), signer(), Clock.systemUTC())) {
            var writer = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("gatehouse-audit-writer") && t.isAlive())
                    .toList();
            assertThat(writer).isNotEmpty();
            writer.forEach(Thread::interrupt);
            assertThat(log.append(event(1))).isEqualTo(1);
            writer.forEach(Thread::interrupt);
            log.recordQueued(event(2));
            awaitRecords(log, 2);
            assertThat(log.stats().records()).isEqualTo(2);
            assertThat(log.append(event(3))).isEqualTo(3);
        }
        assertThat(verify().problem()).isEmpty();
    }

    @Test
    void aClosedLogRefusesQueuedEventsAsItRefusesAppends() {
        var log = TamperEvidentAuditLog.open(dir(), AuditLogOptions.defaults(), signer(), Clock.systemUTC());
        log.close();
        assertThatThrownBy(() -> log.recordQueued(event(1))).isInstanceOf(AuditLogException.class);
    }

    @Test
    void verifySaysWhichEventsNoCheckpointCoversYetAndNotTheCheckpointItself() {
        var options = AuditLogOptions.defaults().withCheckpointEveryRecords(5);
        try (var log = TamperEvidentAuditLog.open(dir(), options, signer(), Clock.systemUTC())) {
            for (int i = 1; i <= 7; i++) {
                log.append(event(i));
            }
            // Events 1-5, the checkpoint as record 6, then events 7 and 8 that none covers yet.
            assertThat(verify().notes()).containsExactly("records 7..8 are not yet covered by a signed checkpoint");
        }
        // Closing signs a final checkpoint, the last record: nothing is left uncovered.
        assertThat(verify().notes()).isEmpty();
        assertThat(verify().problem()).isEmpty();
    }

    @Test
    void reopeningContinuesTheChain() {
        try (var log = TamperEvidentAuditLog.open(dir(), AuditLogOptions.defaults(), signer(), Clock.systemUTC())) {
            log.append(event(1));
        }
        try (var log = TamperEvidentAuditLog.open(dir(), AuditLogOptions.defaults(), signer(), Clock.systemUTC())) {
            assertThat(log.append(event(2))).isEqualTo(3); // after the event and the close checkpoint
        }
        assertThat(verify().problem()).isEmpty();
        assertThat(verify().records()).isEqualTo(4);
    }

    @Test
    void rotationBySizeContinuesTheChainIntoTheNextSegment() throws Exception {
        var options = AuditLogOptions.defaults().withSegmentMaxBytes(2048);
        try (var log = TamperEvidentAuditLog.open(dir(), options, signer(), Clock.systemUTC())) {
            for (int i = 1; i <= 60; i++) {
                log.append(event(i));
            }
            assertThat(log.stats().rotations()).isGreaterThanOrEqualTo(3);
        }
        var segments = AuditFixtures.segments(dir());
        assertThat(segments).hasSizeGreaterThan(3);
        for (int s = 1; s < segments.size(); s++) {
            var before = Files.readAllLines(segments.get(s - 1));
            var last = AuditFixtures.JSON.readTree(before.getLast());
            var first = AuditFixtures.JSON.readTree(
                    Files.readAllLines(segments.get(s)).getFirst());
            assertThat(last.get("fields").get("reason").asText()).isEqualTo("rotation");
            assertThat(first.get("prev").asText()).isEqualTo(last.get("hash").asText());
            assertThat(first.get("seq").asLong()).isEqualTo(last.get("seq").asLong() + 1);
            assertThat(segments.get(s).getFileName().toString())
                    .contains(String.valueOf(first.get("seq").asLong()));
        }
        var report = verify();
        assertThat(report.problem()).isEmpty();
        assertThat(report.segments()).isEqualTo(segments.size());
    }

    @Test
    void rotationByAgeStartsANewSegment() throws Exception {
        var clock = new dev.gatehouse.testing.MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
        var options = AuditLogOptions.defaults().withSegmentMaxAge(Duration.ofHours(1));
        try (var log = TamperEvidentAuditLog.open(dir(), options, signer(), clock)) {
            log.append(event(1));
            log.append(event(2));
            clock.advance(Duration.ofMinutes(61));
            log.append(event(3));
        }
        assertThat(AuditFixtures.segments(dir())).hasSize(2);
        assertThat(verify().problem()).isEmpty();
    }

    @Test
    void aCheckpointIsSignedWhenTheIntervalPassesWithoutNewEvents() throws Exception {
        var clock = new dev.gatehouse.testing.MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
        var options = AuditLogOptions.defaults().withCheckpointInterval(Duration.ofSeconds(30));
        try (var log = TamperEvidentAuditLog.open(dir(), options, signer(), clock)) {
            log.append(event(1));
            assertThat(log.stats().checkpoints()).isZero();
            clock.advance(Duration.ofSeconds(31));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (log.stats().checkpoints() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(log.stats().checkpoints()).isEqualTo(1);
        }
        var checkpoint = AuditFixtures.line(dir(), 2).line();
        assertThat(checkpoint).contains("\"reason\":\"interval\"").contains("\"time\":\"2026-03-01T00:00:31Z\"");
        assertThat(verify().problem()).isEmpty();
    }

    @Test
    void sixtyFourConcurrentWritersShareFsyncsAndEveryAcknowledgedRecordIsThere() throws Exception {
        int writers = 64;
        int each = 100;
        var acknowledged = ConcurrentHashMap.<Long>newKeySet();
        TamperEvidentAuditLog opened;
        try (var log = TamperEvidentAuditLog.open(
                        dir(),
                        AuditLogOptions.defaults().withSegmentMaxBytes(256 * 1024),
                        signer(),
                        Clock.systemUTC());
                var pool = Executors.newFixedThreadPool(writers)) {
            opened = log;
            AuditFixtures.appendFromAll(log, pool, writers, each, acknowledged);
            var stats = log.stats();
            assertThat(stats.records()).isEqualTo(writers * each);
            assertThat(stats.batches()).isLessThan(stats.records());
            assertThat(stats.largestBatch()).isGreaterThan(1);
            assertThat(stats.meanBatch()).isGreaterThan(1.0);
        }
        assertThat(acknowledged).hasSize(writers * each);
        var stored = new HashSet<Long>();
        AuditReader.forEach(dir(), e -> stored.add(e.sequence()));
        assertThat(stored).containsAll(acknowledged);
        assertThat(verify().problem()).isEmpty();
        assertThatThrownBy(() -> opened.append(event(0)))
                .isInstanceOf(AuditLogException.class)
                .extracting(e -> ((AuditLogException) e).problem())
                .isEqualTo(AuditLogException.Problem.CLOSED);
    }

    @Test
    void aSecondWriterIsRefusedWhileTheLogIsOpen() {
        try (var log = TamperEvidentAuditLog.open(dir(), AuditLogOptions.defaults(), signer(), Clock.systemUTC())) {
            log.append(event(1));
            assertThatThrownBy(() ->
                            TamperEvidentAuditLog.open(dir(), AuditLogOptions.defaults(), signer(), Clock.systemUTC()))
                    .isInstanceOf(AuditLogException.class)
                    .extracting(e -> ((AuditLogException) e).problem())
                    .isEqualTo(AuditLogException.Problem.LOCKED);
        }
    }

    @Test
    void aPartialLastLineIsCutKeptAsideAndRecorded() throws Exception {
        try (var log = TamperEvidentAuditLog.open(dir(), AuditLogOptions.defaults(), signer(), Clock.systemUTC())) {
            for (int i = 1; i <= 5; i++) {
                log.append(event(i));
            }
        }
        var segment = AuditFixtures.segments(dir()).getFirst();
        var torn = "{\"fields\":{\"tool\":\"files_wr";
        Files.writeString(segment, torn, StandardOpenOption.APPEND);
        try (var log = TamperEvidentAuditLog.open(dir(), AuditLogOptions.defaults(), signer(), Clock.systemUTC())) {
            assertThat(log.append(event(6))).isEqualTo(8);
        }
        var recovered = AuditReader.last(dir(), 100).stream()
                .filter(e -> e.type().equals("audit.recovered"))
                .toList();
        assertThat(recovered).singleElement().satisfies(e -> {
            assertThat(e.sequence()).isEqualTo(7);
            assertThat(e.fields())
                    .containsEntry("reason", "torn_tail")
                    .containsEntry("cut_bytes", (long) torn.length())
                    .containsEntry("partial_line", true)
                    .containsEntry("kept_through_seq", 6L);
            assertThat(Files.readString(dir().resolve(e.field("saved_as")))).isEqualTo(torn);
        });
        assertThat(Files.readString(segment)).doesNotContain("files_wr\"");
        assertThat(verify().problem()).isEmpty();
    }

    @Test
    void aLastLineWhoseHashFailsIsCutAndRecordedNotSilentlyDropped() throws Exception {
        try (var log = TamperEvidentAuditLog.open(
                dir(), AuditLogOptions.defaults().withCheckpointEveryRecords(1000), signer(), Clock.systemUTC())) {
            for (int i = 1; i <= 5; i++) {
                log.append(event(i));
            }
        }
        var segment = AuditFixtures.segments(dir()).getFirst();
        // Garble the last complete line (the close checkpoint) as a crash in the middle of a write can.
        AuditFixtures.rewrite(segment, lines -> {
            var last = lines.removeLast();
            lines.add(last.replace("\"reason\":\"close\"", "\"reason\":\"\u0000\u0000\u0000\u0000\""));
            return lines;
        });
        assertThat(AuditVerifier.verify(dir(), signer().publicKey()).problem())
                .hasValueSatisfying(p -> assertThat(p.sequence()).isEqualTo(6));
        try (var log = TamperEvidentAuditLog.open(dir(), AuditLogOptions.defaults(), signer(), Clock.systemUTC())) {
            log.append(event(7));
        }
        var recovered = AuditFixtures.line(dir(), 6).line();
        assertThat(recovered).contains("audit.recovered").contains("\"cut_complete_lines\":1");
        assertThat(verify().problem()).isEmpty();
    }

    @Test
    void aMissingSegmentAfterARotationIsRecordedWhenTheLogReopens() throws Exception {
        var options = AuditLogOptions.defaults().withSegmentMaxBytes(2048);
        try (var log = TamperEvidentAuditLog.open(dir(), options, signer(), Clock.systemUTC())) {
            for (int i = 1; i <= 20; i++) {
                log.append(event(i));
            }
        }
        Files.delete(AuditFixtures.segments(dir()).getLast());
        assertThat(verify().problem())
                .hasValueSatisfying(p -> assertThat(p.kind()).isEqualTo(VerificationReport.Kind.MISSING_SEGMENT));
        try (var log = TamperEvidentAuditLog.open(dir(), options, signer(), Clock.systemUTC())) {
            log.append(event(21));
        }
        var notes = AuditReader.last(dir(), 1000).stream()
                .filter(e -> e.type().equals("audit.recovered"))
                .map(e -> e.field("reason"))
                .toList();
        assertThat(notes).containsExactly("segment_missing_after_rotation");
        var report = verify();
        assertThat(report.problem()).isEmpty();
        assertThat(String.join("\n", report.notes())).contains("segment_missing_after_rotation");
        assertThat(new String(Files.readAllBytes(AuditFixtures.segments(dir()).getLast()), StandardCharsets.UTF_8))
                .contains("audit.recovered");
    }
}
