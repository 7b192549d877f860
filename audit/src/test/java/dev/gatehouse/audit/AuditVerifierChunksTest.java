package dev.gatehouse.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.api.audit.AuditEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verify splits segments into chunks that threads read and check on their own, and joins them in
 * chain order. Whatever the chunk size and the number of threads, the report is the one a single
 * pass over the log gives: the same first problem, counts and notes.
 */
class AuditVerifierChunksTest {

    /** From one byte (a chunk per byte) to bigger than any segment here. */
    static final List<Integer> CHUNK_BYTES = List.of(1, 37, 512, 5000, 1 << 20);

    static final List<Integer> THREADS = List.of(1, 2, 3);

    /** Longer than a chunk's first read past its range, so its chunk must read again. */
    static final int LONG_VALUE = 20_000;

    @TempDir
    Path tmp;

    Path dir;
    CheckpointSigner signer;
    long longRecord;
    long unusualRecord;

    @BeforeEach
    void writeALogOfManySegments() throws Exception {
        dir = tmp.resolve("audit");
        signer = AuditFixtures.signer(tmp.resolve("checkpoint"));
        var seqs = AuditFixtures.writeSmallSegments(dir, signer, 80, AuditVerifierChunksTest::event);
        longRecord = seqs[33];
        unusualRecord = seqs[47];
        assertThat(AuditFixtures.segments(dir)).hasSizeGreaterThan(4);
        assertThat(AuditFixtures.line(dir, longRecord).line()).hasSizeGreaterThan(LONG_VALUE);
        assertThat(AuditFixtures.line(dir, unusualRecord).line()).contains("\"ratio\":3.25");
    }

    /** Mostly ordinary events; one with a very long value, one with a value the byte checks leave to the exact check. */
    static AuditEvent event(int i) {
        if (i == 33) {
            return new AuditEvent(
                    Instant.parse("2026-03-01T10:00:00Z").plusSeconds(i),
                    "tool.call",
                    "key:alice",
                    Map.of("output", "x".repeat(LONG_VALUE), "n", i));
        }
        if (i == 47) {
            return new AuditEvent(
                    Instant.parse("2026-03-01T10:00:00Z").plusSeconds(i),
                    "tool.call",
                    "key:bob",
                    Map.of("ratio", 3.25, "n", i));
        }
        return AuditFixtures.event(i);
    }

    /** Verifies with every chunk size and thread count, requires the same report from each, and returns it. */
    VerificationReport verifyEveryWay() {
        return verifyEveryWay(signer.publicKey());
    }

    VerificationReport verifyEveryWay(PublicKey key) {
        var reference = AuditVerifier.verify(dir, key);
        for (int chunkBytes : CHUNK_BYTES) {
            for (int threads : THREADS) {
                assertThat(AuditVerifier.verify(dir, key, chunkBytes, threads))
                        .as("%d-byte chunks on %d threads", chunkBytes, threads)
                        .isEqualTo(reference);
            }
        }
        return reference;
    }

    VerificationReport.Problem problemEveryWay() {
        var report = verifyEveryWay();
        assertThat(report.intact()).isFalse();
        return report.problem().orElseThrow();
    }

    @Test
    void anIntactLogVerifiesTheSameInChunksOfAnySize() throws Exception {
        var report = verifyEveryWay();
        assertThat(report.problem()).isEmpty();
        long total = AuditFixtures.lines(dir).size();
        assertThat(report.records()).isEqualTo(total);
        assertThat(report.lastSequence()).isEqualTo(total);
        assertThat(report.segments()).isEqualTo(AuditFixtures.segments(dir).size());
        assertThat(report.checkpoints()).isPositive();
    }

    @Test
    void anEditInALaterSegmentIsCaughtAtThatRecordWhileEarlierOnesAreStillBeingChecked() throws Exception {
        var segments = AuditFixtures.segments(dir);
        var third = AuditFixtures.lines(dir).stream()
                .filter(s -> s.segment().equals(segments.get(2)) && s.line().contains("files_read"))
                .skip(1)
                .findFirst()
                .orElseThrow();
        AuditFixtures.replace(third, third.line().replace("files_read", "files_wipe"));
        var p = problemEveryWay();
        assertThat(p.sequence()).isEqualTo(third.seq());
        assertThat(p.kind()).isEqualTo(VerificationReport.Kind.EDITED);
        assertThat(p.segment()).isEqualTo(segments.get(2).getFileName().toString());
    }

    @Test
    void aNewlineSplittingARecordIsCaughtAtThatRecord() throws Exception {
        var target = AuditFixtures.line(dir, 25);
        int middle = target.line().length() / 2;
        AuditFixtures.replace(
                target,
                target.line().substring(0, middle) + "\n" + target.line().substring(middle));
        var p = problemEveryWay();
        assertThat(p.sequence()).isEqualTo(25);
        assertThat(p.kind()).isEqualTo(VerificationReport.Kind.MALFORMED);
    }

    @Test
    void aDeletedFirstRecordOfASegmentIsCaughtWhereItWas() throws Exception {
        var segment = AuditFixtures.segments(dir).get(3);
        var first = AuditFixtures.lines(dir).stream()
                .filter(s -> s.segment().equals(segment))
                .findFirst()
                .orElseThrow();
        AuditFixtures.rewrite(segment, lines -> {
            lines.removeFirst();
            return lines;
        });
        var p = problemEveryWay();
        assertThat(p.sequence()).isEqualTo(first.seq());
        assertThat(p.kind()).isEqualTo(VerificationReport.Kind.OUT_OF_SEQUENCE);
    }

    @Test
    void anEditInsideARecordLongerThanAChunkIsCaughtAtThatRecord() throws Exception {
        var target = AuditFixtures.line(dir, longRecord);
        int middle = target.line().indexOf("xxxx") + LONG_VALUE / 2;
        AuditFixtures.replace(
                target, target.line().substring(0, middle) + "y" + target.line().substring(middle + 1));
        var p = problemEveryWay();
        assertThat(p.sequence()).isEqualTo(longRecord);
        assertThat(p.kind()).isEqualTo(VerificationReport.Kind.EDITED);
    }

    @Test
    void anUnusualValueRespeltWithAMatchingHashIsCaughtAsNotCanonical() throws Exception {
        var target = AuditFixtures.line(dir, unusualRecord);
        var body = target.body();
        var respelt = body.replace("\"ratio\":3.25", "\"ratio\":3.250");
        assertThat(respelt).isNotEqualTo(body);
        AuditFixtures.replace(target, AuditFixtures.rehashedLine(respelt));
        var p = problemEveryWay();
        assertThat(p.sequence()).isEqualTo(unusualRecord);
        assertThat(p.kind()).isEqualTo(VerificationReport.Kind.MALFORMED);
        assertThat(p.detail()).contains("canonical");
    }

    @Test
    void aPartiallyWrittenLastSegmentIsANoteNotAProblem() throws Exception {
        var segments = AuditFixtures.segments(dir);
        var last = segments.getLast();
        long records = AuditFixtures.lines(dir).size();
        var half = AuditFixtures.lines(dir).getLast().line().substring(0, 150);
        Files.writeString(last, half, StandardOpenOption.APPEND);
        var report = verifyEveryWay();
        assertThat(report.problem()).isEmpty();
        assertThat(report.records()).isEqualTo(records);
        assertThat(report.notes()).anyMatch(n -> n.contains("ends in an incomplete line"));
    }

    @Test
    void aPartiallyWrittenEarlierSegmentIsCaughtAtItsFirstRecord() throws Exception {
        var segment = AuditFixtures.segments(dir).get(2);
        var stored = AuditFixtures.lines(dir).stream()
                .filter(s -> s.segment().equals(segment))
                .toList();
        var text = Files.readString(segment);
        var lastLine = stored.getLast().line();
        Files.writeString(segment, text.substring(0, text.length() - lastLine.length() / 2 - 1));
        var p = problemEveryWay();
        assertThat(p.sequence()).isEqualTo(stored.getFirst().seq());
        assertThat(p.kind()).isEqualTo(VerificationReport.Kind.MALFORMED);
        assertThat(p.detail()).contains("incomplete line");
    }

    @Test
    void aForgedSignatureInOneChunkIsReportedBeforeAnEditInALaterOne() throws Exception {
        var forger = FileCheckpointKey.loadOrCreate(tmp.resolve("forger"), new SecureRandom());
        var target = AuditFixtures.line(dir, 11);
        var forged = AuditFixtures.resignedCheckpoint(target, forger);
        var edited = AuditFixtures.lines(dir).stream()
                .filter(s -> s.segment().equals(target.segment()) && s.seq() > 12)
                .findFirst()
                .orElseThrow();
        AuditFixtures.rewrite(target.segment(), lines -> {
            lines.set(target.index(), forged);
            lines.set(edited.index(), edited.line().replace("key:", "kex:"));
            return lines;
        });
        var p = problemEveryWay();
        assertThat(p.sequence()).isEqualTo(11);
        assertThat(p.kind()).isEqualTo(VerificationReport.Kind.BAD_CHECKPOINT);
    }

    @Test
    void aRecordDeletedBeforeACheckpointIsCaughtAsMissingEvenWhenTheCheckpointIsAlsoWrong() throws Exception {
        // Checked against another key, checkpoint 11 is itself bad; but record 10 is missing before
        // it, and that comes first however the lines fall into chunks.
        var other = FileCheckpointKey.loadOrCreate(tmp.resolve("other"), new SecureRandom());
        var target = AuditFixtures.line(dir, 10);
        AuditFixtures.rewrite(target.segment(), lines -> {
            lines.remove(target.index());
            return lines;
        });
        var report = verifyEveryWay(other.publicKey());
        assertThat(report.problem()).hasValueSatisfying(p -> {
            assertThat(p.sequence()).isEqualTo(10);
            assertThat(p.kind()).isEqualTo(VerificationReport.Kind.OUT_OF_SEQUENCE);
        });
    }

    @Test
    void paddingAfterTheDataOfAnySegmentIsNotAProblem() throws Exception {
        var intact = verifyEveryWay();
        for (var segment : AuditFixtures.segments(dir)) {
            Files.write(segment, new byte[7000], StandardOpenOption.APPEND);
        }
        assertThat(verifyEveryWay()).isEqualTo(intact);
    }

    @Test
    void bytesAfterThePaddingOfTheLastSegmentAreCaughtAfterItsLastRecord() throws Exception {
        var last = AuditFixtures.segments(dir).getLast();
        long records = AuditFixtures.lines(dir).size();
        Files.write(last, new byte[7000], StandardOpenOption.APPEND);
        Files.writeString(last, "{\"seq\":999}", StandardOpenOption.APPEND);
        var p = problemEveryWay();
        assertThat(p.sequence()).isEqualTo(records + 1);
        assertThat(p.kind()).isEqualTo(VerificationReport.Kind.MALFORMED);
        assertThat(p.detail()).isEqualTo(AuditVerifier.DATA_AFTER_PADDING);
        assertThat(verifyEveryWay().records()).isEqualTo(records);

        // The same with a whole line after the padding, and with zeros after that line again.
        Files.writeString(last, "\n", StandardOpenOption.APPEND);
        Files.write(last, new byte[300], StandardOpenOption.APPEND);
        var q = problemEveryWay();
        assertThat(q.sequence()).isEqualTo(records + 1);
        assertThat(q.detail()).isEqualTo(AuditVerifier.DATA_AFTER_PADDING);
    }

    @Test
    void bytesAfterThePaddingOfAnEarlierSegmentAreCaughtBeforeTheNextSegment() throws Exception {
        var segment = AuditFixtures.segments(dir).get(2);
        var stored = AuditFixtures.lines(dir).stream()
                .filter(s -> s.segment().equals(segment))
                .toList();
        Files.write(segment, new byte[3000], StandardOpenOption.APPEND);
        Files.writeString(segment, "x", StandardOpenOption.APPEND);
        var p = problemEveryWay();
        assertThat(p.sequence()).isEqualTo(stored.getLast().seq() + 1);
        assertThat(p.kind()).isEqualTo(VerificationReport.Kind.MALFORMED);
        assertThat(p.segment()).isEqualTo(segment.getFileName().toString());
    }

    @Test
    void anEmptyLastSegmentWithBytesAfterItsPaddingIsCaught() throws Exception {
        var segments = AuditFixtures.segments(dir);
        long records = AuditFixtures.lines(dir).size();
        var next = dir.resolve(Segments.name(records + 1));
        Files.write(next, new byte[5000]);
        assertThat(verifyEveryWay().problem()).isEmpty();
        Files.writeString(next, "garbage", StandardOpenOption.APPEND);
        var p = problemEveryWay();
        assertThat(p.kind()).isEqualTo(VerificationReport.Kind.MALFORMED);
        assertThat(p.segment()).isEqualTo(next.getFileName().toString());
        assertThat(segments).doesNotContain(next);
    }

    @Test
    void nulBytesAtTheStartOfALineInTheMiddleOfASegmentAreCaughtAtThatRecord() throws Exception {
        var target = AuditFixtures.line(dir, 25);
        AuditFixtures.replace(target, "\0".repeat(300) + target.line());
        var p = problemEveryWay();
        assertThat(p.sequence()).isEqualTo(25);
        assertThat(p.kind()).isEqualTo(VerificationReport.Kind.MALFORMED);
        assertThat(p.detail()).isEqualTo(AuditVerifier.DATA_AFTER_PADDING);
    }

    @Test
    void recordsZeroedInTheMiddleOfASegmentAreCaughtAtTheFirstOfThem() throws Exception {
        // Records 25 and 26 overwritten with zeros, newlines included: the zeros run into record 27.
        var first = AuditFixtures.line(dir, 25);
        var second = AuditFixtures.line(dir, 26);
        assertThat(second.segment()).isEqualTo(first.segment());
        AuditFixtures.rewrite(first.segment(), lines -> {
            var zeros = "\0".repeat(first.line().length() + 1 + second.line().length() + 1);
            lines.set(first.index() + 2, zeros + lines.get(first.index() + 2));
            lines.remove(first.index() + 1);
            lines.remove(first.index());
            return lines;
        });
        var p = problemEveryWay();
        assertThat(p.sequence()).isEqualTo(25);
        assertThat(p.kind()).isEqualTo(VerificationReport.Kind.MALFORMED);
    }

    @Test
    void aNulInsideALineIsAMalformedLine() throws Exception {
        var target = AuditFixtures.line(dir, 25);
        int middle = target.line().indexOf("files_read") + 3;
        AuditFixtures.replace(
                target,
                target.line().substring(0, middle) + "\0" + target.line().substring(middle + 1));
        var p = problemEveryWay();
        assertThat(p.sequence()).isEqualTo(25);
        assertThat(p.kind()).isEqualTo(VerificationReport.Kind.MALFORMED);
        assertThat(p.detail()).doesNotContain("padding");
    }
}
