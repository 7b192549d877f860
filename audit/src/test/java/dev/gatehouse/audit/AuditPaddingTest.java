package dev.gatehouse.audit;

import static dev.gatehouse.audit.AuditFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.api.audit.AuditEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer fills space with zeros ahead of its records and writes into it; readers take the NUL
 * bytes after the records as the end of the data, closing a segment cuts them, and a crash at any
 * point leaves a log that opens and verifies. A copy of the directory taken while the log is open is
 * what a crash leaves: every acknowledged record is fsync'd, the padding is still there.
 */
class AuditPaddingTest {

    static final long STEP = 4096;

    @TempDir
    Path tmp;

    CheckpointSigner signer() {
        return AuditFixtures.signer(tmp.resolve("keys/checkpoint"));
    }

    AuditLogOptions options() {
        return AuditLogOptions.defaults().withPreallocateBytes(STEP).withCheckpointEveryRecords(10);
    }

    TamperEvidentAuditLog open(Path dir, AuditLogOptions options) {
        return TamperEvidentAuditLog.open(dir, options, signer(), Clock.systemUTC());
    }

    VerificationReport verify(Path dir) {
        return AuditVerifier.verify(dir, signer().publicKey());
    }

    /** Appends events {@code 1..count} to a log and copies its segments while it is open, as a crash would leave them. */
    Path crashCopyAfter(int count) throws IOException {
        return crashCopyAfter(count, options());
    }

    Path crashCopyAfter(int count, AuditLogOptions options) throws IOException {
        var live = tmp.resolve("live");
        var copy = tmp.resolve("copy");
        try (var log = open(live, options)) {
            for (int i = 1; i <= count; i++) {
                log.append(event(i));
            }
            Files.createDirectories(copy);
            for (var segment : AuditFixtures.segments(live)) {
                Files.copy(segment, copy.resolve(segment.getFileName()));
            }
        }
        return copy;
    }

    static long dataLength(Path segment) throws IOException {
        return AuditFixtures.dataEnd(Files.readAllBytes(segment));
    }

    static List<AuditEntry> recovered(Path dir) {
        return AuditReader.last(dir, 10_000).stream()
                .filter(e -> e.type().equals(TailRecovery.RECOVERED))
                .toList();
    }

    @Test
    void aLiveSegmentHasZerosAfterItsRecordsAndReadersAndVerifyStopAtThem() throws Exception {
        var dir = tmp.resolve("audit");
        try (var log = open(dir, options())) {
            for (int i = 1; i <= 5; i++) {
                log.append(event(i));
            }
            var segment = AuditFixtures.segments(dir).getLast();
            assertThat(AuditFixtures.padding(segment)).isPositive();
            assertThat(Files.size(segment)).isEqualTo(STEP);
            assertThat(AuditFixtures.dataLines(segment)).hasSize(5);

            var reader = AuditReader.fromStart(dir);
            var seen = new ArrayList<Long>();
            reader.next(e -> seen.add(e.sequence()));
            assertThat(seen).containsExactly(1L, 2L, 3L, 4L, 5L);
            log.append(event(6));
            reader.next(e -> seen.add(e.sequence()));
            assertThat(seen).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            assertThat(reader.skipped()).isZero();
            assertThat(AuditReader.last(dir, 2))
                    .extracting(AuditEntry::sequence)
                    .containsExactly(5L, 6L);

            var report = verify(dir);
            assertThat(report.problem()).isEmpty();
            assertThat(report.records()).isEqualTo(6);
            assertThat(report.notes()).containsExactly("records 1..6 are not yet covered by a signed checkpoint");
            // What export writes: the records up to the last verified one, read back in order.
            var exported = new ArrayList<String>();
            AuditReader.forEach(dir, e -> {
                if (e.sequence() <= report.lastSequence()) {
                    exported.add(e.line());
                }
            });
            assertThat(exported).containsExactlyElementsOf(AuditFixtures.dataLines(segment));
            assertThat(String.join("", exported)).doesNotContain("\0");
        }
    }

    @Test
    void closingCutsThePaddingSoTheSegmentHoldsRecordsOnly() throws Exception {
        var dir = tmp.resolve("audit");
        try (var log = open(dir, options())) {
            log.append(event(1));
        }
        var segment = AuditFixtures.segments(dir).getLast();
        assertThat(AuditFixtures.padding(segment)).isZero();
        var bytes = Files.readAllBytes(segment);
        assertThat(bytes[bytes.length - 1]).isEqualTo((byte) '\n');
        assertThat(Files.readAllLines(segment)).hasSize(2).last().asString().contains("\"reason\":\"close\"");
    }

    @Test
    void theFileGrowsAStepAtATimeAndEachExtensionIsAnFsyncOfItsOwn() throws Exception {
        var dir = tmp.resolve("audit");
        try (var log = open(dir, options().withCheckpointEveryRecords(1000))) {
            long opened = log.stats().fsyncs();
            log.append(event(1));
            var segment = AuditFixtures.segments(dir).getLast();
            // One fsync for the zeros and the new size, one for the record.
            assertThat(log.stats().fsyncs()).isEqualTo(opened + 2);
            assertThat(Files.size(segment)).isEqualTo(STEP);
            long perRecord = dataLength(segment);
            int fit = (int) (STEP / perRecord) - 1;
            for (int i = 0; i < fit; i++) {
                log.append(event(1));
            }
            assertThat(log.stats().fsyncs()).isEqualTo(opened + 2 + fit);
            assertThat(Files.size(segment)).isEqualTo(STEP);
            log.append(event(1));
            log.append(event(1));
            assertThat(Files.size(segment)).isEqualTo(2 * STEP);
            assertThat(log.stats().fsyncs()).isEqualTo(opened + 2 + fit + 3);
        }
        assertThat(verify(dir).problem()).isEmpty();
    }

    @Test
    void aBatchLargerThanAStepExtendsTheFileByThatBatchAndOneStepAtMost() throws Exception {
        var dir = tmp.resolve("audit");
        var big = new AuditEvent(
                Instant.parse("2026-03-01T10:00:00Z"), "tool.call", "key:alice", Map.of("output", "x".repeat(20_000)));
        try (var log = open(dir, options())) {
            log.append(event(1));
            log.append(big);
            var segment = AuditFixtures.segments(dir).getLast();
            long data = dataLength(segment);
            assertThat(data).isGreaterThan(20_000);
            assertThat(Files.size(segment)).isGreaterThanOrEqualTo(data).isLessThanOrEqualTo(data + STEP);
            assertThat(AuditReader.last(dir, 1).getFirst().line()).contains("x".repeat(20_000));
        }
        assertThat(verify(dir).problem()).isEmpty();
    }

    @Test
    void withoutPreallocationTheWriterAppendsAndTheFileHoldsNoPadding() throws Exception {
        var dir = tmp.resolve("audit");
        try (var log = open(dir, options().withPreallocateBytes(0))) {
            long opened = log.stats().fsyncs();
            for (int i = 1; i <= 3; i++) {
                log.append(event(i));
                assertThat(AuditFixtures.padding(AuditFixtures.segments(dir).getLast()))
                        .isZero();
            }
            assertThat(log.stats().fsyncs()).isEqualTo(opened + 3);
        }
        assertThat(verify(dir).problem()).isEmpty();
    }

    @Test
    void reopenedWithoutPreallocationTheWriterGoesOnAfterTheRecordsInTheSameSegment() throws Exception {
        // No zeros to extend first, so the first write after opening goes exactly where the
        // writer's file position was left: after the records, not over them.
        var dir = tmp.resolve("audit");
        try (var log = open(dir, options().withPreallocateBytes(0))) {
            log.append(event(1));
        }
        var segment = AuditFixtures.segments(dir).getLast();
        long before = Files.size(segment);
        try (var log = open(dir, options().withPreallocateBytes(0))) {
            log.append(event(2));
        }
        assertThat(AuditFixtures.segments(dir).getLast()).isEqualTo(segment);
        assertThat(Files.size(segment)).isGreaterThan(before);
        assertThat(verify(dir).problem()).isEmpty();
    }

    @Test
    void withTheDefaultsAnOpenSegmentIsPlainJsonLinesThatJsonReadersRead() throws Exception {
        var dir = tmp.resolve("plain");
        try (var log = TamperEvidentAuditLog.open(
                dir,
                AuditLogOptions.defaults(),
                AuditFixtures.signer(tmp.resolve("plain-key")),
                java.time.Clock.systemUTC())) {
            for (int i = 1; i <= 20; i++) {
                log.append(event(i));
            }
            // Read while the log is open, as tail -f or jq would.
            var bytes = Files.readAllBytes(AuditFixtures.segments(dir).getLast());
            for (byte b : bytes) {
                assertThat(b).as("a NUL byte in the open segment").isNotZero();
            }
            var lines = new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                    .lines()
                    .toList();
            assertThat(lines).hasSize(20);
            for (var line : lines) {
                assertThat(AuditFixtures.JSON.readTree(line).get("seq")).isNotNull();
            }
        }
    }

    @Test
    void preallocationIsZeroOrAtLeastAPageAndAtMost64MiB() {
        assertThat(AuditLogOptions.defaults().preallocateBytes()).isZero();
        assertThatThrownBy(() -> AuditLogOptions.defaults().withPreallocateBytes(100))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuditLogOptions.defaults().withPreallocateBytes(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuditLogOptions.defaults().withPreallocateBytes((64L << 20) + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(AuditLogOptions.defaults().withPreallocateBytes(64L << 20).preallocateBytes())
                .isEqualTo(64L << 20);
    }

    @Test
    void rotationBySizeNeverAllocatesPastTheMaximumSizeSoClosedSegmentsHoldNoPadding() throws Exception {
        var dir = tmp.resolve("audit");
        var options = options().withSegmentMaxBytes(2048);
        try (var log = open(dir, options)) {
            for (int i = 1; i <= 40; i++) {
                log.append(event(i));
            }
            assertThat(log.stats().rotations()).isGreaterThanOrEqualTo(3);
            var segments = AuditFixtures.segments(dir);
            for (var closed : segments.subList(0, segments.size() - 1)) {
                assertThat(AuditFixtures.padding(closed)).as(closed.toString()).isZero();
                assertThat(Files.readAllLines(closed).getLast()).contains("\"reason\":\"rotation\"");
            }
            var live = segments.getLast();
            assertThat(AuditFixtures.padding(live)).isPositive();
            assertThat(Files.size(live)).isLessThanOrEqualTo(Math.max(2048, dataLength(live)));
            assertThat(verify(dir).problem()).isEmpty();
        }
        assertThat(verify(dir).problem()).isEmpty();
    }

    @Test
    void rotationByAgeCutsThePaddingOfTheSegmentItCloses() throws Exception {
        var dir = tmp.resolve("audit");
        var clock = new dev.gatehouse.testing.MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
        var options = options().withSegmentMaxAge(Duration.ofHours(1));
        try (var log = TamperEvidentAuditLog.open(dir, options, signer(), clock)) {
            log.append(event(1));
            var first = AuditFixtures.segments(dir).getFirst();
            assertThat(AuditFixtures.padding(first)).isPositive();
            clock.advance(Duration.ofMinutes(61));
            log.append(event(2));
            var segments = AuditFixtures.segments(dir);
            assertThat(segments).hasSize(2);
            assertThat(AuditFixtures.padding(first)).isZero();
            assertThat(Files.readAllLines(first).getLast()).contains("\"reason\":\"rotation\"");
            assertThat(AuditFixtures.padding(segments.getLast())).isPositive();
            assertThat(verify(dir).problem()).isEmpty();
        }
        assertThat(verify(dir).problem()).isEmpty();
    }

    @Test
    void aLogLeftWithPaddingReopensAtTheEndOfItsDataWithoutARecoveryAndVerifies() throws Exception {
        var copy = crashCopyAfter(4);
        var segment = AuditFixtures.segments(copy).getLast();
        long data = dataLength(segment);
        assertThat(AuditFixtures.padding(segment)).isPositive();
        assertThat(verify(copy).problem()).isEmpty();
        try (var log = open(copy, options())) {
            assertThat(log.append(event(5))).isEqualTo(5);
            // Written where the data ended, into the padding: the file did not grow.
            assertThat(Files.size(segment)).isEqualTo(STEP);
            assertThat(dataLength(segment)).isGreaterThan(data);
        }
        assertThat(recovered(copy)).isEmpty();
        var lines = Files.readAllLines(segment);
        assertThat(lines).hasSize(6).noneMatch(l -> l.contains("\0"));
        assertThat(lines.get(4)).contains("\"seq\":5,").contains("\"n\":5");
        var report = verify(copy);
        assertThat(report.problem()).isEmpty();
        assertThat(report.records()).isEqualTo(6);
    }

    @Test
    void aPartialLineWrittenIntoThePaddingIsCutKeptAsideAndRecorded() throws Exception {
        var copy = crashCopyAfter(4);
        var segment = AuditFixtures.segments(copy).getLast();
        long data = dataLength(segment);
        long size = Files.size(segment);
        // A crash in the middle of a batch: its first bytes reached the zeros, the rest did not.
        var torn = "{\"fields\":{\"n\":5,\"outcome\":\"o";
        overwrite(segment, data, torn.getBytes(StandardCharsets.UTF_8));
        assertThat(Files.size(segment)).isEqualTo(size);
        var before = verify(copy);
        assertThat(before.problem()).isEmpty();
        assertThat(before.notes()).anyMatch(n -> n.contains("ends in an incomplete line"));

        try (var log = open(copy, options())) {
            assertThat(log.append(event(5))).isEqualTo(6);
        }
        assertThat(recovered(copy)).singleElement().satisfies(e -> {
            assertThat(e.sequence()).isEqualTo(5);
            assertThat(e.fields())
                    .containsEntry("reason", "torn_tail")
                    .containsEntry("cut_bytes", (long) torn.length())
                    .containsEntry("cut_complete_lines", 0L)
                    .containsEntry("partial_line", true)
                    .containsEntry("kept_through_seq", 4L);
            assertThat(Files.readString(copy.resolve(e.field("saved_as")))).isEqualTo(torn);
        });
        assertThat(Files.readString(segment))
                .doesNotContain("\"outcome\":\"o\"")
                .doesNotContain("\0");
        var after = verify(copy);
        assertThat(after.problem()).isEmpty();
        assertThat(String.join("\n", after.notes())).contains("torn_tail");
    }

    /** Where each line of the segment's data starts, and (last) where the data ends. */
    static List<Integer> lineStarts(byte[] bytes) {
        var starts = new ArrayList<Integer>();
        starts.add(0);
        int end = AuditFixtures.dataEnd(bytes);
        for (int i = 0; i < end; i++) {
            if (bytes[i] == '\n') {
                starts.add(i + 1);
            }
        }
        return starts;
    }

    /** Writes {@code bytes} over the file at {@code at}, in place: the padding after the data stays. */
    static void overwrite(Path segment, long at, byte[] bytes) throws IOException {
        try (var ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), at);
        }
    }

    /** Writes zeros over {@code [from, to)} of the file, as a page the disk never stored reads back. */
    static void zero(Path segment, int from, int to) throws IOException {
        overwrite(segment, from, new byte[to - from]);
    }

    /** The first sector boundary after {@code offset}. */
    static int nextSector(int offset) {
        return (offset / TailRecovery.SECTOR + 1) * TailRecovery.SECTOR;
    }

    /** The index of the line (in {@code starts}) that holds {@code offset}. */
    static int lineAt(List<Integer> starts, int offset) {
        int line = 0;
        while (starts.get(line + 1) <= offset) {
            line++;
        }
        return line;
    }

    /**
     * A power cut during the last batch's write: the disk stored some of its sectors but not one in
     * between, which reads back as the zeros that were there. None of the batch was acknowledged (its
     * fsync never returned), so opening cuts from the damaged line on, keeps the cut bytes aside, and
     * records it; the chain then verifies. Before, the log opened after the intact lines and verify
     * reported the zeros for ever.
     */
    @Test
    void zeroedSectorsInsideTheLastBatchAreATearTheyAndEverythingAfterThemAreCutKeptAsideAndRecorded()
            throws Exception {
        var copy = crashCopyAfter(8);
        var segment = AuditFixtures.segments(copy).getLast();
        var original = Files.readAllBytes(segment);
        var starts = lineStarts(original);
        assertThat(starts).hasSize(9); // eight records, and the end of the data
        int lost = nextSector(starts.get(4));
        assertThat(lost + TailRecovery.SECTOR).isLessThan(starts.get(8));
        int damaged = lineAt(starts, lost);
        assertThat(damaged).isBetween(4, 6);
        zero(segment, lost, lost + TailRecovery.SECTOR);
        var before = verify(copy);
        assertThat(before.problem())
                .hasValueSatisfying(p -> assertThat(p.sequence()).isEqualTo(damaged + 1));

        try (var log = open(copy, options())) {
            assertThat(log.append(event(9))).isEqualTo(damaged + 2);
        }
        assertThat(recovered(copy)).singleElement().satisfies(e -> {
            assertThat(e.sequence()).isEqualTo(damaged + 1);
            assertThat(e.fields())
                    .containsEntry("reason", "torn_batch")
                    .containsEntry("cut_bytes", (long) (starts.get(8) - starts.get(damaged)))
                    .containsEntry("partial_line", false)
                    .containsEntry("kept_through_seq", (long) damaged);
            var saved = Files.readAllBytes(copy.resolve(e.field("saved_as")));
            var expected = Arrays.copyOfRange(original, starts.get(damaged), starts.get(8));
            int from = lost - starts.get(damaged);
            Arrays.fill(expected, from, from + TailRecovery.SECTOR, (byte) 0);
            assertThat(saved).isEqualTo(expected);
        });
        var after = verify(copy);
        assertThat(after.problem()).isEmpty();
        assertThat(after.lastSequence()).isEqualTo(damaged + 3); // the note, event 9, the closing checkpoint
        assertThat(String.join("\n", after.notes())).contains("torn_batch");
    }

    /**
     * Records older than the last batch were fsync'd and acknowledged before it was written: zeros
     * there are not a crash's doing, and nothing is cut. With one event per batch only the last
     * three lines can be a torn batch; a zeroed sector in the records before them stays for verify
     * to report.
     */
    @Test
    void zeroedSectorsOlderThanTheLastBatchAreNotCutAndVerifyKeepsReportingThem() throws Exception {
        var options = options().withMaxBatch(1);
        var copy = crashCopyAfter(8, options);
        var segment = AuditFixtures.segments(copy).getLast();
        var starts = lineStarts(Files.readAllBytes(segment));
        int lost = nextSector(starts.get(0));
        int damaged = lineAt(starts, lost);
        assertThat(lineAt(starts, lost + TailRecovery.SECTOR)).isLessThan(5);
        zero(segment, lost, lost + TailRecovery.SECTOR);

        assertNothingCutAndVerifyReports(copy, options, damaged + 1, VerificationReport.Kind.MALFORMED);
    }

    /**
     * Opens the damaged copy of eight records and appends a ninth: nothing is cut (the ninth gets
     * sequence 9, no recovery is recorded), and verify reports the damage where it is.
     */
    void assertNothingCutAndVerifyReports(
            Path copy, AuditLogOptions options, long sequence, VerificationReport.Kind kind) {
        try (var log = open(copy, options)) {
            assertThat(log.append(event(9))).isEqualTo(9);
        }
        assertThat(recovered(copy)).isEmpty();
        assertThat(verify(copy).problem()).hasValueSatisfying(p -> {
            assertThat(p.sequence()).isEqualTo(sequence);
            assertThat(p.kind()).isEqualTo(kind);
        });
    }

    /** Zeros that do not fill whole sectors are not what a torn write leaves: not cut, even in the last batch. */
    @Test
    void zerosOffTheSectorBoundariesInTheLastBatchAreNotCut() throws Exception {
        var copy = crashCopyAfter(8);
        var segment = AuditFixtures.segments(copy).getLast();
        var starts = lineStarts(Files.readAllBytes(segment));
        int from = starts.get(6) + 20;
        assertThat(from % TailRecovery.SECTOR).isNotZero();
        zero(segment, from, from + 40);

        assertNothingCutAndVerifyReports(copy, options(), 7, VerificationReport.Kind.MALFORMED);
    }

    /** A changed byte is an edit, not a page that never arrived: not cut, even in the last batch. */
    @Test
    void anEditedRecordInTheLastBatchIsNotCutAndVerifyReportsIt() throws Exception {
        var copy = crashCopyAfter(8);
        var segment = AuditFixtures.segments(copy).getLast();
        var bytes = Files.readAllBytes(segment);
        var starts = lineStarts(bytes);
        var line = new String(bytes, starts.get(6), starts.get(7) - starts.get(6), StandardCharsets.UTF_8);
        overwrite(segment, starts.get(6) + line.indexOf("files_read"), "F".getBytes(StandardCharsets.UTF_8));

        assertNothingCutAndVerifyReports(copy, options(), 7, VerificationReport.Kind.EDITED);
    }

    /**
     * A rotation makes the successor durable, writes and forces the rotation checkpoint, and then
     * cuts the closed segment's padding. A crash before the cut leaves padding after a rotation
     * checkpoint and an empty successor: verify says what it says without the padding, and opening
     * cuts it without calling it a recovery.
     */
    @Test
    void aCrashBetweenTheRotationCheckpointAndCuttingThePaddingOpensAndVerifies() throws Exception {
        var dir = tmp.resolve("audit");
        var options = options().withSegmentMaxBytes(2048);
        try (var log = open(dir, options)) {
            for (int i = 1; i <= 25; i++) {
                log.append(event(i));
            }
        }
        var segments = AuditFixtures.segments(dir);
        assertThat(segments).hasSizeGreaterThan(2);
        // Back to the moment after the last rotation checkpoint: the successor exists, empty, and the
        // closed segment still has its zeros.
        var successor = segments.getLast();
        var closed = segments.get(segments.size() - 2);
        Files.write(successor, new byte[0]);
        var unpadded = verify(dir);
        Files.write(closed, new byte[(int) STEP], StandardOpenOption.APPEND);
        assertThat(Files.readAllLines(closed).getLast()).startsWith("\0");

        var padded = verify(dir);
        assertThat(padded).isEqualTo(unpadded);
        assertThat(padded.problem()).isEmpty();
        assertThat(padded.notes()).anyMatch(n -> n.contains("the last segment is empty"));
        for (int chunk : AuditVerifierChunksTest.CHUNK_BYTES) {
            assertThat(AuditVerifier.verify(dir, signer().publicKey(), chunk, 2))
                    .isEqualTo(padded);
        }

        try (var log = open(dir, options)) {
            log.append(event(26));
        }
        assertThat(AuditFixtures.padding(closed)).isZero();
        assertThat(recovered(dir)).isEmpty();
        assertThat(Files.readAllLines(successor).getFirst()).contains("\"n\":26");
        assertThat(verify(dir).problem()).isEmpty();
    }

    @Test
    void aCrashAfterCreatingTheSuccessorButBeforeTheRotationCheckpointResumesInThePaddedSegment() throws Exception {
        var copy = crashCopyAfter(3);
        long lastSeq = 3;
        var segment = AuditFixtures.segments(copy).getLast();
        var successor = copy.resolve(Segments.name(lastSeq + 2));
        Files.createFile(successor);
        assertThat(verify(copy).problem()).isEmpty();

        try (var log = open(copy, options())) {
            assertThat(log.append(event(4))).isEqualTo(5);
        }
        assertThat(successor).doesNotExist();
        assertThat(recovered(copy)).singleElement().satisfies(e -> assertThat(e.fields())
                .containsEntry("reason", "rotation_interrupted"));
        assertThat(Files.readAllLines(segment)).noneMatch(l -> l.contains("\0"));
        assertThat(verify(copy).problem()).isEmpty();
    }
}
