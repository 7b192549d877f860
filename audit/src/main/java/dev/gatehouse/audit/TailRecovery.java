package dev.gatehouse.audit;

import dev.gatehouse.api.audit.AuditEvent;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * Finds where the chain ends when the log is opened, and repairs what a crash can leave behind: a
 * partial last line, or trailing lines whose hash does not match their body. What it cuts is kept
 * in a {@code torn-*.bin} file beside the segments and announced by an {@code audit.recovered}
 * record, never dropped silently.
 *
 * <p>A power cut can also tear the inside of the last batch: the writer writes a batch with one
 * {@code write} and fsyncs it before it writes the next, and the disk may have stored some of that
 * write's sectors and not others, which read back as the padding's zeros. So whole sectors of NUL
 * bytes inside one of the lines the last batch can have written ({@link ChainWriter#maxLinesPerCommit}) mean
 * the same as a torn tail: nothing from there on was acknowledged, and it is cut, kept and
 * announced in the same way. Any other damage followed by intact records (NULs further back, NULs
 * not on sector boundaries, or a changed byte anywhere) is not what a crash leaves and is left for
 * {@code audit verify} to report.
 *
 * <p>The NUL bytes the writer puts after a segment's data ahead of time ({@link SegmentEnd}) are not
 * data: a torn write into them is cut as any torn tail is, and clean padding is simply written over
 * next. A closed segment that still has padding (a crash between a rotation checkpoint and cutting
 * the padding after it) has it cut here.
 */
final class TailRecovery {

    static final String RECOVERED = "audit.recovered";

    /** The smallest unit a disk writes whole; a torn write loses whole sectors. */
    static final int SECTOR = 512;

    private TailRecovery() {}

    /**
     * Where appending resumes.
     *
     * @param dataEnd where the segment's data ends and the next record is written; only zeros follow
     * @param notes {@code audit.recovered} events to append before anything else
     */
    record Head(
            Path segment,
            Instant segmentStarted,
            long lastSeq,
            String lastHash,
            boolean endsWithCheckpoint,
            long dataEnd,
            List<AuditEvent> notes) {}

    /**
     * A line of a segment, parsed (and its hash checked) only when asked: recovery looks at the
     * last few lines of a segment, not at every record in it.
     */
    private record Line(byte[] bytes, int offset, int length, RecordCheck check) {
        Optional<RecordCodec.Parsed> parsed() {
            try {
                return Optional.of(RecordCodec.parse(bytes, offset, length, check));
            } catch (RecordCodec.MalformedRecord e) {
                return Optional.empty();
            }
        }

        boolean intact() {
            return parsed().filter(RecordCodec.Parsed::hashMatches).isPresent();
        }

        /**
         * Whether the line holds a run of NUL bytes that starts and ends on a sector boundary of the
         * file: what a write the disk stored only in part leaves (the sectors it did not store read
         * back as the padding's zeros). Records never hold a NUL, and a few zeroed bytes elsewhere
         * are damage of another kind.
         */
        boolean holdsLostSectors() {
            int end = offset + length;
            for (int i = offset; i < end; i++) {
                if (bytes[i] == 0) {
                    int run = i;
                    while (i < end && bytes[i] == 0) {
                        i++;
                    }
                    if (run % SECTOR == 0 && i % SECTOR == 0) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** Just after the line's newline. */
        int end() {
            return offset + length + 1;
        }
    }

    /** @param options what the log is opened with; its batch size bounds what a power cut can tear */
    static Head recover(Path dir, AuditLogOptions options, Clock clock) throws IOException {
        var segments = Segments.list(dir);
        var now = clock.instant();
        if (segments.isEmpty()) {
            return new Head(dir.resolve(Segments.name(1)), now, 0, RecordCodec.GENESIS, true, 0, List.of());
        }
        var notes = new ArrayList<AuditEvent>();
        var last = segments.getLast();
        var bytes = Files.readAllBytes(last.path());
        int content = SegmentEnd.content(bytes);
        var lines = lines(bytes, content);
        int keep = keptBefore(lines, lines.size());
        int torn = tornInLastBatch(lines, keep, ChainWriter.maxLinesPerCommit(options));
        boolean tornBatch = torn < keep;
        if (tornBatch) {
            keep = keptBefore(lines, torn);
        }
        int keepBytes = keep == 0 ? 0 : lines.get(keep - 1).end();
        Optional<RecordCodec.Parsed> head =
                keep == 0 ? Optional.empty() : lines.get(keep - 1).parsed();
        if (keepBytes < content) {
            int completeCut = lines.size() - keep;
            boolean partial = lines.isEmpty() || lines.getLast().end() < content;
            var saved = cut(dir, last, bytes, keepBytes, content);
            var fields = new LinkedHashMap<String, Object>();
            fields.put("reason", tornBatch ? "torn_batch" : "torn_tail");
            fields.put("segment", last.path().getFileName().toString());
            fields.put("cut_bytes", (long) (content - keepBytes));
            fields.put("cut_complete_lines", (long) completeCut);
            fields.put("partial_line", partial);
            fields.put("kept_through_seq", head.map(RecordCodec.Parsed::seq).orElse(last.firstSeq() - 1));
            fields.put("saved_as", saved.getFileName().toString());
            notes.add(new AuditEvent(now, RECOVERED, ChainWriter.SYSTEM_PRINCIPAL, fields));
        }
        if (head.isPresent()) {
            var h = head.get();
            var started = created(last.path(), now);
            boolean rotated = Checkpoints.TYPE.equals(h.type()) && isRotation(bytes, lines.get(keep - 1));
            if (rotated) {
                // The segment was closed for rotation but its successor is gone (a crash right after
                // rotating, or a deleted file): say so in the record that starts the new one.
                var fields = new LinkedHashMap<String, Object>();
                fields.put("reason", "segment_missing_after_rotation");
                fields.put("after_seq", h.seq());
                notes.add(new AuditEvent(now, RECOVERED, ChainWriter.SYSTEM_PRINCIPAL, fields));
                truncate(last.path(), keepBytes);
                return new Head(dir.resolve(Segments.name(h.seq() + 1)), now, h.seq(), h.hashHex(), true, 0, notes);
            }
            return new Head(
                    last.path(), started, h.seq(), h.hashHex(), Checkpoints.TYPE.equals(h.type()), keepBytes, notes);
        }
        // The last segment holds no data (or was cut to nothing): the chain ends in the one before it.
        if (segments.size() == 1) {
            return new Head(last.path(), now, last.firstSeq() - 1, RecordCodec.GENESIS, true, 0, notes);
        }
        var previous = segments.get(segments.size() - 2);
        var prevBytes = Files.readAllBytes(previous.path());
        int prevContent = SegmentEnd.content(prevBytes);
        var prevLines = lines(prevBytes, prevContent);
        var prevHead = prevLines.isEmpty()
                ? Optional.<RecordCodec.Parsed>empty()
                : prevLines.getLast().parsed();
        if (prevHead.isEmpty()) {
            throw new AuditLogException(
                    AuditLogException.Problem.IO,
                    "the audit log is damaged before its last segment; run 'gatehouse audit verify'",
                    previous.path());
        }
        var p = prevHead.get();
        boolean rotated = Checkpoints.TYPE.equals(p.type()) && isRotation(prevBytes, prevLines.getLast());
        if (!rotated) {
            // The successor was created but the rotation checkpoint never written: the empty file
            // is a leftover of an interrupted rotation; appending resumes in the segment before it.
            Files.delete(last.path());
            Segments.forceDirectory(dir);
            var fields = new LinkedHashMap<String, Object>();
            fields.put("reason", "rotation_interrupted");
            fields.put("removed_empty_segment", last.path().getFileName().toString());
            notes.add(new AuditEvent(now, RECOVERED, ChainWriter.SYSTEM_PRINCIPAL, fields));
            return new Head(
                    previous.path(),
                    created(previous.path(), now),
                    p.seq(),
                    p.hashHex(),
                    Checkpoints.TYPE.equals(p.type()),
                    prevContent,
                    notes);
        }
        // Closed by its rotation checkpoint: a crash before the padding after it was cut leaves it.
        truncate(previous.path(), prevContent);
        var segment = last.firstSeq() == p.seq() + 1 ? last.path() : dir.resolve(Segments.name(p.seq() + 1));
        return new Head(segment, now, p.seq(), p.hashHex(), true, 0, notes);
    }

    /** How many of the first {@code end} lines to keep: up to the last intact one among them. */
    private static int keptBefore(List<Line> lines, int end) {
        int keep = end;
        while (keep > 0 && !lines.get(keep - 1).intact()) {
            keep--;
        }
        return keep;
    }

    /**
     * The first of the last {@code batchLines} lines before {@code end} that holds lost sectors (part
     * of the last batch that never reached the disk), or {@code end} if none does. Earlier
     * lines were acknowledged before the last batch was written, so damage there is not a crash's.
     */
    private static int tornInLastBatch(List<Line> lines, int end, int batchLines) {
        for (int i = Math.max(0, lines.size() - batchLines); i < end; i++) {
            if (lines.get(i).holdsLostSectors()) {
                return i;
            }
        }
        return end;
    }

    /** The complete lines of {@code bytes[0, content)}. */
    private static List<Line> lines(byte[] bytes, int content) {
        var lines = new ArrayList<Line>();
        var check = new RecordCheck();
        Segments.forEachLine(bytes, 0, content, (off, len) -> lines.add(new Line(bytes, off, len, check)));
        return lines;
    }

    /** Cuts the file at {@code length}, durably, if it is longer: a closed segment's padding, or a torn tail. */
    private static void truncate(Path segment, long length) throws IOException {
        try (var ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            if (ch.size() > length) {
                ch.truncate(length);
                ch.force(true);
            }
        }
    }

    /** Keeps {@code bytes[keepBytes, content)} aside and cuts the segment (and any padding) at {@code keepBytes}. */
    private static Path cut(Path dir, Segments.Segment segment, byte[] bytes, int keepBytes, int content)
            throws IOException {
        var saved = dir.resolve("torn-%020d-%d.bin".formatted(segment.firstSeq(), keepBytes));
        Files.deleteIfExists(saved);
        Files.createFile(saved, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (var out = FileChannel.open(saved, StandardOpenOption.WRITE)) {
            var buf = java.nio.ByteBuffer.wrap(bytes, keepBytes, content - keepBytes);
            while (buf.hasRemaining()) {
                out.write(buf);
            }
            out.force(true);
        }
        truncate(segment.path(), keepBytes);
        Segments.forceDirectory(dir);
        return saved;
    }

    private static boolean isRotation(byte[] bytes, Line line) {
        try {
            var reason = RecordCodec.tree(bytes, line.offset(), line.length())
                    .path("fields")
                    .path("reason")
                    .asText();
            return Checkpoints.REASON_ROTATION.equals(reason);
        } catch (RecordCodec.MalformedRecord e) {
            return false;
        }
    }

    /** When the segment was started, for rotation by age: the file's birth time where the file system keeps one. */
    private static Instant created(Path file, Instant now) throws IOException {
        var created = Files.readAttributes(file, BasicFileAttributes.class)
                .creationTime()
                .toInstant();
        return created.isAfter(now) ? now : created;
    }
}
